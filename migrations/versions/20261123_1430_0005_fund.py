"""The citizen-projects fund: funds per year, applications, reviews, payments, receipts of the
proof of use, and each application's history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 13:26:42.558919
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('funds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('budget_cents', sa.Integer(), nullable=False),
    sa.Column('max_per_project_cents', sa.Integer(), nullable=False),
    sa.Column('four_eyes_cents', sa.Integer(), nullable=False),
    sa.Column('call_opens_on', sa.Date(), nullable=False),
    sa.Column('call_closes_on', sa.Date(), nullable=False),
    sa.Column('required_documents', sa.Text(), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('committed_cents', sa.Integer(), nullable=False),
    sa.Column('paid_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget_cents > 0', name=op.f('ck_funds_budget_positive')),
    sa.CheckConstraint('call_closes_on >= call_opens_on', name=op.f('ck_funds_call_in_order')),
    sa.CheckConstraint('committed_cents >= 0 AND committed_cents <= budget_cents', name=op.f('ck_funds_within_budget')),
    sa.CheckConstraint('four_eyes_cents >= 0', name=op.f('ck_funds_four_eyes_not_negative')),
    sa.CheckConstraint('max_per_project_cents > 0', name=op.f('ck_funds_max_positive')),
    sa.CheckConstraint('paid_cents >= 0 AND paid_cents <= committed_cents', name=op.f('ck_funds_paid_committed')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funds')),
    sa.UniqueConstraint('year', name=op.f('uq_funds_year'))
    )
    op.create_table('fund_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'formal_check', 'returned', 'in_review', 'awaiting_confirmation', 'approved', 'partially_approved', 'rejected', 'withdrawn', 'proof_submitted', 'closed', name='application_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('requested_cents', sa.Integer(), nullable=False),
    sa.Column('cost_lines', sa.JSON(), nullable=False),
    sa.Column('own_contribution_cents', sa.Integer(), nullable=False),
    sa.Column('other_funding_cents', sa.Integer(), nullable=False),
    sa.Column('other_funding_note', sa.Text(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('return_message', sa.Text(), nullable=False),
    sa.Column('proposed_outcome', sa.Enum('approve', 'partial', 'reject', name='fund_outcome', native_enum=False, create_constraint=True, length=30), nullable=True),
    sa.Column('proposed_cents', sa.Integer(), nullable=True),
    sa.Column('proposed_reason', sa.Text(), nullable=False),
    sa.Column('proposed_conditions', sa.Text(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_cents', sa.Integer(), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('paid_cents', sa.Integer(), nullable=False),
    sa.Column('report_markdown', sa.Text(), nullable=False),
    sa.Column('report_html', sa.Text(), nullable=False),
    sa.Column('spent_cents', sa.Integer(), nullable=True),
    sa.Column('proof_submitted_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('proof_message', sa.Text(), nullable=False),
    sa.Column('reclaimed_cents', sa.Integer(), nullable=False),
    sa.Column('closed_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status NOT IN ('approved', 'partially_approved', 'proof_submitted', 'closed') OR (decided_at IS NOT NULL AND decision_reason <> '')", name=op.f('ck_fund_applications_decision_has_reason')),
    sa.CheckConstraint('approved_cents >= 0', name=op.f('ck_fund_applications_approved_not_negative')),
    sa.CheckConstraint('paid_cents >= 0 AND paid_cents <= approved_cents', name=op.f('ck_fund_applications_paid_approved')),
    sa.CheckConstraint('reclaimed_cents >= 0', name=op.f('ck_fund_applications_reclaimed_not_negative')),
    sa.CheckConstraint('requested_cents > 0', name=op.f('ck_fund_applications_requested_positive')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_fund_applications_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['contact_id'], ['users.id'], name=op.f('fk_fund_applications_contact_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_fund_applications_created_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_fund_applications_decided_by_id_users')),
    sa.ForeignKeyConstraint(['fund_id'], ['funds.id'], name=op.f('fk_fund_applications_fund_id_funds')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_fund_applications_project_id_projects')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_fund_applications_proposed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_applications'))
    )
    with op.batch_alter_table('fund_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_applications_fund_id'), ['fund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_applications_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_fund_applications_queue', ['fund_id', 'status', 'submitted_at'], unique=False)

    op.create_table('fund_application_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=False),
    sa.Column('to_status', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('amount_cents', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_fund_application_entries_actor_id_users')),
    sa.ForeignKeyConstraint(['application_id'], ['fund_applications.id'], name=op.f('fk_fund_application_entries_application_id_fund_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_application_entries'))
    )
    with op.batch_alter_table('fund_application_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_application_entries_application_id'), ['application_id'], unique=False)

    op.create_table('fund_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_fund_payments_amount_positive')),
    sa.ForeignKeyConstraint(['application_id'], ['fund_applications.id'], name=op.f('fk_fund_payments_application_id_fund_applications')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_fund_payments_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_payments'))
    )
    with op.batch_alter_table('fund_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_payments_application_id'), ['application_id'], unique=False)

    op.create_table('fund_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['fund_applications.id'], name=op.f('fk_fund_receipts_application_id_fund_applications')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_fund_receipts_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_receipts')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_fund_receipts_stored_name'))
    )
    with op.batch_alter_table('fund_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_receipts_application_id'), ['application_id'], unique=False)

    op.create_table('fund_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['fund_applications.id'], name=op.f('fk_fund_reviews_application_id_fund_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_fund_reviews_officer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_reviews')),
    sa.UniqueConstraint('application_id', 'officer_id', name=op.f('uq_fund_reviews_application_id_officer_id'))
    )
    with op.batch_alter_table('fund_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_reviews_application_id'), ['application_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('fund_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_reviews_application_id'))

    op.drop_table('fund_reviews')
    with op.batch_alter_table('fund_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_receipts_application_id'))

    op.drop_table('fund_receipts')
    with op.batch_alter_table('fund_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_payments_application_id'))

    op.drop_table('fund_payments')
    with op.batch_alter_table('fund_application_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_application_entries_application_id'))

    op.drop_table('fund_application_entries')
    with op.batch_alter_table('fund_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_fund_applications_queue')
        batch_op.drop_index(batch_op.f('ix_fund_applications_project_id'))
        batch_op.drop_index(batch_op.f('ix_fund_applications_fund_id'))

    op.drop_table('fund_applications')
    op.drop_table('funds')
