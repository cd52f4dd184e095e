"""Account security: the optional second factor (TOTP) of staff accounts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 19:23:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
