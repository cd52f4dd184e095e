"""Everything that changes accounts and roles. Operations take the acting user explicitly,
check the rules, write the audit log and flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from civic.accounts import auth
from civic.accounts.models import (
    GRANTABLE_ROLES,
    CouncilProfile,
    Department,
    Role,
    RoleGrant,
    User,
)
from civic.core import audit, signals
from civic.core.errors import OperationError, PermissionDenied
from civic.core.mail import send_mail
from civic.core.markdown import render_markdown
from civic.core.models import District, Topic
from civic.core.permissions import can_manage_users
from civic.core.site import get_settings
from civic.db import db, utcnow

VERIFY = "verify-email"
RESET = "reset-password"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def email_taken(email: str, exclude: User | None = None) -> bool:
    email = normalize_email(email)
    stmt = (
        select(func.count())
        .select_from(User)
        .where((User.email == email) | (User.pending_email == email))
    )
    if exclude is not None:
        stmt = stmt.where(User.id != exclude.id)
    return bool(db.session.scalar(stmt))


def _external(endpoint: str, **values: object) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)


# --- registration and verification -------------------------------------------------------


def register(display_name: str, email: str, password: str, locale: str) -> User:
    if email_taken(email):
        raise OperationError(
            _l(
                "An account with this e-mail address exists already. "
                "You can sign in or reset your password."
            ),
            field="email",
        )
    user = User(
        display_name=display_name,
        email=normalize_email(email),
        password_hash=auth.hash_password(password),
        locale=locale,
        privacy_consent_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_or_warn(display_name: str, email: str, password: str, locale: str) -> bool:
    """Register an account and mail its confirmation link; if the address has an account (or
    one waiting for it) already, mail the address a warning instead and create nothing.

    The visitor gets the same answer either way, so that the form does not tell who has an
    account here. Returns whether the mail went out."""
    if not email_taken(email):
        return send_verification(register(display_name, email, password, locale))
    auth.hash_password(password)  # takes as long as a real registration
    owner = user_by_email(email)
    return send_mail(
        normalize_email(email),
        _l("Registration with your address – %(platform)s", platform=get_settings().platform_name),
        "registration_attempt",
        locale=owner.locale if owner is not None else locale,
        user=owner,
        login_link=_external("accounts.login"),
        reset_link=_external("accounts.forgot_password"),
        settings=get_settings(),
    )


def send_verification(user: User, new_email: str | None = None) -> bool:
    """Mail a link that confirms ``user.email`` (or the ``new_email`` being changed to)."""
    address = new_email or user.email
    token = auth.make_token(VERIFY, {"u": user.id, "e": address})
    hours = int(current_app.config["EMAIL_TOKEN_MAX_AGE"].total_seconds() // 3600)
    return send_mail(
        address,
        _l(
            "Please confirm your e-mail address – %(platform)s",
            platform=get_settings().platform_name,
        ),
        "verify_email",
        locale=user.locale,
        user=user,
        link=_external("accounts.verify_email", token=token),
        hours=hours,
        is_change=new_email is not None,
        settings=get_settings(),
    )


def verify_email(token: str) -> User:
    max_age = int(current_app.config["EMAIL_TOKEN_MAX_AGE"].total_seconds())
    data = auth.read_token(VERIFY, token, max_age)
    user = db.session.get(User, data["u"]) if data and isinstance(data.get("u"), int) else None
    if user is None or data is None:
        raise OperationError(_l("This confirmation link is invalid or has expired."))
    address = data.get("e")
    if address == user.email:
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
            audit.record(user, "account.verify_email", "user", user.id)
    elif address and address == user.pending_email:
        if user_by_email(address) is not None:
            user.pending_email = None
            raise OperationError(_l("This e-mail address is used by another account."))
        old = user.email
        user.email = address
        user.pending_email = None
        user.email_verified_at = utcnow()
        # The address signs in and receives reset links: other sessions end with the change.
        user.session_version += 1
        audit.record(user, "account.change_email", "user", user.id)
        send_mail(
            old,
            _l("Your e-mail address was changed"),
            "email_changed",
            locale=user.locale,
            user=user,
            new_email=address,
            settings=get_settings(),
        )
    else:
        raise OperationError(_l("This confirmation link is invalid or has expired."))
    db.session.flush()
    return user


def resend_verification(email: str) -> None:
    user = user_by_email(email)
    if user is not None and not user.is_verified and user.is_active:
        send_verification(user)


# --- signing in ----------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    user = user_by_email(email)
    if not auth.check_password(user, password) or user is None or not user.is_active:
        raise OperationError(_l("E-mail address or password is not correct."), field="password")
    if not user.is_verified:
        raise OperationError(
            _l("Please confirm your e-mail address first. We can send you the link again."),
            field="email",
        )
    user.last_login_at = utcnow()
    db.session.flush()
    return user


# --- passwords -------------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an account; say nothing either way."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        return
    token = auth.make_token(RESET, {"u": user.id, "v": user.session_version})
    minutes = int(current_app.config["RESET_TOKEN_MAX_AGE"].total_seconds() // 60)
    send_mail(
        user.email,
        _l("Reset your password – %(platform)s", platform=get_settings().platform_name),
        "reset_password",
        locale=user.locale,
        user=user,
        link=_external("accounts.reset_password", token=token),
        minutes=minutes,
        settings=get_settings(),
    )


def user_for_reset_token(token: str) -> User | None:
    max_age = int(current_app.config["RESET_TOKEN_MAX_AGE"].total_seconds())
    data = auth.read_token(RESET, token, max_age)
    if not data or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.is_active or user.session_version != data.get("v"):
        return None
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = auth.hash_password(password)
    # A new session version signs out every other browser of this user.
    user.session_version += 1


def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    if user is None:
        raise OperationError(_l("This reset link is invalid, expired or used already."))
    _set_password(user, password)
    # Whoever can read the mailbox owns the address: a reset also confirms it.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    audit.record(user, "account.reset_password", "user", user.id)
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not auth.check_password(user, current):
        raise OperationError(_l("Your current password is not correct."), field="current_password")
    _set_password(user, new)
    audit.record(user, "account.change_password", "user", user.id)
    db.session.flush()


def request_email_change(user: User, new_email: str, password: str) -> bool:
    if not auth.check_password(user, password):
        raise OperationError(_l("Your password is not correct."), field="password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise OperationError(_l("This is already your e-mail address."), field="email")
    if email_taken(new_email, exclude=user):
        raise OperationError(_l("This e-mail address is used by another account."), field="email")
    user.pending_email = new_email
    db.session.flush()
    return send_verification(user, new_email=new_email)


# --- profile ---------------------------------------------------------------------------------


def update_profile(
    user: User, display_name: str, about: str, profile_public: bool, locale: str
) -> None:
    user.display_name = display_name
    user.about_markdown = about
    user.about_html = render_markdown(about)
    user.profile_public = profile_public
    user.locale = locale
    db.session.flush()


# --- roles -----------------------------------------------------------------------------------


def grant_role(
    actor: User | None, user: User, role: Role, department: Department | None = None
) -> RoleGrant:
    """Grant ``role`` to ``user``. ``actor`` None means the operator on the command line."""
    if actor is not None and not can_manage_users(actor):
        raise PermissionDenied()
    if role not in GRANTABLE_ROLES:
        raise OperationError(
            _l("Every confirmed account is a citizen; this role is not granted."), field="role"
        )
    if user.has_role(role):
        raise OperationError(_l("This person holds this role already."), field="role")
    if role is Role.DEPARTMENT_CONTACT and department is None:
        raise OperationError(_l("Choose the department of the contact person."), field="department")
    if role is not Role.DEPARTMENT_CONTACT:
        department = None
    if not user.is_verified:
        raise OperationError(_l("Roles can only be granted to confirmed accounts."), field="role")
    grant = RoleGrant(
        user=user,
        role=role,
        department=department,
        granted_by_id=actor.id if actor is not None else None,
    )
    db.session.add(grant)
    if role is Role.COUNCIL_MEMBER and user.council_profile is None:
        user.council_profile = CouncilProfile()
    db.session.flush()
    details = {"role": role.value}
    if department is not None:
        details["department"] = department.name
    if actor is None:
        details["via"] = "command line"
    audit.record(actor, "role.grant", "user", user.id, **details)
    return grant


def revoke_role(actor: User, user: User, role: Role) -> None:
    if not can_manage_users(actor):
        raise PermissionDenied()
    grant = next((g for g in user.role_grants if g.role is role), None)
    if grant is None:
        raise OperationError(_l("This person does not hold this role."))
    if role is Role.ADMIN and actor.id == user.id:
        raise OperationError(_l("You cannot take the admin role from yourself."))
    if role is Role.ADMIN:
        admins = db.session.scalar(
            select(func.count()).select_from(RoleGrant).where(RoleGrant.role == Role.ADMIN)
        )
        if (admins or 0) <= 1:
            raise OperationError(_l("The platform needs at least one admin."))
    user.role_grants.remove(grant)
    db.session.flush()
    audit.record(actor, "role.revoke", "user", user.id, role=role.value)
    signals.role_revoked.send(user, role=role, actor=actor)


def set_active(actor: User, user: User, active: bool) -> None:
    if not can_manage_users(actor):
        raise PermissionDenied()
    if actor.id == user.id:
        raise OperationError(_l("You cannot deactivate your own account."))
    if user.deleted_at is not None:
        raise OperationError(_l("This account is deleted; it cannot be used again."))
    if user.is_active == active:
        return
    user.is_active = active
    user.session_version += 1
    db.session.flush()
    audit.record(actor, "account.activate" if active else "account.deactivate", "user", user.id)


def can_edit_council_profile(actor: User | None, user: User) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if not user.has_role(Role.COUNCIL_MEMBER):
        return False
    return actor.id == user.id or can_manage_users(actor)


def update_council_profile(
    actor: User,
    user: User,
    faction: str,
    committees: str,
    expertise: str,
    districts: Iterable[District],
    topics: Iterable[Topic],
    conflicts_of_interest: str = "",
    mentoring_open: bool = True,
    mentor_capacity: int = 3,
) -> None:
    if not can_edit_council_profile(actor, user):
        raise PermissionDenied()
    profile = user.council_profile or CouncilProfile()
    user.council_profile = profile
    profile.faction = faction
    profile.committees = committees
    profile.expertise = expertise
    profile.districts = list(districts)
    profile.topics = list(topics)
    profile.conflicts_of_interest = conflicts_of_interest
    profile.mentoring_open = mentoring_open
    # A lower capacity than the current load takes no mentorship away; it only means that
    # no new one can begin until the load has fallen below it.
    profile.mentor_capacity = mentor_capacity
    db.session.flush()
    audit.record(actor, "council_profile.update", "user", user.id)
