"""The database layer: rollback isolation, migrations, the append-only audit log."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from civic.accounts.models import Role, RoleGrant, User
from civic.core import audit
from civic.core.cli import alembic_config
from civic.core.models import AuditEntry
from civic.db import Base, db, include_object
from tests.conftest import TMP, database_url
from tests.factories import UserFactory

CANARY = "canary@example.org"


def test_canary_writes_and_commits_a_user():
    UserFactory(email=CANARY)
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(User.email == CANARY)) == 1


def test_canary_is_gone_in_the_next_test():
    # The previous test committed a row; the rollback after it must have removed it.
    assert db.session.scalar(select(func.count()).where(User.email == CANARY)) == 0


def test_audit_log_refuses_updates_and_deletes(ctx):
    entry = audit.record(None, "test.action", "thing", 1, note="x")
    db.session.commit()
    with pytest.raises(DBAPIError):
        with db.session.begin_nested():
            db.session.execute(
                text("UPDATE audit_log SET action = 'forged' WHERE id = :id"), {"id": entry.id}
            )
    with pytest.raises(DBAPIError):
        with db.session.begin_nested():
            db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": entry.id})
    assert db.session.get(AuditEntry, entry.id).action == "test.action"


def test_department_contact_needs_a_department_in_the_database():
    user = UserFactory()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(RoleGrant(user_id=user.id, role=Role.DEPARTMENT_CONTACT))
            db.session.flush()


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_object": include_object}),
            Base.metadata,
        )
    assert diff == []


def test_migrations_run_down_and_up_again_on_a_fresh_database(app):
    url = database_url()
    if url.startswith("sqlite"):
        target = f"sqlite:///{TMP / 'migrations.sqlite'}"
        (TMP / "migrations.sqlite").unlink(missing_ok=True)
    else:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        name = admin.url.database + "_migrations"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        target = str(admin.url.set(database=name).render_as_string(hide_password=False))
        admin.dispose()
    from civic.db import make_engine

    engine = make_engine(target)
    cfg = alembic_config(engine)
    try:
        command.upgrade(cfg, "head")
        assert "users" in inspect(engine).get_table_names()
        command.downgrade(cfg, "base")
        assert "users" not in inspect(engine).get_table_names()
        command.upgrade(cfg, "head")
        assert "audit_log" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
        if not url.startswith("sqlite"):
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{engine.url.database}"'))
            admin.dispose()


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
