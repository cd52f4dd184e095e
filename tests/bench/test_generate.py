"""The benchmark's city (bench/generate.py): the sizes asked for, counters and money that add
up as the operations keep them, time that runs forwards, a search that finds what was
generated, pages that render on it, and the same data for the same seed.

Each city lives in a database of its own (a SQLite file, or a PostgreSQL database created next
to ``TEST_DATABASE_URL`` and dropped afterwards); the harness's connection is unbound while a
second application serves pages from it, and bound again afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import aliased

import civic.models  # noqa: F401 - every table on the metadata
from bench import generate
from bench.generate import DatabaseNotEmpty, Sizes, Summary
from civic import create_app
from civic.accounts.models import User
from civic.db import Base, db, make_engine
from civic.events.models import Event, EventRegistration
from civic.fund.models import Application, Fund, Payment
from civic.fund.workflow import FUNDED, Status
from civic.moderation.models import ModerationAction
from civic.participation.models import Comment
from civic.projects.models import Membership, Need, Project, Support
from tests.helpers import login, text_of

SIZES = Sizes(
    users=200,
    projects=300,
    comments=3_000,
    supports=1_500,
    needs=60,
    applications=40,
    events=20,
)
NOW = datetime(2026, 11, 23, tzinfo=UTC)
SEED = 7


def quiet(_line: str) -> None:
    """Generation logs nothing during tests."""


@contextmanager
def fresh_database(directory: Path, name: str) -> Iterator[str]:
    """An empty database: a SQLite file, or a PostgreSQL database beside TEST_DATABASE_URL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{directory / f'{name}.sqlite'}"
        return
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    database = f"{admin.url.database}_{name}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        yield admin.url.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Generated:
    url: str
    summary: Summary
    rows: dict[str, list[tuple]]  # as generated, before any test signed in


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    with fresh_database(tmp_path_factory.mktemp("bench"), "bench_city") as url:
        summary = generate.generate(url, SIZES, seed=SEED, now=NOW, log=quiet)
        yield Generated(url, summary, dump(url))


@pytest.fixture(scope="module")
def engine(city: Generated) -> Iterator[Engine]:
    engine = make_engine(city.url)
    yield engine
    engine.dispose()


def scalar(engine: Engine, statement) -> int:
    with engine.connect() as connection:
        return connection.scalar(statement)


@pytest.fixture
def site(app: Flask, city: Generated, tmp_path: Path) -> Iterator[FlaskClient]:
    """A test client of an application serving the generated city."""
    bound = db._test_connection  # noqa: SLF001 - restored exactly in the finally below
    db.bind_for_tests(None)
    try:
        second = create_app(
            {
                **{key: app.config[key] for key in ("ENV_NAME", "BASE_URL", "SERVER_NAME")},
                "TESTING": True,
                "DATABASE_URL": city.url,
                "UPLOAD_DIR": tmp_path / "uploads",
                "INSTANCE_DIR": tmp_path,
            }
        )
        with second.app_context():
            second_engine = db.engine
        try:
            yield second.test_client()
        finally:
            second_engine.dispose()
    finally:
        db.bind_for_tests(bound)


# --- what was asked for -----------------------------------------------------------------------


def test_the_sizes_asked_for_are_in_the_database(city, engine):
    summary = city.summary
    tables = {
        "users": SIZES.users,
        "projects": SIZES.projects,
        "comments": SIZES.comments,
        "supports": SIZES.supports,
        "needs": SIZES.needs,
        "fund_applications": SIZES.applications,
        "events": SIZES.events,
    }
    for table, size in tables.items():
        assert summary.counts[table] == size, table
        assert scalar(engine, text(f"SELECT COUNT(*) FROM {table}")) == size, table  # noqa: S608
    # The staff of the platform, each with the password printed at the end.
    assert {"admin", "coordinator", "council_member", "fund_officer", "moderator"} <= set(
        summary.staff
    )
    assert summary.password == generate.PASSWORD
    assert summary.citizen_email.endswith("@bench.civic.example")


def test_projects_are_spread_over_every_phase_and_state(engine):
    with engine.connect() as connection:
        states = dict(
            connection.execute(select(Project.state, func.count()).group_by(Project.state)).all()
        )
        phases = dict(
            connection.execute(select(Project.phase, func.count()).group_by(Project.phase)).all()
        )
        hidden = connection.scalar(
            select(func.count()).select_from(Project).where(Project.hidden_at.is_not(None))
        )
        hidden += connection.scalar(
            select(func.count()).select_from(Comment).where(Comment.hidden_at.is_not(None))
        )
        actions = connection.scalar(select(func.count()).select_from(ModerationAction))
        placed = connection.scalar(
            select(func.count()).select_from(Project).where(Project.latitude.is_not(None))
        )
    assert set(states) == {"draft", "active", "paused", "completed", "withdrawn"}
    assert states["active"] > SIZES.projects / 2
    assert set(phases) == {"initiation", "development", "implementation"}
    assert 0.45 < placed / SIZES.projects < 0.75
    # What moderators hid, each with the moderator's decision on record.
    assert actions == hidden > 0


# --- the rules the operations keep ------------------------------------------------------------


def test_the_maintained_counters_equal_the_rows(engine):
    def count_of(model, key, *where):
        return (
            select(func.count())
            .select_from(model)
            .where(key == Project.id, *where)
            .correlate(Project)
            .scalar_subquery()
        )

    with engine.connect() as connection:
        wrong_projects = connection.scalar(
            select(func.count())
            .select_from(Project)
            .where(
                (Project.supporter_count != count_of(Support, Support.project_id))
                | (Project.member_count != count_of(Membership, Membership.project_id))
                | (
                    Project.open_need_count
                    != count_of(Need, Need.project_id, Need.status == "open")
                )
            )
        )
        reply = aliased(Comment)
        replies = (
            select(func.count())
            .select_from(reply)
            .where(reply.parent_id == Comment.id)
            .correlate(Comment)
            .scalar_subquery()
        )
        wrong_comments = connection.scalar(
            select(func.count()).select_from(Comment).where(Comment.reply_count != replies)
        )

        def seats(status: str):
            return (
                select(func.count())
                .select_from(EventRegistration)
                .where(EventRegistration.event_id == Event.id, EventRegistration.status == status)
                .correlate(Event)
                .scalar_subquery()
            )

        wrong_events = connection.scalar(
            select(func.count())
            .select_from(Event)
            .where(
                (Event.registered_count != seats("registered"))
                | (Event.waiting_count != seats("waiting"))
            )
        )
        replies_total = connection.scalar(
            select(func.count()).select_from(Comment).where(Comment.parent_id.is_not(None))
        )
        waiting = connection.scalar(select(func.sum(Event.waiting_count)))
    assert (wrong_projects, wrong_comments, wrong_events) == (0, 0, 0)
    assert replies_total > SIZES.comments / 10
    assert waiting > 0


def test_time_runs_forwards(engine):
    parent = aliased(Comment)
    with engine.connect() as connection:
        checks = {
            "comment before its project was published": select(func.count())
            .select_from(Comment)
            .join(Project, Project.id == Comment.project_id)
            .where(Comment.created_at < Project.published_at),
            "reply before its comment": select(func.count())
            .select_from(Comment)
            .join(parent, parent.id == Comment.parent_id)
            .where(Comment.created_at < parent.created_at),
            "comment before its author registered": select(func.count())
            .select_from(Comment)
            .join(User, User.id == Comment.author_id)
            .where(Comment.created_at < User.created_at),
            "support before its supporter registered": select(func.count())
            .select_from(Support)
            .join(User, User.id == Support.user_id)
            .where(Support.created_at < User.created_at),
            "activity before the project was written": select(func.count())
            .select_from(Project)
            .where(Project.last_activity_at < Project.created_at),
            "in the future": select(func.count())
            .select_from(Comment)
            .where(Comment.created_at > NOW),
        }
        found = {name: connection.scalar(check) for name, check in checks.items()}
    assert found == dict.fromkeys(checks, 0)


def test_the_fund_money_adds_up_as_the_operations_would_leave_it(engine):
    with engine.connect() as connection:
        funds = connection.execute(select(Fund)).all()
        applications = connection.execute(select(Application)).all()
        payments = connection.execute(
            select(Payment.application_id, func.sum(Payment.amount_cents)).group_by(
                Payment.application_id
            )
        ).all()
    paid = dict(payments)
    assert len(funds) >= 2
    current = max(funds, key=lambda fund: fund.year)
    assert {a.status for a in applications if a.fund_id == current.id} == set(Status)
    for fund in funds:
        mine = [a for a in applications if a.fund_id == fund.id]
        committed = sum(a.approved_cents for a in mine if a.status in FUNDED)
        committed += sum(a.spent_cents for a in mine if a.status is Status.CLOSED)
        assert fund.committed_cents == committed
        assert fund.paid_cents == sum(a.paid_cents - a.reclaimed_cents for a in mine)
        assert 0 <= fund.paid_cents <= fund.committed_cents <= fund.budget_cents
    for a in applications:
        fund = next(f for f in funds if f.id == a.fund_id)
        assert a.paid_cents == paid.get(a.id, 0) <= a.approved_cents
        assert 0 < a.requested_cents <= fund.max_per_project_cents
        lines = sum(line["amount_cents"] for line in a.cost_lines)
        assert lines == a.requested_cents + a.own_contribution_cents + a.other_funding_cents
        if a.status is Status.PARTIALLY_APPROVED:
            assert 0 < a.approved_cents < a.requested_cents
        if a.status in (*FUNDED, Status.CLOSED, Status.REJECTED):
            assert a.decision_reason and a.decided_at is not None
            assert (a.confirmed_by_id is not None) == (a.approved_cents > fund.four_eyes_cents)
        if a.status is Status.CLOSED:
            assert a.spent_cents <= a.paid_cents
            assert a.reclaimed_cents == a.paid_cents - a.spent_cents
        if a.status is Status.AWAITING_CONFIRMATION:
            assert a.proposed_cents > fund.four_eyes_cents and a.decided_at is None


# --- what people see ----------------------------------------------------------------------------


def test_the_main_pages_render_on_the_city(site, city, engine):
    summary = city.summary
    for page in ("/", "/projects", "/fund", "/events", "/statistics", "/needs"):
        assert site.get(page).status_code == 200, page

    # A deep page of the list, reached by following "next" five times.
    seen: set[str] = set()
    page = "/projects"
    for _ in range(5):
        html = site.get(page).get_data(as_text=True)
        found = re.findall(r'href="/projects/(\d+)"', html)
        assert found and not seen & set(found), page
        seen |= set(found)
        next_link = re.search(r'<a href="([^"]*after=[^"]*)" rel="next"', html)
        assert next_link, page
        page = next_link.group(1).replace("&amp;", "&")
    assert site.get(page).status_code == 200

    # The project with the most comments has many more than most projects.
    hot = site.get(f"/projects/{summary.hot_project_id}")
    assert hot.status_code == 200
    commented = scalar(engine, select(func.count(func.distinct(Comment.project_id))))
    assert summary.hot_project_comments >= 2 * SIZES.comments / commented

    api = site.get("/api/v1/projects")
    assert api.status_code == 200
    assert api.get_json()["total"] > SIZES.projects / 2

    search = site.get("/projects?q=Radweg")
    assert search.status_code == 200
    assert "<mark>Radweg</mark>" in search.get_data(as_text=True)


def test_the_search_finds_a_generated_project_by_its_title(site, engine):
    with engine.connect() as connection:
        project = connection.execute(
            select(Project.id, Project.title)
            .where(Project.state == "active", Project.hidden_at.is_(None))
            .order_by(Project.id.desc())
            .limit(1)
        ).one()
    page = site.get(f"/projects?q={quote_plus(project.title)}")
    assert f'href="/projects/{project.id}"' in page.get_data(as_text=True)
    api = site.get(f"/api/v1/projects?q={quote_plus(project.title)}&limit=100").get_json()
    assert project.id in [item["id"] for item in api["items"]]


def test_the_printed_citizen_signs_in_with_the_printed_password(site, city):
    summary = city.summary
    login(site, summary.citizen_email, summary.password)
    assert "Abmelden" in text_of(site.get("/"))


# --- generating again ---------------------------------------------------------------------------


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in key order (the salted password hash left out)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(v for k, v in row._mapping.items() if k != "password_hash")
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_the_same_seed_gives_the_same_city_and_another_seed_another(city, tmp_path):
    summary = city.summary
    with fresh_database(tmp_path, "bench_again") as again:
        assert generate.generate(again, SIZES, seed=SEED, now=NOW, log=quiet).counts == (
            summary.counts
        )
        assert dump(again) == city.rows
    with fresh_database(tmp_path, "bench_other") as other:
        generate.generate(other, SIZES, seed=SEED + 1, now=NOW, log=quiet)
        theirs, ours = dump(other), city.rows
        assert theirs["users"] != ours["users"]
        assert theirs["projects"] != ours["projects"]


def test_a_database_with_accounts_is_refused_and_left_alone(city, engine):
    url = city.url
    with pytest.raises(DatabaseNotEmpty):
        generate.generate(url, SIZES, seed=SEED + 1, now=NOW, log=quiet)
    assert scalar(engine, select(func.count()).select_from(User)) == SIZES.users
    assert generate.main(["--database-url", url, "--scale", "0.001"]) == 2


def test_the_benchmark_reads_the_summary_back(city, tmp_path):
    url, summary = city.url, city.summary
    found = generate.existing_summary(url)
    assert found is not None
    assert (found.counts, found.hot_project_id, found.citizen_email, found.staff) == (
        summary.counts,
        summary.hot_project_id,
        summary.citizen_email,
        summary.staff,
    )
    assert 0 < len(found.sample_project_ids) <= 100
    assert generate.existing_summary(f"sqlite:///{tmp_path / 'missing.sqlite'}") is None


def test_an_open_connection_can_be_filled_in_process(tmp_path):
    small = Sizes().scaled(0.001)
    with fresh_database(tmp_path, "bench_connection") as url:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                summary = generate.generate(connection, small, seed=SEED, now=NOW, log=quiet)
                users = connection.scalar(select(func.count()).select_from(User))
        finally:
            engine.dispose()
    assert users == summary.counts["users"] == small.users
    assert summary.counts["comments"] == small.comments
