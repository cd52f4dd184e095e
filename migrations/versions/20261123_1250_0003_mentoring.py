"""Mentoring: mentorships of council members, the workspace of a project (messages,
introductions, hurdles, political questions, mediation requests); conflicts of interest and
capacity on council profiles.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:50:38.744904
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hurdles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'in_progress', 'solved', name='hurdle_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('solved_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(status = 'solved') = (solved_at IS NOT NULL)", name=op.f('ck_hurdles_solved_has_date')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_hurdles_assignee_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_hurdles_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_hurdles_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hurdles'))
    )
    with op.batch_alter_table('hurdles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hurdles_project_id'), ['project_id'], unique=False)

    op.create_table('introductions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('group', 'company', 'sponsor', 'department', 'other', name='introduction_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('outcome_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_introductions_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_introductions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_introductions'))
    )
    with op.batch_alter_table('introductions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_introductions_project_id'), ['project_id'], unique=False)

    op.create_table('mediation_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='mediation_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_mediation_requests_closed_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_mediation_requests_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_mediation_requests_requester_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_requests'))
    )
    with op.batch_alter_table('mediation_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_requests_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mediation_requests_requester_id'), ['requester_id'], unique=False)

    op.create_table('mentorships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Enum('team', 'mentor', name='mentorship_origin', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('status', sa.Enum('pending', 'active', 'declined', 'withdrawn', 'ended', name='mentorship_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=False),
    sa.Column('started_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("status <> 'active' OR started_at IS NOT NULL", name=op.f('ck_mentorships_active_has_start')),
    sa.CheckConstraint("status <> 'ended' OR ended_at IS NOT NULL", name=op.f('ck_mentorships_ended_has_end')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_mentorships_answered_by_id_users')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_mentorships_asked_by_id_users')),
    sa.ForeignKeyConstraint(['ended_by_id'], ['users.id'], name=op.f('fk_mentorships_ended_by_id_users')),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_mentorships_mentor_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_mentorships_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentorships'))
    )
    with op.batch_alter_table('mentorships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorships_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorships_project_id'), ['project_id'], unique=False)
        batch_op.create_index('uq_mentorships_open', ['project_id', 'mentor_id'], unique=True, sqlite_where=sa.text("status IN ('pending', 'active')"), postgresql_where=sa.text("status IN ('pending', 'active')"))

    op.create_table('political_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'brought', 'answered', name='question_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('council_reference', sa.String(length=120), nullable=False),
    sa.Column('brought_on', sa.Date(), nullable=True),
    sa.Column('answer_markdown', sa.Text(), nullable=False),
    sa.Column('answer_html', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("NOT is_public OR status = 'answered'", name=op.f('ck_political_questions_public_when_answered')),
    sa.CheckConstraint("status <> 'answered' OR (answer_markdown <> '' AND answered_on IS NOT NULL)", name=op.f('ck_political_questions_answered_has_answer')),
    sa.CheckConstraint("status = 'open' OR (council_reference <> '' AND brought_on IS NOT NULL) OR status = 'answered'", name=op.f('ck_political_questions_brought_has_reference')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_political_questions_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_political_questions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_political_questions'))
    )
    with op.batch_alter_table('political_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_political_questions_project_id'), ['project_id'], unique=False)

    op.create_table('workspace_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('mediation_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body_markdown', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_workspace_messages_author_id_users')),
    sa.ForeignKeyConstraint(['mediation_id'], ['mediation_requests.id'], name=op.f('fk_workspace_messages_mediation_id_mediation_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_workspace_messages_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspace_messages'))
    )
    with op.batch_alter_table('workspace_messages', schema=None) as batch_op:
        batch_op.create_index('ix_workspace_messages_thread', ['project_id', 'mediation_id', 'id'], unique=False)

    with op.batch_alter_table('council_profiles', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('conflicts_of_interest', sa.Text(), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('mentoring_open', sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column('mentor_capacity', sa.Integer(), nullable=False, server_default='3')
        )
        batch_op.add_column(
            sa.Column('mentee_count', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.create_check_constraint(
            op.f('ck_council_profiles_capacity_range'), 'mentor_capacity BETWEEN 0 AND 50')
        batch_op.create_check_constraint(
            op.f('ck_council_profiles_mentee_count_positive'), 'mentee_count >= 0')



def downgrade() -> None:
    with op.batch_alter_table('council_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_council_profiles_mentee_count_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_council_profiles_capacity_range'), type_='check')
        batch_op.drop_column('mentee_count')
        batch_op.drop_column('mentor_capacity')
        batch_op.drop_column('mentoring_open')
        batch_op.drop_column('conflicts_of_interest')

    with op.batch_alter_table('workspace_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_workspace_messages_thread')

    op.drop_table('workspace_messages')
    with op.batch_alter_table('political_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_political_questions_project_id'))

    op.drop_table('political_questions')
    with op.batch_alter_table('mentorships', schema=None) as batch_op:
        batch_op.drop_index('uq_mentorships_open', sqlite_where=sa.text("status IN ('pending', 'active')"), postgresql_where=sa.text("status IN ('pending', 'active')"))
        batch_op.drop_index(batch_op.f('ix_mentorships_project_id'))
        batch_op.drop_index(batch_op.f('ix_mentorships_mentor_id'))

    op.drop_table('mentorships')
    with op.batch_alter_table('mediation_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mediation_requests_requester_id'))
        batch_op.drop_index(batch_op.f('ix_mediation_requests_project_id'))

    op.drop_table('mediation_requests')
    with op.batch_alter_table('introductions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_introductions_project_id'))

    op.drop_table('introductions')
    with op.batch_alter_table('hurdles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hurdles_project_id'))

    op.drop_table('hurdles')
