"""Soft deletion: projects, comments and updates can be deleted and restored.

Deleting sets ``deleted_at`` and ``deleted_by_id``; the row stays for the moderators, who can
restore it. Comments had ``deleted_at`` already.

On SQLite the columns are added and dropped with ``ALTER TABLE``: rebuilding ``projects`` or
``comments`` (what a batch operation with a new foreign key does) would drop the old table while
foreign keys are enforced, and SQLite would then delete every row that refers to it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 19:24:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ('projects', 'comments', 'project_updates')


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table != 'comments':
                batch_op.add_column(
                    sa.Column('deleted_at', civic.db.UTCDateTime(timezone=True), nullable=True)
                )
            if not sqlite:
                batch_op.add_column(sa.Column('deleted_by_id', sa.Integer(), nullable=True))
                batch_op.create_foreign_key(
                    batch_op.f(f'fk_{table}_deleted_by_id_users'), 'users', ['deleted_by_id'], ['id']
                )
        if sqlite:
            op.execute(
                f'ALTER TABLE {table} ADD COLUMN deleted_by_id INTEGER '
                f'CONSTRAINT fk_{table}_deleted_by_id_users REFERENCES users (id)'
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # ``DROP COLUMN`` (SQLite 3.35+) keeps the tables, their rows and triggers.
        for table in reversed(TABLES):
            op.execute(f'ALTER TABLE {table} DROP COLUMN deleted_by_id')
            if table != 'comments':
                op.execute(f'ALTER TABLE {table} DROP COLUMN deleted_at')
        return
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f'fk_{table}_deleted_by_id_users'), type_='foreignkey'
            )
            batch_op.drop_column('deleted_by_id')
            if table != 'comments':
                batch_op.drop_column('deleted_at')
