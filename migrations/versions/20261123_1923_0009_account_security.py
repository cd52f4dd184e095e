"""Account security: the optional second factor (TOTP) of staff accounts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 19:23:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_totp',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=255), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_totp_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_user_totp'))
    )
    op.create_table('totp_recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_totp_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_totp_recovery_codes')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_totp_recovery_codes_code_hash'))
    )
    with op.batch_alter_table('totp_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_totp_recovery_codes_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('totp_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_totp_recovery_codes_user_id'))

    op.drop_table('totp_recovery_codes')
    op.drop_table('user_totp')
