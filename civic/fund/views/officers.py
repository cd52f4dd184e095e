"""The fund officers' pages: the queue, the formal check, reviews, decisions and their
confirmation (four-eyes principle), payments, and judging the proof of use.

Each step has its own page. An officer who opens a step the application is no longer in is
sent back to the application page; anyone else who may not take the step gets 403. Operations
that move money run through ``run_money_operation``."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.dates import local_today
from civic.core.errors import OperationError, PermissionDenied
from civic.core.pagination import page_number
from civic.db import db
from civic.fund import operations as ops
from civic.fund import permissions as fperm
from civic.fund import queries
from civic.fund.forms import (
    CheckForm,
    ConfirmDecisionForm,
    DecisionForm,
    PaymentForm,
    ProofJudgementForm,
    cents,
    review_form,
    review_scores,
)
from civic.fund.models import Application, Fund
from civic.fund.views import application_or_404, bp, run_money_operation
from civic.fund.workflow import CHECKLIST, FUNDED, Status
from civic.projects.views import button_action, guard


@bp.record_once
def _reviews_for_templates(state: Any) -> None:
    """The application page includes ``fund/_officer_sidebar.html``, which loads the internal
    reviews itself (only for those who may read them) and shows the formal checklist."""
    state.app.jinja_env.globals.update(fund_reviews=queries.reviews, fund_checklist=CHECKLIST)


def _application_page(application: Application) -> Any:
    return redirect(url_for("fund.application", application_id=application.id))


def _step(
    application_id: int,
    allowed: Callable[[Any, Application], bool],
    states: Collection[Status],
) -> Application:
    """The application for an officer's step: 401 for visitors, 404 for those who may not see
    it, back to the application page for an officer when it is no longer in ``states``, 403
    for anyone else who may not take the step."""
    guard(current_user.is_authenticated)
    application = application_or_404(application_id)
    if not allowed(current_user, application):
        if fperm.is_officer(current_user) and application.status not in states:
            flash(_l("This step is not possible in the application's current state."), "info")
            abort(_application_page(application))
        guard(False)
    return application


def _refused(form: Any, error: OperationError) -> None:
    """An operation refused: undo what it may have written and show why next to the field."""
    if isinstance(error, PermissionDenied):
        raise error
    db.session.rollback()
    form_error(form, error)


# --- the queue ---------------------------------------------------------------------------------


def _status_counts(fund: Fund | None) -> dict[Status, int]:
    """How many applications are in each state of the queue (for the filter)."""
    stmt = (
        select(Application.status, func.count())
        .where(Application.status.in_(queries.QUEUE_STATES))
        .group_by(Application.status)
    )
    if fund is not None:
        stmt = stmt.where(Application.fund_id == fund.id)
    found = {status: count for status, count in db.session.execute(stmt)}
    return {status: found.get(status, 0) for status in queries.QUEUE_STATES}


@bp.route("/fund/queue")
def queue() -> Any:
    guard(current_user.is_authenticated)
    guard(fperm.can_work_queue(current_user))
    funds = queries.funds()
    year = request.args.get("year", "")
    fund = next((f for f in funds if str(f.year) == year), None)
    raw_status = request.args.get("status", "")
    status = next((s for s in queries.QUEUE_STATES if s.value == raw_status), None)
    page = queries.queue(fund, status, page_number())
    return render_template(
        "fund/officer_queue.html",
        page=page,
        funds=funds,
        fund=fund,
        status=status,
        counts=_status_counts(fund),
        states=queries.QUEUE_STATES,
    )


# --- the formal check ---------------------------------------------------------------------------

CHECK_STATES = (Status.SUBMITTED, Status.FORMAL_CHECK)


@bp.route("/fund/applications/<int:application_id>/check", methods=["GET", "POST"])
def check(application_id: int) -> Any:
    application = _step(application_id, fperm.can_check, CHECK_STATES)
    form = CheckForm()
    if request.method == "GET":
        form.checklist.data = [key for key, met in (application.checklist or {}).items() if met]
    if form.validate_on_submit():
        ticked = form.ticked()
        message = form.message.data or ""
        sending_back = bool(form.send_back.data)
        try:
            if sending_back:
                ops.send_back(current_user, application, ticked, message)
            else:
                ops.pass_check(current_user, application, ticked)
        except OperationError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(
                _l("The application is sent back to the team, who have been told by e-mail.")
                if sending_back
                else _l("The formal check is complete; the application is now in review."),
                "success",
            )
            return _application_page(application)
    return render_template(
        "fund/officer_check.html",
        application=application,
        form=form,
        checklist=CHECKLIST,
        start_form=ConfirmForm() if application.status is Status.SUBMITTED else None,
    )


@bp.route("/fund/applications/<int:application_id>/check/start", methods=["POST"])
def start_check(application_id: int) -> Any:
    """An officer takes the application on: the others see that its check has begun."""
    application = _step(application_id, fperm.can_check, CHECK_STATES)
    button_action(
        lambda: ops.start_check(current_user, application),
        _l("The formal check has begun."),
    )
    return redirect(url_for("fund.check", application_id=application.id))


# --- reviews -----------------------------------------------------------------------------------


@bp.route("/fund/applications/<int:application_id>/review", methods=["GET", "POST"])
def review(application_id: int) -> Any:
    application = _step(application_id, fperm.can_review, (Status.IN_REVIEW,))
    reviews = queries.reviews(application)
    own = next((r for r in reviews if r.officer_id == current_user.id), None)
    criteria = application.fund.criteria_list
    form = review_form(criteria, request.form if request.method == "POST" else None, own)
    if form.validate_on_submit():
        try:
            ops.save_review(
                current_user, application, form.assessment.data or "", review_scores(form)
            )
        except OperationError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_l("Your review is saved."), "success")
            return _application_page(application)
    return render_template(
        "fund/officer_review.html",
        application=application,
        form=form,
        score_fields=[getattr(form, f"score_{index}") for index in range(len(criteria))],
        own=own,
        others=[r for r in reviews if r.officer_id != current_user.id],
    )


# --- the decision and its confirmation --------------------------------------------------------


@bp.route("/fund/applications/<int:application_id>/decide", methods=["GET", "POST"])
def decide(application_id: int) -> Any:
    application = _step(application_id, fperm.can_decide, (Status.IN_REVIEW,))
    form = DecisionForm()
    if form.validate_on_submit():
        outcome = form.outcome.data
        amount = cents(form.amount)
        reason = form.reason.data or ""
        conditions = form.conditions.data or ""
        if run_money_operation(
            lambda: ops.decide(current_user, application, outcome, amount, reason, conditions),
            form,
        ):
            flash(
                _l(
                    "Your decision waits for the confirmation of a second fund officer; the "
                    "other officers have been told by e-mail."
                )
                if application.status is Status.AWAITING_CONFIRMATION
                else _l("The decision is in force. The team has been told by e-mail."),
                "success",
            )
            return _application_page(application)
    return render_template(
        "fund/officer_decide.html",
        application=application,
        fund=application.fund,
        form=form,
        reviews=queries.reviews(application),
    )


@bp.route("/fund/applications/<int:application_id>/confirm", methods=["GET", "POST"])
def confirm_decision(application_id: int) -> Any:
    application = _step(application_id, fperm.can_confirm, (Status.AWAITING_CONFIRMATION,))
    form = ConfirmDecisionForm()
    if form.validate_on_submit():
        accept = form.confirm.data == "yes"
        note = form.note.data or ""
        if run_money_operation(lambda: ops.confirm(current_user, application, accept, note), form):
            flash(
                _l("The decision is confirmed and in force. The team has been told by e-mail.")
                if accept
                else _l("You have not confirmed the decision; the application is back in review."),
                "success",
            )
            return _application_page(application)
    return render_template(
        "fund/officer_confirm.html",
        application=application,
        fund=application.fund,
        form=form,
        reviews=queries.reviews(application),
    )


# --- payments ----------------------------------------------------------------------------------

PAYMENT_STATES = (*FUNDED, Status.CLOSED)


def _may_see_payments(user: Any, application: Application) -> bool:
    return fperm.can_work_queue(user) and application.status in PAYMENT_STATES


@bp.route("/fund/applications/<int:application_id>/payments", methods=["GET", "POST"])
def payments(application_id: int) -> Any:
    application = _step(application_id, _may_see_payments, PAYMENT_STATES)
    may_pay = fperm.can_record_payment(current_user, application)
    form = PaymentForm()
    if request.method == "GET":
        form.paid_on.data = local_today()
    if request.method == "POST":
        # Not ``may_pay``: an officer whose tranche comes just after another one that paid the
        # rest gets the operation's clear refusal, not a bare "not allowed".
        guard(fperm.is_officer(current_user))
        if form.validate_on_submit():
            amount = cents(form.amount)
            paid_on = form.paid_on.data
            reference = form.reference.data or ""
            if run_money_operation(
                lambda: ops.record_payment(current_user, application, amount, paid_on, reference),
                form,
            ):
                flash(_l("The payment is recorded. The team has been told by e-mail."), "success")
                return redirect(url_for("fund.payments", application_id=application.id))
    return render_template(
        "fund/officer_payments.html",
        application=application,
        form=form if may_pay or request.method == "POST" else None,
    )


# --- the proof of use --------------------------------------------------------------------------


@bp.route("/fund/applications/<int:application_id>/judge", methods=["GET", "POST"])
def judge_proof(application_id: int) -> Any:
    application = _step(application_id, fperm.can_judge_proof, (Status.PROOF_SUBMITTED,))
    form = ProofJudgementForm()
    if form.validate_on_submit():
        message = form.message.data or ""
        if form.ask_for_more.data:
            try:
                ops.ask_for_more(current_user, application, message)
            except OperationError as error:
                _refused(form, error)
            else:
                db.session.commit()
                flash(
                    _l("The team is asked to complete the proof of use and told by e-mail."),
                    "success",
                )
                return _application_page(application)
        elif run_money_operation(
            lambda: ops.close_application(current_user, application, message), form
        ):
            flash(_l("The application is closed. The team has been told by e-mail."), "success")
            return _application_page(application)
    spent = application.spent_cents or 0
    return render_template(
        "fund/officer_judge.html",
        application=application,
        form=form,
        spent=spent,
        released=application.approved_cents - spent,
        reclaimed=max(application.paid_cents - spent, 0),
        unpaid=max(spent - application.paid_cents, 0),
    )
