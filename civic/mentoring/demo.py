"""Demo data for mentoring: council members of different factions, their mentorships of demo
projects, and a lived-in workspace on some of them. Loading twice changes nothing (nothing is
added once a mentorship exists). Rows are built directly, with past timestamps, so that the
demo tells a story; no mail is sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from civic.accounts import operations as account_ops
from civic.accounts.models import Role, User
from civic.core.markdown import render_markdown
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.mentoring.models import (
    Hurdle,
    Introduction,
    MediationRequest,
    Mentorship,
    PoliticalQuestion,
    WorkspaceMessage,
)
from civic.mentoring.workflow import (
    HurdleStatus,
    IntroductionKind,
    MediationStatus,
    MentorshipStatus,
    Origin,
    QuestionStatus,
)
from civic.projects.models import Project, TimelineEntry

DOMAIN = "demo.civic.example"


@dataclass
class Councillor:
    email: str
    name: str
    faction: str
    committees: list[str]
    expertise: list[str]
    districts: list[str]
    topics: list[str]
    conflicts: str = ""
    capacity: int = 3
    open: bool = True
    extra: dict[str, str] = field(default_factory=dict)


COUNCILLORS = [
    Councillor(
        email=f"stadtraetin@{DOMAIN}",
        name="Dr. Sabine Richter",
        faction="Fraktion Bürgerliste",
        committees=[
            "Ausschuss für Stadtentwicklung, Bau, Verkehr und Liegenschaften",
            "Ortsbeirat Neustadt",
        ],
        expertise=["Stadtplanung", "Verkehrswende", "Bürgerbeteiligung"],
        districts=["Neustadt", "Pieschen"],
        topics=["Mobilität", "Stadtgrün", "Kultur"],
        conflicts="Mitglied im Förderverein Pieschener Hafen e. V.",
        capacity=4,
    ),
    Councillor(
        email=f"stadtrat-berger@{DOMAIN}",
        name="Thomas Berger",
        faction="CDU-Fraktion",
        committees=["Ausschuss für Wirtschaftsförderung", "Ortschaftsrat Klotzsche"],
        expertise=["Handwerk", "Vereinsrecht", "Ehrenamt"],
        districts=["Klotzsche", "Loschwitz"],
        topics=["Wirtschaft", "Mobilität"],
        conflicts="Inhaber eines Tischlereibetriebs in Klotzsche.",
        capacity=2,
    ),
    Councillor(
        email=f"stadtraetin-demir@{DOMAIN}",
        name="Aylin Demir",
        faction="Fraktion Bündnis 90/Die Grünen",
        committees=["Ausschuss für Umwelt und Kommunalwirtschaft", "Ortsbeirat Plauen"],
        expertise=["Radverkehr", "Schulwegsicherheit", "Klimaanpassung"],
        districts=["Plauen", "Cotta"],
        topics=["Mobilität", "Klima und Umwelt", "Stadtgrün"],
        conflicts="Mitglied im Vorstand des ADFC Dresden e. V.",
        capacity=3,
    ),
    Councillor(
        email=f"stadtraetin-wolf@{DOMAIN}",
        name="Katrin Wolf",
        faction="Fraktion DIE LINKE",
        committees=["Ausschuss für Soziales und Wohnen", "Ortsbeirat Prohlis"],
        expertise=["Sozialarbeit", "Wohnungspolitik", "Nachbarschaftshilfe"],
        districts=["Prohlis", "Leuben", "Altstadt"],
        topics=["Nachbarschaft und Soziales", "Wohnen", "Bildung"],
        capacity=3,
    ),
    Councillor(
        email=f"stadtrat-hoffmann@{DOMAIN}",
        name="Jens Hoffmann",
        faction="SPD-Fraktion",
        committees=["Finanzausschuss", "Ausschuss für Wirtschaftsförderung"],
        expertise=["Haushalt", "Energie", "Digitale Verwaltung"],
        districts=["Altstadt", "Blasewitz", "Leuben"],
        topics=["Energie", "Digitale Stadt"],
        conflicts="Aufsichtsrat der Stadtwerke (Vertreter des Stadtrats).",
        capacity=1,
        open=False,
    ),
]

# (project title, mentor e-mail, days ago it began, who asked)
MENTORSHIPS = [
    ("Kleine Kulturbühne am Pieschener Hafen", f"stadtraetin@{DOMAIN}", 120, Origin.MENTOR),
    ("Gemeinschaftsgarten am Rand des Alaunplatzes", f"stadtraetin@{DOMAIN}", 200, Origin.TEAM),
    ("Bibliothek der Dinge in der Neustadt", f"stadtraetin@{DOMAIN}", 260, Origin.TEAM),
    (
        "Digitalpaten für Seniorinnen und Senioren in Klotzsche",
        f"stadtrat-berger@{DOMAIN}",
        90,
        Origin.TEAM,
    ),
    (
        "Elbhang-Treppen in Loschwitz: begehbar und beschildert",
        f"stadtrat-berger@{DOMAIN}",
        300,
        Origin.MENTOR,
    ),
    ("Sichere Schulwege in der Südvorstadt", f"stadtraetin-demir@{DOMAIN}", 150, Origin.TEAM),
    (
        "Grüne Schulhöfe in Cotta: Asphalt raus, Bäume rein",
        f"stadtraetin-demir@{DOMAIN}",
        80,
        Origin.MENTOR,
    ),
    ("Repair-Café in der Johannstadt", f"stadtraetin-wolf@{DOMAIN}", 240, Origin.TEAM),
    ("Regionaler Wochenmarkt am Jacob-Winter-Platz", f"stadtraetin-wolf@{DOMAIN}", 60, Origin.TEAM),
    (
        "Bürgersolaranlage auf der Turnhalle in Leuben",
        f"stadtrat-hoffmann@{DOMAIN}",
        170,
        Origin.TEAM,
    ),
]

ENDED = (
    "Stadtteilarchiv Leuben digital",
    f"stadtraetin-wolf@{DOMAIN}",
    220,
    40,
    "Das Team hat inzwischen einen festen Ansprechpartner im Stadtarchiv; eine Mentorin "
    "braucht es dafür nicht mehr. Ich bleibe gern erreichbar.",
)

PENDING = [
    (
        "Offene Holzwerkstatt im Hechtviertel",
        f"stadtraetin@{DOMAIN}",
        Origin.TEAM,
        3,
        "Liebe Frau Dr. Richter, wir suchen einen Raum im Hechtviertel und hätten gern Ihren "
        "Rat, wen wir bei der Stadt und bei den Wohnungsgenossenschaften ansprechen können.",
    ),
    (
        "Schulgarten-Netzwerk für Prohlis",
        f"stadtraetin-wolf@{DOMAIN}",
        Origin.MENTOR,
        2,
        "Ich bin Ortsbeirätin in Prohlis und kenne die Schulleitungen gut. Gern begleite ich "
        "Ihr Netzwerk, wenn Sie mögen.",
    ),
]


def _profile(spec: Councillor, districts: dict[str, District], topics: dict[str, Topic]) -> User:
    user = db.session.scalar(select(User).where(User.email == spec.email))
    if user is None:
        from civic.core.demo import DEMO_PASSWORD

        user = account_ops.register(spec.name, spec.email, DEMO_PASSWORD, locale="de")
        user.email_verified_at = utcnow() - timedelta(days=400)
    if not user.has_role(Role.COUNCIL_MEMBER):
        account_ops.grant_role(None, user, Role.COUNCIL_MEMBER, None)
    profile = user.council_profile
    profile.faction = spec.faction
    profile.committees = "\n".join(spec.committees)
    profile.expertise = "\n".join(spec.expertise)
    profile.districts = [districts[name] for name in spec.districts]
    profile.topics = [topics[name] for name in spec.topics]
    profile.conflicts_of_interest = spec.conflicts
    profile.mentor_capacity = spec.capacity
    profile.mentoring_open = spec.open
    return user


def load_mentoring() -> int:
    """Add the demo council members and mentoring unless a mentorship exists; returns the
    number of mentorships added."""
    if db.session.scalar(select(func.count()).select_from(Mentorship)):
        return 0
    districts = {d.name: d for d in db.session.scalars(select(District))}
    topics = {t.name_de: t for t in db.session.scalars(select(Topic))}
    mentors = {spec.email: _profile(spec, districts, topics) for spec in COUNCILLORS}
    projects = {p.title: p for p in db.session.scalars(select(Project))}
    db.session.flush()
    now = utcnow().replace(second=0, microsecond=0)
    added = 0
    built: dict[str, Mentorship] = {}
    for title, email, days, origin in MENTORSHIPS:
        project, mentor = projects.get(title), mentors[email]
        if project is None:
            continue
        begun = max(now - timedelta(days=days), (project.published_at or now) + timedelta(days=2))
        built[title] = _mentorship(project, mentor, origin, begun, now)
        mentor.council_profile.mentee_count += 1
        added += 1
    title, email, began, ended, reason = ENDED
    if title in projects:
        project = projects[title]
        begun = max(now - timedelta(days=began), (project.published_at or now) + timedelta(days=2))
        mentorship = _mentorship(project, mentors[email], Origin.TEAM, begun, now)
        mentorship.status = MentorshipStatus.ENDED
        mentorship.ended_at = max(now - timedelta(days=ended), begun + timedelta(days=30))
        mentorship.ended_by_id = mentors[email].id
        mentorship.end_reason = reason
        _timeline(projects[title], "mentor_left", mentors[email], mentorship.ended_at, reason)
    for title, email, origin, days, message in PENDING:
        if title not in projects:
            continue
        project = projects[title]
        db.session.add(
            Mentorship(
                project_id=project.id,
                mentor_id=mentors[email].id,
                origin=origin,
                message=message,
                asked_by_id=mentors[email].id
                if origin is Origin.MENTOR
                else project.memberships[0].user_id,
                created_at=now - timedelta(days=days),
            )
        )
    db.session.flush()
    if "Sichere Schulwege in der Südvorstadt" in built:
        _school_routes(built["Sichere Schulwege in der Südvorstadt"], now)
    if "Kleine Kulturbühne am Pieschener Hafen" in built:
        _stage(built["Kleine Kulturbühne am Pieschener Hafen"], now)
    if "Repair-Café in der Johannstadt" in built:
        _repair_cafe(built["Repair-Café in der Johannstadt"], now)
    db.session.flush()
    return added


def _mentorship(
    project: Project, mentor: User, origin: Origin, begun: datetime, now: datetime
) -> Mentorship:
    asker = mentor if origin is Origin.MENTOR else _initiator(project)
    answerer = _initiator(project) if origin is Origin.MENTOR else mentor
    mentorship = Mentorship(
        project_id=project.id,
        mentor_id=mentor.id,
        origin=origin,
        status=MentorshipStatus.ACTIVE,
        message="",
        asked_by_id=asker.id,
        created_at=begun - timedelta(days=3),
        answered_at=begun,
        answered_by_id=answerer.id,
        started_at=begun,
    )
    db.session.add(mentorship)
    _timeline(project, "mentor_joined", answerer, begun, "", mentor)
    return mentorship


def _initiator(project: Project) -> User:
    return next(m.user for m in project.memberships if m.role.value == "initiator")


def _member(project: Project, index: int) -> User:
    others = [m.user for m in project.memberships if m.role.value != "initiator"]
    return others[index % len(others)] if others else _initiator(project)


def _timeline(
    project: Project,
    kind: str,
    actor: User,
    when: datetime,
    reason: str = "",
    mentor: User | None = None,
) -> None:
    name = (mentor or actor).display_name
    project.last_activity_at = max(project.last_activity_at, when)
    db.session.add(
        TimelineEntry(
            project_id=project.id,
            kind=kind,
            actor_id=actor.id,
            to_value=name,
            reason=reason,
            details={"mentor_id": (mentor or actor).id},
            created_at=when,
        )
    )


def _messages(
    project: Project,
    lines: list[tuple[User, int, str]],
    now: datetime,
    mediation: MediationRequest | None = None,
    hours: int = 3,
) -> None:
    """Messages of the workspace thread, or of a mediation request's private thread."""
    for author, days, body in lines:
        db.session.add(
            WorkspaceMessage(
                project_id=project.id,
                mediation_id=mediation.id if mediation else None,
                author_id=author.id,
                body_markdown=body,
                body_html=render_markdown(body),
                created_at=now - timedelta(days=days, hours=hours),
            )
        )


def _school_routes(mentorship: Mentorship, now: datetime) -> None:
    project, mentor = mentorship.project, mentorship.mentor
    clara, paul, hannah = _initiator(project), _member(project, 0), _member(project, 1)
    _messages(
        project,
        [
            (
                clara,
                140,
                "Herzlich willkommen, Frau Demir! Wir freuen uns sehr über Ihre "
                "Begleitung. Unser nächstes Teamtreffen ist am Donnerstag um 18 Uhr im "
                "Elterncafé der 10. Grundschule.",
            ),
            (
                mentor,
                139,
                "Danke für die Einladung, ich komme gern. Bringen Sie bitte die "
                "Karte mit den gefährlichen Stellen mit, dann können wir gleich überlegen, "
                "wer bei der Stadt zuständig ist.",
            ),
            (
                paul,
                60,
                "Die Zählung an der Kreuzung Reichenbachstraße ist fertig: morgens "
                "zwischen 7:30 und 8:00 Uhr queren dort 212 Kinder.",
            ),
            (
                mentor,
                58,
                "Sehr gut – diese Zahl ist für die Anfrage an die Verwaltung Gold "
                "wert. Ich nehme sie in die Anfrage im Ortsbeirat auf.",
            ),
            (
                hannah,
                6,
                "Der Entwurf für den Umsetzungsplan steht. Könnten Sie bis Ende "
                "nächster Woche einen Blick auf die Kostenaufstellung werfen?",
            ),
        ],
        now,
    )
    db.session.add_all(
        [
            Introduction(
                project_id=project.id,
                kind=IntroductionKind.DEPARTMENT,
                contact="Straßen- und Tiefbauamt, Abteilung Verkehrsplanung",
                reason="Zuständig für Markierungen, Querungshilfen und Schulwegpläne; kann "
                "sagen, was an welcher Kreuzung möglich ist.",
                outcome="Ortstermin mit Herrn Lange am 14. Oktober: Eine Querungshilfe an "
                "der Reichenbachstraße wird geprüft, der Schulwegplan wird aktualisiert.",
                outcome_at=now - timedelta(days=38),
                created_by_id=mentor.id,
                created_at=now - timedelta(days=120),
            ),
            Introduction(
                project_id=project.id,
                kind=IntroductionKind.GROUP,
                contact="Elternrat der 10. Grundschule und Stadtschülerrat",
                reason="Die Eltern und Schüler*innen kennen die Wege am besten und können "
                "bei der Zählung und beim Aktionstag helfen.",
                created_by_id=mentor.id,
                created_at=now - timedelta(days=95),
            ),
            Introduction(
                project_id=project.id,
                kind=IntroductionKind.SPONSOR,
                contact="Verkehrswacht Dresden e. V.",
                reason="Stellt Warnwesten und Material für Schulweg-Aktionstage kostenlos "
                "zur Verfügung.",
                outcome="Sagt 120 Warnwesten für den Aktionstag im Frühjahr zu.",
                outcome_at=now - timedelta(days=20),
                created_by_id=mentor.id,
                created_at=now - timedelta(days=45),
            ),
        ]
    )
    db.session.add_all(
        [
            Hurdle(
                project_id=project.id,
                title="Schulleitung muss der Befragung der Kinder zustimmen",
                description="Ohne Zustimmung dürfen wir die Fragebögen nicht im Unterricht "
                "verteilen.",
                status=HurdleStatus.OPEN,
                assignee_id=clara.id,
                created_by_id=clara.id,
                created_at=now - timedelta(days=30),
                updated_at=now - timedelta(days=30),
            ),
            Hurdle(
                project_id=project.id,
                title="Kosten für die Fahrbahnmarkierungen sind unklar",
                description="Das Amt nennt keine Zahl, bevor der Plan steht; wir brauchen "
                "eine Schätzung für den Antrag beim Bürgerprojektefonds.",
                status=HurdleStatus.IN_PROGRESS,
                assignee_id=mentor.id,
                created_by_id=paul.id,
                created_at=now - timedelta(days=50),
                updated_at=now - timedelta(days=12),
            ),
            Hurdle(
                project_id=project.id,
                title="Raum für den Elternabend fehlt",
                description="",
                status=HurdleStatus.SOLVED,
                assignee_id=hannah.id,
                created_by_id=hannah.id,
                created_at=now - timedelta(days=110),
                updated_at=now - timedelta(days=100),
                solved_at=now - timedelta(days=100),
            ),
        ]
    )
    answer = (
        "Die Verwaltung prüft eine Querungshilfe an der Kreuzung Reichenbachstraße/"
        "Schnorrstraße. Eine Entscheidung fällt mit dem Haushalt 2027/28; bis dahin wird die "
        "Markierung erneuert und ein Schild „Achtung Schulweg“ aufgestellt."
    )
    today = now.date()
    db.session.add_all(
        [
            PoliticalQuestion(
                project_id=project.id,
                question="Kann an der Kreuzung Reichenbachstraße/Schnorrstraße eine "
                "Querungshilfe für Schulkinder gebaut werden?",
                status=QuestionStatus.ANSWERED,
                council_reference="Anfrage AF 0457/26 im Ortsbeirat Plauen",
                brought_on=today - timedelta(days=75),
                answer_markdown=answer,
                answer_html=render_markdown(answer),
                answered_on=today - timedelta(days=35),
                is_public=True,
                created_by_id=clara.id,
                created_at=now - timedelta(days=100),
                updated_at=now - timedelta(days=30),
            ),
            PoliticalQuestion(
                project_id=project.id,
                question="Ist Tempo 30 vor allen Grundschulen der Südvorstadt möglich?",
                status=QuestionStatus.BROUGHT,
                council_reference="Antrag A0112/26, Stadtratssitzung vom 6. November",
                brought_on=today - timedelta(days=17),
                created_by_id=mentor.id,
                created_at=now - timedelta(days=40),
                updated_at=now - timedelta(days=17),
            ),
            PoliticalQuestion(
                project_id=project.id,
                question="Darf ein Schulweg-Aktionstag auf der Fahrbahn stattfinden, wenn "
                "die Straße dafür kurz gesperrt wird?",
                status=QuestionStatus.OPEN,
                created_by_id=paul.id,
                created_at=now - timedelta(days=9),
                updated_at=now - timedelta(days=9),
            ),
        ]
    )
    request = MediationRequest(
        project_id=project.id,
        requester_id=hannah.id,
        subject="Aufgaben im Team ungleich verteilt",
        created_at=now - timedelta(days=14),
    )
    db.session.add(request)
    db.session.flush()
    _messages(
        project,
        [
            (
                hannah,
                14,
                "Ich habe das Gefühl, dass die Arbeit am Plan fast nur bei mir liegt, "
                "und traue mich nicht, das im Team anzusprechen. Könnten Sie beim nächsten Treffen "
                "helfen, die Aufgaben neu zu verteilen?",
            ),
            (
                mentor,
                13,
                "Danke, dass Sie das ansprechen. Ich schlage vor, dass wir beim nächsten "
                "Treffen eine Aufgabenliste gemeinsam durchgehen – ohne Sie hervorzuheben.",
            ),
        ],
        now,
        mediation=request,
        hours=0,
    )


def _stage(mentorship: Mentorship, now: datetime) -> None:
    project, mentor = mentorship.project, mentorship.mentor
    initiator = _initiator(project)
    _messages(
        project,
        [
            (
                mentor,
                110,
                "Ich habe mit dem Hafenmeister gesprochen: Die Fläche am Kai ist "
                "zwischen Mai und September frei.",
            ),
            (initiator, 109, "Großartig! Dann planen wir die erste Saison ab Juni."),
        ],
        now,
    )
    db.session.add(
        Hurdle(
            project_id=project.id,
            title="Lärmschutzauflagen für Abendveranstaltungen",
            description="Ab 22 Uhr gelten strenge Grenzwerte; wir brauchen eine Regel für "
            "das Ende der Konzerte.",
            status=HurdleStatus.IN_PROGRESS,
            assignee_id=mentor.id,
            created_by_id=initiator.id,
            created_at=now - timedelta(days=70),
            updated_at=now - timedelta(days=20),
        )
    )
    db.session.add(
        Introduction(
            project_id=project.id,
            kind=IntroductionKind.COMPANY,
            contact="Sachsenhafen Dresden GmbH",
            reason="Eigentümerin der Kaifläche.",
            outcome="Nutzungsvertrag für die Saison in Aussicht gestellt.",
            outcome_at=now - timedelta(days=60),
            created_by_id=mentor.id,
            created_at=now - timedelta(days=100),
        )
    )


def _repair_cafe(mentorship: Mentorship, now: datetime) -> None:
    project, mentor = mentorship.project, mentorship.mentor
    clara = _initiator(project)
    _messages(
        project,
        [
            (
                mentor,
                200,
                "Schön, dass es losgeht! Die Johannstädter Kulturtreff e. V. hat "
                "samstags einen Raum frei.",
            ),
            (
                clara,
                30,
                "Der erste Reparaturtag war ein voller Erfolg: 43 Geräte, 31 davon repariert.",
            ),
        ],
        now,
    )
    request = MediationRequest(
        project_id=project.id,
        requester_id=clara.id,
        subject="Streit um die Öffnungszeiten",
        status=MediationStatus.CLOSED,
        created_at=now - timedelta(days=90),
        closed_at=now - timedelta(days=75),
        closed_by_id=mentor.id,
    )
    db.session.add(request)
    db.session.flush()
    _messages(
        project,
        [
            (
                clara,
                90,
                "Im Team gibt es Streit, ob wir samstags oder mittwochs abends öffnen. "
                "Können Sie vermitteln?",
            ),
            (
                mentor,
                88,
                "Gern. Wie wäre es, beides drei Monate lang auszuprobieren und dann "
                "nach den Besucherzahlen zu entscheiden?",
            ),
            (clara, 76, "Das hat funktioniert – wir bleiben beim Samstag. Danke!"),
        ],
        now,
        mediation=request,
        hours=0,
    )
