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
from civic.core.markdown import render_markdown
from civic.core.models import District, Topic
from civic.core.pagination import page_number
from civic.core.sanitize import plain_text
from civic.db import db
from civic.extensions import limiter
from civic.projects import operations as ops
from civic.projects import permissions as perm
from civic.projects import queries, search
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
    if filters.q:
        results = queries.search_results(filters, page_number())
        return render_template(
            "projects/list.html", page=results, filters=filters, **filter_context()
        )
    page = queries.project_list(filters, request.args.get("after"), request.args.get("before"))
    return render_template("projects/list.html", page=page, filters=filters, **filter_context())


@bp.route("/projects/similar")
def similar() -> Any:
    """The projects like the idea being written, as a piece of HTML for the proposal form's
    script (the preview shows the same without JavaScript)."""
    title = (request.args.get("title") or "")[:200]
    summary = (request.args.get("summary") or "")[:400]
    exclude = request.args.get("exclude", type=int)
    projects = queries.similar_projects(title, summary, exclude) if len(title) >= 3 else []
    return render_template("projects/_similar.html", similar=projects)


@bp.app_template_filter("highlight")
def highlight_filter(text: str, query: str) -> Any:
    """The text with the words of a search marked (escaped; plain when there is no search)."""
    return search.highlight(text, query) if query else text


@bp.app_template_filter("search_excerpt")
def search_excerpt(project: Any, query: str) -> Any:
    """A marked passage of the description when the search matched there but not in the title
    or summary."""
    if search.excerpt(f"{project.title} {project.summary}", query) is not None:
        return None
    return search.excerpt(plain_text(project.description_html), query)


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
    if form.preview.data:
        # The preview saves nothing: it shows the idea as others will see it, and the projects
        # that are already like it.
        valid = form.validate_on_submit()
        return render_template(
            "projects/form.html",
            form=form,
            project=None,
            preview=valid,
            preview_html=render_markdown(form.description.data or "") if valid else "",
            similar=queries.similar_projects(form.title.data or "", form.summary.data or "")
            if valid
            else [],
        )
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
        # While the idea is a draft, its team sees the projects that are like it.
        similar=queries.similar_projects(project.title, project.summary, project.id)
        if not project.is_published
        else [],
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
            "Do you really want to delete the draft “%(title)s”? It is gone for your team at "
            "once. If you delete it by mistake, the moderation team can restore it.",
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
