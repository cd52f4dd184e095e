"""Speed at city scale: partial indexes that serve the public project list in each order, an
index of a project's comments in display order, one of featured projects, and a cache table
shared by every server.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 19:38:15.352033
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


LISTED = sa.text("hidden_at IS NULL AND state IN ('active', 'paused', 'completed')")


def upgrade() -> None:
    op.create_table('cache_entries',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('computed_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_cache_entries'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_top_level', ['project_id', 'created_at', 'id'], unique=False, postgresql_where=sa.text('parent_id IS NULL'), sqlite_where=sa.text('parent_id IS NULL'))

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index('ix_projects_featured', ['featured', 'last_activity_at', 'id'], unique=False)
        batch_op.create_index('ix_projects_listed_active', ['last_activity_at', 'id'], unique=False, postgresql_where=LISTED, sqlite_where=LISTED)
        batch_op.create_index('ix_projects_listed_newest', ['published_at', 'id'], unique=False, postgresql_where=LISTED, sqlite_where=LISTED)
        batch_op.create_index('ix_projects_listed_supporters', ['supporter_count', 'id'], unique=False, postgresql_where=LISTED, sqlite_where=LISTED)


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_listed_supporters', postgresql_where=LISTED, sqlite_where=LISTED)
        batch_op.drop_index('ix_projects_listed_newest', postgresql_where=LISTED, sqlite_where=LISTED)
        batch_op.drop_index('ix_projects_listed_active', postgresql_where=LISTED, sqlite_where=LISTED)
        batch_op.drop_index('ix_projects_featured')

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_top_level', postgresql_where=sa.text('parent_id IS NULL'), sqlite_where=sa.text('parent_id IS NULL'))

    op.drop_table('cache_entries')
