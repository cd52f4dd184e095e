"""Demo data of the fund: this year's citizen-projects fund of Dresden with applications of the
demo projects in every state, from a draft to a closed application with money paid back.

``load_fund()`` runs once: as soon as any fund exists it adds nothing. The second fund officer
that the four-eyes principle needs (Fritz Förder, ``fonds2@…``) is created if missing.

The rows are built directly with the models, not through the operations (which send mail and
write the audit log), but every row keeps to their rules: each application's history tells the
steps of ``workflow.TRANSITIONS`` in order, decisions above the four-eyes amount were proposed
by Frieda Fonds and confirmed by Fritz Förder, and the money adds up as the operations would
leave it — the fund's committed sum is the approved amounts of the funded applications plus
the amount spent by the closed ones, its paid sum is the payments less what was paid back, and
no application is paid more than approved. The call runs through the whole current year, so
it is open whenever the demo is loaded; the history lies between the start of the year (or the
project's development phase, if later) and the moment of loading.
"""

from __future__ import annotations

import io
import random
import secrets
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import to_user_timezone
from PIL import Image
from sqlalchemy import func, select

from civic.accounts import operations as account_ops
from civic.accounts.models import Role, User
from civic.core.dates import local_today
from civic.core.demo import DEMO_PASSWORD
from civic.core.markdown import render_markdown
from civic.db import db, utcnow
from civic.fund.models import Application, ApplicationEntry, Fund, Payment, Receipt, Review
from civic.fund.operations import receipt_dir
from civic.fund.workflow import CHECKLIST, FUNDED, Outcome, Status
from civic.projects.models import PhaseRequest, Project
from civic.projects.workflow import RequestStatus, Step

SEED = 2026
DOMAIN = "demo.civic.example"
OFFICER = f"fonds@{DOMAIN}"
SECOND_OFFICER = (f"fonds2@{DOMAIN}", "Fritz Förder")

CRITERIA = (
    "Nutzen für den Stadtteil und seine Menschen",
    "Beteiligung und Offenheit",
    "Machbarkeit und Kostenplan",
    "Nachhaltigkeit",
)
DOCUMENTS = (
    "Sachbericht",
    "Belege aller Ausgaben",
    "Fotos oder Presseartikel (wenn vorhanden)",
)
BUDGET = 250_000_00
MAX_PER_PROJECT = 15_000_00
FOUR_EYES = 5_000_00


@dataclass(frozen=True)
class Demo:
    """One application. Amounts are in euros (floats only here, for legibility; they become
    cents at once). ``begin`` and ``end`` place its history in the window between the start
    of the call (or of the project's development) and now, as shares of that window."""

    project: str
    status: Status
    title: str
    costs: tuple[tuple[str, float], ...]
    justification: str
    own: float = 0
    other: float = 0
    other_note: str = ""
    approved: float | None = None  # for funded and closed ones; None: as requested
    reason: str = ""
    conditions: str = ""
    payments: tuple[float, ...] = ()
    spent: float | None = None
    report: str = ""
    return_message: str = ""
    withdraw_reason: str = ""
    assessment: str = ""
    scores: tuple[int, ...] = ()
    close_note: str = ""
    begin: float = 0.1
    end: float = 0.9

    @property
    def total(self) -> int:
        return sum(cents(amount) for _label, amount in self.costs)

    @property
    def requested(self) -> int:
        return self.total - cents(self.own) - cents(self.other)


def cents(euros: float) -> int:
    return round(euros * 100)


APPLICATIONS: tuple[Demo, ...] = (
    Demo(
        project="Sichere Schulwege in der Südvorstadt",
        status=Status.DRAFT,
        title="Schulweg-Detektive: Material und Aktionstage",
        costs=(
            ("Warnwesten und Klemmbretter für 120 Kinder", 960),
            ("Druck der Schulwegpläne (3 Schulen, je 500 Stück)", 1_350),
            ("Aktionstag „Sicher zur Schule“ mit der Verkehrswacht", 800),
            ("Mobile Tempo-Anzeige, Miete für 3 Monate", 1_140),
        ),
        own=250,
        justification=(
            "Mit den dritten und vierten Klassen von drei Grundschulen erkunden wir die "
            "Schulwege der Südvorstadt, tragen die gefährlichen Stellen in einen Plan ein und "
            "übergeben ihn dem Straßen- und Tiefbauamt. Das Geld brauchen wir für Material, "
            "den Druck der Pläne und einen Aktionstag mit der Verkehrswacht."
        ),
        begin=0.93,
        end=0.97,
    ),
    Demo(
        project="Fahrrad-Reparaturstationen am Elberadweg",
        status=Status.SUBMITTED,
        title="Drei Reparaturstationen mit Luftpumpe",
        costs=(
            ("Reparaturstation mit Werkzeug und Pumpe, 3 Stück", 5_850),
            ("Fundamente und Montage durch einen Fachbetrieb", 2_400),
            ("Schilder mit QR-Code zu Reparaturanleitungen", 380),
        ),
        own=500,
        other=1_500,
        other_note="Zusage des ADFC-Kreisverbands über 1.500 €",
        justification=(
            "Am Elberadweg zwischen Blauem Wunder und Marienbrücke gibt es keine Möglichkeit, "
            "einen Platten selbst zu flicken. Drei frei zugängliche Stationen helfen "
            "Pendlerinnen, Ausflüglern und Kindern auf dem Schulweg."
        ),
        begin=0.55,
        end=0.85,
    ),
    Demo(
        project="Digitalpaten für Seniorinnen und Senioren in Klotzsche",
        status=Status.FORMAL_CHECK,
        title="Tablets und Schulungsmaterial für die Sprechstunde",
        costs=(
            ("Leihgeräte: 6 Tablets mit Hüllen", 2_340),
            ("Mobiler Internetzugang für 12 Monate", 360),
            ("Handbuch in großer Schrift, Druck von 200 Stück", 540),
            ("Aufwandsentschädigung für Patinnen und Paten", 1_200),
        ),
        own=300,
        justification=(
            "Jeden Dienstag helfen ehrenamtliche Digitalpaten im Seniorentreff Klotzsche beim "
            "Umgang mit Smartphone und Tablet. Mit eigenen Leihgeräten können auch Menschen "
            "üben, die noch kein Gerät besitzen."
        ),
        begin=0.6,
        end=0.95,
    ),
    Demo(
        project="Grüne Schulhöfe in Cotta: Asphalt raus, Bäume rein",
        status=Status.RETURNED,
        title="Entsiegelung des Pausenhofs der 35. Grundschule",
        costs=(
            ("Asphalt aufbrechen und entsorgen (180 m²)", 6_300),
            ("Pflanzen und Bäume", 3_900),
            ("Sitzinseln aus Holz", 2_100),
        ),
        own=1_000,
        justification=(
            "Der Pausenhof der 35. Grundschule ist vollständig asphaltiert und heizt sich im "
            "Sommer stark auf. Gemeinsam mit Eltern und Kindern entsiegeln wir einen Teil und "
            "pflanzen Bäume."
        ),
        return_message=(
            "Bitte ergänzen Sie das Einverständnis des Schulverwaltungsamts als Eigentümer des "
            "Grundstücks und ein Angebot für die Entsorgung des Asphalts. Ihr Eigenanteil von "
            "1.000 € ist genannt, aber nicht, woher er kommt."
        ),
        begin=0.35,
        end=0.8,
    ),
    Demo(
        project="Offene Luftdaten: Feinstaubsensoren an Schulen",
        status=Status.IN_REVIEW,
        title="Zwanzig Feinstaubsensoren für Dresdner Schulen",
        costs=(
            ("Bausätze Feinstaubsensor, 20 Stück", 1_100),
            ("Wetterfeste Gehäuse und Kabel", 420),
            ("Workshops zum Zusammenbau an 5 Schulen", 1_500),
            ("Server und Datenportal für 2 Jahre", 480),
        ),
        own=200,
        justification=(
            "Schülerinnen und Schüler bauen in Workshops Feinstaubsensoren, bringen sie an ihren "
            "Schulen an und veröffentlichen die Messwerte als offene Daten. So lernen sie "
            "Technik, Statistik und Umweltschutz zugleich."
        ),
        assessment=(
            "Überzeugendes Bildungsprojekt mit offenem Ergebnis für die ganze Stadt. Die "
            "Schulen haben schriftlich zugesagt. Der Kostenplan ist knapp, aber plausibel; "
            "der Server sollte bei einem städtischen Partner laufen."
        ),
        scores=(4, 5, 4, 4),
        begin=0.4,
        end=0.9,
    ),
    Demo(
        project="Kleine Kulturbühne am Pieschener Hafen",
        status=Status.AWAITING_CONFIRMATION,
        title="Mobile Bühne für Sommerabende am Hafen",
        costs=(
            ("Bühnenpodeste 6 × 4 m", 5_200),
            ("Tonanlage", 3_400),
            ("Lichttechnik", 2_100),
            ("Anhänger für den Transport", 2_300),
            ("Versicherung und GEMA für die erste Saison", 1_000),
        ),
        own=2_000,
        justification=(
            "Eine mobile Bühne, die der Verein selbst auf- und abbaut, macht kostenlose "
            "Konzerte, Lesungen und Theater für die Nachbarschaft am Hafen möglich. Nach der "
            "Saison verleihen wir sie an andere Initiativen im Stadtbezirk."
        ),
        approved=12_000,
        reason=(
            "Die Bühne kommt vielen Gruppen im Stadtbezirk zugute und wird nach der Saison "
            "weiterverliehen. Kostenplan und Eigenanteil sind schlüssig."
        ),
        assessment=(
            "Großer Nutzen für Pieschen, viele Beteiligte, ein Verleihkonzept ist vorhanden. "
            "Die Kosten sind durch drei Angebote belegt."
        ),
        scores=(5, 4, 4, 4),
        begin=0.3,
        end=0.92,
    ),
    Demo(
        project="Repair-Café in der Johannstadt",
        status=Status.APPROVED,
        title="Werkzeug und Ersatzteile für ein Jahr Repair-Café",
        costs=(
            ("Werkzeugsatz für Elektro- und Fahrradreparatur", 1_650),
            ("Lötstationen und Messgeräte", 720),
            ("Ersatzteile und Verbrauchsmaterial für 12 Termine", 1_430),
            ("Plakate und Flyer", 400),
            ("Miete Nachbarschaftszentrum (Anteil)", 900),
        ),
        own=300,
        justification=(
            "Einmal im Monat reparieren wir mit Nachbarinnen und Nachbarn kaputte Geräte, "
            "Kleidung und Fahrräder. Das Werkzeug der Ehrenamtlichen reicht nicht mehr; mit "
            "eigener Ausstattung kann das Repair-Café dauerhaft bestehen."
        ),
        reason=(
            "Das Repair-Café spart Abfall, bringt Menschen aus der ganzen Johannstadt zusammen "
            "und ist nach einem Jahr erprobt. Der Kostenplan ist vollständig und angemessen."
        ),
        conditions="Bitte nennen Sie den Bürgerprojektefonds auf Plakaten und Flyern.",
        payments=(2_400, 1_600),
        assessment="Bewährtes Projekt mit großer Beteiligung; klare Kosten, geringes Risiko.",
        scores=(5, 5, 5, 4),
        begin=0.08,
        end=0.7,
    ),
    Demo(
        project="Lesepatenschaften an Grundschulen in Leuben",
        status=Status.APPROVED,
        title="Bücherkisten für zwölf Lesepatenschaften",
        costs=(
            ("Kinderbücher für 12 Bücherkisten", 1_920),
            ("Kisten und Regale", 480),
            ("Schulung der Lesepatinnen und -paten", 800),
        ),
        justification=(
            "Ehrenamtliche lesen einmal in der Woche mit Kindern, die zu Hause wenig Bücher "
            "haben. Jede Patenschaft bekommt eine eigene Bücherkiste."
        ),
        reason="Fördert Kinder direkt und nachhaltig; die Kosten sind gering und belegt.",
        begin=0.5,
        end=0.88,
    ),
    Demo(
        project="Balkonkraftwerke für Mieterinnen und Mieter in Gorbitz",
        status=Status.PARTIALLY_APPROVED,
        title="Sammelbestellung und Montagehilfe für 40 Balkonkraftwerke",
        costs=(
            ("Zuschuss 40 Balkonkraftwerke je 250 €", 10_000),
            ("Montagehilfe durch Elektrofachkraft", 3_200),
            ("Infoabende und Übersetzungen (Russisch, Arabisch)", 1_300),
        ),
        justification=(
            "Mieterinnen und Mieter in Gorbitz wollen Strom vom eigenen Balkon, trauen sich die "
            "Anschaffung aber nicht allein zu. Wir bestellen gemeinsam, helfen bei der Montage "
            "und erklären die Anmeldung in mehreren Sprachen."
        ),
        approved=9_500,
        reason=(
            "Die Infoabende und die Montagehilfe fördern wir in voller Höhe. Den Zuschuss zu "
            "den Geräten fördern wir zur Hälfte, weil dafür auch das Förderprogramm des "
            "Freistaats genutzt werden kann."
        ),
        payments=(4_500,),
        assessment=(
            "Gute Idee mit Breitenwirkung. Der Gerätezuschuss überschneidet sich mit dem "
            "Landesprogramm; Kürzung empfohlen."
        ),
        scores=(4, 5, 3, 5),
        begin=0.15,
        end=0.75,
    ),
    Demo(
        project="Elbhang-Treppen in Loschwitz: begehbar und beschildert",
        status=Status.PARTIALLY_APPROVED,
        title="Beschilderung und Geländer für fünf Elbhang-Treppen",
        costs=(
            ("Wegweiser und Infotafeln", 4_800),
            ("Handläufe an drei Treppen", 8_400),
            ("Freischneiden und Sicherung durch Fachfirma", 1_800),
        ),
        justification=(
            "Die historischen Treppen am Elbhang sind schwer zu finden und teils ohne Geländer. "
            "Mit Wegweisern, Infotafeln zur Geschichte und Handläufen werden sie wieder "
            "für alle begehbar."
        ),
        approved=11_500,
        reason=(
            "Beschilderung und Freischnitt fördern wir voll. Für die Handläufe ist das "
            "Straßen- und Tiefbauamt an der steilsten Treppe selbst zuständig; dafür kürzen wir "
            "3.500 €."
        ),
        payments=(5_000,),
        assessment="Hoher Nutzen, Zuständigkeit für eine Treppe liegt beim Amt.",
        scores=(5, 4, 3, 5),
        begin=0.12,
        end=0.8,
    ),
    Demo(
        project="Regionaler Wochenmarkt am Jacob-Winter-Platz",
        status=Status.REJECTED,
        title="Marktstände und Startveranstaltung",
        costs=(
            ("10 Marktstände mit Dach", 9_500),
            ("Startfest mit Musik", 2_500),
        ),
        justification=(
            "Ein wöchentlicher Markt mit Erzeugern aus der Region belebt den Platz und stärkt "
            "die Nahversorgung im Viertel."
        ),
        reason=(
            "Der Fonds fördert keine Ausstattung, die überwiegend gewerblichen Händlerinnen und "
            "Händlern dient. Wir empfehlen das Programm der Wirtschaftsförderung für "
            "Wochenmärkte; die Startveranstaltung könnte im nächsten Jahr gefördert werden."
        ),
        assessment="Idee gut, aber gewerblicher Nutzen überwiegt; Förderrichtlinie Nr. 4.",
        scores=(3, 2, 4, 2),
        begin=0.2,
        end=0.6,
    ),
    Demo(
        project="Wohnprojekte-Börse: gemeinschaftlich wohnen in Dresden",
        status=Status.WITHDRAWN,
        title="Veranstaltungsreihe gemeinschaftliches Wohnen",
        costs=(
            ("Raummiete für 4 Abende", 600),
            ("Honorare für Referentinnen und Referenten", 1_600),
            ("Werbung", 400),
        ),
        justification=(
            "Vier Abende, an denen Wohnprojekte sich vorstellen und Interessierte Mitstreiter "
            "finden."
        ),
        withdraw_reason=(
            "Die Stiftung trias übernimmt die Kosten der Veranstaltungsreihe vollständig; wir "
            "brauchen das Geld aus dem Fonds nicht mehr."
        ),
        begin=0.7,
        end=0.9,
    ),
    Demo(
        project="Bibliothek der Dinge in der Neustadt",
        status=Status.PROOF_SUBMITTED,
        title="Grundausstattung der Bibliothek der Dinge",
        costs=(
            ("Regalsystem und Ausleihtheke", 2_300),
            ("Geräte zum Verleihen (Bohrmaschine, Beamer, Zelt …)", 4_200),
            ("Ausleihsoftware und Etikettendrucker", 1_000),
        ),
        own=500,
        justification=(
            "Statt selten gebrauchte Dinge zu kaufen, leihen Nachbarinnen und Nachbarn sie in "
            "der Bibliothek der Dinge aus. Für die Eröffnung brauchen wir Regale, eine Theke, "
            "erste Geräte und eine einfache Ausleihsoftware."
        ),
        reason="Spart Ressourcen und verbindet die Nachbarschaft; der Plan ist ausgereift.",
        payments=(4_000, 3_000),
        spent=6_815.40,
        report=(
            "## Was wir erreicht haben\n\n"
            "Die Bibliothek der Dinge hat im April eröffnet. Inzwischen stehen **84 Dinge** im "
            "Regal, und **213 Menschen** haben sich einen Ausweis geholt.\n\n"
            "## Wofür das Geld ausgegeben wurde\n\n"
            "- Regalsystem und Theke: 2.286,90 €\n"
            "- Geräte: 3.598,50 €\n"
            "- Software und Drucker: 930,00 €\n\n"
            "Einige Geräte wurden uns geschenkt, deshalb haben wir weniger ausgegeben als "
            "geplant."
        ),
        assessment="Durchdachtes Konzept, Raum ist gesichert, starkes Team.",
        scores=(5, 4, 5, 5),
        begin=0.02,
        end=0.94,
    ),
    Demo(
        project="Streuobstwiese am Hohen Stein wiederbeleben",
        status=Status.CLOSED,
        title="Obstbäume, Baumschnitt und Sense für die Streuobstwiese",
        costs=(
            ("40 hochstämmige Obstbäume alter Sorten", 4_400),
            ("Pflanzpfähle, Verbissschutz, Bindematerial", 1_900),
            ("Baumschnittkurs mit Pomologin", 1_200),
            ("Sensen, Rechen und Leitern", 2_300),
        ),
        own=0,
        justification=(
            "Die Streuobstwiese am Hohen Stein ist verwildert. Wir pflanzen alte Obstsorten "
            "nach, lernen den Baumschnitt und pflegen die Wiese gemeinsam mit der Schule "
            "nebenan."
        ),
        reason="Erhält ein Stück Kulturlandschaft und wird von einer Schule mitgetragen.",
        payments=(6_000, 3_800),
        spent=9_215.60,
        report=(
            "## Bericht\n\n"
            "Im März haben 35 Freiwillige und zwei Schulklassen **38 Obstbäume** gepflanzt; "
            "zwei Bäume hatte die Baumschule nicht mehr. Beim Baumschnittkurs im Februar waren "
            "18 Menschen dabei. Die Wiese wird seitdem zweimal im Jahr gemäht.\n\n"
            "Nicht ausgegeben haben wir 584,40 € (zwei Bäume weniger, günstigere Leitern)."
        ),
        close_note=(
            "Der Verwendungsnachweis ist vollständig. Bitte überweisen Sie die nicht "
            "verbrauchten 584,40 € unter Angabe des Kassenzeichens zurück."
        ),
        assessment="Solide geplant, ökologisch wertvoll, Pflege über Schule gesichert.",
        scores=(4, 4, 5, 5),
        begin=0.01,
        end=0.85,
    ),
)


# --- loading -----------------------------------------------------------------------------------


def load_fund() -> int:
    """Add this year's demo fund and its applications unless a fund exists; returns the
    number of applications added."""
    second = _second_officer()
    if db.session.scalar(select(func.count()).select_from(Fund)):
        return 0
    officer = db.session.scalar(select(User).where(User.email == OFFICER))
    if officer is None:
        raise LookupError(f"demo account {OFFICER} is missing; load core demo first")
    today = local_today()
    now = utcnow().replace(second=0, microsecond=0)
    year_start = datetime(today.year, 1, 1, 8, tzinfo=UTC)
    fund = Fund(
        year=today.year,
        budget_cents=BUDGET,
        max_per_project_cents=MAX_PER_PROJECT,
        four_eyes_cents=FOUR_EYES,
        call_opens_on=date(today.year, 1, 1),
        call_closes_on=date(today.year, 12, 31),
        criteria="\n".join(CRITERIA),
        required_documents="\n".join(DOCUMENTS),
        created_at=min(year_start - timedelta(days=40), now),
    )
    db.session.add(fund)
    db.session.flush()
    # The officers' accounts exist since before the call (the core demo made them just now).
    for person in (officer, second):
        if person.created_at > fund.created_at:
            person.created_at = person.privacy_consent_at = fund.created_at
            if person.email_verified_at is not None:
                person.email_verified_at = fund.created_at + timedelta(minutes=9)
    projects = {p.title: p for p in db.session.scalars(select(Project))}
    for index, spec in enumerate(APPLICATIONS):
        project = projects.get(spec.project)
        if project is None:
            continue
        _Builder(spec, index, fund, project, officer, second, year_start, now).build()
    db.session.flush()
    _sum_up(fund)
    return db.session.scalar(
        select(func.count()).select_from(Application).where(Application.fund_id == fund.id)
    )


def _second_officer() -> User:
    email, name = SECOND_OFFICER
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = account_ops.register(name, email, DEMO_PASSWORD, locale="de")
        user.email_verified_at = utcnow()
    if not user.has_role(Role.FUND_OFFICER):
        account_ops.grant_role(None, user, Role.FUND_OFFICER)
    return user


def _sum_up(fund: Fund) -> None:
    """The fund's sums as the operations leave them: committed = approved amounts of funded
    applications + amounts spent by closed ones; paid = payments less what was paid back."""
    applications = list(
        db.session.scalars(select(Application).where(Application.fund_id == fund.id))
    )
    fund.committed_cents = sum(a.approved_cents for a in applications if a.status in FUNDED) + sum(
        a.spent_cents or 0 for a in applications if a.status is Status.CLOSED
    )
    fund.paid_cents = sum(a.paid_cents - a.reclaimed_cents for a in applications)
    assert fund.paid_cents <= fund.committed_cents <= fund.budget_cents
    db.session.flush()


def _daytime(moment: datetime, now: datetime) -> datetime:
    """Squeeze a day's 24 hours into 7:00–22:00 (keeping the order of all moments), so that
    nobody submits at three in the morning; today's moments stay as they are (≤ now)."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if midnight >= now.replace(hour=0, minute=0, second=0, microsecond=0):
        return moment
    return midnight + timedelta(hours=7) + (moment - midnight) * (15 / 24)


def _png() -> bytes:
    """A tiny photo: a green square (a tree, seen from far away)."""
    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), (46, 125, 50)).save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF showing ``lines`` (Latin-1 text)."""
    text = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines
    )
    stream = zlib.compress(text.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class _Builder:
    """Builds one application and its history, step by step, in the order it happened."""

    def __init__(
        self,
        spec: Demo,
        index: int,
        fund: Fund,
        project: Project,
        officer: User,
        second: User,
        year_start: datetime,
        now: datetime,
    ) -> None:
        self.spec = spec
        self.fund = fund
        self.project = project
        self.officer = officer
        self.second = second
        self.now = now
        self.rng = random.Random(f"{SEED}:{index}")  # noqa: S311 - demo data, not secrets
        self.team = db.session.get(User, project.created_by_id)
        assert self.team is not None
        start = max(year_start, self._development_began(), project.published_at or year_start)
        self.window = (min(start, now - timedelta(hours=2)), now - timedelta(hours=1))
        self.application: Application
        self.payments: Iterator[float] = iter(())

    def _development_began(self) -> datetime:
        began = db.session.scalar(
            select(PhaseRequest.decided_at).where(
                PhaseRequest.project_id == self.project.id,
                PhaseRequest.step == Step.TO_DEVELOPMENT,
                PhaseRequest.status == RequestStatus.ACCEPTED,
            )
        )
        return began or self.project.published_at or self.project.created_at

    def moments(self, count: int) -> list[datetime]:
        """``count`` moments in order between ``begin`` and ``end`` of the spec."""
        start, stop = self.window
        shares = sorted(self.rng.uniform(self.spec.begin, self.spec.end) for _ in range(count))
        shares[0] = self.spec.begin
        # Squeezed into the daytime, a moment must still come after the window's start.
        moments = [max(_daytime(start + (stop - start) * s, self.now), start) for s in shares]
        return [moment.replace(microsecond=0) for moment in moments]

    def entry(
        self,
        step: str,
        at: datetime,
        actor: User,
        before: Status | None,
        after: Status,
        reason: str = "",
        amount: int | None = None,
    ) -> None:
        db.session.add(
            ApplicationEntry(
                application_id=self.application.id,
                step=step,
                from_status=before.value if before else "",
                to_status=after.value,
                actor_id=actor.id,
                amount_cents=amount,
                reason=reason,
                created_at=at,
            )
        )

    def steps(self) -> list[str]:
        """The steps this application went through, in order."""
        spec, status = self.spec, self.spec.status
        if status is Status.DRAFT:
            return ["create"]
        steps = ["create", "submit"]
        if status is Status.SUBMITTED:
            return steps
        steps.append("start_check")
        if status is Status.FORMAL_CHECK:
            return steps
        if status is Status.RETURNED:
            return [*steps, "send_back"]
        steps += ["pass_check", "review"]
        if status is Status.IN_REVIEW:
            return steps
        if status is Status.WITHDRAWN:
            return [*steps, "withdraw"]
        if self.amount > self.fund.four_eyes_cents:
            steps.append("propose")
        if status is Status.AWAITING_CONFIRMATION:
            return steps
        steps.append("decide")
        steps += ["payment"] * len(spec.payments)
        if status in (Status.PROOF_SUBMITTED, Status.CLOSED):
            steps += ["receipts", "submit_proof"]
        if status is Status.CLOSED:
            steps.append("close")
        return steps

    @property
    def amount(self) -> int:
        """What the decision gives (or would give)."""
        spec = self.spec
        if spec.status is Status.REJECTED:
            return 0
        return cents(spec.approved) if spec.approved is not None else spec.requested

    @property
    def outcome(self) -> Outcome:
        if self.spec.status is Status.REJECTED:
            return Outcome.REJECT
        return Outcome.PARTIAL if self.amount < self.spec.requested else Outcome.APPROVE

    def build(self) -> None:
        spec = self.spec
        steps = self.steps()
        moments = self.moments(len(steps))
        created = moments[0]
        application = Application(
            fund_id=self.fund.id,
            project_id=self.project.id,
            status=Status.DRAFT,
            title=spec.title,
            requested_cents=spec.requested,
            cost_lines=[{"label": label, "amount_cents": cents(e)} for label, e in spec.costs],
            own_contribution_cents=cents(spec.own),
            other_funding_cents=cents(spec.other),
            other_funding_note=spec.other_note,
            justification=spec.justification,
            contact_id=self.team.id,
            created_by_id=self.team.id,
            created_at=created,
            updated_at=created,
        )
        assert 0 < application.requested_cents <= self.fund.max_per_project_cents, spec.title
        db.session.add(application)
        db.session.flush()
        self.application = application
        self.payments = iter(spec.payments)
        for step, at in zip(steps, moments, strict=True):
            getattr(self, f"_{step}")(at)
            if step != "review":
                application.updated_at = at

    # -- the steps, each at its moment

    def _move(self, step: str, at: datetime, actor: User, after: Status, **entry: object) -> None:
        before = self.application.status
        self.application.status = after
        self.entry(step, at, actor, before, after, **entry)  # type: ignore[arg-type]

    def _create(self, at: datetime) -> None:
        self.entry("create", at, self.team, None, Status.DRAFT)

    def _submit(self, at: datetime) -> None:
        self.application.submitted_at = at
        self._move("submit", at, self.team, Status.SUBMITTED, amount=self.spec.requested)

    def _start_check(self, at: datetime) -> None:
        self._move("start_check", at, self.officer, Status.FORMAL_CHECK)

    def _send_back(self, at: datetime) -> None:
        application = self.application
        application.checklist = {key: key not in ("funding", "costs") for key, _ in CHECKLIST}
        application.return_message = self.spec.return_message
        self._move("send_back", at, self.officer, Status.RETURNED, reason=self.spec.return_message)

    def _pass_check(self, at: datetime) -> None:
        self.application.checklist = {key: True for key, _ in CHECKLIST}
        self._move("pass_check", at, self.officer, Status.IN_REVIEW)

    def _review(self, at: datetime) -> None:
        if not self.spec.assessment:
            return
        scores = self.spec.scores or tuple(self.rng.randint(2, 5) for _ in CRITERIA)
        db.session.add(
            Review(
                application_id=self.application.id,
                officer_id=self.officer.id,
                assessment=self.spec.assessment,
                scores=dict(zip(CRITERIA, scores, strict=True)),
                created_at=at,
                updated_at=at,
            )
        )

    def _withdraw(self, at: datetime) -> None:
        self._move("withdraw", at, self.team, Status.WITHDRAWN, reason=self.spec.withdraw_reason)

    def _propose(self, at: datetime) -> None:
        application = self.application
        application.proposed_outcome = self.outcome
        application.proposed_cents = self.amount
        application.proposed_reason = self.spec.reason
        application.proposed_conditions = self.spec.conditions
        application.proposed_by_id = self.officer.id
        application.proposed_at = at
        self._move("propose", at, self.officer, Status.AWAITING_CONFIRMATION, amount=self.amount)

    def _decide(self, at: datetime) -> None:
        application, spec = self.application, self.spec
        confirmed = application.status is Status.AWAITING_CONFIRMATION
        application.decided_at = at
        application.decided_by_id = self.officer.id
        application.confirmed_by_id = self.second.id if confirmed else None
        application.approved_cents = self.amount
        application.decision_reason = spec.reason
        application.conditions = spec.conditions
        after = {
            Outcome.APPROVE: Status.APPROVED,
            Outcome.PARTIAL: Status.PARTIALLY_APPROVED,
            Outcome.REJECT: Status.REJECTED,
        }[self.outcome]
        actor = self.second if confirmed else self.officer
        self._move("decide", at, actor, after, reason=spec.reason, amount=self.amount)

    def _payment(self, at: datetime) -> None:
        application = self.application
        amount = cents(next(self.payments))
        assert application.paid_cents + amount <= application.approved_cents, self.spec.title
        application.paid_cents += amount
        tranche = len(application.payments) + 1
        reference = f"BPF-{self.fund.year}-{application.id:04d}-{tranche}"
        payment = Payment(
            application_id=application.id,
            amount_cents=amount,
            paid_on=to_user_timezone(at).date(),
            reference=reference,
            recorded_by_id=self.officer.id,
            created_at=at,
        )
        application.payments.append(payment)
        self.entry(
            "payment",
            at,
            self.officer,
            application.status,
            application.status,
            reason=reference,
            amount=amount,
        )

    def _receipts(self, at: datetime) -> None:
        """A scanned receipt (PDF) and a photo (PNG), written to the receipts folder."""
        files = [
            (
                "pdf",
                "application/pdf",
                _pdf(["Quittung", self.spec.title[:60], "Betrag siehe Sachbericht"]),
                "Sammelbeleg.pdf",
                "Belege aller Ausgaben",
            ),
            ("png", "image/png", _png(), "Foto-vom-Projekt.png", "Foto vom Projekt"),
        ]
        for extension, content_type, data, name, description in files:
            stored = f"{secrets.token_hex(16)}.{extension}"
            (receipt_dir() / stored).write_bytes(data)
            db.session.add(
                Receipt(
                    application_id=self.application.id,
                    stored_name=stored,
                    original_name=name,
                    content_type=content_type,
                    size=len(data),
                    description=description,
                    uploaded_by_id=self.team.id,
                    created_at=at,
                )
            )

    def _submit_proof(self, at: datetime) -> None:
        application, spec = self.application, self.spec
        assert spec.spent is not None
        application.report_markdown = spec.report
        application.report_html = render_markdown(spec.report)
        application.spent_cents = cents(spec.spent)
        application.proof_submitted_at = at
        assert application.spent_cents <= application.approved_cents, spec.title
        self._move("submit_proof", at, self.team, Status.PROOF_SUBMITTED, amount=cents(spec.spent))

    def _close(self, at: datetime) -> None:
        application = self.application
        spent = application.spent_cents or 0
        assert application.paid_cents >= spent, self.spec.title
        application.reclaimed_cents = application.paid_cents - spent
        application.closed_at = at
        self._move(
            "close",
            at,
            self.officer,
            Status.CLOSED,
            reason=self.spec.close_note,
            amount=application.reclaimed_cents,
        )
