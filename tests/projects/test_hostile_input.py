"""Odd and hostile input never makes a server error: every form of the projects domain and of
the coordination office refuses it (and changes nothing) or stores it cleaned; lists and pages
ignore query strings they did not make."""

from __future__ import annotations

import base64
import json
from email.header import decode_header, make_header
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from civic.accounts.models import Role
from civic.core.models import AuditEntry
from civic.db import db
from civic.projects import operations as ops
from civic.projects.models import (
    Membership,
    Milestone,
    Need,
    PhaseRequest,
    Project,
    TimelineEntry,
)
from civic.projects.queries import SORTS
from civic.projects.workflow import NeedKind, Phase, Step
from tests.factories import UserFactory, make_project
from tests.helpers import browser, csrf_token, fresh, submit
from tests.projects.plans import project_in, team

VALUES = [
    "",
    "x" * 30_000,
    "\x00",
    "a\x00b",
    "Zeile\r\nBcc: x@example.org",
    str(10**30),
    "1e400",
    "NaN",
    "sNaN",
    "Infinity",
    "-0",
    "-1",
    "0000-00-00",
    "99999-01-01",
    "²",
    "\ufffd\ufffd",
]


def _cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


CURSORS = [
    _cursor(1, 2),  # numbers where a timestamp belongs
    _cursor({"t": "2026-01-01T00:00:00"}, 1),  # a timestamp where a count belongs
    _cursor({"t": "2026-01-01T00:00:00"}, {"t": "2026-01-01T00:00:00"}),
    _cursor({"t": "0001-01-01T00:00:00+14:00"}, 1),  # before year 1 in UTC
    _cursor({"t": "9999-12-31T23:59:59-14:00"}, 1),  # after year 9999 in UTC
    _cursor(2**61, 2**61),  # beyond a 32-bit column
    _cursor({"t": 5}, 1),
    _cursor("a", 1),
    _cursor({"a": 1}),
]


@pytest.fixture
def world(app) -> dict[str, Any]:
    """A project in development with a need, one in implementation with milestones, and a
    phase request waiting for the coordination office."""
    people = team()
    development = project_in(Phase.DEVELOPMENT, people)
    implementation = project_in(Phase.IMPLEMENTATION, team())
    initiation = project_in(Phase.INITIATION, team())
    with app.test_request_context():
        need = ops.post_need(people[0], development, NeedKind.OTHER, "Hilfe beim Bauen", "")
        request = ops.request_phase_change(
            initiation.memberships[0].user, initiation, Step.TO_DEVELOPMENT, ""
        )
        db.session.commit()
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.project_id == implementation.id).limit(1)
    )
    return {
        "dev": development,
        "imp": implementation,
        "need": need,
        "milestone": milestone,
        "request": request,
        "member": development.memberships[1],
    }


def _forms(w: dict[str, Any]) -> list[tuple[str, str, dict[str, str], list[str]]]:
    """(who, url, a valid submission, the fields to spoil one at a time)."""
    dev, imp = w["dev"], w["imp"]
    need, milestone, request = w["need"], w["milestone"], w["request"]
    project = {
        "title": "Ein guter Titel",
        "summary": "Kurz gesagt",
        "districts": str(dev.districts[0].id),
        "topics": str(dev.topics[0].id),
    }
    need_data = {"kind": "other", "title": "Hilfe beim Bauen"}
    return [
        ("dev", "/projects/new", project, [*project, "description", "latitude", "longitude"]),
        ("dev", f"/projects/{dev.id}/edit", project, ["description", "concept", "latitude"]),
        ("dev", f"/projects/{dev.id}/needs/new", need_data, ["kind", "title", "description"]),
        ("dev", f"/projects/{dev.id}/needs/{need.id}/edit", need_data, ["kind", "description"]),
        ("dev", f"/projects/{dev.id}/needs/{need.id}/close", {"outcome": "met"}, ["outcome"]),
        (
            "dev",
            f"/projects/{dev.id}/plan/edit",
            {"goals": "Ziele", "milestones-0-title": "Fest", "milestones-0-due": "2027-03-01"},
            ["own_contribution", "milestones-0-due", "cost_lines-0-amount", "note"],
        ),
        ("dev", f"/projects/{dev.id}/team/invite", {"email": "neu@example.org"}, ["email"]),
        ("dev", f"/projects/{dev.id}/team/hand-over", {"member": "0"}, ["member"]),
        ("dev", f"/projects/{dev.id}/team/members/{w['member'].id}/task", {}, ["task"]),
        ("dev", f"/projects/{dev.id}/state/pause", {}, ["reason"]),
        ("dev", f"/projects/{dev.id}/phase", {"step": "implementation"}, ["step", "message"]),
        ("imp", f"/projects/{imp.id}/report", {"report": "Bericht " * 60}, ["cost", "report"]),
        ("imp", f"/projects/{imp.id}/milestones/{milestone.id}/done", {}, ["note"]),
        (
            "coordinator",
            f"/admin/coordination/{request.id}",
            {"decision": "decline", "reason": "Noch nicht"},
            ["decision", "reason"],
        ),
        (
            "coordinator",
            f"/admin/projects/{dev.id}",
            {"assign": "1", "contact": "0"},
            ["contact"],
        ),
    ]


def _state(w: dict[str, Any]) -> tuple[Any, ...]:
    """What any of the forms could change."""
    db.session.expire_all()
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    dev = db.session.get(Project, w["dev"].id)
    imp = db.session.get(Project, w["imp"].id)
    return (
        count(Project),
        count(Need),
        count(TimelineEntry),
        count(AuditEntry),
        (dev.title, dev.description_markdown, dev.concept_markdown, dev.latitude, dev.state),
        (imp.final_report_markdown, imp.final_cost_cents),
        db.session.get(Need, w["need"].id).status,
        db.session.get(Membership, w["member"].id).task,
        db.session.get(Milestone, w["milestone"].id).done_at,
        db.session.get(PhaseRequest, w["request"].id).status,
    )


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_spoilt_field_is_refused_or_stored_cleaned_never_a_server_error(app, world, value):
    clients = {
        "dev": browser(app, world["dev"].memberships[0].user),
        "imp": browser(app, world["imp"].memberships[0].user),
        "coordinator": browser(app, UserFactory(roles=[Role.COORDINATOR])),
    }
    tokens = {who: csrf_token(client, "/imprint") for who, client in clients.items()}
    failures = []
    for who, url, valid, fields in _forms(world):
        for name in fields:
            before = _state(world)
            response = clients[who].post(
                url, data={"csrf_token": tokens[who], **valid, name: value}
            )
            if response.status_code >= 500:
                failures.append((url, name, response.status_code))
            elif response.status_code != 302 and _state(world) != before:
                failures.append((url, name, "refused, but changed data"))
            db.session.rollback()
    assert not failures


@pytest.mark.parametrize("value", [*VALUES, *CURSORS], ids=repr)
def test_odd_query_strings_are_ignored(app, world, value):
    coordinator = browser(app, UserFactory(roles=[Role.COORDINATOR]))
    dev, need = world["dev"], world["need"]
    urls = [
        *(f"/projects?sort={s}&{a}=" for s in SORTS for a in ("after", "before")),
        "/needs?after=",
        "/needs?before=",
        "/projects?district=",
        "/projects?phase=",
        f"/projects/{dev.id}/timeline?page=",
        f"/projects/{dev.id}/needs/{need.id}/close?outcome=",
        "/admin/coordination?page=",
        "/admin/projects?page=",
        "/admin/projects?q=",
        "/admin/projects?phase=",
    ]
    statuses = {url: coordinator.get(url + quote(value, safe="")).status_code for url in urls}
    assert all(status < 500 for status in statuses.values()), statuses


def test_a_nul_character_is_dropped_from_what_is_stored(app):
    project = make_project()
    client = browser(app, project.memberships[0].user)
    response = submit(
        client,
        f"/projects/{project.id}/edit",
        {
            "title": "Ein guter Titel",
            "summary": "Kurz\x00 gesagt",
            "description": "Mehr\x00 dazu",
            "districts": str(project.districts[0].id),
            "topics": str(project.topics[0].id),
        },
    )
    assert response.status_code == 302
    stored = fresh(Project, project.id)
    assert (stored.summary, stored.description_markdown) == ("Kurz gesagt", "Mehr dazu")


def test_a_line_break_in_a_title_does_not_break_the_mail_that_names_it(app, mailbox):
    initiator = UserFactory()
    project = make_project(initiator, title="Zeile eins\r\nBcc: fremd@example.org")
    client = browser(app, initiator)
    response = submit(
        client,
        f"/projects/{project.id}/team",
        {"email": "neu@example.org"},
        action=f"/projects/{project.id}/team/invite",
    )
    assert response.status_code == 302
    mail = mailbox.last_to("neu@example.org")
    assert "Zeile eins Bcc: fremd@example.org" in str(make_header(decode_header(mail["Subject"])))
    assert mail["Bcc"] is None


def test_a_flash_message_escapes_the_name_it_contains(app):
    """Flashed messages travel through the session; a name in them stays text."""
    member = UserFactory(display_name='Eve"><img src=x onerror=alert(1)>')
    project = make_project(members=[member])
    client = browser(app, project.memberships[0].user)
    submit(
        client,
        f"/projects/{project.id}/team/members/{project.memberships[1].id}/task",
        {"task": "Finanzen"},
    )
    html = client.get(f"/projects/{project.id}/team").get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
