"""Reads of the participation domain. Every page loads what it shows with a fixed number of
queries, however many comments, replies, updates or follows there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from civic.accounts.models import User
from civic.core.models import District, Topic
from civic.core.pagination import KeysetPage, keyset_paginate
from civic.db import db, utcnow
from civic.participation.models import Comment, Follow, FollowKind, ProjectUpdate
from civic.projects.models import Project, project_districts, project_topics
from civic.projects.workflow import ProjectState

COMMENTS_PER_PAGE = 20
UPDATES_PER_PAGE = 10
FEED_SIZE = 50


@dataclass
class CommentPage:
    """Top-level comments of one page (newest first) and the replies to each (oldest first)."""

    page: KeysetPage[Comment]
    replies: dict[int, list[Comment]] = field(default_factory=dict)

    @property
    def items(self) -> list[Comment]:
        return self.page.items

    @property
    def total(self) -> int:
        return self.page.total

    @property
    def more(self) -> bool:
        return self.page.more


def comment_page(
    project: Project,
    after: str | None = None,
    before: str | None = None,
    per_page: int = COMMENTS_PER_PAGE,
) -> CommentPage:
    """Three queries whatever the page: the count, the comments with their authors, and all
    replies to these comments with their authors."""
    stmt = (
        select(Comment)
        .where(Comment.project_id == project.id, Comment.parent_id.is_(None))
        .options(joinedload(Comment.author))
    )
    keys = (Comment.created_at, Comment.id)
    page = keyset_paginate(
        stmt,
        keys,
        key_of=lambda c: (c.created_at, c.id),
        after=after,
        before=before,
        per_page=per_page,
    )
    replies: dict[int, list[Comment]] = defaultdict(list)
    if page.items:
        for reply in db.session.scalars(
            select(Comment)
            .where(Comment.parent_id.in_([c.id for c in page.items]))
            .options(joinedload(Comment.author))
            .order_by(Comment.created_at, Comment.id)
        ):
            replies[reply.parent_id or 0].append(reply)
    return CommentPage(page=page, replies=dict(replies))


def comment_for_page(comment_id: int) -> Comment | None:
    return db.session.scalar(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.author), joinedload(Comment.project))
    )


def update_for_page(update_id: int) -> ProjectUpdate | None:
    """An update that was not deleted (a deleted one is only in the moderation area)."""
    return db.session.scalar(
        select(ProjectUpdate)
        .where(ProjectUpdate.id == update_id, ProjectUpdate.deleted_at.is_(None))
        .options(joinedload(ProjectUpdate.author), joinedload(ProjectUpdate.project))
    )


def _updates_of(project: Project) -> Any:
    return (
        select(ProjectUpdate)
        .where(ProjectUpdate.project_id == project.id, ProjectUpdate.deleted_at.is_(None))
        .options(joinedload(ProjectUpdate.author))
    )


def latest_updates(project: Project, limit: int = 3) -> list[ProjectUpdate]:
    return list(
        db.session.scalars(
            _updates_of(project)
            .order_by(ProjectUpdate.created_at.desc(), ProjectUpdate.id.desc())
            .limit(limit)
        )
    )


def update_page(
    project: Project, after: str | None = None, before: str | None = None
) -> KeysetPage[ProjectUpdate]:
    keys = (ProjectUpdate.created_at, ProjectUpdate.id)
    return keyset_paginate(
        _updates_of(project),
        keys,
        key_of=lambda u: (u.created_at, u.id),
        after=after,
        before=before,
        per_page=UPDATES_PER_PAGE,
    )


def _not_blocked() -> Any:
    return or_(User.blocked_at.is_(None), User.blocked_until <= utcnow())


def feed_updates(project: Project | None = None, limit: int = FEED_SIZE) -> list[ProjectUpdate]:
    """The newest updates everyone may read: not deleted, not hidden by moderation, not by a
    blocked author, of a published project that is not hidden."""
    stmt = (
        select(ProjectUpdate)
        .join(User, ProjectUpdate.author_id == User.id)
        .join(Project, ProjectUpdate.project_id == Project.id)
        .where(
            ProjectUpdate.deleted_at.is_(None),
            ProjectUpdate.hidden_at.is_(None),
            _not_blocked(),
            Project.state != ProjectState.DRAFT,
            Project.hidden_at.is_(None),
        )
        .options(joinedload(ProjectUpdate.author), joinedload(ProjectUpdate.project))
        .order_by(ProjectUpdate.created_at.desc(), ProjectUpdate.id.desc())
        .limit(limit)
    )
    if project is not None:
        stmt = stmt.where(ProjectUpdate.project_id == project.id)
    return list(db.session.scalars(stmt))


# --- follows -----------------------------------------------------------------------------------


def is_following(user: Any, kind: FollowKind, target_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(Follow.id).where(
                Follow.user_id == user.id, Follow.kind == kind, Follow.target_id == target_id
            )
        )
        is not None
    )


@dataclass
class Following:
    projects: list[Project]
    districts: list[District]
    topics: list[Topic]

    @property
    def empty(self) -> bool:
        return not (self.projects or self.districts or self.topics)


def following(user: User) -> Following:
    """What a person follows (four queries: the follows, then each kind of target)."""
    targets: dict[FollowKind, list[int]] = defaultdict(list)
    for row in db.session.execute(
        select(Follow.kind, Follow.target_id).where(Follow.user_id == user.id)
    ):
        targets[row.kind].append(row.target_id)
    projects = list(
        db.session.scalars(
            select(Project)
            .where(Project.id.in_(targets[FollowKind.PROJECT]), Project.state != ProjectState.DRAFT)
            .options(selectinload(Project.districts))
            .order_by(Project.title)
        )
    )
    districts = list(
        db.session.scalars(
            select(District)
            .where(District.id.in_(targets[FollowKind.DISTRICT]))
            .order_by(District.name)
        )
    )
    topics = list(
        db.session.scalars(
            select(Topic).where(Topic.id.in_(targets[FollowKind.TOPIC])).order_by(Topic.name_de)
        )
    )
    return Following(projects=projects, districts=districts, topics=topics)


def project_followers(project: Project) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Follow, and_(Follow.user_id == User.id))
            .where(Follow.kind == FollowKind.PROJECT, Follow.target_id == project.id)
            .order_by(User.id)
        )
    )


def followers_of_terms(project: Project) -> list[User]:
    """Everyone who follows one of the project's districts or topics, each once."""
    districts = select(project_districts.c.district_id).where(
        project_districts.c.project_id == project.id
    )
    topics = select(project_topics.c.topic_id).where(project_topics.c.project_id == project.id)
    followers = select(Follow.user_id).where(
        or_(
            and_(Follow.kind == FollowKind.DISTRICT, Follow.target_id.in_(districts)),
            and_(Follow.kind == FollowKind.TOPIC, Follow.target_id.in_(topics)),
        )
    )
    return list(db.session.scalars(select(User).where(User.id.in_(followers)).order_by(User.id)))
