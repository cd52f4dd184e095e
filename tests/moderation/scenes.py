"""Test data of moderation: reported items of each kind."""

from __future__ import annotations

from typing import Any

from civic.db import db
from civic.moderation.models import Report, ReportReason, TargetKind
from civic.participation.models import Comment, ProjectUpdate
from civic.projects.models import Project
from tests.factories import UserFactory, make_project


def make_comment(project: Project | None = None, author: Any = None, body: str = "") -> Comment:
    project = project or make_project()
    author = author or UserFactory()
    body = body or "Das ist doch alles Unsinn, ihr Deppen."
    comment = Comment(
        project_id=project.id, author_id=author.id, body_markdown=body, body_html=f"<p>{body}</p>"
    )
    db.session.add(comment)
    db.session.commit()
    return comment


def make_update(project: Project | None = None, author: Any = None) -> ProjectUpdate:
    project = project or make_project()
    author = author or project.memberships[0].user
    update = ProjectUpdate(
        project_id=project.id,
        author_id=author.id,
        title="Erster Arbeitseinsatz",
        body_markdown="Wir treffen uns am Samstag.",
        body_html="<p>Wir treffen uns am Samstag.</p>",
    )
    db.session.add(update)
    db.session.commit()
    return update


def make_report(
    kind: TargetKind,
    target_id: int,
    reporter: Any = None,
    reason: ReportReason = ReportReason.INSULT,
    message: str = "",
) -> Report:
    report = Report(
        target_kind=kind,
        target_id=target_id,
        reporter_id=(reporter or UserFactory()).id,
        reason=reason,
        message=message,
    )
    db.session.add(report)
    db.session.commit()
    return report
