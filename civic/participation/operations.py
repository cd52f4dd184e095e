"""Everything that changes comments, project updates and follows. Each operation takes the
acting user, checks the permission and the state, writes the audit log, tells the people
concerned (``notifications.notify``) and flushes; the caller commits. Refusals are
``OperationError`` (a message for the user) or ``PermissionDenied``.

The receivers at the end make people follow the projects they support or join, and tell the
followers of a district or topic when a project is published there."""

from __future__ import annotations

from typing import IO, Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from civic.accounts.models import User
from civic.core import audit, signals
from civic.core.errors import OperationError, PermissionDenied
from civic.core.images import store_image
from civic.core.markdown import render_markdown
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.participation import permissions as perm
from civic.participation import queries
from civic.participation.models import Comment, Follow, FollowKind, ProjectUpdate
from civic.participation.notifications import notify
from civic.projects.models import Project

QUOTE_LENGTH = 300

BLOCKED = _l(
    "Your account is blocked by the moderation team, so you cannot post at the moment. "
    "You can still read everything."
)
NO_REPLY_TO_REPLY = _l("You can only reply to a comment, not to a reply.")
REPLY_TO_DELETED = _l("This comment has been deleted, so it can no longer be answered.")
REPLY_TO_HIDDEN = _l("This comment was hidden by moderation, so it can no longer be answered.")
EDIT_TIME_OVER = _l(
    "Comments can only be changed within %(minutes)d minutes of posting. This time is over; "
    "you can still delete the comment.",
    minutes=perm.EDIT_MINUTES,
)
ALREADY_DELETED = _l("This comment has been deleted already.")
HIDDEN_NO_EDIT = _l("This was hidden by moderation and can no longer be changed.")
EMPTY_COMMENT = _l("Please write something.")
GONE = _l("This no longer exists.")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _not_blocked(actor: Any) -> None:
    """A blocked person is told why, instead of a bare refusal."""
    if getattr(actor, "is_authenticated", False) and actor.is_blocked:
        raise OperationError(BLOCKED)


def _external(endpoint: str, anchor: str = "", **values: object) -> str:
    link = current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)
    return link + (f"#{anchor}" if anchor else "")


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


# --- comments ----------------------------------------------------------------------------------


def post_comment(
    actor: User, project: Project, body: str, parent: Comment | None = None
) -> Comment:
    """A comment on a project, or a reply to a top-level comment. Its author follows the
    project from now on; the team hears of a comment, the parent's author of a reply."""
    _not_blocked(actor)
    _require(perm.can_comment(actor, project))
    if parent is not None:
        if parent.project_id != project.id:
            raise PermissionDenied()
        if parent.parent_id is not None:
            raise OperationError(NO_REPLY_TO_REPLY)
        if parent.deleted_at is not None:
            raise OperationError(REPLY_TO_DELETED)
        if perm.is_hidden(parent):
            raise OperationError(REPLY_TO_HIDDEN)
    if not body.strip():
        raise OperationError(EMPTY_COMMENT, field="body")
    comment = Comment(
        project_id=project.id,
        parent_id=parent.id if parent is not None else None,
        author_id=actor.id,
        author=actor,
        project=project,
        body_markdown=body,
        body_html=render_markdown(body),
        created_at=utcnow(),
    )
    db.session.add(comment)
    if parent is not None:
        db.session.execute(
            update(Comment)
            .where(Comment.id == parent.id)
            .values(reply_count=Comment.reply_count + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(parent, ["reply_count"])
    db.session.flush()
    audit.record(actor, "comment.create", "comment", comment.id, project_id=project.id)
    follow(actor, FollowKind.PROJECT, project.id)
    link = _external("projects.detail", f"comment-{comment.id}", project_id=project.id)
    if parent is not None:
        notify(
            [parent.author],
            actor,
            _l("%(name)s replied to your comment", name=actor.display_name),
            _l(
                "%(name)s replied to your comment on “%(title)s”.",
                name=actor.display_name,
                title=project.title,
            ),
            link,
            _quote(body),
            kind="comments",
        )
    else:
        notify(
            [m.user for m in project.memberships],
            actor,
            _l("A new comment on “%(title)s”", title=project.title),
            _l(
                "%(name)s commented on your project “%(title)s”.",
                name=actor.display_name,
                title=project.title,
            ),
            link,
            _quote(body),
            kind="comments",
        )
    return comment


def check_comment_editable(actor: User, comment: Comment) -> None:
    """Raise why ``actor`` may not change ``comment`` (a message the author understands)."""
    _not_blocked(actor)
    _require(perm.is_comment_author(actor, comment))
    if comment.deleted_at is not None:
        raise OperationError(ALREADY_DELETED)
    if comment.hidden_at is not None:
        raise OperationError(HIDDEN_NO_EDIT)
    if not perm.edit_time_left(comment):
        raise OperationError(EDIT_TIME_OVER)
    _require(perm.can_edit_comment(actor, comment))


def edit_comment(actor: User, comment: Comment, body: str) -> Comment:
    """The author corrects a comment within ``EDIT_MINUTES``; it is marked as edited."""
    check_comment_editable(actor, comment)
    if not body.strip():
        raise OperationError(EMPTY_COMMENT, field="body")
    if body != comment.body_markdown:
        comment.body_markdown = body
        comment.body_html = render_markdown(body)
        comment.edited_at = utcnow()
        audit.record(actor, "comment.edit", "comment", comment.id)
    db.session.flush()
    return comment


def delete_comment(actor: User, comment: Comment) -> None:
    """The text goes from every page; the place stays (marked as deleted), and so do the
    replies. The moderators keep the text and can restore the comment."""
    _require(perm.is_comment_author(actor, comment))
    if comment.deleted_at is not None:
        raise OperationError(ALREADY_DELETED)
    comment.deleted_at = utcnow()
    comment.deleted_by_id = actor.id
    audit.record(actor, "comment.delete", "comment", comment.id, project_id=comment.project_id)
    db.session.flush()


# --- project updates ---------------------------------------------------------------------------


def _apply_update(
    item: ProjectUpdate,
    *,
    title: str,
    body: str,
    image: IO[bytes] | None,
    image_alt: str,
    remove_image: bool,
) -> None:
    if image is not None:
        if not image_alt:
            raise OperationError(
                _l("Please describe the image for people who cannot see it."), field="image_alt"
            )
        item.image_filename = store_image(image, field="image")
    elif remove_image:
        item.image_filename = None
    if item.image_filename and not image_alt:
        raise OperationError(
            _l("Please describe the image for people who cannot see it."), field="image_alt"
        )
    item.image_alt = image_alt if item.image_filename else ""
    item.title = title
    item.body_markdown = body
    item.body_html = render_markdown(body)


def post_update(
    actor: User,
    project: Project,
    *,
    title: str,
    body: str,
    image: IO[bytes] | None = None,
    image_alt: str = "",
) -> ProjectUpdate:
    """News from the team; everyone following the project hears of it."""
    _not_blocked(actor)
    _require(perm.can_post_update(actor, project))
    item = ProjectUpdate(project_id=project.id, author_id=actor.id, author=actor, project=project)
    _apply_update(
        item, title=title, body=body, image=image, image_alt=image_alt, remove_image=False
    )
    item.created_at = utcnow()
    db.session.add(item)
    db.session.flush()
    project.last_activity_at = item.created_at
    audit.record(actor, "update.create", "project_update", item.id, project_id=project.id)
    notify(
        queries.project_followers(project),
        actor,
        _l("News from “%(project)s”: %(title)s", project=project.title, title=title),
        _l("The team of “%(project)s” has posted news.", project=project.title),
        _external("participation.updates", f"update-{item.id}", project_id=project.id),
        _quote(body),
        kind="updates",
    )
    db.session.flush()
    return item


def edit_update(
    actor: User,
    item: ProjectUpdate,
    *,
    title: str,
    body: str,
    image: IO[bytes] | None = None,
    image_alt: str = "",
    remove_image: bool = False,
) -> ProjectUpdate:
    _not_blocked(actor)
    if item.hidden_at is not None and perm.is_team_member(actor, item.project):
        raise OperationError(HIDDEN_NO_EDIT)
    _require(perm.can_edit_update(actor, item))
    _apply_update(
        item,
        title=title,
        body=body,
        image=image,
        image_alt=image_alt,
        remove_image=remove_image,
    )
    item.edited_at = utcnow()
    audit.record(actor, "update.edit", "project_update", item.id)
    db.session.flush()
    return item


def delete_update(actor: User, item: ProjectUpdate) -> None:
    """The news goes from every page and feed; the moderators can restore it."""
    _require(perm.can_delete_update(actor, item))
    if item.deleted_at is not None:
        raise OperationError(GONE)
    item.deleted_at = utcnow()
    item.deleted_by_id = actor.id
    audit.record(actor, "update.delete", "project_update", item.id, project_id=item.project_id)
    db.session.flush()


# --- follows -----------------------------------------------------------------------------------


def follow(user: User, kind: FollowKind, target_id: int) -> bool:
    """Follow a project, district or topic; True if this is new. Twice changes nothing."""
    if queries.is_following(user, kind, target_id):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, kind=kind, target_id=target_id))
    except IntegrityError:
        # A parallel request of the same person was faster; the constraint kept it to one.
        return False
    return True


def unfollow(user: User, kind: FollowKind, target_id: int) -> bool:
    result = db.session.execute(
        delete(Follow).where(
            Follow.user_id == user.id, Follow.kind == kind, Follow.target_id == target_id
        )
    )
    db.session.flush()
    return bool(getattr(result, "rowcount", 0))


def follow_target(kind: FollowKind, target_id: int) -> Project | District | Topic | None:
    """What a follow points at, if it exists (and, for a project, is published)."""
    if kind is FollowKind.PROJECT:
        project = db.session.get(Project, target_id)
        return project if project is not None and project.is_published else None
    model = District if kind is FollowKind.DISTRICT else Topic
    return db.session.get(model, target_id)


def follow_as(actor: User, kind: FollowKind, target_id: int) -> bool:
    """A person asks to follow something (the button)."""
    target = follow_target(kind, target_id)
    if target is None:
        raise OperationError(GONE)
    if isinstance(target, Project):
        _require(perm.can_follow_project(actor, target))
    else:
        _require(perm.can_follow(actor))
    return follow(actor, kind, target_id)


def unfollow_as(actor: User, kind: FollowKind, target_id: int) -> bool:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    return unfollow(actor, kind, target_id)


# --- receivers ---------------------------------------------------------------------------------


@signals.project_supported.connect
def _follow_supported(project: Project, user: User | None = None, **_: Any) -> None:
    """Who supports a project hears of its news."""
    if user is not None:
        follow(user, FollowKind.PROJECT, project.id)


@signals.member_joined.connect
def _follow_joined(project: Project, user: User | None = None, **_: Any) -> None:
    """A new team member follows the project."""
    if user is not None:
        follow(user, FollowKind.PROJECT, project.id)


@signals.project_published.connect
def _tell_term_followers(project: Project, actor: Any = None, **_: Any) -> None:
    """The followers of the project's districts and topics hear of it, each person once."""
    districts = ", ".join(d.name for d in project.districts)
    notify(
        queries.followers_of_terms(project),
        actor,
        _l("A new project: “%(title)s”", title=project.title),
        _l(
            "A project was published in a district or topic you follow (%(districts)s): "
            "%(summary)s",
            districts=districts,
            summary=project.summary,
        ),
        _external("projects.detail", project_id=project.id),
        kind="projects",
    )
