"""Passwords, signed e-mail tokens and the Flask-Login wiring."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from civic.accounts.models import User
from civic.db import db

# A hash of a random password, checked when an address is unknown so that the answer takes
# as long as for a known address.
_DUMMY_HASH: dict[str, str] = {}


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def check_password(user: User | None, password: str) -> bool:
    if user is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        if method not in _DUMMY_HASH:
            _DUMMY_HASH[method] = generate_password_hash("not-a-password", method=method)
        check_password_hash(_DUMMY_HASH[method], password)
        return False
    return check_password_hash(user.password_hash, password)


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"civic.{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int) -> dict[str, Any] | None:
    """The payload of a valid, unexpired token, else None."""
    if not token or len(token) > 1000:
        return None
    try:
        data = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except (BadSignature, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def load_user(user_id: str) -> User | None:
    ident, _, version = user_id.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def init_login_manager(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.login_view = "accounts.login"
    manager.session_protection = "basic"

    @manager.unauthorized_handler
    def _unauthorized() -> Any:
        flash(_l("Please sign in to continue."), "info")
        target = request.full_path if request.method == "GET" else None
        if target and target.endswith("?"):
            target = target[:-1]
        return redirect(url_for("accounts.login", next=target))
