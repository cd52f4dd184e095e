"""Demo data of the participation domain: a lively discussion with replies on several demo
projects (the demo citizen Clara, buergerin@, comments and is answered), news posted by the
teams, and what Clara follows (some projects and the district Pieschen).

``load_participation()`` adds nothing when a comment exists already, so loading twice changes
nothing. Rows are built directly (no notifications, no timeline entries); every timestamp lies
after the project's publication and before now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from civic.accounts.models import User
from civic.core.markdown import render_markdown
from civic.core.models import District
from civic.db import db, utcnow
from civic.participation.models import Comment, Follow, FollowKind, ProjectUpdate
from civic.projects.demo import CITIZENS, DOMAIN, citizen_key
from civic.projects.models import Membership, Project
from civic.projects.workflow import ProjectState

CLARA = "buergerin"


@dataclass(frozen=True)
class Talk:
    """A comment (by the person ``who``, a demo address's local part or a citizen's index) at
    ``share`` of the time since publication, with replies (who, text), each a little later."""

    who: str | int
    text: str
    share: float
    replies: tuple[tuple[str | int, str], ...] = ()


# Title of the demo project → its discussion, and the team's news (title, text, share).
DISCUSSIONS: dict[str, tuple[list[Talk], list[tuple[str, str, float]]]] = {
    "Mehr Sitzbänke an der Bautzner Straße": (
        [
            Talk(
                CLARA,
                "Ich gehe die Bautzner Straße jeden Tag mit meiner Mutter entlang. Zwischen "
                "Albertplatz und Diakonissenweg gibt es **keine einzige Bank** – eine in der "
                "Mitte würde schon viel helfen.",
                0.3,
                (
                    (
                        "team",
                        "Danke, Clara! Genau diese Lücke haben wir auch auf unserer Karte. "
                        "Magst du beim Begehungstermin dabei sein?",
                    ),
                    (CLARA, "Sehr gern, sagt mir einfach Bescheid."),
                ),
            ),
            Talk(
                3,
                "Bitte an Bänke mit Armlehnen denken – ohne kommen viele Ältere schlecht "
                "wieder hoch.",
                0.5,
                (("team", "Guter Punkt, das nehmen wir in die Anforderungen auf."),),
            ),
            Talk(7, "Wer kümmert sich später um die Pflege der Bänke?", 0.7),
        ],
        [
            (
                "Begehung mit dem Ortsamt",
                "Am Samstag sind wir mit dem Ortsamt die ganze Straße abgelaufen und haben "
                "**sieben mögliche Standorte** markiert. Danke an alle, die mitgekommen sind!",
                0.6,
            ),
        ],
    ),
    "Gemeinschaftsgarten am Rand des Alaunplatzes": (
        [
            Talk(
                CLARA,
                "Was für eine schöne Idee! Gibt es schon einen Plan, woher das Wasser kommt?",
                0.25,
                (
                    (
                        "team",
                        "Wir sprechen gerade mit dem Grünflächenamt über einen "
                        "Hydrantenanschluss. Bis dahin sammeln wir Regenwasser.",
                    ),
                ),
            ),
            Talk(
                11,
                "Ich habe noch Hochbeete aus Lärchenholz übrig und bringe sie gern vorbei.",
                0.45,
                (("team", "Wunderbar, melde dich gern über die Bedarfe!"), (CLARA, "Toll!")),
            ),
            Talk(14, "Kommen auch Beete für Kinder der Kita nebenan?", 0.65),
        ],
        [
            (
                "Die ersten Beete sind angelegt",
                "Zwölf Leute, drei Schubkarren Kompost und viel Kuchen: die ersten vier Beete "
                "stehen. Nächster Pflanztermin ist in zwei Wochen.",
                0.5,
            ),
            (
                "Regentonnen gespendet",
                "Der Baumarkt in der Neustadt hat uns **zwei Regentonnen** geschenkt. Danke!",
                0.8,
            ),
        ],
    ),
    "Lastenräder zum Ausleihen in Pieschen": (
        [
            Talk(
                5,
                "Könnte man die Räder auch über das Wochenende ausleihen? Für den Umzug meiner "
                "Tochter wäre das ideal.",
                0.4,
                ((CLARA, "Ja, am Wochenende bis Montagmorgen – wir schreiben das noch auf."),),
            ),
            Talk(9, "Super Projekt, ich unterstütze gern!", 0.6),
        ],
        [
            (
                "Erster Standort gefunden",
                "Die Kirchgemeinde stellt uns ihren Schuppen an der Bürgerstraße zur "
                "Verfügung. Ab nächsten Monat könnt ihr das erste Rad ausleihen.",
                0.7,
            ),
        ],
    ),
    "Kleine Kulturbühne am Pieschener Hafen": (
        [
            Talk(
                2,
                "Wird es auch Programm für Jugendliche geben? Eine offene Bühne wäre toll.",
                0.35,
                ((CLARA, "Auf jeden Fall – ein Abend im Monat soll eine offene Bühne sein."),),
            ),
        ],
        [],
    ),
}

# Clara follows these projects (besides those she comments on) and the district Pieschen.
CLARA_FOLLOWS = ("Schulgarten-Netzwerk für Prohlis", "Offene Holzwerkstatt im Hechtviertel")


def _at(project: Project, now: datetime, share: float) -> datetime:
    start = project.published_at or now - timedelta(days=30)
    return start + (now - start) * share


def load_participation() -> int:
    """Add the demo discussions, news and follows unless a comment exists; returns the number
    of comments added."""
    if db.session.scalar(select(func.count()).select_from(Comment)):
        return 0
    now = utcnow().replace(second=0, microsecond=0) - timedelta(hours=2)
    clara = db.session.scalar(select(User).where(User.email == f"{CLARA}@{DOMAIN}"))
    citizens = [
        db.session.scalar(select(User).where(User.email == f"{citizen_key(n)}@{DOMAIN}"))
        for n in CITIZENS
    ]
    if clara is None or not all(citizens):
        return 0
    added = 0
    followed: set[tuple[int, FollowKind, int]] = set()

    def follow(user: User, kind: FollowKind, target_id: int) -> None:
        if (user.id, kind, target_id) not in followed:
            followed.add((user.id, kind, target_id))
            db.session.add(Follow(user_id=user.id, kind=kind, target_id=target_id))

    for title, (talks, news) in DISCUSSIONS.items():
        project = db.session.scalar(select(Project).where(Project.title == title))
        if project is None or project.state is ProjectState.DRAFT or project.published_at is None:
            continue
        team = [
            m.user
            for m in db.session.scalars(
                select(Membership)
                .where(Membership.project_id == project.id)
                .order_by(Membership.id)
            )
        ]
        speaker = next((u for u in team if u.id != clara.id), team[0])

        def who(key: str | int, team_speaker: User = speaker) -> User:
            if key == CLARA:
                return clara
            if key == "team":
                return team_speaker
            return citizens[int(key) % len(citizens)]  # type: ignore[return-value]

        for talk in talks:
            created = _at(project, now, talk.share)
            author = who(talk.who)
            top = Comment(
                project_id=project.id,
                author_id=author.id,
                body_markdown=talk.text,
                body_html=render_markdown(talk.text),
                created_at=created,
                reply_count=len(talk.replies),
            )
            db.session.add(top)
            db.session.flush()
            follow(author, FollowKind.PROJECT, project.id)
            added += 1
            for n, (key, text) in enumerate(talk.replies, start=1):
                replier = who(key)
                db.session.add(
                    Comment(
                        project_id=project.id,
                        parent_id=top.id,
                        author_id=replier.id,
                        body_markdown=text,
                        body_html=render_markdown(text),
                        created_at=min(created + timedelta(hours=3 * n), now),
                    )
                )
                follow(replier, FollowKind.PROJECT, project.id)
                added += 1
        for news_title, text, share in news:
            db.session.add(
                ProjectUpdate(
                    project_id=project.id,
                    author_id=speaker.id,
                    title=news_title,
                    body_markdown=text,
                    body_html=render_markdown(text),
                    created_at=_at(project, now, share),
                )
            )

    for title in CLARA_FOLLOWS:
        project_id = db.session.scalar(select(Project.id).where(Project.title == title))
        if project_id is not None:
            follow(clara, FollowKind.PROJECT, project_id)
    pieschen = db.session.scalar(select(District.id).where(District.name == "Pieschen"))
    if pieschen is not None:
        follow(clara, FollowKind.DISTRICT, pieschen)
    db.session.flush()
    return added
