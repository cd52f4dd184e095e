"""One per person, even when a person clicks fifty times at once.

Every rule that a person may do a thing only once (support a project, ask to join, offer help on
a need, report an item, register for an event, follow, offer to mentor, ask the coordination
office, apply to a fund, invite an address, review an application) is held by a unique
constraint in the database, and the operation turns the constraint's refusal into the normal
"already done" answer. Here the platform runs as a real threaded server on a database of its
own (a SQLite file, or a fresh PostgreSQL database when ``TEST_DATABASE_URL`` is set); one
signed-in browser fires 50 identical requests at the same moment. Exactly one row results, and
no request ends in an error page.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic import command
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from civic import create_app
from civic.accounts.models import Role
from civic.core.cli import alembic_config
from civic.db import db
from civic.events.models import EventRegistration
from civic.fund.models import Application, Review
from civic.fund.workflow import Status
from civic.mentoring.models import Mentorship
from civic.moderation.models import Report
from civic.participation.models import Comment, Follow
from civic.projects.models import (
    Invitation,
    JoinRequest,
    Need,
    Offer,
    PhaseRequest,
    Support,
)
from civic.projects.workflow import NeedKind, Phase
from tests.conftest import Mailbox, free_port
from tests.events.builders import make_event
from tests.factories import (
    PASSWORD,
    UserFactory,
    make_application,
    make_council_member,
    make_fund,
    make_project,
)
from tests.helpers import own_database
from tests.projects.plans import CONCEPT

CLICKS = 50


@dataclass
class Site:
    app: Flask
    url: str


@pytest.fixture
def site(app: Flask, smtp: tuple[Mailbox, int], tmp_path: Path) -> Iterator[Site]:
    """The platform served by a threaded server on a database of its own (the harness's one
    connection is unbound meanwhile and bound again afterwards)."""
    _box, mail_port = smtp
    bound = db._test_connection  # noqa: SLF001 - restored exactly in the finally below
    db.bind_for_tests(None)
    try:
        with own_database(tmp_path, "races") as url:
            second = create_app(
                {
                    "ENV_NAME": "testing",
                    "TESTING": True,
                    "DATABASE_URL": url,
                    "MAIL_SERVER": "127.0.0.1",
                    "MAIL_PORT": mail_port,
                    "UPLOAD_DIR": tmp_path / "uploads",
                    "INSTANCE_DIR": tmp_path,
                    "BASE_URL": "http://127.0.0.1",
                }
            )
            with second.app_context():
                engine = db.engine
                command.upgrade(alembic_config(), "head")
            port = free_port()
            server = make_server("127.0.0.1", port, second, threaded=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                yield Site(second, f"http://127.0.0.1:{port}")
            finally:
                server.shutdown()
                thread.join(timeout=10)
                engine.dispose()
    finally:
        db.bind_for_tests(bound)


_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def _token(page: requests.Response) -> str:
    match = _TOKEN.search(page.text)
    assert match, f"no CSRF token on {page.url}"
    return next(group for group in match.groups() if group)


def signed_in(site: Site, email: str) -> requests.Session:
    person = requests.Session()
    login = person.get(f"{site.url}/login", timeout=30)
    answer = person.post(
        f"{site.url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": _token(login)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    return person


def click_at_once(
    site: Site, person: requests.Session, page: str, action: str, data: dict[str, str]
) -> list[int]:
    """Open ``page`` once, then send the same form to ``action`` CLICKS times at the same moment,
    each from a connection of its own with the person's cookies; the status codes."""
    form = person.get(f"{site.url}{page}", timeout=30)
    assert form.status_code == 200, form.text
    payload = {**data, "csrf_token": _token(form)}
    cookies = person.cookies.get_dict()
    barrier = threading.Barrier(CLICKS, timeout=60)
    answers: list[int | str] = [""] * CLICKS

    def click(index: int) -> None:
        try:
            barrier.wait()
            answer = requests.post(
                f"{site.url}{action}",
                data=payload,
                cookies=cookies,
                headers={"Connection": "close"},
                allow_redirects=False,
                timeout=120,
            )
            answers[index] = answer.status_code
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            answers[index] = repr(error)

    threads = [threading.Thread(target=click, args=(n,)) for n in range(CLICKS)]
    for each in threads:
        each.start()
    for each in threads:
        each.join(timeout=180)
    assert not any(each.is_alive() for each in threads), "a request hangs"
    return answers  # type: ignore[return-value]


def count(site: Site, model: type, *conditions: Any) -> int:
    with site.app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


# --- the cases: what is set up, where the form is, what it posts, what counts ---------------


@dataclass
class Case:
    email: str
    page: str
    action: str
    data: dict[str, str]
    rows: Callable[[Site], int]


def _support() -> Case:
    person, project = UserFactory(), make_project()
    url = f"/projects/{project.id}"
    pid, uid = project.id, person.id
    return Case(
        person.email,
        url,
        f"{url}/support",
        {},
        lambda s: count(s, Support, Support.project_id == pid, Support.user_id == uid),
    )


def _join() -> Case:
    person, project = UserFactory(), make_project()
    url = f"/projects/{project.id}/join"
    pid, uid = project.id, person.id
    return Case(
        person.email,
        url,
        url,
        {"message": "Ich kann gut organisieren."},
        lambda s: count(s, JoinRequest, JoinRequest.project_id == pid, JoinRequest.user_id == uid),
    )


def _offer() -> Case:
    person, project = UserFactory(), make_project()
    need = Need(project_id=project.id, kind=NeedKind.MATERIAL, title="Schaufeln")
    db.session.add(need)
    db.session.commit()
    url = f"/projects/{project.id}/needs/{need.id}"
    nid, uid = need.id, person.id
    return Case(
        person.email,
        url,
        f"{url}/offer",
        {"message": "Ich habe zwei Schaufeln übrig."},
        lambda s: count(s, Offer, Offer.need_id == nid, Offer.user_id == uid),
    )


def _report() -> Case:
    person, project = UserFactory(), make_project()
    comment = Comment(
        project_id=project.id,
        author_id=project.memberships[0].user_id,
        body_markdown="Kauft bei uns!",
        body_html="<p>Kauft bei uns!</p>",
    )
    db.session.add(comment)
    db.session.commit()
    url = f"/report/comment/{comment.id}"
    cid, uid = comment.id, person.id
    return Case(
        person.email,
        url,
        url,
        {"reason": "spam", "message": "Werbung."},
        lambda s: count(s, Report, Report.target_id == cid, Report.reporter_id == uid),
    )


def _register() -> Case:
    person, event = UserFactory(), make_event(capacity=100)
    url = f"/events/{event.id}"
    eid, uid = event.id, person.id
    return Case(
        person.email,
        url,
        f"{url}/register",
        {},
        lambda s: count(
            s,
            EventRegistration,
            EventRegistration.event_id == eid,
            EventRegistration.user_id == uid,
        ),
    )


def _follow() -> Case:
    person, project = UserFactory(), make_project()
    pid, uid = project.id, person.id
    return Case(
        person.email,
        f"/projects/{pid}",
        f"/follows/project/{pid}",
        {},
        lambda s: count(s, Follow, Follow.target_id == pid, Follow.user_id == uid),
    )


def _mentor() -> Case:
    member, project = make_council_member(capacity=5), make_project()
    url = f"/projects/{project.id}/mentoring/offer"
    pid, uid = project.id, member.id
    return Case(
        member.email,
        url,
        url,
        {"message": "Ich kenne das Amt für Stadtgrün gut."},
        lambda s: count(s, Mentorship, Mentorship.project_id == pid, Mentorship.mentor_id == uid),
    )


def _phase() -> Case:
    people = [UserFactory() for _ in range(3)]
    project = make_project(people[0], members=people[1:], concept=CONCEPT)
    url = f"/projects/{project.id}/phase"
    pid = project.id
    return Case(
        people[1].email,
        url,
        url,
        {"step": "development", "message": "Das Konzept steht."},
        lambda s: count(s, PhaseRequest, PhaseRequest.project_id == pid),
    )


def _apply() -> Case:
    make_fund()
    people = [UserFactory() for _ in range(3)]
    project = make_project(people[0], members=people[1:], phase=Phase.DEVELOPMENT)
    url = f"/projects/{project.id}/fund/apply"
    pid = project.id
    form = {
        "title": "Material für die erste Saison",
        "requested": "1.500,00",
        "cost_lines-0-label": "Erde",
        "cost_lines-0-amount": "1.500,00",
        "own_contribution": "0",
        "justification": "Damit die Beete im Frühjahr bepflanzt werden können.",
        "contact": str(people[0].id),
    }
    return Case(
        people[0].email,
        url,
        url,
        form,
        lambda s: count(s, Application, Application.project_id == pid),
    )


def _invite() -> Case:
    project = make_project()
    initiator = project.memberships[0].user
    pid = project.id
    return Case(
        initiator.email,
        f"/projects/{pid}/team",
        f"/projects/{pid}/team/invite",
        {"email": "gast@example.org", "message": "Mach mit!"},
        lambda s: count(s, Invitation, Invitation.project_id == pid),
    )


def _review() -> Case:
    fund = make_fund()
    application = make_application(make_project(phase=Phase.DEVELOPMENT), fund, Status.IN_REVIEW)
    officer = UserFactory(roles=[Role.FUND_OFFICER])
    url = f"/fund/applications/{application.id}/review"
    aid, uid = application.id, officer.id
    return Case(
        officer.email,
        url,
        url,
        {"score_0": "4", "score_1": "3", "assessment": "Guter Nutzen, machbar."},
        lambda s: count(s, Review, Review.application_id == aid, Review.officer_id == uid),
    )


CASES = {
    "support": _support,
    "join-request": _join,
    "offer-on-a-need": _offer,
    "report": _report,
    "event-registration": _register,
    "follow": _follow,
    "mentorship-offer": _mentor,
    "phase-request": _phase,
    "fund-application": _apply,
    "invitation": _invite,
    "review": _review,
}


@pytest.mark.parametrize("name", CASES)
def test_fifty_clicks_at_once_make_exactly_one_row_and_no_error(site: Site, name: str) -> None:
    with site.app.test_request_context():
        case = CASES[name]()
    person = signed_in(site, case.email)

    answers = click_at_once(site, person, case.page, case.action, case.data)

    # Each click gets a normal answer: the confirmation, or the form saying it is done already.
    assert set(answers) <= {200, 302}, answers
    assert 302 in answers
    assert case.rows(site) == 1
