"""Everything that changes mentoring. Each operation takes the acting user, checks the
permission and the state, writes the audit log (and the project's timeline where the public
should see it), tells the people concerned by e-mail, and flushes; the caller commits.
Refusals are ``OperationError`` (a message for the user) or ``PermissionDenied``."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from civic.accounts.models import CouncilProfile, Role, User
from civic.core import audit, signals
from civic.core.dates import LocalDate
from civic.core.errors import OperationError, PermissionDenied
from civic.core.markdown import render_markdown
from civic.db import db, utcnow
from civic.mentoring import permissions as perm
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
    WorkspaceMessage,
)
from civic.mentoring.workflow import (
    HURDLE_CHANGES,
    HURDLE_STATUS_LABELS,
    HurdleStatus,
    IntroductionKind,
    MediationStatus,
    MentorshipStatus,
    Origin,
    QuestionStatus,
)
from civic.participation import notifications
from civic.projects.models import Project
from civic.projects.operations import record_event
from civic.projects.permissions import is_team_member


def notify(*args: Any, **kwargs: Any) -> None:
    """Tell people through the platform's notifications, as mentoring news."""
    notifications.notify(*args, kind="mentoring", **kwargs)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def team_of(project: Project) -> list[User]:
    return [member.user for member in project.memberships]


def mentors_of(project: Project) -> list[User]:
    return [mentorship.mentor for mentorship in project.active_mentorships]


def _forget_mentors(project: Project) -> None:
    """The active mentorships changed: load them again when next asked."""
    db.session.flush()
    db.session.expire(project, ["active_mentorships"])


# --- finding each other -----------------------------------------------------------------------


def _open_request(project: Project, mentor: User) -> Mentorship | None:
    return db.session.scalar(
        select(Mentorship).where(
            Mentorship.project_id == project.id,
            Mentorship.mentor_id == mentor.id,
            Mentorship.status.in_([MentorshipStatus.PENDING, MentorshipStatus.ACTIVE]),
        )
    )


def _check_mentor_can_take(project: Project, mentor: User, field: str | None = None) -> None:
    existing = _open_request(project, mentor)
    if existing is not None and existing.status is MentorshipStatus.ACTIVE:
        raise OperationError(
            _l("%(name)s mentors this project already.", name=mentor.display_name), field=field
        )
    if existing is not None:
        raise OperationError(
            _l(
                "A request between this project and %(name)s is waiting for an answer.",
                name=mentor.display_name,
            ),
            field=field,
        )
    profile = mentor.council_profile
    if profile is None or not profile.has_capacity:
        raise OperationError(
            _l(
                "%(name)s cannot take on another project at the moment "
                "(%(load)s of %(capacity)s places taken).",
                name=mentor.display_name,
                load=profile.mentee_count if profile else 0,
                capacity=profile.mentor_capacity if profile else 0,
            ),
            field=field,
        )


def _create_request(project: Project, mentor: User, actor: User, origin: Origin, message: str):
    mentorship = Mentorship(
        project_id=project.id,
        mentor_id=mentor.id,
        origin=origin,
        message=message,
        asked_by_id=actor.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(mentorship)
            db.session.flush()
    except IntegrityError:
        # Another request for the same pair landed first (a double click).
        raise OperationError(_l("This request has been sent already.")) from None
    return mentorship


def offer_mentorship(actor: User, project: Project, message: str) -> Mentorship:
    """A council member offers to mentor a project; the team accepts or declines."""
    _require(perm.can_offer_mentorship(actor, project))
    if not actor.council_profile.mentoring_open:
        raise OperationError(
            _l("Your profile says you take on no projects at the moment; change that first.")
        )
    _check_mentor_can_take(project, actor)
    mentorship = _create_request(project, actor, actor, Origin.MENTOR, message)
    audit.record(actor, "mentorship.offer", "project", project.id, mentorship_id=mentorship.id)
    notify(
        team_of(project),
        actor,
        _l("%(name)s offers to mentor “%(title)s”", name=actor.display_name, title=project.title),
        _l(
            "Council member %(name)s offers to mentor your project “%(title)s”. "
            "Please accept or decline the offer.",
            name=actor.display_name,
            title=project.title,
        ),
        _external("mentoring.project_mentors", project_id=project.id),
        quote=message,
    )
    return mentorship


def ask_for_mentor(actor: User, project: Project, mentor: User, message: str) -> Mentorship:
    """A team member asks a council member to mentor the project."""
    _require(perm.can_ask_for_mentor(actor, project))
    if not perm.is_council_member(mentor) or not mentor.council_profile.mentoring_open:
        raise OperationError(
            _l("%(name)s does not take on projects as a mentor.", name=mentor.display_name),
            field=None,
        )
    if is_team_member(mentor, project):
        raise OperationError(
            _l("%(name)s is on the team already.", name=mentor.display_name), field="project"
        )
    _check_mentor_can_take(project, mentor, field="project")
    mentorship = _create_request(project, mentor, actor, Origin.TEAM, message)
    audit.record(actor, "mentorship.ask", "project", project.id, mentorship_id=mentorship.id)
    notify(
        [mentor],
        actor,
        _l("“%(title)s” asks you for mentorship", title=project.title),
        _l(
            "%(name)s asks you, on behalf of the team of “%(title)s”, to mentor the project. "
            "Please accept or decline on your mentoring dashboard.",
            name=actor.display_name,
            title=project.title,
        ),
        _external("mentoring.dashboard"),
        quote=message,
    )
    return mentorship


def _asking_side(mentorship: Mentorship) -> list[User]:
    if mentorship.origin is Origin.TEAM:
        return team_of(mentorship.project)
    return [mentorship.mentor]


def _answering_side(mentorship: Mentorship) -> list[User]:
    if mentorship.origin is Origin.TEAM:
        return [mentorship.mentor]
    return team_of(mentorship.project)


def _take_place(mentor_id: int) -> bool:
    """Take one place of the mentor's capacity, if one is free: a single conditional UPDATE,
    so two acceptances at the same moment can never overfill it."""
    result = db.session.execute(
        update(CouncilProfile)
        .where(
            CouncilProfile.user_id == mentor_id,
            CouncilProfile.mentee_count < CouncilProfile.mentor_capacity,
        )
        .values(mentee_count=CouncilProfile.mentee_count + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _free_place(mentor_id: int) -> None:
    db.session.execute(
        update(CouncilProfile)
        .where(CouncilProfile.user_id == mentor_id, CouncilProfile.mentee_count > 0)
        .values(mentee_count=CouncilProfile.mentee_count - 1)
        .execution_options(synchronize_session=False)
    )


def _refresh_load(mentor: User) -> None:
    if mentor.council_profile is not None:
        db.session.refresh(mentor.council_profile, ["mentee_count"])


def _move(mentorship: Mentorship, before: MentorshipStatus, **values: Any) -> bool:
    """Change a mentorship that is still in ``before``, in one conditional UPDATE: of two
    answers (or two endings) at the same moment only the first counts. False if another
    request changed it first; the row is reloaded either way."""
    db.session.flush()
    result = db.session.execute(
        update(Mentorship)
        .where(Mentorship.id == mentorship.id, Mentorship.status == before)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(mentorship)
    return result.rowcount == 1


_ANSWERED_ALREADY = _l("This request has been answered already.")


def accept_mentorship(actor: User, mentorship: Mentorship) -> None:
    _require(perm.can_answer_mentorship(actor, mentorship))
    project, mentor = mentorship.project, mentorship.mentor
    if mentorship.origin is Origin.MENTOR and not (
        perm.is_council_member(mentor) and mentor.council_profile.mentoring_open
    ):
        # The offer is older than the mentor's decision to take on no more projects.
        raise OperationError(
            _l("%(name)s takes on no projects at the moment.", name=mentor.display_name)
        )
    db.session.flush()
    if not _take_place(mentor.id):
        raise OperationError(
            _l(
                "%(name)s has no free place for another project; the request stays open.",
                name=mentor.display_name,
            )
        )
    now = utcnow()
    if not _move(
        mentorship,
        MentorshipStatus.PENDING,
        status=MentorshipStatus.ACTIVE,
        answered_at=now,
        answered_by_id=actor.id,
        started_at=now,
    ):
        _free_place(mentor.id)
        raise OperationError(_ANSWERED_ALREADY)
    _refresh_load(mentor)
    record_event(project, "mentor_joined", actor, to_value=mentor.display_name, mentor_id=mentor.id)
    audit.record(actor, "mentorship.accept", "project", project.id, mentorship_id=mentorship.id)
    _forget_mentors(project)
    notify(
        _asking_side(mentorship),
        actor,
        _l("%(name)s now mentors “%(title)s”", name=mentor.display_name, title=project.title),
        _l(
            "The mentorship of %(name)s for “%(title)s” has begun. "
            "The workspace of the project is open to the team and its mentors.",
            name=mentor.display_name,
            title=project.title,
        ),
        _external("mentoring.workspace", project_id=project.id),
    )


def decline_mentorship(actor: User, mentorship: Mentorship, note: str = "") -> None:
    _require(perm.can_answer_mentorship(actor, mentorship))
    project = mentorship.project
    if not _move(
        mentorship,
        MentorshipStatus.PENDING,
        status=MentorshipStatus.DECLINED,
        answered_at=utcnow(),
        answered_by_id=actor.id,
        answer_note=note,
    ):
        raise OperationError(_ANSWERED_ALREADY)
    audit.record(actor, "mentorship.decline", "project", project.id, mentorship_id=mentorship.id)
    db.session.flush()
    notify(
        _asking_side(mentorship),
        actor,
        _l("Mentorship for “%(title)s” declined", title=project.title),
        _l(
            "%(name)s has declined the mentorship for “%(title)s”.",
            name=actor.display_name,
            title=project.title,
        ),
        _external("projects.detail", project_id=project.id),
        quote=note,
    )


def withdraw_mentorship_request(actor: User, mentorship: Mentorship) -> None:
    _require(perm.can_withdraw_mentorship_request(actor, mentorship))
    if not _move(
        mentorship,
        MentorshipStatus.PENDING,
        status=MentorshipStatus.WITHDRAWN,
        answered_at=utcnow(),
        answered_by_id=actor.id,
    ):
        raise OperationError(_ANSWERED_ALREADY)
    audit.record(
        actor, "mentorship.withdraw", "project", mentorship.project_id, mentorship_id=mentorship.id
    )
    db.session.flush()


def _end(mentorship: Mentorship, actor: Any, reason: str) -> bool:
    """End an active mentorship and free the mentor's place; False if it had ended already."""
    if not _move(
        mentorship,
        MentorshipStatus.ACTIVE,
        status=MentorshipStatus.ENDED,
        ended_at=utcnow(),
        ended_by_id=getattr(actor, "id", None),
        end_reason=reason,
    ):
        return False
    _free_place(mentorship.mentor_id)
    _refresh_load(mentorship.mentor)
    record_event(
        mentorship.project,
        "mentor_left",
        actor,
        to_value=mentorship.mentor.display_name,
        reason=reason,
        mentor_id=mentorship.mentor_id,
    )
    _forget_mentors(mentorship.project)
    return True


def end_mentorship(actor: User, mentorship: Mentorship, reason: str) -> None:
    """Either side (or the coordination office) ends a mentorship, always with a reason."""
    _require(perm.can_end_mentorship(actor, mentorship))
    if not reason.strip():
        raise OperationError(_l("Please say why the mentorship ends."), field="reason")
    project, mentor = mentorship.project, mentorship.mentor
    people = [*team_of(project), *mentors_of(project)]
    if not _end(mentorship, actor, reason):
        raise OperationError(_l("This mentorship has ended already."))
    audit.record(actor, "mentorship.end", "project", project.id, mentorship_id=mentorship.id)
    notify(
        people,
        actor,
        _l("Mentorship for “%(title)s” ended", title=project.title),
        _l(
            "%(actor)s has ended the mentorship of %(name)s for “%(title)s”.",
            actor=actor.display_name,
            name=mentor.display_name,
            title=project.title,
        ),
        _external("projects.detail", project_id=project.id),
        quote=reason,
    )


def _wind_down(condition: Any, actor: Any) -> None:
    """End the active mentorships that ``condition`` selects (freeing the mentors' places;
    the timeline says so) and withdraw the open requests and offers."""
    rows = db.session.scalars(
        select(Mentorship).where(
            condition,
            Mentorship.status.in_([MentorshipStatus.PENDING, MentorshipStatus.ACTIVE]),
        )
    ).all()
    for mentorship in rows:
        if mentorship.status is MentorshipStatus.PENDING and _move(
            mentorship,
            MentorshipStatus.PENDING,
            status=MentorshipStatus.WITHDRAWN,
            answered_at=utcnow(),
        ):
            continue
        # Active, or accepted at this very moment.
        _end(mentorship, actor, "")
    db.session.flush()


@signals.project_closed.connect
def _close_mentorships(project: Project, actor: Any = None, **_: Any) -> None:
    """A completed or withdrawn project needs no mentor."""
    _wind_down(Mentorship.project_id == project.id, actor)
    # Without mentors nobody could answer an open mediation request any more.
    db.session.execute(
        update(MediationRequest)
        .where(
            MediationRequest.project_id == project.id,
            MediationRequest.status == MediationStatus.OPEN,
        )
        .values(status=MediationStatus.CLOSED, closed_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()


@signals.role_revoked.connect
def _former_council_member(user: User, role: Any = None, actor: Any = None, **_: Any) -> None:
    """Someone who is no longer on the council mentors no project."""
    if role is Role.COUNCIL_MEMBER:
        _wind_down(Mentorship.mentor_id == user.id, actor)


# --- the workspace: messages -------------------------------------------------------------------


def _workspace_people(project: Project) -> list[User]:
    return [*team_of(project), *mentors_of(project)]


def _tell_workspace(
    project: Project, actor: Any, subject: Any, summary: Any, endpoint: str, quote: str = ""
) -> None:
    """Tell the team and the mentors about a change on the workspace page ``endpoint``."""
    notify(
        _workspace_people(project),
        actor,
        subject,
        summary,
        _external(endpoint, project_id=project.id),
        quote=quote,
    )


def _write(
    project: Project, actor: User, body: str, mediation: MediationRequest | None = None
) -> WorkspaceMessage:
    """A message in the project's thread, or in a mediation request's private thread."""
    message = WorkspaceMessage(
        project_id=project.id,
        mediation_id=mediation.id if mediation else None,
        author_id=actor.id,
        body_markdown=body,
        body_html=render_markdown(body),
    )
    db.session.add(message)
    db.session.flush()
    return message


def post_message(actor: User, project: Project, body: str) -> WorkspaceMessage:
    _require(perm.can_post_message(actor, project))
    message = _write(project, actor, body)
    _tell_workspace(
        project,
        actor,
        _l("New message in the workspace of “%(title)s”", title=project.title),
        _l(
            "%(name)s wrote in the workspace of “%(title)s”:",
            name=actor.display_name,
            title=project.title,
        ),
        "mentoring.workspace",
        quote=body,
    )
    return message


# --- introductions ----------------------------------------------------------------------------


def record_introduction(
    actor: User, project: Project, kind: IntroductionKind, contact: str, reason: str
) -> Introduction:
    _require(perm.can_record_introduction(actor, project))
    introduction = Introduction(
        project_id=project.id, kind=kind, contact=contact, reason=reason, created_by_id=actor.id
    )
    db.session.add(introduction)
    db.session.flush()
    audit.record(actor, "introduction.create", "project", project.id, id=introduction.id)
    _tell_workspace(
        project,
        actor,
        _l("New contact for “%(title)s”: %(contact)s", title=project.title, contact=contact),
        _l(
            "%(name)s has connected the team of “%(title)s” with %(contact)s.",
            name=actor.display_name,
            title=project.title,
            contact=contact,
        ),
        "mentoring.introductions",
        quote=reason,
    )
    return introduction


def record_outcome(actor: User, introduction: Introduction, project: Project, outcome: str) -> None:
    _require(introduction.project_id == project.id)
    _require(perm.can_record_outcome(actor, introduction, project))
    if not outcome.strip():
        raise OperationError(_l("Please describe the outcome."), field="outcome")
    introduction.outcome = outcome
    introduction.outcome_at = utcnow()
    audit.record(actor, "introduction.outcome", "project", project.id, id=introduction.id)
    db.session.flush()
    _tell_workspace(
        project,
        actor,
        _l("Outcome of the contact with %(contact)s", contact=introduction.contact),
        _l(
            "%(name)s has recorded the outcome of the contact with %(contact)s for “%(title)s”.",
            name=actor.display_name,
            contact=introduction.contact,
            title=project.title,
        ),
        "mentoring.introductions",
        quote=outcome,
    )


# --- hurdles ----------------------------------------------------------------------------------


def _assignee(project: Project, assignee_id: int | None) -> User | None:
    if not assignee_id:
        return None
    for user in _workspace_people(project):
        if user.id == assignee_id:
            return user
    raise OperationError(
        _l("Only a member of the team or a mentor can work on a hurdle."), field="assignee"
    )


def add_hurdle(
    actor: User, project: Project, title: str, description: str, assignee_id: int | None
) -> Hurdle:
    _require(perm.can_add_hurdle(actor, project))
    assignee = _assignee(project, assignee_id)
    hurdle = Hurdle(
        project_id=project.id,
        title=title,
        description=description,
        assignee_id=assignee.id if assignee else None,
        created_by_id=actor.id,
    )
    db.session.add(hurdle)
    db.session.flush()
    audit.record(actor, "hurdle.create", "project", project.id, id=hurdle.id)
    _tell_workspace(
        project,
        actor,
        _l("New hurdle in “%(title)s”: %(hurdle)s", title=project.title, hurdle=title),
        _l(
            "%(name)s has noted a hurdle in “%(title)s”.",
            name=actor.display_name,
            title=project.title,
        ),
        "mentoring.hurdles",
        quote=description,
    )
    return hurdle


def update_hurdle(
    actor: User, hurdle: Hurdle, project: Project, status: HurdleStatus, assignee_id: int | None
) -> None:
    _require(hurdle.project_id == project.id)
    _require(perm.can_update_hurdle(actor, hurdle, project))
    assignee = _assignee(project, assignee_id)
    if status is not hurdle.status and status not in HURDLE_CHANGES[hurdle.status]:
        raise OperationError(_l("This change of status is not possible."), field="status")
    new_assignee = assignee.id if assignee else None
    if status is hurdle.status and new_assignee == hurdle.assignee_id:
        return
    if status is not hurdle.status:
        # A solved hurdle handed to someone else stays solved since the day it was solved.
        hurdle.solved_at = utcnow() if status is HurdleStatus.SOLVED else None
    hurdle.status = status
    hurdle.assignee_id = new_assignee
    hurdle.updated_at = utcnow()
    audit.record(actor, "hurdle.update", "project", project.id, id=hurdle.id, status=status.value)
    db.session.flush()
    _tell_workspace(
        project,
        actor,
        _l(
            "Hurdle “%(hurdle)s”: %(status)s",
            hurdle=hurdle.title,
            status=HURDLE_STATUS_LABELS[status],
        ),
        _l(
            "%(name)s has updated the hurdle “%(hurdle)s” in “%(title)s”: %(status)s, "
            "worked on by %(assignee)s.",
            name=actor.display_name,
            hurdle=hurdle.title,
            title=project.title,
            status=HURDLE_STATUS_LABELS[status],
            assignee=assignee.display_name if assignee else _l("nobody yet"),
        ),
        "mentoring.hurdles",
    )


# --- political questions ----------------------------------------------------------------------


def ask_question(actor: User, project: Project, question: str) -> PoliticalQuestion:
    _require(perm.can_ask_question(actor, project))
    row = PoliticalQuestion(project_id=project.id, question=question, created_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "question.create", "project", project.id, id=row.id)
    _tell_workspace(
        project,
        actor,
        _l("New political question in “%(title)s”", title=project.title),
        _l(
            "%(name)s has noted a question for the city council in “%(title)s”:",
            name=actor.display_name,
            title=project.title,
        ),
        "mentoring.questions",
        quote=question,
    )
    return row


def bring_question(
    actor: User, question: PoliticalQuestion, project: Project, reference: str, on: date
) -> None:
    """The mentor records how and when the question was brought into the council."""
    _require(question.project_id == project.id)
    _require(perm.can_bring_question(actor, question, project))
    if not reference.strip():
        raise OperationError(
            _l("Please give the reference, such as the motion or session number."),
            field="reference",
        )
    question.status = QuestionStatus.BROUGHT
    question.council_reference = reference
    question.brought_on = on
    question.updated_at = utcnow()
    audit.record(actor, "question.bring", "project", project.id, id=question.id)
    db.session.flush()
    _tell_workspace(
        project,
        actor,
        _l("Question brought into the council (%(reference)s)", reference=reference),
        _l(
            "%(name)s has brought a question of “%(title)s” into the council "
            "(%(reference)s, %(date)s):",
            name=actor.display_name,
            title=project.title,
            reference=reference,
            date=LocalDate(on),
        ),
        "mentoring.questions",
        quote=question.question,
    )


def answer_question(
    actor: User, question: PoliticalQuestion, project: Project, answer: str, on: date
) -> None:
    _require(question.project_id == project.id)
    _require(perm.can_bring_question(actor, question, project))
    if not answer.strip():
        raise OperationError(_l("Please enter the answer."), field="answer")
    question.status = QuestionStatus.ANSWERED
    question.answer_markdown = answer
    question.answer_html = render_markdown(answer)
    question.answered_on = on
    question.updated_at = utcnow()
    audit.record(actor, "question.answer", "project", project.id, id=question.id)
    db.session.flush()
    _tell_workspace(
        project,
        actor,
        _l("A political question of “%(title)s” is answered", title=project.title),
        _l(
            "%(name)s has recorded the council's answer to a question of “%(title)s”. "
            "The team can show it on the project page.",
            name=actor.display_name,
            title=project.title,
        ),
        "mentoring.questions",
        quote=answer,
    )


def set_question_public(
    actor: User, question: PoliticalQuestion, project: Project, public: bool
) -> None:
    _require(question.project_id == project.id)
    _require(perm.can_publish_question(actor, question, project))
    if question.is_public == public:
        return
    question.is_public = public
    question.updated_at = utcnow()
    audit.record(
        actor,
        "question.publish" if public else "question.unpublish",
        "project",
        project.id,
        id=question.id,
    )
    db.session.flush()


# --- mediation --------------------------------------------------------------------------------


def ask_for_mediation(
    actor: User, project: Project, subject: str, message: str
) -> MediationRequest:
    """A team member asks the mentors, privately, for help with a conflict in the team."""
    _require(perm.can_ask_for_mediation(actor, project))
    request = MediationRequest(project_id=project.id, requester_id=actor.id, subject=subject)
    db.session.add(request)
    db.session.flush()
    _write(project, actor, message, request)
    audit.record(actor, "mediation.create", "project", project.id, id=request.id)
    notify(
        mentors_of(project),
        actor,
        _l("Request for mediation in “%(title)s”", title=project.title),
        _l(
            "%(name)s from the team of “%(title)s” asks you, privately, for help with a "
            "conflict in the team. Nobody else on the team sees this request.",
            name=actor.display_name,
            title=project.title,
        ),
        _external("mentoring.mediation", project_id=project.id, mediation_id=request.id),
        quote=message,
    )
    return request


def _mediation_people(request: MediationRequest, project: Project) -> list[User]:
    return [request.requester, *mentors_of(project)]


def reply_mediation(
    actor: User, request: MediationRequest, project: Project, body: str
) -> WorkspaceMessage:
    _require(request.project_id == project.id)
    _require(perm.can_reply_mediation(actor, request, project))
    message = _write(project, actor, body, request)
    notify(
        _mediation_people(request, project),
        actor,
        _l("Reply in your mediation request “%(subject)s”", subject=request.subject),
        _l(
            "%(name)s replied to the mediation request “%(subject)s”:",
            name=actor.display_name,
            subject=request.subject,
        ),
        _external("mentoring.mediation", project_id=project.id, mediation_id=request.id),
        quote=body,
    )
    return message


def close_mediation(actor: User, request: MediationRequest, project: Project) -> None:
    _require(request.project_id == project.id)
    _require(perm.can_close_mediation(actor, request, project))
    request.status = MediationStatus.CLOSED
    request.closed_at = utcnow()
    request.closed_by_id = actor.id
    audit.record(actor, "mediation.close", "project", project.id, id=request.id)
    db.session.flush()
    notify(
        _mediation_people(request, project),
        actor,
        _l("Mediation request “%(subject)s” closed", subject=request.subject),
        _l(
            "%(name)s has closed the mediation request “%(subject)s”.",
            name=actor.display_name,
            subject=request.subject,
        ),
        _external("mentoring.mediation", project_id=project.id, mediation_id=request.id),
    )
