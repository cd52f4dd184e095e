"""Demo data of the projects domain: a living landscape of citizen projects in Dresden.

``load_projects()`` adds about forty demo citizens and 34 projects in every phase and state,
with teams, supporters, needs and offers, phase requests, plan versions, milestones and a
timeline, spread over the last eighteen months. It runs once: as soon as any project exists it
adds nothing (the citizens are looked up before they are created, like the rest of the demo).

The rows are built directly with the models, not through the operations (which send mail and
write the audit log), but every row keeps to the rules of ``workflow.py`` and ``operations.py``:
a project beyond initiation met the gate (team size, concept) before its request, implementation
projects carry the milestones of their last plan version, completed projects have a final report
and their actual costs, and the maintained counters equal the rows. Timestamps are relative to
the moment of loading and come from one seeded random generator per project, so the landscape
looks the same, and fresh, whenever it is loaded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from civic.accounts import auth
from civic.accounts.models import User
from civic.core.demo import DEMO_PASSWORD
from civic.core.markdown import render_markdown
from civic.core.models import District, Topic
from civic.core.site import get_settings
from civic.core.taxonomy import slugify
from civic.db import db, utcnow
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
)

SEED = 2015  # the year Dresden's Zukunftsstadt process began
DOMAIN = "demo.civic.example"

# Shorter names for the specifications below.
INITIATION, DEVELOPMENT, IMPLEMENTATION = Phase
DRAFT, ACTIVE, PAUSED, COMPLETED, WITHDRAWN = ProjectState
PENDING, ACCEPTED, DECLINED = RequestStatus.PENDING, RequestStatus.ACCEPTED, RequestStatus.DECLINED
OPEN, MET, CLOSED = NeedStatus


# --- what a demo project is made of ------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One version of an implementation plan. Milestones are (title, days after the start of
    implementation, description); cost lines are (label, euros)."""

    note: str
    goals: str
    team_roles: str
    risks: str
    resources: str
    partners: str
    milestones: tuple[tuple[str, int, str], ...]
    costs: tuple[tuple[str, int], ...]
    own: int = 0
    other: int = 0
    other_note: str = ""


@dataclass(frozen=True)
class Help:
    """An offer of help: who (a citizen's key), what they wrote, and how it was answered."""

    user: str
    message: str
    status: RequestStatus = PENDING


@dataclass(frozen=True)
class Wanted:
    """A need posted by the team; ``at`` is when, as a share of the project's public life."""

    kind: NeedKind
    title: str
    description: str
    status: NeedStatus = OPEN
    offers: tuple[Help, ...] = ()
    at: float = 0.4


@dataclass(frozen=True)
class Declined:
    """A request the coordination office declined; ``at`` is a share of the phase's time."""

    step: Step
    message: str
    reason: str
    at: float = 0.6


@dataclass(frozen=True)
class Spec:
    """A demo project. ``team`` starts with the initiator; entries are a citizen's key or
    (key, task). Ages are in days before loading: ``age`` since the idea was written, ``dev``
    and ``impl`` since the phase began, ``end`` since it was completed, paused or withdrawn."""

    title: str
    summary: str
    description: str
    districts: tuple[str, ...]
    topics: tuple[str, ...]
    team: tuple[str | tuple[str, str], ...]
    age: int
    phase: Phase = INITIATION
    state: ProjectState = ACTIVE
    concept: str = ""
    place: tuple[str, float, float] | None = None
    supporters: int = 0
    dev: int | None = None
    impl: int | None = None
    end: int | None = None
    end_reason: str = ""
    plans: tuple[Plan, ...] = ()
    done: tuple[str, ...] = ()
    needs: tuple[Wanted, ...] = ()
    declined: tuple[Declined, ...] = ()
    pending: str = ""
    dropped_request: str = ""
    asks: tuple[tuple[str, str], ...] = ()
    report: str = ""
    cost_cents: int | None = None
    contact: bool = False
    featured: bool = False


# --- loading -----------------------------------------------------------------------------------


def citizen_key(name: str) -> str:
    """``Emilia Krüger`` → ``emilia.krueger`` (the local part of the demo e-mail address)."""
    first, last = name.split(" ", 1)
    return f"{slugify(first)}.{slugify(last).replace('-', '')}"


def load_projects() -> int:
    """Add the demo citizens and projects unless a project exists; returns projects added."""
    if db.session.scalar(select(func.count()).select_from(Project)):
        return 0
    now = utcnow().replace(second=0, microsecond=0)
    people = _people(now)
    districts = {d.name: d for d in db.session.scalars(select(District))}
    topics = {t.name_de: t for t in db.session.scalars(select(Topic))}
    for index, spec in enumerate(PROJECTS):
        _Builder(spec, index, now, people, districts, topics).build()
    db.session.flush()
    return len(PROJECTS)


def _people(now: datetime) -> dict[str, User]:
    """The demo citizens (created if missing) and the demo accounts the projects involve."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    password_hash = ""
    people: dict[str, User] = {}
    for name in CITIZENS:
        key = citizen_key(name)
        email = f"{key}@{DOMAIN}"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            # One hash for all: the password is the same and published anyway.
            password_hash = password_hash or auth.hash_password(DEMO_PASSWORD)
            joined = now - timedelta(days=rng.randint(560, 620), minutes=rng.randint(0, 1440))
            user = User(
                display_name=name,
                email=email,
                password_hash=password_hash,
                locale="de",
                created_at=joined,
                privacy_consent_at=joined,
                email_verified_at=joined + timedelta(minutes=rng.randint(2, 180)),
            )
            db.session.add(user)
        people[key] = user
    # The demo accounts of core/demo.py were created just now; their history here is older.
    since = now - timedelta(days=640)
    for key in ("buergerin", "koordination", "fachamt", "stadtraetin"):
        user = db.session.scalar(select(User).where(User.email == f"{key}@{DOMAIN}"))
        if user is None:
            raise LookupError(f"demo account {key}@{DOMAIN} is missing; load core demo first")
        if user.created_at > since:
            user.created_at = user.privacy_consent_at = since
            if user.email_verified_at is not None:
                user.email_verified_at = since + timedelta(minutes=12)
        people[key] = user
    db.session.flush()
    return people


def _between(start: datetime, end: datetime, share: float) -> datetime:
    return start + (end - start) * share


TIMESTAMPS = (
    "created_at",
    "published_at",
    "last_activity_at",
    "updated_at",
    "joined_at",
    "decided_at",
    "closed_at",
    "done_at",
)


def _daytime(moment: datetime, today: datetime) -> datetime:
    """Squeeze a day's 24 hours into 7:00–22:00, so that nobody posts at three in the morning.
    The mapping keeps the order of all moments; today's moments stay as they are (≤ now)."""
    if moment >= today:
        return moment
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(hours=7) + (moment - midnight) * (15 / 24)


class _Builder:
    """Builds one project and everything hanging on it, in the order it happened."""

    def __init__(
        self,
        spec: Spec,
        index: int,
        now: datetime,
        people: dict[str, User],
        districts: dict[str, District],
        topics: dict[str, Topic],
    ) -> None:
        self.spec = spec
        self.now = now
        self.people = people
        self.districts = districts
        self.topics = topics
        self.rng = random.Random(f"{SEED}:{index}")  # noqa: S311 - demo data
        self.coordination = people["koordination"]
        self.joined: list[tuple[datetime, User]] = []
        self.activity: list[datetime] = []
        self.rows: list[Any] = []
        self.project: Project

    # -- small helpers

    def add(self, row: Any) -> None:
        db.session.add(row)
        self.rows.append(row)

    def ago(self, days: int) -> datetime:
        moment = self.now - timedelta(days=days)
        return moment.replace(hour=self.rng.randint(7, 20), minute=self.rng.randint(0, 59))

    def later(self, moment: datetime, low_hours: float, high_hours: float) -> datetime:
        return moment + timedelta(hours=self.rng.uniform(low_hours, high_hours))

    def user(self, key: str) -> User:
        return self.people[key]

    def team_at(self, moment: datetime) -> list[User]:
        return [user for joined, user in self.joined if joined <= moment]

    def someone(self, moment: datetime) -> User:
        """A team member who was on the team at that moment."""
        return self.rng.choice(self.team_at(moment))

    def event(
        self,
        kind: str,
        at: datetime,
        actor: User | None,
        from_value: str = "",
        to_value: str = "",
        reason: str = "",
        **details: Any,
    ) -> None:
        assert self.project.created_at <= at <= self.now, (self.spec.title, kind, at)
        self.add(
            TimelineEntry(
                project_id=self.project.id,
                kind=kind,
                actor_id=actor.id if actor else None,
                from_value=str(from_value),
                to_value=str(to_value),
                reason=reason,
                details=details,
                created_at=at,
            )
        )
        self.activity.append(at)

    def phase_request(
        self,
        step: Step,
        at: datetime,
        message: str,
        status: RequestStatus,
        decided_at: datetime | None = None,
        reason: str = "",
    ) -> None:
        before = {
            Step.TO_DEVELOPMENT: INITIATION,
            Step.TO_IMPLEMENTATION: DEVELOPMENT,
            Step.TO_COMPLETED: IMPLEMENTATION,
        }[step]
        requester = self.user(self.initiator_key) if step is Step.TO_DEVELOPMENT else None
        requester = requester or self.someone(at)
        decider = self.coordination if status in (ACCEPTED, DECLINED) else None
        self.add(
            PhaseRequest(
                project_id=self.project.id,
                step=step,
                message=message,
                requested_by_id=requester.id,
                status=status,
                decision_reason=reason,
                decided_by_id=decider.id if decider else None,
                created_at=at,
                decided_at=decided_at,
            )
        )
        self.event("phase_requested", at, requester, before, step, reason=message)
        if status is DECLINED:
            assert decided_at is not None
            self.event("phase_declined", decided_at, decider, before, step, reason=reason)
        elif status is ACCEPTED:
            assert decided_at is not None
            if step is Step.TO_COMPLETED:
                self.event("completed", decided_at, decider, ACTIVE, COMPLETED, reason=reason)
            else:
                self.event("phase_changed", decided_at, decider, before, step.value, reason=reason)

    # -- the project's life, step by step

    @property
    def initiator_key(self) -> str:
        first = self.spec.team[0]
        return first if isinstance(first, str) else first[0]

    def build(self) -> None:
        spec, rng = self.spec, self.rng
        initiator = self.user(self.initiator_key)
        created = self.ago(spec.age)
        draft = spec.state is DRAFT
        published = None if draft else self.later(created, 1, 96)
        t_dev = self.ago(spec.dev) if spec.dev is not None else None
        t_impl = self.ago(spec.impl) if spec.impl is not None else None
        t_end = self.ago(spec.end) if spec.end is not None else None
        stop = t_end or self.now - timedelta(minutes=rng.randint(15, 900))
        pending_at = self.now - timedelta(days=rng.uniform(1, 8)) if spec.pending else None
        moments = [m for m in (created, published, t_dev, t_impl, t_end) if m is not None]
        assert moments == sorted(moments), spec.title

        place_name, lat, lon = spec.place or ("", None, None)
        project = Project(
            title=spec.title,
            summary=spec.summary,
            description_markdown=spec.description,
            description_html=render_markdown(spec.description),
            concept_markdown=spec.concept,
            concept_html=render_markdown(spec.concept),
            phase=spec.phase,
            state=spec.state,
            location_name=place_name,
            latitude=lat,
            longitude=lon,
            final_report_markdown=spec.report,
            final_report_html=render_markdown(spec.report),
            final_cost_cents=spec.cost_cents,
            created_by_id=initiator.id,
            featured=spec.featured,
            created_at=created,
            published_at=published,
            last_activity_at=created,
            updated_at=created,
            districts=[self.districts[name] for name in spec.districts],
            topics=[self.topics[name] for name in spec.topics],
        )
        self.add(project)
        db.session.flush()
        self.project = project
        self.event("created", created, initiator)
        initiator_task = spec.team[0][1] if isinstance(spec.team[0], tuple) else ""
        self.add(
            Membership(
                project_id=project.id,
                user_id=initiator.id,
                role=MemberRole.INITIATOR,
                task=initiator_task,
                joined_at=created,
            )
        )
        self.joined.append((created, initiator))
        if published is None:
            assert len(spec.team) == 1 and not spec.needs, "a draft has only its initiator"
            self.finish(supporters=0, open_needs=0)
            return
        self.event("published", published, initiator, to_value=ACTIVE)

        # Initiation: the team forms before the first request to move on.
        dev_requests = [d for d in spec.declined if d.step is Step.TO_DEVELOPMENT]
        dev_request_at = t_dev - timedelta(days=rng.uniform(2, 7)) if t_dev else None
        if dev_request_at is None and spec.phase is INITIATION and pending_at:
            dev_request_at = pending_at
        initiation_end = dev_request_at or stop
        needs_gate = dev_request_at is not None or bool(dev_requests)
        gate_size = get_settings().gate_min_team_size - 1 if needs_gate else 0
        self.form_team(published, initiation_end, stop, gate_size)
        for item in dev_requests:
            self.declined_request(item, published, initiation_end)
        if t_dev and dev_request_at:
            message, reason = rng.choice(DEV_MESSAGES), rng.choice(DEV_REASONS)
            self.phase_request(
                Step.TO_DEVELOPMENT, dev_request_at, message, ACCEPTED, t_dev, reason
            )
        elif spec.phase is INITIATION and pending_at:
            self.phase_request(Step.TO_DEVELOPMENT, pending_at, spec.pending, PENDING)

        # Development: the plan grows in versions, a contact in the administration is found.
        plan: PlanVersion | None = None
        if t_dev:
            impl_request_at = t_impl - timedelta(days=rng.uniform(2, 7)) if t_impl else None
            dropped_at = _between(t_dev, stop, 0.85) if spec.dropped_request else None
            dev_end = (
                impl_request_at
                or dropped_at
                or (pending_at if spec.phase is DEVELOPMENT else None)
                or t_end
                or stop
            )
            if spec.contact:
                self.assign_contact(_between(t_dev, dev_end, rng.uniform(0.05, 0.2)))
            anchor = t_impl or ((t_end or self.now) + timedelta(days=45))
            count = len(spec.plans)
            for number, draft_plan in enumerate(spec.plans, start=1):
                share = (number - 0.5) / count * 0.9 + rng.uniform(-0.03, 0.03)
                plan = self.save_plan(number, draft_plan, _between(t_dev, dev_end, share), anchor)
            for item in spec.declined:
                if item.step is Step.TO_IMPLEMENTATION:
                    self.declined_request(item, t_dev, dev_end)
            if t_impl and impl_request_at:
                message, reason = rng.choice(IMPL_MESSAGES), rng.choice(IMPL_REASONS)
                self.phase_request(
                    Step.TO_IMPLEMENTATION, impl_request_at, message, ACCEPTED, t_impl, reason
                )
            elif spec.phase is DEVELOPMENT and pending_at:
                self.phase_request(Step.TO_IMPLEMENTATION, pending_at, spec.pending, PENDING)
            elif dropped_at:
                # Pausing the project withdrew the request that was waiting (operations do so).
                self.phase_request(
                    Step.TO_IMPLEMENTATION,
                    dropped_at,
                    spec.dropped_request,
                    RequestStatus.WITHDRAWN,
                    decided_at=t_end,
                )

        # Implementation: milestones of the last plan are carried out, a report is written.
        if t_impl:
            assert plan is not None, spec.title
            complete_request_at = (
                t_end - timedelta(days=rng.uniform(2, 6)) if spec.state is COMPLETED else None
            )
            impl_end = complete_request_at or (pending_at if spec.pending else None) or stop
            self.carry_out(plan, t_impl, impl_end)
            for item in spec.declined:
                if item.step is Step.TO_COMPLETED:
                    self.declined_request(item, t_impl, impl_end)
            if complete_request_at and t_end:
                message, reason = rng.choice(COMPLETE_MESSAGES), rng.choice(COMPLETE_REASONS)
                self.phase_request(
                    Step.TO_COMPLETED, complete_request_at, message, ACCEPTED, t_end, reason
                )
            elif pending_at:
                self.phase_request(Step.TO_COMPLETED, pending_at, spec.pending, PENDING)

        if spec.state in (PAUSED, WITHDRAWN) and t_end:
            action = "pause" if spec.state is PAUSED else "withdraw"
            self.event(action, t_end, initiator, ACTIVE, spec.state, reason=spec.end_reason)

        supporters = self.supporters(published, stop)
        open_needs = sum(self.need(item, published, stop) for item in spec.needs)
        for key, message in spec.asks:
            self.ask_to_join(key, message, published)
        self.finish(supporters=supporters, open_needs=open_needs)

    def form_team(
        self, published: datetime, initiation_end: datetime, stop: datetime, gate_size: int
    ) -> None:
        """Members join: those the gate needs before the first request, the others any time."""
        members = [m if isinstance(m, tuple) else (m, "") for m in self.spec.team[1:]]
        assert len(members) >= gate_size, f"{self.spec.title}: team too small for its phase"
        times = sorted(
            _between(published, initiation_end, self.rng.uniform(0.05, 0.45))
            for _ in range(gate_size)
        ) + [
            _between(published, stop, self.rng.uniform(0.05, 0.95))
            for _ in range(len(members) - gate_size)
        ]
        initiator = self.user(self.initiator_key)
        for (key, task), joined in sorted(zip(members, times, strict=True), key=lambda x: x[1]):
            member = self.user(key)
            self.add(
                Membership(
                    project_id=self.project.id,
                    user_id=member.id,
                    role=MemberRole.MEMBER,
                    task=task,
                    joined_at=joined,
                )
            )
            asked = max(published, joined - timedelta(hours=self.rng.uniform(3, 72)))
            if self.rng.random() < 0.7:
                self.add(
                    JoinRequest(
                        project_id=self.project.id,
                        user_id=member.id,
                        message=self.rng.choice(JOIN_MESSAGES),
                        status=ACCEPTED,
                        created_at=asked,
                        decided_at=joined,
                        decided_by_id=initiator.id,
                    )
                )
                self.event(
                    "member_joined", joined, initiator, to_value=member.display_name, how="request"
                )
            else:
                self.add(
                    Invitation(
                        project_id=self.project.id,
                        email=member.email,
                        message=self.rng.choice(INVITATION_MESSAGES),
                        invited_by_id=initiator.id,
                        status=ACCEPTED,
                        created_at=asked,
                        decided_at=joined,
                        accepted_by_id=member.id,
                    )
                )
                self.event(
                    "member_joined", joined, member, to_value=member.display_name, how="invitation"
                )
            self.joined.append((joined, member))
        self.joined.sort(key=lambda item: item[0])

    def declined_request(self, item: Declined, start: datetime, end: datetime) -> None:
        at = _between(start, end, item.at)
        decided = self.later(at, 20, 120)
        assert decided < end, f"{self.spec.title}: declined request too late"
        self.phase_request(item.step, at, item.message, DECLINED, decided, item.reason)

    def assign_contact(self, at: datetime) -> None:
        contact = self.user("fachamt")
        self.project.department_contact_id = contact.id
        department = contact.department.name if contact.department else ""
        self.event(
            "contact_assigned",
            at,
            self.coordination,
            to_value=contact.display_name,
            department=department,
        )

    def save_plan(self, number: int, draft: Plan, at: datetime, anchor: datetime) -> PlanVersion:
        author = self.someone(at)
        version = PlanVersion(
            project_id=self.project.id,
            number=number,
            goals=draft.goals,
            team_roles=draft.team_roles,
            risks=draft.risks,
            resources=draft.resources,
            partners=draft.partners,
            milestones=[
                {
                    "title": title,
                    "due": (anchor + timedelta(days=days)).date().isoformat(),
                    "description": description,
                }
                for title, days, description in draft.milestones
            ],
            cost_lines=[
                {"label": label, "amount_cents": euros * 100} for label, euros in draft.costs
            ],
            own_contribution_cents=draft.own * 100,
            other_funding_cents=draft.other * 100,
            other_funding_note=draft.other_note,
            note=draft.note,
            created_by_id=author.id,
            created_at=at,
        )
        self.add(version)
        self.event("plan_saved", at, author, to_value=str(number), reason=draft.note)
        return version

    def carry_out(self, plan: PlanVersion, started: datetime, end: datetime) -> None:
        """The milestones of the last plan version, the first ones marked done."""
        notes = self.spec.done
        assert len(notes) <= len(plan.milestones), self.spec.title
        if self.spec.state is COMPLETED:
            assert len(notes) == len(plan.milestones), f"{self.spec.title}: milestones open"
        previous = started
        for position, item in enumerate(plan.milestones):
            due = date.fromisoformat(item["due"])
            milestone = Milestone(
                project_id=self.project.id,
                position=position,
                title=item["title"],
                due=due,
                description=item["description"],
            )
            if position < len(notes):
                planned = datetime.combine(due, started.timetz()) + timedelta(
                    days=self.rng.uniform(-4, 3)
                )
                done_at = min(max(planned, previous + timedelta(hours=30)), end)
                done_at = done_at - timedelta(hours=self.rng.uniform(1, 20))
                assert done_at > previous - timedelta(hours=20), self.spec.title
                who = self.someone(done_at)
                milestone.done_at = done_at
                milestone.done_by_id = who.id
                milestone.done_note = notes[position]
                self.event(
                    "milestone_done", done_at, who, to_value=item["title"], reason=notes[position]
                )
                previous = done_at
            self.add(milestone)

    def supporters(self, published: datetime, stop: datetime) -> int:
        team = {user.id for _, user in self.joined}
        pool = [
            user
            for key, user in self.people.items()
            if key not in ("koordination", "fachamt") and user.id not in team
        ]
        chosen = self.rng.sample(pool, min(self.spec.supporters, len(pool)))
        for user in chosen:
            at = _between(published, stop, self.rng.random() ** 1.3)
            self.add(Support(project_id=self.project.id, user_id=user.id, created_at=at))
            self.activity.append(at)
        return len(chosen)

    def need(self, item: Wanted, published: datetime, stop: datetime) -> int:
        """Post a need with its offers; returns 1 if it is still open."""
        posted = _between(published, stop, item.at)
        author = self.someone(posted)
        need = Need(
            project_id=self.project.id,
            kind=item.kind,
            title=item.title,
            description_markdown=item.description,
            description_html=render_markdown(item.description),
            status=OPEN,  # closed below, once its offers are answered
            created_by_id=author.id,
            created_at=posted,
        )
        self.add(need)
        db.session.flush()
        self.event("need_posted", posted, author, to_value=item.title)
        last = posted
        room = (stop - posted) / (len(item.offers) + 2)
        team = {user.id for _, user in self.joined}
        for number, offer in enumerate(item.offers, start=1):
            helper = self.user(offer.user)
            assert helper.id not in team, f"{self.spec.title}: team members do not offer help"
            assert item.status is OPEN or offer.status is not PENDING, item.title
            offered = posted + room * (number - 1 + self.rng.uniform(0.2, 0.8))
            row = Offer(
                need_id=need.id,
                user_id=helper.id,
                message=offer.message,
                status=offer.status,
                created_at=offered,
            )
            self.activity.append(offered)
            if offer.status in (ACCEPTED, DECLINED):
                decided = offered + min(room / 3, timedelta(days=self.rng.uniform(0.2, 4)))
                decider = self.someone(decided)
                row.decided_at, row.decided_by_id = decided, decider.id
                if offer.status is ACCEPTED:
                    self.event(
                        "offer_accepted",
                        decided,
                        decider,
                        to_value=item.title,
                        helper=helper.display_name,
                    )
                last = max(last, decided)
            self.add(row)
        if item.status is OPEN:
            return 1
        closed = min(last + timedelta(days=self.rng.uniform(1, 9)), stop)
        need.status, need.closed_at = item.status, closed
        kind = "need_met" if item.status is MET else "need_closed"
        self.event(kind, closed, self.someone(closed), to_value=item.title)
        return 0

    def ask_to_join(self, key: str, message: str, published: datetime) -> None:
        """A request to join that the team has not answered yet."""
        user = self.user(key)
        assert self.spec.state is ACTIVE, f"{self.spec.title}: only active teams take requests"
        assert user.id not in {u.id for _, u in self.joined}, self.spec.title
        asked = max(published, self.now - timedelta(days=self.rng.uniform(0.5, 9)))
        self.add(
            JoinRequest(
                project_id=self.project.id,
                user_id=user.id,
                message=message,
                status=PENDING,
                created_at=asked,
            )
        )

    def finish(self, supporters: int, open_needs: int) -> None:
        project = self.project
        project.supporter_count = supporters
        project.member_count = len(self.joined)
        project.open_need_count = open_needs
        project.last_activity_at = max(self.activity)
        project.updated_at = project.last_activity_at
        today = self.now.replace(hour=0, minute=0)
        for row in self.rows:
            for name in TIMESTAMPS:
                moment = getattr(row, name, None)
                if moment is not None:
                    setattr(row, name, _daytime(moment, today))
        db.session.flush()


# --- the people --------------------------------------------------------------------------------

CITIZENS = [
    "Jonas Weber",
    "Lena Hoffmann",
    "Matthias Krause",
    "Sophie Lehmann",
    "Katrin Schulze",
    "Thomas Fischer",
    "Mira Wagner",
    "Paul Neumann",
    "Hannah Schwarz",
    "Uwe Zimmermann",
    "Birgit Hartmann",
    "Lukas Braun",
    "Emilia Krüger",
    "Ahmad Haddad",
    "Linh Nguyen",
    "Olga Petrenko",
    "Marek Nowak",
    "Jana Vogel",
    "Steffen Lange",
    "Ines Schubert",
    "Frank Böhme",
    "Heike Günther",
    "Ralf Seidel",
    "Sabrina Kühn",
    "Tobias Arnold",
    "Carla Winkler",
    "Elias Pohl",
    "Greta Lorenz",
    "Dieter Franke",
    "Monika Engel",
    "Yasmin Özdemir",
    "Henrik Jahn",
    "Luise Haase",
    "Maximilian Ebert",
    "Fatima Rahimi",
    "Ole Fiedler",
    "Rosa Kaiser",
    "Benedikt Sommer",
    "Theresa Walther",
    "Kevin Schreiber",
    "Marlene Hahn",
    "Wolfgang Teichmann",
]

# --- what people write when nothing more specific is said ---------------------------------------

JOIN_MESSAGES = [
    "Ich wohne gleich um die Ecke und würde gern mitmachen.",
    "Die Idee gefällt mir sehr. Ich habe etwa zwei Abende im Monat Zeit – wo kann ich helfen?",
    "Ich habe so etwas schon einmal in Leipzig mit aufgebaut und bringe gern meine Erfahrung ein.",
    "Hallo! Ich kann gut organisieren und kenne viele Leute im Viertel. Darf ich dazukommen?",
    "Ich bin neu in Dresden und suche ein Projekt, bei dem ich anpacken kann.",
    "Ich arbeite beruflich in dem Bereich und würde das Team gern fachlich unterstützen.",
    "Seit dem Stadtteilabend denke ich an euer Projekt. Ich wäre gern dabei.",
    "Ich kann Texte schreiben und Fotos machen – vielleicht hilft das bei der "
    "Öffentlichkeitsarbeit.",
]

INVITATION_MESSAGES = [
    "Wir haben uns beim Stadtteilfest unterhalten – hier ist die versprochene Einladung ins Team.",
    "Du hast doch Erfahrung mit solchen Sachen. Hast du Lust, mitzumachen?",
    "Wir brauchen noch jemanden, der sich mit Finanzen auskennt. Magst du dazukommen?",
    "Schön, dass du beim letzten Treffen dabei warst. Damit es offiziell ist: willkommen im Team!",
]

DEV_MESSAGES = [
    "Unser Team steht, das Kurzkonzept ist fertig. Wir würden gern mit der Planung beginnen.",
    "Wir haben uns dreimal getroffen und das Konzept gemeinsam geschrieben. Bitte prüfen Sie, "
    "ob wir in die Projektentwicklung gehen können.",
    "Das Team ist vollständig, erste Gespräche mit möglichen Partnern laufen. Jetzt möchten wir "
    "einen richtigen Plan mit Kosten aufstellen.",
    "Kurzkonzept steht, Aufgaben sind verteilt. Wir freuen uns auf die nächste Phase.",
]

DEV_REASONS = [
    "Team und Kurzkonzept erfüllen die Kriterien. Viel Erfolg bei der Planung – denken Sie früh "
    "an einen Kostenplan.",
    "Bestätigt. Das Konzept ist nachvollziehbar. Für die Planung empfehlen wir, eine Stadträtin "
    "oder einen Stadtrat als Mentor*in anzufragen.",
    "Die Kriterien sind erfüllt. Bitte sprechen Sie vor der Kostenplanung mit dem zuständigen "
    "Fachamt; wir stellen den Kontakt gern her.",
    "Bestätigt – eine schöne Idee mit klarem Nutzen für den Stadtteil.",
]

IMPL_MESSAGES = [
    "Der Umsetzungsplan ist vollständig: Ziele, Meilensteine, Kosten, Rollen und Risiken sind "
    "beschrieben. Wir möchten loslegen.",
    "Die Finanzierung ist geklärt, die nötigen Zusagen liegen vor. Bitte bestätigen Sie den Start "
    "der Umsetzung.",
    "Wir haben den Plan mit dem Fachamt abgestimmt und sind bereit für die Umsetzung.",
]

IMPL_REASONS = [
    "Der Plan ist vollständig und realistisch. Bestätigt – bitte halten Sie die Meilensteine auf "
    "der Projektseite aktuell.",
    "Bestätigt. Kosten- und Zeitplan passen zusammen, die Eigenleistungen sind gut beschrieben.",
    "Die Umsetzung kann beginnen. Das zuständige Fachamt ist informiert.",
]

COMPLETE_MESSAGES = [
    "Alle Meilensteine sind erledigt. Abschlussbericht und tatsächliche Kosten stehen auf der "
    "Projektseite.",
    "Wir sind fertig! Der Bericht beschreibt, was geklappt hat, was es gekostet hat und was "
    "bleibt.",
]

COMPLETE_REASONS = [
    "Vielen Dank für den ausführlichen Bericht. Das Projekt ist abgeschlossen – herzlichen "
    "Glückwunsch an das ganze Team!",
    "Bericht und Kostenaufstellung sind vollständig. Abgeschlossen – danke für Ihr Engagement.",
]


# --- the projects ------------------------------------------------------------------------------
#
# Initiation: 2 drafts, 4 teams still too small, 4 with team and concept (one waiting for the
# coordination office, one declined before). Development: 10 active. Implementation: 8 active
# (one waiting for completion). Then 3 completed, 2 paused, 1 withdrawn.

PROJECTS: list[Spec] = []

# Initiation -------------------------------------------------------------------------------------

PROJECTS.append(
    Spec(
        title="Trinkwasser-Karte: Wo gibt es in Dresden kostenlos Wasser?",
        summary="Eine offene Karte aller öffentlichen Trinkbrunnen, Refill-Stationen und Cafés, "
        "die Flaschen kostenlos auffüllen – damit an heißen Tagen niemand Wasser kaufen muss.",
        description="""\
An heißen Tagen wird es in der Innenstadt schnell unangenehm. Wer keine Flasche dabeihat, muss
Wasser kaufen, und viele wissen gar nicht, wo die wenigen Trinkbrunnen stehen.

Ich möchte eine **offene Karte** aufbauen, auf der alle Orte verzeichnet sind, an denen man
kostenlos Trinkwasser bekommt:

- öffentliche Trinkbrunnen,
- Geschäfte und Cafés, die beim Refill-Netzwerk mitmachen,
- Orte mit Schatten und Toiletten in der Nähe.

Die Daten sollen als offene Daten frei nutzbar sein, damit auch andere Apps und Stadtpläne sie
verwenden können. Noch ist das ein Entwurf – Hinweise sind willkommen, sobald ich ihn
veröffentliche.
""",
        districts=("Altstadt",),
        topics=("Klima und Umwelt", "Digitale Stadt"),
        team=(("linh.nguyen", "Idee und Kartendaten"),),
        age=9,
        state=DRAFT,
    )
)

PROJECTS.append(
    Spec(
        title="Hofflohmarkt in Löbtau",
        summary="Einmal im Jahr öffnen Hausgemeinschaften ihre Innenhöfe für einen gemeinsamen "
        "Flohmarkt – ohne Standgebühr, mit einer Karte aller teilnehmenden Höfe.",
        description="""\
In Löbtau gibt es viele schöne Innenhöfe, die das ganze Jahr über kaum jemand sieht. Die Idee:
An einem Samstag öffnen möglichst viele Hausgemeinschaften gleichzeitig ihre Höfe und verkaufen,
was sie nicht mehr brauchen.

- keine Standgebühr, keine Anmeldung beim Veranstalter, nur ein Eintrag auf der Hofkarte,
- Kinder verkaufen Spielzeug, Nachbarn lernen sich kennen,
- was übrig bleibt, geht an die Kleiderkammer und den Umsonstladen.

Ich schreibe gerade auf, was wir dafür brauchen, und veröffentliche die Idee dann hier.
""",
        districts=("Cotta",),
        place=("Wernerstraße, Löbtau", 51.0446, 13.7037),
        topics=("Nachbarschaft und Soziales", "Klima und Umwelt"),
        team=("kevin.schreiber",),
        age=4,
        state=DRAFT,
    )
)

PROJECTS.append(
    Spec(
        title="Lastenräder zum Ausleihen in Pieschen",
        summary="Drei Lastenräder, die Nachbarinnen und Nachbarn kostenlos für Einkauf, Umzug "
        "oder Ausflug ausleihen können – betreut von Geschäften im Viertel.",
        description="""\
Viele Wege in Pieschen sind kurz, aber zu schwer für den Fahrradkorb: der Wocheneinkauf, die
Getränkekisten, das Regal vom Flohmarkt oder die Kinder auf dem Weg zur Elbe. Ein Auto lohnt sich
dafür nicht, ein eigenes Lastenrad ist für die meisten zu teuer.

Wir möchten **drei Lastenräder** anschaffen, die alle im Stadtteil kostenlos ausleihen können:

- gebucht wird online oder per Telefon, für einige Stunden bis zu drei Tage,
- die Räder stehen bei Geschäften und Vereinen, die Schlüssel und Ausleihe übernehmen,
- ein kleines Team kümmert sich um Wartung und Reparaturen.

Ähnliche Projekte gibt es in vielen Städten, und sie werden gut angenommen. Wir suchen noch
Mitstreiter*innen – besonders Menschen, die gern schrauben oder Lust auf Organisation haben.
""",
        concept="""\
**Räder:** zwei Lastenräder mit Kiste für Einkauf und Kinder, ein Rad mit langer Ladefläche für
Sperriges. Alle mit Elektrounterstützung, weil es von der Elbe hoch zur Großenhainer Straße geht.

**Standorte:** ein Fahrradladen auf der Bürgerstraße und das Stadtteilhaus haben Interesse
signalisiert. Sie geben Schlüssel aus und prüfen den Ausweis.

**Betrieb:** Buchung über ein freies Buchungssystem, das andere Initiativen schon nutzen.
Wartung monatlich durch das Team, größere Reparaturen im Fahrradladen.

**Nächste Schritte:** ein drittes Teammitglied finden, Versicherung klären, Kosten schätzen.
""",
        districts=("Pieschen",),
        topics=("Mobilität", "Nachbarschaft und Soziales"),
        team=(
            ("buergerin", "Organisation und Standorte"),
            ("ole.fiedler", "Werkstatt und Wartung"),
        ),
        age=45,
        place=("Bürgerstraße, Pieschen", 51.0787, 13.7262),
        supporters=17,
        needs=(
            Wanted(
                NeedKind.ROOMS,
                "Trockener Abstellplatz für drei Lastenräder",
                "Wir suchen einen **abschließbaren, trockenen Platz** in Pieschen, an dem die "
                "Räder nachts und bei schlechtem Wetter stehen können. Ebenerdig wäre ideal; "
                "eine Steckdose zum Laden der Akkus brauchen wir auch.",
                offers=(
                    Help(
                        "frank.boehme",
                        "Im Hinterhof unserer Werkstatt auf der Oschatzer Straße steht ein "
                        "Schuppen fast leer. Strom gibt es, schauen Sie ihn sich gern an.",
                    ),
                ),
                at=0.55,
            ),
        ),
    )
)

PROJECTS.append(
    Spec(
        title="Mehr Sitzbänke an der Bautzner Straße",
        summary="Zwischen Albertplatz und Waldschlößchen gibt es kaum Bänke. Ich sammle Orte, an "
        "denen älteren Menschen, Eltern und Kindern eine Pause guttun würde.",
        description="""\
Die Bautzner Straße ist lang, laut und bergauf. Wer nicht mehr gut zu Fuß ist, kommt vom
Albertplatz bis zum Waldschlößchen kaum ohne Pause aus – aber Bänke gibt es fast keine.

Ich möchte gemeinsam mit Anwohnenden, dem Seniorentreff und den Kitas an der Strecke
**die besten Stellen für neue Bänke** sammeln:

1. Spaziergänge mit Menschen, die auf Pausen angewiesen sind,
2. eine Liste der Stellen mit Foto und Begründung,
3. ein Vorschlag an die Stadt und den Stadtbezirksbeirat.

Wer kennt die Strecke und möchte mitlaufen? Ich suche noch Leute für das Team.
""",
        districts=("Neustadt",),
        topics=("Mobilität", "Nachbarschaft und Soziales"),
        team=("wolfgang.teichmann",),
        age=20,
        place=("Bautzner Straße", 51.0653, 13.7600),
        supporters=9,
    )
)

PROJECTS.append(
    Spec(
        title="Schulgarten-Netzwerk für Prohlis",
        summary="Grundschulen in Prohlis und Reick teilen Saatgut, Werkzeug und Wissen rund um "
        "ihre Schulgärten und helfen sich gegenseitig über die Sommerferien.",
        description="""\
Fast jede Grundschule in Prohlis hat einen Schulgarten. Aber oft hängt er an einer einzigen
engagierten Lehrkraft – und in den Sommerferien vertrocknet, was die Kinder im Frühjahr gesät
haben.

Wir möchten die Schulgärten **miteinander verbinden**:

- eine gemeinsame Saatgutkiste und ein Werkzeugverleih zwischen den Schulen,
- Gießpläne für die Ferien, bei denen Eltern, Hort und Nachbarschaft helfen,
- zwei Treffen im Jahr, bei denen Lehrkräfte und Kinder ihre Gärten zeigen.

Bisher sind wir zwei Leute. Wir suchen Menschen mit grünem Daumen und Lehrkräfte, die mitmachen
wollen.
""",
        districts=("Prohlis",),
        place=("Schulgarten an der Prohliser Allee", 51.0038, 13.8018),
        topics=("Bildung", "Stadtgrün"),
        team=(("heike.guenther", "Kontakt zu den Schulen"), ("fatima.rahimi", "Gießpläne")),
        age=70,
        supporters=12,
        needs=(
            Wanted(
                NeedKind.EXPERTISE,
                "Gärtnerin oder Gärtner für die Beratung der Schulen",
                "Wer kann zwei- bis dreimal im Jahr mit Lehrkräften durch die Schulgärten "
                "gehen und Tipps geben: Was wächst auf diesem Boden, was überlebt die Ferien?",
                offers=(
                    Help(
                        "katrin.schulze",
                        "Ich bin Gärtnermeisterin und pflege die Streuobstwiese in Coschütz mit. "
                        "Zwei Termine im Jahr schaffe ich gern.",
                        ACCEPTED,
                    ),
                    Help(
                        "dieter.franke",
                        "Ich habe 30 Jahre lang einen Kleingarten in Reick gehabt und kann "
                        "gern mal vorbeischauen.",
                    ),
                ),
                at=0.3,
            ),
        ),
    )
)

PROJECTS.append(
    Spec(
        title="Offene Holzwerkstatt im Hechtviertel",
        summary="Eine Werkstatt, in der Nachbar*innen mit Anleitung Möbel reparieren, Regale "
        "bauen und Werkzeug teilen – an zwei Abenden pro Woche, offen für alle.",
        description="""\
Viele Menschen im Hechtviertel wohnen in kleinen Wohnungen ohne Keller und ohne Platz für eine
Werkbank. Wer ein Regal bauen oder einen wackligen Stuhl reparieren will, hat kaum eine
Möglichkeit dazu.

Meine Idee ist eine **offene Holzwerkstatt**:

- zwei feste Abende pro Woche, an denen erfahrene Leute anleiten,
- gemeinsam genutzte Maschinen statt zehn Kreissägen in zehn Wohnungen,
- Kurse für Einsteiger*innen, auch für Jugendliche.

Das Wichtigste fehlt noch: ein Raum. Und Mitstreiter*innen, die Lust haben, das mit aufzubauen.
""",
        districts=("Neustadt",),
        place=("Hechtstraße, Hechtviertel", 51.0693, 13.7477),
        topics=("Nachbarschaft und Soziales", "Wirtschaft"),
        team=(("benedikt.sommer", "Tischler, Idee"),),
        age=6,
        supporters=3,
        needs=(
            Wanted(
                NeedKind.ROOMS,
                "Raum mit Starkstrom und Lagerfläche gesucht",
                "Mindestens **40 Quadratmeter**, ebenerdig, mit Starkstromanschluss. Ein "
                "ehemaliger Laden oder eine Garage im Hechtviertel wäre perfekt. Wir zahlen "
                "gern eine kleine Miete.",
                at=0.5,
            ),
        ),
    )
)

PROJECTS.append(
    Spec(
        title="Insektenfreundliche Baumscheiben in Striesen",
        summary="Anwohnende bepflanzen die Baumscheiben ihrer Straße mit heimischen Stauden, "
        "pflegen sie gemeinsam und schützen so Straßenbäume und Insekten.",
        description="""\
Unter den Straßenbäumen in Striesen liegt oft nur festgetretene Erde, manchmal Müll, manchmal
parken Autos darauf. Dabei könnten diese kleinen Flächen viel mehr: Blüten für Wildbienen,
lockerer Boden, der Regenwasser aufnimmt, und ein schönerer Weg zum Bäcker.

Wir möchten in **drei Straßen in Striesen** beginnen:

- Baumscheiben mit niedrigen Zäunen vor dem Zertreten schützen,
- heimische, trockenheitsverträgliche Stauden und Frühblüher pflanzen,
- feste Patenschaften: Jede Baumscheibe hat eine Nachbarin oder einen Nachbarn, der gießt.

Wir haben schon mit dem Amt für Stadtgrün gesprochen. Baumscheiben dürfen unter Auflagen
bepflanzt werden – die Wurzeln der Bäume haben immer Vorrang.
""",
        concept="""\
**Umfang:** 30 Baumscheiben in der Wormser, der Augsburger und der Borsbergstraße.

**Ablauf:** Im ersten Schritt fragen wir die Hausgemeinschaften, wer eine Patenschaft übernimmt.
Dann beantragen wir die Zustimmung beim Amt für Stadtgrün und Abfallwirtschaft. Gepflanzt wird
an zwei Aktionstagen mit allen Pat*innen.

**Pflanzen:** nur flachwurzelnde, heimische Arten, die Trockenheit vertragen, z. B. Storchschnabel,
Wiesensalbei und Glockenblumen. Keine Erde anhäufen, damit die Bäume nicht leiden.

**Kosten:** etwa 1.800 € für Pflanzen, Mulch und niedrige Holzzäune. Werkzeug leihen wir.

**Team:** vier Leute aus den drei Straßen, dazu die Pat*innen.
""",
        districts=("Blasewitz",),
        topics=("Stadtgrün", "Klima und Umwelt"),
        team=(
            ("greta.lorenz", "Initiatorin, Kontakt zum Amt für Stadtgrün"),
            ("dieter.franke", "Pflanzenauswahl"),
            ("monika.engel", "Patenschaften"),
            ("jana.vogel", "Aktionstage"),
        ),
        age=150,
        place=("Wormser Straße, Striesen", 51.0462, 13.7798),
        supporters=26,
        pending="Das Team aus drei Straßen steht, 22 Patenschaften sind schon zugesagt und das "
        "Kurzkonzept ist fertig. Wir möchten jetzt den genauen Plan mit Kosten machen.",
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Stauden, Blumenzwiebeln und Mulch",
                "Für die ersten zehn Baumscheiben brauchen wir **etwa 150 Stauden** und "
                "Holzhäcksel als Mulch. Über Spenden aus Gärten freuen wir uns genauso wie über "
                "Rabatt von einer Gärtnerei.",
                status=MET,
                offers=(
                    Help(
                        "birgit.hartmann",
                        "Meine Schwester hat eine Staudengärtnerei in Radebeul. Sie gibt Ihnen "
                        "Ware zum Einkaufspreis, ich hole sie gern mit ab.",
                        ACCEPTED,
                    ),
                    Help(
                        "paul.neumann",
                        "Ich kann zwei Schubkarren Holzhäcksel aus unserem Garten bringen.",
                        DECLINED,
                    ),
                ),
                at=0.45,
            ),
        ),
        asks=(
            (
                "kevin.schreiber",
                "Ich wohne in der Borsbergstraße und gieße sowieso schon den Baum vor unserem "
                "Haus. Ich würde gern im Team mitmachen.",
            ),
        ),
    )
)

PROJECTS.append(
    Spec(
        title="Nachbarschaftsauto für Klotzsche",
        summary="Ein gemeinsam genutztes Elektroauto für Haushalte in Klotzsche, die kein eigenes "
        "Auto mehr wollen – organisiert als Verein, gebucht über einen Online-Kalender.",
        description="""\
In Klotzsche fährt die Straßenbahn, aber für den Großeinkauf, den Besuch bei den Eltern im
Erzgebirge oder den Ausflug in die Sächsische Schweiz braucht man manchmal ein Auto. Viele
Haushalte halten deshalb ein Auto, das die meiste Zeit steht.

Wir möchten ein **Nachbarschaftsauto** teilen:

- ein Elektroauto, das an einer Ladesäule in der Nähe des Rathauses Klotzsche steht,
- gebucht über einen gemeinsamen Online-Kalender, abgerechnet nach Kilometern,
- getragen von einem kleinen Verein der Nutzerinnen und Nutzer.

Kommerzielles Carsharing gibt es in Klotzsche bisher nicht. Unser Modell ist kleiner und
persönlicher: Man kennt sich, und das Auto gehört allen.
""",
        concept="""\
**Fahrzeug:** ein gebrauchtes Elektroauto, angeschafft vom Verein „Nachbarschaftsauto Klotzsche“,
der auch Halter ist. Die Vollkaskoversicherung läuft über einen Vereinstarif; die Haftung
regelt ein Nutzungsvertrag, den jedes Mitglied unterschreibt.

**Nutzung:** bis zu 25 Haushalte. Jeder zahlt einen Monatsbeitrag von 15 € und 25 Cent pro
Kilometer. Damit sind Versicherung, Strom, Wartung und Rücklagen gedeckt.

**Buchung:** ein freier Online-Kalender; wer keinen Computer nutzt, bucht per Telefon bei
einem Mitglied des Vorstands.

**Nächste Schritte:** Satzung beschließen, Verein eintragen, Fahrzeug auswählen.
""",
        districts=("Klotzsche",),
        topics=("Mobilität", "Energie", "Nachbarschaft und Soziales"),
        team=(
            ("ralf.seidel", "Initiator, Vereinsgründung"),
            ("sabrina.kuehn", "Finanzen"),
            ("henrik.jahn", "Technik und Fahrzeug"),
            ("theresa.walther", "Buchungssystem"),
        ),
        age=200,
        place=("Rathaus Klotzsche", 51.1160, 13.7745),
        supporters=21,
        declined=(
            Declined(
                Step.TO_DEVELOPMENT,
                "Unser Team steht und das Konzept ist geschrieben. Wir würden gern mit der "
                "Planung anfangen.",
                "Die Idee ist gut und das Team steht. Im Konzept bleibt aber offen, wer Halter "
                "des Fahrzeugs ist und wie Versicherung und Haftung geregelt werden. Bitte "
                "ergänzen Sie diese Punkte und stellen Sie den Antrag dann erneut.",
                at=0.6,
            ),
        ),
    )
)

PROJECTS.append(
    Spec(
        title="Sprachcafé für Neu-Dresdner*innen in Gorbitz",
        summary="Jeden Donnerstag Deutsch üben bei Tee und Kuchen: Ehrenamtliche und Zugezogene "
        "treffen sich im Stadtteilhaus – ohne Anmeldung und kostenlos.",
        description="""\
In Gorbitz leben Menschen aus mehr als 60 Ländern. Viele haben einen Sprachkurs besucht, aber
kaum Gelegenheit, im Alltag Deutsch zu sprechen. Gleichzeitig gibt es viele Nachbarinnen und
Nachbarn, die gern helfen würden, aber nicht wissen wie.

Das **Sprachcafé** bringt beide zusammen:

- jeden Donnerstag von 16 bis 18 Uhr im Stadtteilhaus,
- kleine Tische mit je einer ehrenamtlichen Person und zwei bis vier Gästen,
- Themen aus dem Alltag: Arzttermin, Elternabend, Behördenbrief, Einkaufen.

Kinder sind willkommen, eine Spielecke gibt es. Wir möchten mit Kitas, Schulen und dem
Jobcenter zusammenarbeiten, damit das Angebot bekannt wird.
""",
        concept="""\
**Ort und Zeit:** Das Stadtteilhaus stellt uns donnerstags einen großen Raum kostenlos zur
Verfügung. Wir starten mit vier Tischen.

**Ehrenamtliche:** Wir suchen zunächst acht Menschen, die sich abwechseln. Vor dem Start gibt
es ein Treffen mit einer Lehrkraft für Deutsch als Zweitsprache, die Tipps für gute Gespräche
gibt.

**Material:** Gesprächskarten zu Alltagsthemen, Wörterbücher, Tee und Kuchen (Spenden).

**Bekanntmachung:** Flyer in sechs Sprachen, Aushänge in Kitas, Schulen und beim Jobcenter.

**Kosten:** gering, etwa 600 € im Jahr für Material, Getränke und Druck.
""",
        districts=("Cotta",),
        topics=("Bildung", "Nachbarschaft und Soziales"),
        team=(
            ("ahmad.haddad", "Initiator"),
            ("olga.petrenko", "Ehrenamtliche"),
            ("luise.haase", "Material und Gesprächskarten"),
        ),
        age=95,
        place=("Stadtteilhaus Gorbitz", 51.0446, 13.6573),
        supporters=14,
        needs=(
            Wanted(
                NeedKind.PUBLICITY,
                "Einladungen in mehreren Sprachen",
                "Wer übersetzt unseren kurzen Einladungstext ins **Arabische, Russische, "
                "Ukrainische, Vietnamesische, Türkische und Dari**? Es sind nur fünf Sätze.",
                offers=(
                    Help(
                        "linh.nguyen",
                        "Die vietnamesische Fassung mache ich gern, und ich hänge die Flyer "
                        "auch im Asia-Markt auf.",
                        ACCEPTED,
                    ),
                    Help(
                        "yasmin.oezdemir",
                        "Türkisch kann ich übernehmen. Schicken Sie mir einfach den Text.",
                    ),
                    Help(
                        "fatima.rahimi",
                        "Ich übersetze ins Dari und kenne auch jemanden für Arabisch.",
                        ACCEPTED,
                    ),
                ),
                at=0.5,
            ),
        ),
    )
)

PROJECTS.append(
    Spec(
        title="Stadtteilarchiv Leuben digital",
        summary="Alte Fotos, Briefe und Geschichten aus Leuben, Laubegast und Zschachwitz werden "
        "gescannt, beschrieben und in einem offenen Online-Archiv gezeigt.",
        description="""\
In vielen Schubladen in Leuben liegen Schätze: Fotos vom Hochwasser, von der alten Schiffswerft
in Laubegast, von Schulklassen und Straßenfesten. Wenn niemand sie aufbewahrt, gehen sie
verloren.

Wir möchten ein **offenes Stadtteilarchiv** aufbauen:

- Scan-Nachmittage in der Bibliothek, zu denen man seine Fotos mitbringt,
- zu jedem Bild eine kurze Beschreibung: Wann, wo, wer ist zu sehen?
- ein Online-Archiv, in dem alle stöbern und Geschichten ergänzen können.

Die Originale bleiben natürlich bei ihren Besitzerinnen und Besitzern. Gezeigt wird nur, was
ausdrücklich freigegeben ist.
""",
        concept="""\
**Scannen:** Einmal im Monat ein Scan-Nachmittag in der Stadtteilbibliothek Leuben. Zwei
Ehrenamtliche scannen, zwei schreiben mit den Gästen die Beschreibungen.

**Rechte:** Wer Fotos bringt, unterschreibt eine einfache Freigabe. Bilder mit erkennbaren
Personen zeigen wir nur, wenn es keine Einwände gibt. Für Fragen zum Urheberrecht suchen wir
noch Beratung.

**Archiv:** eine freie Archivsoftware auf einem gemieteten Server. Alle Beschreibungen stehen
unter einer freien Lizenz.

**Team:** fünf Leute, darunter eine Bibliothekarin und ein Informatiker.
""",
        districts=("Leuben",),
        topics=("Kultur", "Digitale Stadt"),
        team=(
            ("marlene.hahn", "Initiatorin, Bibliothek"),
            ("tobias.arnold", "Server und Software"),
            ("steffen.lange", "Scannen"),
            ("emilia.krueger", "Beschreibungen"),
            ("wolfgang.teichmann", "Zeitzeugengespräche"),
        ),
        age=120,
        place=("Stadtteilbibliothek Leuben", 51.0160, 13.8300),
        supporters=19,
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Flachbettscanner und Diascanner",
                "Für die Scan-Nachmittage brauchen wir einen **guten Flachbettscanner** und "
                "einen Scanner für Dias und Negative. Gern gebraucht!",
                status=MET,
                offers=(
                    Help(
                        "matthias.krause",
                        "Ich habe einen Diascanner, den ich seit Jahren nicht mehr nutze. "
                        "Sie können ihn behalten.",
                        ACCEPTED,
                    ),
                ),
                at=0.25,
            ),
            Wanted(
                NeedKind.EXPERTISE,
                "Beratung zu Urheber- und Bildrechten",
                "Dürfen wir ein Foto zeigen, wenn niemand mehr weiß, wer es gemacht hat? "
                "Wir suchen jemanden, der sich mit **Urheberrecht und Datenschutz** bei alten "
                "Fotos auskennt und uns einmal berät.",
                offers=(
                    Help(
                        "jonas.weber",
                        "Ich arbeite in einem Verlag und habe oft mit Bildrechten zu tun. "
                        "Ein Abend für Ihre Fragen ist drin.",
                    ),
                ),
                at=0.7,
            ),
        ),
    )
)

# Development ------------------------------------------------------------------------------------

_SCHOOL_ROUTES = Plan(
    note="Erste Fassung nach dem Treffen mit den Schulleitungen",
    goals="""\
Kinder der drei Grundschulen in der Südvorstadt kommen sicher und selbstständig zur Schule.
- Die zehn gefährlichsten Stellen auf den Schulwegen sind bekannt und dokumentiert.
- Für jede Stelle gibt es einen Lösungsvorschlag, abgestimmt mit dem Straßen- und Tiefbauamt.
- An mindestens drei Stellen ist bis zum Projektende spürbar etwas besser.""",
    team_roles="""\
Clara Bürger: Koordination, Kontakt zu Schulen und Stadt
Paul Neumann: Kartierung und Auswertung
Hannah Schwarz: Elternarbeit
Ines Schubert: Öffentlichkeitsarbeit""",
    risks="""\
- Bauliche Änderungen dauern bei der Stadt oft Jahre. Wir setzen deshalb auch auf schnelle
  Maßnahmen wie Markierungen und Hinweisschilder.
- Eltern engagieren sich meist nur, solange ihre Kinder an der Schule sind. Wir binden die
  Schulkonferenzen ein, damit das Projekt bleibt.""",
    resources="Druck der Schulwegpläne, Räume in den Schulen für Treffen, Kreide und Klemmbretter "
    "für die Kartierung.",
    partners="Drei Grundschulen der Südvorstadt, Verkehrswacht Dresden, Straßen- und Tiefbauamt, "
    "Stadtbezirksbeirat Plauen.",
    milestones=(
        (
            "Kartierung der Schulwege mit den Kindern",
            30,
            "Mit allen dritten und vierten Klassen gehen wir die Wege ab und markieren Gefahren.",
        ),
        ("Liste der zehn Gefahrenstellen ausgewertet", 75, "Mit Fotos und Vorschlägen."),
        ("Gespräch mit dem Straßen- und Tiefbauamt", 110, "Vorstellung der Liste und Vorschläge."),
        ("Schulwegpläne gedruckt und verteilt", 160, "Für alle Erstklässler*innen und Eltern."),
    ),
    costs=(
        ("Druck Schulwegpläne (3.000 Stück)", 1200),
        ("Material für die Kartierungsaktionen", 250),
    ),
    own=300,
)

_SCHOOL_ROUTES_2 = replace(
    _SCHOOL_ROUTES,
    note="Elternlotsen ergänzt, Kosten nach Angeboten angepasst",
    team_roles=_SCHOOL_ROUTES.team_roles.replace(
        "Hannah Schwarz: Elternarbeit", "Hannah Schwarz: Elternarbeit und Lotsendienst"
    ),
    risks=_SCHOOL_ROUTES.risks
    + """
- Für den Lotsendienst brauchen wir verlässlich zehn Eltern. Die Verkehrswacht schult sie,
  ein Plan im Schulhaus zeigt, wer wann steht.""",
    resources="Druck der Schulwegpläne, Räume in den Schulen, Warnwesten und Kellen für den "
    "Lotsendienst, Kreide und Klemmbretter für die Kartierung.",
    milestones=(
        _SCHOOL_ROUTES.milestones[0],
        _SCHOOL_ROUTES.milestones[1],
        (
            "Elternlotsen an der Kreuzung Nürnberger Straße starten",
            90,
            "Zwei Eltern pro Schulmorgen, im Wechsel nach Plan.",
        ),
        _SCHOOL_ROUTES.milestones[2],
        _SCHOOL_ROUTES.milestones[3],
    ),
    costs=(
        ("Druck Schulwegpläne (3.000 Stück, Angebot Druckerei)", 980),
        ("Material für die Kartierungsaktionen", 250),
        ("Warnwesten und Kellen für den Lotsendienst", 450),
        ("Schulung der Elternlotsen durch die Verkehrswacht", 300),
    ),
    other=600,
    other_note="Stadtbezirksbudget Plauen (beantragt)",
)

PROJECTS.append(
    Spec(
        title="Sichere Schulwege in der Südvorstadt",
        summary="Eltern, Kinder und Lehrkräfte kartieren gefährliche Stellen auf dem Schulweg und "
        "entwickeln mit der Stadt Lösungen – von Elternlotsen bis zu neuen Markierungen.",
        description="""\
Morgens um halb acht ist auf der Nürnberger Straße und rund um die Hochschulstraße viel los:
Autos, Busse, Radfahrende – und mittendrin Kinder auf dem Weg zur Schule. Viele Eltern fahren
ihre Kinder deshalb lieber mit dem Auto, was die Lage vor den Schulen noch enger macht.

Wir möchten das ändern, und zwar gemeinsam mit denen, die die Wege jeden Tag gehen:

- **Kinder** zeigen uns bei Schulwegspaziergängen, wo sie sich unsicher fühlen.
- **Eltern** übernehmen an den schwierigsten Kreuzungen einen Lotsendienst.
- **Die Stadt** bekommt eine gut begründete Liste mit Vorschlägen.

Am Ende soll jede Familie einen Schulwegplan in der Hand haben, und an den gefährlichsten
Stellen soll sich sichtbar etwas verbessert haben.
""",
        concept="""\
Wir beginnen mit drei Grundschulen in der Südvorstadt. Mit allen dritten und vierten Klassen
gehen wir ihre Schulwege ab, die Kinder markieren auf einer großen Karte, wo es gefährlich ist.
Daraus entsteht eine Liste der zehn wichtigsten Gefahrenstellen mit Fotos und Vorschlägen, die
wir mit dem Straßen- und Tiefbauamt besprechen. Parallel entstehen Schulwegpläne für alle
Erstklässler*innen. Das Team: vier Eltern aus drei Schulen.
""",
        districts=("Plauen",),
        topics=("Mobilität", "Bildung"),
        team=(
            ("buergerin", "Koordination"),
            ("paul.neumann", "Kartierung"),
            ("hannah.schwarz", "Elternarbeit"),
            ("ines.schubert", "Öffentlichkeitsarbeit"),
        ),
        age=300,
        phase=DEVELOPMENT,
        dev=170,
        place=("Nürnberger Straße, Südvorstadt", 51.0318, 13.7268),
        supporters=34,
        plans=(_SCHOOL_ROUTES, _SCHOOL_ROUTES_2),
        contact=True,
        needs=(
            Wanted(
                NeedKind.EXPERTISE,
                "Wissen über Verkehrsplanung und Verfahren der Stadt",
                "Wie kommt ein Zebrastreifen zustande? Wer entscheidet über Tempo 30 vor "
                "Schulen? Wir suchen jemanden, der uns die **Verfahren erklärt** und sagt, wie "
                "unsere Vorschläge Gehör finden.",
                status=MET,
                offers=(
                    Help(
                        "stadtraetin",
                        "Ich sitze im Ausschuss für Stadtentwicklung und Verkehr und erkläre "
                        "Ihnen gern, wie solche Anträge laufen. Kommen Sie in meine Sprechstunde.",
                        ACCEPTED,
                    ),
                ),
                at=0.4,
            ),
            Wanted(
                NeedKind.PUBLICITY,
                "Aushänge in Kitas und Horten",
                "Wer hängt unsere Einladung zu den Schulwegspaziergängen in **Kitas, Horten und "
                "Arztpraxen** in der Südvorstadt aus? Die Plakate schicken wir zu.",
                at=0.85,
            ),
        ),
    )
)

_SOLAR = Plan(
    note="Erster Plan nach der Gründungsversammlung",
    goals="""\
- Eine Photovoltaikanlage mit rund 80 kWp auf dem Dach der Turnhalle.
- Der Strom wird zuerst in der Schule verbraucht, der Rest ins Netz eingespeist.
- Mindestens 100 Menschen aus Leuben werden Mitglied der Genossenschaft.
- Die Schule nutzt die Anlage im Unterricht: Ertragsanzeige im Foyer, Projekttage.""",
    team_roles="""\
Matthias Krause: Vorstand, Technik
Katrin Schulze: Finanzen und Buchhaltung
Steffen Lange: Mitgliederwerbung
Uwe Zimmermann: Verträge mit der Stadt
Ralf Seidel: Kontakt zum Netzbetreiber""",
    risks="""\
- Die Statik des Daches reicht vielleicht nicht für die volle Belegung.
- Der Dachnutzungsvertrag mit der Stadt kann lange dauern.
- Modulpreise schwanken; wir holen drei Angebote ein.""",
    resources="Dachfläche von rund 600 m², Zählerplatz in der Schule, Aula für die "
    "Mitgliederversammlungen.",
    partners="Schule und Schulverwaltungsamt, Netzbetreiber, eine Bürgerenergie-Genossenschaft aus "
    "der Region als Beraterin, die Schulkonferenz.",
    milestones=(
        ("Statikgutachten liegt vor", 20, "Gutachten durch ein Ingenieurbüro."),
        ("Dachnutzungsvertrag unterschrieben", 45, "Laufzeit 20 Jahre."),
        ("Montage der Anlage", 120, "Gerüst, Module, Wechselrichter."),
        ("Inbetriebnahme und Einweihung mit der Schule", 150, "Mit Ertragsanzeige im Foyer."),
    ),
    costs=(
        ("Module und Wechselrichter", 72000),
        ("Montage und Gerüst", 18000),
        ("Statikgutachten", 2500),
        ("Netzanschluss und Zähler", 4500),
    ),
    own=60000,
    other=20000,
    other_note="Förderprogramm für Bürgerenergie (beantragt)",
)

_SOLAR_2 = replace(
    _SOLAR,
    note="Statikgutachten eingearbeitet: kleinere Anlage",
    goals=_SOLAR.goals.replace("rund 80 kWp", "rund 65 kWp (Ostseite des Daches bleibt frei)"),
    risks="""\
- Die Ostseite des Daches trägt keine Module; das Gutachten ist eingearbeitet.
- Der Dachnutzungsvertrag mit der Stadt kann lange dauern.
- Modulpreise schwanken; wir holen drei Angebote ein.""",
    milestones=_SOLAR.milestones[1:],
    costs=(
        ("Module und Wechselrichter", 59000),
        ("Montage und Gerüst", 15500),
        ("Statikgutachten (bezahlt)", 2380),
        ("Netzanschluss und Zähler", 4500),
    ),
    own=52000,
)

_SOLAR_3 = replace(
    _SOLAR_2,
    note="Angebot des Montagebetriebs und Förderzusage eingearbeitet",
    partners=_SOLAR.partners + " Ein Solarbetrieb aus Dresden übernimmt die Montage.",
    milestones=(
        *_SOLAR_2.milestones[:2],
        ("Infoabend für Eltern und Nachbarschaft", 100, "In der Aula, mit Zeichnung der Anteile."),
        _SOLAR_2.milestones[2],
    ),
    costs=(
        ("Module und Wechselrichter (Angebot Solarbetrieb)", 56400),
        ("Montage und Gerüst (Angebot Solarbetrieb)", 14900),
        ("Statikgutachten (bezahlt)", 2380),
        ("Netzanschluss und Zähler", 4500),
        ("Ertragsanzeige für das Foyer", 1200),
    ),
    own=54000,
    other=18000,
    other_note="Förderprogramm für Bürgerenergie (Zusage liegt vor)",
)

PROJECTS.append(
    Spec(
        title="Bürgersolaranlage auf der Turnhalle in Leuben",
        summary="Eine Energiegenossenschaft von Anwohnenden baut Photovoltaik auf das Dach einer "
        "Schulturnhalle. Der Strom geht an die Schule, die Erträge an die Mitglieder.",
        description="""\
Auf den Dächern der Dresdner Schulen ist viel Platz – und die meisten sind leer. Wir wollen
zeigen, dass Bürgerinnen und Bürger hier selbst etwas für die Energiewende tun können.

Unsere **Genossenschaft „Sonnendach Leuben“** baut eine Solaranlage auf das Dach der Turnhalle
an der Grundschule. So funktioniert es:

1. Anwohnende zeichnen Anteile ab 100 €.
2. Die Genossenschaft baut und betreibt die Anlage.
3. Die Schule kauft den Strom günstiger als vom Versorger, der Rest wird eingespeist.
4. Die Mitglieder erhalten eine kleine Dividende.

Nebenbei lernen Schülerinnen und Schüler, wie Sonnenstrom entsteht: Eine Anzeige im Foyer
zeigt den Ertrag des Tages.
""",
        concept="""\
Gründung einer Genossenschaft mit mindestens 100 Mitgliedern, Dachnutzungsvertrag mit der Stadt
über 20 Jahre, Anlage mit etwa 80 kWp. Finanzierung über Genossenschaftsanteile und ein
Förderprogramm für Bürgerenergie. Die Schule nimmt den Strom ab; der Überschuss wird
eingespeist. Beratung durch eine erfahrene Bürgerenergie-Genossenschaft aus der Region.
""",
        districts=("Leuben",),
        topics=("Energie", "Klima und Umwelt"),
        team=(
            ("matthias.krause", "Vorstand"),
            ("katrin.schulze", "Finanzen"),
            ("steffen.lange", "Mitglieder"),
            ("uwe.zimmermann", "Verträge"),
            ("ralf.seidel", "Netzanschluss"),
        ),
        age=420,
        phase=DEVELOPMENT,
        dev=300,
        place=("Turnhalle der Grundschule Leuben", 51.0145, 13.8290),
        supporters=38,
        plans=(_SOLAR, _SOLAR_2, _SOLAR_3),
        pending="Der Plan ist vollständig, die Förderzusage liegt vor und 118 Menschen sind "
        "Mitglied geworden. Wir möchten mit dem Bau beginnen.",
        contact=True,
        featured=True,
        needs=(
            Wanted(
                NeedKind.EXPERTISE,
                "Statikerin oder Statiker für einen ersten Blick aufs Dach",
                "Bevor wir ein Gutachten in Auftrag geben: Wer kann uns sagen, ob sich das "
                "Dach der Turnhalle **grundsätzlich** für Solarmodule eignet?",
                status=MET,
                offers=(
                    Help(
                        "thomas.fischer",
                        "Ich bin Bauingenieur im Ruhestand und schaue mir das Dach gern an.",
                        ACCEPTED,
                    ),
                    Help(
                        "frank.boehme",
                        "Mein Schwager ist Dachdecker, soll ich ihn fragen?",
                        DECLINED,
                    ),
                ),
                at=0.2,
            ),
            Wanted(
                NeedKind.FINANCING,
                "Zwischenfinanzierung bis zur Auszahlung der Förderung",
                "Die Förderung wird erst nach der Inbetriebnahme ausgezahlt. Für **etwa vier "
                "Monate** brauchen wir eine Zwischenfinanzierung von rund 18.000 €. Wer kennt "
                "eine Bank oder Stiftung, die so etwas macht?",
                offers=(
                    Help(
                        "birgit.hartmann",
                        "Ich arbeite bei einer Genossenschaftsbank und stelle gern den Kontakt "
                        "zu unserer Abteilung für Bürgerenergie her.",
                    ),
                ),
                at=0.75,
            ),
        ),
    )
)

_GARDEN = Plan(
    note="Plan nach der Begehung mit dem Amt für Stadtgrün",
    goals="""\
- 12 Hochbeete, eine Kräuterspirale und ein Sitzkreis auf der Brache am Nordrand des
  Alaunplatzes.
- Der Garten ist jeden Tag offen; wer mitgärtnern will, kommt zu den Gartentreffen.
- Eine Kita und eine Schule nutzen je zwei Beete.""",
    team_roles="""\
Mira Wagner: Koordination, Kontakt zum Amt
Lukas Braun: Bau der Beete
Emilia Krüger: Gartentreffen und Kita""",
    risks="""\
- Vandalismus: Wir bauen robust und setzen auf viele Menschen, die den Garten kennen.
- Wasser: Ein Standrohr am Hydranten muss genehmigt werden, sonst brauchen wir Regentonnen.""",
    resources="Lärchenholz für die Hochbeete, Erde und Kompost, Werkzeugkiste, zwei Regentonnen.",
    partners="Amt für Stadtgrün und Abfallwirtschaft, Kita am Alaunplatz, Oberschule im "
    "Hechtviertel, Offene Holzwerkstatt (falls sie bis dahin einen Raum hat).",
    milestones=(
        ("Nutzungsvereinbarung mit der Stadt unterschrieben", 0, ""),
        ("Bauwochenende: Hochbeete und Kräuterspirale", 30, "Mit allen, die helfen wollen."),
        ("Erstes Gartenfest", 90, "Mit Kita, Schule und Nachbarschaft."),
    ),
    costs=(
        ("Lärchenholz und Schrauben für 12 Hochbeete", 2160),
        ("Erde, Kompost und Pflanzen", 980),
        ("Werkzeug und Regentonnen", 420),
        ("Haftpflichtversicherung (1 Jahr)", 180),
    ),
    own=600,
)

PROJECTS.append(
    Spec(
        title="Gemeinschaftsgarten am Rand des Alaunplatzes",
        summary="Hochbeete, eine Kräuterspirale und ein Treffpunkt für die Nachbarschaft auf einer "
        "ungenutzten Fläche am Alaunplatz – offen für alle, gepflegt vom Team.",
        description="""\
Am Nordrand des Alaunplatzes liegt eine Fläche, die seit Jahren niemand nutzt: ein bisschen
Rasen, ein bisschen Schotter, viel Hundeauslauf. Wir sehen dort einen Garten.

Geplant sind:

- **zwölf Hochbeete**, zwei davon für eine Kita und zwei für eine Schule,
- eine Kräuterspirale, aus der sich alle bedienen dürfen,
- ein Sitzkreis aus Baumstämmen für Gartentreffen und Pausen.

Der Garten gehört niemandem allein. Wer mitmachen will, kommt zu den wöchentlichen
Gartentreffen – Vorwissen ist nicht nötig.
""",
        concept="""\
Die Fläche gehört der Stadt. Wir schließen mit dem Amt für Stadtgrün und Abfallwirtschaft eine
Nutzungsvereinbarung, die uns erlaubt, Hochbeete aufzustellen (keine festen Bauten). Die Beete
bauen wir an einem Wochenende selbst. Gartentreffen jeden Mittwochabend. Kosten etwa 3.700 €,
die wir über Spenden und den Fonds für Bürgerprojekte decken wollen.
""",
        districts=("Neustadt",),
        topics=("Stadtgrün", "Nachbarschaft und Soziales"),
        team=(
            ("mira.wagner", "Koordination"),
            ("lukas.braun", "Beetbau"),
            ("emilia.krueger", "Gartentreffen"),
        ),
        age=240,
        phase=DEVELOPMENT,
        dev=110,
        place=("Alaunplatz, Nordrand", 51.0714, 13.7583),
        supporters=39,
        plans=(_GARDEN,),
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Lärchenholz für zwölf Hochbeete",
                "Wir brauchen **unbehandeltes Lärchen- oder Douglasienholz**, etwa 4 Kubikmeter. "
                "Reste von Baustellen oder aus Rückbau sind sehr willkommen.",
                offers=(
                    Help(
                        "benedikt.sommer",
                        "Ich bin Tischler und bekomme manchmal Restposten. Ich halte die Augen "
                        "offen und melde mich.",
                    ),
                    Help(
                        "marek.nowak",
                        "Bei uns im Hof liegen noch Douglasienbretter von einem alten Zaun, "
                        "gut erhalten. Abholen müssten Sie selbst.",
                    ),
                ),
                at=0.8,
            ),
        ),
        asks=(
            (
                "buergerin",
                "Ich wohne an der Bischofsweger Straße und komme jeden Tag am Alaunplatz vorbei. "
                "Ich würde gern beim Bauwochenende und bei den Gartentreffen mitmachen.",
            ),
        ),
    )
)

_DIGITAL = Plan(
    note="Erster Entwurf",
    goals="""\
- Jede Woche eine offene Sprechstunde, in der ältere Menschen Hilfe mit Smartphone, Tablet und
  Laptop bekommen.
- 15 Digitalpatinnen und -paten sind geschult und wechseln sich ab.
- Wer nicht zur Sprechstunde kommen kann, bekommt einen Hausbesuch.""",
    team_roles="""\
Carla Winkler: Koordination und Patenschaften
Elias Pohl: Schulung der Pat*innen
Yasmin Özdemir: Kontakt zur Bibliothek und zum Seniorentreff
Kevin Schreiber: Technik und Leihgeräte""",
    risks="""\
- Zu wenige Pat*innen: Wir werben am Gymnasium und bei Firmen am Flughafen.
- Betrug am Telefon: Wir erklären, wie man Fallen erkennt.""",
    resources="Raum mit WLAN, vier Leihtablets, Beamer für die Schulung.",
    partners="Stadtteilbibliothek Klotzsche, Seniorentreff, Gymnasium Klotzsche.",
    milestones=(
        ("Schulung der ersten Digitalpat*innen", 10, "Zwei Abende mit einer Medienpädagogin."),
        ("Erste offene Sprechstunde", 30, "Jeden Dienstag von 15 bis 17 Uhr."),
        ("Hausbesuche starten", 75, "Für Menschen, die nicht mehr gut zu Fuß sind."),
    ),
    costs=(
        ("Vier Leihtablets mit Hüllen", 1400),
        ("Honorar Medienpädagogin (Schulung)", 600),
        ("Druck von Handzetteln und Anleitungen", 250),
    ),
    own=200,
)

_DIGITAL_2 = replace(
    _DIGITAL,
    note="Kosten nach Rücksprache mit der Bibliothek angepasst",
    costs=(
        ("Vier Leihtablets mit Hüllen", 1280),
        ("Honorar Medienpädagogin (Schulung)", 600),
        ("Druck von Handzetteln und Anleitungen", 250),
        ("Fahrtkosten für Hausbesuche", 300),
    ),
)

_DIGITAL_3 = replace(
    _DIGITAL_2,
    note="Datenschutz und Versicherung ergänzt, wie von der Koordinierungsstelle erbeten",
    risks=_DIGITAL.risks
    + """
- Persönliche Daten: Pat*innen melden sich nie mit eigenen Konten auf fremden Geräten an,
  notieren keine Passwörter und bekommen dazu eine Anleitung. Auf den Leihtablets wird nach
  jeder Ausleihe alles gelöscht.
- Haftung bei Hausbesuchen: Die Pat*innen sind über die Ehrenamtsversicherung des Freistaats
  versichert; wir dokumentieren jeden Einsatz.""",
    costs=(
        *_DIGITAL_2.costs,
        ("Vereinbarung und Schulung zum Datenschutz", 150),
    ),
)

PROJECTS.append(
    Spec(
        title="Digitalpaten für Seniorinnen und Senioren in Klotzsche",
        summary="Jugendliche und Berufstätige helfen älteren Menschen einmal pro Woche bei "
        "Smartphone, Videoanruf und Online-Terminen – geduldig und kostenlos.",
        description="""\
Das Bürgeramt vergibt Termine online, der Hausarzt schickt Rezepte aufs Handy, die Enkel
wohnen in Hamburg und wollen per Video telefonieren. Für viele ältere Menschen ist das eine
Hürde – und oft ist niemand da, der in Ruhe hilft.

Unsere **Digitalpatinnen und Digitalpaten** sind Jugendliche vom Gymnasium und Berufstätige aus
Klotzsche. Sie helfen:

- in einer **offenen Sprechstunde** jede Woche in der Stadtteilbibliothek,
- bei **Hausbesuchen** für Menschen, die nicht mehr gut zu Fuß sind,
- mit **Leihtablets** für alle, die erst ausprobieren wollen.

Keine Frage ist zu klein. Und niemand muss sich schämen, wenn es beim dritten Mal noch nicht
klappt.
""",
        concept="""\
Wöchentliche Sprechstunde in der Stadtteilbibliothek Klotzsche, betreut von zwei bis drei
Pat*innen. Die Pat*innen werden vorher an zwei Abenden geschult: geduldig erklären,
Sicherheit im Netz, Datenschutz. Hausbesuche auf Anfrage. Vier Leihtablets für den Einstieg.
Partner sind die Bibliothek, der Seniorentreff und das Gymnasium Klotzsche.
""",
        districts=("Klotzsche",),
        topics=("Digitale Stadt", "Bildung", "Nachbarschaft und Soziales"),
        team=(
            ("carla.winkler", "Koordination"),
            ("elias.pohl", "Schulungen"),
            ("yasmin.oezdemir", "Partner"),
            ("kevin.schreiber", "Technik"),
        ),
        age=380,
        phase=DEVELOPMENT,
        dev=260,
        place=("Stadtteilbibliothek Klotzsche", 51.1168, 13.7760),
        supporters=22,
        plans=(_DIGITAL, _DIGITAL_2, _DIGITAL_3),
        declined=(
            Declined(
                Step.TO_IMPLEMENTATION,
                "Unser Plan ist fertig. Wir würden gern mit den Schulungen beginnen.",
                "Der Plan ist gut durchdacht. Es fehlt aber, wie Sie mit persönlichen Daten der "
                "Teilnehmenden und mit Passwörtern umgehen und wer bei Hausbesuchen haftet. "
                "Bitte ergänzen Sie das im Abschnitt Risiken und stellen Sie den Antrag erneut.",
                at=0.6,
            ),
        ),
        needs=(
            Wanted(
                NeedKind.ROOMS,
                "Raum mit WLAN für die wöchentliche Sprechstunde",
                "Ein ruhiger Raum für acht Personen, **barrierefrei erreichbar**, mit WLAN, "
                "jeden Dienstagnachmittag.",
                status=MET,
                offers=(
                    Help(
                        "marlene.hahn",
                        "Ich arbeite in den Städtischen Bibliotheken. In Klotzsche ist der "
                        "Gruppenraum dienstags frei – ich kläre das für Sie.",
                        ACCEPTED,
                    ),
                ),
                at=0.3,
            ),
        ),
    )
)

_STAGE = Plan(
    note="Erste Fassung",
    goals="""\
- Eine mobile Bühne am Pieschener Hafen, auf- und abbaubar in zwei Stunden.
- In der warmen Jahreszeit jeden zweiten Samstag eine Veranstaltung bei freiem Eintritt.
- Mindestens die Hälfte des Programms kommt von Vereinen und Künstler*innen aus Pieschen.""",
    team_roles="""\
Jonas Weber: Programm und Künstler*innen
Rosa Kaiser: Genehmigungen und Ordnungsamt
Maximilian Ebert: Technik
Clara Bürger: Finanzen""",
    risks="""\
- Wetter: Bei Regen weichen wir in die Kirche am Markusplatz aus (mündlich zugesagt).
- Lärm: Schluss ist um 22 Uhr, wir informieren die Anwohnenden vorab.
- Genehmigung: Sondernutzung der Fläche muss jedes Jahr neu beantragt werden.""",
    resources="Bühnenelemente, kleine Tonanlage, Strom vom Hafenimbiss, Lager in der kalten "
    "Jahreszeit.",
    partners="Ortsbeirat Pieschen, Kirchgemeinde, Musikschule, Hafenimbiss, Stadtteilverein.",
    milestones=(
        ("Genehmigung der Sondernutzung", 0, ""),
        ("Bühne gebaut und getestet", 30, "Bau in einer Werkstatt in Mickten."),
        ("Eröffnungsfest", 45, "Mit Musikschule und Nachbarschaftschor."),
        ("Auswertung der ersten Saison", 180, "Mit allen Beteiligten."),
    ),
    costs=(
        ("Bühnenelemente (Podeste, 6 × 4 m)", 5200),
        ("Tonanlage", 1800),
        ("Versicherung und GEMA", 900),
        ("Werbung und Plakate", 600),
    ),
    own=1000,
)

_STAGE_2 = replace(
    _STAGE,
    note="Gebrauchte Bühne statt Neubau; Lager gefunden",
    goals=_STAGE.goals.replace(
        "auf- und abbaubar in zwei Stunden", "auf- und abbaubar in zwei Stunden (gebraucht gekauft)"
    ),
    resources="Gebrauchte Bühnenelemente, kleine Tonanlage, Strom vom Hafenimbiss, Lager in der "
    "Garage der Kirchgemeinde.",
    milestones=(
        _STAGE.milestones[0],
        ("Bühne gekauft und geprüft", 20, "Gebrauchte Elemente von einem Theater."),
        *_STAGE.milestones[2:],
    ),
    costs=(
        ("Gebrauchte Bühnenelemente", 2900),
        ("Tonanlage", 1800),
        ("Versicherung und GEMA", 900),
        ("Werbung und Plakate", 600),
        ("Anhänger für den Transport (Miete)", 400),
    ),
    other=1500,
    other_note="Stadtbezirksbudget Pieschen (zugesagt)",
)

PROJECTS.append(
    Spec(
        title="Kleine Kulturbühne am Pieschener Hafen",
        summary="Eine mobile Bühne für Lesungen, Konzerte und Theater am Hafenbecken – mit "
        "Programm von Vereinen und Künstler*innen aus dem Stadtteil, bei freiem Eintritt.",
        description="""\
Der Pieschener Hafen ist einer der schönsten Orte an der Elbe: Abendsonne, Wasser, Blick auf
die Altstadt. An warmen Abenden sitzen hier Hunderte Menschen – aber Kultur gibt es kaum.

Wir möchten eine **kleine mobile Bühne** aufbauen, auf der jeden zweiten Samstag etwas los ist:

- Lesungen von Autorinnen und Autoren aus dem Viertel,
- Konzerte der Musikschule, von Chören und Bands,
- Kindertheater am Nachmittag,
- offene Bühne für alle, die sich trauen.

Der Eintritt ist frei, ein Hut geht herum. Die Bühne gehört dem Stadtteil: Jeder Verein kann
einen Abend gestalten.
""",
        concept="""\
Eine mobile Bühne aus Podesten (6 × 4 m), die wir an Veranstaltungstagen aufbauen. Strom liefert
der Hafenimbiss, bei Regen weichen wir in die Kirche am Markusplatz aus. Das Programm stellt ein
offener Kreis aus Vereinen und Künstler*innen zusammen. Für die Fläche beantragen wir eine
Sondernutzungserlaubnis. Kosten für Bühne und Technik etwa 8.500 €.
""",
        districts=("Pieschen",),
        topics=("Kultur", "Nachbarschaft und Soziales"),
        team=(
            ("jonas.weber", "Programm"),
            ("rosa.kaiser", "Genehmigungen"),
            ("maximilian.ebert", "Technik"),
            ("buergerin", "Finanzen"),
        ),
        age=330,
        phase=DEVELOPMENT,
        dev=200,
        place=("Pieschener Hafen", 51.0771, 13.7214),
        supporters=35,
        plans=(_STAGE, _STAGE_2),
        needs=(
            Wanted(
                NeedKind.ROOMS,
                "Lager für die Bühnenteile",
                "Die Podeste brauchen außerhalb der Saison einen **trockenen Platz**, etwa so "
                "groß wie eine Garage.",
                status=MET,
                offers=(
                    Help(
                        "hannah.schwarz",
                        "Die Kirchgemeinde hat eine Garage, die nur für den Weihnachtsbaum "
                        "genutzt wird. Ich frage im Kirchenvorstand.",
                        ACCEPTED,
                    ),
                ),
                at=0.35,
            ),
            Wanted(
                NeedKind.PUBLICITY,
                "Plakate, Social Media und Pressekontakte",
                "Wer gestaltet Plakate, pflegt unseren Kanal und kennt Leute bei den "
                "Stadtteilzeitungen? **Zwei Stunden pro Woche** würden uns sehr helfen.",
                offers=(
                    Help(
                        "ines.schubert",
                        "Ich mache beruflich Öffentlichkeitsarbeit und kann die Plakate gestalten.",
                        DECLINED,
                    ),
                    Help(
                        "sophie.lehmann",
                        "Ich kann den Instagram-Kanal übernehmen und Fotos bei den "
                        "Veranstaltungen machen.",
                    ),
                ),
                at=0.7,
            ),
        ),
    )
)

_HOUSING = Plan(
    note="Plan für das erste Jahr",
    goals="""\
- Ein monatlicher Stammtisch für Menschen, die gemeinschaftlich wohnen wollen.
- Eine Liste von Grundstücken und Häusern, die sich für Wohnprojekte eignen (mit der Stadt
  abgestimmt).
- Zwei Beratungsabende im Jahr mit erfahrenen Wohnprojekten und einer Genossenschaft.""",
    team_roles="""\
Birgit Hartmann: Stammtisch und Beratungsabende
Thomas Fischer: Grundstücke und Baufragen
Marek Nowak: Website und Liste""",
    risks="""\
- Grundstücke sind knapp und teuer: Wir zeigen auch Erbbaurecht und Bestandshäuser.
- Erwartungen: Wir vermitteln keine Wohnungen, wir bringen Menschen zusammen.""",
    resources="Raum für den Stammtisch, Website, Beamer für die Beratungsabende.",
    partners="Amt für Stadtplanung und Mobilität, zwei bestehende Wohnprojekte in Dresden, "
    "eine Wohnungsgenossenschaft, das Netzwerk für gemeinschaftliches Wohnen in Sachsen.",
    milestones=(
        ("Erster Stammtisch", 10, "Im Stadtteilcafé in der Altstadt."),
        ("Website mit Liste online", 60, ""),
        ("Erster Beratungsabend", 90, "Mit zwei Wohnprojekten und einer Genossenschaft."),
        ("Gespräch mit dem Liegenschaftsamt", 150, "Über Konzeptvergaben für Wohnprojekte."),
    ),
    costs=(
        ("Website (Hosting, drei Jahre)", 360),
        ("Honorare für Referent*innen", 800),
        ("Druck und Werbung", 300),
    ),
    own=400,
)

PROJECTS.append(
    Spec(
        title="Wohnprojekte-Börse: gemeinschaftlich wohnen in Dresden",
        summary="Eine Anlaufstelle für Menschen, die gemeinsam bauen, kaufen oder mieten wollen: "
        "Stammtisch, Beratungsabende und eine Liste geeigneter Grundstücke und Häuser.",
        description="""\
Immer mehr Menschen in Dresden möchten anders wohnen: mit Freunden unter einem Dach,
generationenübergreifend, als kleine Genossenschaft oder im Mietshäuser-Syndikat. Aber wie
findet man Mitstreiter*innen? Und wo gibt es überhaupt ein passendes Haus?

Die **Wohnprojekte-Börse** soll die erste Anlaufstelle werden:

- ein **monatlicher Stammtisch**, bei dem sich Gruppen und Interessierte finden,
- **Beratungsabende** mit Menschen, die es schon geschafft haben,
- eine **Liste von Grundstücken und Häusern**, die sich für Wohnprojekte eignen.

Wir sind keine Makler und vermitteln keine Wohnungen. Wir bringen Menschen zusammen und teilen
Wissen.
""",
        concept="""\
Stammtisch einmal im Monat in der Altstadt, offen für alle. Zweimal im Jahr ein Beratungsabend
mit bestehenden Wohnprojekten, einer Genossenschaft und dem Amt für Stadtplanung und Mobilität.
Eine Website listet Grundstücke und Häuser, die Eigentümer*innen oder die Stadt für
Wohnprojekte anbieten. Das Team bringt Erfahrung aus Bau, Beratung und Webentwicklung mit.
""",
        districts=("Altstadt", "Plauen"),
        topics=("Wohnen", "Nachbarschaft und Soziales"),
        team=(
            ("birgit.hartmann", "Stammtisch"),
            ("thomas.fischer", "Baufragen"),
            ("marek.nowak", "Website"),
        ),
        age=260,
        phase=DEVELOPMENT,
        dev=90,
        supporters=16,
        plans=(_HOUSING,),
        declined=(
            Declined(
                Step.TO_DEVELOPMENT,
                "Wir sind drei Leute und haben ein Konzept geschrieben.",
                "Bitte beschreiben Sie im Konzept genauer, was die Börse leisten soll und was "
                "nicht – vermitteln Sie Wohnungen? Wer ist der Ansprechpartner in der Stadt? "
                "Danach bestätigen wir gern.",
                at=0.5,
            ),
        ),
    )
)

_MARKET = Plan(
    note="Erster Plan",
    goals="""\
- Jeden Freitag von 14 bis 18 Uhr ein Wochenmarkt mit mindestens sechs Ständen.
- Obst, Gemüse, Brot, Eier und Käse von Höfen aus höchstens 50 km Umkreis.
- Ein Stand für Nachbarschaftsinitiativen, kostenlos.""",
    team_roles="""\
Frank Böhme: Händler*innen und Marktordnung
Fatima Rahimi: Stand der Initiativen
Sabrina Kühn: Finanzen
Olga Petrenko: Werbung im Viertel""",
    risks="""\
- Zu wenig Kundschaft am Anfang: Wir starten mit einem Fest und Gutscheinen.
- Händler*innen springen ab: Wir beginnen mit einer Probezeit von drei Monaten.""",
    resources="Marktschirme, Stromanschluss am Platz, Tische für den Initiativenstand.",
    partners="Quartiersmanagement Prohlis, Centermanagement, Höfe aus dem Umland, "
    "Amt für Wirtschaftsförderung.",
    milestones=(
        ("Händler*innen gefunden und Verträge unterschrieben", 0, ""),
        ("Erster Markttag mit Fest", 21, ""),
        ("Auswertung nach drei Monaten", 110, "Wer kauft, was fehlt, lohnt es sich für die Höfe?"),
    ),
    costs=(
        ("Marktschirme und Tische", 1600),
        ("Stromverteiler", 450),
        ("Eröffnungsfest", 700),
        ("Werbung", 500),
    ),
    own=300,
)

_MARKET_2 = replace(
    _MARKET,
    note="Sozialrabatt eingeführt, Schirme werden geliehen",
    goals=_MARKET.goals
    + """
- Mit dem Dresden-Pass gibt es an jedem Stand 20 Prozent Rabatt; die Differenz gleicht ein
  kleiner Fonds aus.""",
    costs=(
        ("Marktschirme (Leihe für ein Jahr)", 600),
        ("Tische für den Initiativenstand", 400),
        ("Stromverteiler", 450),
        ("Eröffnungsfest", 700),
        ("Werbung", 500),
        ("Ausgleichsfonds für den Sozialrabatt", 1500),
    ),
    other=1200,
    other_note="Verfügungsfonds des Quartiersmanagements (zugesagt)",
)

PROJECTS.append(
    Spec(
        title="Regionaler Wochenmarkt am Jacob-Winter-Platz",
        summary="Jeden Freitagnachmittag Obst, Gemüse und Brot von Höfen aus dem Umland mitten in "
        "Prohlis – mit Sozialrabatt und einem Stand für Nachbarschaftsinitiativen.",
        description="""\
In Prohlis gibt es Supermärkte, aber keinen Markt. Wer frisches Gemüse vom Hof kaufen will, muss
in die Neustadt oder nach Striesen fahren. Dabei liegen die Höfe des Umlands fast vor der Tür.

Wir möchten einen **Wochenmarkt am Jacob-Winter-Platz** aufbauen:

- jeden Freitag von 14 bis 18 Uhr,
- sechs bis zehn Stände mit Erzeugnissen aus der Region,
- ein **Sozialrabatt** mit dem Dresden-Pass,
- ein kostenloser Stand für Nachbarschaftsinitiativen.

Der Markt soll ein Treffpunkt werden: ein Ort, an dem man sich sieht, ins Gespräch kommt und
erfährt, was im Viertel los ist.
""",
        concept="""\
Ein Wochenmarkt am Freitagnachmittag am Jacob-Winter-Platz. Zu Beginn sechs Stände von Höfen und
Bäckereien aus dem Umland, die eine geringe Standgebühr zahlen. Ein Stand ist für Initiativen
reserviert. Mit dem Dresden-Pass gibt es Rabatt. Partner sind das Quartiersmanagement und das
Centermanagement, das Strom und Platz zur Verfügung stellt.
""",
        districts=("Prohlis",),
        topics=("Wirtschaft", "Nachbarschaft und Soziales"),
        team=(
            ("frank.boehme", "Händler*innen"),
            ("fatima.rahimi", "Initiativenstand"),
            ("sabrina.kuehn", "Finanzen"),
            ("olga.petrenko", "Werbung"),
        ),
        age=280,
        phase=DEVELOPMENT,
        dev=150,
        place=("Jacob-Winter-Platz", 50.9996, 13.7990),
        supporters=25,
        plans=(_MARKET, _MARKET_2),
        needs=(
            Wanted(
                NeedKind.FINANCING,
                "Startgeld für Marktschirme",
                "Für zehn Marktschirme brauchen wir **1.600 €**. Wer kennt eine Stiftung oder "
                "ein Unternehmen, das das unterstützen würde?",
                status=CLOSED,
                offers=(
                    Help(
                        "lena.hoffmann",
                        "Die Bibliothek der Dinge hat zwei Schirme, die Sie leihen können.",
                        DECLINED,
                    ),
                ),
                at=0.3,
            ),
            Wanted(
                NeedKind.OTHER,
                "Helfende für den Initiativenstand am Freitag",
                "Wir suchen Menschen, die sich **einmal im Monat freitags** an den Stand stellen, "
                "Flyer verteilen und Fragen beantworten.",
                offers=(
                    Help(
                        "heike.guenther",
                        "Einmal im Monat kann ich, am liebsten am ersten Freitag.",
                        ACCEPTED,
                    ),
                    Help(
                        "ahmad.haddad",
                        "Ich kann zusammen mit Leuten vom Sprachcafé einen Freitag übernehmen.",
                    ),
                ),
                at=0.8,
            ),
        ),
    )
)

_SCHOOLYARDS = Plan(
    note="Erste Fassung mit beiden Schulen",
    goals="""\
- Auf zwei Schulhöfen in Cotta werden zusammen 1.200 m² Asphalt entsiegelt.
- Es entstehen schattige Bereiche mit acht neuen Bäumen, ein grünes Klassenzimmer und Flächen,
  auf denen Regenwasser versickert.
- Die Schülerinnen und Schüler planen mit und pflegen die Beete.""",
    team_roles="""\
Theresa Walther: Koordination
Elias Pohl: Beteiligung der Schüler*innen
Luise Haase: Elternrat
Henrik Jahn: Technik und Kosten""",
    risks="""\
- Bauarbeiten nur in den Ferien möglich.
- Leitungen unter dem Asphalt: Vorher Leitungsauskunft einholen.
- Die Pflege muss dauerhaft geklärt sein.""",
    resources="Schulhöfe, Container für den Aufbruch, Bäume, Pflanzen, Sitzmöbel.",
    partners="Zwei Schulen in Cotta, Schulverwaltungsamt, Amt für Stadtgrün und "
    "Abfallwirtschaft, ein Landschaftsarchitekturbüro.",
    milestones=(
        ("Planungswerkstatt mit Schüler*innen", 0, "An beiden Schulen je ein Projekttag."),
        ("Entwurf abgestimmt mit dem Schulverwaltungsamt", 60, ""),
        ("Entsiegelung und Pflanzung an Schule 1", 150, "In den Ferien."),
        ("Entsiegelung und Pflanzung an Schule 2", 330, "In den Ferien."),
    ),
    costs=(
        ("Aufbruch und Entsorgung Asphalt", 24000),
        ("Bäume und Pflanzen", 9600),
        ("Grünes Klassenzimmer (Sitzstufen)", 6500),
        ("Planung Landschaftsarchitektur", 5200),
    ),
    own=3000,
    other=30000,
    other_note="Förderprogramm für Klimaanpassung (in Vorbereitung)",
)

_SCHOOLYARDS_2 = replace(
    _SCHOOLYARDS,
    note="Mit Schule 1 beginnen, Schule 2 folgt im Jahr darauf",
    goals=_SCHOOLYARDS.goals.replace("zusammen 1.200 m²", "im ersten Schritt 700 m² (Schule 1)"),
    milestones=_SCHOOLYARDS.milestones[:3],
    costs=(
        ("Aufbruch und Entsorgung Asphalt", 14500),
        ("Bäume und Pflanzen", 5400),
        ("Grünes Klassenzimmer (Sitzstufen)", 6500),
        ("Planung Landschaftsarchitektur", 3100),
    ),
    other=18000,
)

PROJECTS.append(
    Spec(
        title="Grüne Schulhöfe in Cotta: Asphalt raus, Bäume rein",
        summary="Schülerinnen, Eltern und Lehrkräfte planen mit, wie zwei asphaltierte Schulhöfe "
        "entsiegelt, begrünt und zu schattigen Lern- und Spielorten werden.",
        description="""\
Im Sommer wird der Schulhof zur Hitzeinsel: Der Asphalt speichert die Wärme, Schatten gibt es
kaum, und bei Starkregen steht das Wasser in Pfützen. Dabei könnte ein Schulhof ein Ort sein, an
dem Kinder spielen, lernen und die Natur erleben.

Gemeinsam mit zwei Schulen in Cotta möchten wir:

- **Asphalt aufbrechen** und Flächen schaffen, auf denen Regen versickert,
- **acht Bäume pflanzen**, die in einigen Jahren Schatten spenden,
- ein **grünes Klassenzimmer** mit Sitzstufen bauen,
- Beete anlegen, die die Klassen pflegen.

Die Schülerinnen und Schüler planen mit: In Planungswerkstätten zeichnen sie ihren Traumschulhof.
""",
        concept="""\
Zwei Schulen, ein gemeinsames Team aus Eltern, Lehrkräften und Schüler*innen. Planungswerkstätten
an beiden Schulen, danach ein Entwurf mit einem Landschaftsarchitekturbüro, abgestimmt mit dem
Schulverwaltungsamt. Umsetzung in den Ferien, Pflanzaktionen mit den Klassen. Finanzierung über
ein Förderprogramm für Klimaanpassung, den Fonds für Bürgerprojekte und Spenden.
""",
        districts=("Cotta",),
        topics=("Klima und Umwelt", "Stadtgrün", "Bildung"),
        team=(
            ("theresa.walther", "Koordination"),
            ("elias.pohl", "Schüler*innen"),
            ("luise.haase", "Elternrat"),
            ("henrik.jahn", "Kosten"),
        ),
        age=350,
        phase=DEVELOPMENT,
        dev=220,
        place=("Schulhof in Cotta", 51.0560, 13.6880),
        supporters=29,
        plans=(_SCHOOLYARDS, _SCHOOLYARDS_2),
        contact=True,
        needs=(
            Wanted(
                NeedKind.PLANNING,
                "Mitplaner*in mit Projektmanagement-Erfahrung",
                "Förderantrag, Zeitplan, Ausschreibung: Wir suchen jemanden mit **Erfahrung in "
                "Bau- oder Förderprojekten**, der uns ein paar Stunden im Monat begleitet.",
                offers=(
                    Help(
                        "thomas.fischer",
                        "Ich habe als Bauingenieur viele öffentliche Projekte begleitet und "
                        "helfe gern beim Zeitplan und bei der Ausschreibung.",
                    ),
                    Help(
                        "stadtraetin",
                        "Ich kann Ihnen erklären, wie das Förderprogramm im Stadtrat vorbereitet "
                        "wird, und den Kontakt ins Schulverwaltungsamt herstellen.",
                        ACCEPTED,
                    ),
                ),
                at=0.5,
            ),
        ),
    )
)

_SENSORS = Plan(
    note="Erster Plan",
    goals="""\
- Schüler*innen von fünf Schulen bauen 20 Messstationen für Feinstaub, Temperatur und
  Luftfeuchte.
- Die Stationen hängen an den Schulen und senden alle fünf Minuten Werte.
- Alle Daten sind als offene Daten frei nutzbar und auf einer Karte zu sehen.""",
    team_roles="""\
Tobias Arnold: Koordination, Server
Linh Nguyen: Karte und offene Daten
Maximilian Ebert: Bauworkshops
Ole Fiedler: Kontakt zu den Schulen""",
    risks="""\
- Sensoren fallen aus: Wir bauen zwei Ersatzstationen.
- Datenschutz: Die Stationen messen nur Umweltwerte, keine Personen.""",
    resources="Bausätze, Lötstationen, Stromanschluss und WLAN an den Schulen.",
    partners="Fünf Schulen, ein Informatik-Lehrstuhl der TU Dresden, eine Initiative für offene "
    "Umweltdaten, das Umweltamt.",
    milestones=(
        ("Bauworkshop an der ersten Schule", 0, ""),
        ("Alle 20 Stationen hängen", 90, ""),
        ("Karte mit offenen Daten online", 120, ""),
    ),
    costs=(
        ("20 Sensorbausätze", 1800),
        ("Lötstationen und Werkzeug", 350),
        ("Server (zwei Jahre)", 240),
    ),
    own=250,
)

_SENSORS_2 = replace(
    _SENSORS,
    note="Lizenz und Datenformat festgelegt",
    goals=_SENSORS.goals.replace(
        "als offene Daten frei nutzbar", "unter einer freien Lizenz (CC BY 4.0) als offene Daten"
    ),
    partners=_SENSORS.partners + " Das Umweltamt vergleicht unsere Werte mit seinen Messstellen.",
    milestones=(
        *_SENSORS.milestones[:2],
        ("Vergleich mit den Messstellen des Umweltamts", 110, "Kalibrierung der Sensoren."),
        _SENSORS.milestones[2],
    ),
)

_SENSORS_3 = replace(
    _SENSORS_2,
    note="Sechs statt fünf Schulen, Unterrichtsmaterial ergänzt",
    goals=_SENSORS_2.goals.replace("von fünf Schulen", "von sechs Schulen").replace(
        "20 Messstationen", "24 Messstationen"
    )
    + "\n- Unterrichtsmaterial für Physik und Geografie, das alle Schulen nutzen können.",
    milestones=(
        *_SENSORS_2.milestones[:1],
        ("Alle 24 Stationen hängen", 90, ""),
        *_SENSORS_2.milestones[2:],
        ("Unterrichtsmaterial veröffentlicht", 150, "Als offene Bildungsmaterialien."),
    ),
    costs=(
        ("24 Sensorbausätze", 2160),
        ("Lötstationen und Werkzeug", 350),
        ("Server (zwei Jahre)", 240),
        ("Gestaltung des Unterrichtsmaterials", 500),
    ),
)

PROJECTS.append(
    Spec(
        title="Offene Luftdaten: Feinstaubsensoren an Schulen",
        summary="Schülerinnen und Schüler bauen Messstationen für Feinstaub und Temperatur, "
        "hängen sie an ihre Schulen und veröffentlichen die Werte als offene Daten.",
        description="""\
Wie gut ist die Luft vor unserer Schule? Wie heiß wird es auf dem Schulhof im Vergleich zum
Park nebenan? Das Umweltamt misst an wenigen Stellen in der Stadt – wir möchten das Bild
verdichten, und zwar gemeinsam mit Schülerinnen und Schülern.

In **Bauworkshops** löten Jugendliche ihre eigenen Messstationen. Die Stationen hängen an den
Schulgebäuden und senden alle fünf Minuten:

- Feinstaub (PM2,5 und PM10),
- Temperatur und Luftfeuchte.

Alle Werte sind **offene Daten**: frei nutzbar für Unterricht, Forschung, Journalismus und alle
Interessierten. Im Unterricht werten die Klassen die Daten selbst aus.
""",
        concept="""\
Fünf Schulen in Blasewitz und der Altstadt machen mit. An jeder Schule ein Bauworkshop, in dem
Schüler*innen vier Messstationen aus Bausätzen löten und einrichten. Die Daten laufen auf einen
Server, eine Karte zeigt sie an, alles unter freier Lizenz. Ein Lehrstuhl der TU Dresden hilft
bei Kalibrierung und Auswertung.
""",
        districts=("Blasewitz", "Altstadt"),
        topics=("Digitale Stadt", "Klima und Umwelt", "Bildung"),
        team=(
            ("tobias.arnold", "Koordination"),
            ("linh.nguyen", "Offene Daten"),
            ("maximilian.ebert", "Workshops"),
            ("ole.fiedler", "Schulen"),
        ),
        age=400,
        phase=DEVELOPMENT,
        dev=250,
        supporters=31,
        plans=(_SENSORS, _SENSORS_2, _SENSORS_3),
        needs=(
            Wanted(
                NeedKind.EXPERTISE,
                "Beratung zu Datenschutz und offenen Lizenzen",
                "Welche Lizenz passt für Messdaten? Müssen wir bei Sensoren an Schulen etwas "
                "beim **Datenschutz** beachten?",
                status=MET,
                offers=(
                    Help(
                        "jonas.weber",
                        "Zu Lizenzen kann ich etwas sagen, ich arbeite mit offenen Inhalten.",
                        ACCEPTED,
                    ),
                ),
                at=0.35,
            ),
            Wanted(
                NeedKind.MATERIAL,
                "Sensorbausätze für zwei weitere Schulen",
                "Für die sechste Schule und zwei Ersatzstationen fehlen uns **sechs Bausätze** "
                "(je etwa 90 €).",
                offers=(
                    Help(
                        "buergerin",
                        "Mein Arbeitgeber spendet jedes Jahr für Bildungsprojekte. Ich reiche "
                        "Ihre Anfrage gern weiter.",
                    ),
                ),
                at=0.85,
            ),
        ),
        asks=(
            (
                "yasmin.oezdemir",
                "Ich bin Physiklehrerin in Striesen und würde die Daten gern im Unterricht "
                "nutzen. Kann ich beim Unterrichtsmaterial mitmachen?",
            ),
        ),
    )
)

_REPAIR_STATIONS = Plan(
    note="Standorte mit dem Straßen- und Tiefbauamt abgestimmt",
    goals="""\
- Vier fest installierte Reparaturstationen am Elberadweg zwischen Blauem Wunder und
  Johannstadt.
- Jede Station hat eine Luftpumpe für alle Ventile und die wichtigsten Werkzeuge an Stahlseilen.
- Ein QR-Code führt zu Anleitungen für die häufigsten Pannen.""",
    team_roles="""\
Marek Nowak: Koordination
Jana Vogel: Standorte und Genehmigungen
Benedikt Sommer: Montage
Thomas Fischer: Fundamente und Statik""",
    risks="""\
- Diebstahl und Vandalismus: robuste Stationen, Werkzeuge an Stahlseilen.
- Hochwasser: Standorte oberhalb der Hochwasserlinie.""",
    resources="Vier Stationen, Fundamente, Beschilderung.",
    partners="Straßen- und Tiefbauamt, ADFC Dresden, zwei Fahrradläden als Paten der Stationen.",
    milestones=(
        ("Stationen bestellt", 0, ""),
        ("Fundamente gesetzt", 40, "An allen vier Standorten."),
        ("Stationen montiert und eingeweiht", 60, "Mit einer Radtour entlang der Elbe."),
    ),
    costs=(
        ("Vier Reparaturstationen", 6400),
        ("Fundamente und Montage", 2200),
        ("Schilder und Anleitungen", 300),
    ),
    own=800,
    other=2000,
    other_note="Spenden von zwei Fahrradläden",
)

PROJECTS.append(
    Spec(
        title="Fahrrad-Reparaturstationen am Elberadweg",
        summary="An vier Stellen zwischen Blauem Wunder und Johannstadt sollen fest installierte "
        "Stationen mit Luftpumpe und Werkzeug Radfahrenden aus der Patsche helfen.",
        description="""\
Der Elberadweg ist einer der beliebtesten Radwege Deutschlands, und in Dresden fahren hier
jeden Tag Tausende zur Arbeit, zur Uni oder einfach an die Elbe. Ein Platten oder eine lockere
Kette bedeuten aber oft: schieben.

Wir möchten **vier Reparaturstationen** aufstellen, an denen alle kostenlos:

- Reifen aufpumpen (für alle Ventilarten),
- mit Schraubenschlüssel, Reifenhebern und Inbus kleine Reparaturen machen,
- per QR-Code eine Anleitung für die häufigsten Pannen aufrufen.

Zwei Fahrradläden aus Blasewitz und Loschwitz übernehmen Patenschaften und schauen regelmäßig
nach dem Rechten.
""",
        concept="""\
Vier Stationen am Elberadweg: am Blauen Wunder (Loschwitzer Seite), am Schillerplatz, an den
Elbwiesen in Johannstadt und am Waldschlößchen. Die Stationen sind robust, die Werkzeuge hängen an
Stahlseilen. Die Standorte stimmen wir mit dem Straßen- und Tiefbauamt ab. Paten sind zwei
Fahrradläden. Kosten etwa 9.000 €.
""",
        districts=("Loschwitz", "Blasewitz"),
        topics=("Mobilität",),
        team=(
            ("marek.nowak", "Koordination"),
            ("jana.vogel", "Standorte"),
            ("benedikt.sommer", "Montage"),
            ("thomas.fischer", "Statik"),
        ),
        age=190,
        phase=DEVELOPMENT,
        dev=60,
        place=("Elberadweg am Blauen Wunder", 51.0524, 13.8071),
        supporters=24,
        plans=(_REPAIR_STATIONS,),
    )
)

# Implementation ---------------------------------------------------------------------------------

_REPAIR_CAFE = Plan(
    note="Erster Plan",
    goals="""\
- Einmal im Monat ein Repair-Café in der Johannstadt, samstags von 14 bis 17 Uhr.
- Pro Termin werden mindestens 20 Dinge repariert.
- Besucher*innen lernen, kleine Reparaturen selbst zu machen.""",
    team_roles="""\
Clara Bürger: Koordination und Raum
Uwe Zimmermann: Elektro
Birgit Hartmann: Textilien
Frank Böhme: Fahrräder
Olga Petrenko: Café und Empfang""",
    risks="""\
- Haftung bei Elektrogeräten: Reparatur nur mit Prüfung durch eine Elektrofachkraft,
  Besucher*innen unterschreiben einen Haftungsausschluss.
- Zu wenig Reparierende: Wir werben in Betrieben und bei der Handwerkskammer.""",
    resources="Raum im Nachbarschaftszentrum, Werkzeug, Lötstation, Nähmaschine, Prüfgerät.",
    partners="Nachbarschaftszentrum Johannstadt, Netzwerk Reparatur-Initiativen, "
    "Handwerkskammer, Umweltzentrum.",
    milestones=(
        ("Raum im Nachbarschaftszentrum gesichert", 10, ""),
        ("Erstes Repair-Café", 40, ""),
        ("Werkzeugausstattung vollständig", 120, "Mit Prüfgerät für Elektrogeräte."),
        (
            "Zehntes Repair-Café mit Bilanz",
            300,
            "Wie viel wurde repariert, wie viel Müll vermieden?",
        ),
    ),
    costs=(
        ("Werkzeug und Verbrauchsmaterial", 900),
        ("Prüfgerät für Elektrogeräte", 650),
        ("Haftpflichtversicherung", 160),
        ("Werbung", 200),
    ),
    own=400,
)

_REPAIR_CAFE_2 = replace(
    _REPAIR_CAFE,
    note="Reparaturführer ergänzt",
    goals=_REPAIR_CAFE.goals
    + "\n- Ein gedruckter Reparaturführer nennt Betriebe und Initiativen in der Johannstadt.",
    milestones=(
        *_REPAIR_CAFE.milestones,
        ("Reparaturführer für die Johannstadt gedruckt", 365, ""),
    ),
    costs=(*_REPAIR_CAFE.costs, ("Druck des Reparaturführers (1.000 Stück)", 450)),
)

PROJECTS.append(
    Spec(
        title="Repair-Café in der Johannstadt",
        summary="Einmal im Monat reparieren Ehrenamtliche gemeinsam mit Besucher*innen Toaster, "
        "Fahrräder, Kleidung und Spielzeug – statt wegwerfen wird geschraubt und genäht.",
        description="""\
Der Toaster geht nicht mehr, am Lieblingspullover ist die Naht offen, das Fahrradlicht
flackert. Meistens landet so etwas im Müll, obwohl die Reparatur oft nur eine Viertelstunde
dauert.

Im **Repair-Café Johannstadt** reparieren wir gemeinsam:

- **Elektrogeräte** – mit Prüfung durch eine Elektrofachkraft,
- **Textilien** – an zwei Nähmaschinen,
- **Fahrräder** – mit Werkzeug und Ersatzteilen,
- **Spielzeug und Kleinmöbel**.

Wer etwas bringt, repariert mit – so lernt man nebenbei, wie es geht. Dazu gibt es Kaffee und
Kuchen und viele Gespräche. Der Eintritt ist frei, über Spenden freuen wir uns.
""",
        concept="""\
Monatlich ein Repair-Café am Samstagnachmittag im Nachbarschaftszentrum Johannstadt. Ein Team
von Ehrenamtlichen mit Erfahrung in Elektro, Textil und Fahrrad. Haftungsausschluss und Prüfung
der Elektrogeräte nach den Empfehlungen des bundesweiten Netzwerks. Werkzeug und Prüfgerät
finanzieren wir über den Fonds für Bürgerprojekte und Spenden.
""",
        districts=("Altstadt",),
        topics=("Nachbarschaft und Soziales", "Klima und Umwelt", "Wirtschaft"),
        team=(
            ("buergerin", "Koordination"),
            ("uwe.zimmermann", "Elektro"),
            ("birgit.hartmann", "Textilien"),
            ("frank.boehme", "Fahrräder"),
            ("olga.petrenko", "Café"),
        ),
        age=480,
        phase=IMPLEMENTATION,
        dev=380,
        impl=250,
        place=("Nachbarschaftszentrum Johannstadt", 51.0507, 13.7635),
        supporters=37,
        plans=(_REPAIR_CAFE, _REPAIR_CAFE_2),
        done=(
            "Wir dürfen den großen Raum jeden ersten Samstag im Monat nutzen.",
            "34 Besucher*innen, 27 Reparaturen, davon 19 erfolgreich. Was für ein Start!",
            "Das Prüfgerät ist da, und Uwe hat die Einweisung für alle gemacht.",
        ),
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Lötstation und Nähmaschine",
                "Für Elektro- und Textilreparaturen brauchen wir eine **Lötstation** und eine "
                "robuste **Nähmaschine**. Gern gebraucht, Hauptsache funktionstüchtig.",
                status=MET,
                offers=(
                    Help(
                        "luise.haase",
                        "Ich habe eine alte, aber sehr gute Nähmaschine von meiner Oma.",
                        ACCEPTED,
                    ),
                    Help(
                        "tobias.arnold",
                        "Eine Lötstation kann ich abgeben, ich habe zwei.",
                        ACCEPTED,
                    ),
                ),
                at=0.55,
            ),
            Wanted(
                NeedKind.OTHER,
                "Kuchen für das Repair-Café",
                "Wer backt ab und zu einen **Kuchen** für das Café? Die Einnahmen aus dem "
                "Kuchenverkauf decken unsere Versicherung.",
                offers=(
                    Help(
                        "greta.lorenz",
                        "Ich backe gern einmal im Quartal einen Apfelkuchen.",
                        ACCEPTED,
                    ),
                    Help(
                        "wolfgang.teichmann",
                        "Meine Frau und ich bringen im nächsten Monat einen Streuselkuchen mit.",
                    ),
                ),
                at=0.85,
            ),
        ),
    )
)

_THINGS = Plan(
    note="Erste Fassung",
    goals="""\
- Ein Leihladen in der Neustadt mit mindestens 300 Dingen zum Ausleihen.
- Geöffnet an drei Tagen pro Woche, betreut von Ehrenamtlichen.
- Ausleihe gegen einen kleinen Jahresbeitrag, für Menschen mit Dresden-Pass kostenlos.""",
    team_roles="""\
Lena Hoffmann: Koordination und Finanzen
Jonas Weber: Katalog und Software
Sophie Lehmann: Öffnungszeiten und Ehrenamtliche
Hannah Schwarz: Spendenannahme
Mira Wagner: Werbung""",
    risks="""\
- Miete: Der Laden muss sich über Beiträge und Spenden tragen; wir rechnen vorsichtig.
- Beschädigte Dinge: Kaution für teure Geräte, Prüfung bei Rückgabe.""",
    resources="Ladenraum (ca. 50 m²), Regale, Etikettendrucker, Computer für die Ausleihe.",
    partners="Ein Netzwerk von Leihläden in Deutschland, der Stadtteilverein, zwei Baumärkte "
    "(Sachspenden).",
    milestones=(
        ("Ladenraum gemietet", 15, ""),
        ("Erste 200 Dinge erfasst", 60, ""),
        ("Eröffnung", 75, ""),
    ),
    costs=(
        ("Miete für das erste Jahr", 7200),
        ("Regale und Einrichtung", 1500),
        ("Etikettendrucker und Computer", 700),
    ),
    own=1200,
)

_THINGS_2 = replace(
    _THINGS,
    note="Online-Katalog und günstigere Miete",
    goals=_THINGS.goals + "\n- Ein Online-Katalog mit Reservierung.",
    milestones=(*_THINGS.milestones, ("Online-Katalog mit Reservierung", 180, "")),
    costs=(
        ("Miete für das erste Jahr (Angebot des Vermieters)", 6000),
        ("Regale und Einrichtung", 1500),
        ("Etikettendrucker und Computer", 700),
        ("Leihsoftware (zwei Jahre)", 480),
    ),
)

_THINGS_3 = replace(
    _THINGS_2,
    note="Zweiter Standort als Ausblick, Kaution geregelt",
    risks=_THINGS.risks
    + "\n- Kaution: 50 € für Geräte über 200 € Neuwert, zurück bei unbeschädigter Rückgabe.",
    milestones=(
        *_THINGS_2.milestones,
        ("Zweiter Standort in Pieschen geprüft", 360, "Gemeinsam mit den Lastenrad-Leuten."),
    ),
    other=3000,
    other_note="Spende einer Wohnungsgenossenschaft (zugesagt)",
)

PROJECTS.append(
    Spec(
        title="Bibliothek der Dinge in der Neustadt",
        summary="Bohrmaschine, Zelt, Nähmaschine oder Beamer: Im Leihladen an der Rothenburger "
        "Straße leihen Nachbar*innen Dinge aus, die man nur selten braucht.",
        description="""\
Eine Bohrmaschine wird in ihrem ganzen Leben im Schnitt nur wenige Minuten benutzt. Trotzdem
hat fast jeder Haushalt eine. Genauso ist es mit Zelten, Raclette-Geräten, Leitern und
Beamern.

Die **Bibliothek der Dinge** funktioniert wie eine Bücherei, nur mit Dingen:

1. Mitglied werden (Jahresbeitrag 20 €, mit Dresden-Pass kostenlos),
2. im Online-Katalog stöbern und reservieren,
3. abholen, benutzen, zurückbringen.

Alle Dinge sind Spenden aus der Nachbarschaft. Das spart Geld, Platz im Keller und Ressourcen –
und man lernt Menschen aus dem Viertel kennen.
""",
        concept="""\
Ein Ladenraum an der Rothenburger Straße, geöffnet dienstags, donnerstags und samstags. Die
Dinge kommen aus Spenden, werden geprüft, fotografiert und im Online-Katalog erfasst.
Ehrenamtliche betreuen die Ausleihe. Finanzierung über Jahresbeiträge, Spenden und im ersten
Jahr über den Fonds für Bürgerprojekte.
""",
        districts=("Neustadt",),
        topics=("Nachbarschaft und Soziales", "Klima und Umwelt", "Wirtschaft"),
        team=(
            ("lena.hoffmann", "Koordination"),
            ("jonas.weber", "Katalog"),
            ("sophie.lehmann", "Ehrenamtliche"),
            ("hannah.schwarz", "Spenden"),
            ("mira.wagner", "Werbung"),
        ),
        age=520,
        phase=IMPLEMENTATION,
        dev=420,
        impl=300,
        place=("Rothenburger Straße", 51.0655, 13.7530),
        supporters=39,
        plans=(_THINGS, _THINGS_2, _THINGS_3),
        done=(
            "Mietvertrag unterschrieben – der Vermieter gibt uns die ersten zwei Monate frei.",
            "212 Dinge sind im Katalog, am meisten Werkzeug und Campingausrüstung.",
            "Über 150 Gäste zur Eröffnung, 64 neue Mitglieder am ersten Tag.",
            "Der Katalog ist online, Reservierungen gehen jetzt auch vom Sofa aus.",
        ),
        featured=True,
        needs=(
            Wanted(
                NeedKind.FINANCING,
                "Miete für das erste Jahr",
                "Bis sich der Laden über Mitgliedsbeiträge trägt, brauchen wir Unterstützung "
                "für die **Miete des ersten Jahres** (6.000 €).",
                status=MET,
                offers=(
                    Help(
                        "marek.nowak",
                        "Ich sitze im Aufsichtsrat einer Wohnungsgenossenschaft. Wir haben einen "
                        "Nachbarschaftsfonds, ich bringe Ihren Antrag ein.",
                        ACCEPTED,
                    ),
                ),
                at=0.2,
            ),
            Wanted(
                NeedKind.PUBLICITY,
                "Mehr Menschen sollen den Laden kennen",
                "Wer hilft uns mit **Aushängen, einem Stand beim Stadtteilfest** und Beiträgen "
                "in Nachbarschaftsgruppen?",
                offers=(
                    Help(
                        "ines.schubert",
                        "Ich kann einen Artikel für das Stadtteilmagazin schreiben.",
                    ),
                ),
                at=0.9,
            ),
        ),
        asks=(
            (
                "greta.lorenz",
                "Ich habe samstags Zeit und würde gern Ausleihschichten übernehmen.",
            ),
        ),
    )
)

_ORCHARD = Plan(
    note="Erster Plan mit dem Eigentümer abgestimmt",
    goals="""\
- Die 40 alten Obstbäume der Wiese werden fachgerecht geschnitten und gepflegt.
- 15 Hochstämme alter sächsischer Sorten werden nachgepflanzt.
- Die Wiese wird zweimal im Jahr gemäht; das Heu holt ein Hof aus der Umgebung.
- Ein Apfelfest lädt die Nachbarschaft ein.""",
    team_roles="""\
Katrin Schulze: Koordination, Schnittkurse
Dieter Franke: Sortenwahl und Pflanzung
Greta Lorenz: Apfelfest
Wolfgang Teichmann: Mahd und Geräte""",
    risks="""\
- Trockenheit: Jungbäume brauchen in den ersten drei Jahren Wasser; Gießpatenschaften.
- Der Pflegevertrag läuft zunächst nur fünf Jahre.""",
    resources="Baumschere, Leitern, Sense, Gießsäcke, Pflanzpfähle.",
    partners="Eigentümer der Fläche, Landschaftspflegeverband, Umweltzentrum, eine Mosterei.",
    milestones=(
        ("Pflegevertrag mit dem Eigentümer", 10, ""),
        ("Erster Schnittkurs", 60, ""),
        ("Nachpflanzung von 15 Hochstämmen", 150, ""),
        ("Apfelfest mit Saftpresse", 345, ""),
    ),
    costs=(
        ("15 Hochstämme mit Pfählen und Verbissschutz", 1650),
        ("Werkzeug (Scheren, Sägen, Leitern)", 700),
        ("Honorar Baumwart*in für zwei Schnittkurse", 500),
    ),
    own=600,
)

_ORCHARD_2 = replace(
    _ORCHARD,
    note="Gießsäcke und Mosterei ergänzt",
    costs=(
        *_ORCHARD.costs,
        ("Gießsäcke für die Jungbäume", 240),
        ("Miete der mobilen Saftpresse am Apfelfest", 350),
    ),
    other=500,
    other_note="Zuschuss des Landschaftspflegeverbands",
)

PROJECTS.append(
    Spec(
        title="Streuobstwiese am Hohen Stein wiederbeleben",
        summary="Eine verwilderte Obstwiese in Coschütz wird mit Schnittkursen, Nachpflanzungen "
        "alter Sorten und einem Apfelfest wieder zu einem Ort für die Nachbarschaft.",
        description="""\
Unterhalb des Hohen Steins liegt eine alte Streuobstwiese. Die Bäume sind seit Jahrzehnten nicht
geschnitten worden, einige sind umgestürzt, Brombeeren wuchern. Dabei sind Streuobstwiesen
wertvolle Lebensräume – und die alten Apfelsorten schmecken wunderbar.

Wir kümmern uns um die Wiese:

- **Schnittkurse** mit einer Baumwartin, bei denen alle lernen, wie man Obstbäume pflegt,
- **Nachpflanzung** von 15 Hochstämmen alter sächsischer Sorten,
- **Mahd** zweimal im Jahr, damit Wildblumen und Insekten Platz haben,
- ein **Apfelfest** mit Saftpresse für die ganze Nachbarschaft.
""",
        concept="""\
Mit dem Eigentümer der Fläche schließen wir einen Pflegevertrag über fünf Jahre. Eine Baumwartin
leitet zwei Schnittkurse pro Jahr. Wir pflanzen 15 Hochstämme alter Sorten, die Gießpat*innen aus
der Nachbarschaft versorgen. Gemäht wird zweimal im Jahr, das Heu geht an einen Hof. Die Ernte
wird am Apfelfest gemeinsam gepresst.
""",
        districts=("Plauen",),
        topics=("Stadtgrün", "Klima und Umwelt", "Bildung"),
        team=(
            ("katrin.schulze", "Koordination"),
            ("dieter.franke", "Sorten"),
            ("greta.lorenz", "Apfelfest"),
            ("wolfgang.teichmann", "Mahd"),
        ),
        age=540,
        phase=IMPLEMENTATION,
        dev=430,
        impl=330,
        place=("Streuobstwiese Coschütz", 51.0220, 13.7100),
        supporters=27,
        plans=(_ORCHARD, _ORCHARD_2),
        done=(
            "Vertrag für fünf Jahre unterschrieben.",
            "18 Teilnehmende, 12 Bäume geschnitten. Der nächste Kurs ist schon voll.",
            "Alle 15 Bäume stehen, darunter Gravensteiner, Kaiser Wilhelm und Dresdner "
            "Prinzenapfel.",
        ),
        contact=True,
        needs=(
            Wanted(
                NeedKind.EXPERTISE,
                "Baumwartin oder Baumwart für Schnittkurse",
                "Wer kann unsere **Schnittkurse** leiten? Wir zahlen ein kleines Honorar.",
                status=MET,
                offers=(
                    Help(
                        "heike.guenther",
                        "Ich habe die Ausbildung zur Baumwartin gemacht und leite gern die Kurse.",
                        ACCEPTED,
                    ),
                ),
                at=0.25,
            ),
            Wanted(
                NeedKind.MATERIAL,
                "Hochstämme alter Sorten",
                "Wir suchen **15 Hochstämme** regionaler Sorten, am liebsten aus einer "
                "sächsischen Baumschule.",
                status=MET,
                offers=(
                    Help(
                        "ralf.seidel",
                        "Ich kenne eine Baumschule bei Pillnitz, die alte Sorten zieht. Ich "
                        "frage nach einem Vereinsrabatt.",
                        ACCEPTED,
                    ),
                    Help(
                        "kevin.schreiber",
                        "Im Baumarkt gibt es gerade Obstbäume im Angebot.",
                        DECLINED,
                    ),
                ),
                at=0.4,
            ),
        ),
    )
)

_CALENDAR = Plan(
    note="Erster Plan",
    goals="""\
- Ein gemeinsamer Online-Kalender für alle Veranstaltungen in Cotta und Löbtau.
- Mindestens 20 Vereine, Kirchgemeinden und Initiativen tragen selbst ein.
- Ein monatlicher Aushang für alle, die nicht online sind.""",
    team_roles="""\
Yasmin Özdemir: Koordination, Kontakt zu Vereinen
Kevin Schreiber: Technik
Ines Schubert: Aushang und Gestaltung""",
    risks="""\
- Vereine tragen nicht ein: Wir besuchen sie und tragen am Anfang selbst mit ein.
- Der Kalender veraltet: Einträge ohne Datum gibt es nicht, Vergangenes verschwindet.""",
    resources="Server, Drucker für den Aushang, Schaukästen.",
    partners="Stadtteilverein Cotta, Kirchgemeinden, Stadtteilbibliothek, "
    "Seniorenbegegnungsstätte.",
    milestones=(
        ("Kalender-Software eingerichtet", 14, ""),
        ("20 Vereine eingetragen", 60, ""),
        ("Monatlicher Aushang an zehn Orten", 130, ""),
    ),
    costs=(
        ("Server (zwei Jahre)", 300),
        ("Druck der Aushänge (zwei Jahre)", 600),
    ),
    own=200,
)

_CALENDAR_2 = replace(
    _CALENDAR,
    note="Abo-Funktion und Schaukästen ergänzt",
    milestones=(
        *_CALENDAR.milestones,
        ("Kalender als Abo für Smartphones", 180, "Im iCalendar-Format."),
    ),
    costs=(*_CALENDAR.costs, ("Zwei Schaukästen", 900)),
)

PROJECTS.append(
    Spec(
        title="Digitaler Stadtteilkalender für Cotta und Löbtau",
        summary="Alle Veranstaltungen von Vereinen, Kirchen, Bibliothek und Initiativen in einem "
        "gemeinsamen Kalender – online, als Aushang und zum Abonnieren.",
        description="""\
Der Chor probt, die Bibliothek lädt zur Lesung, der Sportverein hat Tag der offenen Tür – aber
wer erfährt davon? Jeder Verein hat seine eigene Website, seinen eigenen Schaukasten, seinen
eigenen Newsletter.

Der **Stadtteilkalender** bringt alles an einen Ort:

- Vereine und Initiativen tragen ihre Termine selbst ein,
- jeden Monat hängt ein gedruckter Aushang in Bäckereien, Apotheken und der Bibliothek,
- wer mag, abonniert den Kalender auf dem Smartphone.

So verpasst niemand mehr das Konzert in der Kirche oder den Flohmarkt im Nachbarhof.
""",
        concept="""\
Ein freier, selbst betriebener Online-Kalender, in den Vereine nach Anmeldung Termine eintragen.
Einmal im Monat drucken wir eine Übersicht für Aushänge an zehn Orten. Wir besuchen die Vereine
persönlich und helfen beim ersten Eintrag. Kosten gering, vor allem Server und Druck.
""",
        districts=("Cotta",),
        place=("Bürgerbüro Cotta, Lübecker Straße", 51.0531, 13.6852),
        topics=("Digitale Stadt", "Kultur", "Nachbarschaft und Soziales"),
        team=(
            ("yasmin.oezdemir", "Koordination"),
            ("kevin.schreiber", "Technik"),
            ("ines.schubert", "Aushang"),
        ),
        age=360,
        phase=IMPLEMENTATION,
        dev=270,
        impl=120,
        supporters=15,
        plans=(_CALENDAR, _CALENDAR_2),
        done=(
            "Der Kalender läuft. Danke an die Stadtteilbibliothek für den Testlauf!",
            "23 Vereine sind dabei, die meisten tragen inzwischen selbst ein.",
        ),
    )
)

_BALCONY = Plan(
    note="Erster Plan",
    goals="""\
- 60 Haushalte in Gorbitz installieren ein Balkonkraftwerk (zwei Module, 800 W).
- Jeder Haushalt spart im Jahr etwa 150 bis 250 € Stromkosten.
- Die Wohnungsunternehmen stimmen der Montage zu.""",
    team_roles="""\
Ahmad Haddad: Koordination, Kontakt zu Mieter*innen
Matthias Krause: Technik
Tobias Arnold: Sammelbestellung
Fatima Rahimi: Beratung auf Dari und Arabisch""",
    risks="""\
- Wohnungsunternehmen lehnen ab: Wir sprechen früh mit ihnen und nutzen das neue Recht auf
  Balkonkraftwerke.
- Falsche Montage: Nur mit geprüften Halterungen, Montagehilfe durch Fachleute.""",
    resources="Module, Wechselrichter, Halterungen, Werkzeug für die Montagetage.",
    partners="Zwei Wohnungsunternehmen, Verbraucherzentrale, ein Elektrobetrieb aus Cotta.",
    milestones=(
        ("Infoabende mit den Wohnungsunternehmen", 14, ""),
        ("Sammelbestellung für 60 Haushalte", 60, ""),
        ("Montagetage", 120, "An drei Samstagen."),
    ),
    costs=(
        ("Zuschuss zu 60 Balkonkraftwerken (je 100 €)", 6000),
        ("Halterungen und Kleinmaterial", 1200),
        ("Honorar Elektrofachkraft", 900),
    ),
    own=0,
    other=2000,
    other_note="Förderung für Mieterstrom-Projekte",
)

_BALCONY_2 = replace(
    _BALCONY,
    note="Auswertung der Stromersparnis ergänzt",
    goals=_BALCONY.goals
    + "\n- Eine Auswertung zeigt nach einigen Monaten, wie viel Strom wirklich gespart wurde.",
    milestones=(*_BALCONY.milestones, ("Auswertung der Stromersparnis", 230, "")),
    costs=(*_BALCONY.costs, ("Strommessgeräte für die Auswertung", 400)),
)

PROJECTS.append(
    Spec(
        title="Balkonkraftwerke für Mieterinnen und Mieter in Gorbitz",
        summary="Sammelbestellung, Beratung und Montagehilfe: 60 Haushalte in Gorbitz erzeugen "
        "mit steckerfertigen Solarmodulen eigenen Strom und senken ihre Rechnung.",
        description="""\
In Gorbitz wohnen die meisten Menschen zur Miete, viele mit wenig Geld. Eine eigene Solaranlage
auf dem Dach ist für sie unerreichbar – ein **Balkonkraftwerk** aber nicht: zwei Solarmodule am
Geländer, ein Stecker in die Steckdose, fertig.

Wir helfen dabei:

- **Beratung** in mehreren Sprachen: Lohnt sich das für meinen Balkon?
- **Sammelbestellung**, damit es günstiger wird,
- **Zuschuss** von 100 € pro Haushalt,
- **Montagetage**, an denen Fachleute beim Anbringen helfen.

So sparen Haushalte Geld und Gorbitz erzeugt ein bisschen eigenen Sonnenstrom.
""",
        concept="""\
Mit zwei Wohnungsunternehmen klären wir die Zustimmung. Infoabende in mehreren Sprachen, dann
eine Sammelbestellung für 60 Haushalte. An drei Samstagen helfen eine Elektrofachkraft und das
Team bei der Montage. Ein Zuschuss von 100 € pro Haushalt senkt die Hürde. Einige Monate nach
der Montage werten wir aus, wie viel Strom gespart wurde.
""",
        districts=("Cotta",),
        topics=("Energie", "Wohnen", "Klima und Umwelt"),
        team=(
            ("ahmad.haddad", "Koordination"),
            ("matthias.krause", "Technik"),
            ("tobias.arnold", "Bestellung"),
            ("fatima.rahimi", "Beratung"),
        ),
        age=500,
        phase=IMPLEMENTATION,
        dev=400,
        impl=260,
        place=("Gorbitz, Amalie-Dietrich-Platz", 51.0428, 13.6616),
        supporters=33,
        plans=(_BALCONY, _BALCONY_2),
        done=(
            "Beide Wohnungsunternehmen sind einverstanden, 85 Haushalte waren an den Abenden da.",
            "64 Bestellungen statt 60 – vier Haushalte zahlen den vollen Preis.",
            "Alle 64 Anlagen hängen. Kein einziger Unfall, viele glückliche Gesichter.",
            "Im Schnitt 190 € Ersparnis pro Haushalt im Jahr. Details im Abschlussbericht.",
        ),
        pending="Alle Meilensteine sind erledigt, Bericht und Kosten stehen auf der Seite. Wir "
        "möchten das Projekt abschließen.",
        report="""\
## Was wir gemacht haben

In Gorbitz hängen jetzt **64 Balkonkraftwerke**. An sechs Infoabenden in vier Sprachen haben wir
über 180 Menschen beraten, die Sammelbestellung hat die Geräte um gut ein Viertel günstiger
gemacht, und an drei Montagetagen haben wir gemeinsam mit einer Elektrofachkraft alles sicher
angebracht.

## Was es gekostet hat

Ausgegeben haben wir 8.340 €: 6.400 € Zuschüsse für die Haushalte, 1.060 € für Halterungen und
Kleinmaterial und 880 € für die Elektrofachkraft. Die Strommessgeräte hat uns die
Verbraucherzentrale geliehen.

## Was bleibt

Die Haushalte sparen im Schnitt 190 € im Jahr. Drei Nachbarinnen beraten weiter, wer nachziehen
möchte, und ein Wohnungsunternehmen will das Modell in Prohlis wiederholen.
""",
        cost_cents=834000,
        needs=(
            Wanted(
                NeedKind.EXPERTISE,
                "Elektrofachkraft für die Montagetage",
                "Für die Montagetage brauchen wir eine **Elektrofachkraft**, die prüft und "
                "berät. Ein Honorar ist eingeplant.",
                status=MET,
                offers=(
                    Help(
                        "uwe.zimmermann",
                        "Ich bin Elektromeister und mache die drei Samstage gern.",
                        ACCEPTED,
                    ),
                ),
                at=0.5,
            ),
        ),
    )
)

_READING = Plan(
    note="Plan mit beiden Schulen abgestimmt",
    goals="""\
- An zwei Grundschulen in Leuben lesen 20 Lesepatinnen und -paten einmal pro Woche mit Kindern
  der zweiten und dritten Klasse.
- Jedes Kind liest in einer Gruppe von höchstens drei Kindern.
- Am Schuljahresende gibt es ein Lesefest.""",
    team_roles="""\
Monika Engel: Koordination, Schulen
Heike Günther: Schulung der Pat*innen
Luise Haase: Bücherkisten
Marlene Hahn: Kontakt zur Stadtbibliothek""",
    risks="""\
- Zu wenig Pat*innen: Wir werben in Seniorentreffs, Kirchgemeinden und Firmen.
- Kinderschutz: Alle Pat*innen legen ein erweitertes Führungszeugnis vor.""",
    resources="Bücherkisten der Stadtbibliothek, Leseecken in den Schulen, Lesezeichen.",
    partners="Zwei Grundschulen, Städtische Bibliotheken Dresden, Seniorenbegegnungsstätte Leuben.",
    milestones=(
        ("Schulung der ersten Lesepat*innen", 14, ""),
        ("Start an der ersten Schule", 30, ""),
        ("Start an der zweiten Schule", 220, ""),
        ("Lesefest zum Schuljahresende", 300, ""),
    ),
    costs=(
        ("Bücher für die Leseecken", 800),
        ("Schulungsmaterial", 150),
        ("Lesefest", 400),
    ),
    own=200,
)

PROJECTS.append(
    Spec(
        title="Lesepatenschaften an Grundschulen in Leuben",
        summary="Ehrenamtliche lesen einmal pro Woche mit Kindern der zweiten und dritten Klasse – "
        "in kleinen Gruppen und mit Büchern aus der Stadtbibliothek.",
        description="""\
Lesen lernt man durch Lesen. Aber nicht alle Kinder haben zu Hause jemanden, der mit ihnen liest,
und im Unterricht bleibt dafür wenig Zeit.

Unsere **Lesepatinnen und Lesepaten** kommen einmal pro Woche in die Schule und lesen mit kleinen
Gruppen:

- höchstens drei Kinder pro Pat*in,
- Bücher, die die Kinder selbst aussuchen,
- eine halbe Stunde ohne Noten und ohne Druck.

Viele unserer Pat*innen sind im Ruhestand, einige studieren, manche kommen in der Mittagspause.
Alle haben eines gemeinsam: Sie lesen gern und haben Geduld.
""",
        concept="""\
Zwei Grundschulen in Leuben, je zehn Pat*innen. Die Pat*innen werden an einem Nachmittag
geschult und legen ein erweitertes Führungszeugnis vor. Die Stadtbibliothek stellt Bücherkisten
zusammen, die alle zwei Monate wechseln. Die Schulen richten Leseecken ein. Ein Lesefest am
Schuljahresende feiert, was die Kinder geschafft haben.
""",
        districts=("Leuben",),
        place=("Grundschule in Altleuben", 51.0183, 13.8372),
        topics=("Bildung", "Nachbarschaft und Soziales"),
        team=(
            ("monika.engel", "Koordination"),
            ("heike.guenther", "Schulungen"),
            ("luise.haase", "Bücherkisten"),
            ("marlene.hahn", "Bibliothek"),
        ),
        age=430,
        phase=IMPLEMENTATION,
        dev=330,
        impl=200,
        supporters=20,
        plans=(_READING,),
        done=(
            "Zwölf Pat*innen sind geschult, alle Führungszeugnisse liegen vor.",
            "Wir lesen jetzt jeden Mittwoch mit 30 Kindern. Die Leseecke ist der Hit.",
        ),
        needs=(
            Wanted(
                NeedKind.OTHER,
                "Weitere Lesepatinnen und Lesepaten",
                "Für die zweite Schule brauchen wir **noch acht Menschen**, die einmal pro Woche "
                "eine Stunde Zeit haben. Vorkenntnisse sind nicht nötig.",
                offers=(
                    Help(
                        "dieter.franke",
                        "Ich bin seit Kurzem im Ruhestand und lese für mein Leben gern.",
                        ACCEPTED,
                    ),
                    Help(
                        "sophie.lehmann",
                        "Ich studiere Grundschullehramt und kann mittwochs.",
                        ACCEPTED,
                    ),
                    Help(
                        "buergerin",
                        "Donnerstags könnte ich in der Mittagspause kommen. Geht das auch?",
                    ),
                ),
                at=0.75,
            ),
        ),
    )
)

_STAIRS = Plan(
    note="Erste Fassung",
    goals="""\
- Die 14 historischen Treppen und Stiegen zwischen Loschwitz und Weißem Hirsch sind begehbar.
- An jeder Treppe steht ein Wegweiser mit Namen und Ziel.
- Eine Karte erzählt die Geschichte der Treppen.""",
    team_roles="""\
Henrik Jahn: Koordination
Paul Neumann: Arbeitseinsätze
Rosa Kaiser: Geschichte und Karte
Carla Winkler: Kontakt zum Ortsamt""",
    risks="""\
- Privatgrund: Einige Treppen führen über private Grundstücke; wir fragen die Eigentümer.
- Denkmalschutz: Reparaturen nur nach Abstimmung mit der Denkmalbehörde.""",
    resources="Freischneider, Gartenwerkzeug, Holz für Stufen, Wegweiser.",
    partners="Ortsamt Loschwitz, Denkmalschutzbehörde, Heimatverein, Bergbahnen.",
    milestones=(
        ("Bestandsaufnahme aller Treppen", 20, ""),
        ("Freischneiden der ersten fünf Treppen", 70, ""),
        ("Wegweiser aufgestellt", 200, ""),
        ("Karte mit Geschichten gedruckt", 240, ""),
    ),
    costs=(
        ("Wegweiser (14 Stück)", 2800),
        ("Holz und Schrauben für Stufen", 900),
        ("Druck der Karte", 1100),
        ("Leihgebühr Freischneider", 200),
    ),
    own=1500,
)

_STAIRS_2 = replace(
    _STAIRS,
    note="Treppenlauf ergänzt, Denkmalbehörde eingebunden",
    milestones=(
        *_STAIRS.milestones,
        ("Treppenlauf für alle", 270, "Alle 14 Treppen an einem Tag."),
    ),
    partners=_STAIRS.partners + " Ein Laufverein organisiert den Treppenlauf mit.",
)

PROJECTS.append(
    Spec(
        title="Elbhang-Treppen in Loschwitz: begehbar und beschildert",
        summary="Die alten Treppen und Stiegen zwischen Elbe und Weißem Hirsch werden "
        "freigeschnitten, mit Wegweisern versehen und in einer Karte mit ihrer Geschichte "
        "beschrieben.",
        description="""\
Der Loschwitzer Elbhang ist von alten Treppen durchzogen: Winzerwege, Stiegen zu Villen,
Abkürzungen zur Standseilbahn. Viele sind zugewachsen, manche kennt kaum noch jemand. Dabei sind
sie die schönsten Wege zwischen Elbe und Höhe.

Wir möchten die Treppen **zurück ins Bewusstsein holen**:

- Arbeitseinsätze, bei denen wir Treppen freischneiden und kleine Schäden reparieren,
- **Wegweiser** an jeder Treppe mit Namen und Ziel,
- eine **Karte**, die die Geschichte jeder Treppe erzählt,
- ein Treppenlauf, bei dem alle 14 Treppen an einem Tag bezwungen werden.
""",
        concept="""\
Bestandsaufnahme der 14 Treppen mit Fotos und Zustand. Freischneiden bei monatlichen
Arbeitseinsätzen mit Nachbar*innen. Kleine Reparaturen an Holzstufen, größere Schäden melden wir
dem Straßen- und Tiefbauamt. Wegweiser in Abstimmung mit Ortsamt und Denkmalbehörde. Der
Heimatverein hilft bei der Geschichte der Treppen.
""",
        districts=("Loschwitz",),
        topics=("Mobilität", "Kultur"),
        team=(
            ("henrik.jahn", "Koordination"),
            ("paul.neumann", "Arbeitseinsätze"),
            ("rosa.kaiser", "Karte"),
            ("carla.winkler", "Ortsamt"),
        ),
        age=460,
        phase=IMPLEMENTATION,
        dev=360,
        impl=180,
        place=("Loschwitzer Elbhang", 51.0565, 13.8140),
        supporters=36,
        plans=(_STAIRS, _STAIRS_2),
        done=(
            "Alle 14 Treppen sind erfasst, vier davon sind in schlechtem Zustand.",
            "Fünf Treppen sind wieder frei. 23 Helfende, drei Container Grünschnitt.",
        ),
        contact=True,
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Holz und Schrauben für Stufen",
                "Für die Reparatur von Holzstufen brauchen wir **Eichen- oder Robinienholz** und "
                "Edelstahlschrauben.",
                offers=(
                    Help(
                        "benedikt.sommer",
                        "Ich habe Robinienreste aus einem Auftrag, reicht für etwa 20 Stufen.",
                        ACCEPTED,
                    ),
                ),
                at=0.6,
            ),
            Wanted(
                NeedKind.PLANNING,
                "Jemand, der die Arbeitseinsätze koordiniert",
                "Wer plant die **monatlichen Arbeitseinsätze**: Termine, Werkzeug, Anmeldung der "
                "Grünschnittcontainer?",
                at=0.8,
            ),
        ),
    )
)

_COMPOST = Plan(
    note="Plan nach der Kompostschulung",
    goals="""\
- Drei Gemeinschaftskompostanlagen in Trachau: zwei in Innenhöfen, eine an der Kleingartensparte.
- 80 Haushalte bringen ihre Küchenabfälle.
- Die Komposterde geht an Hochbeete, Schulgärten und Baumscheiben im Viertel.""",
    team_roles="""\
Ole Fiedler: Koordination
Sophie Lehmann: Kompostpat*innen
Lukas Braun: Bau der Anlagen""",
    risks="""\
- Geruch und Ratten: nur Pflanzliches, geschlossene Thermokomposter, wöchentliche Kontrolle.
- Die Hausverwaltungen stimmen nicht zu: Wir beginnen mit der Kleingartensparte.""",
    resources="Thermokomposter, Siebe, Gabeln, Infoschilder.",
    partners="Kleingartensparte, zwei Hausgemeinschaften, Amt für Stadtgrün und Abfallwirtschaft.",
    milestones=(
        ("Kompostschulung für Pat*innen", 20, ""),
        ("Drei Kompostanlagen aufgebaut", 150, ""),
        ("Erste Ernte: Komposterde für die Hochbeete", 300, ""),
    ),
    costs=(
        ("Neun Thermokomposter", 1350),
        ("Werkzeug und Siebe", 300),
        ("Infoschilder", 250),
    ),
    own=300,
)

PROJECTS.append(
    Spec(
        title="Kiezkompost: Gemeinschaftskompost in Trachau",
        summary="Drei Kompostanlagen in Innenhöfen und an der Kleingartensparte, betreut von "
        "geschulten Nachbar*innen – aus Küchenabfällen wird Erde für Hochbeete.",
        description="""\
In der Biotonne landen Gemüsereste, Kaffeesatz und Eierschalen – und werden quer durch die
Stadt gefahren. Dabei könnte daraus direkt vor der Haustür wertvolle Erde werden.

**Kiezkompost** baut drei Gemeinschaftskompostanlagen in Trachau:

- zwei in Innenhöfen von Hausgemeinschaften,
- eine an der Kleingartensparte, offen für alle aus der Nachbarschaft.

Geschulte **Kompostpatinnen und -paten** kümmern sich darum, dass nur Pflanzliches hineinkommt
und alles richtig verrottet. Die fertige Erde geht an Hochbeete, Schulgärten und Baumscheiben.
""",
        concept="""\
Drei Standorte mit je drei Thermokompostern. Für jeden Standort zwei geschulte Pat*innen, die
wöchentlich kontrollieren und umsetzen. Nur pflanzliche Küchenabfälle, Infoschilder an jeder
Anlage. Nach etwa einem Jahr die erste Ernte. Partner: Kleingartensparte und zwei
Hausgemeinschaften.
""",
        districts=("Pieschen",),
        topics=("Klima und Umwelt", "Stadtgrün"),
        team=(
            ("ole.fiedler", "Koordination"),
            ("sophie.lehmann", "Pat*innen"),
            ("lukas.braun", "Bau"),
        ),
        age=400,
        phase=IMPLEMENTATION,
        dev=310,
        impl=140,
        place=("Kleingartensparte in Trachau", 51.0875, 13.7105),
        supporters=18,
        plans=(_COMPOST,),
        done=("Acht Pat*innen geschult. Wir wissen jetzt alles über Rotte und Regenwürmer.",),
        needs=(
            Wanted(
                NeedKind.OTHER,
                "Kompostpatinnen und Kompostpaten",
                "Für den dritten Standort suchen wir **zwei Menschen**, die einmal pro Woche "
                "nach dem Kompost schauen. Eine Schulung gibt es vorher.",
                at=0.7,
            ),
        ),
    )
)

# Completed --------------------------------------------------------------------------------------

_BOOKCASE = Plan(
    note="Erster Plan",
    goals="""\
- Ein offener Bücherschrank am Schillerplatz, wetterfest und barrierefrei erreichbar.
- Pat*innen aus der Nachbarschaft schauen täglich nach dem Rechten.""",
    team_roles="""\
Emilia Krüger: Koordination
Marek Nowak: Bau und Material
Birgit Hartmann: Patenschaften
Jana Vogel: Genehmigung und Einweihung""",
    risks="""\
- Vandalismus: stabile Bauweise, Glastüren aus Sicherheitsglas.
- Der Schrank wird zur Müllablage: Patenschaften und ein klares Schild.""",
    resources="Eichenholz, Sicherheitsglas, Sandsteinsockel, Werkstatt zum Bauen.",
    partners="Ortsamt Blasewitz, Straßen- und Tiefbauamt, eine Tischlerei, Stadtteilbibliothek.",
    milestones=(
        ("Genehmigung der Sondernutzung", 15, ""),
        ("Schrank in der Werkstatt gebaut", 70, ""),
        ("Aufstellung und Einweihung", 110, ""),
    ),
    costs=(
        ("Eichenholz und Beschläge", 1400),
        ("Sicherheitsglas", 650),
        ("Fundament und Aufstellung", 900),
    ),
    own=500,
)

_BOOKCASE_2 = replace(
    _BOOKCASE,
    note="Sandsteinsockel und Patenschaften ergänzt",
    milestones=(
        *_BOOKCASE.milestones,
        ("Patenschaften für die Pflege verteilt", 140, "Sieben Pat*innen, je ein Wochentag."),
    ),
    costs=(*_BOOKCASE.costs, ("Elbsandstein-Sockel (Rest vom Steinmetz)", 350)),
)

PROJECTS.append(
    Spec(
        title="Offener Bücherschrank am Schillerplatz",
        summary="Ein wetterfester Bücherschrank aus Eichenholz auf Elbsandstein am Schillerplatz: "
        "Bücher bringen, Bücher mitnehmen – rund um die Uhr, ohne Ausweis.",
        description="""\
Am Schillerplatz treffen sich Menschen: auf dem Weg zum Blauen Wunder, an der
Straßenbahnhaltestelle, auf dem Markt. Ein guter Ort für einen **offenen Bücherschrank**.

Das Prinzip ist einfach:

- Wer ein Buch übrig hat, stellt es hinein.
- Wer ein Buch sucht, nimmt es mit.
- Niemand muss sich anmelden, niemand zahlt etwas.

Unser Schrank ist aus Eichenholz, steht auf einem Sockel aus Elbsandstein und hat Türen aus
Sicherheitsglas. Sieben Pat*innen aus der Nachbarschaft schauen abwechselnd nach dem Rechten.
""",
        concept="""\
Ein Bücherschrank aus Eichenholz mit Glastüren, gebaut von einer Tischlerei aus Blasewitz
zusammen mit dem Team. Standort auf dem Gehweg am Schillerplatz, genehmigt als Sondernutzung.
Patenschaften für die Pflege. Kosten rund 3.300 €, getragen aus dem Fonds für Bürgerprojekte,
Spenden und Eigenleistung beim Bau.
""",
        districts=("Blasewitz",),
        topics=("Kultur", "Bildung"),
        team=(
            ("emilia.krueger", "Koordination"),
            ("marek.nowak", "Bau"),
            ("birgit.hartmann", "Patenschaften"),
            ("jana.vogel", "Genehmigung"),
        ),
        age=545,
        phase=IMPLEMENTATION,
        state=COMPLETED,
        dev=470,
        impl=380,
        end=220,
        place=("Schillerplatz", 51.0493, 13.8064),
        supporters=40,
        plans=(_BOOKCASE, _BOOKCASE_2),
        done=(
            "Genehmigung ist da, Standort vor der Apotheke.",
            "Der Schrank ist fertig, 62 Arbeitsstunden in der Tischlerei.",
            "Eingeweiht mit einer Lesung und über 100 Gästen. Nach einer Stunde war er voll.",
            "Alle sieben Tage haben eine Patin oder einen Paten.",
        ),
        report="""\
## Was wir gemacht haben

Seit der Einweihung steht am Schillerplatz ein **offener Bücherschrank** aus Eichenholz auf einem
Sockel aus Elbsandstein. Gebaut haben wir ihn gemeinsam mit einer Tischlerei in 62
Arbeitsstunden, davon 40 in Eigenleistung.

## Was es gekostet hat

Die tatsächlichen Kosten lagen bei **3.265,40 €**: Holz und Beschläge 1.385,40 €, Sicherheitsglas
630 €, Fundament und Aufstellung 900 €, Sandsteinsockel 350 €. Damit sind wir knapp unter dem Plan
geblieben.

## Was bleibt

Sieben Pat*innen kümmern sich um den Schrank, jeden Tag jemand anderes. Im Schnitt wechseln
pro Woche rund 150 Bücher den Platz. Der Schrank gehört jetzt der Nachbarschaft.
""",
        cost_cents=326540,
        contact=True,
        featured=True,
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Sandsteinsockel für den Schrank",
                "Wir suchen einen **Block Elbsandstein** (etwa 80 × 50 × 40 cm) als Sockel. "
                "Ein Reststück vom Steinmetz wäre ideal.",
                status=MET,
                offers=(
                    Help(
                        "dieter.franke",
                        "Ein Steinmetz in Pirna ist ein alter Freund. Er hat Reststücke und gibt "
                        "sie günstig ab.",
                        ACCEPTED,
                    ),
                ),
                at=0.45,
            ),
        ),
    )
)

_MEADOW = Plan(
    note="Erster Plan",
    goals="""\
- 800 Meter Rasenstreifen am Elberadweg in Laubegast werden zur Blühwiese mit heimischen
  Wildblumen.
- Vier Schulklassen säen und beobachten die Wiese.
- Anwohnende mähen die Fläche zweimal im Jahr mit der Sense.""",
    team_roles="""\
Sabrina Kühn: Koordination
Steffen Lange: Bodenvorbereitung
Heike Günther: Schulklassen
Paul Neumann: Sensenkurse""",
    risks="""\
- Die Aussaat geht nicht auf: regionales Saatgut, Beratung durch das Umweltzentrum.
- Hochwasser: Die Wiese verträgt Überflutung, das Saatgut ist darauf ausgewählt.""",
    resources="Regionales Saatgut, Fräse (geliehen), Sensen, Schilder.",
    partners="Amt für Stadtgrün und Abfallwirtschaft, vier Schulklassen, Umweltzentrum.",
    milestones=(
        ("Abstimmung mit dem Amt für Stadtgrün", 10, ""),
        ("Bodenvorbereitung", 40, ""),
        ("Aussaat mit vier Schulklassen", 55, ""),
        ("Erster Sensenschnitt mit Anwohnenden", 150, ""),
    ),
    costs=(
        ("Regionales Saatgut für 800 m", 900),
        ("Fräse und Transporter (Miete)", 350),
        ("Vier Sensen mit Zubehör", 480),
        ("Schilder", 250),
    ),
    own=400,
)

_MEADOW_2 = replace(
    _MEADOW,
    note="Saatgutgewinnung ergänzt",
    milestones=(
        *_MEADOW.milestones,
        ("Zweiter Schnitt und Saatgutgewinnung", 225, "Saatgut für neue Flächen."),
    ),
)

PROJECTS.append(
    Spec(
        title="Blühstreifen am Elberadweg in Laubegast",
        summary="Auf 800 Metern Rasenfläche am Elberadweg wachsen heute heimische Wildblumen. "
        "Schulklassen haben gesät, Anwohnende mähen zweimal im Jahr mit der Sense.",
        description="""\
Entlang des Elberadwegs in Laubegast lag ein schmaler Rasenstreifen, der alle paar Wochen
kurzgemäht wurde. Für Insekten war dort nichts zu holen.

Jetzt blüht dort eine **Wildblumenwiese**:

- gesät von vier Schulklassen aus Leuben,
- mit regionalem Saatgut von über 40 heimischen Arten,
- gepflegt von Anwohnenden, die zweimal im Jahr mit der Sense mähen.

Schilder erklären, was hier wächst und warum seltener gemäht wird. Und wer möchte, lernt bei
unseren Sensenkursen, wie das geht.
""",
        concept="""\
Umwandlung von 800 m Rasenstreifen in eine artenreiche Blühwiese, abgestimmt mit dem Amt für
Stadtgrün und Abfallwirtschaft, das die Fläche künftig nur noch zweimal im Jahr mäht. Aussaat
mit Schulklassen, Pflege durch Anwohnende mit Sensen, Schilder zur Erklärung.
""",
        districts=("Leuben",),
        topics=("Stadtgrün", "Klima und Umwelt"),
        team=(
            ("sabrina.kuehn", "Koordination"),
            ("steffen.lange", "Boden"),
            ("heike.guenther", "Schulklassen"),
            ("paul.neumann", "Sensenkurse"),
        ),
        age=530,
        phase=IMPLEMENTATION,
        state=COMPLETED,
        dev=450,
        impl=360,
        end=90,
        place=("Elberadweg, Laubegast", 51.0255, 13.8460),
        supporters=30,
        plans=(_MEADOW, _MEADOW_2),
        done=(
            "Das Amt mäht ab sofort nur noch zweimal im Jahr.",
            "Boden gefräst, Steine gesammelt, bereit zur Aussaat.",
            "Vier Klassen, 96 Kinder, 800 Meter. Jetzt heißt es warten.",
            "Zwölf Leute mit Sensen – und die Wiese sah danach richtig gut aus.",
            "Drei Säcke Saatgut gewonnen, die gehen an die Baumscheiben in Striesen.",
        ),
        declined=(
            Declined(
                Step.TO_COMPLETED,
                "Die Wiese blüht, alle Meilensteine sind erledigt. Wir möchten abschließen.",
                "Glückwunsch zur Wiese! Im Bericht fehlt aber, wer die Fläche nach Projektende "
                "mäht und wer die Schilder pflegt. Bitte klären Sie das mit dem Amt für "
                "Stadtgrün und ergänzen Sie den Bericht.",
                at=0.9,
            ),
        ),
        report="""\
## Was wir gemacht haben

Am Elberadweg in Laubegast ist aus 800 Metern Rasen eine **Blühwiese** geworden. Vier
Schulklassen haben gesät, zwölf Anwohnende haben bei zwei Schnitten mit der Sense gemäht, und
wir haben genug Saatgut für neue Flächen gewonnen.

## Was es gekostet hat

Insgesamt **1.980 €**: 900 € Saatgut, 350 € Miete für Fräse und Transporter, 480 € für vier
Sensen und 250 € für Schilder.

## Was bleibt

Das Amt für Stadtgrün mäht die Fläche künftig zweimal im Jahr zu den mit uns vereinbarten
Zeiten. Die Sensen liegen bei der Kleingartensparte, die Schilder pflegt der Ortsverein.
Den Saatgutvorrat geben wir an andere Projekte weiter.
""",
        cost_cents=198000,
        needs=(
            Wanted(
                NeedKind.MATERIAL,
                "Saatgut heimischer Wildblumen",
                "Wir brauchen **regionales Saatgut** (Ursprungsgebiet Sächsisches Hügelland) "
                "für 800 Meter Streifen.",
                status=MET,
                offers=(
                    Help(
                        "greta.lorenz",
                        "Das Umweltzentrum hat eine Bezugsquelle für zertifiziertes Saatgut, ich "
                        "stelle den Kontakt her.",
                        ACCEPTED,
                    ),
                ),
                at=0.3,
            ),
        ),
    )
)

_STORIES = Plan(
    note="Plan mit dem Festspielhaus abgestimmt",
    goals="""\
- Zwölf Erzählnachmittage mit älteren Hellerauerinnen und Hellerauern.
- Aus den Aufnahmen entstehen ein Hörspaziergang durch die Gartenstadt und ein gedrucktes Heft.
- Schülerinnen und Schüler führen die Gespräche mit.""",
    team_roles="""\
Carla Winkler: Koordination und Moderation
Ralf Seidel: Aufnahmen und Schnitt
Marlene Hahn: Heft und Archiv""",
    risks="""\
- Erzählende werden krank: Wir planen mehr Termine als nötig und besuchen auch zu Hause.
- Persönliche Daten: Alle Erzählenden geben eine schriftliche Einwilligung.""",
    resources="Aufnahmegerät, Café-Raum, Kuchen, Layout und Druck.",
    partners="Festspielhaus Hellerau, Gymnasium Klotzsche, Heimatverein, Stadtteilbibliothek.",
    milestones=(
        ("Zwölf Erzählnachmittage", 120, ""),
        ("Hörspaziergang produziert", 220, ""),
        ("Heft gedruckt und vorgestellt", 280, ""),
    ),
    costs=(
        ("Aufnahmegerät und Mikrofone", 450),
        ("Kaffee und Kuchen für zwölf Nachmittage", 600),
        ("Layout und Druck des Hefts (500 Stück)", 1400),
    ),
    own=300,
)

PROJECTS.append(
    Spec(
        title="Erzählcafé: Hellerauer Geschichten",
        summary="Zwölf Nachmittage lang erzählten ältere Hellerauerinnen und Hellerauer von "
        "Gartenstadt, Kaserne und Wendezeit. Daraus sind ein Hörspaziergang und ein Heft "
        "entstanden.",
        description="""\
Hellerau ist die erste Gartenstadt Deutschlands, und ihre Geschichte ist voller Brüche:
Reformbewegung, Kaserne, Wendezeit, Wiederentdeckung. Die Menschen, die das erlebt haben,
werden weniger.

Im **Erzählcafé** haben wir zugehört:

- zwölf Nachmittage bei Kaffee und Kuchen,
- Schülerinnen und Schüler vom Gymnasium haben die Gespräche mitgeführt,
- alles wurde aufgenommen – mit Einwilligung der Erzählenden.

Entstanden sind ein **Hörspaziergang** durch die Gartenstadt, den man mit dem Smartphone
abrufen kann, und ein **Heft** mit den schönsten Geschichten.
""",
        concept="""\
Zwölf Erzählnachmittage im Café am Markt in Hellerau, moderiert vom Team, mit Schüler*innen als
Interviewenden. Die Aufnahmen werden geschnitten und zu einem Hörspaziergang mit zehn Stationen
zusammengestellt. Ein Heft mit Texten und Fotos wird gedruckt und in Bibliothek und Festspielhaus
verteilt.
""",
        districts=("Klotzsche",),
        topics=("Kultur", "Nachbarschaft und Soziales"),
        team=(
            ("carla.winkler", "Moderation"),
            ("ralf.seidel", "Aufnahmen"),
            ("marlene.hahn", "Heft"),
        ),
        age=500,
        phase=IMPLEMENTATION,
        state=COMPLETED,
        dev=420,
        impl=330,
        end=40,
        place=("Hellerau, Am Markt", 51.1115, 13.7600),
        supporters=23,
        plans=(_STORIES,),
        done=(
            "Zwölf Nachmittage, 31 Erzählende, fast 20 Stunden Aufnahmen.",
            "Zehn Stationen, 48 Minuten. Abrufbar über die Schilder an den Stationen.",
            "500 Hefte gedruckt, 200 waren nach der Vorstellung im Festspielhaus schon weg.",
        ),
        report="""\
## Was wir gemacht haben

An zwölf Nachmittagen haben **31 Hellerauerinnen und Hellerauer** erzählt. Acht Schülerinnen und
Schüler haben die Gespräche mitgeführt. Aus fast 20 Stunden Aufnahmen sind ein Hörspaziergang mit
zehn Stationen und ein Heft mit 48 Seiten entstanden.

## Was es gekostet hat

**2.410 €** insgesamt: 450 € für Aufnahmegerät und Mikrofone, 560 € für Kaffee und Kuchen und
1.400 € für Layout und Druck des Hefts.

## Was bleibt

Die Aufnahmen liegen im Archiv der Stadtteilbibliothek, der Hörspaziergang bleibt online. Das
Gymnasium möchte das Erzählcafé als Projektwoche jedes Jahr wiederholen.
""",
        cost_cents=241000,
    )
)

# Paused -----------------------------------------------------------------------------------------

_BENCHES = Plan(
    note="Erster Plan",
    goals="""\
- Acht Mitfahrbänke an Ortsausgängen zwischen Bühlau, Quohren und Weißig.
- An jeder Bank ein Klappschild mit Zielen.
- Nach einem halben Jahr eine Befragung: Wer nimmt mit, wer fährt mit?""",
    team_roles="""\
Thomas Fischer: Koordination
Hannah Schwarz: Befragung
Uwe Zimmermann: Aufbau""",
    risks="""\
- Sicherheit: Bänke nur an gut einsehbaren, beleuchteten Stellen.
- Akzeptanz: Werbung in Kirchgemeinden, Schulen und bei der Feuerwehr.""",
    resources="Acht Bänke, Klappschilder, Fundamente.",
    partners="Ortsbeirat Loschwitz, Ortschaftsrat Schönfeld-Weißig, Verkehrsbetriebe.",
    milestones=(
        ("Standorte genehmigt", 0, ""),
        ("Acht Bänke aufgestellt", 60, ""),
        ("Befragung nach einem halben Jahr", 240, ""),
    ),
    costs=(
        ("Acht Bänke", 4000),
        ("Klappschilder", 800),
        ("Fundamente", 1200),
    ),
    own=600,
)

PROJECTS.append(
    Spec(
        title="Mitfahrbänke zwischen Bühlau und Weißig",
        summary="Gekennzeichnete Bänke an Ortsausgängen zeigen: Ich möchte mitgenommen werden. "
        "Eine einfache Ergänzung zum Bus für die Hänge östlich des Weißen Hirschs.",
        description="""\
Zwischen Bühlau, Quohren und Weißig fährt der Bus tagsüber im Halbstundentakt, abends und am
Wochenende selten. Gleichzeitig fahren viele Autos mit nur einer Person die gleiche Strecke.

Eine **Mitfahrbank** löst das ganz einfach:

- Wer mitgenommen werden möchte, setzt sich auf die Bank und klappt das Schild mit dem Ziel auf.
- Wer vorbeifährt und in die Richtung will, hält an.

Mitfahrbänke gibt es schon in vielen ländlichen Gegenden. Wir möchten sie an den Hängen östlich
des Weißen Hirschs ausprobieren.
""",
        concept="""\
Acht Bänke an gut einsehbaren Ortsausgängen, jeweils mit einem Klappschild für drei bis vier
Ziele. Abstimmung mit Ortsbeirat Loschwitz und Ortschaftsrat Schönfeld-Weißig, da die Strecke
über die Stadtteilgrenze führt. Werbung in Kirchgemeinden und Schulen, Befragung nach einem
halben Jahr.
""",
        districts=("Loschwitz",),
        topics=("Mobilität", "Nachbarschaft und Soziales"),
        team=(
            ("thomas.fischer", "Koordination"),
            ("hannah.schwarz", "Befragung"),
            ("uwe.zimmermann", "Aufbau"),
        ),
        age=400,
        phase=DEVELOPMENT,
        state=PAUSED,
        dev=280,
        end=60,
        end_reason="Der Ortschaftsrat Schönfeld-Weißig möchte die Standorte noch einmal beraten, "
        "und zwei von uns sind beruflich für einige Monate nicht in Dresden. Wir machen weiter, "
        "sobald die Entscheidung da ist.",
        place=("Bühlau, Ullersdorfer Platz", 51.0625, 13.8470),
        supporters=11,
        plans=(_BENCHES,),
        dropped_request="Die Bänke sind bestellt, der Plan ist vollständig. Wir möchten mit dem "
        "Aufstellen beginnen.",
    )
)

_ROOF = Plan(
    note="Erster Plan mit dem Parkhausbetreiber",
    goals="""\
- 40 Hochbeete auf dem obersten Parkdeck, gepflegt von Nachbar*innen aus der Wilsdruffer
  Vorstadt.
- Bewässerung mit Regenwasser vom Dach des Treppenhauses.
- Ein Erntefest für alle.""",
    team_roles="""\
Lukas Braun: Koordination, Bau
Mira Wagner: Beetvergabe
Ines Schubert: Öffentlichkeitsarbeit
Katrin Schulze: Pflanzen und Beratung""",
    risks="""\
- Statik: Freigabe durch den Betreiber und ein Gutachten.
- Wind und Hitze: windfeste Beete, Schattensegel.
- Dachsanierung: Der Betreiber plant eine Sanierung; dann müssen die Beete umziehen.""",
    resources="Hochbeete aus Paletten, Erde, Regentonnen, Schattensegel.",
    partners="Parkhausbetreiber, Nachbarschaftsverein, eine Gärtnerei.",
    milestones=(
        ("Statische Freigabe des Parkdecks", 10, ""),
        ("40 Hochbeete aufgebaut", 45, ""),
        ("Bewässerung mit Regenwasser", 260, ""),
    ),
    costs=(
        ("Paletten, Folie und Erde für 40 Beete", 2400),
        ("Statikgutachten", 900),
        ("Regentonnen und Schläuche", 500),
    ),
    own=800,
)

_ROOF_2 = replace(
    _ROOF,
    note="Schattensegel und Erntefest ergänzt",
    milestones=(*_ROOF.milestones, ("Erntefest", 300, "")),
    costs=(*_ROOF.costs, ("Zwei Schattensegel", 600)),
)

PROJECTS.append(
    Spec(
        title="Gemeinschaftsgarten auf dem Parkhausdach in der Wilsdruffer Vorstadt",
        summary="Auf dem obersten Parkdeck eines Parkhauses wachsen Tomaten und Kräuter in 40 "
        "Hochbeeten. Wegen einer Dachsanierung ruht der Garten gerade.",
        description="""\
In der Wilsdruffer Vorstadt gibt es kaum Grün und fast keine Gärten. Aber es gibt Parkhäuser –
und deren oberstes Deck ist oft halb leer.

Wir haben dort einen **Gemeinschaftsgarten** aufgebaut:

- 40 Hochbeete aus Paletten, jedes von einer Nachbarin, einem Nachbarn oder einer Gruppe gepflegt,
- Tomaten, Bohnen, Kräuter und Blumen mit Blick über die Altstadt,
- Schattensegel gegen die Mittagshitze.

Zurzeit ruht der Garten, weil das Dach saniert wird. Die Beete stehen so lange bei unseren
Partnern.
""",
        concept="""\
Der Parkhausbetreiber stellt das oberste Deck zur Verfügung, ein Statikgutachten bestätigt die
Tragfähigkeit. 40 Hochbeete aus Paletten werden an Nachbar*innen vergeben, die sie pflegen.
Bewässerung mit Regenwasser vom Treppenhausdach. Gemeinsame Gartentage jeden Samstag.
""",
        districts=("Altstadt",),
        topics=("Stadtgrün", "Wohnen", "Nachbarschaft und Soziales"),
        team=(
            ("lukas.braun", "Koordination"),
            ("mira.wagner", "Beetvergabe"),
            ("ines.schubert", "Öffentlichkeit"),
            ("katrin.schulze", "Pflanzen"),
        ),
        age=470,
        phase=IMPLEMENTATION,
        state=PAUSED,
        dev=390,
        impl=280,
        end=35,
        end_reason="Der Betreiber saniert die Dachabdichtung des Parkdecks. Die Hochbeete stehen "
        "so lange im Hof des Nachbarschaftsvereins. Wir machen weiter, sobald das Dach wieder "
        "frei ist – voraussichtlich in drei bis vier Monaten.",
        place=("Parkhaus in der Wilsdruffer Vorstadt", 51.0520, 13.7270),
        supporters=28,
        plans=(_ROOF, _ROOF_2),
        done=(
            "Das Gutachten bestätigt: Das Deck trägt die Beete problemlos.",
            "Alle 40 Beete stehen und sind vergeben. Die Warteliste hat schon 25 Namen.",
        ),
        needs=(
            Wanted(
                NeedKind.ROOMS,
                "Unterstellplatz für 40 Hochbeete während der Dachsanierung",
                "Für die Zeit der Sanierung brauchen wir einen **Hof oder eine Freifläche** in "
                "der Nähe, auf der die Beete stehen können.",
                status=MET,
                offers=(
                    Help(
                        "frank.boehme",
                        "Der Nachbarschaftsverein hat einen großen Hof, ich habe schon gefragt – "
                        "es geht.",
                        ACCEPTED,
                    ),
                ),
                at=0.9,
            ),
        ),
    )
)

# Withdrawn --------------------------------------------------------------------------------------

_CINEMA = Plan(
    note="Erster Plan",
    goals="""\
- Acht Filmabende im Innenhof der alten Fabrik an der Friedrichstraße.
- Programm: Filme aus Dresden, Kurzfilme von Schulen, Klassiker.
- Eintritt frei, Spenden für die Technik.""",
    team_roles="""\
Rosa Kaiser: Koordination und Programm
Maximilian Ebert: Technik
Elias Pohl: Genehmigungen""",
    risks="""\
- Der Hof steht zum Verkauf; wir brauchen eine Zusage für mindestens eine Saison.
- Lärm: Ende um 23 Uhr, Information der Nachbarschaft.""",
    resources="Beamer, Leinwand, Tonanlage, Stühle.",
    partners="Eigentümer des Hofs, Filmverleihe, zwei Schulen, Quartiersmanagement Friedrichstadt.",
    milestones=(
        ("Nutzungsvertrag für den Hof", 0, ""),
        ("Technik gekauft", 20, ""),
        ("Erster Filmabend", 40, ""),
    ),
    costs=(
        ("Beamer und Leinwand", 2800),
        ("Tonanlage", 1200),
        ("Filmlizenzen", 1600),
    ),
    own=400,
)

PROJECTS.append(
    Spec(
        title="Hofkino in der Friedrichstadt",
        summary="Open-Air-Kino im Innenhof einer alten Fabrik an der Friedrichstraße: Filme aus "
        "dem Viertel, Kurzfilme von Schulen und Klassiker unter freiem Himmel.",
        description="""\
Die Friedrichstadt hat kein Kino, aber viele Höfe. Einer davon, im Innenhof einer alten Fabrik
an der Friedrichstraße, war perfekt: groß, ruhig, mit einer weißen Brandmauer als Leinwand.

Unser Plan war ein **Hofkino**:

- acht Filmabende bei freiem Eintritt,
- Filme über Dresden und aus dem Viertel,
- Kurzfilme, die Schülerinnen und Schüler gedreht haben.

Leider ist daraus nichts geworden – warum, steht in der Zeitleiste.
""",
        concept="""\
Acht Filmabende im Innenhof der alten Fabrik. Projektion auf die Brandmauer, Ton über eine
kleine Anlage, Stühle von der Kirchgemeinde. Filmlizenzen über einen Verleih für nichtgewerbliche
Vorführungen. Genehmigung als Veranstaltung im Freien. Kosten etwa 5.600 €.
""",
        districts=("Altstadt",),
        topics=("Kultur",),
        team=(
            ("rosa.kaiser", "Programm"),
            ("maximilian.ebert", "Technik"),
            ("elias.pohl", "Genehmigungen"),
        ),
        age=360,
        phase=DEVELOPMENT,
        state=WITHDRAWN,
        dev=250,
        end=120,
        end_reason="Der Hof wird verkauft und bebaut. Einen anderen Ort mit Strom, Platz und "
        "Genehmigung haben wir trotz langer Suche nicht gefunden. Einige von uns machen jetzt bei "
        "der Kulturbühne am Pieschener Hafen mit.",
        place=("Friedrichstraße, Friedrichstadt", 51.0580, 13.7200),
        supporters=8,
        plans=(_CINEMA,),
    )
)
