"""Comments on a project: posting and replying, editing within the time limit, deleting after
a confirmation, and the list of all comments."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.errors import OperationError, PermissionDenied
from civic.db import db
from civic.participation import operations as ops
from civic.participation import permissions as perm
from civic.participation import queries
from civic.participation.forms import CommentForm, EditCommentForm
from civic.participation.models import Comment
from civic.participation.views import bp, comment_or_404
from civic.projects.permissions import is_citizen
from civic.projects.views import guard, project_or_404
from civic.projects.views.browse import _limit_posting


def _place(comment: Comment) -> str:
    return url_for("projects.detail", project_id=comment.project_id) + f"#comment-{comment.id}"


@bp.route("/projects/<int:project_id>/comments")
def comments(project_id: int) -> Any:
    project = project_or_404(project_id)
    page = queries.comment_page(project, request.args.get("after"), request.args.get("before"))
    return render_template("participation/comments.html", project=project, page=page)


@bp.route("/projects/<int:project_id>/comments", methods=["POST"])
@_limit_posting()
def new_comment(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(is_citizen(current_user))
    form = CommentForm()
    parent: Comment | None = None
    if form.parent is not None:
        parent = db.session.get(Comment, form.parent)
        if parent is None or parent.project_id != project.id:
            form.form_errors.append(_l("The comment you replied to is no longer there."))
    if form.validate_on_submit() and not form.form_errors:
        try:
            comment = ops.post_comment(current_user, project, form.body.data, parent)
        except PermissionDenied:
            raise
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Your comment is published."), "success")
            return redirect(_place(comment))
    return render_template(
        "participation/comment_form.html", project=project, form=form, parent=parent
    )


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@_limit_posting()
def edit_comment(comment_id: int) -> Any:
    comment = comment_or_404(comment_id)
    guard(perm.is_comment_author(current_user, comment))
    form = EditCommentForm()
    if request.method == "GET":
        if not perm.can_edit_comment(current_user, comment):
            try:
                ops.check_comment_editable(current_user, comment)
            except PermissionDenied:
                raise
            except OperationError as error:
                flash(error.message, "error")
                return redirect(_place(comment))
        form.body.data = comment.body_markdown
    if form.validate_on_submit():
        try:
            ops.edit_comment(current_user, comment, form.body.data)
        except PermissionDenied:
            raise
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Your comment is saved."), "success")
            return redirect(_place(comment))
    return render_template(
        "participation/comment_edit.html",
        project=comment.project,
        comment=comment,
        form=form,
        minutes=perm.EDIT_MINUTES,
    )


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
def delete_comment(comment_id: int) -> Any:
    comment = comment_or_404(comment_id)
    guard(perm.is_comment_author(current_user, comment))
    if comment.deleted_at is not None:
        flash(ops.ALREADY_DELETED, "info")
        return redirect(_place(comment))
    form = ConfirmForm()
    if form.validate_on_submit():
        ops.delete_comment(current_user, comment)
        db.session.commit()
        flash(_l("Your comment is deleted."), "success")
        return redirect(_place(comment))
    return render_template(
        "projects/confirm.html",
        project=comment.project,
        form=form,
        title=_l("Delete your comment"),
        question=_l(
            "Do you really want to delete your comment? Its text disappears from the page; a "
            "note that a comment was deleted stays in its place, and so do the replies to it. "
            "The moderation team keeps the text and can restore the comment."
        ),
        button=_l("Delete comment"),
        back=_place(comment),
    )
