"""One per person: database unique constraints behind every rule that a person may do a thing
only once.

Supports, join requests, offers, follows, event registrations, open reports, open mentorship
requests and reviews had their constraints already. Added here: one phase request waiting per
project, one invitation waiting per address and project, and one application alive (not
withdrawn or rejected) per project and fund.

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

PENDING = "status = 'pending'"
ALIVE = "status NOT IN ('withdrawn', 'rejected')"


def upgrade() -> None:
    with op.batch_alter_table('phase_requests', schema=None) as batch_op:
        batch_op.create_index('uq_phase_requests_pending', ['project_id'], unique=True, sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index('uq_invitations_pending', ['project_id', 'email'], unique=True, sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
    with op.batch_alter_table('fund_applications', schema=None) as batch_op:
        batch_op.create_index('uq_fund_applications_alive', ['project_id', 'fund_id'], unique=True, sqlite_where=sa.text(ALIVE), postgresql_where=sa.text(ALIVE))


def downgrade() -> None:
    with op.batch_alter_table('fund_applications', schema=None) as batch_op:
        batch_op.drop_index('uq_fund_applications_alive', sqlite_where=sa.text(ALIVE), postgresql_where=sa.text(ALIVE))
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('uq_invitations_pending', sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
    with op.batch_alter_table('phase_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_phase_requests_pending', sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
