"""Feedback on barriers, sent through the form below the accessibility statement (BITV 2.0 §7).

Anyone may send feedback, signed in or not; every admin is told by mail. An admin answers in
the admin area; the answer is stored, written to the audit log and mailed to the sender when
an address was given. Operations take the acting user, check the permission, write the audit
log and flush; the caller commits.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from civic.accounts.models import Role, RoleGrant, User
from civic.core import audit, permissions
from civic.core.errors import OperationError, PermissionDenied
from civic.core.forms import is_safe_path
from civic.core.mail import send_mail, send_notice
from civic.core.models import AccessibilityFeedback, AuditEntry, FeedbackStatus
from civic.core.pagination import Page, paginate
from civic.core.site import get_settings
from civic.db import db, utcnow

PAGE_MAX_LENGTH = 500
MESSAGE_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 10000
# Route arguments that hold a secret (a sign-in, reset or invitation link): a page with one
# is never put into a report by itself, so that the secret does not end up in the database.
SECRET_ARGUMENTS = {"token"}

STATUS_LABELS = {
    FeedbackStatus.NEW: _l("New"),
    FeedbackStatus.ANSWERED: _l("Answered"),
}


# --- permissions -------------------------------------------------------------------------------


def can_send_feedback(user: Any) -> bool:
    """Everybody, signed in or not, may report a barrier."""
    return True


def can_manage_feedback(user: Any) -> bool:
    return permissions.is_admin(user)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


# --- the page a report is about ----------------------------------------------------------------


def _own_hosts() -> set[str]:
    hosts = {urlsplit(current_app.config["BASE_URL"]).netloc.lower()}
    if has_request_context():
        hosts.add(request.host.lower())
    return hosts


def same_site_path(value: str | None) -> str | None:
    """The path (with its query) of ``value`` when it is a page of this site: a path such as
    ``/projects/12`` or a full address on this site's host. Anything else gives None."""
    value = (value or "").strip()
    if not value or len(value) > PAGE_MAX_LENGTH:
        return None
    if not value.startswith("/"):
        try:
            parts = urlsplit(value)
        except ValueError:  # such as a broken IPv6 host: "http://[x"
            return None
        if parts.scheme.lower() not in ("http", "https") or parts.netloc.lower() not in (
            _own_hosts()
        ):
            return None
        value = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    value = value.split("#", 1)[0]
    return value if is_safe_path(value) else None


def _has_secret(path: str) -> bool:
    adapter = current_app.url_map.bind("localhost")
    try:
        _endpoint, arguments = adapter.match(path, method="GET")
    except (HTTPException, RoutingException):  # no page of ours, or one that redirects
        return False
    return bool(SECRET_ARGUMENTS & set(arguments))


def suggested_page(value: str | None) -> str:
    """The page to fill into the form from a ``?page=`` parameter or the Referer: a same-site
    path without its query (which may hold search words or links with secrets), and nothing
    for a page whose address holds a secret."""
    path = same_site_path(value)
    if path is None:
        return ""
    path = path.split("?", 1)[0]
    return "" if _has_secret(path) else path


def current_page() -> str | None:
    """The page a "report a barrier" link on the current page names, or None."""
    if request.view_args and SECRET_ARGUMENTS & set(request.view_args):
        return None
    return request.path if len(request.path) <= PAGE_MAX_LENGTH else None


# --- operations --------------------------------------------------------------------------------


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def admins() -> list[User]:
    """Every active admin, who is told about new feedback."""
    return list(
        db.session.scalars(
            select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.role == Role.ADMIN, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def submit_feedback(
    actor: Any, message: str, page_url: str = "", name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a report of a barrier and tell every admin by mail."""
    _require(can_send_feedback(actor))
    message = (message or "").strip()
    if not message:
        raise OperationError(_l("Please describe the barrier."), field="message")
    if len(message) > MESSAGE_MAX_LENGTH:
        raise OperationError(_l("At most 5,000 characters."), field="message")
    page_url = (page_url or "").strip()
    if page_url:
        path = same_site_path(page_url)
        if path is None:
            raise OperationError(
                _l("Please give the address of a page on this platform, such as /projects."),
                field="page",
            )
        page_url = path
    signed_in = bool(getattr(actor, "is_authenticated", False))
    row = AccessibilityFeedback(
        user_id=actor.id if signed_in else None,
        name=(name or "").strip()[:120],
        email=(email or "").strip().lower()[:254],
        page_url=page_url,
        message=message,
        status=FeedbackStatus.NEW,
        answer="",
    )
    db.session.add(row)
    db.session.flush()
    link = _external("admin.feedback_detail", feedback_id=row.id)
    where = _external("core.home").rstrip("/") + page_url if page_url else ""
    for admin in admins():
        send_notice(
            admin,
            _l("A barrier was reported"),
            _l("Someone reported a barrier on the page %(page)s.", page=where)
            if where
            else _l("Someone reported a barrier on the platform."),
            link,
            quote=message,
        )
    return row


def answer_feedback(actor: Any, feedback: AccessibilityFeedback, answer: str) -> bool | None:
    """Store the answer, mark the feedback answered and mail the answer to the sender.

    Returns whether the mail went out, or None when the sender gave no address."""
    _require(can_manage_feedback(actor))
    if feedback.status is FeedbackStatus.ANSWERED:
        raise OperationError(_l("This feedback has been answered already."))
    answer = (answer or "").strip()
    if not answer:
        raise OperationError(_l("Please write an answer."), field="answer")
    if len(answer) > ANSWER_MAX_LENGTH:
        raise OperationError(_l("At most 10,000 characters."), field="answer")
    feedback.answer = answer
    feedback.status = FeedbackStatus.ANSWERED
    feedback.answered_at = utcnow()
    feedback.answered_by_id = actor.id
    mailed: bool | None = None
    if feedback.email:
        sender = db.session.get(User, feedback.user_id) if feedback.user_id else None
        mailed = send_mail(
            feedback.email,
            _l("Your feedback on accessibility"),
            "feedback_answer",
            locale=sender.locale if sender else current_app.config["BABEL_DEFAULT_LOCALE"],
            feedback=feedback,
            statement=_external("core.page", slug="accessibility"),
            settings=get_settings(),
        )
    audit.record(actor, "feedback.answer", "accessibility_feedback", feedback.id, mailed=mailed)
    db.session.flush()
    return mailed


# --- queries -----------------------------------------------------------------------------------


def status_filter(raw: str | None) -> FeedbackStatus | None:
    try:
        return FeedbackStatus(raw or "")
    except ValueError:
        return None


def feedback_page(status: FeedbackStatus | None, page: int, per_page: int = 25) -> Page[Any]:
    """The feedback, newest first, optionally of one status."""
    stmt = select(AccessibilityFeedback).order_by(
        AccessibilityFeedback.created_at.desc(), AccessibilityFeedback.id.desc()
    )
    if status is not None:
        stmt = stmt.where(AccessibilityFeedback.status == status)
    return paginate(stmt, page, per_page=per_page)


def new_count() -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(AccessibilityFeedback)
            .where(AccessibilityFeedback.status == FeedbackStatus.NEW)
        )
        or 0
    )


def people(feedback: AccessibilityFeedback) -> dict[int, User]:
    """The accounts of the sender and of who answered, by id."""
    ids = {i for i in (feedback.user_id, feedback.answered_by_id) if i}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def answer_entry(feedback: AccessibilityFeedback) -> AuditEntry | None:
    """The audit entry of the answer, which tells whether it was mailed."""
    return db.session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.action == "feedback.answer",
            AuditEntry.object_type == "accessibility_feedback",
            AuditEntry.object_id == feedback.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )


# --- demo data ---------------------------------------------------------------------------------


def load_demo_feedback() -> None:
    """Two reports for the demo: one new, one answered by the demo admin."""
    if db.session.scalar(select(func.count()).select_from(AccessibilityFeedback)):
        return
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.civic.example"))
    db.session.add(
        AccessibilityFeedback(
            name="Jonas Weber",
            email="jonas.weber@example.org",
            page_url="/statistics",
            message=(
                "Die Diagramme auf der Statistikseite kann ich mit meiner Vergrößerungssoftware "
                "kaum lesen. Gibt es die Zahlen auch als Tabelle?"
            ),
            status=FeedbackStatus.NEW,
            answer="",
        )
    )
    if admin is not None:
        db.session.add(
            AccessibilityFeedback(
                name="",
                email="",
                page_url="/events",
                message=(
                    "Beim Anmelden zu einer Veranstaltung liest mein Screenreader die "
                    "Fehlermeldung nicht vor."
                ),
                status=FeedbackStatus.ANSWERED,
                answer=(
                    "Vielen Dank für den Hinweis. Die Fehlermeldung ist jetzt mit dem Eingabefeld "
                    "verknüpft und wird vorgelesen."
                ),
                answered_at=utcnow(),
                answered_by_id=admin.id,
            )
        )
    db.session.flush()
