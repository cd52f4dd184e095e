"""A person's rights over their own data (DSGVO): the download of everything the platform
holds about them (Art. 15 and 20), the download of the files they uploaded, and the deletion
of their account (Art. 17).

**Export.** The JSON file is written piece by piece: every table that points at the person
(every foreign key to ``users.id``, found in the metadata, so that a table added later is in
the file without a change here) is read in keyset batches, so a person with a hundred thousand
comments is exported in constant memory. Columns that hold secrets (password hashes, second
factor secrets, recovery code hashes) are left out. The uploads are streamed as a ZIP file
written into a generator.

**Deletion.** The account row stays, so that comments, updates, plans and the records of the
fund keep an author: it is shown as "former member" (``User.display_name``). Every personal
field of the row is emptied; the e-mail address becomes ``deleted-<id>@invalid`` (RFC 2606:
no mail can reach it, and ``core.mail`` sends nothing there). What belongs only to the person
(follows, notifications, settings, join requests, the council profile, the second factor) is
removed; the person leaves every team (another member takes over as initiator, see
``_leave_team``), ends every mentorship and gives up event seats. Records the city must keep
(fund applications, decisions, payments and proofs of use: Haushaltsrecht, about ten years;
the audit log) stay whole, with the person anonymised. Texts that copied the name (the
project timelines, other people's notifications) lose it.
"""

from __future__ import annotations

import enum
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Table, and_, delete, func, or_, select, update

from civic.accounts import auth
from civic.accounts.models import (
    Role,
    RoleGrant,
    User,
    council_profile_districts,
    council_profile_topics,
    former_member,
)
from civic.core import audit, signals
from civic.core.errors import OperationError
from civic.core.models import AccessibilityFeedback, AuditEntry
from civic.db import Base, db, utcnow

# Columns never written into a download: they are secrets, not information about the person.
SECRET_COLUMN = re.compile(r"password|secret|token|hash", re.IGNORECASE)

# References to a person that the download leaves out, and why.
NOT_EXPORTED = {
    # Other people's notifications that name the person as the one who acted.
    ("notifications", "actor_id"),
}

# Rows that belong to the person alone and go with the account. Every other table that
# points at the person keeps its rows (the person is then shown as "former member").
PERSONAL_TABLES = {
    "follows": "user_id",
    "notifications": "user_id",
    "notification_settings": "user_id",
    "digest_runs": "user_id",
    "join_requests": "user_id",
    "user_totp": "user_id",
    "totp_recovery_codes": "user_id",
}

# Columns of the ``users`` row that deletion keeps: the row's identity and dates without a
# person behind them. Every other column is emptied (set to NULL, or to ``EMPTIED`` when it may
# not be NULL).
KEPT_USER_COLUMNS = {"id", "created_at", "deleted_at", "session_version", "privacy_consent_at"}

# Timeline entries that carry a person's name in ``to_value`` or ``from_value``.
NAMED_IN_TIMELINE = {
    "member_joined": "to_value",
    "member_left": "from_value",
    "initiator_handed": "to_value",
    "contact_assigned": "to_value",
    "mentor_joined": "to_value",
    "mentor_left": "to_value",
}

EXPORT_FORMAT = "civic-personal-data/1"


def deleted_email(user_id: int) -> str:
    """The address of a deleted account: unique, and unable to receive mail (RFC 2606)."""
    return f"deleted-{user_id}@invalid"


def is_undeliverable(address: str) -> bool:
    """Addresses under the reserved top-level domain ``.invalid`` receive no mail."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(">")
    return domain == "invalid" or domain.endswith(".invalid")


def check_password(user: User, password: str) -> None:
    """The person confirms with their password before a download or the deletion."""
    if user.deleted_at is not None or not auth.check_password(user, password or ""):
        raise OperationError(_l("Your password is not correct."), field="password")


# --- export ----------------------------------------------------------------------------------


def user_references() -> list[tuple[Table, Column[Any]]]:
    """Every column of every table that points at ``users.id``, in a stable order."""
    found: list[tuple[Table, Column[Any]]] = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                found.append((table, column))
    return sorted(found, key=lambda pair: (pair[0].name, pair[1].name))


def _exported_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if not SECRET_COLUMN.search(c.name)]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain, sort_keys=False)


def _rows(table: Table, condition: Any) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` that ``condition`` selects, without secrets, read in keyset
    batches along the primary key."""
    from civic.opendata.exports import batches

    columns = _exported_columns(table)
    keys = list(table.primary_key.columns) or columns[:1]
    names = [k.name for k in keys]
    stmt = select(*columns).where(condition)
    for rows in batches(stmt, keys, lambda row: tuple(getattr(row, n) for n in names)):
        for row in rows:
            yield {key: _plain(value) for key, value in row._mapping.items()}


def _json_list(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array written one element at a time."""
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + _dumps(row)
        first = False
    yield "]"


def export_sections(user: User) -> Iterator[tuple[str, str, Iterable[dict[str, Any]]]]:
    """(table, column, rows) for every place that points at the person, and what is about
    them without pointing (the districts and topics of a council profile, audit entries about
    the account)."""
    for table, column in user_references():
        if (table.name, column.name) in NOT_EXPORTED or table.name == "users":
            continue
        yield table.name, column.name, _rows(table, column == user.id)
    for table in (council_profile_districts, council_profile_topics):
        yield table.name, "profile_id", _rows(table, table.c.profile_id == user.id)
    audit_table = AuditEntry.__table__
    yield (
        audit_table.name,
        "object_id",
        _rows(
            audit_table,
            and_(
                audit_table.c.object_type == "user",
                audit_table.c.object_id == user.id,
                or_(audit_table.c.actor_id.is_(None), audit_table.c.actor_id != user.id),
            ),
        ),
    )


def export_json(user: User) -> Iterator[str]:
    """Everything the platform holds about ``user``, as one JSON document written in
    pieces. ``records`` holds, per table and per column that points at the person, the rows
    (the column says how the row concerns them: ``author_id`` for what they wrote,
    ``user_id`` for what is theirs, ``decided_by_id`` for what they decided …)."""
    from civic.core.site import get_settings

    users = User.__table__
    account = next(_rows(users, users.c.id == user.id))
    head = {
        "format": EXPORT_FORMAT,
        "platform": get_settings().platform_name,
        "created_at": _plain(utcnow()),
        "account": account,
        "roles": sorted(role.value for role in user.roles),
    }
    yield _dumps(head)[:-1] + ', "records": {'
    tables: dict[str, list[tuple[str, Iterable[dict[str, Any]]]]] = {}
    for table, column, rows in export_sections(user):
        tables.setdefault(table, []).append((column, rows))
    for t_index, (table, columns) in enumerate(tables.items()):
        yield ("\n" if t_index == 0 else ",\n") + _dumps(table) + ": {"
        for c_index, (column, rows) in enumerate(columns):
            yield ("" if c_index == 0 else ", ") + _dumps(column) + ": "
            yield from _json_list(rows)
        yield "}"
    yield "}}\n"


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken out as they come: ``zipfile`` writes into
    it and the response sends what was written, so no archive is ever held whole. It cannot
    seek, so ``zipfile`` writes data descriptors instead of going back."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def uploads_of(user: User) -> Iterator[tuple[str, Path]]:
    """(name in the archive, file on disk) of every file the person uploaded that the
    platform records an uploader for: receipts of a proof of use and the images of their
    project news."""
    from civic.fund.models import Receipt
    from civic.fund.operations import receipt_dir
    from civic.opendata.exports import batches
    from civic.participation.models import ProjectUpdate

    receipts = select(Receipt.id, Receipt.stored_name, Receipt.original_name).where(
        Receipt.uploaded_by_id == user.id
    )
    folder = receipt_dir()
    for rows in batches(receipts, (Receipt.id,), lambda r: (r.id,)):
        for row in rows:
            safe = Path(row.original_name).name.replace("/", "_") or row.stored_name
            yield f"receipts/{row.id}-{safe}", folder / row.stored_name
    images = select(ProjectUpdate.id, ProjectUpdate.image_filename).where(
        ProjectUpdate.author_id == user.id, ProjectUpdate.image_filename.is_not(None)
    )
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    for rows in batches(images, (ProjectUpdate.id,), lambda r: (r.id,)):
        for row in rows:
            suffix = Path(row.image_filename).suffix
            yield f"project-news/{row.id}{suffix}", upload_dir / row.image_filename


CHUNK = 64 * 1024


def export_zip(files: Iterable[tuple[str, Path]]) -> Iterator[bytes]:
    """A ZIP archive of ``files``, produced piece by piece (one chunk of a file at a time)."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in files:
            if not path.is_file():
                continue
            with path.open("rb") as source, archive.open(name, mode="w", force_zip64=True) as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()


def record_export(user: User, what: str) -> None:
    audit.record(user, "account.export", "user", user.id, what=what)
    db.session.flush()


# --- deletion --------------------------------------------------------------------------------


def deletion_refusal(user: User) -> str | None:
    """Why this account cannot be deleted now, or None."""
    if user.deleted_at is not None:
        return str(_l("This account is deleted already."))
    if user.has_role(Role.ADMIN):
        admins = db.session.scalar(
            select(func.count())
            .select_from(RoleGrant)
            .join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role == Role.ADMIN, User.deleted_at.is_(None))
        )
        if (admins or 0) <= 1:
            return str(
                _l(
                    "You are the only administrator. Grant the admin role to someone else "
                    "first; the platform needs at least one."
                )
            )
    return None


def _leave_team(user: User) -> None:
    """The person leaves every team. A draft that only they wrote goes with them (it was
    never public). In a published project the team goes on: when they were its only
    initiator, the member who joined first becomes initiator. A project left without any
    member stays published with its history; the coordination office decides about it."""
    from civic.projects import operations as project_ops
    from civic.projects.models import Membership, Project
    from civic.projects.workflow import MemberRole, ProjectState

    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
    ).all()
    for membership in memberships:
        project: Project = membership.project
        others = [m for m in project.memberships if m.user_id != user.id]
        if project.state is ProjectState.DRAFT and not others:
            project_ops.purge_draft(user, project)
            continue
        was_initiator = membership.role is MemberRole.INITIATOR
        project.memberships.remove(membership)
        db.session.flush()
        project_ops._recount(project)
        project_ops.record_event(project, "member_left", user, from_value=user.stored_name)
        if was_initiator and others and not any(m.role is MemberRole.INITIATOR for m in others):
            successor = min(others, key=lambda m: (m.joined_at, m.id))
            successor.role = MemberRole.INITIATOR
            project_ops.record_event(
                project, "initiator_handed", None, to_value=successor.user.display_name
            )
        audit.record(user, "project.leave", "project", project.id, account_deleted=True)
    db.session.flush()


def _give_up_roles(user: User) -> None:
    """Roles end with the account; mentoring ends the mentorships of a former council member
    when told (``signals.role_revoked``)."""
    for grant in list(user.role_grants):
        role = grant.role
        user.role_grants.remove(grant)
        db.session.flush()
        audit.record(user, "role.revoke", "user", user.id, role=role.value, account_deleted=True)
        signals.role_revoked.send(user, role=role, actor=user)
    if user.council_profile is not None:
        db.session.delete(user.council_profile)
    db.session.flush()


def _give_up_seats(user: User) -> None:
    from civic.events import operations as event_ops
    from civic.events.models import EventRegistration
    from civic.events.workflow import ACTIVE_STATUSES

    registrations = db.session.scalars(
        select(EventRegistration).where(
            EventRegistration.user_id == user.id, EventRegistration.status.in_(ACTIVE_STATUSES)
        )
    ).all()
    for registration in registrations:
        try:
            event_ops.cancel_registration(user, registration.event)
        except OperationError:
            continue  # the event has begun or was cancelled: the seat is history now
    db.session.flush()


def _close_open_requests(user: User) -> None:
    """Offers of help that wait for an answer are withdrawn; private mediation requests the
    person opened are closed (nobody could answer them any more)."""
    from civic.mentoring.models import MediationRequest
    from civic.mentoring.workflow import MediationStatus
    from civic.projects.models import Offer
    from civic.projects.workflow import RequestStatus

    now = utcnow()
    db.session.execute(
        update(Offer)
        .where(Offer.user_id == user.id, Offer.status == RequestStatus.PENDING)
        .values(status=RequestStatus.WITHDRAWN, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(MediationRequest)
        .where(
            MediationRequest.requester_id == user.id,
            MediationRequest.status == MediationStatus.OPEN,
        )
        .values(status=MediationStatus.CLOSED, closed_at=now)
        .execution_options(synchronize_session=False)
    )


def _related_projects(user: User) -> set[int]:
    """The projects whose timelines may name the person: their teams, the projects they
    mentored and those they were the administration's contact for."""
    from civic.mentoring.models import Mentorship
    from civic.projects.models import Membership, Project

    return set(
        db.session.scalars(
            select(Membership.project_id)
            .where(Membership.user_id == user.id)
            .union(
                select(Mentorship.project_id).where(Mentorship.mentor_id == user.id),
                select(Project.id).where(Project.department_contact_id == user.id),
            )
        )
    )


def _end_contact_role(user: User) -> None:
    """Projects that had the person as their contact in the administration have none now
    (the coordination office assigns a new one); their timelines say so."""
    from civic.projects import operations as project_ops
    from civic.projects.models import Project

    projects = db.session.scalars(
        select(Project).where(Project.department_contact_id == user.id).order_by(Project.id)
    ).all()
    for project in projects:
        project.department_contact_id = None
        project_ops.record_event(project, "contact_assigned", None, to_value="")
    db.session.flush()


def _forget_name(user: User, name: str, emails: set[str], projects: set[int]) -> None:
    """Remove the name and addresses from texts that copied them: the timelines of the
    person's projects, other people's notifications, invitations to a team, feedback on
    accessibility."""
    from civic.participation.models import Notification
    from civic.projects.models import Invitation, Need, Offer, TimelineEntry

    if name:
        entries = db.session.scalars(
            select(TimelineEntry).where(
                TimelineEntry.project_id.in_(projects),
                TimelineEntry.kind.in_(list(NAMED_IN_TIMELINE)),
                or_(TimelineEntry.to_value == name, TimelineEntry.from_value == name),
            )
        ).all()
        for entry in entries:
            column = NAMED_IN_TIMELINE[entry.kind]
            if getattr(entry, column) == name:
                setattr(entry, column, "")
                entry.details = {**entry.details, "former_member": True}
        helped = select(Need.project_id).join(Offer, Offer.need_id == Need.id)
        offered = db.session.scalars(
            select(TimelineEntry).where(
                TimelineEntry.kind == "offer_accepted",
                TimelineEntry.project_id.in_(helped.where(Offer.user_id == user.id)),
            )
        ).all()
        for entry in offered:
            if entry.details.get("helper") == name:
                details = {k: v for k, v in entry.details.items() if k != "helper"}
                entry.details = {**details, "former_member": True}
        notices = db.session.execute(
            select(Notification, User.locale)
            .join(User, User.id == Notification.user_id)
            .where(Notification.actor_id == user.id)
        ).all()
        for notice, locale in notices:
            with force_locale(locale or "de"):
                shown = former_member()
            notice.subject = notice.subject.replace(name, shown)
            notice.body = notice.body.replace(name, shown)
    if emails:
        # One placeholder per invitation: a team may have invited both of the person's
        # addresses, and an address is invited to a team only once.
        invitations = db.session.scalars(
            select(Invitation).where(func.lower(Invitation.email).in_(emails))
        ).all()
        for invitation in invitations:
            invitation.email = f"deleted-{user.id}-{invitation.id}@invalid"
    db.session.execute(
        update(AccessibilityFeedback)
        .where(AccessibilityFeedback.user_id == user.id)
        .values(name="", email="")
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def _empty_row(user: User) -> None:
    """Every personal column of the ``users`` row emptied; the row keeps its id and dates."""
    table = User.__table__
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in KEPT_USER_COLUMNS:
            continue
        if column.nullable:
            values[column.name] = None
        elif column.name == "email":
            values[column.name] = deleted_email(user.id)
        elif column.name == "password_hash":
            values[column.name] = "!"  # no password matches it
        elif column.name == "locale":
            values[column.name] = "de"
        elif column.name == "is_active":
            values[column.name] = False
        elif column.default is not None and column.default.is_scalar:
            values[column.name] = column.default.arg
        else:
            values[column.name] = ""
    values["deleted_at"] = utcnow()
    values["session_version"] = table.c.session_version + 1
    db.session.execute(update(table).where(table.c.id == user.id).values(**values))
    db.session.flush()
    db.session.expire(user)


def delete_account(user: User, password: str, confirmed: bool) -> None:
    """Delete the account of ``user`` at their own request (see the module's description).
    The caller commits and signs the person out."""
    check_password(user, password)
    if not confirmed:
        raise OperationError(
            _l("Please confirm that you want to delete your account."), field="confirm"
        )
    refusal = deletion_refusal(user)
    if refusal:
        raise OperationError(refusal)
    name = user.stored_name
    emails = {e.lower() for e in (user.email, user.pending_email) if e}
    projects = _related_projects(user)
    _leave_team(user)
    _end_contact_role(user)
    _give_up_roles(user)
    _give_up_seats(user)
    _close_open_requests(user)
    for table_name, column_name in PERSONAL_TABLES.items():
        table = Base.metadata.tables.get(table_name)
        if table is not None:
            db.session.execute(delete(table).where(table.c[column_name] == user.id))
    _forget_name(user, name, emails, projects)
    # The audit entry names no one: the account's id is all it keeps.
    audit.record(user, "account.delete", "user", user.id)
    _empty_row(user)
