"""Query budgets: every main page needs as many SQL queries for a large city as for a small one.

Each page below is built twice for the same visitor: first with a little of everything (two
projects, two comments, two members, …), then ten times more of whatever the page shows
(projects, comments on that project, members, supports, districts, events, applications, …).
One request after a warm-up request is counted each time; the counts must be equal. A page
that loads a related row per item (an N+1 query) fails here, and the message lists the
statements of both requests side by side, so the repeated query is easy to see.

The domains' own tests check a few pages in more detail; this file is the one table of every
main page. Data is built in bulk (one commit per step), not through the operations, so that
the whole table runs in seconds on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from civic.accounts.models import CouncilProfile, Department, Role, RoleGrant, User
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.events.models import Event, EventRegistration
from civic.events.workflow import RegistrationStatus
from civic.fund.models import Application, Fund
from civic.fund.workflow import Status as FundStatus
from civic.mentoring.models import Mentorship, PoliticalQuestion
from civic.mentoring.workflow import MentorshipStatus, Origin, QuestionStatus
from civic.moderation.models import Report, ReportReason, TargetKind
from civic.participation.models import Comment, Notification, ProjectUpdate
from civic.projects.models import (
    Membership,
    Milestone,
    Need,
    PhaseRequest,
    Project,
    Support,
    TimelineEntry,
)
from civic.projects.workflow import MemberRole, NeedKind, Phase, ProjectState, Step
from tests.factories import _HASH, make_fund
from tests.helpers import browser

# How much of everything the small and the large city have. LARGE fills a page of 20.
SMALL = 2
LARGE = 22

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


def live(row: Any) -> Any:
    """The row in the current session. Each request ends the test's session, so a row made
    before a request is loaded again before it is changed."""
    return db.session.get(type(row), row.id)


# --- building a city in bulk -----------------------------------------------------------------


def people(count: int, roles: tuple[Role, ...] = ()) -> list[User]:
    """``count`` confirmed citizens (each a different person, so that a page that loads one
    person per row shows it), holding ``roles`` besides."""
    now = utcnow()
    made = []
    for _ in range(count):
        number = _n()
        user = User(
            display_name=f"Person {number}",
            email=f"budget{number}@example.org",
            password_hash=_HASH,
            email_verified_at=now,
            privacy_consent_at=now,
            locale="en",
        )
        for role in roles:
            department = (
                Department(name=f"Amt {number}") if role is Role.DEPARTMENT_CONTACT else None
            )
            user.role_grants.append(RoleGrant(role=role, department=department))
        if Role.COUNCIL_MEMBER in roles:
            user.council_profile = CouncilProfile(
                faction=f"Fraktion {number}", mentor_capacity=50, expertise="Verkehr\nSoziales"
            )
        made.append(user)
    db.session.add_all(made)
    db.session.flush()
    return made


def council_members(count: int, districts: list[District] | None = None) -> list[User]:
    members = people(count, (Role.COUNCIL_MEMBER,))
    for member in members:
        assert member.council_profile is not None
        member.council_profile.districts = list(districts or terms(2)[0])
        member.council_profile.topics = terms(2)[1]
    db.session.flush()
    return members


def terms(count: int) -> tuple[list[District], list[Topic]]:
    """``count`` new districts and as many new topics."""
    districts, topics = [], []
    for _ in range(count):
        number = _n()
        districts.append(District(name=f"Stadtteil {number}", slug=f"stadtteil-{number}"))
        topics.append(
            Topic(name_de=f"Thema {number}", name_en=f"Topic {number}", slug=f"thema-{number}")
        )
    db.session.add_all(districts + topics)
    db.session.flush()
    return districts, topics


def projects(
    count: int,
    *,
    districts: list[District] | None = None,
    topics: list[Topic] | None = None,
    members: int = 1,
    supporters: int = 1,
    needs: int = 1,
    title: str = "Projekt",
    **fields: Any,
) -> list[Project]:
    """``count`` published projects, each in ``districts`` and ``topics`` and two new ones,
    with a team, supporters and open needs, each of them different people."""
    now = utcnow()
    fields.setdefault("phase", Phase.DEVELOPMENT)
    fields.setdefault("state", ProjectState.ACTIVE)
    made = []
    own_districts, own_topics = terms(2 * count)
    team = people(count * (1 + members))
    backers = people(count * supporters)
    for i in range(count):
        number = _n()
        values = {"published_at": now - timedelta(minutes=number), **fields}
        project = Project(
            title=f"{title} {number}",
            summary=f"Kurzbeschreibung {number}",
            description_markdown="Beschreibung",
            description_html="<p>Beschreibung</p>",
            last_activity_at=now - timedelta(minutes=number),
            created_by_id=team[i * (1 + members)].id,
            districts=list(districts or []) + own_districts[2 * i : 2 * i + 2],
            topics=list(topics or []) + own_topics[2 * i : 2 * i + 2],
            location_name=f"Platz {number}",
            latitude=51.05 + number / 10_000,
            longitude=13.74,
            member_count=1 + members,
            supporter_count=supporters,
            open_need_count=needs,
            **values,
        )
        for j, person in enumerate(team[i * (1 + members) : (i + 1) * (1 + members)]):
            role = MemberRole.INITIATOR if j == 0 else MemberRole.MEMBER
            project.memberships.append(Membership(user=person, role=role))
        made.append(project)
    db.session.add_all(made)
    db.session.flush()
    rows: list[Any] = []
    for i, project in enumerate(made):
        rows += [
            Support(project_id=project.id, user_id=person.id)
            for person in backers[i * supporters : (i + 1) * supporters]
        ]
        rows += [
            Need(
                project_id=project.id,
                kind=NeedKind.MATERIAL,
                title=f"Werkzeug {_n()}",
                created_by_id=project.created_by_id,
            )
            for _ in range(needs)
        ]
    db.session.add_all(rows)
    db.session.flush()
    return made


def mentor(projects_: list[Project], mentors: list[User] | None = None) -> list[Mentorship]:
    """An active mentorship for each project, by ``mentors`` in turn (new ones if not given)."""
    mentors = [live(person) for person in mentors or council_members(len(projects_))]
    now = utcnow()
    made = []
    for project, person in zip(projects_, itertools.cycle(mentors), strict=False):
        made.append(
            Mentorship(
                project_id=project.id,
                mentor_id=person.id,
                origin=Origin.TEAM,
                status=MentorshipStatus.ACTIVE,
                asked_by_id=project.created_by_id,
                answered_at=now,
                answered_by_id=person.id,
                started_at=now - timedelta(minutes=_n()),
            )
        )
        assert person.council_profile is not None
        person.council_profile.mentee_count += 1
    db.session.add_all(made)
    db.session.flush()
    return made


def comments(project: Project, count: int) -> list[Comment]:
    """``count`` comments by different people, each with a reply by someone else."""
    now = utcnow()
    authors = people(2 * count)
    made = [
        Comment(
            project_id=project.id,
            author_id=authors[2 * i].id,
            body_markdown="Gute Idee",
            body_html="<p>Gute Idee</p>",
            created_at=now - timedelta(minutes=_n()),
            reply_count=1,
        )
        for i in range(count)
    ]
    db.session.add_all(made)
    db.session.flush()
    replies = [
        Comment(
            project_id=project.id,
            parent_id=comment.id,
            author_id=authors[2 * i + 1].id,
            body_markdown="Finde ich auch",
            body_html="<p>Finde ich auch</p>",
        )
        for i, comment in enumerate(made)
    ]
    db.session.add_all(replies)
    db.session.flush()
    return made


def updates(project: Project, count: int) -> list[ProjectUpdate]:
    """``count`` news items, each by a different new team member."""
    project = live(project)
    authors = people(count)
    made = []
    for person in authors:
        db.session.add(Membership(project_id=project.id, user_id=person.id))
        made.append(
            ProjectUpdate(
                project_id=project.id,
                author_id=person.id,
                title=f"Neuigkeit {_n()}",
                body_markdown="Es geht voran.",
                body_html="<p>Es geht voran.</p>",
                created_at=utcnow() - timedelta(minutes=_n()),
            )
        )
    project.member_count += count
    db.session.add_all(made)
    db.session.flush()
    return made


def timeline(project: Project, count: int) -> None:
    actors = people(count)
    db.session.add_all(
        TimelineEntry(
            project_id=project.id,
            kind="phase_request",
            actor_id=person.id,
            to_value="development",
            created_at=utcnow() - timedelta(minutes=_n()),
        )
        for person in actors
    )
    db.session.flush()


def events(
    count: int,
    linked: list[Project] | None = None,
    district: District | None = None,
    registered: list[User] | None = None,
) -> list[Event]:
    """``count`` upcoming events, each by a different organiser in a different district, each
    linked to ``linked`` (two new projects if not given) and with ``registered`` people."""
    organisers = people(count, (Role.COUNCIL_MEMBER,))
    districts, _topics = terms(count)
    made = []
    for i, organiser in enumerate(organisers):
        starts_at = (utcnow() + timedelta(days=1, minutes=_n())).replace(microsecond=0)
        made.append(
            Event(
                title=f"Versammlung {_n()}",
                description_markdown="Wir reden.",
                description_html="<p>Wir reden.</p>",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                venue="Rathaus",
                capacity=100,
                organiser_id=organiser.id,
                district_id=(district or districts[i]).id,
                projects=list(linked) if linked is not None else projects(2, needs=0),
            )
        )
    db.session.add_all(made)
    db.session.flush()
    for event in made:
        for person in registered or []:
            db.session.add(
                EventRegistration(
                    event_id=event.id, user_id=person.id, status=RegistrationStatus.REGISTERED
                )
            )
        event.registered_count = len(registered or [])
    db.session.flush()
    return made


def decisions(fund: Fund, count: int) -> list[Application]:
    """``count`` decisions in force on different projects, half approved, half rejected."""
    fund = live(fund)
    now = utcnow()
    made = []
    for i, project in enumerate(projects(count, needs=0)):
        approved = 1_000_00 if i % 2 else 0
        made.append(
            Application(
                fund_id=fund.id,
                project_id=project.id,
                status=FundStatus.APPROVED if approved else FundStatus.REJECTED,
                title=f"Antrag {_n()}",
                requested_cents=2_000_00,
                approved_cents=approved,
                contact_id=project.created_by_id,
                created_by_id=project.created_by_id,
                submitted_at=now,
                decided_at=now - timedelta(minutes=_n()),
                decision_reason="Entspricht den Kriterien.",
            )
        )
        fund.committed_cents += approved
    db.session.add_all(made)
    db.session.flush()
    return made


# --- the pages -------------------------------------------------------------------------------


@dataclass
class Visit:
    """A page, who looks at it, and how to make the city around it bigger."""

    # The address, or how to find it (e.g. by following "next" links), asked before counting.
    target: str | Callable[[FlaskClient], str]
    grow: Callable[[int], None]
    viewer: User | None = None


def _done(grow: Callable[[int], Any]) -> Callable[[int], None]:
    def run(count: int) -> None:
        grow(count)
        db.session.commit()

    return run


def _next_link(html: str) -> str:
    match = re.search(r'<a href="([^"]+)" rel="next"', html)
    assert match, "the page has no link to the next page"
    return match.group(1).replace("&amp;", "&")


def home() -> Visit:
    def grow(count: int) -> None:
        projects(count, featured=True)

    return Visit("/", grow)


def project_list() -> Visit:
    return Visit("/projects", lambda count: projects(count, members=2, supporters=2))


def deep_project_list() -> Visit:
    """Page four of the list: two projects on it at first, then a full page."""

    def find(client: FlaskClient) -> str:
        url = "/projects"
        for _ in range(3):
            url = _next_link(client.get(url).get_data(as_text=True))
        return url

    started = False

    def grow(count: int) -> None:
        nonlocal started
        # Three full pages in front of the one counted.
        projects(count + (0 if started else 60))
        started = True

    return Visit(find, grow)


def filtered_project_list() -> Visit:
    districts, topics = terms(1)
    db.session.commit()
    url = f"/projects?phase=development&district={districts[0].slug}&topic={topics[0].slug}&needs=1"
    return Visit(url, lambda count: projects(count, districts=districts, topics=topics))


def search() -> Visit:
    return Visit("/projects?q=Radweg", lambda count: projects(count, title="Radweg"))


def _project_with_everything() -> tuple[Project, Callable[[int], None]]:
    [project] = projects(1, phase=Phase.IMPLEMENTATION)
    db.session.commit()

    def grow(count: int) -> None:
        nonlocal project
        project = live(project)
        comments(project, count)
        updates(project, count)
        timeline(project, count)
        for person in people(count):
            db.session.add(Membership(project_id=project.id, user_id=person.id))
        for person in people(count):
            db.session.add(Support(project_id=project.id, user_id=person.id))
        project.member_count += count
        project.supporter_count += count
        for _ in range(count):
            db.session.add(Need(project_id=project.id, kind=NeedKind.ROOMS, title=f"Raum {_n()}"))
            db.session.add(Milestone(project_id=project.id, position=_n(), title=f"Schritt {_n()}"))
        project.open_need_count += count
        mentor([project] * count)
        events(count, linked=[project])
        author = project.created_by_id
        assert author is not None
        db.session.add_all(
            PoliticalQuestion(
                project_id=project.id,
                question=f"Frage {_n()}",
                status=QuestionStatus.ANSWERED,
                council_reference="V1234/26",
                brought_on=utcnow().date(),
                answer_markdown="Ja.",
                answer_html="<p>Ja.</p>",
                answered_on=utcnow().date(),
                is_public=True,
                created_by_id=author,
            )
            for _ in range(count)
        )

    return project, grow


def project_detail() -> Visit:
    project, grow = _project_with_everything()
    return Visit(f"/projects/{project.id}", grow, people(1)[0])


def project_timeline() -> Visit:
    [project] = projects(1)
    db.session.commit()
    return Visit(f"/projects/{project.id}/timeline", lambda count: timeline(project, count))


def need_board() -> Visit:
    return Visit("/needs", lambda count: projects(count, needs=2))


def _fund_visit(url: str) -> Visit:
    fund = make_fund(budget_cents=1_000_000_00)
    return Visit(url.format(year=fund.year), lambda count: decisions(fund, count))


def fund_page() -> Visit:
    return _fund_visit("/fund")


def fund_year() -> Visit:
    return _fund_visit("/fund/{year}")


def event_list() -> Visit:
    viewer = people(1)[0]
    return Visit("/events", lambda count: events(count, registered=[viewer]), viewer)


def event_page() -> Visit:
    viewer = people(1)[0]
    [event] = events(1, linked=[], registered=[viewer])
    db.session.commit()

    def grow(count: int) -> None:
        nonlocal event
        event = live(event)
        event.projects += projects(count, needs=0)
        for person in people(count):
            db.session.add(
                EventRegistration(
                    event_id=event.id, user_id=person.id, status=RegistrationStatus.REGISTERED
                )
            )
        event.registered_count += count

    return Visit(f"/events/{event.id}", grow, viewer)


def mentor_list() -> Visit:
    def grow(count: int) -> None:
        mentor(projects(count, needs=0), council_members(count))

    return Visit("/mentors", grow)


def mentor_page() -> Visit:
    """A mentor's page seen by a citizen on many teams, who may ask for each of them."""
    [council_member] = council_members(1)
    viewer = people(1)[0]
    db.session.commit()

    def grow(count: int) -> None:
        mentor(projects(count, needs=0), [council_member])
        for project in projects(count, needs=0):
            db.session.add(Membership(project_id=project.id, user_id=viewer.id))

    return Visit(f"/mentors/{council_member.id}", grow, viewer)


def map_page() -> Visit:
    return Visit("/map", lambda count: projects(count))


def statistics() -> Visit:
    def grow(count: int) -> None:
        made = projects(count, members=2, supporters=2)
        mentor(made)
        make_fund(year=2000 + _n() % 1000)

    return Visit("/statistics", grow)


def open_data() -> Visit:
    return Visit("/open-data", lambda count: terms(count))


def api_projects() -> Visit:
    def grow(count: int) -> None:
        mentor(projects(count, members=2, supporters=2))

    return Visit("/api/v1/projects", grow)


def api_projects_second_page() -> Visit:
    def find(client: FlaskClient) -> str:
        cursor = client.get("/api/v1/projects?limit=20").get_json()["next_cursor"]
        assert cursor, "the first page has no next page"
        return f"/api/v1/projects?cursor={cursor}"

    started = False

    def grow(count: int) -> None:
        nonlocal started
        mentor(projects(count + (0 if started else 20)))
        started = True

    return Visit(find, grow)


def api_project() -> Visit:
    project, grow = _project_with_everything()
    return Visit(f"/api/v1/projects/{project.id}", grow)


def api_events() -> Visit:
    return Visit("/api/v1/events", lambda count: events(count))


def api_fund() -> Visit:
    return _fund_visit("/api/v1/funds/{year}")


def projects_feed() -> Visit:
    return Visit("/projects.atom", lambda count: projects(count, members=2))


def updates_feed() -> Visit:
    def grow(count: int) -> None:
        for project in projects(count, needs=0):
            updates(project, 2)

    return Visit("/updates.atom", grow)


def moderation_queue() -> Visit:
    def grow(count: int) -> None:
        reporters = people(3)
        for project in projects(count, needs=0):
            [comment] = comments(project, 1)
            [update] = updates(project, 1)
            for kind, target in (
                (TargetKind.PROJECT, project.id),
                (TargetKind.COMMENT, comment.id),
                (TargetKind.UPDATE, update.id),
            ):
                for reporter, reason in zip(
                    reporters, (ReportReason.SPAM, ReportReason.INSULT), strict=False
                ):
                    db.session.add(
                        Report(
                            target_kind=kind,
                            target_id=target,
                            reporter_id=reporter.id,
                            reason=reason,
                        )
                    )

    return Visit("/moderation", grow, people(1, (Role.MODERATOR,))[0])


def coordination_queue() -> Visit:
    def grow(count: int) -> None:
        for project in projects(count, phase=Phase.INITIATION, needs=0):
            db.session.add(
                PhaseRequest(
                    project_id=project.id,
                    step=Step.TO_DEVELOPMENT,
                    message="Wir sind so weit.",
                    requested_by_id=project.created_by_id,
                )
            )

    return Visit("/admin/coordination", grow, people(1, (Role.COORDINATOR,))[0])


def admin_users() -> Visit:
    def grow(count: int) -> None:
        people(count, (Role.MODERATOR, Role.FUND_OFFICER))
        people(count, (Role.DEPARTMENT_CONTACT,))
        council_members(count)

    return Visit("/admin/users", grow, people(1, (Role.ADMIN,))[0])


def my_projects() -> Visit:
    viewer = people(1)[0]
    db.session.commit()

    def grow(count: int) -> None:
        for project in projects(count, needs=0):
            db.session.add(Membership(project_id=project.id, user_id=viewer.id))
        for project in projects(count, needs=0, state=ProjectState.DRAFT, published_at=None):
            db.session.add(Membership(project_id=project.id, user_id=viewer.id))
        for project in projects(count, needs=0):
            db.session.add(Support(project_id=project.id, user_id=viewer.id))

    return Visit("/my/projects", grow, viewer)


def mentor_dashboard() -> Visit:
    """A council member who mentors several projects, is asked by others, has offered to
    mentor more, and has unmentored projects in her districts."""
    districts, _topics = terms(1)
    [council_member] = council_members(1, districts)
    db.session.commit()

    def grow(count: int) -> None:
        mentor(projects(count, needs=0), [council_member])
        for origin in (Origin.TEAM, Origin.MENTOR):
            for project in projects(count, needs=0):
                db.session.add(
                    Mentorship(
                        project_id=project.id,
                        mentor_id=council_member.id,
                        origin=origin,
                        asked_by_id=project.created_by_id
                        if origin is Origin.TEAM
                        else council_member.id,
                        message="Magst du uns begleiten?",
                    )
                )
        projects(count, districts=districts, needs=0)

    return Visit("/mentoring", grow, council_member)


def notifications() -> Visit:
    viewer = people(1)[0]
    db.session.commit()

    def grow(count: int) -> None:
        for actor in people(count):
            db.session.add(
                Notification(
                    user_id=viewer.id,
                    kind="comment",
                    actor_id=actor.id,
                    subject=f"Neuer Kommentar {_n()}",
                    body="Jemand hat kommentiert.",
                    link="/projects/1",
                )
            )

    return Visit("/notifications", grow, viewer)


PAGES: dict[str, Callable[[], Visit]] = {
    "home": home,
    "project list": project_list,
    "project list, page 4": deep_project_list,
    "project list, filtered": filtered_project_list,
    "search": search,
    "project page": project_detail,
    "project timeline": project_timeline,
    "needs board": need_board,
    "fund": fund_page,
    "fund year": fund_year,
    "event list": event_list,
    "event page": event_page,
    "mentor list": mentor_list,
    "mentor page": mentor_page,
    "map": map_page,
    "statistics": statistics,
    "open data": open_data,
    "API projects": api_projects,
    "API projects, page 2": api_projects_second_page,
    "API project": api_project,
    "API events": api_events,
    "API fund year": api_fund,
    "projects feed": projects_feed,
    "updates feed": updates_feed,
    "moderation queue": moderation_queue,
    "coordination queue": coordination_queue,
    "admin user list": admin_users,
    "my projects": my_projects,
    "mentor dashboard": mentor_dashboard,
    "notifications": notifications,
}


# --- counting ----------------------------------------------------------------------------------


@dataclass
class Count:
    url: str
    statements: list[str]
    size: int


def _normalised(statement: str) -> str:
    """One line per statement; the placeholders of an IN list (which grows with the page) as
    one, so that a diff shows only statements that differ in kind or number."""
    text = " ".join(statement.split())
    text = re.sub(r"IN \((?:[^()]|\([^()]*\))*\)", "IN (…)", text)
    return text if len(text) <= 240 else text[:237] + "…"


def _count(client: FlaskClient, visit: Visit, counter: Any) -> Count:
    url = visit.target if isinstance(visit.target, str) else visit.target(client)
    client.get(url)  # warm-up: settings and other caches are then the same for both counts
    counter.statements.clear()
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return Count(url, list(counter.statements), len(response.get_data()))


def explain(name: str, small: Count, large: Count) -> str:
    """The statements run a different number of times first (an N+1 query shows as one
    statement run once per row), then both runs side by side as a diff."""
    few = Counter(_normalised(s) for s in small.statements)
    many = Counter(_normalised(s) for s in large.statements)
    changed = [
        f"  {few[text]:3d} → {many[text]:3d}  {text}"
        for text in sorted(few.keys() | many.keys(), key=lambda t: few[t] - many[t])
        if few[text] != many[text]
    ]
    diff = difflib.unified_diff(
        [_normalised(s) for s in small.statements],
        [_normalised(s) for s in large.statements],
        fromfile=f"small city: {len(small.statements)} queries ({small.url})",
        tofile=f"large city: {len(large.statements)} queries ({large.url})",
        lineterm="",
        n=1,
    )
    return "\n".join(
        [
            f"{name} needs {len(small.statements)} queries for a small city and "
            f"{len(large.statements)} for a large one.",
            "Statements run a different number of times (small → large):",
            *changed,
            "Both runs (- only in the small city, + only in the large one):",
            *diff,
        ]
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_needs_as_many_queries_for_a_large_city_as_for_a_small_one(
    app: Flask, count_queries: Any, name: str
) -> None:
    visit = PAGES[name]()
    db.session.commit()
    visit.grow = _done(visit.grow)
    client = browser(app, visit.viewer)
    visit.grow(SMALL)
    small = _count(client, visit, count_queries)
    visit.grow(LARGE - SMALL)
    large = _count(client, visit, count_queries)
    # The larger city shows on the page (more rows, names, links): the second count is
    # about a fuller page, not the same one again.
    assert large.size > small.size, f"{name}: the large city does not show on {large.url}"
    if len(large.statements) != len(small.statements):
        # Not an assert: pytest would shorten the message and hide the statements.
        pytest.fail(explain(name, small, large), pytrace=False)
