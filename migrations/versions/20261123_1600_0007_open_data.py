"""Open data: the map settings of the city, and the full-text index of projects (an FTS5
table on SQLite, a tsvector table with a GIN index on PostgreSQL; see civic/projects/search.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:01:22.798949
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('map_tile_url', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('map_attribution', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('map_latitude', sa.Double(), nullable=False, server_default='51.1657'))
        batch_op.add_column(sa.Column('map_longitude', sa.Double(), nullable=False, server_default='10.4515'))
        batch_op.add_column(sa.Column('map_zoom', sa.Integer(), nullable=False, server_default='12'))

    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # Stems (German Snowball, computed in Python) of title, summary and the rest.
        op.execute(
            "CREATE VIRTUAL TABLE project_fts USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER project_fts_delete AFTER DELETE ON projects BEGIN "
            "DELETE FROM project_fts WHERE rowid = old.id; END"
        )
    else:
        op.execute(
            "CREATE TABLE project_search ("
            "project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE, "
            "title_vector tsvector NOT NULL, document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_project_search_document ON project_search USING gin (document)")

    from civic.projects import search

    search.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        op.execute("DROP TRIGGER project_fts_delete")
        op.execute("DROP TABLE project_fts")
    else:
        op.execute("DROP TABLE project_search")

    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.drop_column('map_zoom')
        batch_op.drop_column('map_longitude')
        batch_op.drop_column('map_latitude')
        batch_op.drop_column('map_attribution')
        batch_op.drop_column('map_tile_url')
