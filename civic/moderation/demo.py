"""Demo data of moderation: open reports from demo citizens on a few items (one item with
several), one comment already hidden with its reason, one comment its author deleted, and one
block that was lifted again.
Clara, the demo citizen, is never blocked. Loading it twice changes nothing (nothing is added
once any report exists).

The rows are written directly rather than through the operations, which would mail the
people concerned while the demo loads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from civic.accounts.models import User
from civic.core import audit
from civic.core.markdown import render_markdown
from civic.db import db, utcnow
from civic.moderation.models import ModerationAction, Report, ReportReason, TargetKind, UserBlock
from civic.moderation.workflow import USER_TARGET, ActionKind, Resolution
from civic.participation.models import Comment
from civic.projects.models import Project
from civic.projects.workflow import ProjectState

DOMAIN = "demo.civic.example"
MODERATOR = f"moderation@{DOMAIN}"
CLARA = f"buergerin@{DOMAIN}"
REPORTERS = ["jonas.weber", "lena.hoffmann", "matthias.krause", "sophie.lehmann"]
BLOCKED_ONCE = "thomas.fischer"

SPAM = (
    "Günstige Designer-Uhren ab 19 €! Nur heute – bestellen Sie jetzt unter "
    "www.uhren-schnaeppchen.example und sparen Sie 80 %!"
)


def _user(local_part: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == f"{local_part}@{DOMAIN}"))


def _report(
    kind: TargetKind,
    target_id: int,
    reporter: User,
    reason: ReportReason,
    message: str,
    ago: timedelta,
    **resolved: Any,
) -> None:
    db.session.add(
        Report(
            target_kind=kind,
            target_id=target_id,
            reporter_id=reporter.id,
            reason=reason,
            message=message,
            created_at=utcnow() - ago,
            **resolved,
        )
    )


def _action(moderator: User, action: ActionKind, kind: str, target_id: int, reason: str) -> None:
    when = utcnow()
    db.session.add(
        ModerationAction(
            action=action.value,
            target_kind=kind,
            target_id=target_id,
            reason=reason,
            moderator_id=moderator.id,
            created_at=when,
        )
    )
    audit.record(moderator, f"moderation.{action.value}", kind, target_id, reason=reason, demo=True)


def load_moderation() -> None:
    if db.session.scalar(select(Report.id).limit(1)) is not None:
        return
    moderator = db.session.scalar(select(User).where(User.email == MODERATOR))
    reporters = [user for key in REPORTERS if (user := _user(key)) is not None]
    projects = list(
        db.session.scalars(
            select(Project)
            .where(Project.state == ProjectState.ACTIVE, Project.hidden_at.is_(None))
            .order_by(Project.id)
            .limit(3)
        )
    )
    if moderator is None or len(reporters) < 3 or len(projects) < 2:
        return
    now = utcnow()

    def outsiders(project: Project) -> list[User]:
        team = {m.user_id for m in project.memberships}
        return [r for r in reporters if r.id not in team and r.email != CLARA]

    # A project reported three times, another one once.
    many, once = projects[0], projects[1]
    for days, (reporter, reason, message) in enumerate(
        zip(
            outsiders(many),
            [ReportReason.SPAM, ReportReason.SPAM, ReportReason.OFF_TOPIC],
            [
                "Das sieht nach Werbung für eine Firma aus.",
                "",
                "Hat mit Bürgerbeteiligung wenig zu tun.",
            ],
            strict=False,
        ),
        start=1,
    ):
        _report(TargetKind.PROJECT, many.id, reporter, reason, message, timedelta(days=days))
    first = outsiders(once)
    if first:
        _report(
            TargetKind.PROJECT,
            once.id,
            first[0],
            ReportReason.PERSONAL_DATA,
            "In der Beschreibung steht die private Telefonnummer eines Nachbarn.",
            timedelta(hours=20),
        )

    # A comment of the demo, if there is one, is reported as an insult.
    comment = db.session.scalar(
        select(Comment)
        .where(Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
        .order_by(Comment.id)
        .limit(1)
    )
    if comment is not None:
        for hours, reporter in enumerate(
            [r for r in reporters if r.id != comment.author_id][:2], start=3
        ):
            _report(
                TargetKind.COMMENT,
                comment.id,
                reporter,
                ReportReason.INSULT,
                "Der Ton geht gar nicht.",
                timedelta(hours=hours),
            )

    # A spam comment the moderators hid already; its report is settled.
    spammer = _user(BLOCKED_ONCE) or reporters[-1]
    reason = "Werbung oder Spam – Werbung für einen Onlineshop, ohne Bezug zum Projekt."
    spam = Comment(
        project_id=once.id,
        author_id=spammer.id,
        body_markdown=SPAM,
        body_html=render_markdown(SPAM),
        created_at=now - timedelta(days=70),
        hidden_at=now - timedelta(days=69),
        hidden_reason=reason,
        hidden_by_id=moderator.id,
    )
    db.session.add(spam)
    db.session.flush()
    _report(
        TargetKind.COMMENT,
        spam.id,
        reporters[0],
        ReportReason.SPAM,
        "",
        timedelta(days=70) - timedelta(hours=2),
        resolved_at=now - timedelta(days=69),
        resolved_by_id=moderator.id,
        resolution=Resolution.HIDDEN.value,
    )
    _action(moderator, ActionKind.HIDE, TargetKind.COMMENT.value, spam.id, reason)

    # The author of the spam was blocked for a week and unblocked early.
    block = UserBlock(
        user_id=spammer.id,
        reason="Wiederholt Werbung in Kommentaren.",
        until=now - timedelta(days=62),
        created_by_id=moderator.id,
        created_at=now - timedelta(days=69),
        lifted_at=now - timedelta(days=66),
        lifted_by_id=moderator.id,
    )
    db.session.add(block)
    _action(moderator, ActionKind.BLOCK, USER_TARGET, spammer.id, block.reason)
    _action(
        moderator,
        ActionKind.UNBLOCK,
        USER_TARGET,
        spammer.id,
        "Hat sich entschuldigt und versprochen, keine Werbung mehr zu posten.",
    )
    spammer.blocked_at = spammer.blocked_until = None

    # A comment its author deleted, by mistake as its text says: the list of deleted content
    # has an entry a moderator can restore.
    regretful = reporters[1] if len(reporters) > 1 else reporters[0]
    regret = "Danke für die Einladung, ich bringe am Samstag zwei Spaten mit."
    db.session.add(
        Comment(
            project_id=once.id,
            author_id=regretful.id,
            body_markdown=regret,
            body_html=render_markdown(regret),
            created_at=now - timedelta(days=3),
            deleted_at=now - timedelta(days=3) + timedelta(minutes=4),
            deleted_by_id=regretful.id,
        )
    )
    db.session.flush()
