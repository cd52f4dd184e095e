"""The permission vocabulary. Each permission is a named predicate ``can_…(user, …) -> bool``;
the same function guards the view and decides whether a template shows the button.

Domain packages keep their own predicates in their ``permissions.py`` and build on these.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from civic.accounts.models import Role

P = ParamSpec("P")
R = TypeVar("R")


def has_role(user: Any, role: Role) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)


def is_admin(user: Any) -> bool:
    return has_role(user, Role.ADMIN)


def can_enter_admin_area(user: Any) -> bool:
    return is_admin(user) or has_role(user, Role.COORDINATOR)


def can_manage_users(user: Any) -> bool:
    return is_admin(user)


def can_manage_settings(user: Any) -> bool:
    return is_admin(user)


def can_manage_taxonomy(user: Any) -> bool:
    """Districts and topics are kept by the coordination office and admins."""
    return is_admin(user) or has_role(user, Role.COORDINATOR)


def can_view_audit_log(user: Any) -> bool:
    return is_admin(user)


def require(predicate: Callable[[Any], bool]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """View decorator: 401 for visitors (login redirect), 403 when the predicate says no."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                abort(401)
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
