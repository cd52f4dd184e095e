"""The moderation blueprint: reporting (for everyone signed in), and for moderators the queue,
the page of a reported item with its decisions, the page of a person with blocking and
unblocking, and the list of current blocks."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.models import User
from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.core.pagination import page_number
from civic.db import db
from civic.moderation import operations as ops
from civic.moderation import permissions as moderation_permissions
from civic.moderation import queries
from civic.moderation.forms import (
    BlockForm,
    DecisionForm,
    DismissForm,
    HideForm,
    ReportForm,
    RestoreDeletedForm,
)
from civic.moderation.models import TargetKind
from civic.moderation.workflow import (
    DELETED_KIND_LABELS,
    DELETED_KINDS,
    HIDE_TEMPLATES,
    KIND_LABELS,
    REASON_LABELS,
    action_label,
)
from civic.projects.views import guard
from civic.projects.views.browse import _limit_posting

bp = Blueprint("moderation", __name__, template_folder="templates")
perm = moderation_permissions


@bp.app_context_processor
def _moderation_vocabulary() -> dict[str, Any]:
    return {
        "modperm": moderation_permissions,
        "moderation_waiting": queries.waiting_count,
        "target_kind_labels": KIND_LABELS,
        "report_reason_labels": REASON_LABELS,
        "moderation_action_label": action_label,
        "deleted_kind_labels": DELETED_KIND_LABELS,
        "deleted_excerpt": queries.excerpt,
    }


@bp.record_once
def _vocabulary_for_macros(state: Any) -> None:
    state.app.jinja_env.globals.update(_moderation_vocabulary())


def blocked_page() -> Any:
    """What a blocked person sees where they would post: why, and until when (403)."""
    return render_template(
        "moderation/blocked.html", block=queries.current_block(current_user)
    ), 403


def _kind(kind: str) -> TargetKind:
    found = queries.target_kind(kind)
    if found is None:
        abort(404)
    return found


def _target(kind: TargetKind, target_id: int) -> Any:
    target = queries.item(kind, target_id)
    if target is None:
        abort(404)
    return target


# --- reporting ---------------------------------------------------------------------------------


@bp.route("/report/<kind>/<int:target_id>", methods=["GET", "POST"])
@_limit_posting()
def report(kind: str, target_id: int) -> Any:
    target_kind = _kind(kind)
    guard(current_user.is_authenticated)
    target = queries.item(target_kind, target_id)
    if target is None or not queries.is_visible_to(current_user, target_kind, target):
        abort(404)
    if current_user.is_blocked:
        return blocked_page()
    guard(perm.can_report(current_user))
    back = queries.public_link(target_kind, target)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            ops.report(
                current_user, target_kind, target, form.reason_value, form.message.data or ""
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Thank you. The moderators will look at your report."), "success")
            return redirect(back)
    return render_template(
        "moderation/report.html",
        form=form,
        kind=target_kind,
        target=target,
        excerpt=queries.excerpt(target_kind, target),
        back=back,
        reported=queries.has_open_report(current_user, target_kind, target.id),
    )


# --- the queue and the items -------------------------------------------------------------------


@bp.route("/moderation")
def queue() -> Any:
    guard(perm.can_moderate(current_user))
    return render_template("moderation/queue.html", page=queries.queue(page_number()))


def _render_item(kind: TargetKind, target: Any, **forms: Any) -> Any:
    forms.setdefault("hide_form", HideForm(formdata=None, prefix="hide"))
    forms.setdefault("restore_form", DecisionForm(formdata=None, prefix="restore"))
    forms.setdefault("dismiss_form", DismissForm(formdata=None, prefix="dismiss"))
    return render_template(
        "moderation/item.html",
        kind=kind,
        target=target,
        project=queries.project_of(kind, target),
        author=queries.author_of(kind, target),
        reports=queries.reports_of(kind, target.id),
        history=queries.history(kind, target.id),
        link=queries.public_link(kind, target),
        hide_templates=HIDE_TEMPLATES,
        **forms,
    )


@bp.route("/moderation/<kind>/<int:target_id>")
def item(kind: str, target_id: int) -> Any:
    guard(perm.can_moderate(current_user))
    target_kind = _kind(kind)
    return _render_item(target_kind, _target(target_kind, target_id))


def _decide(kind: str, target_id: int, form: Any, form_name: str, run: Any, done: Any) -> Any:
    guard(perm.can_moderate(current_user))
    target_kind = _kind(kind)
    target = _target(target_kind, target_id)
    if form.validate_on_submit():
        try:
            run(target_kind, target, form)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("moderation.item", kind=target_kind.value, target_id=target.id))
    return _render_item(target_kind, target, **{form_name: form})


@bp.route("/moderation/<kind>/<int:target_id>/hide", methods=["POST"])
def hide(kind: str, target_id: int) -> Any:
    return _decide(
        kind,
        target_id,
        # Prefixes keep the ids of the three forms on the item page apart.
        HideForm(prefix="hide"),
        "hide_form",
        lambda k, t, f: ops.hide(current_user, k, t, f.full_reason()),
        _l("The item is hidden and its author is told why."),
    )


@bp.route("/moderation/<kind>/<int:target_id>/restore", methods=["POST"])
def restore(kind: str, target_id: int) -> Any:
    return _decide(
        kind,
        target_id,
        DecisionForm(prefix="restore"),
        "restore_form",
        lambda k, t, f: ops.restore(current_user, k, t, f.reason.data),
        _l("The item is visible again and its author is told."),
    )


@bp.route("/moderation/<kind>/<int:target_id>/dismiss", methods=["POST"])
def dismiss(kind: str, target_id: int) -> Any:
    return _decide(
        kind,
        target_id,
        DismissForm(prefix="dismiss"),
        "dismiss_form",
        lambda k, t, f: ops.dismiss_reports(current_user, k, t, f.reason.data or ""),
        _l("The reports are dismissed; the item stays as it is."),
    )


# --- deleted items -----------------------------------------------------------------------------


def _deleted_kind(raw: str | None) -> TargetKind:
    found = queries.target_kind(raw or TargetKind.COMMENT.value)
    if found is None or found not in DELETED_KINDS:
        abort(404)
    return found


@bp.route("/moderation/deleted")
def deleted() -> Any:
    guard(perm.can_moderate(current_user))
    kind = _deleted_kind(request.args.get("kind"))
    return render_template(
        "moderation/deleted.html",
        kind=kind,
        kinds=DELETED_KINDS,
        counts=queries.deleted_counts(),
        page=queries.deleted_items(kind, page_number()),
    )


@bp.route("/moderation/deleted/<kind>/<int:target_id>/restore", methods=["GET", "POST"])
def restore_deleted(kind: str, target_id: int) -> Any:
    guard(perm.can_moderate(current_user))
    target_kind = _deleted_kind(kind)
    target = queries.deleted_item(target_kind, target_id)
    if target is None:
        abort(404)
    guard(perm.can_restore_deleted(current_user, target))
    form = RestoreDeletedForm()
    if form.validate_on_submit():
        try:
            ops.restore_deleted(current_user, target_kind, target, form.note.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Restored. The author has been told."), "success")
            return redirect(url_for("moderation.deleted", kind=target_kind.value))
    return render_template(
        "moderation/restore_deleted.html",
        kind=target_kind,
        target=target,
        form=form,
        project=queries.project_of(target_kind, target),
        author=queries.author_of(target_kind, target),
        excerpt=queries.excerpt(target_kind, target, 300),
    )


# --- people ------------------------------------------------------------------------------------


def _person(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/moderation/users/<int:user_id>")
def user(user_id: int) -> Any:
    guard(perm.can_moderate(current_user))
    person = _person(user_id)
    return render_template(
        "moderation/user.html",
        person=person,
        counts=queries.contribution_counts(person),
        blocks=queries.blocks_of(person),
        history=queries.user_history(person),
        unblock_form=DecisionForm(formdata=None),
    )


@bp.route("/moderation/users/<int:user_id>/block", methods=["GET", "POST"])
def block(user_id: int) -> Any:
    guard(perm.can_moderate(current_user))
    person = _person(user_id)
    guard(perm.can_block(current_user, person))
    form = BlockForm()
    if form.validate_on_submit():
        if form.confirmed.data != "1":
            return render_template("moderation/block_confirm.html", person=person, form=form)
        try:
            ops.block_user(current_user, person, form.reason.data, form.until_value())
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("%(name)s is blocked and has been told why.", name=person.display_name),
                "success",
            )
            return redirect(url_for("moderation.user", user_id=person.id))
    return render_template("moderation/block.html", person=person, form=form)


@bp.route("/moderation/users/<int:user_id>/unblock", methods=["POST"])
def unblock(user_id: int) -> Any:
    guard(perm.can_moderate(current_user))
    person = _person(user_id)
    guard(perm.can_unblock(current_user, person))
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            ops.unblock_user(current_user, person, form.reason.data)
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_l("%(name)s is no longer blocked.", name=person.display_name), "success")
    else:
        flash(_l("Please give a reason for lifting the block."), "error")
    return redirect(url_for("moderation.user", user_id=person.id))


@bp.route("/moderation/blocks")
def blocks() -> Any:
    guard(perm.can_moderate(current_user))
    return render_template("moderation/blocks.html", page=queries.current_blocks(page_number()))
