"""Everything that changes a project. Each operation takes the acting user, checks the
permission and the state, writes the timeline and the audit log, and flushes; the caller
commits. Refusals are ``OperationError`` (a message for the user) or ``PermissionDenied``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import IO, Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from civic.accounts import auth
from civic.accounts.models import Role, User
from civic.core import audit, signals
from civic.core.errors import OperationError, PermissionDenied
from civic.core.images import store_image
from civic.core.mail import send_mail
from civic.core.markdown import render_markdown
from civic.core.models import District, Topic
from civic.core.site import get_settings
from civic.db import db, utcnow
from civic.projects import permissions as perm
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
    STATE_CHANGES,
    MemberRole,
    NeedKind,
    NeedStatus,
    Phase,
    ProjectState,
    RequestStatus,
    Step,
    gate_checklist,
    next_step,
)

INVITE = "project-invitation"
INVITATION_DAYS = 14


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _fit(value: str, column: Any) -> str:
    """Shorten a value to what its column holds (names and titles can be longer than the
    timeline's columns; PostgreSQL refuses what SQLite would silently keep)."""
    length = column.type.length
    return value if len(value) <= length else value[: length - 1] + "…"


def record_event(
    project: Project,
    kind: str,
    actor: Any | None,
    from_value: str = "",
    to_value: str = "",
    reason: str = "",
    **details: Any,
) -> TimelineEntry:
    """A public timeline entry; it also marks the project as recently active."""
    entry = TimelineEntry(
        project_id=project.id,
        kind=kind,
        actor_id=getattr(actor, "id", None),
        from_value=_fit(str(from_value), TimelineEntry.from_value),
        to_value=_fit(str(to_value), TimelineEntry.to_value),
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    project.last_activity_at = utcnow()
    return entry


def _recount(project: Project) -> None:
    """Refresh the maintained counters from the rows (one UPDATE, no race can drift them)."""
    db.session.flush()
    db.session.execute(
        update(Project)
        .where(Project.id == project.id)
        .values(
            supporter_count=select(func.count())
            .select_from(Support)
            .where(Support.project_id == project.id)
            .scalar_subquery(),
            member_count=select(func.count())
            .select_from(Membership)
            .where(Membership.project_id == project.id)
            .scalar_subquery(),
            open_need_count=select(func.count())
            .select_from(Need)
            .where(Need.project_id == project.id, Need.status == NeedStatus.OPEN)
            .scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(project, ["supporter_count", "member_count", "open_need_count"])


def _team_mail(project: Project, subject: Any, template: str, **context: Any) -> None:
    for member in project.memberships:
        send_mail(
            member.user.email,
            subject,
            template,
            locale=member.user.locale,
            user=member.user,
            project=project,
            link=_external("projects.detail", project_id=project.id),
            settings=get_settings(),
            **context,
        )


# --- proposing and editing -------------------------------------------------------------------


def _terms(model: type[District] | type[Topic], ids: Iterable[int], field: str) -> list[Any]:
    wanted = set(ids)
    found = list(db.session.scalars(select(model).where(model.id.in_(wanted)))) if wanted else []
    if len(found) != len(wanted):
        raise OperationError(_l("Please choose from the list."), field=field)
    return found


def _apply_fields(
    project: Project,
    *,
    title: str,
    summary: str,
    description: str,
    concept: str,
    district_ids: Iterable[int],
    topic_ids: Iterable[int],
    location_name: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    image: IO[bytes] | None = None,
    image_alt: str = "",
    remove_image: bool = False,
) -> None:
    districts = _terms(District, district_ids, "districts")
    if not districts:
        raise OperationError(_l("Please choose at least one district."), field="districts")
    topics = _terms(Topic, topic_ids, "topics")
    if not topics:
        raise OperationError(_l("Please choose at least one topic."), field="topics")
    if (latitude is None) != (longitude is None):
        raise OperationError(
            _l("Please give both latitude and longitude, or neither."), field="latitude"
        )
    if image is not None:
        if not image_alt:
            raise OperationError(
                _l("Please describe the image for people who cannot see it."), field="image_alt"
            )
        project.image_filename = store_image(image, field="image")
    elif remove_image:
        project.image_filename = None
    project.image_alt = image_alt if project.image_filename else ""
    project.title = title
    project.summary = summary
    project.description_markdown = description
    project.description_html = render_markdown(description)
    project.concept_markdown = concept
    project.concept_html = render_markdown(concept)
    project.districts = districts
    project.topics = topics
    project.location_name = location_name
    project.latitude = latitude
    project.longitude = longitude


def create_project(actor: User, *, publish: bool = False, **fields: Any) -> Project:
    """A new idea; its author is the initiator and first team member."""
    _require(perm.can_propose(actor))
    project = Project(created_by_id=actor.id, state=ProjectState.DRAFT, phase=Phase.INITIATION)
    _apply_fields(project, **fields)
    db.session.add(project)
    db.session.flush()
    project.memberships.append(Membership(user_id=actor.id, role=MemberRole.INITIATOR, user=actor))
    project.member_count = 1
    record_event(project, "created", actor)
    audit.record(actor, "project.create", "project", project.id)
    if publish:
        publish_project(actor, project)
    db.session.flush()
    return project


def update_project(actor: User, project: Project, **fields: Any) -> Project:
    _require(perm.can_edit_project(actor, project))
    _apply_fields(project, **fields)
    if project.is_published:
        project.last_activity_at = utcnow()
    audit.record(actor, "project.update", "project", project.id)
    db.session.flush()
    return project


def publish_project(actor: User, project: Project) -> None:
    _require(perm.can_publish(actor, project))
    project.state = ProjectState.ACTIVE
    project.published_at = utcnow()
    record_event(project, "published", actor, to_value=ProjectState.ACTIVE)
    audit.record(actor, "project.publish", "project", project.id)
    db.session.flush()
    signals.project_published.send(project, actor=actor)


def delete_draft(actor: User, project: Project) -> None:
    """The draft is gone for its team at once; the moderators can restore it when it was
    deleted by mistake (a draft was never public, so nobody else misses it)."""
    _require(perm.can_delete_draft(actor, project))
    project.deleted_at = utcnow()
    project.deleted_by_id = actor.id
    audit.record(actor, "project.delete_draft", "project", project.id, title=project.title)
    db.session.flush()


def purge_draft(actor: User, project: Project) -> None:
    """Remove a draft for good, with everything on it (when its only author deletes their
    account, nothing of it may stay)."""
    if project.state is not ProjectState.DRAFT:
        raise PermissionDenied()
    audit.record(actor, "project.purge_draft", "project", project.id)
    db.session.delete(project)
    db.session.flush()


# --- supporting --------------------------------------------------------------------------------


def has_supported(user: Any, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Support)
            .where(Support.project_id == project.id, Support.user_id == user.id)
        )
    )


def support(actor: User, project: Project) -> bool:
    """Support a project; True if this was new. A second click changes nothing."""
    _require(perm.can_support(actor, project))
    if has_supported(actor, project):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Support(project_id=project.id, user_id=actor.id))
    except IntegrityError:
        # A parallel request of the same person was faster; the constraint kept it to one.
        return False
    project.last_activity_at = utcnow()
    _recount(project)
    signals.project_supported.send(project, user=actor)
    return True


def withdraw_support(actor: User, project: Project) -> bool:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    result = db.session.execute(
        delete(Support).where(Support.project_id == project.id, Support.user_id == actor.id)
    )
    _recount(project)
    return bool(getattr(result, "rowcount", 0))


# --- the team ----------------------------------------------------------------------------------


def _add_member(project: Project, user: User, actor: Any, how: str) -> Membership:
    member = Membership(user_id=user.id, role=MemberRole.MEMBER, user=user)
    project.memberships.append(member)
    # A join request still waiting (e.g. when the person joins by invitation) is answered too,
    # so that the team is not asked about someone who is already on it.
    db.session.execute(
        update(JoinRequest)
        .where(
            JoinRequest.project_id == project.id,
            JoinRequest.user_id == user.id,
            JoinRequest.status == RequestStatus.PENDING,
        )
        .values(status=RequestStatus.ACCEPTED, decided_at=utcnow(), decided_by_id=actor.id)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    _recount(project)
    record_event(project, "member_joined", actor, to_value=user.display_name, how=how)
    signals.member_joined.send(project, user=user, actor=actor)
    return member


def _insert_once(row: Any) -> bool:
    """Add a row that a unique constraint allows once; False when a parallel request of the same
    person was faster (the savepoint keeps the rest of the transaction intact)."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True


def _ask_again(row: JoinRequest | Offer, message: str) -> None:
    """A join request or offer (one row per person) is asked anew: pending, with this message."""
    row.message = message
    row.status = RequestStatus.PENDING
    row.created_at = utcnow()
    row.decided_at = None
    row.decided_by_id = None
    db.session.flush()


def pending_join_request(user: Any, project: Project) -> JoinRequest | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(JoinRequest).where(
            JoinRequest.project_id == project.id,
            JoinRequest.user_id == user.id,
            JoinRequest.status == RequestStatus.PENDING,
        )
    )


def request_to_join(actor: User, project: Project, message: str) -> JoinRequest:
    _require(perm.can_request_to_join(actor, project))
    existing = db.session.scalar(
        select(JoinRequest).where(
            JoinRequest.project_id == project.id, JoinRequest.user_id == actor.id
        )
    )
    asked = OperationError(_l("You have already asked to join this team."))
    if existing is not None and existing.status is RequestStatus.PENDING:
        raise asked
    if existing is None:
        existing = JoinRequest(project_id=project.id, user_id=actor.id, message=message)
        if not _insert_once(existing):
            raise asked
    _ask_again(existing, message)
    _team_mail(
        project,
        _l("%(name)s would like to join your team", name=actor.display_name),
        "join_request",
        applicant=actor,
        message=message,
        team_link=_external("projects.team", project_id=project.id),
    )
    return existing


def withdraw_join_request(actor: User, request: JoinRequest) -> None:
    if request.user_id != actor.id:
        raise PermissionDenied()
    if request.status is not RequestStatus.PENDING:
        raise OperationError(_l("This request has been answered already."))
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = utcnow()
    db.session.flush()


def _decide_join_request(actor: User, request: JoinRequest, accept: bool) -> None:
    project = request.project
    _require(perm.can_manage_team(actor, project))
    if request.status is not RequestStatus.PENDING:
        raise OperationError(_l("This request has been answered already."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.decided_at = utcnow()
    request.decided_by_id = actor.id
    if accept and not perm.is_team_member(request.user, project):
        _add_member(project, request.user, actor, how="request")
    audit.record(
        actor,
        "project.join_request." + ("accept" if accept else "decline"),
        "project",
        project.id,
        user_id=request.user_id,
    )
    db.session.flush()
    send_mail(
        request.user.email,
        _l("Your request to join “%(title)s”", title=project.title),
        "join_decision",
        locale=request.user.locale,
        user=request.user,
        project=project,
        accepted=accept,
        link=_external("projects.detail", project_id=project.id),
        settings=get_settings(),
    )


def accept_join_request(actor: User, request: JoinRequest) -> None:
    _decide_join_request(actor, request, accept=True)


def decline_join_request(actor: User, request: JoinRequest) -> None:
    _decide_join_request(actor, request, accept=False)


def invite(actor: User, project: Project, email: str, message: str) -> tuple[Invitation, bool]:
    """Invite someone by e-mail; returns the invitation and whether the mail went out."""
    _require(perm.can_manage_team(actor, project))
    email = email.strip().lower()
    if any(m.user.email == email for m in project.memberships):
        raise OperationError(_l("This person is already on the team."), field="email")
    pending = db.session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(
            Invitation.project_id == project.id,
            Invitation.email == email,
            Invitation.status == RequestStatus.PENDING,
        )
    )
    if pending:
        raise OperationError(_l("This address has been invited already."), field="email")
    invitation = Invitation(
        project_id=project.id, email=email, message=message, invited_by_id=actor.id
    )
    if not _insert_once(invitation):
        raise OperationError(_l("This address has been invited already."), field="email")
    token = auth.make_token(INVITE, {"i": invitation.id, "e": email})
    locale = db.session.scalar(select(User.locale).where(User.email == email))
    sent = send_mail(
        email,
        _l("An invitation to the team of “%(title)s”", title=project.title),
        "invitation",
        locale=locale or current_app.config["BABEL_DEFAULT_LOCALE"],
        project=project,
        inviter=actor,
        message=message,
        link=_external("projects.invitation", token=token),
        days=INVITATION_DAYS,
        settings=get_settings(),
    )
    audit.record(actor, "project.invite", "project", project.id, invitation_id=invitation.id)
    return invitation, sent


def invitation_for_token(token: str) -> Invitation | None:
    data = auth.read_token(INVITE, token, INVITATION_DAYS * 24 * 3600)
    if not data or not isinstance(data.get("i"), int):
        return None
    invitation = db.session.get(Invitation, data["i"])
    if invitation is None or invitation.email != data.get("e"):
        return None
    return invitation


def answer_invitation(actor: User, invitation: Invitation, accept: bool) -> None:
    """Whoever holds the link and is signed in may answer it (the link went to that address)."""
    if not perm.is_citizen(actor):
        raise PermissionDenied()
    # Locked and read again: of two clicks at once, the second sees the first one's answer.
    db.session.refresh(invitation, with_for_update=True)
    if invitation.status is not RequestStatus.PENDING:
        raise OperationError(_l("This invitation has been answered or withdrawn already."))
    project = invitation.project
    if accept and not project.is_open:
        raise OperationError(_l("This project no longer takes new team members."))
    invitation.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    invitation.decided_at = utcnow()
    invitation.accepted_by_id = actor.id
    if accept and not perm.is_team_member(actor, project):
        _add_member(project, actor, actor, how="invitation")
    audit.record(
        actor,
        "project.invitation." + ("accept" if accept else "decline"),
        "project",
        project.id,
        invitation_id=invitation.id,
    )
    db.session.flush()


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    _require(perm.can_manage_team(actor, invitation.project))
    if invitation.status is not RequestStatus.PENDING:
        raise OperationError(_l("This invitation has been answered or withdrawn already."))
    invitation.status = RequestStatus.WITHDRAWN
    invitation.decided_at = utcnow()
    db.session.flush()


def leave(actor: User, project: Project) -> None:
    member = perm.membership(actor, project)
    if member is None:
        raise PermissionDenied()
    if not perm.can_leave(actor, project):
        if project.member_count <= 1:
            raise OperationError(
                _l("You are the only team member. To end the project, withdraw it instead.")
            )
        if member.role is MemberRole.INITIATOR:
            raise OperationError(
                _l("A team needs an initiator. Please hand the role over to someone first.")
            )
        raise OperationError(_l("You can leave the team once the project is published."))
    project.memberships.remove(member)
    db.session.flush()
    _recount(project)
    record_event(project, "member_left", actor, from_value=actor.display_name)
    audit.record(actor, "project.leave", "project", project.id)
    db.session.flush()


def hand_over(actor: User, project: Project, to_user_id: int, stay_initiator: bool) -> None:
    """Make another member initiator; the actor stays initiator only if asked to."""
    _require(perm.can_hand_over(actor, project))
    target = next((m for m in project.memberships if m.user_id == to_user_id), None)
    if target is None or target.user_id == actor.id:
        raise OperationError(_l("Please choose a member of the team."), field="member")
    if target.role is MemberRole.INITIATOR:
        raise OperationError(_l("This person is an initiator already."), field="member")
    target.role = MemberRole.INITIATOR
    if not stay_initiator:
        own = perm.membership(actor, project)
        assert own is not None
        own.role = MemberRole.MEMBER
    record_event(project, "initiator_handed", actor, to_value=target.user.display_name)
    audit.record(actor, "project.hand_over", "project", project.id, to_user_id=to_user_id)
    db.session.flush()


def set_task(actor: User, project: Project, member: Membership, task: str) -> None:
    """What a member does in the team (shown on the team list)."""
    _require(perm.can_manage_team(actor, project))
    if member.project_id != project.id:
        raise PermissionDenied()
    member.task = task
    db.session.flush()


# --- needs and offers --------------------------------------------------------------------------


def post_need(actor: User, project: Project, kind: NeedKind, title: str, description: str) -> Need:
    _require(perm.can_manage_needs(actor, project))
    need = Need(
        project_id=project.id,
        kind=kind,
        title=title,
        description_markdown=description,
        description_html=render_markdown(description),
        created_by_id=actor.id,
    )
    db.session.add(need)
    db.session.flush()
    _recount(project)
    record_event(project, "need_posted", actor, to_value=title)
    return need


def update_need(actor: User, need: Need, kind: NeedKind, title: str, description: str) -> None:
    _require(perm.can_manage_needs(actor, need.project))
    if need.status is not NeedStatus.OPEN:
        raise OperationError(_l("Only open needs can be changed."))
    need.kind = kind
    need.title = title
    need.description_markdown = description
    need.description_html = render_markdown(description)
    db.session.flush()


def close_need(actor: User, need: Need, met: bool) -> None:
    _require(perm.can_manage_needs(actor, need.project))
    if need.status is not NeedStatus.OPEN:
        raise OperationError(_l("This need is closed already."))
    need.status = NeedStatus.MET if met else NeedStatus.CLOSED
    need.closed_at = utcnow()
    for offer in need.offers:
        if offer.status is RequestStatus.PENDING:
            offer.status = RequestStatus.DECLINED
            offer.decided_at = utcnow()
            offer.decided_by_id = actor.id
    db.session.flush()
    _recount(need.project)
    record_event(need.project, "need_met" if met else "need_closed", actor, to_value=need.title)
    db.session.flush()


def offer_help(actor: User, need: Need, message: str) -> Offer:
    _require(perm.can_offer_help(actor, need))
    existing = next((o for o in need.offers if o.user_id == actor.id), None)
    offered = OperationError(_l("You have offered your help for this already."))
    if existing is not None and existing.status is RequestStatus.PENDING:
        raise offered
    if existing is None:
        existing = Offer(need_id=need.id, user_id=actor.id, message=message)
        if not _insert_once(existing):
            raise offered
        db.session.expire(need, ["offers"])
    _ask_again(existing, message)
    _team_mail(
        need.project,
        _l("%(name)s offers help: %(need)s", name=actor.display_name, need=need.title),
        "offer",
        helper=actor,
        need=need,
        message=message,
        need_link=_external("projects.need", project_id=need.project_id, need_id=need.id),
    )
    need.project.last_activity_at = utcnow()
    return existing


def _decide_offer(actor: User, offer: Offer, accept: bool) -> None:
    need = offer.need
    _require(perm.can_manage_needs(actor, need.project))
    if offer.status is not RequestStatus.PENDING:
        raise OperationError(_l("This offer has been answered already."))
    offer.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    offer.decided_at = utcnow()
    offer.decided_by_id = actor.id
    if accept:
        record_event(
            need.project,
            "offer_accepted",
            actor,
            to_value=need.title,
            helper=offer.user.display_name,
        )
    db.session.flush()
    send_mail(
        offer.user.email,
        _l("Your offer of help for “%(title)s”", title=need.project.title),
        "offer_decision",
        locale=offer.user.locale,
        user=offer.user,
        need=need,
        project=need.project,
        accepted=accept,
        link=_external("projects.need", project_id=need.project_id, need_id=need.id),
        settings=get_settings(),
    )


def accept_offer(actor: User, offer: Offer) -> None:
    _decide_offer(actor, offer, accept=True)


def decline_offer(actor: User, offer: Offer) -> None:
    _decide_offer(actor, offer, accept=False)


def withdraw_offer(actor: User, offer: Offer) -> None:
    if offer.user_id != actor.id:
        raise PermissionDenied()
    if offer.status is not RequestStatus.PENDING:
        raise OperationError(_l("This offer has been answered already."))
    offer.status = RequestStatus.WITHDRAWN
    offer.decided_at = utcnow()
    db.session.flush()


# --- phases and states -------------------------------------------------------------------------


def current_plan(project: Project) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion)
        .where(PlanVersion.project_id == project.id)
        .order_by(PlanVersion.number.desc())
        .limit(1)
    )


def pending_phase_request(project: Project) -> PhaseRequest | None:
    return db.session.scalar(
        select(PhaseRequest).where(
            PhaseRequest.project_id == project.id,
            PhaseRequest.status == RequestStatus.PENDING,
        )
    )


def _check_gate(project: Project) -> None:
    missing = [str(c.label) for c in gate_checklist(project, current_plan(project)) if not c.met]
    if missing:
        raise OperationError(
            _l(
                "The project does not meet the criteria yet: %(missing)s",
                missing="; ".join(missing),
            )
        )


def request_phase_change(actor: User, project: Project, step: Step, message: str) -> PhaseRequest:
    _require(perm.can_request_phase_change(actor, project))
    try:
        # A form hands over the posted text; "development" must compare equal to the step.
        step = Step(step)
    except ValueError:
        raise OperationError(_l("Please choose the next step."), field="step") from None
    if step is not next_step(project):
        raise OperationError(
            _l("A project moves one phase at a time; this step is not possible now."),
            field="step",
        )
    if pending_phase_request(project) is not None:
        raise OperationError(_l("A request is already waiting for the coordination office."))
    _check_gate(project)
    request = PhaseRequest(
        project_id=project.id, step=step, message=message, requested_by_id=actor.id
    )
    if not _insert_once(request):
        raise OperationError(_l("A request is already waiting for the coordination office."))
    record_event(
        project, "phase_requested", actor, from_value=project.phase, to_value=step, reason=message
    )
    audit.record(actor, "project.phase_request", "project", project.id, step=str(step))
    db.session.flush()
    return request


def cancel_phase_request(actor: User, request: PhaseRequest) -> None:
    _require(perm.is_team_member(actor, request.project))
    if request.status is not RequestStatus.PENDING:
        raise OperationError(_l("This request has been answered already."))
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = utcnow()
    record_event(request.project, "phase_request_withdrawn", actor, to_value=request.step)
    db.session.flush()


def _start_implementation(project: Project) -> None:
    """Milestones of the current plan become trackable items."""
    plan = current_plan(project)
    for position, item in enumerate(plan.milestones if plan else []):
        due = item.get("due")
        db.session.add(
            Milestone(
                project_id=project.id,
                position=position,
                title=item.get("title", ""),
                due=date.fromisoformat(due) if due else None,
                description=item.get("description", ""),
            )
        )


def decide_phase_request(actor: User, request: PhaseRequest, confirm: bool, reason: str) -> None:
    """The coordination office confirms or declines; a written reason is required either way."""
    _require(perm.can_decide_phase_request(actor))
    project = request.project
    if request.status is not RequestStatus.PENDING:
        raise OperationError(_l("This request has been answered already."))
    if not reason.strip():
        raise OperationError(_l("Please give a reason."), field="reason")
    if confirm:
        if project.state is not ProjectState.ACTIVE or request.step is not next_step(project):
            raise OperationError(_l("The project is no longer in the phase this request is for."))
        _check_gate(project)
    request.status = RequestStatus.ACCEPTED if confirm else RequestStatus.DECLINED
    request.decided_at = utcnow()
    request.decided_by_id = actor.id
    request.decision_reason = reason
    before = project.phase
    if confirm:
        if request.step is Step.TO_COMPLETED:
            project.state = ProjectState.COMPLETED
            record_event(
                project,
                "completed",
                actor,
                from_value=ProjectState.ACTIVE,
                to_value=ProjectState.COMPLETED,
                reason=reason,
            )
            signals.project_closed.send(project, actor=actor)
        else:
            project.phase = Phase(request.step.value)
            if project.phase is Phase.IMPLEMENTATION:
                _start_implementation(project)
            record_event(
                project,
                "phase_changed",
                actor,
                from_value=before,
                to_value=project.phase,
                reason=reason,
            )
    else:
        record_event(
            project,
            "phase_declined",
            actor,
            from_value=before,
            to_value=request.step,
            reason=reason,
        )
    audit.record(
        actor,
        "project.phase_request." + ("confirm" if confirm else "decline"),
        "project",
        project.id,
        step=str(request.step),
        reason=reason,
    )
    db.session.flush()
    _team_mail(
        project,
        _l("Your request for “%(title)s” was answered", title=project.title),
        "phase_decision",
        request=request,
        confirmed=confirm,
        reason=reason,
    )


def change_state(actor: User, project: Project, target: ProjectState, reason: str = "") -> None:
    """Pause, resume or withdraw (by the team)."""
    action = STATE_CHANGES.get((project.state, target))
    checks: dict[str, Callable[[Any, Project], bool]] = {
        "pause": perm.can_pause,
        "resume": perm.can_resume,
        "withdraw": perm.can_withdraw,
    }
    if action not in checks:
        raise OperationError(_l("This change is not possible in the project's current state."))
    _require(checks[action](actor, project))
    if action == "withdraw" and not reason.strip():
        raise OperationError(_l("Please say why the project is withdrawn."), field="reason")
    before = project.state
    project.state = target
    pending = pending_phase_request(project)
    if pending is not None and target is not ProjectState.ACTIVE:
        pending.status = RequestStatus.WITHDRAWN
        pending.decided_at = utcnow()
    record_event(project, action, actor, from_value=before, to_value=target, reason=reason)
    audit.record(actor, f"project.{action}", "project", project.id, reason=reason)
    if target is ProjectState.WITHDRAWN:
        signals.project_closed.send(project, actor=actor)
    db.session.flush()


# --- the implementation plan -----------------------------------------------------------------

PLAN_TEXT_FIELDS = ("goals", "team_roles", "risks", "resources", "partners")


def plan_snapshot(plan: PlanVersion | None) -> dict[str, Any]:
    """The comparable content of a plan version."""
    if plan is None:
        return {}
    return {
        **{name: getattr(plan, name) for name in PLAN_TEXT_FIELDS},
        "milestones": plan.milestones,
        "cost_lines": plan.cost_lines,
        "own_contribution_cents": plan.own_contribution_cents,
        "other_funding_cents": plan.other_funding_cents,
        "other_funding_note": plan.other_funding_note,
    }


def save_plan(actor: User, project: Project, note: str = "", **content: Any) -> PlanVersion:
    """Save the plan as a new version; an unchanged plan is not saved again."""
    _require(perm.can_edit_plan(actor, project))
    current = current_plan(project)
    candidate = PlanVersion(
        project_id=project.id,
        number=(current.number + 1) if current else 1,
        created_by_id=actor.id,
        note=note,
        goals=content.get("goals", ""),
        team_roles=content.get("team_roles", ""),
        risks=content.get("risks", ""),
        resources=content.get("resources", ""),
        partners=content.get("partners", ""),
        milestones=[
            {
                "title": m["title"],
                "due": m["due"].isoformat() if m.get("due") else "",
                "description": m.get("description", ""),
            }
            for m in content.get("milestones", [])
        ],
        cost_lines=[
            {"label": c["label"], "amount_cents": int(c["amount_cents"])}
            for c in content.get("cost_lines", [])
        ],
        own_contribution_cents=int(content.get("own_contribution_cents", 0)),
        other_funding_cents=int(content.get("other_funding_cents", 0)),
        other_funding_note=content.get("other_funding_note", ""),
    )
    if current is not None and plan_snapshot(current) == plan_snapshot(candidate):
        raise OperationError(_l("Nothing has changed since the last version."))
    if (
        any(c["amount_cents"] < 0 for c in candidate.cost_lines)
        or min(candidate.own_contribution_cents, candidate.other_funding_cents) < 0
    ):
        raise OperationError(_l("Amounts cannot be negative."))
    db.session.add(candidate)
    db.session.flush()
    record_event(project, "plan_saved", actor, to_value=str(candidate.number), reason=note)
    audit.record(actor, "project.plan_save", "project", project.id, version=candidate.number)
    db.session.flush()
    return candidate


def mark_milestone_done(actor: User, milestone: Milestone, note: str) -> None:
    project = db.session.get(Project, milestone.project_id)
    assert project is not None
    _require(perm.can_track_milestones(actor, project))
    if milestone.done_at is not None:
        raise OperationError(_l("This milestone is marked as done already."))
    milestone.done_at = utcnow()
    milestone.done_by_id = actor.id
    milestone.done_note = note
    record_event(project, "milestone_done", actor, to_value=milestone.title, reason=note)
    db.session.flush()


def reopen_milestone(actor: User, milestone: Milestone) -> None:
    project = db.session.get(Project, milestone.project_id)
    assert project is not None
    _require(perm.can_track_milestones(actor, project))
    if milestone.done_at is None:
        raise OperationError(_l("This milestone is still open."))
    milestone.done_at = None
    milestone.done_by_id = None
    milestone.done_note = ""
    record_event(project, "milestone_reopened", actor, to_value=milestone.title)
    db.session.flush()


def save_final_report(actor: User, project: Project, report: str, cost_cents: int | None) -> None:
    _require(perm.can_write_final_report(actor, project))
    if cost_cents is not None and cost_cents < 0:
        raise OperationError(_l("Amounts cannot be negative."), field="cost")
    project.final_report_markdown = report
    project.final_report_html = render_markdown(report)
    project.final_cost_cents = cost_cents
    project.last_activity_at = utcnow()
    audit.record(actor, "project.final_report", "project", project.id)
    db.session.flush()


# --- coordination ------------------------------------------------------------------------------


def assign_contact(actor: User, project: Project, contact: User | None) -> None:
    _require(perm.can_assign_contact(actor, project))
    if contact is not None and not contact.has_role(Role.DEPARTMENT_CONTACT):
        raise OperationError(_l("This person is not a department contact."), field="contact")
    if project.department_contact_id == (contact.id if contact else None):
        return
    project.department_contact = contact
    department = contact.department.name if contact and contact.department else ""
    record_event(
        project,
        "contact_assigned",
        actor,
        to_value=contact.display_name if contact else "",
        department=department,
    )
    audit.record(
        actor,
        "project.assign_contact",
        "project",
        project.id,
        contact_id=contact.id if contact else None,
    )
    db.session.flush()


def set_featured(actor: User, project: Project, featured: bool) -> None:
    _require(perm.can_feature(actor, project))
    if project.featured == featured:
        return
    project.featured = featured
    audit.record(
        actor, "project.feature" if featured else "project.unfeature", "project", project.id
    )
    db.session.flush()
