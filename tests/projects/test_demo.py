"""The demo city's projects (civic/projects/demo.py): what a visitor of ``make run`` notices,
and that every demo row keeps to the rules of the project workflow."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic.accounts import auth
from civic.accounts.models import Role, User
from civic.core import demo
from civic.core.sanitize import has_markup
from civic.core.site import get_settings
from civic.db import db, utcnow
from civic.projects.demo import load_projects
from civic.projects.models import (
    Invitation,
    JoinRequest,
    Membership,
    Milestone,
    Need,
    Offer,
    PhaseRequest,
    PlanVersion,
    Project,
    Support,
    TimelineEntry,
)
from civic.projects.workflow import (
    MemberRole,
    NeedKind,
    NeedStatus,
    Phase,
    ProjectState,
    RequestStatus,
    Step,
    gate_met,
    plan_sections,
)

TABLES = (
    User,
    Project,
    Membership,
    JoinRequest,
    Invitation,
    Support,
    Need,
    Offer,
    PhaseRequest,
    PlanVersion,
    Milestone,
    TimelineEntry,
)


@pytest.fixture
def projects(ctx) -> list[Project]:
    demo.load()
    return list(db.session.scalars(select(Project).order_by(Project.id)))


def _rows(model: type) -> list:
    return list(db.session.scalars(select(model)))


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _user(local_part: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local_part}@demo.civic.example"))


def test_a_visitor_finds_a_living_landscape(projects):
    published = [p for p in projects if p.is_published]
    assert len(published) >= 30
    active_phases = {p.phase for p in projects if p.state is ProjectState.ACTIVE}
    assert active_phases == set(Phase)
    states = Counter(p.state for p in projects)
    assert states[ProjectState.COMPLETED] >= 3
    assert states[ProjectState.PAUSED] >= 2
    assert states[ProjectState.WITHDRAWN] >= 1
    assert states[ProjectState.DRAFT] >= 1
    assert all(1 <= len(p.districts) <= 2 and 1 <= len(p.topics) <= 3 for p in projects)
    assert {d.name for p in projects for d in p.districts} == set(demo.DISTRICTS)
    assert {t.name_de for p in projects for t in p.topics} == {de for de, _en in demo.TOPICS}
    featured = [p for p in projects if p.featured]
    assert len(featured) == 3
    assert all(p.state in (ProjectState.ACTIVE, ProjectState.COMPLETED) for p in featured)
    assert len({p.title for p in projects}) == len(projects), "titles are unique"
    on_map = [p for p in projects if p.latitude is not None]
    assert len(on_map) >= 15
    for project in on_map:
        assert project.location_name
        assert 50.97 < project.latitude < 51.18 and 13.57 < project.longitude < 13.97


def test_texts_fit_the_forms_and_render(projects):
    for project in projects:
        assert 5 <= len(project.title) <= 120
        assert 0 < len(project.summary) <= 300
        for text in (project.title, project.summary, project.description_markdown):
            assert not has_markup(text), project.title
        assert "<strong>" in project.description_html or "<li>" in project.description_html
        assert len(project.description_markdown.split("\n\n")) >= 3, project.title
        if project.concept_markdown:
            assert project.concept_html.startswith("<p>")
    for need in _rows(Need):
        assert len(need.title) <= 120 and need.description_html.startswith("<p>")


def test_maintained_counters_equal_the_rows(projects):
    for project in projects:
        where = {"project_id": project.id}
        assert project.supporter_count == db.session.scalar(
            select(func.count()).select_from(Support).filter_by(**where)
        )
        assert project.member_count == db.session.scalar(
            select(func.count()).select_from(Membership).filter_by(**where)
        )
        assert project.open_need_count == db.session.scalar(
            select(func.count()).select_from(Need).filter_by(**where, status=NeedStatus.OPEN)
        )
    assert max(p.supporter_count for p in projects) >= 35
    assert min(p.supporter_count for p in projects if p.is_published) < 10


def test_every_project_beyond_initiation_met_its_gates(projects):
    settings = get_settings()
    minimum = settings.gate_min_team_size
    initiation = [p for p in projects if p.phase is Phase.INITIATION]
    assert any(p.member_count < minimum for p in initiation if p.is_published)
    assert any(gate_met(p) for p in initiation if p.state is ProjectState.ACTIVE)
    order = [Phase.INITIATION, Phase.DEVELOPMENT, Phase.IMPLEMENTATION]
    for project in projects:
        if project.phase is Phase.INITIATION:
            continue
        assert project.member_count >= minimum, project.title
        assert len(project.concept_markdown.strip()) >= settings.gate_min_concept_chars
        requests = {
            r.step: r
            for r in db.session.scalars(
                select(PhaseRequest).filter_by(project_id=project.id, status=RequestStatus.ACCEPTED)
            )
        }
        # The team was big enough when it asked to move on.
        to_development = requests[Step.TO_DEVELOPMENT]
        joined_before = [m for m in project.memberships if m.joined_at < to_development.created_at]
        assert len(joined_before) >= minimum, project.title
        timeline = db.session.scalars(
            select(TimelineEntry).filter_by(project_id=project.id, kind="phase_changed")
        ).all()
        assert len(timeline) == order.index(project.phase), project.title
        assert all(entry.reason for entry in timeline)
        plans = db.session.scalars(
            select(PlanVersion).filter_by(project_id=project.id).order_by(PlanVersion.number)
        ).all()
        assert 1 <= len(plans) <= 3 and [p.number for p in plans] == list(range(1, len(plans) + 1))
        if project.phase is Phase.DEVELOPMENT:
            continue
        # Implementation started from a complete plan, and its milestones are that plan's.
        to_implementation = requests[Step.TO_IMPLEMENTATION]
        last = [p for p in plans if p.created_at < to_implementation.created_at][-1]
        assert last is plans[-1]
        assert all(c.met for c in plan_sections(last)), project.title
        milestones = db.session.scalars(
            select(Milestone).filter_by(project_id=project.id).order_by(Milestone.position)
        ).all()
        assert [(m.title, m.due.isoformat(), m.description) for m in milestones] == [
            (m["title"], m["due"], m["description"]) for m in last.milestones
        ]
        for milestone in milestones:
            assert (milestone.done_at is None) == (milestone.done_by_id is None)
            if milestone.done_at is not None:
                assert milestone.done_note
                assert milestone.done_at > to_implementation.decided_at
        if project.state is ProjectState.COMPLETED:
            assert gate_met(project)
            assert project.final_cost_cents and project.final_cost_cents > 0
            assert all(m.done_at is not None for m in milestones)
            assert Step.TO_COMPLETED in requests


def test_versions_of_a_plan_differ(projects):
    by_project: dict[int, list[PlanVersion]] = {}
    for plan in db.session.scalars(select(PlanVersion).order_by(PlanVersion.number)):
        by_project.setdefault(plan.project_id, []).append(plan)
    assert max(len(versions) for versions in by_project.values()) == 3
    from civic.projects.operations import plan_snapshot

    for versions in by_project.values():
        for older, newer in zip(versions, versions[1:], strict=False):
            assert plan_snapshot(older) != plan_snapshot(newer)
            assert newer.note and newer.created_at > older.created_at


def test_timestamps_tell_one_consistent_story(projects):
    now = utcnow()
    earliest = now - timedelta(days=19 * 31)
    entries: dict[int, list[TimelineEntry]] = {}
    for entry in db.session.scalars(select(TimelineEntry)):
        entries.setdefault(entry.project_id, []).append(entry)
    for project in projects:
        assert project.created_at.utcoffset() == timedelta(0)
        assert earliest < project.created_at <= project.last_activity_at <= now
        story = entries[project.id]
        kinds = Counter(e.kind for e in story)
        assert kinds["created"] == 1
        assert all(project.created_at <= e.created_at <= project.last_activity_at for e in story)
        if project.is_published:
            assert project.created_at < project.published_at <= project.last_activity_at
            assert kinds["published"] == 1
            published = next(e for e in story if e.kind == "published")
            assert published.created_at == project.published_at
        else:
            assert project.published_at is None and set(kinds) == {"created"}
        assert kinds["member_joined"] == project.member_count - 1
        state_event = {
            ProjectState.COMPLETED: "completed",
            ProjectState.PAUSED: "pause",
            ProjectState.WITHDRAWN: "withdraw",
        }.get(project.state)
        if state_event:
            assert kinds[state_event] == 1
            assert next(e for e in story if e.kind == state_event).reason
    for model in (Support, Offer, Membership, JoinRequest):
        for row in _rows(model):
            stamp = getattr(row, "created_at", None) or row.joined_at
            assert earliest < stamp <= now


def test_the_demo_citizen_finds_her_projects(projects):
    clara = _user("buergerin")
    mine = db.session.scalars(select(Membership).where(Membership.user_id == clara.id)).all()
    led = {
        m.project.phase
        for m in mine
        if m.role is MemberRole.INITIATOR and m.project.state is ProjectState.ACTIVE
    }
    assert led == set(Phase)
    assert any(m.role is MemberRole.MEMBER for m in mine)
    asked = db.session.scalars(
        select(JoinRequest).filter_by(user_id=clara.id, status=RequestStatus.PENDING)
    ).all()
    assert len(asked) == 1
    assert asked[0].project_id not in {m.project_id for m in mine}
    assert asked[0].project.state is ProjectState.ACTIVE


def test_demo_citizens_can_sign_in(projects):
    citizens = db.session.scalars(
        select(User).where(User.email.like("%.%@demo.civic.example"))
    ).all()
    assert 35 <= len(citizens) <= 50
    for user in citizens:
        local = user.email.split("@")[0]
        first = user.display_name.lower().split(" ")[0]
        assert local.startswith(f"{first}.") and local.isascii()
        assert user.is_verified and user.created_at < min(p.created_at for p in projects)
    assert auth.check_password(citizens[0], demo.DEMO_PASSWORD)
    members = {m.user_id for m in _rows(Membership)}
    supporters = {s.user_id for s in _rows(Support)}
    assert all(u.id in members | supporters for u in citizens)


def test_needs_offers_and_requests_keep_the_queues_busy(projects):
    needs = _rows(Need)
    assert {n.kind for n in needs} == set(NeedKind)
    assert {n.status for n in needs} >= {NeedStatus.OPEN, NeedStatus.MET}
    assert len({n.project_id for n in needs}) >= 18
    teams: dict[int, set[int]] = {}
    for member in _rows(Membership):
        teams.setdefault(member.project_id, set()).add(member.user_id)
    offers = _rows(Offer)
    assert {o.status for o in offers} >= {
        RequestStatus.PENDING,
        RequestStatus.ACCEPTED,
        RequestStatus.DECLINED,
    }
    for offer in offers:
        assert offer.user_id not in teams[offer.need.project_id]
        assert offer.created_at >= offer.need.created_at
        if offer.status is RequestStatus.PENDING:
            assert offer.need.status is NeedStatus.OPEN
        else:
            assert offer.decided_at is not None
    for need in needs:
        assert (need.status is NeedStatus.OPEN) == (need.closed_at is None)
    requests = _rows(PhaseRequest)
    pending = [r for r in requests if r.status is RequestStatus.PENDING]
    assert {r.step for r in pending} == set(Step)
    assert all(r.project.state is ProjectState.ACTIVE for r in pending)
    declined = [r for r in requests if r.status is RequestStatus.DECLINED]
    assert len(declined) >= 3 and all(r.decision_reason for r in declined)
    contact = _user("fachamt")
    assigned = [p for p in projects if p.department_contact_id == contact.id]
    assert len(assigned) >= 4 and contact.has_role(Role.DEPARTMENT_CONTACT)


def test_loading_twice_adds_nothing(projects):
    before = {model.__name__: _count(model) for model in TABLES}
    demo.load()
    assert load_projects() == 0
    assert {model.__name__: _count(model) for model in TABLES} == before


def test_cli_loads_the_landscape_and_lists_the_accounts(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["civic", "demo-data"])
    assert result.exit_code == 0, result.output
    for email, _name, _role, _dept in demo.ACCOUNTS:
        assert email in result.output
    assert _count(Project) >= 30
    again = runner.invoke(args=["civic", "demo-data", "--if-empty"])
    assert again.exit_code == 0 and "buergerin@demo.civic.example" in again.output


def test_due_dates_of_open_milestones_lie_ahead_or_recently_passed(projects):
    today = utcnow().date()
    open_milestones = db.session.scalars(select(Milestone).where(Milestone.done_at.is_(None))).all()
    assert open_milestones
    assert all(m.due >= today - timedelta(days=45) for m in open_milestones)
