"""Demo data of the events domain: district meetings and project workshops in Dresden,
announced by the demo council member and the coordination office.

``load_events()`` adds what is missing (each event is looked up by its title first), so loading
twice changes nothing. Times are relative to the moment of loading and set on the local wall
clock (an evening meeting begins at 18:00 in Dresden, whatever the season): five upcoming events
(one full with a waiting list, one cancelled, one with detailed accessibility notes and linked
projects), and three past ones, two of them with a report. Rows are built directly, without
mails; the maintained counters equal the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from civic.accounts.models import User
from civic.core.markdown import render_markdown
from civic.core.models import District
from civic.db import db, utcnow
from civic.events.models import Event, EventRegistration
from civic.events.workflow import RegistrationStatus
from civic.projects.demo import CITIZENS, DOMAIN, citizen_key
from civic.projects.models import Project
from civic.projects.operations import record_event


@dataclass(frozen=True)
class Spec:
    title: str
    organiser: str  # local part of the demo address
    days: int  # from today; negative for past events
    start: time
    hours: float
    district: str | None
    venue: str
    description: str
    accessibility: str = ""
    capacity: int | None = None
    registered: int = 0  # demo citizens with a seat
    waiting: int = 0
    projects: tuple[str, ...] = ()
    cancel_reason: str = ""
    report: str = ""
    with_clara: bool = False  # the demo citizen buergerin@ has a seat


EVENTS = [
    Spec(
        title="Stadtteilversammlung Pieschen: Wie soll der Hafen belebt werden?",
        organiser="stadtraetin",
        days=9,
        start=time(18, 0),
        hours=2,
        district="Pieschen",
        venue="Stadtteilhaus Pieschen, Robert-Matzke-Straße 10, 01127 Dresden",
        description=(
            "Der Pieschener Hafen soll lebendiger werden – aber wie? Wir sammeln Ideen für "
            "Kultur, Sitzplätze und Gastronomie am Wasser und stellen die Kleine Kulturbühne "
            "vor.\n\n**Ablauf**\n\n- Begrüßung durch Stadträtin Dr. Sabine Richter\n"
            "- Vorstellung der Projektidee Kulturbühne\n- Ideensammlung an Thementischen\n"
            "- Wie geht es weiter?"
        ),
        accessibility=(
            "Saal im Erdgeschoss, stufenlos über den Hofeingang erreichbar. "
            "Barrierefreies WC vorhanden."
        ),
        capacity=12,
        registered=12,
        waiting=3,
        projects=("Kleine Kulturbühne am Pieschener Hafen",),
        with_clara=True,
    ),
    Spec(
        title="Projektwerkstatt: Gemeinschaftsgarten am Alaunplatz gemeinsam planen",
        organiser="koordination",
        days=16,
        start=time(17, 0),
        hours=3,
        district="Neustadt",
        venue="Kulturrathaus Dresden, Großer Saal, Königstraße 15, 01097 Dresden",
        description=(
            "In der Werkstatt planen wir mit dem Projektteam die ersten Beete, klären, wer "
            "gießt, und suchen Partner in der Nachbarschaft. Auch die Bibliothek der Dinge "
            "stellt vor, welches Werkzeug sie verleihen kann.\n\nBitte bringen Sie gern "
            "Ideen, Skizzen und Fotos mit. Für Getränke ist gesorgt."
        ),
        accessibility=(
            "Stufenloser Zugang über den Eingang Königstraße, Aufzug in alle Etagen.\n"
            "Induktive Höranlage im Großen Saal.\n"
            "Gebärdensprachdolmetschung auf Anfrage bis eine Woche vorher "
            "(buergerprojekte@dresden.example).\n"
            "Barrierefreies WC im Erdgeschoss, ruhiger Rückzugsraum im 1. Stock."
        ),
        capacity=25,
        registered=8,
        projects=(
            "Gemeinschaftsgarten am Rand des Alaunplatzes",
            "Bibliothek der Dinge in der Neustadt",
        ),
    ),
    Spec(
        title="Stadtteilgespräch Prohlis: Schulgärten und Freiflächen",
        organiser="stadtraetin",
        days=23,
        start=time(18, 30),
        hours=1.5,
        district="Prohlis",
        venue="Palitzschhof, Gamigstraße 24, 01239 Dresden",
        description=(
            "Welche Flächen in Prohlis könnten Schulgärten werden? Wir sprechen mit Schulen, "
            "dem Schulgarten-Netzwerk und dem Stadtbezirksamt. Alle Nachbarinnen und Nachbarn "
            "sind willkommen – eine Anmeldung hilft uns bei der Planung."
        ),
        accessibility="Erdgeschoss, eine Stufe am Eingang (Rampe vorhanden).",
        registered=5,
        projects=("Schulgarten-Netzwerk für Prohlis",),
    ),
    Spec(
        title="Sprechstunde im Ortsbeirat Klotzsche: Ideen für den Ortskern",
        organiser="stadtraetin",
        days=30,
        start=time(17, 0),
        hours=2,
        district="Klotzsche",
        venue="Rathaus Klotzsche, Ratssaal, Kieler Straße 52, 01109 Dresden",
        description=(
            "Haben Sie eine Idee für den Ortskern von Klotzsche? In der Sprechstunde helfen "
            "wir Ihnen, daraus ein Projekt auf der Plattform zu machen."
        ),
        accessibility="Ratssaal im 1. Stock, Aufzug vorhanden.",
        capacity=40,
        registered=4,
    ),
    Spec(
        title="Radtour zu den Reparaturstationen am Elberadweg",
        organiser="koordination",
        days=12,
        start=time(15, 0),
        hours=3,
        district="Altstadt",
        venue="Treffpunkt: Augustusbrücke, Altstädter Seite, 01067 Dresden",
        description=(
            "Gemeinsam radeln wir die geplanten Standorte der Reparaturstationen ab und "
            "sprechen an jedem Halt über Bedarf und Ausstattung."
        ),
        capacity=20,
        registered=6,
        projects=("Fahrrad-Reparaturstationen am Elberadweg",),
        cancel_reason=(
            "Der Elberadweg ist an diesem Tag wegen Bauarbeiten zwischen Augustusbrücke und "
            "Waldschlößchenbrücke gesperrt. Wir laden zu einem neuen Termin ein."
        ),
    ),
    Spec(
        title="Auftakt: Bürgerprojekte 2026 in Dresden",
        organiser="koordination",
        days=-40,
        start=time(18, 0),
        hours=2.5,
        district="Altstadt",
        venue="Neues Rathaus, Plenarsaal, Dr.-Külz-Ring 19, 01067 Dresden",
        description=(
            "Das Koordinationsbüro stellt die Plattform, die drei Phasen und den Fonds für "
            "Bürgerprojekte vor. Anschließend Austausch mit Stadträtinnen und Stadträten."
        ),
        accessibility="Stufenloser Zugang über den Eingang Rathausplatz, Höranlage im Saal.",
        capacity=120,
        registered=18,
        report=(
            "Rund 90 Menschen kamen in den Plenarsaal, viele davon zum ersten Mal.\n\n"
            "**Die wichtigsten Fragen des Abends**\n\n"
            "- Wie viele Menschen braucht ein Team? – Mindestens drei für den Schritt in die "
            "Entwicklung.\n"
            "- Wer hilft beim Kostenplan? – Das Koordinationsbüro und die Mentorinnen und "
            "Mentoren aus dem Stadtrat.\n\n"
            "Die Folien stehen bald auf der Plattform. Danke an alle, die da waren!"
        ),
    ),
    Spec(
        title="Stadtteilversammlung Leuben: Sonnenstrom von der Turnhalle",
        organiser="stadtraetin",
        days=-20,
        start=time(18, 0),
        hours=2,
        district="Leuben",
        venue="Aula der 64. Oberschule, Pirnaer Landstraße 126, 01257 Dresden",
        description=(
            "Das Team der Bürgersolaranlage stellt Pläne, Kosten und die Beteiligung als "
            "Genossenschaft vor."
        ),
        accessibility="Aula im Erdgeschoss, stufenlos erreichbar.",
        capacity=60,
        registered=9,
        projects=("Bürgersolaranlage auf der Turnhalle in Leuben",),
        report=(
            "Etwa 45 Nachbarinnen und Nachbarn diskutierten zwei Stunden lang. Die Statik "
            "der Turnhalle ist geprüft, das Dach trägt die Anlage.\n\n"
            "Vereinbart wurde: Das Team lädt im Frühjahr zur Gründungsversammlung der "
            "Genossenschaft ein; Anteile sollen ab 100 € zu haben sein."
        ),
    ),
    Spec(
        title="Werkstatt: Fördermittel aus dem Fonds richtig beantragen",
        organiser="koordination",
        days=-5,
        start=time(17, 30),
        hours=2,
        district=None,
        venue="Volkshochschule Dresden, Raum 2.14, Annenstraße 10, 01067 Dresden",
        description=(
            "Wie sieht ein guter Kostenplan aus, welche Nachweise braucht der Fonds, und wie "
            "lange dauert eine Entscheidung? Mit Beispielen aus abgeschlossenen Projekten."
        ),
        capacity=20,
        registered=12,
    ),
]


def _at(days: int, start: time, now: datetime) -> datetime:
    """``days`` from today at ``start`` on the site's wall clock, in UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    day = now.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(day, start, tzinfo=zone).astimezone(UTC)


def load_events() -> int:
    """Add the demo events that are missing; returns how many were added."""
    now = utcnow().replace(second=0, microsecond=0)
    users = {
        u.email: u for u in db.session.scalars(select(User).where(User.email.like(f"%@{DOMAIN}")))
    }
    citizens = [users[e] for e in (f"{citizen_key(n)}@{DOMAIN}" for n in CITIZENS) if e in users]
    districts = {d.name: d for d in db.session.scalars(select(District))}
    added = 0
    for index, spec in enumerate(EVENTS):
        if db.session.scalar(select(Event.id).where(Event.title == spec.title)) is not None:
            continue
        organiser = users.get(f"{spec.organiser}@{DOMAIN}")
        if organiser is None:
            raise LookupError(f"demo account {spec.organiser}@{DOMAIN} is missing")
        starts_at = _at(spec.days, spec.start, now)
        projects = list(db.session.scalars(select(Project).where(Project.title.in_(spec.projects))))
        projects = [p for p in projects if p.is_published]
        announced = min(now, starts_at) - timedelta(days=21)
        event = Event(
            title=spec.title,
            description_markdown=spec.description,
            description_html=render_markdown(spec.description),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=spec.hours),
            venue=spec.venue,
            accessibility=spec.accessibility,
            district=districts.get(spec.district) if spec.district else None,
            capacity=spec.capacity,
            organiser_id=organiser.id,
            cancelled_at=now - timedelta(days=2) if spec.cancel_reason else None,
            cancel_reason=spec.cancel_reason,
            report_markdown=spec.report,
            report_html=render_markdown(spec.report),
            created_at=announced,
            updated_at=announced,
            projects=sorted(projects, key=lambda p: p.title),
        )
        db.session.add(event)
        db.session.flush()
        # Each event draws its people from another part of the list of demo citizens.
        offset = (index * 7) % max(1, len(citizens))
        crowd = citizens[offset:] + citizens[:offset]
        people = ([users[f"buergerin@{DOMAIN}"]] if spec.with_clara else []) + crowd
        people = people[: spec.registered + spec.waiting]
        for position, person in enumerate(people):
            at = announced + timedelta(hours=3 + position * 5)
            status = (
                RegistrationStatus.REGISTERED
                if position < spec.registered
                else RegistrationStatus.WAITING
            )
            db.session.add(
                EventRegistration(
                    event_id=event.id,
                    user_id=person.id,
                    status=status,
                    created_at=at,
                    updated_at=at,
                )
            )
        event.registered_count = min(len(people), spec.registered)
        event.waiting_count = max(0, len(people) - spec.registered)
        for project in projects:
            entry = record_event(
                project, "event_announced", organiser, to_value=spec.title, event_id=event.id
            )
            entry.created_at = announced
        added += 1
    db.session.flush()
    return added
