"""Reads of moderation: the items that can be reported, the queue of open reports grouped per
item, an item's reports and history, a person's contributions and blocks. Every page loads
what it shows with a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil
from typing import Any

from flask import current_app, url_for
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from civic.accounts.models import User
from civic.core.pagination import Page, paginate
from civic.core.sanitize import plain_text
from civic.db import db, utcnow
from civic.moderation.models import ModerationAction, Report, ReportReason, TargetKind, UserBlock
from civic.moderation.workflow import DELETED_KINDS, USER_TARGET
from civic.participation.models import Comment, ProjectUpdate
from civic.projects.models import Membership, Project
from civic.projects.permissions import can_view_project

MODELS: dict[TargetKind, Any] = {
    TargetKind.PROJECT: Project,
    TargetKind.COMMENT: Comment,
    TargetKind.UPDATE: ProjectUpdate,
}

EXCERPT_LENGTH = 140


def target_kind(raw: str) -> TargetKind | None:
    try:
        return TargetKind(raw)
    except ValueError:
        return None


def _options(kind: TargetKind) -> list[Any]:
    if kind is TargetKind.PROJECT:
        return [
            selectinload(Project.created_by),
            selectinload(Project.memberships).selectinload(Membership.user),
        ]
    model = MODELS[kind]
    return [
        selectinload(model.author),
        selectinload(model.project).selectinload(Project.memberships),
    ]


def item(kind: TargetKind, target_id: int) -> Any | None:
    """The project, comment or update, hidden or not, with its author and project."""
    model = MODELS[kind]
    return db.session.scalar(select(model).where(model.id == target_id).options(*_options(kind)))


def project_of(kind: TargetKind, target: Any) -> Project:
    return target if kind is TargetKind.PROJECT else target.project


def author_of(kind: TargetKind, target: Any) -> User | None:
    """Who wrote the item: the person who proposed a project, the author of a comment or
    an update."""
    if kind is TargetKind.PROJECT:
        return target.created_by
    return target.author


def authors_to_tell(kind: TargetKind, target: Any) -> list[User]:
    """A project belongs to its team; a comment or an update to its author."""
    if kind is TargetKind.PROJECT:
        return [m.user for m in target.memberships]
    return [target.author]


def is_visible_to(user: Any, kind: TargetKind, target: Any) -> bool:
    """What a person sees of the item in its place (and so can report): a published project,
    a comment or update that is neither deleted nor hidden, of a project they can see."""
    project = project_of(kind, target)
    if not can_view_project(user, project) or project.hidden_at is not None:
        return False
    if kind is TargetKind.PROJECT:
        return project.is_published
    if getattr(target, "deleted_at", None) is not None or target.hidden_at is not None:
        return False
    return not target.author.is_blocked


def excerpt(kind: TargetKind, target: Any, length: int = EXCERPT_LENGTH) -> str:
    if kind is TargetKind.PROJECT:
        text = f"{target.title}: {target.summary}"
    elif kind is TargetKind.UPDATE:
        text = f"{target.title}: {plain_text(target.body_html)}"
    else:
        text = plain_text(target.body_html)
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def public_link(kind: TargetKind, target: Any, external: bool = False) -> str:
    """Where the item is shown to everyone: the project page, at the comment or update."""
    project = project_of(kind, target)
    url = url_for("projects.detail", project_id=project.id)
    if external:
        url = current_app.config["BASE_URL"].rstrip("/") + url
    if kind is TargetKind.COMMENT:
        return f"{url}#comment-{target.id}"
    if kind is TargetKind.UPDATE:
        return f"{url}#update-{target.id}"
    return url


def has_open_report(user: Any, kind: TargetKind, target_id: int) -> bool:
    return (
        db.session.scalar(
            select(Report.id).where(
                Report.target_kind == kind,
                Report.target_id == target_id,
                Report.reporter_id == user.id,
                Report.resolved_at.is_(None),
            )
        )
        is not None
    )


# --- the queue ---------------------------------------------------------------------------------


@dataclass
class QueueRow:
    """One reported item in the queue, with what its open reports say."""

    kind: TargetKind
    target_id: int
    count: int
    first_at: datetime
    last_at: datetime
    reasons: list[tuple[ReportReason, int]] = field(default_factory=list)
    target: Any | None = None

    @property
    def project(self) -> Project | None:
        return None if self.target is None else project_of(self.kind, self.target)

    @property
    def author(self) -> User | None:
        return None if self.target is None else author_of(self.kind, self.target)

    @property
    def excerpt(self) -> str:
        return "" if self.target is None else excerpt(self.kind, self.target)


def _open_groups() -> Any:
    return (
        select(
            Report.target_kind,
            Report.target_id,
            func.count().label("count"),
            func.min(Report.created_at).label("first_at"),
            func.max(Report.created_at).label("last_at"),
        )
        .where(Report.resolved_at.is_(None))
        .group_by(Report.target_kind, Report.target_id)
    )


def waiting_count() -> int:
    """Items with open reports (one query, for the navigation)."""
    groups = _open_groups().subquery()
    return db.session.scalar(select(func.count()).select_from(groups)) or 0


def _for_items(column_kind: Any, column_id: Any, ids: dict[TargetKind, list[int]]) -> Any:
    return or_(*(and_(column_kind == kind, column_id.in_(found)) for kind, found in ids.items()))


def queue(page: int, per_page: int = 25) -> Page[QueueRow]:
    """Open reports grouped per item, the longest waiting first. Queries: the count, the
    groups, the reasons, and each kind of item with its author and project."""
    total = waiting_count()
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    groups = _open_groups().subquery()
    rows = [
        QueueRow(
            kind=TargetKind(r.target_kind),
            target_id=r.target_id,
            count=r.count,
            first_at=r.first_at,
            last_at=r.last_at,
        )
        for r in db.session.execute(
            select(groups)
            .order_by(groups.c.first_at, groups.c.target_kind, groups.c.target_id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    ]
    ids: dict[TargetKind, list[int]] = defaultdict(list)
    for row in rows:
        ids[row.kind].append(row.target_id)
    if rows:
        reasons: dict[tuple[TargetKind, int], list[tuple[ReportReason, int]]] = defaultdict(list)
        for kind, target_id, reason, count in db.session.execute(
            select(Report.target_kind, Report.target_id, Report.reason, func.count())
            .where(
                Report.resolved_at.is_(None),
                _for_items(Report.target_kind, Report.target_id, ids),
            )
            .group_by(Report.target_kind, Report.target_id, Report.reason)
            .order_by(func.count().desc(), Report.reason)
        ):
            reasons[(TargetKind(kind), target_id)].append((ReportReason(reason), count))
        targets: dict[tuple[TargetKind, int], Any] = {}
        for kind, found in ids.items():
            model = MODELS[kind]
            for target in db.session.scalars(
                select(model).where(model.id.in_(found)).options(*_options(kind))
            ):
                targets[(kind, target.id)] = target
        for row in rows:
            row.reasons = reasons[(row.kind, row.target_id)]
            row.target = targets.get((row.kind, row.target_id))
    return Page(items=rows, page=page, per_page=per_page, total=total)


# --- an item -----------------------------------------------------------------------------------


def reports_of(kind: TargetKind, target_id: int) -> list[Report]:
    """The item's reports, open ones first, each with its reporter."""
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.target_kind == kind, Report.target_id == target_id)
            .order_by(Report.resolved_at.is_not(None), Report.created_at.desc(), Report.id.desc())
            .limit(200)
            .options(selectinload(Report.reporter))
        )
    )


def history(target_kind: str, target_id: int) -> list[ModerationAction]:
    return list(
        db.session.scalars(
            select(ModerationAction)
            .where(
                ModerationAction.target_kind == str(target_kind),
                ModerationAction.target_id == target_id,
            )
            .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
            .limit(100)
            .options(selectinload(ModerationAction.moderator))
        )
    )


# --- people ------------------------------------------------------------------------------------


def contribution_counts(user: User) -> dict[str, int]:
    """What the person wrote: projects proposed, comments, project news (one query)."""
    row = db.session.execute(
        select(
            select(func.count())
            .select_from(Project)
            .where(Project.created_by_id == user.id, Project.deleted_at.is_(None))
            .scalar_subquery(),
            select(func.count())
            .select_from(Comment)
            .where(Comment.author_id == user.id, Comment.deleted_at.is_(None))
            .scalar_subquery(),
            select(func.count())
            .select_from(ProjectUpdate)
            .where(ProjectUpdate.author_id == user.id, ProjectUpdate.deleted_at.is_(None))
            .scalar_subquery(),
        )
    ).one()
    return {"projects": row[0], "comments": row[1], "updates": row[2]}


def blocks_of(user: User) -> list[UserBlock]:
    return list(
        db.session.scalars(
            select(UserBlock)
            .where(UserBlock.user_id == user.id)
            .order_by(UserBlock.created_at.desc(), UserBlock.id.desc())
            .options(selectinload(UserBlock.created_by))
        )
    )


def _holding() -> Any:
    now = utcnow()
    return and_(
        UserBlock.lifted_at.is_(None),
        or_(UserBlock.until.is_(None), UserBlock.until > now),
    )


def current_block(user: User) -> UserBlock | None:
    """The block that holds the person now (the latest, should there be more)."""
    return db.session.scalar(
        select(UserBlock)
        .where(UserBlock.user_id == user.id, _holding())
        .order_by(UserBlock.created_at.desc(), UserBlock.id.desc())
        .limit(1)
    )


def current_blocks(page: int) -> Page[UserBlock]:
    return paginate(
        select(UserBlock)
        .where(_holding())
        .order_by(UserBlock.created_at.desc(), UserBlock.id.desc())
        .options(selectinload(UserBlock.user), selectinload(UserBlock.created_by)),
        page,
    )


def user_history(user: User) -> list[ModerationAction]:
    return history(USER_TARGET, user.id)


# --- deleted items -----------------------------------------------------------------------------


def deleted_counts() -> dict[TargetKind, int]:
    """How many deleted items of each kind there are (one query)."""
    row = db.session.execute(
        select(
            *(
                select(func.count())
                .select_from(MODELS[kind])
                .where(MODELS[kind].deleted_at.is_not(None))
                .scalar_subquery()
                for kind in DELETED_KINDS
            )
        )
    ).one()
    return dict(zip(DELETED_KINDS, row, strict=True))


def deleted_items(kind: TargetKind, page: int) -> Page[Any]:
    """Deleted items of one kind, the most recently deleted first, with who deleted them."""
    model = MODELS[kind]
    stmt = (
        select(model)
        .where(model.deleted_at.is_not(None))
        .order_by(model.deleted_at.desc(), model.id.desc())
        .options(*_options(kind), selectinload(model.deleted_by))
    )
    return paginate(stmt, page, per_page=25)


def deleted_item(kind: TargetKind, target_id: int) -> Any | None:
    found = item(kind, target_id)
    return found if found is not None and found.deleted_at is not None else None
