"""A server killed in the middle of a write leaves all of the change or none of it.

gunicorn runs the platform (one worker, production settings) on a database of its own (a
SQLite file, or a fresh PostgreSQL database next to ``TEST_DATABASE_URL``). The application it
serves is the normal one plus a pause, installed here and nowhere else: while a switch file
exists, a request to the chosen endpoint stops just before its commit (when everything it
changes has been written into the open transaction), notes its process id and waits. The test
then kills that worker with SIGKILL, as a crash or an OOM kill would, and checks that the
database shows none of the change. Sent again without the pause, the same request leaves all
of it.

Two writes that touch many rows are checked: a fund officer's decision (the application, the
fund's committed sum, the history entry, the audit log, the team's notifications) and a team's
saving of its project (title, districts and topics, the timeline, the audit log).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, event, text

from tests.conftest import free_port
from tests.deploy.test_two_instances import _wait_for_health
from tests.helpers import own_database

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "atomar-passwort-123"


def paused_app() -> Any:
    """The application as gunicorn loads it for this test (``module:paused_app()``)."""
    from flask import has_request_context, request
    from sqlalchemy.orm import Session

    from civic import create_app

    app = create_app()
    endpoint = os.environ["PAUSE_ENDPOINT"]
    switch = Path(os.environ["PAUSE_SWITCH"])
    marker = Path(os.environ["PAUSE_MARKER"])

    @event.listens_for(Session, "before_commit")
    def _pause(session: Session) -> None:
        if (
            switch.exists()
            and has_request_context()
            and request.method == "POST"
            and request.endpoint == endpoint
        ):
            session.flush()
            marker.write_text(str(os.getpid()))
            time.sleep(300)

    return app


# Before the server starts: the schema, an officer, a team with its project, a fund and an
# application waiting for the decision.
PREPARE = f"""
import json

from alembic import command
from werkzeug.security import generate_password_hash

from civic import create_app
from civic.accounts.models import Role
from civic.core.cli import alembic_config
from civic.db import db
from civic.fund.workflow import Status
from civic.projects.workflow import Phase
from tests.factories import (
    DistrictFactory, TopicFactory, UserFactory, make_application, make_fund, make_project,
)

app = create_app()
with app.test_request_context():
    command.upgrade(alembic_config(), "head")
    officer = UserFactory(email="kasse@example.org", roles=[Role.FUND_OFFICER])
    initiator = UserFactory(email="team@example.org")
    for user in (officer, initiator):
        user.password_hash = generate_password_hash({PASSWORD!r})
    project = make_project(initiator, members=2, phase=Phase.DEVELOPMENT, title="Alter Titel")
    fund = make_fund(budget_cents=50_000_00, four_eyes_cents=20_000_00)
    application = make_application(project, fund, Status.IN_REVIEW, requested_cents=3_000_00)
    district, topic = DistrictFactory(), TopicFactory()
    db.session.commit()
    print(json.dumps({{
        "project": project.id, "fund": fund.id, "application": application.id,
        "district": district.id, "topic": topic.id,
    }}))
"""


@contextmanager
def gunicorn(env: dict[str, str], folder: Path, endpoint: str) -> Iterator[str]:
    """The platform under gunicorn; requests to ``endpoint`` pause while the switch is on."""
    env = {**env, "PAUSE_ENDPOINT": endpoint}
    port = free_port()
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn"),
                *("--workers", "1", "--timeout", "600", "--bind", f"127.0.0.1:{port}"),
                *("--graceful-timeout", "5", "--no-control-socket"),
                "tests.deploy.test_atomic_writes:paused_app()",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(server, url, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with own_database(tmp_path, "atomic_writes") as database:
        env = {
            **os.environ,
            "CIVIC_ENV": "production",
            "SECRET_KEY": "atomic-writes-secret-0123456789abcdef",
            "DATABASE_URL": database,
            "SESSION_COOKIE_SECURE": "false",
            "MAIL_BACKEND": "file",
            "MAIL_DIR": str(tmp_path / "mail"),
            "CIVIC_INSTANCE_DIR": str(tmp_path / "instance"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "BASE_URL": "https://beteiligung.musterstadt.example",
            "PAUSE_SWITCH": str(tmp_path / "pause-on"),
            "PAUSE_MARKER": str(tmp_path / "paused-worker"),
        }
        done = subprocess.run(
            [sys.executable, "-c", PREPARE], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        ids = json.loads(done.stdout.strip().splitlines()[-1])
        engine = create_engine(database)
        try:
            yield {"env": env, "folder": tmp_path, "ids": ids, "engine": engine}
        finally:
            engine.dispose()


def _token(page: requests.Response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {page.url}"
    return match.group(1)


def signed_in(url: str, email: str) -> requests.Session:
    person = requests.Session()
    login = person.get(f"{url}/login", timeout=30)
    answer = person.post(
        f"{url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": _token(login)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    return person


def kill_in_the_middle(platform: dict[str, Any], person: requests.Session, url: str, data) -> None:
    """Send the form; when the worker pauses before its commit, kill it with SIGKILL."""
    switch, marker = Path(platform["env"]["PAUSE_SWITCH"]), Path(platform["env"]["PAUSE_MARKER"])
    switch.touch()
    marker.unlink(missing_ok=True)
    outcome: list[object] = []

    def send() -> None:
        try:
            outcome.append(person.post(url, data=data, allow_redirects=False, timeout=120))
        except requests.RequestException as error:
            outcome.append(error)

    sender = threading.Thread(target=send)
    sender.start()
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline, "the request never reached its commit"
        time.sleep(0.05)
    os.kill(int(marker.read_text()), signal.SIGKILL)
    sender.join(timeout=60)
    switch.unlink()
    # The browser sees the connection break, not an answer.
    assert outcome and isinstance(outcome[0], requests.RequestException), outcome


def answering(url: str) -> None:
    """Wait until the new worker that gunicorn started answers."""
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "no new worker"
        time.sleep(0.1)


def rows(platform: dict[str, Any], sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with platform["engine"].connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def test_a_fund_decision_killed_before_its_commit_leaves_nothing(platform):
    ids = platform["ids"]
    with gunicorn(platform["env"], platform["folder"], "fund.decide") as url:
        officer = signed_in(url, "kasse@example.org")
        action = f"{url}/fund/applications/{ids['application']}/decide"
        data = {
            "outcome": "approve",
            "reason": "Passt zu den Kriterien.",
            "csrf_token": _token(officer.get(action, timeout=30)),
        }

        def state() -> tuple[Any, ...]:
            return (
                rows(
                    platform,
                    "SELECT status, approved_cents, decision_reason FROM fund_applications "
                    "WHERE id = :id",
                    id=ids["application"],
                ),
                rows(platform, "SELECT committed_cents FROM funds WHERE id = :id", id=ids["fund"]),
                rows(
                    platform,
                    "SELECT count(*) FROM fund_application_entries WHERE application_id = :id",
                    id=ids["application"],
                ),
                rows(platform, "SELECT count(*) FROM audit_log WHERE action LIKE 'fund.%'"),
                rows(platform, "SELECT count(*) FROM notifications"),
            )

        before = state()
        assert before[0] == [("in_review", 0, "")] and before[1] == [(0,)]

        kill_in_the_middle(platform, officer, action, data)
        assert state() == before

        # The worker comes back; the same decision, not interrupted, is made in full.
        answering(url)
        officer = signed_in(url, "kasse@example.org")
        data["csrf_token"] = _token(officer.get(action, timeout=30))
        answer = officer.post(action, data=data, allow_redirects=False, timeout=60)
        assert answer.status_code == 302, answer.text
        after = state()
        assert after[0] == [("approved", 3_000_00, "Passt zu den Kriterien.")]
        assert after[1] == [(3_000_00,)]
        assert after[2][0][0] > before[2][0][0]
        assert after[3][0][0] > before[3][0][0]
        assert after[4][0][0] > before[4][0][0]


def test_a_project_save_killed_before_its_commit_leaves_nothing(platform):
    ids = platform["ids"]
    with gunicorn(platform["env"], platform["folder"], "projects.edit") as url:
        team = signed_in(url, "team@example.org")
        action = f"{url}/projects/{ids['project']}/edit"
        data = {
            "title": "Neuer Titel",
            "summary": "Nachbarn leihen sich Werkzeug statt es zu kaufen.",
            "description": "Wir sammeln **Werkzeug** in einem Keller.",
            "concept": "",
            "districts": [str(ids["district"])],
            "topics": [str(ids["topic"])],
            "location_name": "",
            "latitude": "",
            "longitude": "",
            "image_alt": "",
            "save": "1",
            "csrf_token": _token(team.get(action, timeout=30)),
        }
        project = ids["project"]

        def state() -> tuple[Any, ...]:
            return (
                rows(platform, "SELECT title, summary FROM projects WHERE id = :id", id=project),
                rows(
                    platform,
                    "SELECT district_id FROM project_districts WHERE project_id = :id",
                    id=project,
                ),
                rows(
                    platform,
                    "SELECT topic_id FROM project_topics WHERE project_id = :id",
                    id=project,
                ),
                rows(
                    platform,
                    "SELECT count(*) FROM timeline_entries WHERE project_id = :id",
                    id=project,
                ),
                rows(platform, "SELECT count(*) FROM audit_log WHERE action LIKE 'project.%'"),
            )

        before = state()
        assert before[0][0][0] == "Alter Titel"

        kill_in_the_middle(platform, team, action, data)
        assert state() == before

        answering(url)
        team = signed_in(url, "team@example.org")
        data["csrf_token"] = _token(team.get(action, timeout=30))
        answer = team.post(action, data=data, allow_redirects=False, timeout=60)
        assert answer.status_code == 302, answer.text
        after = state()
        assert after[0] == [("Neuer Titel", "Nachbarn leihen sich Werkzeug statt es zu kaufen.")]
        assert after[1] == [(ids["district"],)] and after[2] == [(ids["topic"],)]
        assert after[4][0][0] > before[4][0][0]
