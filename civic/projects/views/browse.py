"""The project list, the project page, proposing and editing, supporting, the timeline."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.core.forms import choices
from civic.core.models import District, Topic
from civic.core.pagination import page_number
from civic.db import db
from civic.extensions import limiter
from civic.projects import operations as ops
from civic.projects import permissions as perm
from civic.projects import queries
from civic.projects.forms import ProjectForm
from civic.projects.views import bp, guard, project_or_404
from civic.projects.workflow import gate_checklist, next_step


def taxonomy_choices() -> tuple[list[District], list[Topic]]:
    districts = list(db.session.scalars(select(District).order_by(District.name)))
    topics = list(db.session.scalars(select(Topic).order_by(Topic.name_de)))
    return districts, topics


def filter_context() -> dict[str, Any]:
    """What the filter forms of the list and the board offer."""
    districts, topics = taxonomy_choices()
    locale = str(get_locale())
    topics.sort(key=lambda t: t.name_for(locale).lower())
    return {"districts": districts, "topics": topics}


@bp.route("/projects")
def index() -> Any:
    filters = queries.filters_from_args(request.args)
    page = queries.project_list(filters, request.args.get("after"), request.args.get("before"))
    return render_template("projects/list.html", page=page, filters=filters, **filter_context())


def _fill_choices(form: ProjectForm) -> None:
    districts, topics = taxonomy_choices()
    locale = str(get_locale())
    form.districts.choices = choices((d.id, d.name) for d in districts)
    form.topics.choices = choices(
        sorted(((t.id, t.name_for(locale)) for t in topics), key=lambda c: c[1].lower())
    )


def _limit_posting() -> Any:
    return limiter.limit(lambda: current_app.config["RATELIMIT_POSTING"], methods=["POST"])


@bp.route("/projects/new", methods=["GET", "POST"])
@_limit_posting()
def new() -> Any:
    if current_user.is_authenticated and current_user.is_blocked:
        from civic.moderation.views import blocked_page

        return blocked_page()
    guard(perm.can_propose(current_user))
    form = ProjectForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            project = ops.create_project(
                current_user, publish=bool(form.publish.data), **form.operation_fields()
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            if project.is_published:
                flash(_l("Your idea is published. Now find people to join your team!"), "success")
            else:
                flash(_l("Your draft is saved. Only your team can see it."), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None)


@bp.route("/projects/<int:project_id>")
def detail(project_id: int) -> Any:
    project = project_or_404(project_id, hidden_notice=True)
    plan = ops.current_plan(project) if project.phase.value == "development" else None
    return render_template(
        "projects/detail.html",
        project=project,
        membership=perm.membership(current_user, project),
        supported=ops.has_supported(current_user, project),
        join_request=ops.pending_join_request(current_user, project),
        checklist=gate_checklist(project, plan),
        step=next_step(project),
        phase_request=ops.pending_phase_request(project),
        needs=queries.project_needs(project, open_only=True),
        milestones=queries.milestones(project) if project.phase.value == "implementation" else [],
        timeline=queries.timeline(project),
    )


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@_limit_posting()
def edit(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_edit_project(current_user, project))
    form = ProjectForm(obj=project)
    _fill_choices(form)
    if request.method == "GET":
        form.description.data = project.description_markdown
        form.concept.data = project.concept_markdown
        form.districts.data = [d.id for d in project.districts]
        form.topics.data = [t.id for t in project.topics]
    if form.validate_on_submit():
        try:
            ops.update_project(current_user, project, **form.operation_fields())
            if form.publish.data and perm.can_publish(current_user, project):
                ops.publish_project(current_user, project)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The project is saved."), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project)


@bp.route("/projects/<int:project_id>/publish", methods=["POST"])
def publish(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_publish(current_user, project))
    form = ConfirmForm()
    if form.validate_on_submit():
        ops.publish_project(current_user, project)
        db.session.commit()
        flash(_l("Your idea is published. Now find people to join your team!"), "success")
    return redirect(url_for("projects.detail", project_id=project.id))


@bp.route("/projects/<int:project_id>/delete", methods=["GET", "POST"])
def delete_draft(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_delete_draft(current_user, project))
    form = ConfirmForm()
    if form.validate_on_submit():
        ops.delete_draft(current_user, project)
        db.session.commit()
        flash(_l("The draft is deleted."), "success")
        return redirect(url_for("projects.mine"))
    return render_template(
        "projects/confirm.html",
        project=project,
        form=form,
        title=_l("Delete the draft"),
        question=_l(
            "Do you really want to delete the draft “%(title)s”? This cannot be undone.",
            title=project.title,
        ),
        button=_l("Delete draft"),
    )


@bp.route("/projects/<int:project_id>/support", methods=["POST"])
@_limit_posting()
def support(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_support(current_user, project))
    if ConfirmForm().validate_on_submit():
        if ops.support(current_user, project):
            flash(_l("Thank you for your support!"), "success")
        else:
            flash(_l("You support this project already."), "info")
        db.session.commit()
    return redirect(url_for("projects.detail", project_id=project.id) + "#support")


@bp.route("/projects/<int:project_id>/support/withdraw", methods=["POST"])
def withdraw_support(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(current_user.is_authenticated)
    if ConfirmForm().validate_on_submit():
        if ops.withdraw_support(current_user, project):
            flash(_l("You no longer support this project."), "success")
        db.session.commit()
    return redirect(url_for("projects.detail", project_id=project.id) + "#support")


@bp.route("/projects/<int:project_id>/image")
def image(project_id: int) -> Any:
    project = project_or_404(project_id)
    if not project.image_filename:
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_DIR"], project.image_filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/projects/<int:project_id>/timeline")
def timeline(project_id: int) -> Any:
    project = project_or_404(project_id)
    page = queries.timeline_page(project, page_number())
    return render_template("projects/timeline.html", project=project, page=page)


@bp.route("/my/projects")
def mine() -> Any:
    guard(current_user.is_authenticated)
    return render_template(
        "projects/mine.html",
        projects=queries.my_projects(current_user),
        supported=queries.supported_projects(current_user),
    )
