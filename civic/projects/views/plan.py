"""Phase requests, pause/resume/withdraw, the versioned implementation plan, milestones and the
final report."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.core.forms import choices
from civic.db import db
from civic.projects import operations as ops
from civic.projects import permissions as perm
from civic.projects import queries
from civic.projects.forms import (
    FinalReportForm,
    MilestoneDoneForm,
    PhaseRequestForm,
    PlanForm,
    ReasonForm,
    cents_to_euros,
    euros_to_cents,
)
from civic.projects.models import Milestone, Project
from civic.projects.plandiff import diff_plans
from civic.projects.views import bp, button_action, guard, project_or_404
from civic.projects.workflow import STEP_LABELS, ProjectState, gate_checklist, next_step


@bp.app_template_filter("isodate")
def isodate(value: str | None) -> date | None:
    """A date kept as text in a plan version ("2027-03-01"), for the ``date`` filter."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- phase requests ----------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/phase", methods=["GET", "POST"])
def phase_request(project_id: int) -> Any:
    project = project_or_404(project_id)
    may_request = perm.can_request_phase_change(current_user, project)
    step = next_step(project)
    pending = ops.pending_phase_request(project)
    form = PhaseRequestForm()
    if step is not None:
        form.step.choices = choices([(step.value, STEP_LABELS[step])])
        if request.method == "GET":
            form.step.data = step.value
    if request.method == "POST":
        guard(may_request)
        if form.validate_on_submit():
            try:
                ops.request_phase_change(
                    current_user, project, form.step.data, form.message.data or ""
                )
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(
                    _l(
                        "Your request is sent. The coordination office will answer it and "
                        "tell the team by e-mail."
                    ),
                    "success",
                )
                return redirect(url_for("projects.phase_request", project_id=project.id))
    checklist = gate_checklist(project, ops.current_plan(project))
    return render_template(
        "projects/phase_request.html",
        project=project,
        checklist=checklist,
        gate_met=all(c.met for c in checklist),
        step=step,
        pending=pending,
        form=form,
        show_form=may_request and step is not None and pending is None,
        cancel_form=ConfirmForm()
        if pending and perm.is_team_member(current_user, project)
        else None,
    )


@bp.route("/projects/<int:project_id>/phase/withdraw", methods=["POST"])
def cancel_phase_request(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.is_team_member(current_user, project))
    pending = ops.pending_phase_request(project)
    if pending is None:
        flash(_l("There is no request waiting for an answer."), "info")
    else:
        button_action(
            lambda: ops.cancel_phase_request(current_user, pending),
            _l("Your request is withdrawn."),
        )
    return redirect(url_for("projects.phase_request", project_id=project.id))


# --- pause, resume, withdraw -------------------------------------------------------------------

STATE_ACTIONS: dict[str, dict[str, Any]] = {
    "pause": {
        "target": ProjectState.PAUSED,
        "allowed": perm.can_pause,
        "title": _l("Pause the project"),
        "question": _l(
            "While the project is paused, nobody can support it or join the team, and the team "
            "cannot ask for the next step. You can resume it at any time."
        ),
        "hint": _l("Optional. The reason appears in the project's public timeline."),
        "button": _l("Pause the project"),
        "done": _l("The project is paused."),
        "danger": False,
    },
    "resume": {
        "target": ProjectState.ACTIVE,
        "allowed": perm.can_resume,
        "title": _l("Resume the project"),
        "question": _l("The project becomes active again: people can support it and join."),
        "hint": _l("Optional. The reason appears in the project's public timeline."),
        "button": _l("Resume the project"),
        "done": _l("The project is active again."),
        "danger": False,
    },
    "withdraw": {
        "target": ProjectState.WITHDRAWN,
        "allowed": perm.can_withdraw,
        "title": _l("Withdraw the project"),
        "question": _l(
            "A withdrawn project stays readable but ends for good: it cannot be resumed."
        ),
        "hint": _l("Required. The reason appears in the project's public timeline."),
        "button": _l("Withdraw the project"),
        "done": _l("The project is withdrawn."),
        "danger": True,
    },
}


@bp.route(
    "/projects/<int:project_id>/state/<any(pause, resume, withdraw):action>",
    methods=["GET", "POST"],
)
def state_change(project_id: int, action: str) -> Any:
    project = project_or_404(project_id)
    spec = STATE_ACTIONS[action]
    guard(spec["allowed"](current_user, project))
    form = ReasonForm()
    form.reason.description = spec["hint"]
    if form.validate_on_submit():
        try:
            ops.change_state(current_user, project, spec["target"], form.reason.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(spec["done"], "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    return render_template(
        "projects/confirm.html",
        project=project,
        form=form,
        title=spec["title"],
        question=spec["question"],
        button=spec["button"],
        danger=spec["danger"],
    )


# --- the implementation plan -------------------------------------------------------------------


def _milestone_or_404(project: Project, milestone_id: int) -> Milestone:
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or milestone.project_id != project.id:
        abort(404)
    return milestone


def _render_plan(project: Project, done_forms: dict[int, MilestoneDoneForm] | None = None) -> Any:
    milestones = queries.milestones(project)
    forms = done_forms or {}
    for milestone in milestones:
        form = forms.setdefault(milestone.id, MilestoneDoneForm(formdata=None))
        # One form per milestone on the page: each note field needs its own id.
        form.note.id = form.note.label.field_id = f"milestone-{milestone.id}-note"
    return render_template(
        "projects/plan.html",
        project=project,
        plan=ops.current_plan(project),
        versions=queries.plan_versions(project),
        milestones=milestones,
        done_forms=forms,
        reopen_form=ConfirmForm(),
    )


@bp.route("/projects/<int:project_id>/plan")
def plan(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_view_plan(current_user, project))
    return _render_plan(project)


@bp.route("/projects/<int:project_id>/plan/edit", methods=["GET", "POST"])
def edit_plan(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_edit_plan(current_user, project))
    current = ops.current_plan(project)
    form = PlanForm()
    if request.method == "GET":
        form.fill(current)
    elif form.more_rows.data:
        # Without JavaScript, more rows come from the server; nothing is saved yet.
        form.add_empty_rows()
    elif form.validate_on_submit():
        try:
            version = ops.save_plan(
                current_user, project, note=form.note.data or "", **form.content()
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The plan is saved as version %(n)d.", n=version.number), "success")
            return redirect(url_for("projects.plan", project_id=project.id))
    return render_template("projects/plan_form.html", project=project, form=form, current=current)


@bp.route("/projects/<int:project_id>/plan/versions/<int:number>")
def plan_version(project_id: int, number: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_view_plan(current_user, project))
    version = queries.plan_version(project, number)
    if version is None:
        abort(404)
    current = ops.current_plan(project)
    assert current is not None
    if version.number == current.number:
        # The current version is compared with the one before it.
        base = queries.plan_version(project, number - 1)
        old, new = base, version
    else:
        base = current
        old, new = version, current
    return render_template(
        "projects/plan_version.html",
        project=project,
        version=version,
        current=current,
        base=base,
        changes=diff_plans(old, new) if old is not None and new is not None else None,
    )


# --- milestones --------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/done", methods=["POST"])
def milestone_done(project_id: int, milestone_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_track_milestones(current_user, project))
    milestone = _milestone_or_404(project, milestone_id)
    form = MilestoneDoneForm()
    if form.validate_on_submit():
        try:
            ops.mark_milestone_done(current_user, milestone, form.note.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("“%(title)s” is marked as done.", title=milestone.title), "success")
            return redirect(url_for("projects.plan", project_id=project.id) + "#milestones")
    return _render_plan(project, {milestone.id: form})


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/reopen", methods=["POST"])
def reopen_milestone(project_id: int, milestone_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_track_milestones(current_user, project))
    milestone = _milestone_or_404(project, milestone_id)
    button_action(
        lambda: ops.reopen_milestone(current_user, milestone),
        _l("“%(title)s” is open again.", title=milestone.title),
    )
    return redirect(url_for("projects.plan", project_id=project.id) + "#milestones")


# --- the final report --------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/report", methods=["GET", "POST"])
def final_report(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_write_final_report(current_user, project))
    form = FinalReportForm()
    if request.method == "GET":
        form.report.data = project.final_report_markdown
        form.cost.data = cents_to_euros(project.final_cost_cents)
    if form.validate_on_submit():
        try:
            ops.save_final_report(
                current_user, project, form.report.data, euros_to_cents(form.cost.data)
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l(
                    "The final report is saved. Next step: ask the coordination office to "
                    "complete the project."
                ),
                "success",
            )
            return redirect(url_for("projects.phase_request", project_id=project.id))
    return render_template("projects/final_report.html", project=project, form=form)
