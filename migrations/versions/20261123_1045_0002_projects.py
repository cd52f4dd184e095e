"""Projects: team, supports, needs and offers, phase requests, plan versions, milestones,
timeline; gate criteria in the site settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:45:29.763319
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('description_markdown', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('concept_markdown', sa.Text(), nullable=False),
    sa.Column('concept_html', sa.Text(), nullable=False),
    sa.Column('phase', sa.Enum('initiation', 'development', 'implementation', name='project_phase', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('state', sa.Enum('draft', 'active', 'paused', 'completed', 'withdrawn', name='project_state', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('image_filename', sa.String(length=80), nullable=True),
    sa.Column('image_alt', sa.String(length=200), nullable=False),
    sa.Column('location_name', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('final_report_markdown', sa.Text(), nullable=False),
    sa.Column('final_report_html', sa.Text(), nullable=False),
    sa.Column('final_cost_cents', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('department_contact_id', sa.Integer(), nullable=True),
    sa.Column('featured', sa.Boolean(), nullable=False),
    sa.Column('supporter_count', sa.Integer(), nullable=False),
    sa.Column('member_count', sa.Integer(), nullable=False),
    sa.Column('open_need_count', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state = 'draft' OR published_at IS NOT NULL", name=op.f('ck_projects_published_has_date')),
    sa.CheckConstraint('(latitude IS NULL) = (longitude IS NULL)', name=op.f('ck_projects_location_complete')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_projects_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_contact_id'], ['users.id'], name=op.f('fk_projects_department_contact_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index('ix_projects_list_active', ['state', 'last_activity_at', 'id'], unique=False)
        batch_op.create_index('ix_projects_list_newest', ['state', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_projects_list_supporters', ['state', 'supporter_count', 'id'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='invitation_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_invitations_accepted_by_id_users')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_invitations_invited_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_invitations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_project_id'), ['project_id'], unique=False)

    op.create_table('join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='join_request_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_join_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_join_requests_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_join_requests_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_join_requests')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_join_requests_project_id_user_id'))
    )
    with op.batch_alter_table('join_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_requests_user_id'), ['user_id'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('done_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_note', sa.String(length=500), nullable=False),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('done_at IS NULL OR done_by_id IS NOT NULL', name=op.f('ck_milestones_done_has_actor')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_milestones_done_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_milestones_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones'))
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestones_project_id'), ['project_id'], unique=False)

    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('planning', 'expertise', 'publicity', 'financing', 'rooms', 'material', 'other', name='need_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description_markdown', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'met', 'closed', name='need_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name=op.f('ck_needs_closed_has_date')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_needs_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_needs_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index('ix_needs_board', ['status', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_project_id'), ['project_id'], unique=False)

    op.create_table('phase_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Enum('development', 'implementation', 'completed', name='phase_step', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='phase_request_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status = 'pending' OR decided_at IS NOT NULL", name=op.f('ck_phase_requests_decided_has_date')),
    sa.CheckConstraint("status NOT IN ('accepted', 'declined') OR decided_by_id IS NOT NULL", name=op.f('ck_phase_requests_decision_has_actor')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_phase_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_phase_requests_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_phase_requests_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase_requests'))
    )
    with op.batch_alter_table('phase_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phase_requests_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_phase_requests_queue', ['status', 'created_at'], unique=False)

    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('team_roles', sa.Text(), nullable=False),
    sa.Column('risks', sa.Text(), nullable=False),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('partners', sa.Text(), nullable=False),
    sa.Column('milestones', sa.JSON(), nullable=False),
    sa.Column('cost_lines', sa.JSON(), nullable=False),
    sa.Column('own_contribution_cents', sa.Integer(), nullable=False),
    sa.Column('other_funding_cents', sa.Integer(), nullable=False),
    sa.Column('other_funding_note', sa.String(length=300), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plan_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_plan_versions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('project_id', 'number', name=op.f('uq_plan_versions_project_id_number'))
    )
    op.create_table('project_districts',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_project_districts_district_id_districts')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_districts_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'district_id', name=op.f('pk_project_districts'))
    )
    with op.batch_alter_table('project_districts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_districts_district_id'), ['district_id'], unique=False)

    op.create_table('project_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('initiator', 'member', name='member_role', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('task', sa.String(length=120), nullable=False),
    sa.Column('joined_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_members_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_project_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_members')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_project_members_project_id_user_id'))
    )
    with op.batch_alter_table('project_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_members_user_id'), ['user_id'], unique=False)

    op.create_table('project_topics',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_topics_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_project_topics_topic_id_topics')),
    sa.PrimaryKeyConstraint('project_id', 'topic_id', name=op.f('pk_project_topics'))
    )
    with op.batch_alter_table('project_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_topics_topic_id'), ['topic_id'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_supports_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_supports_project_id_user_id'))
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supports_user_id'), ['user_id'], unique=False)

    op.create_table('timeline_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_value', sa.String(length=200), nullable=False),
    sa.Column('to_value', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_timeline_entries_actor_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_timeline_entries_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_entries'))
    )
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_project', ['project_id', 'created_at', 'id'], unique=False)

    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='offer_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_offers_decided_by_id_users')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_offers_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_offers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
    sa.UniqueConstraint('need_id', 'user_id', name=op.f('uq_offers_need_id_user_id'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gate_min_team_size', sa.Integer(), nullable=False, server_default='3'))
        batch_op.add_column(sa.Column('gate_min_concept_chars', sa.Integer(), nullable=False, server_default='200'))
        batch_op.add_column(sa.Column('gate_min_report_chars', sa.Integer(), nullable=False, server_default='200'))



def downgrade() -> None:
    with op.batch_alter_table('site_settings', schema=None) as batch_op:
        batch_op.drop_column('gate_min_report_chars')
        batch_op.drop_column('gate_min_concept_chars')
        batch_op.drop_column('gate_min_team_size')

    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_user_id'))

    op.drop_table('offers')
    with op.batch_alter_table('timeline_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_project')

    op.drop_table('timeline_entries')
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supports_user_id'))

    op.drop_table('supports')
    with op.batch_alter_table('project_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_topics_topic_id'))

    op.drop_table('project_topics')
    with op.batch_alter_table('project_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_members_user_id'))

    op.drop_table('project_members')
    with op.batch_alter_table('project_districts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_districts_district_id'))

    op.drop_table('project_districts')
    op.drop_table('plan_versions')
    with op.batch_alter_table('phase_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_phase_requests_queue')
        batch_op.drop_index(batch_op.f('ix_phase_requests_project_id'))

    op.drop_table('phase_requests')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_project_id'))
        batch_op.drop_index('ix_needs_board')

    op.drop_table('needs')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestones_project_id'))

    op.drop_table('milestones')
    with op.batch_alter_table('join_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_join_requests_user_id'))

    op.drop_table('join_requests')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_project_id'))

    op.drop_table('invitations')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_list_supporters')
        batch_op.drop_index('ix_projects_list_newest')
        batch_op.drop_index('ix_projects_list_active')

    op.drop_table('projects')
