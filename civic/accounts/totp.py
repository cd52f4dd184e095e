"""The optional second factor of staff accounts: time-based one-time passwords (TOTP, RFC 6238)
from an authenticator app, with ten one-time recovery codes.

- Setting up: ``begin_setup`` stores a new secret (not yet active); the page shows it as a QR
  code and as text; ``confirm_setup`` switches the factor on once the app's first code is
  right and returns the recovery codes, which are shown once and stored only as hashes.
- Signing in: ``verify`` accepts the current code (one step of clock drift either way) or an
  unused recovery code. A code is accepted once: the step of the last accepted code is stored
  and only later steps pass, decided by a conditional UPDATE so that two requests racing with
  the same code cannot both win.
- Switching off: ``disable`` needs the password and a code. An operator can switch it off for
  a person who lost the device: ``flask --app wsgi civic totp-reset <email>``.

The secret is stored encrypted (Fernet: AES-128-CBC with an HMAC-SHA256 tag) under a key
derived from ``SECRET_KEY`` with HKDF, so that a copy of the database alone (a backup, a dump)
does not give the second factor away. Changing ``SECRET_KEY`` makes the stored secrets
unreadable: every person with the factor on then needs a ``totp-reset``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from typing import Any

import click
import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import delete, func, select, update

from civic.accounts import auth
from civic.accounts.models import RecoveryCode, Role, User, UserTotp
from civic.core import audit
from civic.core.cli import civic_cli
from civic.core.errors import OperationError, PermissionDenied
from civic.core.site import get_settings
from civic.db import db, utcnow

log = logging.getLogger("civic.accounts")

STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.FUND_OFFICER, Role.MODERATOR})
RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for each other when typed from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_INTERVAL = 30
_DIGITS = 6


# --- who may use it ------------------------------------------------------------------------


def can_use_totp(user: Any) -> bool:
    """Staff accounts may switch the second factor on."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.roles & STAFF_ROLES)


def state_of(user: User) -> UserTotp | None:
    return db.session.get(UserTotp, user.id)


def is_enabled(user: User) -> bool:
    row = state_of(user)
    return row is not None and row.confirmed_at is not None


def required_for(user: User) -> bool:
    """Whether the platform requires this account to have the factor on."""
    return bool(current_app.config.get("REQUIRE_ADMIN_TOTP")) and user.has_role(Role.ADMIN)


# --- the secret at rest --------------------------------------------------------------------


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"civic.totp-secret").derive(
        current_app.config["SECRET_KEY"].encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def _open(sealed: str) -> str | None:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        log.warning("A stored TOTP secret cannot be decrypted; was SECRET_KEY changed?")
        return None


def secret_of(row: UserTotp) -> str | None:
    return _open(row.secret)


# --- showing the secret --------------------------------------------------------------------


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret, digits=_DIGITS, interval=_INTERVAL).provisioning_uri(
        name=user.email, issuer_name=get_settings().platform_name
    )


def qr_svg(data: str, title: str) -> Markup:
    """An inline SVG of ``data`` as a QR code, drawn on the server (no script, no request)."""
    svg = segno.make(data, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="qr-code"
    )
    # segno builds the whole SVG itself; ``data`` and ``title`` are escaped by it.
    return Markup(svg)  # noqa: S704


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- codes -----------------------------------------------------------------------------------


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash_recovery(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def now() -> float:
    """The time in seconds; one place, so that tests can move the clock."""
    return time.time()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code is ``code`` (the current one or a neighbour), else None."""
    code = _clean(code)
    if len(code) != _DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=_DIGITS, interval=_INTERVAL)
    current = int(now() // _INTERVAL)
    found = None
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def _claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used, unless it or a later one was used already."""
    result = db.session.execute(
        update(UserTotp)
        .where(
            UserTotp.user_id == user.id,
            (UserTotp.last_step.is_(None)) | (UserTotp.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _use_recovery_code(user: User, code: str) -> bool:
    cleaned = _clean(code)
    if len(cleaned) != 16:
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_recovery(cleaned),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def _check_totp(user: User, row: UserTotp, code: str) -> bool:
    secret = secret_of(row)
    if secret is None:
        return False
    step = _matching_step(secret, code)
    return step is not None and _claim_step(user, step)


def verify(user: User, code: str) -> bool:
    """Whether ``code`` (a TOTP code or an unused recovery code) proves the second factor.
    A successful code is used up."""
    row = state_of(user)
    if row is None or row.confirmed_at is None:
        return False
    if _check_totp(user, row, code):
        db.session.flush()
        return True
    if _use_recovery_code(user, code):
        audit.record(user, "account.totp_recovery_code_used", "user", user.id)
        db.session.flush()
        return True
    return False


def recovery_codes_left(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


# --- operations ------------------------------------------------------------------------------


def begin_setup(user: User) -> UserTotp:
    """Store a new, not yet active secret for ``user`` (replacing an unfinished setup)."""
    if not can_use_totp(user):
        raise PermissionDenied()
    row = state_of(user)
    if row is not None and row.confirmed_at is not None:
        raise OperationError(_l("The second factor is switched on already."))
    secret = pyotp.random_base32()  # 160 bits, as RFC 4226 recommends
    if row is None:
        row = UserTotp(user_id=user.id, secret=_seal(secret))
        db.session.add(row)
    else:
        row.secret = _seal(secret)
        row.created_at = utcnow()
        row.last_step = None
    db.session.flush()
    return row


def confirm_setup(user: User, code: str) -> list[str]:
    """Switch the factor on if ``code`` comes from the app; returns the new recovery codes."""
    if not can_use_totp(user):
        raise PermissionDenied()
    row = state_of(user)
    if row is None or row.confirmed_at is not None:
        raise OperationError(_l("Please start the setup again."))
    if not _check_totp(user, row, code):
        raise OperationError(
            _l(
                "This code is not correct. Check that the time of your phone is right and "
                "enter the code that is shown now."
            ),
            field="code",
        )
    row.confirmed_at = utcnow()
    codes = _replace_recovery_codes(user)
    # Sessions signed in without the second factor end; the caller signs this one in again.
    user.session_version += 1
    audit.record(user, "account.totp_enable", "user", user.id)
    db.session.flush()
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(c)) for c in codes)
    return codes


def disable(user: User, password: str, code: str) -> None:
    """Switch the factor off; needs the password and a current code or a recovery code."""
    if not is_enabled(user):
        raise OperationError(_l("The second factor is not switched on."))
    if required_for(user):
        raise OperationError(
            _l(
                "Administrators must use a second factor on this platform; it cannot be "
                "switched off."
            )
        )
    password_ok = auth.check_password(user, password)
    code_ok = verify(user, code) if password_ok else False
    if not password_ok:
        raise OperationError(_l("Your password is not correct."), field="password")
    if not code_ok:
        raise OperationError(_l("This code is not correct."), field="code")
    _remove(user)
    user.session_version += 1
    audit.record(user, "account.totp_disable", "user", user.id)
    db.session.flush()


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(UserTotp).where(UserTotp.user_id == user.id))
    db.session.expire(user)


def reset(actor: User | None, user: User) -> bool:
    """Switch the factor off for a person who lost the device (``actor`` None: the operator on
    the command line). Returns whether it was on. Every session of the person ends."""
    if actor is not None:
        from civic.core.permissions import can_manage_users

        if not can_manage_users(actor):
            raise PermissionDenied()
    row = state_of(user)
    if row is None:
        return False
    was_on = row.confirmed_at is not None
    _remove(user)
    user.session_version += 1
    details = {"via": "command line"} if actor is None else {}
    audit.record(actor, "account.totp_reset", "user", user.id, **details)
    db.session.flush()
    return was_on


# --- command line ---------------------------------------------------------------------------


@civic_cli.command("totp-reset")
@click.argument("email")
@with_appcontext
def totp_reset_command(email: str) -> None:
    """Switch off the second factor of EMAIL (e.g. after the phone was lost)."""
    from civic.accounts.operations import user_by_email

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    was_on = reset(None, user)
    db.session.commit()
    if was_on:
        click.echo(
            f"The second factor of {user.email} is switched off and every session ended. "
            "The person signs in with the password and can set up a new device."
        )
    else:
        click.echo(f"{user.email} had no second factor switched on; nothing to do.")
