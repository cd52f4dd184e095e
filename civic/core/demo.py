"""Demo data: the city of Dresden with its districts, topics, departments and one account per
role. Loading it twice changes nothing (every entry is looked up before it is created)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from civic.accounts import operations as account_ops
from civic.accounts.models import Department, Role, User
from civic.core import site
from civic.core.models import District, Topic
from civic.core.taxonomy import slugify
from civic.db import db, utcnow

DEMO_PASSWORD = "demo-passwort"  # noqa: S105 - published demo password, documented in README

SETTINGS = {
    "city_name": "Dresden",
    "platform_name": "Zukunftsstadt Dresden",
    "tagline_de": "Bürgerinnen und Bürger gestalten ihre Stadt – vom Einfall bis zur Umsetzung.",
    "tagline_en": "Citizens shape their city – from the first idea to the finished project.",
    "operator_name": "Landeshauptstadt Dresden, Amt für Wirtschaftsförderung",
    "contact_address": "Landeshauptstadt Dresden\nPostfach 12 00 20\n01001 Dresden",
    "contact_email": "buergerprojekte@dresden.example",
    "contact_phone": "0351 000000",
    "dpo_contact": "Behördliche Datenschutzbeauftragte der Landeshauptstadt Dresden, "
    "datenschutz@dresden.example",
    "conciliation_body": "Schlichtungsstelle nach § 16 BGG bei der Beauftragten der "
    "Bundesregierung für die Belange von Menschen mit Behinderungen, "
    "Mauerstraße 53, 10117 Berlin, info@schlichtungsstelle-bgg.de",
    "map_tile_url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "map_attribution": "© OpenStreetMap-Mitwirkende",
    "map_latitude": 51.0504,
    "map_longitude": 13.7373,
    "map_zoom": 12,
}

DISTRICTS = [
    "Altstadt",
    "Neustadt",
    "Pieschen",
    "Klotzsche",
    "Loschwitz",
    "Blasewitz",
    "Leuben",
    "Prohlis",
    "Plauen",
    "Cotta",
]

TOPICS = [
    ("Mobilität", "Mobility"),
    ("Klima und Umwelt", "Climate and environment"),
    ("Energie", "Energy"),
    ("Bildung", "Education"),
    ("Kultur", "Culture"),
    ("Nachbarschaft und Soziales", "Neighbourhood and social life"),
    ("Wirtschaft", "Economy"),
    ("Digitale Stadt", "Digital city"),
    ("Stadtgrün", "Urban green"),
    ("Wohnen", "Housing"),
]

DEPARTMENTS = [
    "Geschäftsbereich Stadtentwicklung, Bau, Verkehr und Liegenschaften",
    "Geschäftsbereich Umwelt und Klimaschutz",
    "Geschäftsbereich Kultur, Wissenschaft und Tourismus",
    "Geschäftsbereich Bildung, Jugend und Sport",
    "Geschäftsbereich Arbeit, Soziales, Gesundheit und Wohnen",
    "Geschäftsbereich Wirtschaft, Finanzen und Digitales",
]

# (e-mail, display name, role or None, department index or None)
ACCOUNTS: list[tuple[str, str, Role | None, int | None]] = [
    ("admin@demo.civic.example", "Andrea Admin", Role.ADMIN, None),
    ("koordination@demo.civic.example", "Konrad Koordination", Role.COORDINATOR, None),
    ("stadtraetin@demo.civic.example", "Dr. Sabine Richter", Role.COUNCIL_MEMBER, None),
    ("fachamt@demo.civic.example", "Felix Fachamt", Role.DEPARTMENT_CONTACT, 0),
    ("fonds@demo.civic.example", "Frieda Fonds", Role.FUND_OFFICER, None),
    ("fonds2@demo.civic.example", "Fritz Förder", Role.FUND_OFFICER, None),
    ("moderation@demo.civic.example", "Moritz Moderation", Role.MODERATOR, None),
    ("buergerin@demo.civic.example", "Clara Bürger", None, None),
]


def _get_or_create(model: type[Any], lookup: dict[str, Any], **values: Any) -> Any:
    obj = db.session.scalar(select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
        db.session.flush()
    return obj


def load() -> list[tuple[str, str]]:
    """Create what is missing and return (role, e-mail) of the demo accounts."""
    row = site.settings_row()
    for key, value in SETTINGS.items():
        setattr(row, key, value)

    districts = {
        name: _get_or_create(District, {"name": name}, slug=slugify(name)) for name in DISTRICTS
    }
    topics = [
        _get_or_create(Topic, {"name_de": de}, name_en=en, slug=slugify(de)) for de, en in TOPICS
    ]
    departments = [_get_or_create(Department, {"name": name}) for name in DEPARTMENTS]

    accounts: list[tuple[str, str]] = []
    for email, name, role, dept_index in ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = account_ops.register(name, email, DEMO_PASSWORD, locale="de")
            user.email_verified_at = utcnow()
        if role is not None and not user.has_role(role):
            department = departments[dept_index] if dept_index is not None else None
            account_ops.grant_role(None, user, role, department)
        accounts.append(((role or Role.CITIZEN).value, email))

    council = db.session.scalar(select(User).where(User.email == "stadtraetin@demo.civic.example"))
    if (
        council is not None
        and council.council_profile is not None
        and not council.council_profile.faction
    ):
        profile = council.council_profile
        profile.faction = "Fraktion Bürgerliste"
        profile.committees = (
            "Ausschuss für Stadtentwicklung, Bau, Verkehr und Liegenschaften\nOrtsbeirat Neustadt"
        )
        profile.expertise = "Stadtplanung\nVerkehrswende\nBürgerbeteiligung"
        profile.districts = [districts["Neustadt"], districts["Pieschen"]]
        profile.topics = [topics[0], topics[8]]
    db.session.flush()

    # The projects domain builds its landscape on the districts, topics and accounts above.
    from civic.projects.demo import load_projects

    load_projects()

    from civic.mentoring.demo import load_mentoring

    load_mentoring()

    from civic.events.demo import load_events

    load_events()

    from civic.fund.demo import load_fund

    load_fund()

    from civic.participation.demo import load_participation

    load_participation()

    from civic.participation.notifications import load_demo_notifications

    load_demo_notifications()

    from civic.moderation.demo import load_moderation

    load_moderation()

    from civic.core.feedback import load_demo_feedback

    load_demo_feedback()
    return accounts
