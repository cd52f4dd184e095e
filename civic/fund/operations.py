"""Everything that changes the fund. Each operation takes the acting user, checks the
permission and the state, writes the application's history and the audit log, tells the
people concerned by e-mail, and flushes; the caller commits.

Money moves only here, and only by conditional updates: the fund's committed sum never
exceeds its budget, and an application's payments never exceed its approved amount. The
operations that move money first lock the fund row (``SELECT … FOR UPDATE`` on PostgreSQL);
on SQLite their views run them in an immediate transaction (``civic.db.begin_immediate``),
which takes the database's write lock at once. The check constraints of the tables are the
last line of defence."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import IO, Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from civic.accounts.models import Role, RoleGrant, User
from civic.core import audit
from civic.core.dates import LocalDate, local_today
from civic.core.errors import OperationError, PermissionDenied
from civic.core.markdown import render_markdown
from civic.db import db, utcnow
from civic.fund import permissions as perm
from civic.fund.models import Application, ApplicationEntry, Fund, Payment, Receipt, Review
from civic.fund.workflow import (
    CHECKLIST,
    FUNDED,
    RECEIPT_MAX_BYTES,
    RECEIPT_TYPES,
    Outcome,
    Status,
    allowed,
)
from civic.participation import notifications
from civic.projects.models import Project
from civic.projects.permissions import is_team_member

MAX_CENTS = 10_000_000_00  # ten million euros: more than any city's fund


def notify(*args: Any, **kwargs: Any) -> None:
    """Tell people through the platform's notifications, as fund news."""
    notifications.notify(*args, kind="fund", **kwargs)


def _require(allowed_: bool) -> None:
    if not allowed_:
        raise PermissionDenied()


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def euros(cents: int) -> str:
    """An amount for a message, written out when the message is shown (in its language)."""
    from civic.projects.views import euros as format_euros

    return format_euros(cents)


class _Amount:
    """An amount in a lazy message: formatted when the message is rendered, in the reader's
    language (1.250,00 € or €1,250.00)."""

    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __str__(self) -> str:
        return euros(self.cents)


def _check_amount(cents: int | None, field: str, allow_zero: bool = False) -> int:
    if cents is None:
        raise OperationError(_l("Please enter an amount."), field=field)
    if cents < 0 and allow_zero:
        raise OperationError(_l("An amount cannot be negative."), field=field)
    if cents <= 0 and not allow_zero:
        raise OperationError(_l("Please enter an amount greater than zero."), field=field)
    if cents > MAX_CENTS:
        raise OperationError(_l("This amount is too large."), field=field)
    return cents


# --- funds ------------------------------------------------------------------------------------


def _fund_fields(
    year: int,
    budget_cents: int,
    max_per_project_cents: int,
    four_eyes_cents: int,
    call_opens_on: date,
    call_closes_on: date,
    **_texts: str,
) -> None:
    if not 2000 <= year <= 2100:
        raise OperationError(_l("Please enter a year between 2000 and 2100."), field="year")
    _check_amount(budget_cents, "budget")
    _check_amount(max_per_project_cents, "max_per_project")
    _check_amount(four_eyes_cents, "four_eyes", allow_zero=True)
    if max_per_project_cents > budget_cents:
        raise OperationError(
            _l("The maximum per project cannot be more than the budget."), field="max_per_project"
        )
    if call_closes_on < call_opens_on:
        raise OperationError(_l("The call must close after it opens."), field="call_closes_on")


def create_fund(actor: User, **fields: Any) -> Fund:
    _require(perm.can_manage_funds(actor))
    _fund_fields(**fields)
    if db.session.scalar(select(Fund.id).where(Fund.year == fields["year"])):
        raise OperationError(_l("There is a fund for this year already."), field="year")
    fund = Fund(**fields)
    try:
        with db.session.begin_nested():
            db.session.add(fund)
            db.session.flush()
    except IntegrityError:
        raise OperationError(_l("There is a fund for this year already."), field="year") from None
    audit.record(actor, "fund.create", "fund", fund.id, year=fund.year, budget=fund.budget_cents)
    return fund


def update_fund(actor: User, fund: Fund, **fields: Any) -> None:
    """Change a fund. The budget cannot fall below what is committed (checked in the same
    conditional update that changes it)."""
    _require(perm.can_manage_funds(actor))
    _fund_fields(**fields)
    if fields["year"] != fund.year and db.session.scalar(
        select(Fund.id).where(Fund.year == fields["year"])
    ):
        raise OperationError(_l("There is a fund for this year already."), field="year")
    _lock(fund)
    result = db.session.execute(
        update(Fund)
        .where(Fund.id == fund.id, Fund.committed_cents <= fields["budget_cents"])
        .values(**fields)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise OperationError(
            _l(
                "%(committed)s are committed already; the budget cannot be smaller.",
                committed=_Amount(fund.committed_cents),
            ),
            field="budget",
        )
    db.session.refresh(fund)
    audit.record(actor, "fund.update", "fund", fund.id, budget=fund.budget_cents)


def _lock(fund: Fund) -> Fund:
    """Lock the fund row until the transaction ends (PostgreSQL) and read it afresh."""
    db.session.flush()
    locked = db.session.scalar(
        select(Fund)
        .where(Fund.id == fund.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    return locked


# --- the team's application ---------------------------------------------------------------------


def _entry(
    application: Application,
    step: str,
    actor: Any,
    before: Status | None = None,
    reason: str = "",
    amount_cents: int | None = None,
) -> None:
    db.session.add(
        ApplicationEntry(
            application_id=application.id,
            step=step,
            from_status=before.value if before else "",
            to_status=application.status.value,
            actor_id=getattr(actor, "id", None),
            amount_cents=amount_cents,
            reason=reason,
        )
    )


def _move(application: Application, before: Status, after: Status, **values: Any) -> None:
    """Change the status if it still is ``before``, in one conditional update: of two officers
    acting at the same moment only the first counts; the second gets a clear refusal."""
    if not allowed(before, after):
        raise OperationError(_l("This step is not possible in the application's current state."))
    db.session.flush()
    result = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status == before)
        .values(status=after, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(application)
    if result.rowcount != 1:
        raise OperationError(
            _l("Someone else has just changed this application. Please look at it again.")
        )


def _team(application: Application) -> list[User]:
    return [member.user for member in application.project.memberships]


def officers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.role == Role.FUND_OFFICER, User.is_active.is_(True))
        )
    )


def _link(application: Application) -> str:
    return _external("fund.application", application_id=application.id)


def _tell_team(
    application: Application, actor: Any, subject: Any, summary: Any, quote: str = ""
) -> None:
    notify(_team(application), actor, subject, summary, _link(application), quote=quote)


def _tell_officers(
    application: Application, actor: Any, subject: Any, summary: Any, quote: str = ""
) -> None:
    notify(officers(), actor, subject, summary, _link(application), quote=quote)


def _application_fields(application: Application, project: Project, fields: dict[str, Any]) -> None:
    fund = application.fund
    requested = _check_amount(fields["requested_cents"], "requested")
    if requested > fund.max_per_project_cents:
        raise OperationError(
            _l(
                "The fund gives at most %(max)s per project.",
                max=_Amount(fund.max_per_project_cents),
            ),
            field="requested",
        )
    _check_amount(fields["own_contribution_cents"], "own_contribution", allow_zero=True)
    _check_amount(fields["other_funding_cents"], "other_funding", allow_zero=True)
    lines = []
    for line in fields["cost_lines"]:
        label = (line.get("label") or "").strip()
        cents = line.get("amount_cents")
        if not label and not cents:
            continue
        if not label:
            raise OperationError(_l("Every cost line needs a description."), field="cost_lines")
        lines.append({"label": label, "amount_cents": _check_amount(cents, "cost_lines")})
    contact = db.session.get(User, fields["contact_id"]) if fields.get("contact_id") else None
    if contact is None or not is_team_member(contact, project):
        raise OperationError(
            _l("The contact person must be a member of the team."), field="contact"
        )
    application.title = fields["title"]
    application.requested_cents = requested
    application.cost_lines = lines
    application.own_contribution_cents = fields["own_contribution_cents"]
    application.other_funding_cents = fields["other_funding_cents"]
    application.other_funding_note = fields.get("other_funding_note", "")
    application.justification = fields.get("justification", "")
    application.contact_id = contact.id
    application.updated_at = utcnow()


def open_application(project: Project, fund: Fund) -> Application | None:
    """The project's application to this fund that is still alive (not withdrawn or
    rejected); a project applies once per fund."""
    return db.session.scalar(
        select(Application).where(
            Application.project_id == project.id,
            Application.fund_id == fund.id,
            Application.status.not_in([Status.WITHDRAWN, Status.REJECTED]),
        )
    )


def start_application(actor: User, project: Project, fund: Fund, **fields: Any) -> Application:
    """A draft, which the team can edit until it submits it."""
    _require(perm.can_apply(actor, project, fund, local_today()))
    applied = OperationError(_l("This project has applied to this fund already."))
    if open_application(project, fund) is not None:
        raise applied
    application = Application(
        fund=fund, project=project, created_by_id=actor.id, status=Status.DRAFT
    )
    _application_fields(application, project, fields)
    try:
        # A parallel request of the same team may have been faster; the database allows one.
        with db.session.begin_nested():
            db.session.add(application)
    except IntegrityError:
        raise applied from None
    _entry(application, "create", actor)
    audit.record(actor, "fund.application.create", "application", application.id)
    return application


def update_application(actor: User, application: Application, **fields: Any) -> None:
    _require(perm.can_edit_application(actor, application))
    _application_fields(application, application.project, fields)
    db.session.flush()
    audit.record(actor, "fund.application.update", "application", application.id)


def submit_application(actor: User, application: Application) -> None:
    _require(perm.can_edit_application(actor, application))
    today = local_today()
    if today < application.fund.call_opens_on:
        raise OperationError(
            _l(
                "The call of the fund %(year)s opens on %(date)s; applications can be submitted "
                "from then on.",
                year=application.fund.year,
                date=LocalDate(application.fund.call_opens_on),
            )
        )
    if not perm.call_is_open(application.fund, today):
        raise OperationError(
            _l(
                "The call of the fund %(year)s is closed; applications cannot be submitted.",
                year=application.fund.year,
            )
        )
    if not application.cost_lines:
        raise OperationError(_l("Please add at least one cost line."), field="cost_lines")
    if not application.justification.strip():
        raise OperationError(_l("Please explain what the money is for."), field="justification")
    before = application.status
    _move(application, before, Status.SUBMITTED, submitted_at=utcnow(), return_message="")
    _entry(application, "submit", actor, before, amount_cents=application.requested_cents)
    audit.record(actor, "fund.application.submit", "application", application.id)
    _tell_officers(
        application,
        actor,
        _l("New application: %(title)s", title=application.title),
        _l(
            "The team of “%(project)s” applies for %(amount)s from the fund %(year)s.",
            project=application.project.title,
            amount=_Amount(application.requested_cents),
            year=application.fund.year,
        ),
    )


def withdraw_application(actor: User, application: Application, reason: str) -> None:
    _require(perm.can_withdraw_application(actor, application))
    before = application.status
    _move(application, before, Status.WITHDRAWN, proposed_outcome=None, proposed_cents=None)
    _entry(application, "withdraw", actor, before, reason=reason)
    audit.record(actor, "fund.application.withdraw", "application", application.id)
    if before is not Status.DRAFT:
        _tell_officers(
            application,
            actor,
            _l("Application withdrawn: %(title)s", title=application.title),
            _l(
                "The team of “%(project)s” has withdrawn its application.",
                project=application.project.title,
            ),
            quote=reason,
        )


# --- formal check, review and decision ------------------------------------------------------


def start_check(actor: User, application: Application) -> None:
    _require(perm.can_check(actor, application))
    if application.status is Status.SUBMITTED:
        _move(application, Status.SUBMITTED, Status.FORMAL_CHECK)
        _entry(application, "start_check", actor, Status.SUBMITTED)
        audit.record(actor, "fund.application.start_check", "application", application.id)


def _checklist(ticked: dict[str, bool]) -> dict[str, bool]:
    return {key: bool(ticked.get(key)) for key, _label in CHECKLIST}


def send_back(actor: User, application: Application, ticked: dict[str, bool], message: str) -> None:
    """Return the application to the team with a request for more information."""
    _require(perm.can_check(actor, application))
    if not message.strip():
        raise OperationError(_l("Please tell the team what is missing."), field="message")
    start_check(actor, application)
    _move(
        application,
        Status.FORMAL_CHECK,
        Status.RETURNED,
        checklist=_checklist(ticked),
        return_message=message,
    )
    _entry(application, "send_back", actor, Status.FORMAL_CHECK, reason=message)
    audit.record(actor, "fund.application.send_back", "application", application.id)
    _tell_team(
        application,
        actor,
        _l("Your application needs more information"),
        _l(
            "The fund management has checked the application “%(title)s” and needs more "
            "information. Please complete it and submit it again:",
            title=application.title,
        ),
        quote=message,
    )


def pass_check(actor: User, application: Application, ticked: dict[str, bool]) -> None:
    _require(perm.can_check(actor, application))
    checklist = _checklist(ticked)
    if not all(checklist.values()):
        raise OperationError(
            _l("Every point of the formal check must be met; otherwise send it back."),
            field="checklist",
        )
    start_check(actor, application)
    _move(application, Status.FORMAL_CHECK, Status.IN_REVIEW, checklist=checklist)
    _entry(application, "pass_check", actor, Status.FORMAL_CHECK)
    audit.record(actor, "fund.application.pass_check", "application", application.id)
    _tell_team(
        application,
        actor,
        _l("Your application is in review"),
        _l(
            "The application “%(title)s” is complete and is now reviewed against the fund's "
            "criteria.",
            title=application.title,
        ),
    )


def save_review(
    actor: User, application: Application, assessment: str, scores: dict[str, int]
) -> Review:
    """An officer's assessment with a score from 0 to 5 per published criterion (internal)."""
    _require(perm.can_review(actor, application))
    if not assessment.strip():
        raise OperationError(_l("Please write an assessment."), field="assessment")
    criteria = application.fund.criteria_list
    clean: dict[str, int] = {}
    for criterion in criteria:
        score = scores.get(criterion)
        if score is None or not 0 <= int(score) <= 5:
            raise OperationError(_l("Please score every criterion from 0 to 5."), field="scores")
        clean[criterion] = int(score)
    review = db.session.scalar(
        select(Review).where(Review.application_id == application.id, Review.officer_id == actor.id)
    )
    if review is None:
        review = Review(application_id=application.id, officer_id=actor.id, assessment="")
        try:
            with db.session.begin_nested():
                db.session.add(review)
        except IntegrityError:
            # The same officer saved in a parallel request: change that review instead.
            review = db.session.scalars(
                select(Review)
                .where(Review.application_id == application.id, Review.officer_id == actor.id)
                .with_for_update()
            ).one()
    review.assessment = assessment
    review.scores = clean
    review.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "fund.review.save", "application", application.id)
    return review


def _decision(application: Application, outcome: Outcome, cents: int | None, reason: str) -> int:
    """Check a decision and return the amount it gives."""
    if not reason.strip():
        raise OperationError(_l("Please give the reason for the decision."), field="reason")
    if outcome is Outcome.REJECT:
        return 0
    if outcome is Outcome.APPROVE:
        return application.requested_cents
    amount = _check_amount(cents, "amount")
    if amount >= application.requested_cents:
        raise OperationError(
            _l(
                "A partial approval gives less than the %(requested)s requested.",
                requested=_Amount(application.requested_cents),
            ),
            field="amount",
        )
    return amount


STATUS_OF = {
    Outcome.APPROVE: Status.APPROVED,
    Outcome.PARTIAL: Status.PARTIALLY_APPROVED,
    Outcome.REJECT: Status.REJECTED,
}


def decide(
    actor: User,
    application: Application,
    outcome: Outcome,
    cents: int | None,
    reason: str,
    conditions: str = "",
) -> None:
    """Decide on an application. A decision giving more than the fund's four-eyes amount
    waits for a second officer; any other takes effect at once."""
    _require(perm.can_decide(actor, application))
    amount = _decision(application, outcome, cents, reason)
    fund = application.fund
    if amount > fund.four_eyes_cents:
        if amount > fund.remaining_cents:
            raise OperationError(_no_money(fund), field="amount")
        _move(
            application,
            Status.IN_REVIEW,
            Status.AWAITING_CONFIRMATION,
            proposed_outcome=outcome,
            proposed_cents=amount,
            proposed_reason=reason,
            proposed_conditions=conditions,
            proposed_by_id=actor.id,
            proposed_at=utcnow(),
        )
        _entry(application, "propose", actor, Status.IN_REVIEW, amount_cents=amount)
        audit.record(
            actor,
            "fund.decision.propose",
            "application",
            application.id,
            outcome=outcome.value,
            amount=amount,
        )
        _tell_officers(
            application,
            actor,
            _l("A decision needs your confirmation: %(title)s", title=application.title),
            _l(
                "%(name)s proposes to grant %(amount)s to “%(title)s”. Above %(limit)s a "
                "second fund officer must confirm the decision.",
                name=actor.display_name,
                amount=_Amount(amount),
                title=application.title,
                limit=_Amount(fund.four_eyes_cents),
            ),
            quote=reason,
        )
        return
    _put_in_force(
        actor,
        application,
        Status.IN_REVIEW,
        outcome,
        amount,
        reason,
        conditions,
        decided_by=actor,
        confirmed_by=None,
    )


def confirm(actor: User, application: Application, accept: bool, note: str = "") -> None:
    """The second officer confirms the proposed decision, or sends it back to the review."""
    _require(perm.can_confirm(actor, application))
    if accept:
        proposer = application.proposed_by
        _put_in_force(
            actor,
            application,
            Status.AWAITING_CONFIRMATION,
            application.proposed_outcome,
            application.proposed_cents or 0,
            application.proposed_reason,
            application.proposed_conditions,
            decided_by=proposer,
            confirmed_by=actor,
        )
        return
    if not note.strip():
        raise OperationError(_l("Please say why you do not confirm the decision."), field="note")
    proposer = application.proposed_by
    _move(
        application,
        Status.AWAITING_CONFIRMATION,
        Status.IN_REVIEW,
        proposed_outcome=None,
        proposed_cents=None,
        proposed_reason="",
        proposed_conditions="",
        proposed_by_id=None,
        proposed_at=None,
    )
    _entry(application, "refuse_confirmation", actor, Status.AWAITING_CONFIRMATION, reason=note)
    audit.record(actor, "fund.decision.refuse", "application", application.id)
    if proposer is not None:
        notify(
            [proposer],
            actor,
            _l("Decision not confirmed: %(title)s", title=application.title),
            _l(
                "%(name)s has not confirmed your proposed decision on “%(title)s”; it is back "
                "in review.",
                name=actor.display_name,
                title=application.title,
            ),
            _link(application),
            quote=note,
        )


def _no_money(fund: Fund) -> Any:
    return _l(
        "The fund has only %(remaining)s left; the decision would exceed its budget.",
        remaining=_Amount(fund.remaining_cents),
    )


def _put_in_force(
    actor: User,
    application: Application,
    before: Status,
    outcome: Outcome | None,
    amount: int,
    reason: str,
    conditions: str,
    decided_by: User | None,
    confirmed_by: User | None,
) -> None:
    """The decision takes effect: the status moves, and approved money is committed to the
    fund in the same transaction, which locks the fund first. If the budget does not allow
    it, nothing changes (the caller rolls the transaction back)."""
    assert outcome is not None
    fund = _lock(application.fund)
    after = STATUS_OF[outcome]
    now = utcnow()
    _move(
        application,
        before,
        after,
        approved_cents=amount,
        decision_reason=reason,
        conditions=conditions,
        decided_at=now,
        decided_by_id=decided_by.id if decided_by else actor.id,
        confirmed_by_id=confirmed_by.id if confirmed_by else None,
    )
    if amount:
        result = db.session.execute(
            update(Fund)
            .where(Fund.id == fund.id, Fund.committed_cents + amount <= Fund.budget_cents)
            .values(committed_cents=Fund.committed_cents + amount)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(fund)
        if result.rowcount != 1:
            raise OperationError(_no_money(fund), field="amount")
    _entry(application, "decide", actor, before, reason=reason, amount_cents=amount)
    audit.record(
        actor,
        "fund.decision",
        "application",
        application.id,
        outcome=outcome.value,
        amount=amount,
        decided_by=decided_by.id if decided_by else actor.id,
        confirmed_by=confirmed_by.id if confirmed_by else None,
    )
    subjects = {
        Outcome.APPROVE: _l("Your application is approved"),
        Outcome.PARTIAL: _l("Your application is approved in part"),
        Outcome.REJECT: _l("Your application is rejected"),
    }
    _tell_team(
        application,
        actor,
        subjects[outcome],
        _l(
            "The fund management has decided on the application “%(title)s”: %(outcome)s, "
            "%(amount)s. The reason:",
            title=application.title,
            outcome=_status_label(after),
            amount=_Amount(amount),
        ),
        quote=reason + (("\n\n" + conditions) if conditions else ""),
    )


def _status_label(status: Status) -> Any:
    from civic.fund.workflow import STATUS_LABELS

    return STATUS_LABELS[status]


# --- payments ---------------------------------------------------------------------------------


def _paid_in_full() -> Any:
    return _l("The approved amount has been paid in full; nothing more can be paid.")


def record_payment(
    actor: User, application: Application, cents: int | None, paid_on: date, reference: str
) -> Payment:
    """Pay a tranche. The sum of payments never exceeds the approved amount: checked by the
    conditional update that adds the tranche, inside the transaction that locks the fund."""
    if (
        perm.officer_for(actor, application)
        and application.status in FUNDED
        and application.outstanding_cents <= 0
    ):
        # Not a refusal of the person but of the amount: of two officers paying the last
        # tranche at the same moment, the second learns why (not "you are not allowed").
        raise OperationError(_paid_in_full(), field="amount")
    _require(perm.can_record_payment(actor, application))
    amount = _check_amount(cents, "amount")
    if paid_on > local_today():
        raise OperationError(_l("A payment cannot lie in the future."), field="paid_on")
    if not reference.strip():
        raise OperationError(_l("Please give the payment reference."), field="reference")
    fund = _lock(application.fund)
    result = db.session.execute(
        update(Application)
        .where(
            Application.id == application.id,
            Application.status.in_(
                [Status.APPROVED, Status.PARTIALLY_APPROVED, Status.PROOF_SUBMITTED]
            ),
            Application.paid_cents + amount <= Application.approved_cents,
        )
        .values(paid_cents=Application.paid_cents + amount, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(application)
    if result.rowcount != 1:
        if application.outstanding_cents <= 0:
            raise OperationError(_paid_in_full(), field="amount")
        raise OperationError(
            _l(
                "Only %(outstanding)s of the approved amount are still to be paid.",
                outstanding=_Amount(application.outstanding_cents),
            ),
            field="amount",
        )
    db.session.execute(
        update(Fund)
        .where(Fund.id == fund.id)
        .values(paid_cents=Fund.paid_cents + amount)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(fund)
    payment = Payment(
        application_id=application.id,
        amount_cents=amount,
        paid_on=paid_on,
        reference=reference,
        recorded_by_id=actor.id,
    )
    db.session.add(payment)
    db.session.flush()
    _entry(application, "payment", actor, application.status, amount_cents=amount, reason=reference)
    audit.record(
        actor, "fund.payment", "application", application.id, amount=amount, reference=reference
    )
    _tell_team(
        application,
        actor,
        _l("Payment for “%(title)s”", title=application.title),
        _l(
            "%(amount)s have been paid for “%(title)s” (reference %(reference)s). Paid so far: "
            "%(paid)s of %(approved)s.",
            amount=_Amount(amount),
            title=application.title,
            reference=reference,
            paid=_Amount(application.paid_cents),
            approved=_Amount(application.approved_cents),
        ),
    )
    return payment


# --- proof of use -------------------------------------------------------------------------

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(head: bytes) -> str | None:
    """The content type a file really has, from its first bytes; None for anything else (an
    executable named ``.pdf`` stays an executable)."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def receipt_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "receipts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def add_receipt(
    actor: User, application: Application, stream: IO[bytes], filename: str, description: str
) -> Receipt:
    _require(perm.can_upload_receipt(actor, application))
    data = stream.read(RECEIPT_MAX_BYTES + 1)
    if not data:
        raise OperationError(_l("Please choose a file."), field="file")
    if len(data) > RECEIPT_MAX_BYTES:
        raise OperationError(_l("A file may be at most 10 MB."), field="file")
    content_type = sniff(data[:16])
    if content_type is None:
        raise OperationError(
            _l("Only PDF, JPEG and PNG files are accepted; this file is none of them."),
            field="file",
        )
    stored = f"{secrets.token_hex(16)}.{RECEIPT_TYPES[content_type]}"
    (receipt_dir() / stored).write_bytes(data)
    name = Path(filename or "").name.replace("\x00", "")[:200] or stored
    receipt = Receipt(
        application_id=application.id,
        stored_name=stored,
        original_name=name,
        content_type=content_type,
        size=len(data),
        description=description,
        uploaded_by_id=actor.id,
    )
    db.session.add(receipt)
    db.session.flush()
    audit.record(actor, "fund.receipt.add", "application", application.id, receipt=receipt.id)
    return receipt


def remove_receipt(actor: User, receipt: Receipt) -> None:
    application = receipt.application
    _require(perm.can_upload_receipt(actor, application))
    path = receipt_dir() / receipt.stored_name
    db.session.delete(receipt)
    db.session.flush()
    path.unlink(missing_ok=True)
    audit.record(actor, "fund.receipt.remove", "application", application.id)


def submit_proof(
    actor: User, application: Application, report: str, spent_cents: int | None
) -> None:
    _require(perm.can_submit_proof(actor, application))
    if not report.strip():
        raise OperationError(_l("Please write the report."), field="report")
    spent = _check_amount(spent_cents, "spent", allow_zero=True)
    if spent > application.approved_cents:
        raise OperationError(
            _l(
                "The fund pays at most the %(approved)s approved; costs beyond it are not part "
                "of this proof.",
                approved=_Amount(application.approved_cents),
            ),
            field="spent",
        )
    count = db.session.scalar(
        select(func.count()).select_from(Receipt).where(Receipt.application_id == application.id)
    )
    if not count:
        raise OperationError(_l("Please upload the receipts first."), field="report")
    before = application.status
    _move(
        application,
        before,
        Status.PROOF_SUBMITTED,
        report_markdown=report,
        report_html=render_markdown(report),
        spent_cents=spent,
        proof_submitted_at=utcnow(),
    )
    _entry(application, "submit_proof", actor, before, amount_cents=spent)
    audit.record(actor, "fund.proof.submit", "application", application.id, spent=spent)
    _tell_officers(
        application,
        actor,
        _l("Proof of use: %(title)s", title=application.title),
        _l(
            "The team of “%(project)s” has submitted its proof of use: %(spent)s spent.",
            project=application.project.title,
            spent=_Amount(spent),
        ),
    )


def ask_for_more(actor: User, application: Application, message: str) -> None:
    _require(perm.can_judge_proof(actor, application))
    if not message.strip():
        raise OperationError(_l("Please tell the team what is missing."), field="message")
    after = (
        Status.APPROVED
        if application.approved_cents >= application.requested_cents
        else Status.PARTIALLY_APPROVED
    )
    _move(application, Status.PROOF_SUBMITTED, after, proof_message=message)
    _entry(application, "ask_for_more", actor, Status.PROOF_SUBMITTED, reason=message)
    audit.record(actor, "fund.proof.ask_for_more", "application", application.id)
    _tell_team(
        application,
        actor,
        _l("Your proof of use needs more"),
        _l(
            "The fund management has looked at the proof of use of “%(title)s” and needs more. "
            "Please complete it and submit it again:",
            title=application.title,
        ),
        quote=message,
    )


def close_application(actor: User, application: Application, note: str = "") -> None:
    """Accept the proof of use and close the application. What was not spent goes back to the
    fund: the commitment falls to the amount spent, and money paid beyond it is reclaimed."""
    _require(perm.can_judge_proof(actor, application))
    spent = application.spent_cents or 0
    if application.paid_cents < spent:
        raise OperationError(
            _l(
                "The team has spent %(spent)s but received %(paid)s; please record the "
                "remaining payment first.",
                spent=_Amount(spent),
                paid=_Amount(application.paid_cents),
            )
        )
    fund = _lock(application.fund)
    released = application.approved_cents - spent
    reclaimed = application.paid_cents - spent
    _move(
        application,
        Status.PROOF_SUBMITTED,
        Status.CLOSED,
        reclaimed_cents=reclaimed,
        closed_at=utcnow(),
    )
    db.session.execute(
        update(Fund)
        .where(Fund.id == fund.id)
        .values(
            committed_cents=Fund.committed_cents - released,
            paid_cents=Fund.paid_cents - reclaimed,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(fund)
    _entry(application, "close", actor, Status.PROOF_SUBMITTED, reason=note, amount_cents=reclaimed)
    audit.record(
        actor,
        "fund.application.close",
        "application",
        application.id,
        spent=spent,
        released=released,
        reclaimed=reclaimed,
    )
    summary = (
        _l(
            "The proof of use of “%(title)s” is accepted and the application closed. "
            "%(reclaimed)s were paid but not spent; please transfer them back to the city.",
            title=application.title,
            reclaimed=_Amount(reclaimed),
        )
        if reclaimed
        else _l(
            "The proof of use of “%(title)s” is accepted and the application closed.",
            title=application.title,
        )
    )
    _tell_team(
        application,
        actor,
        _l("Application closed: %(title)s", title=application.title),
        summary,
        quote=note,
    )
