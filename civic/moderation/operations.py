"""Everything that changes in moderation. Each operation takes the acting user, checks the
permission and the state, writes the history (``ModerationAction``) and the audit log, tells
the people concerned, and flushes; the caller commits. Refusals are ``OperationError`` (a
message for the user) or ``PermissionDenied``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from civic.accounts.models import User
from civic.core import audit
from civic.core.dates import LocalDate
from civic.core.errors import OperationError, PermissionDenied
from civic.db import db, utcnow
from civic.moderation import permissions as perm
from civic.moderation import queries
from civic.moderation.models import ModerationAction, Report, ReportReason, TargetKind, UserBlock
from civic.moderation.workflow import RESOLUTION_OF, USER_TARGET, ActionKind
from civic.participation import notifications

REPORTED_ALREADY = _l("You have reported this already; the moderators will look at it.")


def _home() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("core.home")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_l("Please give a reason."), field="reason")
    return reason


def _notify(recipients: list[User], actor: Any, subject: Any, summary: Any, link: str) -> None:
    notifications.notify(recipients, actor, subject, summary, link, kind="moderation")


def _act(
    actor: Any, action: ActionKind, target_kind: str, target_id: int, reason: str, **details: Any
) -> None:
    """The history row and the audit entry of a decision."""
    db.session.add(
        ModerationAction(
            action=action.value,
            target_kind=str(target_kind),
            target_id=target_id,
            reason=reason,
            moderator_id=actor.id,
        )
    )
    audit.record(
        actor, f"moderation.{action.value}", str(target_kind), target_id, reason=reason, **details
    )


def _resolve_reports(actor: Any, kind: TargetKind, target_id: int, action: ActionKind) -> int:
    result = db.session.execute(
        update(Report)
        .where(
            Report.target_kind == kind,
            Report.target_id == target_id,
            Report.resolved_at.is_(None),
        )
        .values(
            resolved_at=utcnow(),
            resolved_by_id=actor.id,
            resolution=RESOLUTION_OF[action].value,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# --- reports -----------------------------------------------------------------------------------


def report(
    actor: Any, kind: TargetKind, target: Any, reason: ReportReason, message: str = ""
) -> Report:
    """``actor`` reports an item they can see. One open report per person and item."""
    _require(perm.can_report(actor) and queries.is_visible_to(actor, kind, target))
    if queries.has_open_report(actor, kind, target.id):
        raise OperationError(REPORTED_ALREADY)
    row = Report(
        target_kind=kind,
        target_id=target.id,
        reporter_id=actor.id,
        reason=reason,
        message=(message or "").strip(),
    )
    try:
        # Two reports sent at once: the partial unique index lets one through.
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError as error:
        raise OperationError(REPORTED_ALREADY) from error
    audit.record(actor, "moderation.report", kind.value, target.id, reason=reason.value)
    return row


# --- decisions on items ------------------------------------------------------------------------


def _tell_authors(actor: Any, kind: TargetKind, target: Any, subject: Any, summary: Any) -> None:
    _notify(
        queries.authors_to_tell(kind, target),
        actor,
        subject,
        summary,
        queries.public_link(kind, target, external=True),
    )


def hide(actor: Any, kind: TargetKind, target: Any, reason: str) -> int:
    """Hide the item with a reason; its open reports are settled; its authors are told why.
    Returns the number of reports settled."""
    _require(perm.can_hide(actor, target))
    reason = _reason(reason)
    target.hidden_at = utcnow()
    target.hidden_reason = reason
    target.hidden_by_id = actor.id
    settled = _resolve_reports(actor, kind, target.id, ActionKind.HIDE)
    _act(actor, ActionKind.HIDE, kind, target.id, reason)
    _tell_authors(
        actor,
        kind,
        target,
        _l("Moderation has hidden your contribution"),
        _l(
            "The moderators have hidden your contribution “%(excerpt)s”. The reason: %(reason)s",
            excerpt=queries.excerpt(kind, target, 60),
            reason=reason,
        ),
    )
    db.session.flush()
    return settled


def restore(actor: Any, kind: TargetKind, target: Any, reason: str) -> int:
    """Show a hidden item again, with a reason; its authors are told."""
    _require(perm.can_restore(actor, target))
    reason = _reason(reason)
    target.hidden_at = None
    target.hidden_reason = ""
    target.hidden_by_id = None
    settled = _resolve_reports(actor, kind, target.id, ActionKind.RESTORE)
    _act(actor, ActionKind.RESTORE, kind, target.id, reason)
    _tell_authors(
        actor,
        kind,
        target,
        _l("Your contribution is visible again"),
        _l(
            "The moderators have restored your contribution “%(excerpt)s”. The reason: %(reason)s",
            excerpt=queries.excerpt(kind, target, 60),
            reason=reason,
        ),
    )
    db.session.flush()
    return settled


def restore_deleted(actor: Any, kind: TargetKind, target: Any, note: str = "") -> None:
    """Bring back a deleted project draft, comment or update, as it was before; its authors
    (the team, for a draft) are told, with the moderator's note if there is one."""
    _require(perm.can_restore_deleted(actor, target))
    note = (note or "").strip()
    target.deleted_at = None
    target.deleted_by_id = None
    _act(actor, ActionKind.UNDELETE, kind, target.id, note)
    excerpt = queries.excerpt(kind, target, 60)
    summary = (
        _l(
            "The moderators have restored your deleted contribution “%(excerpt)s”. "
            "Their note: %(note)s",
            excerpt=excerpt,
            note=note,
        )
        if note
        else _l(
            "The moderators have restored your deleted contribution “%(excerpt)s”.",
            excerpt=excerpt,
        )
    )
    _tell_authors(actor, kind, target, _l("Your deleted contribution is back"), summary)
    db.session.flush()


def dismiss_reports(actor: Any, kind: TargetKind, target: Any, reason: str = "") -> int:
    """Nothing wrong with the item: its open reports are settled, the item stays as it is.
    The authors are told that their contribution was reported and stays."""
    _require(perm.can_dismiss_reports(actor, target))
    reason = (reason or "").strip()
    settled = _resolve_reports(actor, kind, target.id, ActionKind.DISMISS)
    if not settled:
        raise OperationError(_l("There are no open reports on this item."))
    _act(actor, ActionKind.DISMISS, kind, target.id, reason)
    _tell_authors(
        actor,
        kind,
        target,
        _l("A report on your contribution was dismissed"),
        _l(
            "Someone reported your contribution “%(excerpt)s”. The moderators found nothing "
            "wrong with it; it stays as it is.",
            excerpt=queries.excerpt(kind, target, 60),
        ),
    )
    db.session.flush()
    return settled


# --- blocks ------------------------------------------------------------------------------------


def _until_text(until: datetime | None) -> Any:
    if until is None:
        return _l("for an unlimited time")
    return _l("until %(date)s", date=LocalDate(to_user_timezone(until).date()))


def block_user(actor: Any, person: User, reason: str, until: datetime | None) -> UserBlock:
    """Block ``person`` until a time (or for good, ``until`` None): they cannot post and
    their comments and updates show as hidden meanwhile. They are told why and how long."""
    _require(perm.can_block(actor, person))
    reason = _reason(reason)
    now = utcnow()
    if until is not None and until <= now:
        raise OperationError(_l("The end of the block must lie in the future."), field="until")
    block = UserBlock(user_id=person.id, reason=reason, until=until, created_by_id=actor.id)
    db.session.add(block)
    person.blocked_at = now
    person.blocked_until = until
    _act(
        actor,
        ActionKind.BLOCK,
        USER_TARGET,
        person.id,
        reason,
        until=until.isoformat() if until else None,
    )
    _notify(
        [person],
        actor,
        _l("Your account is blocked"),
        _l(
            "The moderators have blocked your account %(until)s. Meanwhile you cannot post, "
            "and your comments and news are hidden. The reason: %(reason)s",
            until=_until_text(until),
            reason=reason,
        ),
        _home(),
    )
    db.session.flush()
    return block


def unblock_user(actor: Any, person: User, reason: str) -> UserBlock | None:
    """Lift the block that holds ``person``; what they wrote shows again."""
    _require(perm.can_unblock(actor, person))
    reason = _reason(reason)
    block = queries.current_block(person)
    now = utcnow()
    if block is not None:
        block.lifted_at = now
        block.lifted_by_id = actor.id
    person.blocked_at = None
    person.blocked_until = None
    _act(actor, ActionKind.UNBLOCK, USER_TARGET, person.id, reason)
    _notify(
        [person],
        actor,
        _l("Your account is no longer blocked"),
        _l(
            "The moderators have lifted the block of your account. The reason: %(reason)s",
            reason=reason,
        ),
        _home(),
    )
    db.session.flush()
    return block
