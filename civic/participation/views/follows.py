"""Following and unfollowing projects, districts and topics, and the page of what I follow."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.core.forms import is_safe_path
from civic.participation import operations as ops
from civic.participation import queries
from civic.participation.models import FollowKind
from civic.participation.views import bp
from civic.projects.permissions import is_citizen
from civic.projects.views import button_action, guard

FOLLOWED = {
    FollowKind.PROJECT: _l("You follow this project now. Its news appear in your notifications."),
    FollowKind.DISTRICT: _l(
        "You follow this district now. New projects there appear in your notifications."
    ),
    FollowKind.TOPIC: _l(
        "You follow this topic now. New projects on it appear in your notifications."
    ),
}


def _kind(raw: str) -> FollowKind:
    try:
        return FollowKind(raw)
    except ValueError:
        abort(404)


def _back() -> Any:
    target = request.form.get("next") or request.args.get("next")
    return redirect(target if is_safe_path(target) else url_for("participation.following"))


@bp.route("/follows/<kind>/<int:target_id>", methods=["POST"])
def follow(kind: str, target_id: int) -> Any:
    follow_kind = _kind(kind)
    guard(is_citizen(current_user))
    button_action(
        lambda: ops.follow_as(current_user, follow_kind, target_id), FOLLOWED[follow_kind]
    )
    return _back()


@bp.route("/follows/<kind>/<int:target_id>/delete", methods=["POST"])
def unfollow(kind: str, target_id: int) -> Any:
    follow_kind = _kind(kind)
    guard(current_user.is_authenticated)
    button_action(
        lambda: ops.unfollow_as(current_user, follow_kind, target_id),
        _l("You no longer follow this."),
    )
    return _back()


@bp.route("/following")
def following() -> Any:
    guard(current_user.is_authenticated)
    return render_template(
        "participation/following.html", following=queries.following(current_user)
    )
