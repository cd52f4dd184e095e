"""Soft deletion: projects, comments and updates can be deleted and restored.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 19:24:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
