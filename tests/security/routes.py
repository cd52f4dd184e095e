"""One scene with an object of each kind and one person in each role, and the URLs of every
endpoint of the application for it. The authorization matrix, the CSRF checks and the header
checks all request the same URLs as the same people.

The scene is built once per test module inside a transaction that is rolled back at the end;
every request runs in a savepoint of its own (``isolated``), so that what one person changes
is never seen by the next request."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Connection

from civic.accounts.models import Role, User
from civic.core.models import AccessibilityFeedback
from civic.db import db, utcnow
from civic.events.models import EventRegistration
from civic.events.workflow import RegistrationStatus
from civic.fund import operations as fund_operations
from civic.fund.models import Receipt
from civic.fund.workflow import Outcome
from civic.fund.workflow import Status as FundStatus
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
)
from civic.mentoring.workflow import IntroductionKind, MentorshipStatus, Origin, QuestionStatus
from civic.moderation.models import TargetKind, UserBlock
from civic.participation.models import Follow, FollowKind, Notification
from civic.projects.models import (
    Invitation,
    JoinRequest,
    Milestone,
    Need,
    Offer,
    PhaseRequest,
    PlanVersion,
)
from civic.projects.workflow import NeedKind, Phase, ProjectState, Step
from tests.events.builders import past, upcoming
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    add_mentor,
    make_application,
    make_council_member,
    make_fund,
    make_project,
)
from tests.helpers import login
from tests.moderation.scenes import make_comment, make_report, make_update

# Everyone the matrix asks, in the order of the table's columns.
ROLES = (
    "visitor",  # not signed in
    "citizen",  # a confirmed account without any role
    "team",  # initiator of every project of the scene
    "other_team",  # team member of another project only
    "council",  # council member, not mentoring the scene's projects
    "mentor",  # council member mentoring the scene's projects
    "coordinator",
    "contact",  # department contact
    "officer",  # fund officer
    "moderator",
    "admin",
    "blocked",  # a citizen whom a moderator blocked
)


# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@dataclass
class Scene:
    people: dict[str, User] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def build_scene(app: Flask) -> Scene:
    """Every kind of object, in the states that the pages and actions need."""
    scene = Scene()
    people = scene.people
    ids = scene.ids
    people["citizen"] = UserFactory()
    people["team"] = UserFactory()
    people["other_team"] = UserFactory()
    people["council"] = make_council_member()
    people["mentor"] = make_council_member(capacity=10)
    people["coordinator"] = UserFactory(roles=[Role.COORDINATOR])
    people["contact"] = UserFactory(roles=[Role.DEPARTMENT_CONTACT])
    people["officer"] = UserFactory(roles=[Role.FUND_OFFICER])
    people["moderator"] = UserFactory(roles=[Role.MODERATOR])
    people["admin"] = UserFactory(roles=[Role.ADMIN])
    people["blocked"] = UserFactory()
    team, mentor = people["team"], people["mentor"]
    helper, second_officer = UserFactory(), UserFactory(roles=[Role.FUND_OFFICER])
    db.session.add(
        UserBlock(
            user_id=people["blocked"].id,
            reason="Beleidigungen",
            created_by_id=people["moderator"].id,
        )
    )
    people["blocked"].blocked_at = utcnow()

    def project(name: str, **fields: Any) -> Any:
        made = make_project(team, **fields)
        ids[name] = made.id
        return made

    initiation = project("initiation", members=[helper])
    development = project("development", phase=Phase.DEVELOPMENT)
    implementation = project("implementation", phase=Phase.IMPLEMENTATION)
    project("draft", state=ProjectState.DRAFT)
    project("paused", state=ProjectState.PAUSED)
    hidden = project("hidden")
    hidden.hidden_at = utcnow()
    hidden.hidden_reason = "Beleidigungen"
    hidden.hidden_by_id = people["moderator"].id
    # The team is also a plain member of another team's project (the one it may leave).
    ids["elsewhere"] = make_project(people["other_team"], members=[team]).id
    ids["helper_member"] = initiation.memberships[1].id
    for mentored in (development, implementation):
        ids[f"mentorship_{mentored.id}"] = add_mentor(mentored, mentor).id
    ids["mentorship"] = ids[f"mentorship_{development.id}"]

    # The team of the initiation project asked the council member for mentoring.
    pending = Mentorship(
        project_id=initiation.id,
        mentor_id=people["council"].id,
        origin=Origin.TEAM,
        status=MentorshipStatus.PENDING,
        asked_by_id=team.id,
    )
    need = Need(
        project_id=initiation.id,
        kind=NeedKind.EXPERTISE,
        title="Jemand mit Erfahrung im Gärtnern",
        created_by_id=team.id,
    )
    db.session.add_all([pending, need])
    db.session.flush()
    offer = Offer(need_id=need.id, user_id=people["citizen"].id, message="Ich helfe gern.")
    joining = JoinRequest(
        project_id=initiation.id, user_id=people["citizen"].id, message="Ich mache mit."
    )
    invitation = Invitation(
        project_id=initiation.id, email="eingeladen@example.org", invited_by_id=team.id
    )
    phase_request = PhaseRequest(
        project_id=initiation.id, step=Step.TO_DEVELOPMENT, requested_by_id=team.id
    )
    plan = PlanVersion(
        project_id=development.id, number=1, goals="Ein Garten für alle.", created_by_id=team.id
    )
    milestone = Milestone(project_id=implementation.id, title="Beete anlegen")
    done = Milestone(
        project_id=implementation.id,
        title="Fläche pachten",
        position=1,
        done_at=utcnow(),
        done_by_id=team.id,
    )
    introduction = Introduction(
        project_id=development.id,
        kind=IntroductionKind.COMPANY,
        contact="Bäckerei Schulze",
        reason="Spendet Brot für das Fest.",
        created_by_id=mentor.id,
    )
    hurdle = Hurdle(project_id=development.id, title="Kein Wasseranschluss", created_by_id=team.id)
    open_question = PoliticalQuestion(
        project_id=development.id, question="Darf der Garten auf die Brache?", created_by_id=team.id
    )
    brought = PoliticalQuestion(
        project_id=development.id,
        question="Gibt es Geld aus dem Stadtteilbudget?",
        created_by_id=team.id,
        status=QuestionStatus.BROUGHT,
        council_reference="A-2026-17",
        brought_on=date(2026, 3, 4),
    )
    answered = PoliticalQuestion(
        project_id=development.id,
        question="Wer mäht die Wiese?",
        created_by_id=team.id,
        status=QuestionStatus.ANSWERED,
        council_reference="A-2026-18",
        brought_on=date(2026, 3, 4),
        answer_markdown="Das Grünflächenamt.",
        answer_html="<p>Das Grünflächenamt.</p>",
        answered_on=date(2026, 4, 1),
    )
    mediation = MediationRequest(
        project_id=development.id, requester_id=team.id, subject="Streit ums Budget"
    )
    rows = [
        offer,
        joining,
        invitation,
        phase_request,
        plan,
        milestone,
        done,
        introduction,
        hurdle,
        open_question,
        brought,
        answered,
        mediation,
    ]
    db.session.add_all(rows)
    db.session.commit()
    ids.update(
        pending_mentorship=pending.id,
        need=need.id,
        offer=offer.id,
        join_request=joining.id,
        invitation=invitation.id,
        phase_request=phase_request.id,
        milestone=milestone.id,
        done_milestone=done.id,
        introduction=introduction.id,
        hurdle=hurdle.id,
        open_question=open_question.id,
        brought_question=brought.id,
        answered_question=answered.id,
        mediation=mediation.id,
    )

    # Comments, news, reports, follows and a notification.
    comment = make_comment(initiation, people["citizen"], "Tolle Idee, ich bin dabei.")
    hidden_comment = make_comment(initiation, helper, "Das ist doch alles Unsinn.")
    hidden_comment.hidden_at = utcnow()
    deleted_comment = make_comment(initiation, helper, "Falsches Projekt, sorry.")
    deleted_comment.deleted_at = utcnow()
    update = make_update(initiation, team)
    make_report(TargetKind.COMMENT, comment.id)
    notification = Notification(
        user_id=people["citizen"].id, kind="comments", subject="Neuer Kommentar"
    )
    db.session.add_all(
        [
            notification,
            Follow(user_id=people["citizen"].id, kind=FollowKind.PROJECT, target_id=initiation.id),
        ]
    )
    db.session.commit()
    ids.update(
        comment=comment.id,
        hidden_comment=hidden_comment.id,
        deleted_comment=deleted_comment.id,
        update=update.id,
        notification=notification.id,
    )

    # Events: one ahead with a registration, one that has taken place.
    coming = upcoming(people["council"])
    coming.registered_count = 1
    db.session.add(
        EventRegistration(
            event_id=coming.id, user_id=people["citizen"].id, status=RegistrationStatus.REGISTERED
        )
    )
    ids["event"] = coming.id
    ids["past_event"] = past(people["council"]).id

    # The fund and an application in each state the officers and the team work on.
    fund = make_fund()
    ids["fund"], ids["fund_year"] = fund.id, fund.year

    def application(name: str, status: FundStatus, phase: Phase, **fields: Any) -> Any:
        made = make_application(project(f"{name}_project", phase=phase), fund, status, **fields)
        ids[name] = made.id
        return made

    application("draft_application", FundStatus.DRAFT, Phase.DEVELOPMENT)
    application("submitted_application", FundStatus.SUBMITTED, Phase.DEVELOPMENT)
    application("review_application", FundStatus.IN_REVIEW, Phase.DEVELOPMENT)
    application(
        "awaiting_application",
        FundStatus.AWAITING_CONFIRMATION,
        Phase.DEVELOPMENT,
        requested_cents=8_000_00,
        proposed_outcome=Outcome.APPROVE,
        proposed_cents=8_000_00,
        proposed_reason="Entspricht den Kriterien.",
        proposed_by_id=second_officer.id,
        proposed_at=utcnow(),
    )
    approved = application(
        "approved_application", FundStatus.APPROVED, Phase.IMPLEMENTATION, approved_cents=3_000_00
    )
    application(
        "proof_application",
        FundStatus.PROOF_SUBMITTED,
        Phase.IMPLEMENTATION,
        approved_cents=3_000_00,
        paid_cents=3_000_00,
    )
    fund.paid_cents += 3_000_00
    with app.test_request_context():
        folder = fund_operations.receipt_dir()
    (folder / "matrix-receipt.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    receipt = Receipt(
        application_id=approved.id,
        stored_name="matrix-receipt.pdf",
        original_name="beleg.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by_id=team.id,
    )
    db.session.add(receipt)
    db.session.commit()
    ids["receipt"] = receipt.id
    ids["department"] = DepartmentFactory().id
    # A picture for a public and for a hidden project.
    upload_dir = Path(app.config["UPLOAD_DIR"])
    upload_dir.mkdir(parents=True, exist_ok=True)
    (upload_dir / "matrix-project.png").write_bytes(PNG)
    initiation.image_filename = hidden.image_filename = "matrix-project.png"
    feedback = AccessibilityFeedback(message="Der Kontrast der Knöpfe ist zu schwach.")
    db.session.add(feedback)
    db.session.commit()
    ids["feedback"] = feedback.id
    ids["district"] = initiation.districts[0].id
    scene.slugs = {
        "district": initiation.districts[0].slug,
        "topic": initiation.topics[0].slug,
    }
    ids["topic"] = initiation.topics[0].id
    for role, person in people.items():
        ids[f"user_{role}"] = person.id
    ids["helper"] = helper.id
    return scene


def sign_in_everyone(app: Flask, scene: Scene) -> None:
    """Sign each person in once and keep the session cookie, which ``client`` puts into a new
    client for each request."""
    for role, person in scene.people.items():
        client = app.test_client()
        login(client, person.email)
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert cookie is not None, role
        scene.cookies[role] = cookie.value


def client(app: Flask, scene: Scene, role: str) -> FlaskClient:
    """A new test client signed in as ``role`` (anonymous for the visitor)."""
    made = app.test_client()
    if role in scene.cookies:
        made.set_cookie(app.config["SESSION_COOKIE_NAME"], scene.cookies[role], domain="localhost")
    return made


@contextmanager
def scene_transaction(app: Flask) -> Iterator[tuple[Connection, Scene]]:
    """Build the scene in a transaction of its own, rolled back at the end of the module."""
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    db.bind_for_tests(connection)
    try:
        with app.app_context():
            scene = build_scene(app)
        db.session.remove()
        # Outside the application context: each request must have its own (and its own user).
        sign_in_everyone(app, scene)
        db.session.remove()
        yield connection, scene
    finally:
        db.bind_for_tests(None)
        outer.rollback()
        connection.close()


class Writes:
    """Counts the statements that change data, while ``watching``."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.watching = False

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.watching and re.match(r"\s*(INSERT|UPDATE|DELETE)\b", statement, re.I):
            self.statements.append(statement.split("\n")[0][:120])


@contextmanager
def isolated(app: Flask, connection: Connection) -> Iterator[Writes]:
    """One request's savepoint: what the request changes is rolled back afterwards. Yields
    the list of data-changing statements the request executed."""
    db.session.remove()
    savepoint = connection.begin_nested()
    writes = Writes()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", writes)
    writes.watching = True
    try:
        yield writes
    finally:
        writes.watching = False
        event.remove(engine, "before_cursor_execute", writes)
        db.session.remove()
        savepoint.rollback()


# --- the URLs of every endpoint ----------------------------------------------------------------

Args = Callable[[Scene], dict[str, Any]]


def _project(name: str) -> Args:
    return lambda s: {"project_id": s[name]}


def _application(name: str) -> Args:
    return lambda s: {"application_id": s[name]}


def _workspace(item: str, name: str) -> Args:
    return lambda s: {"project_id": s["development"], item: s[name]}


def _user(role: str) -> Args:
    return lambda s: {"user_id": s[f"user_{role}"]}


# The arguments of each endpoint that has any, for the scene above.
URL_ARGS: dict[str, Args] = {
    "static": lambda s: {"filename": "css/civic.css"},
    "core.page": lambda s: {"slug": "imprint"},
    "accounts.profile": _user("council"),
    "accounts.edit_council_profile": _user("council"),
    "accounts.verify_email": lambda s: {"token": "ungueltig"},
    "accounts.reset_password": lambda s: {"token": "ungueltig"},
    "admin.feedback_detail": lambda s: {"feedback_id": s["feedback"]},
    "admin.decide_phase_request": lambda s: {"request_id": s["phase_request"]},
    "admin.delete_term": lambda s: {"kind": "topics", "term_id": s["topic"]},
    "admin.edit_term": lambda s: {"kind": "districts", "term_id": s["district"]},
    "admin.terms": lambda s: {"kind": "districts"},
    "admin.edit_fund": lambda s: {"fund_id": s["fund"]},
    "admin.edit_page": lambda s: {"slug": "privacy", "locale": "de"},
    "admin.reset_page": lambda s: {"slug": "privacy", "locale": "de"},
    "admin.project": _project("development"),
    "admin.revoke_role": lambda s: {"user_id": s["user_moderator"], "role": "moderator"},
    "admin.set_active": lambda s: {"user_id": s["user_citizen"], "action": "deactivate"},
    "admin.user_detail": _user("citizen"),
    "api.event": lambda s: {"event_id": s["event"]},
    "api.fund": lambda s: {"year": s["fund_year"]},
    "api.project": _project("initiation"),
    "events.cancel": lambda s: {"event_id": s["event"]},
    "events.detail": lambda s: {"event_id": s["event"]},
    "events.edit": lambda s: {"event_id": s["event"]},
    "events.ics_event": lambda s: {"event_id": s["event"]},
    "events.participants": lambda s: {"event_id": s["event"]},
    "events.register": lambda s: {"event_id": s["event"]},
    "events.report": lambda s: {"event_id": s["past_event"]},
    "events.unregister": lambda s: {"event_id": s["event"]},
    "fund.application": _application("draft_application"),
    "fund.apply": _project("implementation"),
    "fund.check": _application("submitted_application"),
    "fund.start_check": _application("submitted_application"),
    "fund.confirm_decision": _application("awaiting_application"),
    "fund.decide": _application("review_application"),
    "fund.review": _application("review_application"),
    "fund.decisions_csv": lambda s: {"year": s["fund_year"]},
    "fund.edit_application": _application("draft_application"),
    "fund.submit_application": _application("draft_application"),
    "fund.withdraw_application": _application("draft_application"),
    "fund.judge_proof": _application("proof_application"),
    "fund.notice": _application("approved_application"),
    "fund.payments": _application("approved_application"),
    "fund.proof": _application("approved_application"),
    "fund.project_applications": _project("approved_application_project"),
    "fund.receipt": lambda s: {"receipt_id": s["receipt"]},
    "fund.remove_receipt": lambda s: {"receipt_id": s["receipt"]},
    "fund.year": lambda s: {"year": s["fund_year"]},
    "mentoring.accept": lambda s: {"mentorship_id": s["pending_mentorship"]},
    "mentoring.decline": lambda s: {"mentorship_id": s["pending_mentorship"]},
    "mentoring.withdraw": lambda s: {"mentorship_id": s["pending_mentorship"]},
    "mentoring.end": lambda s: {"mentorship_id": s["mentorship"]},
    "mentoring.answer_question": _workspace("question_id", "brought_question"),
    "mentoring.bring_question": _workspace("question_id", "open_question"),
    "mentoring.publish_question": _workspace("question_id", "answered_question"),
    "mentoring.question": _workspace("question_id", "brought_question"),
    "mentoring.questions": _project("development"),
    "mentoring.close_mediation": _workspace("mediation_id", "mediation"),
    "mentoring.mediation": _workspace("mediation_id", "mediation"),
    "mentoring.mediation_list": _project("development"),
    "mentoring.hurdle": _workspace("hurdle_id", "hurdle"),
    "mentoring.hurdles": _project("development"),
    "mentoring.introduction_outcome": _workspace("introduction_id", "introduction"),
    "mentoring.introductions": _project("development"),
    "mentoring.workspace": _project("development"),
    "mentoring.project_mentors": _project("development"),
    "mentoring.mentor": _user("mentor"),
    "mentoring.offer": _project("initiation"),
    "moderation.block": _user("citizen"),
    "moderation.unblock": _user("blocked"),
    "moderation.user": _user("citizen"),
    "moderation.dismiss": lambda s: {"kind": "comment", "target_id": s["comment"]},
    "moderation.hide": lambda s: {"kind": "comment", "target_id": s["comment"]},
    "moderation.item": lambda s: {"kind": "comment", "target_id": s["comment"]},
    "moderation.restore": lambda s: {"kind": "comment", "target_id": s["hidden_comment"]},
    "moderation.restore_deleted": lambda s: {"kind": "comment", "target_id": s["deleted_comment"]},
    "moderation.report": lambda s: {"kind": "comment", "target_id": s["comment"]},
    "opendata.district_projects_feed": lambda s: {"slug": s.slugs["district"]},
    "opendata.topic_projects_feed": lambda s: {"slug": s.slugs["topic"]},
    "participation.comments": _project("initiation"),
    "participation.new_comment": _project("initiation"),
    "participation.edit_comment": lambda s: {"comment_id": s["comment"]},
    "participation.delete_comment": lambda s: {"comment_id": s["comment"]},
    "participation.edit_update": lambda s: {"update_id": s["update"]},
    "participation.delete_update": lambda s: {"update_id": s["update"]},
    "participation.update_image": lambda s: {"update_id": s["update"]},
    "participation.new_update": _project("initiation"),
    "participation.updates": _project("initiation"),
    "participation.project_feed": _project("initiation"),
    "participation.follow": lambda s: {"kind": "project", "target_id": s["development"]},
    "participation.unfollow": lambda s: {"kind": "project", "target_id": s["initiation"]},
    "participation.mark_read": lambda s: {"notification_id": s["notification"]},
    "participation.open_notification": lambda s: {"notification_id": s["notification"]},
    "participation.unsubscribe": lambda s: {"token": "ungueltig"},
    "projects.answer_join_request": lambda s: {
        "project_id": s["initiation"],
        "request_id": s["join_request"],
        "answer": "accept",
    },
    "projects.answer_offer": lambda s: {
        "project_id": s["initiation"],
        "need_id": s["need"],
        "offer_id": s["offer"],
        "answer": "accept",
    },
    "projects.withdraw_offer": lambda s: {
        "project_id": s["initiation"],
        "need_id": s["need"],
        "offer_id": s["offer"],
    },
    "projects.cancel_phase_request": _project("initiation"),
    "projects.close_need": lambda s: {"project_id": s["initiation"], "need_id": s["need"]},
    "projects.edit_need": lambda s: {"project_id": s["initiation"], "need_id": s["need"]},
    "projects.need": lambda s: {"project_id": s["initiation"], "need_id": s["need"]},
    "projects.offer": lambda s: {"project_id": s["initiation"], "need_id": s["need"]},
    "projects.new_need": _project("initiation"),
    "projects.delete_draft": _project("draft"),
    "projects.publish": _project("draft"),
    "projects.detail": _project("initiation"),
    "projects.edit": _project("initiation"),
    "projects.edit_plan": _project("development"),
    "projects.plan": _project("development"),
    "projects.plan_version": lambda s: {"project_id": s["development"], "number": 1},
    "projects.final_report": _project("implementation"),
    "projects.milestone_done": lambda s: {
        "project_id": s["implementation"],
        "milestone_id": s["milestone"],
    },
    "projects.reopen_milestone": lambda s: {
        "project_id": s["implementation"],
        "milestone_id": s["done_milestone"],
    },
    "projects.hand_over": _project("initiation"),
    "projects.image": _project("initiation"),
    "projects.invitation": lambda s: {"token": "ungueltig"},
    "projects.invite": _project("initiation"),
    "projects.revoke_invitation": lambda s: {
        "project_id": s["initiation"],
        "invitation_id": s["invitation"],
    },
    "projects.join": _project("initiation"),
    "projects.withdraw_join": _project("initiation"),
    "projects.leave": _project("elsewhere"),
    "projects.member_task": lambda s: {
        "project_id": s["initiation"],
        "member_id": s["helper_member"],
    },
    "projects.phase_request": _project("initiation"),
    "projects.state_change": lambda s: {"project_id": s["initiation"], "action": "pause"},
    "projects.support": _project("initiation"),
    "projects.withdraw_support": _project("initiation"),
    "projects.team": _project("initiation"),
    "projects.timeline": _project("initiation"),
}


# The same endpoints on other objects: drafts, hidden and paused projects, … (``endpoint@case``).
URL_ARGS.update(
    {
        "projects.detail@draft": _project("draft"),
        "projects.detail@hidden": _project("hidden"),
        "projects.timeline@draft": _project("draft"),
        "projects.timeline@hidden": _project("hidden"),
        "projects.image@hidden": _project("hidden"),
        "participation.comments@hidden": _project("hidden"),
        "participation.updates@draft": _project("draft"),
        "mentoring.workspace@draft": _project("draft"),
        "api.project@draft": _project("draft"),
        "api.project@hidden": _project("hidden"),
        "projects.edit@paused": _project("paused"),
        "projects.state_change@resume": lambda s: {"project_id": s["paused"], "action": "resume"},
        "projects.support@draft": _project("draft"),
        "fund.application@approved": _application("approved_application"),
        "fund.apply@initiation": _project("initiation"),
        "moderation.report@hidden": lambda s: {"kind": "comment", "target_id": s["hidden_comment"]},
        "moderation.block@admin": _user("admin"),
        "admin.terms@departments": lambda s: {"kind": "departments"},
        "admin.edit_term@departments": lambda s: {
            "kind": "departments",
            "term_id": s["department"],
        },
        "admin.delete_term@departments": lambda s: {
            "kind": "departments",
            "term_id": s["department"],
        },
    }
)


def url_of(app: Flask, scene: Scene, name: str) -> str:
    """The path of an endpoint (or of ``endpoint@case``) for the scene; raises KeyError for
    an endpoint with arguments but no entry in ``URL_ARGS``."""
    endpoint = name.partition("@")[0]
    rule = next(app.url_map.iter_rules(endpoint))
    values = URL_ARGS[name](scene) if rule.arguments else {}
    with app.test_request_context():
        return url_for(endpoint, **values)


def endpoints(app: Flask) -> dict[str, set[str]]:
    """Every endpoint of the application with the methods it answers (GET and POST only)."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.endpoint, set()).update(rule.methods & {"GET", "POST"})
    return found


def login_redirect(response: Any) -> bool:
    return response.status_code in (301, 302, 303) and "/login" in response.headers.get(
        "Location", ""
    )
