"""The permission matrix of the fund: role × application status × action.

``ALLOWED`` is the one table of what DESIGN.md §5 and issue 5 allow, written out by hand rather
than derived from the predicates. Each case builds an application in the status, checks the
named predicate of ``civic.fund.permissions`` against the table and, where the predicate guards
an operation, calls the operation as that person with valid arguments: a refused call raises
``PermissionDenied`` (and sends no mail), an allowed call goes through. Each call runs in a
savepoint that is rolled back, so that every call of a row starts from the same scene.

Scenes hold what the platform would: a decided application has its decision, reason and
officers; a funded one is partly paid (so a payment is still possible) and has a receipt; a
submitted proof has its report and is paid as far as it was spent.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from civic.accounts.models import Role
from civic.core.dates import local_today
from civic.core.errors import PermissionDenied
from civic.db import db, utcnow
from civic.extensions import login_manager
from civic.fund import operations as ops
from civic.fund import permissions as perm
from civic.fund.models import Application, Fund, Receipt
from civic.fund.workflow import CHECKLIST, Outcome, Status
from civic.projects.models import Project
from civic.projects.workflow import Phase, ProjectState
from tests.factories import UserFactory, make_application, make_fund, make_project

# --- who ---------------------------------------------------------------------------------------

VISITOR = "visitor"  # not signed in
CITIZEN = "citizen"  # signed in, on no team
MEMBER = "member"  # on the applying project's team (not its initiator)
OTHER_MEMBER = "other_member"  # on the team of another project of the same fund
OFFICER = "officer"  # a fund officer not involved in the decision
PROPOSER = "proposer"  # the fund officer who proposed (and so made) the decision
SECOND = "second_officer"  # another fund officer; the one who confirmed a decision in force
COORDINATOR = "coordinator"
COUNCIL = "council_member"
ADMIN = "admin"

ROLES = (VISITOR, CITIZEN, MEMBER, OTHER_MEMBER, OFFICER, PROPOSER, SECOND, COORDINATOR)
ROLES = (*ROLES, COUNCIL, ADMIN)
OFFICERS = {OFFICER, PROPOSER, SECOND}

S = Status
EVERY = frozenset(Status)
EDITABLE = {S.DRAFT, S.RETURNED}
WITHDRAWABLE = {
    S.DRAFT,
    S.SUBMITTED,
    S.FORMAL_CHECK,
    S.RETURNED,
    S.IN_REVIEW,
    S.AWAITING_CONFIRMATION,
}
PAYABLE = {S.APPROVED, S.PARTIALLY_APPROVED, S.PROOF_SUBMITTED}
REPORTABLE = {S.APPROVED, S.PARTIALLY_APPROVED}
NOTICE = {S.APPROVED, S.PARTIALLY_APPROVED, S.PROOF_SUBMITTED, S.CLOSED}
DECIDED = {S.APPROVED, S.PARTIALLY_APPROVED, S.REJECTED, S.PROOF_SUBMITTED, S.CLOSED}

# --- the table: action → {role: the statuses in which it is allowed} --------------------------
# Actions about a person alone (or a project and the fund's call) have the status ``None``.

NONE = frozenset({None})


def _for(roles: set[str] | str, statuses: Any) -> dict[str, frozenset[Any]]:
    roles = {roles} if isinstance(roles, str) else roles
    return {role: frozenset(statuses) for role in roles}


ALLOWED: dict[str, dict[str, frozenset[Any]]] = {
    # about the person
    "is_officer": _for(OFFICERS, NONE),
    "can_manage_funds": _for(ADMIN, NONE),  # admins set up funds, but do not decide
    "can_work_queue": _for(OFFICERS | {ADMIN}, NONE),
    "can_view_reviews": _for(OFFICERS | {ADMIN}, NONE),  # assessments stay internal
    # a project in development applies while the call is open
    "can_apply": _for(MEMBER, NONE),
    # about an application
    "is_team": _for(MEMBER, EVERY),
    "can_view_application": _for({MEMBER, ADMIN} | OFFICERS, EVERY),
    "can_edit_application": _for(MEMBER, EDITABLE),
    "can_submit_application": _for(MEMBER, EDITABLE),
    "can_withdraw_application": _for(MEMBER, WITHDRAWABLE),
    "can_check": _for(OFFICERS, {S.SUBMITTED, S.FORMAL_CHECK}),
    "can_review": _for(OFFICERS, {S.IN_REVIEW}),
    "can_decide": _for(OFFICERS, {S.IN_REVIEW}),
    # the officer who decided cannot confirm
    "can_confirm": _for({OFFICER, SECOND}, {S.AWAITING_CONFIRMATION}),
    "can_record_payment": _for(OFFICERS, PAYABLE),
    "can_submit_proof": _for(MEMBER, REPORTABLE),
    "can_upload_receipt": _for(MEMBER, REPORTABLE),
    "can_view_receipts": _for({MEMBER, ADMIN} | OFFICERS, EVERY),
    "can_judge_proof": _for(OFFICERS, {S.PROOF_SUBMITTED}),
    "can_view_notice": _for({MEMBER, ADMIN} | OFFICERS, NOTICE),
}

# Public functions of the module that are not about a person: the call and the project.
HELPERS = {"call_is_open", "project_may_apply", "officer_for"}


def expected(action: str, role: str, status: Status | None) -> bool:
    return status in ALLOWED[action].get(role, frozenset())


# --- scenes ------------------------------------------------------------------------------------


@dataclass
class Scene:
    actor: Any
    fund: Fund
    project: Project
    application: Application | None
    extra: dict[str, Any] = field(default_factory=dict)


def _decision(status: Status, proposer: Any, second: Any) -> dict[str, Any]:
    """The fields an application has in ``status`` beyond what ``make_application`` gives."""
    values: dict[str, Any] = {}
    if status is S.RETURNED:
        values["return_message"] = "Bitte den Kostenplan ergänzen."
    if status in DECIDED or status is S.AWAITING_CONFIRMATION:
        values["checklist"] = {key: True for key, _label in CHECKLIST}
    if status is S.AWAITING_CONFIRMATION:
        values.update(
            proposed_outcome=Outcome.APPROVE,
            proposed_cents=3_000_00,
            proposed_reason="Passt.",
            proposed_by_id=proposer.id,
            proposed_at=utcnow(),
        )
    if status in DECIDED:
        values.update(decided_by_id=proposer.id, confirmed_by_id=second.id)
    if status in PAYABLE or status is S.CLOSED:
        values["paid_cents"] = 1_000_00
    if status in (S.PROOF_SUBMITTED, S.CLOSED):
        values.update(
            report_markdown="Erledigt.", spent_cents=1_000_00, proof_submitted_at=utcnow()
        )
    if status is S.CLOSED:
        values["closed_at"] = utcnow()
    return values


def build_scene(status: Status | None) -> tuple[Scene, dict[str, Any]]:
    """The fund, the project, its application in ``status`` (none for ``None``) and one
    person for every role; the scene's actor is set per role by the test."""
    fund = make_fund(four_eyes_cents=1_000_00)
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member], phase=Phase.DEVELOPMENT)
    people: dict[str, Any] = {
        VISITOR: login_manager.anonymous_user(),
        CITIZEN: UserFactory(),
        MEMBER: member,
        OTHER_MEMBER: make_project(phase=Phase.DEVELOPMENT).memberships[0].user,
        OFFICER: UserFactory(roles=[Role.FUND_OFFICER]),
        PROPOSER: UserFactory(roles=[Role.FUND_OFFICER]),
        SECOND: UserFactory(roles=[Role.FUND_OFFICER]),
        COORDINATOR: UserFactory(roles=[Role.COORDINATOR]),
        COUNCIL: UserFactory(roles=[Role.COUNCIL_MEMBER]),
        ADMIN: UserFactory(roles=[Role.ADMIN]),
    }
    if status is None:
        return Scene(None, fund, project, None), people
    funded = status in PAYABLE or status is S.CLOSED
    application = make_application(
        project,
        fund,
        status=status,
        requested_cents=3_000_00,
        approved_cents=(2_000_00 if status is S.PARTIALLY_APPROVED else 3_000_00) if funded else 0,
        **_decision(status, people[PROPOSER], people[SECOND]),
    )
    scene = Scene(None, fund, project, application)
    if funded:
        fund.paid_cents += application.paid_cents
        receipt = Receipt(
            application_id=application.id,
            stored_name=f"{secrets.token_hex(16)}.pdf",
            original_name="beleg.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by_id=member.id,
        )
        db.session.add(receipt)
        scene.extra["receipt"] = receipt
    db.session.commit()
    return scene, people


# --- the actions ------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n%%EOF\n"


def _fields(scene: Scene) -> dict[str, Any]:
    initiator = scene.project.memberships[0].user
    return {
        "title": "Bänke für den Park",
        "requested_cents": 2_000_00,
        "cost_lines": [{"label": "Holz", "amount_cents": 2_000_00}],
        "own_contribution_cents": 0,
        "other_funding_cents": 0,
        "justification": "Zum Sitzen.",
        "contact_id": initiator.id,
    }


def _app(scene: Scene) -> tuple[Any, Application]:
    assert scene.application is not None
    return scene.actor, scene.application


Call = Callable[[Scene], object]


def needs(key: str, call: Call) -> Call:
    """A call that is only possible where the scene has ``key`` (e.g. a receipt)."""
    call.needs = (key,)  # type: ignore[attr-defined]
    return call


@dataclass
class Action:
    arguments: Callable[[Scene], tuple[Any, ...]]
    calls: tuple[Call, ...] = ()


def _user(scene: Scene) -> tuple[Any, ...]:
    return (scene.actor,)


def _new_fund(s: Scene) -> object:
    today = local_today()
    return ops.create_fund(
        s.actor,
        year=today.year + 1,
        budget_cents=50_000_00,
        max_per_project_cents=5_000_00,
        four_eyes_cents=1_000_00,
        call_opens_on=today,
        call_closes_on=today,
    )


ACTIONS: dict[str, Action] = {
    "is_officer": Action(_user),
    "can_manage_funds": Action(_user, (_new_fund,)),
    "can_work_queue": Action(_user),
    "can_view_reviews": Action(_user),
    "can_apply": Action(
        lambda s: (s.actor, s.project, s.fund, local_today()),
        (lambda s: ops.start_application(s.actor, s.project, s.fund, **_fields(s)),),
    ),
    "is_team": Action(_app),
    "can_view_application": Action(_app),
    "can_edit_application": Action(
        _app, (lambda s: ops.update_application(*_app(s), **_fields(s)),)
    ),
    "can_submit_application": Action(
        lambda s: (*_app(s), local_today()), (lambda s: ops.submit_application(*_app(s)),)
    ),
    "can_withdraw_application": Action(
        _app, (lambda s: ops.withdraw_application(*_app(s), "Wir hören auf."),)
    ),
    "can_check": Action(
        _app,
        (
            lambda s: ops.start_check(*_app(s)),
            lambda s: ops.send_back(*_app(s), {}, "Bitte ergänzen."),
            lambda s: ops.pass_check(*_app(s), {key: True for key, _label in CHECKLIST}),
        ),
    ),
    "can_review": Action(
        _app,
        (lambda s: ops.save_review(*_app(s), "Gut.", dict.fromkeys(s.fund.criteria_list, 3)),),
    ),
    "can_decide": Action(
        _app,
        (
            lambda s: ops.decide(*_app(s), Outcome.REJECT, None, "Passt nicht."),
            lambda s: ops.decide(*_app(s), Outcome.PARTIAL, 500_00, "Nur ein Teil."),
            lambda s: ops.decide(*_app(s), Outcome.APPROVE, None, "Passt."),
        ),
    ),
    "can_confirm": Action(
        _app,
        (
            lambda s: ops.confirm(*_app(s), True),
            lambda s: ops.confirm(*_app(s), False, "Bitte noch einmal prüfen."),
        ),
    ),
    "can_record_payment": Action(
        _app, (lambda s: ops.record_payment(*_app(s), 500_00, local_today(), "KR-1"),)
    ),
    "can_submit_proof": Action(
        _app, (lambda s: ops.submit_proof(*_app(s), "Bänke stehen.", 1_000_00),)
    ),
    "can_upload_receipt": Action(
        _app,
        (
            lambda s: ops.add_receipt(*_app(s), io.BytesIO(PDF), "beleg.pdf", ""),
            needs("receipt", lambda s: ops.remove_receipt(s.actor, s.extra["receipt"])),
        ),
    ),
    "can_view_receipts": Action(_app),
    "can_judge_proof": Action(
        _app,
        (
            lambda s: ops.ask_for_more(*_app(s), "Es fehlt ein Beleg."),
            lambda s: ops.close_application(*_app(s), "Danke."),
        ),
    ),
    "can_view_notice": Action(_app),
}


def test_the_table_covers_every_predicate_of_the_module():
    """A new predicate in ``civic.fund.permissions`` needs a row here."""
    public = {
        name
        for name, value in vars(perm).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", None) == perm.__name__
    }
    assert public == set(ALLOWED) | HELPERS
    assert set(ACTIONS) == set(ALLOWED)
    assert all(set(row) <= set(ROLES) for row in ALLOWED.values())


# --- the matrix --------------------------------------------------------------------------------


def _statuses(action: str) -> list[Status | None]:
    user_only = all(statuses == NONE for statuses in ALLOWED[action].values())
    return [None] if user_only else list(Status)


CASES = [
    pytest.param(action, status, id=f"{action}-{status or 'any'}")
    for action in ALLOWED
    for status in _statuses(action)
]


@pytest.fixture
def uploads(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", tmp_path)


def _differences(
    spec: Action, scene: Scene, predicate: Any, allowed: bool, mailbox: Any
) -> list[str]:
    """Where the predicate or an operation disagrees with the table, for one person."""
    found = []
    if predicate(*spec.arguments(scene)) is not allowed:
        found.append(f"predicate gives {not allowed}")
    for number, call in enumerate(spec.calls, start=1):
        if "receipt" in getattr(call, "needs", ()) and "receipt" not in scene.extra:
            continue  # no receipt can exist in this status
        mailbox.clear()
        nested = db.session.begin_nested()
        try:
            call(scene)
        except PermissionDenied:
            if allowed:
                found.append(f"operation {number} refused")
        except Exception as error:  # noqa: BLE001 - reported as a difference
            found.append(f"operation {number} failed: {error!r}")
        else:
            if not allowed:
                found.append(f"operation {number} went through")
        finally:
            nested.rollback()
            db.session.expire_all()
        if not allowed and mailbox.messages:
            found.append(f"operation {number} refused but sent mail")
    return found


@pytest.mark.usefixtures("uploads")
@pytest.mark.parametrize(("action", "status"), CASES)
def test_permission_matrix(app, mailbox, action, status):
    """One scene per action and status; every role acts in it in turn (each in a savepoint
    that is rolled back), and every disagreement with the table is reported at once."""
    spec = ACTIONS[action]
    predicate = getattr(perm, action)
    with app.test_request_context():
        scene, people = build_scene(status)
        differences = {}
        for role in ROLES:
            scene.actor = people[role]
            found = _differences(spec, scene, predicate, expected(action, role, status), mailbox)
            if found:
                differences[role] = found
    assert differences == {}


# --- what is not about a person --------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "open_"),
    [(0, 0, True), (-5, 0, True), (0, 5, True), (1, 5, False), (-5, -1, False)],
)
def test_the_call_is_open_from_its_first_to_its_last_day(opens, closes, open_):
    today = date(2026, 3, 1)
    fund = Fund(
        call_opens_on=today + timedelta(days=opens), call_closes_on=today + timedelta(days=closes)
    )
    assert perm.call_is_open(fund, today) is open_


@pytest.mark.parametrize("state", list(ProjectState), ids=str)
@pytest.mark.parametrize("phase", list(Phase), ids=str)
def test_projects_in_development_or_implementation_apply(phase, state):
    project = Project(phase=phase, state=state)
    allowed = state is ProjectState.ACTIVE and phase in (Phase.DEVELOPMENT, Phase.IMPLEMENTATION)
    assert perm.project_may_apply(project) is allowed


def test_nobody_judges_their_own_project(ctx):
    """A fund officer who is on the applying team may see the application like the team, but
    takes no step of the fund management on it."""
    officer = UserFactory(roles=[Role.FUND_OFFICER])
    project = make_project(officer, phase=Phase.DEVELOPMENT)
    fund = make_fund()
    officer_steps = (
        perm.can_check,
        perm.can_review,
        perm.can_decide,
        perm.can_confirm,
        perm.can_record_payment,
        perm.can_judge_proof,
    )
    for status in Status:
        application = make_application(project, fund, status=status, approved_cents=0)
        assert perm.can_view_application(officer, application)
        assert not any(step(officer, application) for step in officer_steps), status
        db.session.delete(application)
        db.session.commit()
