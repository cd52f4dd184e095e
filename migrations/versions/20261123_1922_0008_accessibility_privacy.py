"""Accessibility and privacy: feedback sent through the accessibility statement, and the mark
of a deleted (anonymised) account.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 19:22:54.588361
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accessibility_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('page_url', sa.String(length=500), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('new', 'answered', name='feedback_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_accessibility_feedback_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_accessibility_feedback_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_feedback'))
    )
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', civic.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')

    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_user_id'))
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_status'))
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_created_at'))

    op.drop_table('accessibility_feedback')
