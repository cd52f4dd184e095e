"""The team's news of a project: posting, editing and deleting, the list, the image, and the
Atom feeds (of one project and of all projects)."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core import atom
from civic.core.atom import external_url
from civic.core.errors import OperationError, PermissionDenied
from civic.core.site import get_settings
from civic.db import db
from civic.participation import operations as ops
from civic.participation import permissions as perm
from civic.participation import queries
from civic.participation.forms import UpdateForm
from civic.participation.models import ProjectUpdate
from civic.participation.views import bp, update_or_404
from civic.projects.models import Project
from civic.projects.views import guard, project_or_404
from civic.projects.views.browse import _limit_posting


def _place(item: ProjectUpdate) -> str:
    return url_for("participation.updates", project_id=item.project_id) + f"#update-{item.id}"


@bp.route("/projects/<int:project_id>/updates")
def updates(project_id: int) -> Any:
    project = project_or_404(project_id)
    page = queries.update_page(project, request.args.get("after"), request.args.get("before"))
    return render_template("participation/updates.html", project=project, page=page)


@bp.route("/projects/<int:project_id>/updates/new", methods=["GET", "POST"])
@_limit_posting()
def new_update(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_post_update(current_user, project))
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            item = ops.post_update(current_user, project, **form.operation_fields())
        except PermissionDenied:
            raise
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("Your news is published. Everyone following the project hears of it."),
                "success",
            )
            return redirect(_place(item))
    return render_template("participation/update_form.html", project=project, form=form, item=None)


@bp.route("/updates/<int:update_id>/edit", methods=["GET", "POST"])
@_limit_posting()
def edit_update(update_id: int) -> Any:
    item = update_or_404(update_id)
    guard(perm.can_edit_update(current_user, item))
    form = UpdateForm(obj=item)
    form.submit.label.text = _("Save changes")
    if request.method == "GET":
        form.body.data = item.body_markdown
    if form.validate_on_submit():
        try:
            ops.edit_update(current_user, item, **form.operation_fields(editing=True))
        except PermissionDenied:
            raise
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The news is saved."), "success")
            return redirect(_place(item))
    return render_template(
        "participation/update_form.html", project=item.project, form=form, item=item
    )


@bp.route("/updates/<int:update_id>/delete", methods=["GET", "POST"])
def delete_update(update_id: int) -> Any:
    item = update_or_404(update_id)
    guard(perm.can_delete_update(current_user, item))
    project_id = item.project_id
    form = ConfirmForm()
    if form.validate_on_submit():
        ops.delete_update(current_user, item)
        db.session.commit()
        flash(_l("The news is deleted."), "success")
        return redirect(url_for("participation.updates", project_id=project_id))
    return render_template(
        "projects/confirm.html",
        project=item.project,
        form=form,
        title=_l("Delete the news"),
        question=_l(
            "Do you really want to delete the news “%(title)s”? It disappears from the "
            "project page and the feeds. If you delete it by mistake, the moderation team can "
            "restore it.",
            title=item.title,
        ),
        button=_l("Delete news"),
        back=_place(item),
    )


@bp.route("/updates/<int:update_id>/image")
def update_image(update_id: int) -> Any:
    item = update_or_404(update_id)
    if not item.image_filename or (perm.is_hidden(item) and not perm.can_see_hidden(current_user)):
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_DIR"], item.image_filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- Atom feeds --------------------------------------------------------------------------------


def _feed(title: str, self_link: str, page_link: str, items: list[ProjectUpdate]) -> Response:
    entries = [
        atom.Entry(
            link=external_url("participation.updates", project_id=item.project_id)
            + f"#update-{item.id}",
            title=f"{item.project.title}: {item.title}",
            published=item.created_at,
            updated=item.edited_at or item.created_at,
            author=item.author.display_name,
            # The body is the sanitised HTML, carried as escaped text.
            content=item.body_html,
        )
        for item in items
    ]
    return atom.feed(title, self_link, page_link, entries)


@bp.route("/projects/<int:project_id>/updates.atom")
def project_feed(project_id: int) -> Any:
    project: Project = project_or_404(project_id)
    if not project.is_published or project.hidden_at is not None:
        abort(404)
    return _feed(
        _("News from “%(title)s”", title=project.title),
        external_url("participation.project_feed", project_id=project.id),
        external_url("participation.updates", project_id=project.id),
        queries.feed_updates(project),
    )


@bp.route("/updates.atom")
def feed() -> Any:
    return _feed(
        _("News from the projects of %(platform)s", platform=get_settings().platform_name),
        external_url("participation.feed"),
        external_url("projects.index"),
        queries.feed_updates(),
    )
