"""The team's side of the fund: the project's applications and the open call, applying,
the application page, editing and submitting, withdrawing, the proof of use with its
receipts, and the printable approval notice."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date, lazy_pgettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from civic.accounts.views import form_error
from civic.core.dates import local_today
from civic.core.errors import OperationError, render_error
from civic.core.site import get_settings
from civic.db import db
from civic.fund import operations as ops
from civic.fund import permissions as perm
from civic.fund import queries
from civic.fund.forms import ApplicationForm, ProofForm, ReasonForm, ReceiptForm, cents
from civic.fund.models import Application, Fund
from civic.fund.views import application_or_404, bp
from civic.fund.workflow import STATUS_LABELS, Status
from civic.projects.forms import cents_to_euros
from civic.projects.models import Project
from civic.projects.operations import current_plan
from civic.projects.permissions import is_team_member
from civic.projects.views import button_action, guard, project_or_404
from civic.projects.workflow import PHASE_LABELS, STATE_LABELS, ProjectState

# The steps of an application's history, as its page names them.
STEP_LABELS = {
    "create": _l("Draft created"),
    "submit": _l("Submitted"),
    "start_check": _l("Formal check started"),
    "send_back": _l("Returned for more information"),
    "pass_check": _l("Formal check passed"),
    "propose": _l("Decision proposed"),
    "decide": _l("Decision"),
    "confirm": _l("Decision confirmed"),
    "refuse_confirmation": _l("Decision not confirmed"),
    "payment": _l("Payment"),
    "submit_proof": _l("Proof of use submitted"),
    "ask_for_more": _l("More needed for the proof of use"),
    "close": lazy_pgettext("application", "Closed"),
    "withdraw": lazy_pgettext("application", "Withdrawn"),
}


def _status_label(value: str) -> Any:
    """The label of a status kept as text in the history ("" before the first one)."""
    try:
        return STATUS_LABELS[Status(value)]
    except ValueError:
        return value


# --- the project's applications ----------------------------------------------------------------


def _why_not(project: Project, fund: Fund | None, existing: Application | None) -> Any:
    """Why the team cannot apply now, in one sentence (None when it can)."""
    if project.state is not ProjectState.ACTIVE:
        return _l(
            "Only active projects can apply for money; this project is “%(state)s”.",
            state=STATE_LABELS[project.state],
        )
    if not perm.project_may_apply(project):
        return _l(
            "Projects apply for money from the fund once they are in development or "
            "implementation; this project is in the phase “%(phase)s”.",
            phase=PHASE_LABELS[project.phase],
        )
    if fund is None or not perm.call_is_open(fund, local_today()):
        if fund is not None and fund.call_opens_on > local_today():
            return _l(
                "The call of the fund %(year)s opens on %(date)s.",
                year=fund.year,
                date=format_date(fund.call_opens_on),
            )
        if fund is not None:
            return _l(
                "The call of the fund %(year)s closed on %(date)s; applications are not "
                "possible now.",
                year=fund.year,
                date=format_date(fund.call_closes_on),
            )
        return _l("There is no open call of the fund at the moment.")
    if existing is not None:
        return _l("The project has applied to the fund %(year)s already.", year=fund.year)
    return None


def _team_project(project_id: int) -> Project:
    project = project_or_404(project_id)
    guard(is_team_member(current_user, project))
    return project


@bp.route("/projects/<int:project_id>/fund")
def project_applications(project_id: int) -> Any:
    project = _team_project(project_id)
    open_fund = queries.fund_open_for(project)
    fund = open_fund or queries.current_fund()
    existing = ops.open_application(project, open_fund) if open_fund else None
    refusal = _why_not(project, open_fund or fund, existing)
    return render_template(
        "fund/team_applications.html",
        project=project,
        applications=queries.project_applications(project),
        fund=fund,
        may_apply=refusal is None
        and open_fund is not None
        and perm.can_apply(current_user, project, open_fund, local_today()),
        refusal=refusal,
        existing=existing,
    )


# --- applying and editing ----------------------------------------------------------------------


def _contact_choices(form: ApplicationForm, project: Project) -> None:
    form.contact.choices = [(m.user_id, m.user.display_name) for m in project.memberships]


def _fill_from_plan(form: ApplicationForm, project: Project) -> None:
    plan = current_plan(project)
    form.fill(plan)
    if plan is not None and plan.requested_cents > 0:
        # What the plan leaves to be financed; the team can change it.
        form.requested.data = cents_to_euros(plan.requested_cents)
    form.contact.data = current_user.id


def _fill_from_application(form: ApplicationForm, application: Application) -> None:
    form.fill(application)
    form.title.data = application.title
    form.requested.data = cents_to_euros(application.requested_cents)
    form.justification.data = application.justification
    form.contact.data = application.contact_id


def _submitted_message() -> Any:
    return _l(
        "Your application is submitted. The fund management checks it and tells you by e-mail."
    )


@bp.route("/projects/<int:project_id>/fund/apply", methods=["GET", "POST"])
def apply(project_id: int) -> Any:
    project = _team_project(project_id)
    fund = queries.fund_open_for(project)
    refusal = _why_not(
        project,
        fund or queries.current_fund(),
        ops.open_application(project, fund) if fund else None,
    )
    if refusal is not None and request.method == "GET":
        flash(refusal, "error")
        return redirect(url_for("fund.project_applications", project_id=project.id))
    form = ApplicationForm()
    _contact_choices(form, project)
    if request.method == "GET":
        _fill_from_plan(form, project)
    elif form.more_rows.data:
        # Without JavaScript, more rows come from the server; nothing is saved yet.
        form.add_empty_rows()
    elif refusal is not None or fund is None:
        # The call closed (or the project changed) while the team was writing.
        form.form_errors.append(refusal or _l("There is no open call of the fund at the moment."))
    elif form.validate_on_submit():
        try:
            with db.session.begin_nested():
                application = ops.start_application(current_user, project, fund, **form.content())
                if form.submit.data:
                    ops.submit_application(current_user, application)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _submitted_message()
                if form.submit.data
                else _l("Your draft is saved. Submit it when it is complete."),
                "success",
            )
            return redirect(url_for("fund.application", application_id=application.id))
    return render_template(
        "fund/team_form.html", project=project, fund=fund, form=form, application=None
    )


@bp.route("/fund/applications/<int:application_id>/edit", methods=["GET", "POST"])
def edit_application(application_id: int) -> Any:
    application = application_or_404(application_id)
    guard(perm.can_edit_application(current_user, application))
    project = application.project
    form = ApplicationForm()
    _contact_choices(form, project)
    if request.method == "GET":
        _fill_from_application(form, application)
    elif form.more_rows.data:
        form.add_empty_rows()
    elif form.validate_on_submit():
        try:
            with db.session.begin_nested():
                ops.update_application(current_user, application, **form.content())
                if form.submit.data:
                    ops.submit_application(current_user, application)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _submitted_message() if form.submit.data else _l("Your changes are saved."),
                "success",
            )
            return redirect(url_for("fund.application", application_id=application.id))
    return render_template(
        "fund/team_form.html",
        project=project,
        fund=application.fund,
        form=form,
        application=application,
    )


def decision_status(application: Application) -> Status:
    """What was decided, also once the proof of use is submitted or the application closed."""
    if application.status in (Status.APPROVED, Status.PARTIALLY_APPROVED, Status.REJECTED):
        return application.status
    if not application.approved_cents:
        return Status.REJECTED
    if application.approved_cents >= application.requested_cents:
        return Status.APPROVED
    return Status.PARTIALLY_APPROVED


# --- the application page ----------------------------------------------------------------------


@bp.route("/fund/applications/<int:application_id>")
def application(application_id: int) -> Any:
    application = application_or_404(application_id)
    return render_template(
        "fund/application.html",
        application=application,
        project=application.project,
        fund=application.fund,
        history=queries.history(application),
        step_labels=STEP_LABELS,
        history_status=_status_label,
        decision_status=decision_status(application),
        today=local_today(),
    )


@bp.route("/fund/applications/<int:application_id>/submit", methods=["POST"])
def submit_application(application_id: int) -> Any:
    application = application_or_404(application_id)
    guard(perm.can_edit_application(current_user, application))
    button_action(lambda: ops.submit_application(current_user, application), _submitted_message())
    return redirect(url_for("fund.application", application_id=application.id))


@bp.route("/fund/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
def withdraw_application(application_id: int) -> Any:
    application = application_or_404(application_id)
    guard(perm.can_withdraw_application(current_user, application))
    form = ReasonForm()
    form.reason.description = _l("Optional. The fund management reads it.")
    if form.validate_on_submit():
        try:
            ops.withdraw_application(current_user, application, form.reason.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Your application is withdrawn."), "success")
            return redirect(url_for("fund.application", application_id=application.id))
    return render_template(
        "projects/confirm.html",
        project=application.project,
        form=form,
        title=_l("Withdraw the application “%(title)s”", title=application.title),
        question=_l(
            "A withdrawn application cannot be taken up again; the project could apply anew "
            "while the call is open."
        ),
        button=_l("Withdraw application"),
        danger=True,
        back=url_for("fund.application", application_id=application.id),
    )


# --- the proof of use --------------------------------------------------------------------------


def _render_proof(
    application: Application, receipt_form: ReceiptForm, proof_form: ProofForm
) -> Any:
    return render_template(
        "fund/team_proof.html",
        application=application,
        project=application.project,
        fund=application.fund,
        receipt_form=receipt_form,
        proof_form=proof_form,
    )


@bp.route("/fund/applications/<int:application_id>/proof", methods=["GET", "POST"])
def proof(application_id: int) -> Any:
    application = application_or_404(application_id)
    guard(perm.can_submit_proof(current_user, application))
    back = url_for("fund.proof", application_id=application.id)
    # Two forms on one page: the report form is the one with a report field.
    if request.method == "POST" and "report" in request.form:
        receipt_form = ReceiptForm(formdata=None)
        proof_form = ProofForm()
        if proof_form.validate_on_submit():
            try:
                ops.submit_proof(
                    current_user,
                    application,
                    proof_form.report.data,
                    cents(proof_form.spent),
                )
            except OperationError as error:
                form_error(proof_form, error)
            else:
                db.session.commit()
                flash(
                    _l(
                        "Your proof of use is submitted. The fund management checks it and "
                        "tells you by e-mail."
                    ),
                    "success",
                )
                return redirect(url_for("fund.application", application_id=application.id))
        return _render_proof(application, receipt_form, proof_form)

    receipt_form = ReceiptForm()
    proof_form = ProofForm(formdata=None)
    if request.method == "GET":
        proof_form.report.data = application.report_markdown
        proof_form.spent.data = cents_to_euros(application.spent_cents)
    elif receipt_form.validate_on_submit():
        upload = receipt_form.file.data
        try:
            ops.add_receipt(
                current_user,
                application,
                upload.stream if upload else BytesIO(),
                upload.filename if upload else "",
                receipt_form.description.data or "",
            )
        except OperationError as error:
            form_error(receipt_form, error)
        else:
            db.session.commit()
            flash(_l("The file is uploaded."), "success")
            return redirect(back)
    return _render_proof(application, receipt_form, proof_form)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> Any:
    """A file beyond the upload limit on the proof page: say so there, not on an error page."""
    if request.endpoint == "fund.proof" and request.view_args:
        flash(_l("This file is too large: a file may be at most 10 MB."), "error")
        return redirect(url_for("fund.proof", **request.view_args), code=303)
    return render_error(413)


@bp.route("/fund/receipts/<int:receipt_id>/remove", methods=["POST"])
def remove_receipt(receipt_id: int) -> Any:
    receipt = queries.receipt(receipt_id)
    if receipt is None or not perm.can_view_receipts(current_user, receipt.application):
        abort(404)
    application = receipt.application
    guard(perm.can_upload_receipt(current_user, application))
    name = receipt.original_name
    button_action(
        lambda: ops.remove_receipt(current_user, receipt),
        _l("“%(name)s” is removed.", name=name),
    )
    return redirect(url_for("fund.proof", application_id=application.id))


@bp.route("/fund/receipts/<int:receipt_id>")
def receipt(receipt_id: int) -> Any:
    """A receipt, only for those who may see it; for everyone else it does not exist."""
    found = queries.receipt(receipt_id)
    if found is None or not perm.can_view_receipts(current_user, found.application):
        abort(404)
    path = ops.receipt_dir() / found.stored_name
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=found.content_type,
        as_attachment=True,
        download_name=found.original_name,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- the approval notice -----------------------------------------------------------------------


@bp.route("/fund/applications/<int:application_id>/notice")
def notice(application_id: int) -> Any:
    application = application_or_404(application_id)
    guard(perm.can_view_notice(current_user, application))
    return render_template(
        "fund/team_notice.html",
        application=application,
        project=application.project,
        fund=application.fund,
        settings=get_settings(),
        decision_status=decision_status(application),
    )
