"""Initial schema: accounts, roles, council profiles, districts, topics, settings, pages and
the append-only audit log.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:26:34.995914
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import civic.db

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('name', name=op.f('uq_departments_name'))
    )
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('name', name=op.f('uq_districts_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_districts_slug'))
    )
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_name', sa.String(length=120), nullable=False),
    sa.Column('platform_name', sa.String(length=120), nullable=False),
    sa.Column('tagline_de', sa.String(length=300), nullable=False),
    sa.Column('tagline_en', sa.String(length=300), nullable=False),
    sa.Column('operator_name', sa.String(length=300), nullable=False),
    sa.Column('contact_address', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=60), nullable=False),
    sa.Column('dpo_contact', sa.Text(), nullable=False),
    sa.Column('conciliation_body', sa.Text(), nullable=False),
    sa.Column('primary_color', sa.String(length=7), nullable=False),
    sa.Column('accent_color', sa.String(length=7), nullable=False),
    sa.Column('logo_filename', sa.String(length=80), nullable=True),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings'))
    )
    op.create_table('topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_de', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
    sa.UniqueConstraint('name_de', name=op.f('uq_topics_name_de')),
    sa.UniqueConstraint('name_en', name=op.f('uq_topics_name_en')),
    sa.UniqueConstraint('slug', name=op.f('uq_topics_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_verified_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('pending_email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('about_markdown', sa.Text(), nullable=False),
    sa.Column('about_html', sa.Text(), nullable=False),
    sa.Column('profile_public', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('privacy_consent_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', civic.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_log_object', ['object_type', 'object_id'], unique=False)

    op.create_table('council_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('faction', sa.String(length=120), nullable=False),
    sa.Column('committees', sa.Text(), nullable=False),
    sa.Column('expertise', sa.Text(), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_council_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_council_profiles'))
    )
    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('citizen', 'council_member', 'coordinator', 'department_contact', 'fund_officer', 'moderator', 'admin', name='role', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(role = 'department_contact') = (department_id IS NOT NULL)", name=op.f('ck_role_grants_department_iff_contact')),
    sa.CheckConstraint("role <> 'citizen'", name=op.f('ck_role_grants_citizen_is_implicit')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_role_grants_department_id_departments')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_role_grants_granted_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_grants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants')),
    sa.UniqueConstraint('user_id', 'role', name=op.f('uq_role_grants_user_id_role'))
    )
    op.create_table('site_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('body_markdown', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('updated_at', civic.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_site_pages_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_pages')),
    sa.UniqueConstraint('slug', 'locale', name=op.f('uq_site_pages_slug_locale'))
    )
    op.create_table('council_profile_districts',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_council_profile_districts_district_id_districts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['council_profiles.user_id'], name=op.f('fk_council_profile_districts_profile_id_council_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'district_id', name=op.f('pk_council_profile_districts'))
    )
    op.create_table('council_profile_topics',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['council_profiles.user_id'], name=op.f('fk_council_profile_topics_profile_id_council_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_council_profile_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'topic_id', name=op.f('pk_council_profile_topics'))
    )


    _create_audit_triggers()


def _create_audit_triggers() -> None:
    """The audit log is append-only: the database itself refuses updates and deletes."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def _drop_audit_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def downgrade() -> None:
    _drop_audit_triggers()
    op.drop_table('council_profile_topics')
    op.drop_table('council_profile_districts')
    op.drop_table('site_pages')
    op.drop_table('role_grants')
    op.drop_table('council_profiles')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('users')
    op.drop_table('topics')
    op.drop_table('site_settings')
    op.drop_table('districts')
    op.drop_table('departments')
