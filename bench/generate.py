"""A large city's worth of realistic data, generated quickly, for the load benchmark.

    .venv/bin/python -m bench.generate --database-url URL [--scale 0.1] [--seed 1]

migrates an empty database (SQLite or PostgreSQL) and fills it with German citizens, projects
in every phase and state, teams, supports, needs and offers, the public timeline, comments with
replies, funds with applications in every state, and events with registrations. The full size
(50,000 users, 100,000 projects, 1,000,000 comments, 500,000 supports, 20,000 needs, 5,000
fund applications, 2,000 events) takes minutes; ``--scale`` shrinks every size at once and each
``--users``, ``--projects``, … sets one. The same seed gives the same rows, relative to the day
of the run (see ``generate``); only the password hash is salted afresh each time.

The rows are written in bulk, not through the operations: ``INSERT`` with many rows per
statement on SQLite, ``COPY`` on PostgreSQL. Every row keeps to the rules the operations keep:
the check and unique constraints of the tables, the maintained counters (supporters, team
members, open needs, replies, seats), the gates of the phases (a team of three and a short
concept before development, a plan before implementation), the money of the fund (what is
committed never exceeds the budget, payments never exceed the approved amount, a closed
application paid back what it did not spend), and time (nobody acts before they registered or
before the project was published; ids grow with time like in a live database). At the end the
full-text index is rebuilt and, on PostgreSQL, the planner's statistics are gathered.

Not generated: mentorships, project news, notifications, reports, receipts of the proof of use
(they are files on disk) and the audit log. Who supports a project or joins its team follows
it; who comments does not.
"""

from __future__ import annotations

import argparse
import bisect
import enum
import json
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alembic import command
from flask import Flask, current_app, has_app_context
from sqlalchemy import JSON, Table, exists, func, inspect, select, text
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError

from civic.db import make_engine

PASSWORD = "bench-passwort"  # noqa: S105 - published password of the generated accounts
DOMAIN = "bench.civic.example"
BATCH = 10_000
HOUR = 3600
DAY = 24 * HOUR
SPAN_DAYS = 730  # the platform has been running for two years


# --- sizes and the summary ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind to generate (users include the staff accounts)."""

    users: int = 50_000
    projects: int = 100_000
    comments: int = 1_000_000
    supports: int = 500_000
    needs: int = 20_000
    applications: int = 5_000
    events: int = 2_000

    def scaled(self, factor: float) -> Sizes:
        """Every size times ``factor``, with enough users and projects for a city."""
        minimum = {"users": 40, "projects": 20}
        return Sizes(
            **{
                f.name: max(minimum.get(f.name, 0), round(getattr(self, f.name) * factor))
                for f in fields(self)
            }
        )


@dataclass
class Summary:
    """What a generated database holds, and what the benchmark needs to know about it."""

    counts: dict[str, int]
    seconds: float
    hot_project_id: int | None
    hot_project_comments: int
    citizen_email: str
    password: str
    staff: dict[str, str]
    sample_project_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"  {name:<28} {count:>12,}" for name, count in sorted(self.counts.items())]
        out.append(f"Done in {self.seconds:.1f} s.")
        if self.hot_project_id is not None:
            out.append(
                f"Project with the most comments: {self.hot_project_id} "
                f"({self.hot_project_comments:,} comments)"
            )
        out.append(f"Password of every generated account: {self.password}")
        out.append(f"A citizen: {self.citizen_email}")
        out += [f"{role:<20} {email}" for role, email in self.staff.items()]
        return out


class DatabaseNotEmpty(RuntimeError):
    """The database holds accounts already; generating would mix two cities."""


# --- words and texts ------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna Lena Marie Sophie Emma Mia Hannah Lea Laura Julia Sarah Katharina Johanna Clara "
    "Charlotte Luise Greta Frieda Ida Mathilda Paula Nele Jana Katrin Anja Sandra Nicole Petra "
    "Sabine Monika Birgit Heike Ute Karin Ingrid Renate Brigitte Ursula Gisela Elke Martina "
    "Susanne Claudia Andrea Stefanie Franziska Theresa Carla Rosa Luisa Yasmin Fatima Aylin Elif "
    "Linh Olga Natalia Agnieszka Leonie Emilia Marlene Ines "
    "Lukas Leon Jonas Paul Felix Maximilian Elias Noah Ben Finn Luca Tim Jan Tom Niklas Moritz "
    "Florian Philipp Sebastian Tobias Stefan Michael Thomas Andreas Frank Uwe Jürgen Dieter Klaus "
    "Wolfgang Peter Rainer Bernd Holger Steffen Ralf Torsten Matthias Christian Martin Daniel "
    "Markus Alexander Benedikt Henrik Ole Kevin Dennis Ahmad Mehmet Emre Marek Piotr Dmytro Minh "
    "Karl Friedrich Georg Konrad Heinrich Johannes"
).split()

LAST_NAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König "
    "Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel "
    "Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht "
    "Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto "
    "Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn "
    "Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Böhme Seifert "
    "Teichmann Ebert Jahn Fiedler Walther Haase Kretschmer Hempel Ullrich Grundmann Rudolph "
    "Nguyen Haddad Petrenko Nowak Özdemir Rahimi Kowalski Yilmaz Schuhmann Lindner Scholze"
).split()

STREETS = (
    "Königsbrücker Straße",
    "Bautzner Straße",
    "Louisenstraße",
    "Alaunstraße",
    "Görlitzer Straße",
    "Leipziger Straße",
    "Großenhainer Straße",
    "Hechtstraße",
    "Rothenburger Straße",
    "Prager Straße",
    "Wilsdruffer Straße",
    "Hauptstraße",
    "Grunaer Straße",
    "Stübelallee",
    "Borsbergstraße",
    "Schillerstraße",
    "Pillnitzer Landstraße",
    "Dohnaer Straße",
    "Prohliser Allee",
    "Tharandter Straße",
    "Kesselsdorfer Straße",
    "Hamburger Straße",
    "Löbtauer Straße",
    "Chemnitzer Straße",
    "Nürnberger Straße",
    "Budapester Straße",
    "Washingtonstraße",
    "Radeburger Straße",
    "Karl-Marx-Straße",
    "Lockwitzer Straße",
    "Bodenbacher Straße",
    "Winterbergstraße",
    "Fetscherstraße",
    "Blasewitzer Straße",
    "Stauffenbergallee",
    "Hansastraße",
    "Oschatzer Straße",
    "Bürgerstraße",
    "Rudolf-Renner-Straße",
    "Kamenzer Straße",
)

PLACES = (
    "Alaunplatz",
    "Albertplatz",
    "Altmarkt",
    "Neumarkt",
    "Postplatz",
    "Bischofsplatz",
    "Schillerplatz",
    "Körnerplatz",
    "Pohlandplatz",
    "Wasaplatz",
    "Straßburger Platz",
    "Amalie-Dietrich-Platz",
    "Sachsenplatz",
    "Münchner Platz",
    "Fetscherplatz",
    "Lingnerplatz",
    "Jorge-Gomondai-Platz",
    "Hohenthalplatz",
    "Nürnberger Platz",
    "Conertplatz",
)

PARKS = (
    "Alaunpark",
    "Großen Garten",
    "Waldpark Blasewitz",
    "Beutlerpark",
    "Hermann-Seidel-Park",
    "Heidepark",
    "Rosengarten",
    "Ostragehege",
)


@dataclass(frozen=True)
class Theme:
    """A kind of project: its topic, titles and summaries (with places to fill in) and the
    paragraphs its descriptions are made of."""

    topic: str
    weight: int
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    paragraphs: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "Mobilität",
        14,
        (
            "Radweg an der {street}",
            "Sicherer Radweg zur {school}",
            "Fahrradbügel am {place}",
            "Lastenrad zum Ausleihen in {district}",
            "Zebrastreifen an der {street}",
            "Sichere Schulwege in {district}",
            "Tempo 30 vor der {school}",
            "Fahrrad-Reparaturstation am {place}",
        ),
        (
            "Wer in {district} mit dem Rad unterwegs ist, lebt gefährlich. Wir wollen einen "
            "sicheren Radweg und mehr Platz für Fußgängerinnen und Fußgänger.",
            "Kinder sollen allein und sicher zur Schule kommen. Wir sammeln die gefährlichen "
            "Stellen in {district} und schlagen Lösungen vor.",
            "Am {place} fehlen Abstellplätze für Fahrräder und Lastenräder. Wir planen sie "
            "gemeinsam mit der Nachbarschaft.",
        ),
        (
            "Jeden Morgen fahren hier Hunderte Menschen mit dem Rad zur Arbeit und zur Schule. "
            "Der Radweg endet plötzlich, Autos parken auf dem Schutzstreifen, und an der "
            "Kreuzung wird es eng.",
            "Wir haben an drei Tagen gezählt: Zwischen sieben und neun Uhr nutzen über 400 "
            "Radfahrende die Strecke. Ein durchgehender Radweg und gut sichtbare "
            "Querungen würden allen helfen, auch den Fußgängern.",
            "Viele Eltern bringen ihre Kinder mit dem Auto, weil der Schulweg unsicher ist. "
            "Mit einem Schulwegplan, einem Zebrastreifen und Tempo 30 ändert sich das.",
            "Ein Lastenrad zum Ausleihen ersetzt manche Autofahrt: zum Wochenmarkt, zum "
            "Wertstoffhof oder zum Kindergarten. Ausgeliehen wird über eine einfache Liste "
            "im Stadtteilladen.",
        ),
    ),
    Theme(
        "Stadtgrün",
        14,
        (
            "Gemeinschaftsgarten am {place}",
            "Bäume für die {street}",
            "Blühwiese im {park}",
            "Streuobstwiese in {district}",
            "Hochbeete an der {school}",
            "Urban Gardening an der {street}",
            "Schulgarten der {school}",
        ),
        (
            "Aus einer Brache wird ein Garten für alle: Wir pflanzen Gemüse, Kräuter und "
            "Blumen und laden die Nachbarschaft in {district} zum Mitgärtnern ein.",
            "Die {street} heizt sich im Sommer stark auf. Neue Straßenbäume spenden Schatten "
            "und machen die Straße lebenswerter.",
            "Eine Blühwiese für Bienen, Schmetterlinge und Menschen – angelegt und gepflegt "
            "von Freiwilligen aus {district}.",
        ),
        (
            "Der Garten soll ein Treffpunkt werden: Hochbeete für Gemüse und Kräuter, ein "
            "Komposthaufen, eine Regentonne und eine Bank im Schatten. Jede und jeder kann "
            "ein Beet übernehmen.",
            "Straßenbäume kühlen im Sommer spürbar. Wir haben mit dem Amt für Stadtgrün zwölf "
            "mögliche Standorte gefunden und suchen Paten, die in trockenen Wochen gießen.",
            "Statt kurz gemähtem Rasen wächst hier bald eine Blühwiese mit heimischen Arten. "
            "Schulklassen säen mit und beobachten, welche Insekten kommen.",
            "Im Schulgarten lernen Kinder, woher Gemüse kommt. Wir bauen Hochbeete, ein "
            "Gewächshaus aus alten Fenstern und einen Garten mit Obststräuchern.",
        ),
    ),
    Theme(
        "Nachbarschaft und Soziales",
        14,
        (
            "Nachbarschaftscafé in {district}",
            "Bank und Tisch am {place}",
            "Spielplatz an der {street} erneuern",
            "Neuer Spielplatz im {park}",
            "Treffpunkt für Jugendliche in {district}",
            "Mittagstisch für Seniorinnen und Senioren in {district}",
            "Sitzbänke entlang der {street}",
        ),
        (
            "Ein Ort, an dem sich Alt und Jung in {district} begegnen: ein Café, das von der "
            "Nachbarschaft selbst betrieben wird.",
            "Der Spielplatz ist in die Jahre gekommen. Wir planen mit Kindern und Eltern, was "
            "neu entstehen soll.",
            "Wer schlecht zu Fuß ist, braucht unterwegs eine Bank. Wir wollen mehr Sitzplätze "
            "in {district}.",
        ),
        (
            "Viele ältere Menschen in unserem Viertel wohnen allein. Ein Nachbarschaftscafé "
            "mit Kuchen, Zeitung und offenem Ohr bringt sie mit jüngeren Nachbarn zusammen.",
            "Der Spielplatz hat ein kaputtes Klettergerüst, der Sandkasten ist verschmutzt und "
            "Schatten gibt es nicht. Wir haben Kinder gefragt, was sie sich wünschen: eine "
            "Seilbahn, eine Wasserpumpe und mehr Bäume.",
            "Zwischen Einkaufszentrum und Haltestelle gibt es keine einzige Bank. Gerade "
            "ältere Menschen und Familien mit kleinen Kindern vermissen Sitzplätze.",
            "Jugendliche haben in unserem Stadtteil kaum einen Ort, an dem sie willkommen sind. "
            "Mit einem überdachten Treffpunkt und einer Bank für Gespräche wollen wir das "
            "ändern.",
        ),
    ),
    Theme(
        "Kultur",
        10,
        (
            "Open-Air-Kino auf dem {place}",
            "Stadtteilfest in {district}",
            "Offene Bühne im {park}",
            "Wandbild an der {street}",
            "Chor für alle in {district}",
        ),
        (
            "Filme unter freiem Himmel, ausgesucht von der Nachbarschaft – an vier "
            "Sommerabenden in {district}.",
            "Ein Fest von und für {district}: Musik, Essen, Flohmarkt und Mitmachaktionen für "
            "Kinder.",
            "Eine graue Wand wird zum Kunstwerk: Gemeinsam mit Jugendlichen gestalten wir ein "
            "Wandbild über die Geschichte des Viertels.",
        ),
        (
            "Kultur soll nicht nur in der Innenstadt stattfinden. Wir holen Musik, Theater und "
            "Kino in den Stadtteil, bei freiem Eintritt und mit Programm aus der "
            "Nachbarschaft.",
            "Das Fest wird von Vereinen, Schulen und Nachbarn gemeinsam organisiert. Es gibt "
            "eine Bühne für Bands aus dem Viertel und einen Flohmarkt für Kinder.",
            "Die Wand gehört der Wohnungsgenossenschaft, die uns die Erlaubnis gegeben hat. "
            "Eine Künstlerin aus dem Viertel leitet die Workshops an.",
        ),
    ),
    Theme(
        "Bildung",
        10,
        (
            "Lesepaten an der {school}",
            "Hausaufgabenhilfe in {district}",
            "Naturforscher-AG im {park}",
            "Bücherzelle am {place}",
            "Schülerzeitung der {school}",
        ),
        (
            "Ehrenamtliche Lesepatinnen und Lesepaten lesen jede Woche mit Kindern, die zu "
            "Hause wenig Unterstützung haben.",
            "Eine offene Bücherzelle lädt zum Tauschen und Stöbern ein – rund um die Uhr und "
            "ohne Ausweis.",
            "Kostenlose Hausaufgabenhilfe für Schülerinnen und Schüler in {district}, "
            "getragen von Studierenden und Rentnern.",
        ),
        (
            "Lesen öffnet Türen. Unsere Lesepaten kommen einmal pro Woche in die Schule und "
            "lesen mit kleinen Gruppen. Die Schule stellt einen Raum, wir bringen Bücher mit.",
            "Eine alte Telefonzelle wird zur Bücherzelle mit Regalen, Licht und einer kleinen "
            "Bank davor. Eine Patin schaut täglich nach dem Rechten.",
            "Die Hausaufgabenhilfe findet an drei Nachmittagen im Stadtteilhaus statt. Es gibt "
            "Getränke, einen ruhigen Raum und Menschen, die Zeit haben.",
        ),
    ),
    Theme(
        "Klima und Umwelt",
        10,
        (
            "Trinkbrunnen am {place}",
            "Müllsammelaktion im {park}",
            "Schattenplätze für den {place}",
            "Regenwasser-Zisterne für die {school}",
            "Insektenhotel im {park}",
        ),
        (
            "In heißen Sommern braucht die Stadt Wasser und Schatten. Ein Trinkbrunnen am "
            "{place} hilft allen, die unterwegs sind.",
            "Einmal im Monat sammeln wir Müll im Viertel und reden darüber, wie weniger davon "
            "entsteht.",
            "Regenwasser auffangen statt wegleiten: Eine Zisterne versorgt den Schulgarten "
            "auch im trockenen Sommer.",
        ),
        (
            "Die Hitzesommer der letzten Jahre haben gezeigt, wie wichtig Schatten und "
            "Trinkwasser im öffentlichen Raum sind. Ein Trinkbrunnen kostet wenig und hilft "
            "vielen.",
            "Wir sammeln gemeinsam Müll in Parks und an der Elbe. Die Stadtreinigung stellt "
            "Zangen und Säcke und holt den Müll ab.",
            "Ein Klimaschutzprojekt zum Anfassen: Wir messen den Wasserverbrauch, bauen eine "
            "Zisterne und zeigen, wie Regenwasser genutzt werden kann.",
        ),
    ),
    Theme(
        "Energie",
        7,
        (
            "Solardach für die {school}",
            "Balkonkraftwerke für {district}",
            "Energieberatung für Nachbarn in {district}",
            "Bürgersolaranlage an der {street}",
        ),
        (
            "Sonnenstrom vom Schuldach: Eine Bürgersolaranlage, die Eltern, Lehrkräfte und "
            "Nachbarn gemeinsam finanzieren.",
            "Wir helfen Mieterinnen und Mietern in {district}, ein Balkonkraftwerk anzuschaffen "
            "und sicher anzuschließen.",
        ),
        (
            "Das Dach der Schule ist groß, sonnig und ungenutzt. Eine Solaranlage würde einen "
            "Teil des Stroms der Schule liefern, und im Unterricht lässt sich zeigen, wie "
            "Energie entsteht.",
            "Ein Balkonkraftwerk spart bis zu 200 Euro Strom im Jahr. Viele wissen aber nicht, "
            "wie man es anmeldet und anschließt. Wir bieten Sammelbestellungen und Hilfe an.",
        ),
    ),
    Theme(
        "Digitale Stadt",
        7,
        (
            "Digitalpaten für Seniorinnen und Senioren in {district}",
            "Offenes WLAN am {place}",
            "Luftmessstationen in {district}",
            "Stadtteil-App für {district}",
        ),
        (
            "Junge Freiwillige helfen älteren Menschen mit Smartphone, Tablet und "
            "Online-Terminen – geduldig und kostenlos.",
            "Selbstgebaute Sensoren messen Feinstaub und Temperatur in {district}; die Daten "
            "sind offen für alle.",
        ),
        (
            "Viele Termine beim Amt oder beim Arzt gibt es nur noch online. Unsere "
            "Digitalpaten erklären Schritt für Schritt, wie das geht, einmal pro Woche in der "
            "Bibliothek.",
            "Wir bauen mit Schulklassen Messstationen aus günstigen Bauteilen. Die Werte "
            "erscheinen auf einer offenen Karte und zeigen, wo es im Viertel besonders heiß "
            "oder staubig ist.",
        ),
    ),
    Theme(
        "Wirtschaft",
        7,
        (
            "Wochenmarkt am {place}",
            "Repair-Café in {district}",
            "Tauschladen an der {street}",
            "Regionalladen in {district}",
        ),
        (
            "Reparieren statt wegwerfen: Im Repair-Café helfen Ehrenamtliche, kaputte Geräte "
            "wieder zum Laufen zu bringen.",
            "Ein kleiner Wochenmarkt am {place} mit Erzeugern aus der Region belebt den Platz.",
        ),
        (
            "Einmal im Monat öffnet das Repair-Café: Toaster, Fahrräder, Kleidung und "
            "Spielzeug werden gemeinsam repariert. Wer wartet, trinkt Kaffee und lernt dabei.",
            "Der Markt bringt Leben auf den Platz und kurze Wege zum Einkaufen. Händler aus dem "
            "Umland haben schon Interesse gezeigt.",
        ),
    ),
    Theme(
        "Wohnen",
        7,
        (
            "Wohnungstausch-Börse für {district}",
            "Gemeinschaftsraum an der {street}",
            "Mehrgenerationenhaus in {district}",
            "Hofbegrünung an der {street}",
        ),
        (
            "Große Wohnung gegen kleine: Eine Börse hilft Menschen in {district}, die passende "
            "Wohnung zu finden.",
            "Ein Raum für alle Mieter: für Feiern, Hausaufgaben, Versammlungen und den "
            "Spieleabend.",
        ),
        (
            "Viele ältere Menschen wohnen allein in großen Wohnungen, während junge Familien "
            "keine finden. Ein Tausch hilft beiden Seiten, wenn jemand ihn begleitet.",
            "Der Innenhof ist grau und leer. Mit Hochbeeten, einer Bank und Kletterpflanzen "
            "wird er zum Treffpunkt der Hausgemeinschaft.",
        ),
    ),
)

# Added to some titles (unless the title names the place already).
TITLE_ADDITIONS = (
    " in {district}",
    " für alle",
    " für Kinder und Familien",
    " mit der Nachbarschaft",
    " – Pilotprojekt",
    " – jetzt mitmachen",
    " am Wochenende",
    " für Seniorinnen und Senioren",
)

GENERIC_PARAGRAPHS = (
    "Die Idee ist bei einem Stadtteilabend entstanden. Seitdem treffen wir uns alle zwei Wochen "
    "und haben mit vielen Nachbarinnen und Nachbarn gesprochen.",
    "Wir sind eine bunte Gruppe: Eltern, Studierende, Rentnerinnen und Menschen, die erst seit "
    "kurzem in Dresden wohnen. Jede und jeder bringt ein, was sie oder er kann.",
    "Wichtig ist uns, dass das Projekt auch nach der Umsetzung weiterlebt. Deshalb suchen wir "
    "von Anfang an Menschen, die Verantwortung übernehmen.",
    "Mit dem zuständigen Amt haben wir erste Gespräche geführt. Die Rückmeldung war positiv, "
    "einige Fragen zu Genehmigungen sind noch offen.",
    "Die Kosten halten wir niedrig: Vieles machen wir selbst, Material bekommen wir zum Teil "
    "gespendet, und Firmen aus dem Viertel haben Unterstützung angeboten.",
    "Wer mitmachen möchte, ist herzlich willkommen. Man muss nichts können außer Lust haben, "
    "etwas im eigenen Viertel zu bewegen.",
    "Wir möchten barrierefrei planen, damit alle teilhaben können – auch Menschen mit "
    "Rollstuhl, Rollator oder Kinderwagen.",
    "Das Projekt ist ein Versuch: Wenn es gut läuft, kann es in anderen Stadtteilen "
    "nachgemacht werden. Alles, was wir lernen, schreiben wir auf.",
)

PLAN_STEPS = (
    "Gespräche mit Anwohnerinnen und Anwohnern führen",
    "Einen Plan mit Kosten und Zeitplan aufstellen",
    "Genehmigungen beim zuständigen Amt einholen",
    "Material besorgen und Helfer finden",
    "Einen Aktionstag zum Bauen und Pflanzen organisieren",
    "Die Eröffnung mit einem kleinen Fest feiern",
    "Eine Patenschaft für die Pflege vereinbaren",
    "Flyer verteilen und im Stadtteilblatt berichten",
    "Kinder und Jugendliche an der Planung beteiligen",
    "Nach einem Jahr gemeinsam Bilanz ziehen",
)

CONCEPTS = (
    "Unser Ziel ist es, {what} gemeinsam mit der Nachbarschaft umzusetzen. In den ersten "
    "Wochen sprechen wir mit Anwohnern, Vereinen und dem zuständigen Amt. Danach stellen wir "
    "einen Plan mit Kosten, Zeitplan und Verantwortlichen auf. Die Umsetzung soll in einem "
    "Jahr abgeschlossen sein; danach übernimmt eine Patengruppe die Pflege.",
    "{what} – dafür haben wir ein Team aus Menschen mit ganz unterschiedlichen Erfahrungen. "
    "Wir arbeiten in drei Gruppen: Planung, Öffentlichkeitsarbeit und Finanzen. Jede Gruppe "
    "trifft sich eigenständig, alle zwei Wochen kommen wir zusammen. Geld wollen wir aus dem "
    "Bürgerprojektefonds und über Spenden aus dem Viertel einwerben.",
    "Kurzkonzept: {what}. Zielgruppe sind alle Menschen im Stadtteil, besonders Familien und "
    "ältere Menschen. Wir rechnen mit Kosten von wenigen tausend Euro, die Arbeit leisten wir "
    "ehrenamtlich. Risiken sehen wir bei Genehmigungen und bei der dauerhaften Pflege; für "
    "beides haben wir erste Lösungen.",
)

CONCEPT_SUBJECTS = (
    "einen Ort der Begegnung zu schaffen",
    "den Stadtteil grüner und lebenswerter zu machen",
    "Wege sicherer zu machen",
    "Kindern und Jugendlichen mehr Raum zu geben",
    "Nachbarn miteinander ins Gespräch zu bringen",
    "Wissen und Werkzeug zu teilen",
    "das Klima im Viertel zu schützen",
)

FINAL_REPORTS = (
    "## Was wir erreicht haben\n\nAlle Meilensteine sind erledigt. Über {people} Menschen "
    "haben mitgemacht, und die Eröffnung war ein schönes Fest.\n\n## Was es gekostet hat\n\n"
    "Die Kosten lagen etwas unter dem Plan, weil viele Firmen Material gespendet haben.\n\n"
    "## Was bleibt\n\nEine Patengruppe kümmert sich weiter; wir treffen uns einmal im Monat.",
    "## Rückblick\n\nEs hat länger gedauert als gedacht – die Genehmigung allein brauchte drei "
    "Monate. Aber das Ergebnis kann sich sehen lassen, und {people} Nachbarinnen und Nachbarn "
    "haben geholfen.\n\n## Kosten\n\nWir sind im Rahmen geblieben; die Belege liegen dem "
    "Fonds vor.\n\n## Dank\n\nDanke an alle, die angepackt haben!",
    "## Ergebnis\n\nDas Projekt ist fertig und wird gut angenommen. Wir zählen jede Woche "
    "Besucher; im Schnitt sind es {people}.\n\n## Was wir anders machen würden\n\n"
    "- früher mit dem Amt sprechen\n- die Pflege von Anfang an regeln\n- mehr Jugendliche "
    "einbinden",
)

COMMENT_OPENERS = (
    "Tolle Idee!",
    "Endlich macht das mal jemand.",
    "Ich wohne direkt um die Ecke und finde das super.",
    "Eine Frage:",
    "Danke für euer Engagement!",
    "Ich bin skeptisch.",
    "Gute Sache, aber",
    "Das fehlt hier schon lange.",
    "Wir haben im Haus darüber gesprochen.",
    "Als Mutter von zwei Kindern kann ich nur sagen:",
    "Ich war beim letzten Treffen dabei.",
    "Kleiner Hinweis:",
    "Hallo zusammen,",
    "Super, dass es vorangeht!",
    "Ich unterstütze das gern.",
    "Als Anwohner sehe ich das etwas anders.",
    "Wie sieht es eigentlich mit den Kosten aus?",
    "Schön zu lesen, wie viel schon passiert ist.",
)

COMMENT_BODIES = (
    "Gerade am Abend ist es dort ziemlich dunkel, vielleicht kann man an Beleuchtung denken.",
    "Wer kümmert sich später um die Pflege? Das sollte von Anfang an geklärt sein.",
    "Ich könnte am Wochenende beim Aufbau helfen und habe einen Anhänger.",
    "Habt ihr schon mit der Wohnungsgenossenschaft gesprochen? Die sind meist offen für so etwas.",
    "Die Kinder in unserer Straße würden sich riesig freuen.",
    "In Leipzig gibt es etwas Ähnliches, das sehr gut funktioniert.",
    "Bitte denkt an Menschen mit Rollator und Kinderwagen, die Wege müssen breit genug sein.",
    "Ich finde, der Radweg ist wichtiger als neue Parkplätze.",
    "Eine Bank im Schatten wäre schön, gerade für ältere Leute.",
    "Vielleicht kann die Schule mitmachen? Die haben doch eine Garten-AG.",
    "Beim Stadtteilfest könnten wir einen Stand machen und Unterschriften sammeln.",
    "Was sagt denn das Amt dazu? Gibt es schon eine Rückmeldung?",
    "Ich habe Fotos von der Stelle gemacht und kann sie gern schicken.",
    "Das Geld wäre woanders besser aufgehoben, zum Beispiel beim Spielplatz.",
    "Die Lärmbelastung sollte man nicht unterschätzen, bitte an die Nachbarn denken.",
    "Der Garten im Nachbarviertel sucht übrigens auch noch Leute, vielleicht kann man sich "
    "zusammentun.",
    "Wann ist das nächste Treffen? Ich würde gern vorbeikommen.",
    "Ich habe beruflich mit Bauanträgen zu tun und helfe gern beim Papierkram.",
    "Mehr Grün tut dem Viertel gut, die Sommer werden immer heißer.",
    "Können wir die Jugendlichen fragen, was sie sich wünschen? Die werden oft vergessen.",
    "Wie wäre es mit einer Infotafel, damit alle wissen, wer dahintersteht?",
    "Die Straße ist morgens gefährlich, ich sehe das jeden Tag auf dem Weg zur Arbeit.",
    "Ich spende gern ein paar Pflanzen aus meinem Garten.",
    "Gibt es einen Newsletter oder eine Gruppe, in der man auf dem Laufenden bleibt?",
)

COMMENT_CLOSERS = (
    "Viel Erfolg!",
    "Ich bin dabei.",
    "Weiter so!",
    "Liebe Grüße aus der Nachbarschaft.",
    "Danke!",
    "Bin gespannt, wie es weitergeht.",
    "Meldet euch gern bei mir.",
)

NEED_TITLES = {
    "planning": ("Hilfe bei der Projektplanung", "Jemand für das Protokoll", "Mitplanerin gesucht"),
    "expertise": (
        "Rat von einer Landschaftsarchitektin",
        "Wer kennt sich mit Statik aus?",
        "Hilfe beim Förderantrag",
        "Beratung zum Baurecht",
    ),
    "publicity": ("Flyer gestalten", "Fotos für die Projektseite", "Texte fürs Stadtteilblatt"),
    "financing": ("Spenden für Material", "Sponsor für Pflanzen gesucht", "Zuschuss gesucht"),
    "rooms": ("Raum für unsere Treffen", "Lagerplatz für Werkzeug", "Werkstatt für einen Tag"),
    "material": (
        "Schaufeln und Gießkannen",
        "Holz für Hochbeete",
        "Biertische und Bänke",
        "Lastenrad für den Transport",
    ),
    "other": (
        "Helfer beim Aktionstag",
        "Kuchen für das Eröffnungsfest",
        "Übersetzung ins Arabische und Ukrainische",
    ),
}

NEED_TEXTS = (
    "Wir brauchen Unterstützung für etwa drei Stunden an einem Samstag. Vorkenntnisse sind "
    "nicht nötig.",
    "Am besten wäre jemand mit Erfahrung; wir erklären aber gern alles, was wir wissen.",
    "Bitte meldet euch über das Formular, wir antworten innerhalb weniger Tage.",
    "Es geht um einen einmaligen Einsatz. Für Verpflegung ist gesorgt.",
    "Wir suchen langfristig jemanden, der sich um diesen Teil kümmert.",
    "Gebrauchtes ist willkommen, es muss nur noch funktionieren.",
)

OFFER_MESSAGES = (
    "Ich kann helfen und hätte am Wochenende Zeit.",
    "Das mache ich beruflich, ich schaue es mir gern an.",
    "Ich habe so etwas im Keller und kann es vorbeibringen.",
    "Meine Firma würde das gern sponsern, bitte meldet euch.",
    "Ich bin Studentin und habe in den Semesterferien Zeit.",
    "Ich kenne jemanden, der das kann – ich stelle gern den Kontakt her.",
)

TASKS = (
    "Öffentlichkeitsarbeit",
    "Finanzen",
    "Kontakt zur Stadtverwaltung",
    "Protokoll",
    "Social Media",
    "Werkzeug und Material",
    "Fotos",
    "Kontakt zu Schulen",
    "Pflanzplan",
    "Technik",
)

PLAN_GOALS = (
    "Bis zum Sommer ist der Ort fertig und wird von der Nachbarschaft genutzt.",
    "Mindestens 50 Menschen beteiligen sich an Planung und Bau.",
    "Das Projekt trägt sich nach einem Jahr selbst, die Pflege ist geregelt.",
    "Kinder und Jugendliche haben das Ergebnis mitgestaltet.",
)
PLAN_ROLES = (
    "Koordination: Initiatorin\nFinanzen: ein Teammitglied\nÖffentlichkeit: zwei Teammitglieder",
    "Planung und Bau: die Bau-AG\nKontakt zur Verwaltung: ein Teammitglied\nPflege: Patengruppe",
)
PLAN_RISKS = (
    "Die Genehmigung dauert länger als geplant; wir fragen früh beim Amt an.",
    "Es finden sich zu wenige Helfer; wir werben an Schulen und in Vereinen.",
    "Die Kosten steigen; wir planen einen Puffer von zehn Prozent ein.",
    "Vandalismus; wir beziehen die Jugendlichen des Viertels von Anfang an ein.",
)
PLAN_RESOURCES = (
    "Werkzeug aus der Nachbarschaft, Raum im Stadtteilhaus, Transporter eines Mitglieds.",
    "Ehrenamtliche Arbeit an sechs Samstagen, gespendetes Material, Lagerplatz im Hof.",
)
PLAN_PARTNERS = (
    "Stadtteilverein, Grundschule, Wohnungsgenossenschaft",
    "Amt für Stadtgrün und Abfallwirtschaft, Kleingartenverein, Bäckerei am Platz",
    "Kirchgemeinde, Jugendhaus, Quartiersmanagement",
)
MILESTONES = (
    ("Auftakttreffen mit der Nachbarschaft", "Alle, die mitmachen wollen, lernen sich kennen."),
    ("Genehmigung liegt vor", "Das Amt hat zugestimmt; Auflagen sind eingearbeitet."),
    ("Material ist bestellt", "Alles Nötige ist bestellt oder gespendet."),
    ("Aktionstag: Aufbau", "Gemeinsam bauen wir an einem Samstag auf."),
    ("Eröffnungsfest", "Wir feiern mit der ganzen Nachbarschaft."),
    ("Patenschaft vereinbart", "Die Pflege für die nächsten Jahre ist geregelt."),
)
MILESTONE_NOTES = (
    "Erledigt, mit vielen Helfern.",
    "Hat etwas länger gedauert, jetzt aber geschafft.",
    "Fotos folgen auf der Projektseite.",
    "Erledigt – danke an alle!",
)
COST_LABELS = (
    "Material für den Bau",
    "Pflanzen und Saatgut",
    "Werkzeug",
    "Druck von Flyern und Plakaten",
    "Miete für Technik und Zelte",
    "Verpflegung beim Aktionstag",
    "Honorar für eine Fachfirma",
    "Versicherung",
    "Holz und Schrauben",
    "Transport",
    "Schilder und Infotafel",
    "Bänke und Tische",
)

PAUSE_REASONS = (
    "Wir machen über den Winter eine Pause und starten im Frühjahr neu.",
    "Zwei von uns sind umgezogen; wir suchen erst neue Mitstreiter.",
    "Wir warten auf die Entscheidung des Amtes über die Fläche.",
)
WITHDRAW_REASONS = (
    "Die Fläche wird bebaut; das Projekt ist dort nicht mehr möglich.",
    "Ein anderes Projekt im Viertel macht fast dasselbe, wir haben uns angeschlossen.",
    "Uns fehlt leider die Zeit, das Projekt weiterzuführen.",
)
HIDE_REASONS_PROJECT = (
    "Werbung für ein Unternehmen, kein Bürgerprojekt.",
    "Enthält persönliche Daten Dritter.",
)
HIDE_REASONS_COMMENT = (
    "Beleidigend gegenüber anderen Nutzerinnen und Nutzern.",
    "Werbung ohne Bezug zum Projekt.",
    "Enthält persönliche Daten Dritter.",
)

FACTIONS = (
    "Fraktion Bürgerliste",
    "Fraktion Grüne Stadt",
    "Fraktion Soziale Mitte",
    "Fraktion Freie Wähler",
    "Fraktion Linke Liste",
    "Fraktion Zukunft Dresden",
)
COMMITTEES = (
    "Ausschuss für Stadtentwicklung, Bau, Verkehr und Liegenschaften",
    "Ausschuss für Umwelt und Kommunalwirtschaft",
    "Ausschuss für Bildung",
    "Ausschuss für Soziales und Wohnen",
    "Ausschuss für Kultur und Tourismus",
    "Ortsbeirat Neustadt",
    "Stadtbezirksbeirat Pieschen",
)
EXPERTISE = (
    "Stadtplanung",
    "Verkehrswende",
    "Bürgerbeteiligung",
    "Schulen und Kitas",
    "Stadtgrün",
    "Finanzen",
    "Kultur",
    "Soziale Arbeit",
)

FUND_TITLES = (
    "Material und Sachkosten",
    "Anschaffung und Aufbau",
    "Druck und Öffentlichkeitsarbeit",
    "Miete, Technik und Verpflegung",
    "Honorare und Material",
)
JUSTIFICATIONS = (
    "Das Geld brauchen wir für Material und den Aktionstag. Die Arbeit leisten wir "
    "ehrenamtlich; ohne den Zuschuss können wir das Projekt nicht umsetzen.",
    "Die Eigenleistung des Teams umfasst rund 300 Stunden. Der Zuschuss deckt nur die "
    "Ausgaben, die wir nicht selbst tragen oder über Spenden finanzieren können.",
    "Mit dem Zuschuss finanzieren wir die Anschaffungen laut Kostenplan. Angebote von zwei "
    "Firmen liegen vor; wir haben das günstigere gewählt.",
)
APPROVE_REASONS = (
    "Das Projekt erfüllt alle Kriterien. Der Kostenplan ist nachvollziehbar und sparsam.",
    "Großer Nutzen für den Stadtteil bei überschaubaren Kosten. Bewilligt.",
    "Überzeugendes Konzept mit breiter Beteiligung der Nachbarschaft.",
)
PARTIAL_REASONS = (
    "Bewilligt ohne die Kosten für Verpflegung, die der Fonds nicht übernimmt.",
    "Die Honorarkosten sind zu hoch angesetzt; bewilligt wird ein geringerer Betrag.",
    "Der Fonds ist stark nachgefragt; wir bewilligen einen Teil des beantragten Betrags.",
)
REJECT_REASONS = (
    "Das Vorhaben ist kein Bürgerprojekt im Sinne der Richtlinie, sondern eine Aufgabe der "
    "Verwaltung.",
    "Der Kostenplan ist nicht nachvollziehbar; ein neuer Antrag im nächsten Jahr ist möglich.",
    "Die Finanzierung der dauerhaften Pflege ist nicht gesichert.",
)
CONDITIONS = (
    "",
    "Die Fläche darf erst nach Zustimmung des Amtes bebaut werden.",
    "Bitte nennen Sie den Fonds auf Schildern und Flyern.",
)
ASSESSMENTS = (
    "Solider Antrag mit klarem Nutzen; Kosten im üblichen Rahmen.",
    "Gute Idee, die Beteiligung könnte breiter sein.",
    "Nachvollziehbarer Plan, Risiken sind benannt.",
    "Wirkung für den Stadtteil bleibt etwas unklar.",
)
RETURN_MESSAGES = (
    "Bitte ergänzen Sie Angaben zu Eigenleistung und weiterer Finanzierung.",
    "Der Kostenplan summiert sich nicht; bitte prüfen Sie die Beträge.",
)
APPLICATION_WITHDRAW_REASONS = (
    "Wir haben eine andere Förderung erhalten.",
    "Das Projekt verzögert sich; wir beantragen im nächsten Jahr neu.",
)
PROOF_REPORTS = (
    "## Sachbericht\n\nDas Projekt ist umgesetzt. Alle Ausgaben sind belegt; Material und "
    "Aktionstag haben etwas weniger gekostet als geplant.",
    "## Sachbericht\n\nWir haben alles wie geplant angeschafft und aufgebaut. Die Belege und "
    "Fotos liegen bei.",
    "## Verwendungsnachweis\n\n- Material wie geplant beschafft\n- Aktionstag mit 40 "
    "Helferinnen und Helfern\n- Eröffnung im Juni",
)
CLOSE_NOTES = ("", "Nachweis vollständig, vielen Dank.", "Geprüft und abgeschlossen.")

EVENT_TITLES = (
    "Stadtteilversammlung {district}",
    "Projektwerkstatt {topic}",
    "Sprechstunde Bürgerprojektefonds in {district}",
    "Ideenabend in {district}",
    "Workshop: Vom Einfall zum Projekt",
    "Bürgerforum {topic}",
)
EVENT_TEXTS = (
    "Wir laden alle Bürgerinnen und Bürger herzlich ein. Es gibt Informationen zu laufenden "
    "Projekten, und Sie können eigene Ideen vorstellen.\n\n**Ablauf**\n\n1. Begrüßung\n2. "
    "Projekte stellen sich vor\n3. Gespräche an Thementischen",
    "In der Projektwerkstatt arbeiten Teams an ihren Plänen. Stadträtinnen und Stadträte sowie "
    "die Koordinierungsstelle beantworten Fragen zu Genehmigungen und Förderung.",
    "Sie haben eine Idee für Ihren Stadtteil? Wir zeigen, wie aus einem Einfall ein Projekt "
    "wird – vom ersten Team bis zum Antrag beim Bürgerprojektefonds.",
)
EVENT_REPORTS = (
    "Rund 40 Menschen waren da. Drei neue Projektideen wurden vorgestellt; zwei Teams haben "
    "neue Mitglieder gefunden.",
    "Ein lebhafter Abend mit vielen Fragen zum Fonds. Die Präsentation steht auf der Projektseite.",
)
VENUES = (
    "Stadtteilhaus Neustadt\nPrießnitzstraße 18, 01099 Dresden",
    "Rathaus Pieschen\nBürgersaal, Bürgerstraße 63, 01127 Dresden",
    "Kulturhaus Loschwitz\nFriedrich-Wieck-Straße 6, 01326 Dresden",
    "Stadtbibliothek im Kulturpalast\nSchloßstraße 2, 01067 Dresden",
    "Bürgerhaus Prohlis\nProhliser Allee 10, 01239 Dresden",
    "Ortsamt Blasewitz\nNaumannstraße 5, 01309 Dresden",
    "Stadtteilladen Cotta\nHebbelstraße 21, 01157 Dresden",
    "Nachbarschaftszentrum Leuben\nZamenhofstraße 3, 01257 Dresden",
)
ACCESSIBILITY = (
    "Stufenloser Zugang, barrierefreie Toilette.",
    "Stufenloser Zugang, Induktionsschleife für Hörgeräte.",
    "Eingang mit zwei Stufen, eine Rampe ist vorhanden.",
    "",
)
CANCEL_REASONS = (
    "Der Raum steht leider nicht zur Verfügung; ein neuer Termin folgt.",
    "Wegen Krankheit der Moderation müssen wir absagen.",
)


# --- texts rendered once ------------------------------------------------------------------------


class Pool:
    """Markdown texts and their HTML, rendered once each (not once per row)."""

    def __init__(self, markdowns: Iterable[str]) -> None:
        from civic.core.markdown import render_markdown

        self.markdown = list(markdowns)
        self.html = [render_markdown(text) for text in self.markdown]

    def __len__(self) -> int:
        return len(self.markdown)


class Texts:
    """The pools of longer texts the generated rows pick from."""

    def __init__(self, rng: random.Random) -> None:
        self.descriptions = [
            Pool(self._description(rng, theme) for _ in range(30)) for theme in THEMES
        ]
        self.concepts = Pool(
            template.format(what=subject[0].upper() + subject[1:] if i == 1 else subject)
            for i, template in enumerate(CONCEPTS)
            for subject in CONCEPT_SUBJECTS
        )
        self.reports = Pool(r.format(people=n) for r in FINAL_REPORTS for n in (25, 60, 120))
        comments = []
        for _ in range(800):
            parts = [rng.choice(COMMENT_OPENERS), rng.choice(COMMENT_BODIES)]
            if rng.random() < 0.3:
                parts.append(rng.choice(COMMENT_BODIES))
            if rng.random() < 0.4:
                parts.append(rng.choice(COMMENT_CLOSERS))
            body = " ".join(parts)
            if rng.random() < 0.08:
                body += "\n\n- " + "\n- ".join(rng.sample(PLAN_STEPS, 2))
            elif rng.random() < 0.1:
                body = body.replace("Radweg", "**Radweg**").replace("Bank", "**Bank**")
            comments.append(body)
        self.comments = Pool(comments)
        self.needs = Pool(NEED_TEXTS)
        self.events = Pool(EVENT_TEXTS)
        self.event_reports = Pool(EVENT_REPORTS)
        self.proofs = Pool(PROOF_REPORTS)

    @staticmethod
    def _description(rng: random.Random, theme: Theme) -> str:
        steps = "\n".join(f"- {step}" for step in rng.sample(PLAN_STEPS, rng.randint(2, 4)))
        paragraphs = rng.sample(theme.paragraphs, min(2, len(theme.paragraphs)))
        return (
            f"## Worum es geht\n\n{paragraphs[0]}\n\n## Was wir vorhaben\n\n{steps}\n\n"
            f"{paragraphs[-1] if rng.random() < 0.5 else rng.choice(GENERIC_PARAGRAPHS)}\n\n"
            f"{rng.choice(GENERIC_PARAGRAPHS)}"
        )


# --- writing rows in bulk -----------------------------------------------------------------------


def batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Loader:
    """Writes rows (dicts) into a table: ``INSERT`` with many rows per statement on SQLite,
    ``COPY`` on PostgreSQL. Columns a row leaves out get the model's default; a required
    column without a default is an error (it would be on the database too)."""

    def __init__(self, connection: Connection, log: Callable[[str], None]) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.log = log
        self.counts: dict[str, int] = {}

    def load(self, table: Table, rows: Iterable[dict[str, Any]]) -> int:
        started = time.perf_counter()
        names = [column.name for column in table.columns]
        defaults: dict[str, Any] = {}
        required: list[str] = []
        for column in table.columns:
            default = column.default
            if default is not None and default.is_scalar:
                defaults[column.name] = default.arg  # type: ignore[attr-defined]
            elif default is None and column.nullable:
                defaults[column.name] = None
            else:
                required.append(column.name)
        # Values as the database takes them: through the column types' own bind processors
        # on SQLite (the same text SQLAlchemy writes), as psycopg adapts them for COPY.
        dialect = self.connection.dialect
        convert: dict[str, Callable[[Any], Any]] = {}
        for column in table.columns:
            if self.postgres:
                if isinstance(column.type, JSON):
                    convert[column.name] = json.dumps
                elif isinstance(column.type, SqlEnum):
                    convert[column.name] = _plain
            else:
                processor = column.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    convert[column.name] = processor
        plan = [(name, defaults.get(name), convert.get(name)) for name in names]
        columns = ", ".join(f'"{name}"' for name in names)
        # All columns in the table's order, with positional parameters (SQLite's "?").
        insert = str(table.insert().compile(dialect=dialect))
        count = 0
        for batch in batched(rows, BATCH):
            missing = [name for name in required if name not in batch[0]]
            if missing:
                raise ValueError(f"{table.name}: no value for {', '.join(missing)}")
            values = [_values(row, plan) for row in batch]
            if self.postgres:
                self._copy(f'COPY "{table.name}" ({columns}) FROM STDIN', values)
            else:
                self.connection.exec_driver_sql(insert, values)
            count += len(batch)
            if count % 250_000 < BATCH and count >= 250_000:
                self.log(f"  {table.name}: {count:,} …")
        self.connection.commit()
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        self.log(f"  {table.name:<28} {count:>10,} rows {time.perf_counter() - started:7.1f} s")
        return count

    def _copy(self, statement: str, values: list[tuple[Any, ...]]) -> None:
        if not self.connection.in_transaction():
            self.connection.begin()
        raw = self.connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[attr-defined]
            for row in values:
                copy.write_row(row)


def _values(
    row: dict[str, Any], plan: list[tuple[str, Any, Callable[[Any], Any] | None]]
) -> tuple[Any, ...]:
    out = []
    for name, default, convert in plan:
        value = row.get(name, default)
        if convert is not None and value is not None:
            value = convert(value)
        out.append(value)
    return tuple(out)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


# --- time ---------------------------------------------------------------------------------------


def moment(seconds: int) -> datetime:
    """A generated moment as a timestamp in the daytime: each day's 24 hours are squeezed into
    06:00–21:00 UTC, keeping the order of moments (so what came later still does)."""
    day, second = divmod(seconds, DAY)
    return datetime.fromtimestamp(day * DAY + 6 * HOUR + second * 15 // 24, UTC)


def exact(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _take(pool: list[Any], used: set[int]) -> Any:
    """The next (project's life, …) of the pool whose project has not been taken yet."""
    while pool:
        item = pool.pop()
        if item[0].id not in used:
            used.add(item[0].id)
            return item
    return None


def allocate(
    rng: random.Random, total: int, weights: Sequence[float], caps: Sequence[int]
) -> list[int]:
    """Share ``total`` among the items in proportion to their weights, none above its cap."""
    counts = [0] * len(weights)
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return counts
    for i, weight in enumerate(weights):
        counts[i] = min(caps[i], int(total * weight / weight_sum))
    remaining = total - sum(counts)
    while remaining > 0:
        room = [i for i, weight in enumerate(weights) if weight > 0 and counts[i] < caps[i]]
        if not room:
            break
        picks = rng.choices(room, weights=[weights[i] for i in room], k=min(remaining, len(room)))
        for i in picks:
            if counts[i] < caps[i] and remaining > 0:
                counts[i] += 1
                remaining -= 1
    return counts


# --- the city -----------------------------------------------------------------------------------

# (local part of the e-mail, display name, role, index of the department for contacts)
STAFF: tuple[tuple[str, str, str, int | None], ...] = (
    ("admin", "Andrea Admin", "admin", None),
    ("koordination", "Konrad Koordination", "coordinator", None),
    ("fonds", "Frieda Fonds", "fund_officer", None),
    ("fonds2", "Fritz Förder", "fund_officer", None),
    ("moderation", "Moritz Moderation", "moderator", None),
    ("fachamt", "Felix Fachamt", "department_contact", 0),
    ("fachamt2", "Ulrike Umwelt", "department_contact", 1),
    ("fachamt3", "Bettina Bildung", "department_contact", 3),
)

INITIATION, DEVELOPMENT, IMPLEMENTATION = "initiation", "development", "implementation"
DRAFT, ACTIVE, PAUSED, COMPLETED, WITHDRAWN = "draft", "active", "paused", "completed", "withdrawn"


class Life:
    """The life of one project as planned before its rows are written."""

    __slots__ = (
        "id",
        "created",
        "published",
        "state",
        "phase",
        "t_dev",
        "t_impl",
        "t_end",
        "hidden",
        "initiator",
        "team",
        "title",
        "summary",
        "theme",
        "districts",
        "topics",
        "place",
        "concept",
        "contact",
        "report",
        "final_cost",
        "supporters",
        "open_needs",
        "last",
    )

    def __init__(self, project_id: int, created: int, initiator: int) -> None:
        self.id = project_id
        self.created = created
        self.published: int | None = None
        self.state = DRAFT
        self.phase = INITIATION
        self.t_dev: int | None = None
        self.t_impl: int | None = None
        self.t_end: int | None = None
        self.hidden: int | None = None
        self.initiator = initiator
        self.team: list[tuple[int, int]] = [(initiator, created)]
        self.concept = -1
        self.contact: int | None = None
        self.report = -1
        self.final_cost: int | None = None
        self.supporters = 0
        self.open_needs = 0
        self.last = created

    def until(self, now: int) -> int:
        """Until when people act on the project: its end, its hiding, or now."""
        return min(t for t in (self.t_end, self.hidden, now) if t is not None)

    @property
    def listed(self) -> bool:
        return self.state in (ACTIVE, PAUSED, COMPLETED) and self.hidden is None


class City:
    """Generates the rows of one city, table by table, in the order of the foreign keys."""

    def __init__(
        self,
        connection: Connection,
        sizes: Sizes,
        seed: int,
        now: datetime,
        log: Callable[[str], None],
    ) -> None:
        from civic.accounts.auth import hash_password

        self.connection = connection
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.log = log
        self.loader = Loader(connection, log)
        self.now = int(now.timestamp()) - 1  # every generated moment lies before ``now``
        self.start = self.now - SPAN_DAYS * DAY
        self.zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        self.password_hash = hash_password(PASSWORD)
        self.texts = Texts(self.rng)
        self.names: list[str] = [""]
        self.emails: list[str] = [""]
        self.staff: dict[str, int] = {}
        self.councillors: list[int] = []
        self.contacts: list[tuple[int, str]] = []
        self.citizen_times: list[int] = []
        self.first_citizen = 0
        self.unverified = bytearray()
        self.lives: list[Life] = []
        # (moment, project id, kind, actor, from, to, reason, details) of the public timeline
        self.timeline: list[tuple[Any, ...]] = []
        # (moment, target kind, target id, reason) of items hidden by moderation
        self.hidden_items: list[tuple[int, str, int, str]] = []
        self.hot_project_id: int | None = None
        self.hot_project_comments = 0

    def run(self) -> None:
        deferred = self.defer_references()
        try:
            self.taxonomy()
            self.users()
            self.plan_projects()
            self.projects()
            self.comments()
            self.funds()
            self.events()
            self.moderation()
        except BaseException:
            if deferred:
                self.connection.rollback()
                self.connection.execute(text("SET session_replication_role = DEFAULT"))
                self.connection.commit()
            raise
        if deferred:
            self.check_references()

    def defer_references(self) -> bool:
        """On PostgreSQL, check the foreign keys once at the end instead of row by row (as
        ``pg_restore --disable-triggers`` does): it makes loading three times faster. Needs a
        superuser; others load with the row-by-row checks."""
        if not self.loader.postgres:
            return False
        try:
            self.connection.execute(text("SET session_replication_role = replica"))
            self.connection.commit()
        except DBAPIError:
            self.connection.rollback()
            self.log("  (not a superuser: foreign keys are checked row by row)")
            return False
        return True

    def check_references(self) -> None:
        """Every foreign key of every table points at a row: one anti-join per key."""
        import civic.models  # noqa: F401 - every table on the metadata
        from civic.db import Base

        started = time.perf_counter()
        self.connection.execute(text("SET session_replication_role = DEFAULT"))
        broken = []
        for table in Base.metadata.sorted_tables:
            for key in table.foreign_key_constraints:
                for column, element in zip(key.columns, key.elements, strict=True):
                    target = element.column.table.alias("target")
                    missing = self.connection.scalar(
                        select(func.count())
                        .select_from(table)
                        .where(
                            column.is_not(None),
                            ~exists().where(target.c[element.column.name] == column),
                        )
                    )
                    if missing:
                        broken.append(f"{table.name}.{column.name}: {missing}")
        self.connection.commit()
        if broken:
            raise RuntimeError("Rows point at nothing: " + ", ".join(broken))
        self.log(f"  foreign keys checked {time.perf_counter() - started:25.1f} s")

    def load(self, table: Any, rows: Iterable[dict[str, Any]]) -> int:
        return self.loader.load(table.__table__ if hasattr(table, "__table__") else table, rows)

    def local_day(self, seconds: int) -> date:
        return moment(seconds).astimezone(self.zone).date()

    # -- people --------------------------------------------------------------------------------

    def citizen(self, at: int) -> int:
        """A confirmed citizen who had registered by ``at``."""
        k = max(1, bisect.bisect_right(self.citizen_times, at))
        while True:
            user_id = self.first_citizen + self.rng.randrange(k)
            if not self.unverified[user_id]:
                return user_id

    def distinct_citizen(self, at: int, taken: set[int], until: int) -> tuple[int, int]:
        """A citizen not in ``taken`` (added to it), and the moment, moved towards ``until``
        when few people had registered by ``at``."""
        for attempt in range(400):
            user_id = self.citizen(at)
            if user_id not in taken:
                taken.add(user_id)
                return user_id, at
            if attempt % 8 == 7:
                at += (until - at + 1) // 2
        raise RuntimeError("Too few users for the projects; generate more users.")

    def taxonomy(self) -> None:
        from civic.accounts.models import Department
        from civic.core import demo
        from civic.core.models import District, SiteSettings, Topic
        from civic.core.taxonomy import slugify

        at = moment(self.start - 90 * DAY)
        self.load(
            SiteSettings,
            [
                {
                    **demo.SETTINGS,
                    "id": 1,
                    "platform_name": "Zukunftsstadt Dresden",
                    "updated_at": at,
                }
            ],
        )
        self.districts = list(demo.DISTRICTS)
        self.topics = [de for de, _en in demo.TOPICS]
        self.departments = list(demo.DEPARTMENTS)
        self.load(
            District,
            ({"id": i, "name": n, "slug": slugify(n)} for i, n in enumerate(self.districts, 1)),
        )
        self.load(
            Topic,
            (
                {"id": i, "name_de": de, "name_en": en, "slug": slugify(de)}
                for i, (de, en) in enumerate(demo.TOPICS, 1)
            ),
        )
        self.load(Department, ({"id": i, "name": n} for i, n in enumerate(self.departments, 1)))

    def users(self) -> None:
        from civic.accounts.models import (
            CouncilProfile,
            RoleGrant,
            User,
            council_profile_districts,
            council_profile_topics,
        )
        from civic.core.taxonomy import slugify

        rng, sizes = self.rng, self.sizes
        councils = min(10, max(3, sizes.users // 5000))
        staff = [*STAFF]
        for i in range(1, councils + 1):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            staff.append(
                (f"stadtrat{i}", ("Dr. " if i % 4 == 0 else "") + name, "council_member", None)
            )
        citizens = sizes.users - len(staff)
        if citizens < 25:
            raise ValueError(f"At least {len(staff) + 25} users are needed (staff and citizens).")
        self.first_citizen = len(staff) + 1
        launch = max(8, citizens // 20)  # who registered in the first days
        after = self.start + 3 * DAY
        times = [self.start + rng.randrange(3 * DAY) for _ in range(launch)]
        times += [
            after + int((self.now - 2 * DAY - after) * rng.random() ** 0.85)
            for _ in range(citizens - launch)
        ]
        times.sort()
        self.citizen_times = times
        self.unverified = bytearray(sizes.users + 1)
        for index in range(launch, citizens):
            if rng.random() < 0.02:
                self.unverified[self.first_citizen + index] = 1

        staff_at = self.start - 60 * DAY
        rows: list[dict[str, Any]] = []
        grants: list[dict[str, Any]] = []
        for user_id, (local, name, role, department) in enumerate(staff, 1):
            email = f"{local}@{DOMAIN}"
            self.names.append(name)
            self.emails.append(email)
            self.staff.setdefault(role, user_id)
            if role == "council_member":
                self.councillors.append(user_id)
            if role == "department_contact":
                self.contacts.append((user_id, self.departments[department or 0]))
            at = moment(staff_at)
            rows.append(self._user(user_id, email, name, at, at, at, "de", False))
            grants.append(
                {
                    "id": user_id,
                    "user_id": user_id,
                    "role": role,
                    "department_id": None if department is None else department + 1,
                    "granted_by_id": None if role == "admin" else 1,
                    "granted_at": at,
                }
            )

        def citizen_rows() -> Iterator[dict[str, Any]]:
            for index, created in enumerate(times):
                user_id = self.first_citizen + index
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                name = ("Dr. " if rng.random() < 0.01 else "") + f"{first} {last}"
                email = f"{slugify(first)}.{slugify(last)}.{user_id}@{DOMAIN}"
                self.names.append(name)
                self.emails.append(email)
                verified = None
                login = None
                if not self.unverified[user_id]:
                    verified_at = min(created + rng.randint(120, 2 * DAY), self.now)
                    verified = moment(verified_at)
                    login = moment(verified_at + rng.randrange(self.now - verified_at + 1))
                yield self._user(
                    user_id,
                    email,
                    name,
                    moment(created),
                    verified,
                    login,
                    "en" if rng.random() < 0.08 else "de",
                    rng.random() < 0.15,
                )

        self.load(User, [*rows, *citizen_rows()])
        self.load(RoleGrant, grants)
        at = moment(staff_at)
        self.load(
            CouncilProfile,
            (
                {
                    "user_id": user_id,
                    "faction": rng.choice(FACTIONS),
                    "committees": "\n".join(rng.sample(COMMITTEES, 2)),
                    "expertise": "\n".join(rng.sample(EXPERTISE, rng.randint(2, 3))),
                    "mentor_capacity": rng.randint(2, 6),
                    "updated_at": at,
                }
                for user_id in self.councillors
            ),
        )
        self.load(
            council_profile_districts,
            (
                {"profile_id": user_id, "district_id": district}
                for user_id in self.councillors
                for district in sorted(rng.sample(range(1, len(self.districts) + 1), 2))
            ),
        )
        self.load(
            council_profile_topics,
            (
                {"profile_id": user_id, "topic_id": topic}
                for user_id in self.councillors
                for topic in sorted(rng.sample(range(1, len(self.topics) + 1), 2))
            ),
        )

    def _user(
        self,
        user_id: int,
        email: str,
        name: str,
        created: datetime,
        verified: datetime | None,
        login: datetime | None,
        locale: str,
        public: bool,
    ) -> dict[str, Any]:
        return {
            "id": user_id,
            "email": email,
            "email_verified_at": verified,
            "password_hash": self.password_hash,
            "display_name": name,
            "profile_public": public,
            "locale": locale,
            "privacy_consent_at": created,
            "created_at": created,
            "last_login_at": login,
        }

    # -- projects ------------------------------------------------------------------------------

    def event(
        self,
        life: Life,
        kind: str,
        at: int,
        actor: int | None,
        before: str = "",
        after: str = "",
        reason: str = "",
        **details: Any,
    ) -> None:
        """A public timeline entry of the project; it counts as activity."""
        self.timeline.append((at, life.id, kind, actor, before, after, reason, details))
        life.last = max(life.last, at)

    def plan_projects(self) -> None:
        started = time.perf_counter()
        rng, count = self.rng, self.sizes.projects
        first, last = self.start + 7 * DAY, self.now - 2 * HOUR
        # More projects lately than at the start: the platform grew.
        created = sorted(
            first + int((last - first) * math.sqrt(rng.random())) for _ in range(count)
        )
        self.phase_requests: list[tuple[int, dict[str, Any]]] = []
        self.plans: list[tuple[int, dict[str, Any]]] = []
        self.milestones: list[tuple[int, dict[str, Any]]] = []
        theme_weights = [theme.weight for theme in THEMES]
        for project_id, at in enumerate(created, 1):
            life = Life(project_id, at, self.citizen(at))
            self.lives.append(life)
            self._describe(life, theme_weights)
            if rng.random() >= 0.03:  # a few stay drafts
                self._live(life)
        self._supports()
        self._needs()
        self.log(f"  planned {count:,} projects in {time.perf_counter() - started:.1f} s")

    def _describe(self, life: Life, theme_weights: list[int]) -> None:
        rng = self.rng
        index = rng.choices(range(len(THEMES)), weights=theme_weights)[0]
        theme = THEMES[index]
        r = rng.random()
        count = 0 if r < 0.08 else 2 if r < 0.2 else 1
        life.districts = sorted(rng.sample(range(1, len(self.districts) + 1), count))
        topic = self.topics.index(theme.topic) + 1
        other = rng.randint(1, len(self.topics))
        life.topics = sorted({topic, other}) if rng.random() < 0.3 else [topic]
        picks = {
            "street": rng.choice(STREETS),
            "place": rng.choice(PLACES),
            "park": rng.choice(PARKS),
            "school": f"{rng.randint(1, 150)}. {rng.choice(('Grundschule', 'Oberschule'))}",
            "district": self.districts[life.districts[0] - 1] if life.districts else "Dresden",
        }
        template = rng.choice(theme.titles)
        if rng.random() < 0.4:
            addition = rng.choice(TITLE_ADDITIONS)
            if not any(word in addition and word in template for word in ("{district}", "für")):
                template += addition
        life.title = template.format(**picks)[:120]
        life.summary = rng.choice(theme.summaries).format(**picks)[:300]
        life.theme = (index, rng.randrange(len(self.texts.descriptions[index])))
        life.place = None
        if rng.random() < 0.6:
            if "{place}" in template:
                name = picks["place"]
            elif "{park}" in template:
                name = picks["park"].replace("Großen Garten", "Großer Garten")
            else:
                name = f"{picks['street']} {rng.randint(1, 120)}"
            life.place = (
                name,
                round(51.05 + rng.gauss(0, 0.025), 5),
                round(13.74 + rng.gauss(0, 0.045), 5),
            )

    def _live(self, life: Life) -> None:
        """Publish the project and carry it through its phases up to today."""
        rng, now = self.rng, self.now
        published = min(life.created + rng.randint(HOUR, 4 * DAY), now - HOUR)
        life.published = published
        age = (now - published) / (SPAN_DAYS * DAY)
        r = rng.random()
        if r < 0.45 * age:
            life.phase = IMPLEMENTATION
        elif r < 0.15 + 0.8 * age:
            life.phase = DEVELOPMENT
        if life.phase != INITIATION:
            life.t_dev = published + int((now - published) * rng.uniform(0.1, 0.45))
        if life.t_dev is not None and life.phase == IMPLEMENTATION:
            life.t_impl = life.t_dev + int((now - life.t_dev) * rng.uniform(0.15, 0.5))
        changed = life.t_impl or life.t_dev or published
        life.state = ACTIVE
        if life.t_impl is not None and rng.random() < 0.45:
            life.state = COMPLETED
            life.t_end = life.t_impl + int((now - life.t_impl) * rng.uniform(0.3, 0.9))
        else:
            r = rng.random()
            if r < 0.15:
                life.state = PAUSED if r < 0.075 else WITHDRAWN
                life.t_end = changed + int((now - changed) * rng.uniform(0.2, 0.95))
        stop = life.t_end or now
        if rng.random() < 0.003:
            life.hidden = published + int((stop - published) * rng.uniform(0.05, 0.9))
            reason = HIDE_REASONS_PROJECT[life.id % len(HIDE_REASONS_PROJECT)]
            self.hidden_items.append((life.hidden, "project", life.id, reason))
        # Some teams wait for the coordination office to confirm their next step.
        pending = None
        if (
            life.state == ACTIVE
            and life.hidden is None
            and life.phase != IMPLEMENTATION
            and rng.random() < 0.04
        ):
            pending = max(changed, now - rng.randint(HOUR, 10 * DAY))
        dev_request = None
        if life.t_dev is not None:
            dev_request = published + int((life.t_dev - published) * rng.uniform(0.65, 0.95))
        gate = dev_request or (pending if life.phase == INITIATION else None)

        # The team: two join before the first request (a team of three is the gate).
        if life.phase == INITIATION:
            size = rng.choices((1, 2, 3, 4, 5), weights=(30, 30, 22, 12, 6))[0]
            size = max(size, 3) if gate is not None else size
        else:
            size = rng.choices((3, 4, 5, 6, 7, 8), weights=(25, 25, 20, 15, 10, 5))[0]
        taken = {life.initiator}
        for k in range(size - 1):
            if gate is not None and k < 2:
                at, until = published + int((gate - published) * rng.uniform(0.05, 0.6)), gate
            else:
                at, until = published + rng.randrange(stop - published + 1), stop
            life.team.append(self.distinct_citizen(at, taken, until))
        if life.phase != INITIATION or gate is not None or rng.random() < 0.3:
            life.concept = rng.randrange(len(self.texts.concepts))

        initiator = life.initiator
        self.event(life, "created", life.created, initiator)
        self.event(life, "published", published, initiator, after=ACTIVE)
        plan: dict[str, Any] | None = None
        if life.t_dev is not None and dev_request is not None:
            self._step(life, "development", dev_request, life.t_dev)
            impl_request = None
            if life.t_impl is not None:
                impl_request = life.t_dev + int((life.t_impl - life.t_dev) * rng.uniform(0.7, 0.95))
            dev_end = impl_request or pending or stop
            if rng.random() < 0.5:
                contact, department = rng.choice(self.contacts)
                at = life.t_dev + int((dev_end - life.t_dev) * rng.uniform(0.05, 0.2))
                life.contact = contact
                self.event(
                    life,
                    "contact_assigned",
                    at,
                    self.staff["coordinator"],
                    after=self.names[contact],
                    department=department,
                )
            versions = 0
            if life.t_impl is not None or pending is not None or rng.random() < 0.8:
                versions = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
            anchor = life.t_impl or (stop + 45 * DAY)
            for number in range(1, versions + 1):
                at = life.t_dev + int((dev_end - life.t_dev) * (number - 0.5) / versions * 0.9)
                plan = self._plan(life, number, at, anchor)
            if life.t_impl is not None and impl_request is not None:
                self._step(life, "implementation", impl_request, life.t_impl)
            elif pending is not None:
                self._step(life, "implementation", pending, None)
        elif pending is not None:
            self._step(life, "development", pending, None)

        if life.t_impl is not None and plan is not None:
            finish = None
            if life.state == COMPLETED and life.t_end is not None:
                finish = life.t_impl + int((life.t_end - life.t_impl) * rng.uniform(0.7, 0.95))
            self._milestones(life, plan, finish or stop, all_done=finish is not None)
            if finish is not None:
                life.report = rng.randrange(len(self.texts.reports))
                total = sum(line["amount_cents"] for line in plan["cost_lines"])
                life.final_cost = int(round(total * rng.uniform(0.85, 1.1), -2))
                self._step(life, "completed", finish, life.t_end)
        if life.state in (PAUSED, WITHDRAWN) and life.t_end is not None:
            paused = life.state == PAUSED
            self.event(
                life,
                "pause" if paused else "withdraw",
                life.t_end,
                initiator,
                ACTIVE,
                life.state,
                rng.choice(PAUSE_REASONS if paused else WITHDRAW_REASONS),
            )

    def _step(self, life: Life, step: str, requested: int, decided: int | None) -> None:
        """A request of the team to move on, accepted at ``decided`` or still waiting."""
        from civic.projects import demo

        rng = self.rng
        before, messages, reasons = {
            "development": (INITIATION, demo.DEV_MESSAGES, demo.DEV_REASONS),
            "implementation": (DEVELOPMENT, demo.IMPL_MESSAGES, demo.IMPL_REASONS),
            "completed": (IMPLEMENTATION, demo.COMPLETE_MESSAGES, demo.COMPLETE_REASONS),
        }[step]
        message = rng.choice(messages)
        row: dict[str, Any] = {
            "project_id": life.id,
            "step": step,
            "message": message,
            "requested_by_id": life.initiator,
            "status": "pending",
            "created_at": moment(requested),
        }
        self.event(life, "phase_requested", requested, life.initiator, before, step, message)
        if decided is not None:
            coordinator = self.staff["coordinator"]
            reason = rng.choice(reasons)
            row |= {
                "status": "accepted",
                "decision_reason": reason,
                "decided_by_id": coordinator,
                "decided_at": moment(decided),
            }
            if step == "completed":
                self.event(life, "completed", decided, coordinator, ACTIVE, COMPLETED, reason)
            else:
                self.event(life, "phase_changed", decided, coordinator, before, step, reason)
        self.phase_requests.append((requested, row))

    def _plan(self, life: Life, number: int, at: int, anchor: int) -> dict[str, Any]:
        rng = self.rng
        chosen = sorted(rng.sample(range(len(MILESTONES)), rng.randint(3, 5)))
        due = anchor
        milestones = []
        for index in chosen:
            due += rng.randint(14, 60) * DAY
            title, description = MILESTONES[index]
            milestones.append(
                {"title": title, "due": self.local_day(due).isoformat(), "description": description}
            )
        lines = [
            {"label": label, "amount_cents": rng.randint(15, 400) * 1000}
            for label in rng.sample(COST_LABELS, rng.randint(2, 4))
        ]
        total = sum(line["amount_cents"] for line in lines)
        own = min(total // 4, rng.choice((0, 0, 10_000, 25_000, 50_000)))
        other = rng.choice((0, 0, 0, total // 5))
        row = {
            "project_id": life.id,
            "number": number,
            "goals": rng.choice(PLAN_GOALS),
            "team_roles": rng.choice(PLAN_ROLES),
            "risks": "\n".join(rng.sample(PLAN_RISKS, 2)),
            "resources": rng.choice(PLAN_RESOURCES),
            "partners": rng.choice(PLAN_PARTNERS),
            "milestones": milestones,
            "cost_lines": lines,
            "own_contribution_cents": own,
            "other_funding_cents": other,
            "other_funding_note": "Spende der Wohnungsgenossenschaft" if other else "",
            "note": "Erste Fassung"
            if number == 1
            else "Überarbeitet nach Rückmeldung des Fachamts",
            "created_by_id": life.initiator,
            "created_at": moment(at),
        }
        self.plans.append((at, row))
        self.event(life, "plan_saved", at, life.initiator, after=str(number))
        return row

    def _milestones(self, life: Life, plan: dict[str, Any], until: int, all_done: bool) -> None:
        rng = self.rng
        assert life.t_impl is not None
        items = plan["milestones"]
        done = len(items) if all_done else rng.randint(0, len(items))
        moments = sorted(life.t_impl + rng.randrange(until - life.t_impl + 1) for _ in range(done))
        for position, item in enumerate(items):
            finished = moments[position] if position < done else None
            row = {
                "project_id": life.id,
                "position": position,
                "title": item["title"],
                "due": date.fromisoformat(item["due"]),
                "description": item["description"],
                "done_at": moment(finished) if finished is not None else None,
                "done_note": rng.choice(MILESTONE_NOTES) if finished is not None else "",
                "done_by_id": life.initiator if finished is not None else None,
            }
            self.milestones.append((life.t_impl, row))
            if finished is not None:
                self.event(life, "milestone_done", finished, life.initiator, after=item["title"])

    def _supports(self) -> None:
        """Supports: a few projects are popular, most have a handful of supporters."""
        rng = self.rng
        eligible = [life for life in self.lives if life.published is not None]
        weights = [rng.paretovariate(1.5) * (0.2 if life.hidden else 1.0) for life in eligible]
        verified = len(self.citizen_times) - sum(self.unverified)
        caps = [max(0, int(verified * 0.4) - len(life.team)) for life in eligible]
        self.supports: list[tuple[int, int, int]] = []
        for life, count in zip(
            eligible, allocate(rng, self.sizes.supports, weights, caps), strict=True
        ):
            assert life.published is not None
            until = life.until(self.now)
            taken = {user_id for user_id, _joined in life.team}
            for _ in range(count):
                at = life.published + rng.randrange(until - life.published + 1)
                user_id, at = self.distinct_citizen(at, taken, until)
                self.supports.append((at, life.id, user_id))
                life.last = max(life.last, at)
            life.supporters = count

    def _needs(self) -> None:
        rng = self.rng
        eligible = [
            life for life in self.lives if life.published is not None and life.hidden is None
        ]
        weights = [3.0 if life.state in (ACTIVE, PAUSED) else 1.0 for life in eligible]
        counts = allocate(rng, self.sizes.needs, weights, [12] * len(eligible))
        kinds = list(NEED_TITLES)
        self.needs: list[tuple[int, dict[str, Any], dict[str, Any] | None]] = []
        for life, count in zip(eligible, counts, strict=True):
            assert life.published is not None
            until = life.until(self.now)
            for _ in range(count):
                kind = rng.choice(kinds)
                title = rng.choice(NEED_TITLES[kind])
                at = life.published + rng.randrange(until - life.published + 1)
                creator = rng.choice([u for u, joined in life.team if joined <= at])
                if life.state in (ACTIVE, PAUSED):
                    r = rng.random()
                    status = "open" if r < 0.6 else "met" if r < 0.85 else "closed"
                else:
                    status = "met" if rng.random() < 0.6 else "closed"
                closed = None if status == "open" else at + rng.randrange(until - at + 1)
                text = rng.randrange(len(self.texts.needs))
                row = {
                    "project_id": life.id,
                    "kind": kind,
                    "title": title,
                    "description_markdown": self.texts.needs.markdown[text],
                    "description_html": self.texts.needs.html[text],
                    "status": status,
                    "created_by_id": creator,
                    "created_at": moment(at),
                    "closed_at": moment(closed) if closed is not None else None,
                }
                self.event(life, "need_posted", at, creator, after=title)
                if closed is not None:
                    kind_of_end = "need_met" if status == "met" else "need_closed"
                    self.event(life, kind_of_end, closed, life.initiator, after=title)
                else:
                    life.open_needs += 1
                offer = None
                if status == "met" or rng.random() < 0.4:
                    end = closed if closed is not None else until
                    helper, offered = self.distinct_citizen(
                        at + rng.randrange(end - at + 1),
                        {user_id for user_id, _joined in life.team},
                        end,
                    )
                    offer = {
                        "user_id": helper,
                        "message": rng.choice(OFFER_MESSAGES),
                        "status": {"open": "pending", "met": "accepted", "closed": "declined"}[
                            status
                        ],
                        "created_at": moment(offered),
                        "decided_at": moment(closed) if closed is not None else None,
                        "decided_by_id": life.initiator if closed is not None else None,
                    }
                self.needs.append((at, row, offer))

    def projects(self) -> None:
        from civic.participation.models import Follow
        from civic.projects import demo
        from civic.projects.models import (
            JoinRequest,
            Membership,
            Milestone,
            Need,
            Offer,
            PhaseRequest,
            PlanVersion,
            Project,
            Support,
            TimelineEntry,
            project_districts,
            project_topics,
        )

        rng, texts, lives = self.rng, self.texts, self.lives
        popular = sorted(
            (life for life in lives if life.state == ACTIVE and life.hidden is None),
            key=lambda life: (-life.supporters, life.id),
        )
        featured = {life.id for life in popular[:3]}
        moderator = self.staff["moderator"]

        def project_rows() -> Iterator[dict[str, Any]]:
            for life in lives:
                theme, description = life.theme
                pool = texts.descriptions[theme]
                name, latitude, longitude = life.place or ("", None, None)
                concept, report = life.concept, life.report
                yield {
                    "id": life.id,
                    "title": life.title,
                    "summary": life.summary,
                    "description_markdown": pool.markdown[description],
                    "description_html": pool.html[description],
                    "concept_markdown": texts.concepts.markdown[concept] if concept >= 0 else "",
                    "concept_html": texts.concepts.html[concept] if concept >= 0 else "",
                    "phase": life.phase,
                    "state": life.state,
                    "location_name": name,
                    "latitude": latitude,
                    "longitude": longitude,
                    "final_report_markdown": texts.reports.markdown[report] if report >= 0 else "",
                    "final_report_html": texts.reports.html[report] if report >= 0 else "",
                    "final_cost_cents": life.final_cost,
                    "hidden_at": moment(life.hidden) if life.hidden is not None else None,
                    "hidden_reason": (
                        HIDE_REASONS_PROJECT[life.id % len(HIDE_REASONS_PROJECT)]
                        if life.hidden is not None
                        else ""
                    ),
                    "hidden_by_id": moderator if life.hidden is not None else None,
                    "created_by_id": life.initiator,
                    "department_contact_id": life.contact,
                    "featured": life.id in featured,
                    "supporter_count": life.supporters,
                    "member_count": len(life.team),
                    "open_need_count": life.open_needs,
                    "created_at": moment(life.created),
                    "published_at": moment(life.published) if life.published else None,
                    "last_activity_at": moment(life.last),
                    "updated_at": moment(life.last),
                }

        self.load(Project, project_rows())
        self.load(
            project_districts,
            ({"project_id": p.id, "district_id": d} for p in lives for d in p.districts),
        )
        self.load(
            project_topics, ({"project_id": p.id, "topic_id": t} for p in lives for t in p.topics)
        )
        members = sorted(
            (joined, life.id, user_id, k == 0)
            for life in lives
            for k, (user_id, joined) in enumerate(life.team)
        )
        self.load(
            Membership,
            (
                {
                    "id": i,
                    "project_id": project_id,
                    "user_id": user_id,
                    "role": "initiator" if initiator else "member",
                    "task": rng.choice(TASKS) if rng.random() < 0.4 else "",
                    "joined_at": moment(joined),
                }
                for i, (joined, project_id, user_id, initiator) in enumerate(members, 1)
            ),
        )
        self.supports.sort()
        self.load(
            Support,
            (
                {"id": i, "project_id": p, "user_id": u, "created_at": moment(at)}
                for i, (at, p, u) in enumerate(self.supports, 1)
            ),
        )

        # Who supports a project or joins its team follows it; some follow districts and topics.
        follows = [(joined, u, "project", p) for joined, p, u, _initiator in members]
        follows += [(at, u, "project", p) for at, p, u in self.supports]
        del members
        self.supports = []
        terms = [("district", len(self.districts)), ("topic", len(self.topics))]
        for index, registered in enumerate(self.citizen_times):
            user_id = self.first_citizen + index
            if self.unverified[user_id] or rng.random() >= 0.05:
                continue
            kind, count = rng.choice(terms)
            for target in rng.sample(range(1, count + 1), rng.randint(1, 2)):
                at = registered + rng.randrange(self.now - registered + 1)
                follows.append((at, user_id, kind, target))
        follows.sort()
        self.load(
            Follow,
            (
                {"id": i, "user_id": u, "kind": kind, "target_id": t, "created_at": moment(at)}
                for i, (at, u, kind, t) in enumerate(follows, 1)
            ),
        )
        del follows

        self.needs.sort(key=lambda need: (need[0], need[1]["project_id"]))
        self.load(Need, ({"id": i, **row} for i, (_at, row, _offer) in enumerate(self.needs, 1)))
        offers = [
            {"need_id": i, **offer}
            for i, (_at, _row, offer) in enumerate(self.needs, 1)
            if offer is not None
        ]
        self.load(Offer, ({"id": i, **row} for i, row in enumerate(offers, 1)))
        self.needs = []

        asks = []
        for life in lives:
            if life.state != ACTIVE or life.hidden is not None or rng.random() >= 0.03:
                continue
            assert life.published is not None
            at = max(life.published, self.now - rng.randrange(20 * DAY))
            user_id, at = self.distinct_citizen(at, {u for u, _j in life.team}, self.now)
            asks.append((at, life.id, user_id))
        asks.sort()
        self.load(
            JoinRequest,
            (
                {
                    "id": i,
                    "project_id": p,
                    "user_id": u,
                    "message": rng.choice(demo.JOIN_MESSAGES),
                    "created_at": moment(at),
                }
                for i, (at, p, u) in enumerate(asks, 1)
            ),
        )
        for name, model, rows in (
            ("phase_requests", PhaseRequest, self.phase_requests),
            ("plans", PlanVersion, self.plans),
            ("milestones", Milestone, self.milestones),
        ):
            rows.sort(key=lambda item: (item[0], item[1]["project_id"]))
            self.load(model, ({"id": i, **row} for i, (_at, row) in enumerate(rows, 1)))
            setattr(self, name, [])
        self.timeline.sort(key=lambda entry: (entry[0], entry[1]))
        self.load(
            TimelineEntry,
            (
                {
                    "id": i,
                    "project_id": project_id,
                    "kind": kind,
                    "actor_id": actor,
                    "from_value": before,
                    "to_value": after,
                    "reason": reason,
                    "details": details,
                    "created_at": moment(at),
                }
                for i, (at, project_id, kind, actor, before, after, reason, details) in enumerate(
                    self.timeline, 1
                )
            ),
        )
        self.timeline = []

    # -- comments ------------------------------------------------------------------------------

    def comments(self) -> None:
        """Comments, a quarter of them replies. About ten "hot" projects (the most supported)
        share a twentieth of all comments, the first of them twice as many as each other one;
        the rest is spread thinly."""
        from civic.participation.models import Comment

        rng, now, total = self.rng, self.now, self.sizes.comments
        started = time.perf_counter()
        eligible = [
            life for life in self.lives if life.published is not None and life.hidden is None
        ]
        if not eligible or total <= 0:
            return
        hot = sorted(
            (life for life in eligible if life.state == ACTIVE),
            key=lambda life: (-life.supporters, life.id),
        )[:10]
        hot_ids = {life.id for life in hot}
        hot_total = total // 20 if hot else 0
        unit = hot_total // (len(hot) + 1) if hot else 0
        shares = {life.id: unit * (2 if i == 0 else 1) for i, life in enumerate(hot)}
        if hot:
            shares[hot[0].id] += hot_total - unit * (len(hot) + 1)
        rest = [life for life in eligible if life.id not in hot_ids]
        counts = allocate(
            rng,
            total - hot_total,
            [rng.paretovariate(2.0) for _ in rest],
            [total] * len(rest),
        )
        per_project = dict(shares)
        per_project.update((life.id, count) for life, count in zip(rest, counts, strict=True))

        times: list[int] = []
        projects: list[int] = []
        parents: list[int] = []
        authors: list[int] = []
        bodies: list[int] = []
        pool = len(self.texts.comments)
        citizen = self.citizen
        for life in eligible:
            count = per_project.get(life.id, 0)
            if not count:
                continue
            assert life.published is not None
            begin = life.published
            end = life.t_end if life.state == WITHDRAWN and life.t_end else now
            span = end - begin + 1
            replies = count // 4 if count >= 4 else 0
            tops = count - replies
            first = len(times)
            for _ in range(tops):
                at = begin + rng.randrange(span)
                times.append(at)
                projects.append(life.id)
                parents.append(-1)
                authors.append(life.initiator if rng.random() < 0.08 else citizen(at))
                bodies.append(rng.randrange(pool))
            for _ in range(replies):
                parent = first + rng.randrange(tops)
                after = times[parent]
                at = after + int(rng.expovariate(1 / (1.5 * DAY)))
                if at > end:
                    at = after + rng.randrange(end - after + 1)
                times.append(at)
                projects.append(life.id)
                parents.append(parent)
                authors.append(life.initiator if rng.random() < 0.2 else citizen(at))
                bodies.append(rng.randrange(pool))
        self.log(f"  planned {len(times):,} comments in {time.perf_counter() - started:.1f} s")

        order = sorted(range(len(times)), key=times.__getitem__)
        ids = [0] * len(times)
        for rank, key in enumerate(order, 1):
            ids[key] = rank
        replies_of = [0] * len(times)
        for parent in parents:
            if parent >= 0:
                replies_of[parent] += 1
        moderator = self.staff["moderator"]
        markdown, html = self.texts.comments.markdown, self.texts.comments.html

        def rows() -> Iterator[dict[str, Any]]:
            for key in order:
                at = times[key]
                row = {
                    "id": ids[key],
                    "project_id": projects[key],
                    "parent_id": ids[parents[key]] if parents[key] >= 0 else None,
                    "author_id": authors[key],
                    "body_markdown": markdown[bodies[key]],
                    "body_html": html[bodies[key]],
                    "created_at": moment(at),
                    "edited_at": None,
                    "deleted_at": None,
                    "hidden_at": None,
                    "hidden_reason": "",
                    "hidden_by_id": None,
                    "reply_count": replies_of[key],
                }
                r = rng.random()
                if r < 0.04:
                    row["edited_at"] = moment(min(at + rng.randint(60, 840), now))
                elif r < 0.055 and not replies_of[key]:
                    # Deleted by its author: the text goes, the place stays.
                    row["deleted_at"] = moment(at + rng.randrange(now - at + 1))
                    row["body_markdown"] = row["body_html"] = ""
                elif r < 0.057 and not replies_of[key]:
                    hidden = at + rng.randrange(min(now - at, 3 * DAY) + 1)
                    reason = rng.choice(HIDE_REASONS_COMMENT)
                    row |= {
                        "hidden_at": moment(hidden),
                        "hidden_reason": reason,
                        "hidden_by_id": moderator,
                    }
                    self.hidden_items.append((hidden, "comment", ids[key], reason))
                yield row

        self.load(Comment, rows())
        tally: dict[int, int] = {}
        for project_id in projects:
            tally[project_id] = tally.get(project_id, 0) + 1
        self.hot_project_id, self.hot_project_comments = min(
            tally.items(), key=lambda item: (-item[1], item[0])
        )

    # -- the fund ------------------------------------------------------------------------------

    CURRENT_STATUSES = {
        "draft": 8,
        "submitted": 8,
        "formal_check": 5,
        "returned": 4,
        "in_review": 8,
        "awaiting_confirmation": 4,
        "approved": 18,
        "partially_approved": 8,
        "rejected": 12,
        "withdrawn": 5,
        "proof_submitted": 8,
        "closed": 12,
    }
    PAST_STATUSES = {
        "approved": 8,
        "partially_approved": 5,
        "rejected": 25,
        "withdrawn": 8,
        "proof_submitted": 7,
        "closed": 47,
    }
    OPEN_STATUSES = (
        "draft",
        "submitted",
        "formal_check",
        "returned",
        "in_review",
        "awaiting_confirmation",
    )

    def funds(self) -> None:
        """One fund per year (the current one open), applications in every state; the money
        adds up as the operations leave it."""
        from civic.fund import demo
        from civic.fund.models import Application, ApplicationEntry, Fund, Payment, Review

        rng, now = self.rng, self.now
        today = self.local_day(now)
        calls = []
        for year in (today.year - 2, today.year - 1, today.year):
            current = year == today.year
            opens = date(year, 1, 1) if current else date(year, 1, 15)
            closes = date(year, 12, 31) if current else date(year, 10, 31)
            if epoch(closes) > self.start + 120 * DAY:
                window = (epoch(opens), min(epoch(closes) + DAY - 1, now - 2 * DAY))
                calls.append((year, opens, closes, window))

        def window_of(life: Life, lo: int, hi: int) -> tuple[int, int] | None:
            if life.t_dev is None or life.hidden is not None:
                return None
            begin, end = max(lo, life.t_dev + DAY), min(hi, (life.t_end or now) - DAY)
            return (begin, end) if begin < end else None

        pools = []
        for year, _opens, _closes, (lo, hi) in calls:
            every = [(life, w) for life in self.lives if (w := window_of(life, lo, hi))]
            rng.shuffle(every)
            live = [
                item
                for item in every
                if year == today.year
                and item[0].state == ACTIVE
                and item[0].phase in (DEVELOPMENT, IMPLEMENTATION)
            ]
            pools.append((every, live))
        counts = allocate(
            rng,
            self.sizes.applications,
            [max(0, hi - lo) for _y, _o, _c, (lo, hi) in calls],
            [len(every) for every, _live in pools],
        )

        chosen: list[tuple[int, int, Life, str]] = []
        for index, ((year, _o, _c, _w), (every, live), count) in enumerate(
            zip(calls, pools, counts, strict=True)
        ):
            table = self.CURRENT_STATUSES if year == today.year else self.PAST_STATUSES
            statuses = list(table)[:count] if year == today.year else []
            statuses += rng.choices(
                list(table), weights=list(table.values()), k=count - len(statuses)
            )
            used: set[int] = set()
            for status in statuses:
                item = _take(live, used) if status in self.OPEN_STATUSES else None
                if item is None:
                    status = status if status not in self.OPEN_STATUSES else "rejected"
                    item = _take(every, used)
                if item is None:
                    break
                life, (begin, end) = item
                chosen.append((begin + rng.randrange(end - begin + 1), index, life, status))
        chosen.sort(key=lambda item: (item[0], item[2].id))

        money = [{"committed": 0, "paid": 0, "proposed": 0} for _ in calls]
        applications, entries, reviews, payments = [], [], [], []
        for app_id, (created, index, life, status) in enumerate(chosen, 1):
            year = calls[index][0]
            record = self._application(app_id, index + 1, year, created, life, status)
            row, steps, review, tranches = record
            applications.append(row)
            entries += steps
            reviews += review
            payments += tranches
            sums = money[index]
            if status in ("approved", "partially_approved", "proof_submitted"):
                sums["committed"] += row["approved_cents"]
            if status == "closed":
                sums["committed"] += row["spent_cents"]
            sums["paid"] += row["paid_cents"] - row["reclaimed_cents"]
            if status == "awaiting_confirmation":
                sums["proposed"] += row["proposed_cents"]

        step = 50_000_00
        self.load(
            Fund,
            (
                {
                    "id": index,
                    "year": year,
                    "budget_cents": max(
                        demo.BUDGET,
                        math.ceil((sums["committed"] + sums["proposed"]) * 1.2 / step) * step,
                    ),
                    "max_per_project_cents": demo.MAX_PER_PROJECT,
                    "four_eyes_cents": demo.FOUR_EYES,
                    "call_opens_on": opens,
                    "call_closes_on": closes,
                    "required_documents": "\n".join(demo.DOCUMENTS),
                    "criteria": "\n".join(demo.CRITERIA),
                    "committed_cents": sums["committed"],
                    "paid_cents": sums["paid"],
                    "created_at": moment(epoch(date(year - 1, 12, 1))),
                }
                for index, ((year, opens, closes, _w), sums) in enumerate(
                    zip(calls, money, strict=True), 1
                )
            ),
        )
        self.load(Application, applications)
        reviews.sort(key=lambda row: (row["created_at"], row["application_id"]))
        self.load(Review, ({"id": i, **row} for i, row in enumerate(reviews, 1)))
        payments.sort(key=lambda row: (row["created_at"], row["application_id"]))
        self.load(Payment, ({"id": i, **row} for i, row in enumerate(payments, 1)))
        entries.sort(key=lambda row: (row["created_at"], row["application_id"]))
        self.load(ApplicationEntry, ({"id": i, **row} for i, row in enumerate(entries, 1)))

    def _application(
        self, app_id: int, fund_id: int, year: int, created: int, life: Life, status: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        from civic.fund import demo
        from civic.fund.workflow import CHECKLIST

        rng, now = self.rng, self.now
        officer = self.staff["fund_officer"]
        second = officer + 1  # the second fund officer follows the first in STAFF
        team = life.initiator
        if status == "awaiting_confirmation":
            requested = rng.randint(600, 1500) * 1000
        else:
            r = rng.random()
            low, high = (50, 300) if r < 0.4 else (300, 800) if r < 0.75 else (800, 1500)
            requested = rng.randint(low, high) * 1000
        own = rng.choice((0, 0, 5_000, 10_000, 25_000))
        other = rng.choice((0, 0, 0, requested // 500 * 100))
        total = requested + own + other
        labels = rng.sample(COST_LABELS, rng.randint(2, 4))
        cuts = sorted(rng.sample(range(1, total // 100), len(labels) - 1))
        bounds = [0, *(cut * 100 for cut in cuts), total]
        lines = [
            {"label": label, "amount_cents": bounds[i + 1] - bounds[i]}
            for i, label in enumerate(labels)
        ]

        # What the decision gives, and how the money moved afterwards.
        funded = ("approved", "partially_approved", "proof_submitted", "closed")
        outcome = "approve"
        if status == "partially_approved" or (
            status in ("proof_submitted", "closed", "awaiting_confirmation") and rng.random() < 0.3
        ):
            outcome = "partial"
        if status == "rejected":
            outcome = "reject"
        amount = 0 if outcome == "reject" else requested
        if outcome == "partial":
            amount = int(round(requested * rng.uniform(0.4, 0.9), -3))
            if status == "awaiting_confirmation":
                amount = max(demo.FOUR_EYES + 1000, amount)
            amount = min(amount, requested - 1000)
        tranches: list[int] = []
        if status in funded:
            full = status == "closed" or rng.random() < 0.7
            paid = amount if full else int(round(amount * rng.uniform(0.3, 0.8), -2))
            parts = 0 if status in ("approved", "partially_approved") and rng.random() < 0.3 else 1
            parts += 1 if parts and paid >= 2000 and rng.random() < 0.4 else 0
            if parts == 2:
                first = int(round(paid * rng.uniform(0.4, 0.7), -2))
                tranches = [first, paid - first]
            elif parts == 1:
                tranches = [paid]
        spent = None
        if status in ("proof_submitted", "closed"):
            base = sum(tranches) if status == "closed" else amount
            spent = int(round(base * rng.uniform(0.8, 1.0), -2))

        steps = ["create"]
        if status == "withdrawn":
            steps = rng.choice(
                (
                    ["create"],
                    ["create", "submit"],
                    ["create", "submit", "start_check", "pass_check", "review"],
                )
            ) + ["withdraw"]
        elif status != "draft":
            steps.append("submit")
            if status != "submitted":
                steps.append("start_check")
                if status == "returned":
                    steps.append("send_back")
                elif status != "formal_check":
                    steps += ["pass_check", "review"]
                    if status != "in_review":
                        if amount > demo.FOUR_EYES:
                            steps.append("propose")
                        if status != "awaiting_confirmation":
                            steps.append("decide")
                            steps += ["payment"] * len(tranches)
                            if status in ("proof_submitted", "closed"):
                                steps.append("submit_proof")
                            if status == "closed":
                                steps.append("close")
        gaps = [rng.randint(DAY, 20 * DAY) for _ in steps[1:]]
        room = now - HOUR - created
        if sum(gaps) > room:
            gaps = [gap * room // sum(gaps) for gap in gaps]
        moments = [created]
        for gap in gaps:
            moments.append(moments[-1] + gap)

        row: dict[str, Any] = {
            "id": app_id,
            "fund_id": fund_id,
            "project_id": life.id,
            "status": "draft",
            "title": f"{rng.choice(FUND_TITLES)} – {life.title}"[:200],
            "requested_cents": requested,
            "cost_lines": lines,
            "own_contribution_cents": own,
            "other_funding_cents": other,
            "other_funding_note": "Zusage eines Stadtteilvereins" if other else "",
            "justification": rng.choice(JUSTIFICATIONS),
            "contact_id": team,
            "created_by_id": team,
            "created_at": moment(created),
            "updated_at": moment(created),
            "checklist": {},
            "spent_cents": None,
        }
        history: list[dict[str, Any]] = []
        review: list[dict[str, Any]] = []
        paid_rows: list[dict[str, Any]] = []
        tranche = iter(tranches)
        proposed = False

        def move(step: str, at: int, actor: int, after: str, **entry: Any) -> None:
            history.append(
                {
                    "application_id": app_id,
                    "step": step,
                    "from_status": row["status"] if step != "create" else "",
                    "to_status": after,
                    "actor_id": actor,
                    "amount_cents": entry.get("amount"),
                    "reason": entry.get("reason", ""),
                    "created_at": moment(at),
                }
            )
            row["status"] = after

        for step, at in zip(steps, moments, strict=True):
            if step != "review":
                row["updated_at"] = moment(at)
            if step == "create":
                move(step, at, team, "draft")
            elif step == "submit":
                row["submitted_at"] = moment(at)
                move(step, at, team, "submitted", amount=requested)
            elif step == "start_check":
                move(step, at, officer, "formal_check")
            elif step == "send_back":
                message = rng.choice(RETURN_MESSAGES)
                row["checklist"] = {key: key not in ("funding", "costs") for key, _l in CHECKLIST}
                row["return_message"] = message
                move(step, at, officer, "returned", reason=message)
            elif step == "pass_check":
                row["checklist"] = {key: True for key, _label in CHECKLIST}
                move(step, at, officer, "in_review")
            elif step == "review":
                review.append(
                    {
                        "application_id": app_id,
                        "officer_id": officer,
                        "assessment": rng.choice(ASSESSMENTS),
                        "scores": {c: rng.randint(1, 5) for c in demo.CRITERIA},
                        "created_at": moment(at),
                        "updated_at": moment(at),
                    }
                )
            elif step == "propose":
                proposed = True
                row |= {
                    "proposed_outcome": outcome,
                    "proposed_cents": amount,
                    "proposed_reason": self._reason(outcome),
                    "proposed_conditions": rng.choice(CONDITIONS),
                    "proposed_by_id": officer,
                    "proposed_at": moment(at),
                }
                move(step, at, officer, "awaiting_confirmation", amount=amount)
            elif step == "decide":
                reason = row.get("proposed_reason") or self._reason(outcome)
                conditions = row.get("proposed_conditions", rng.choice(CONDITIONS))
                row |= {
                    "decided_at": moment(at),
                    "decided_by_id": officer,
                    "confirmed_by_id": second if proposed else None,
                    "approved_cents": amount,
                    "decision_reason": reason,
                    "conditions": conditions if outcome != "reject" else "",
                }
                after = {
                    "approve": "approved",
                    "partial": "partially_approved",
                    "reject": "rejected",
                }[outcome]
                actor = second if proposed else officer
                move(step, at, actor, after, reason=reason, amount=amount)
            elif step == "payment":
                cents = next(tranche)
                number = len(paid_rows) + 1
                reference = f"BPF-{year}-{app_id:05d}-{number}"
                row["paid_cents"] = row.get("paid_cents", 0) + cents
                paid_rows.append(
                    {
                        "application_id": app_id,
                        "amount_cents": cents,
                        "paid_on": self.local_day(at),
                        "reference": reference,
                        "recorded_by_id": officer,
                        "created_at": moment(at),
                    }
                )
                move(step, at, officer, row["status"], amount=cents, reason=reference)
            elif step == "submit_proof":
                proof = rng.randrange(len(self.texts.proofs))
                row |= {
                    "report_markdown": self.texts.proofs.markdown[proof],
                    "report_html": self.texts.proofs.html[proof],
                    "spent_cents": spent,
                    "proof_submitted_at": moment(at),
                }
                move(step, at, team, "proof_submitted", amount=spent)
            elif step == "close":
                reclaimed = row.get("paid_cents", 0) - (spent or 0)
                note = rng.choice(CLOSE_NOTES)
                row |= {"reclaimed_cents": reclaimed, "closed_at": moment(at)}
                move(step, at, officer, "closed", reason=note, amount=reclaimed)
            elif step == "withdraw":
                reason = rng.choice(APPLICATION_WITHDRAW_REASONS)
                move(step, at, team, "withdrawn", reason=reason)
        assert row["status"] == status, (row["status"], status)
        row.setdefault("paid_cents", 0)
        row.setdefault("reclaimed_cents", 0)
        row.setdefault("approved_cents", 0)
        row.setdefault("proposed_cents", None)
        return row, history, review, paid_rows

    def _reason(self, outcome: str) -> str:
        reasons = {"approve": APPROVE_REASONS, "partial": PARTIAL_REASONS}
        return self.rng.choice(reasons.get(outcome, REJECT_REASONS))

    # -- events and moderation -----------------------------------------------------------------

    def events(self) -> None:
        """District meetings and workshops, past and upcoming, with a few registrations; some
        popular ones have a waiting list, a few are cancelled."""
        from civic.events.models import Event, EventRegistration, event_projects

        rng, now = self.rng, self.now
        organisers = [*self.councillors, self.staff["coordinator"], self.staff["admin"]]
        public = [life.id for life in self.lives if life.listed]
        first = self.start + 14 * DAY
        days = []
        for _ in range(self.sizes.events):
            if rng.random() < 0.7:
                day = first + rng.randrange(now - DAY - first)
            else:
                day = now + DAY + rng.randrange(120 * DAY)
            days.append(day // DAY * DAY)
        days.sort()
        events, registrations, links = [], [], []
        for event_id, day in enumerate(days, 1):
            starts = day + rng.choice((15, 16, 17)) * HOUR + rng.choice((0, 30 * 60))
            ends = starts + rng.choice((90, 120, 150, 180)) * 60
            created = min(max(self.start, day - rng.randint(10, 60) * DAY), now - HOUR, day - 1)
            district = rng.randint(1, len(self.districts)) if rng.random() < 0.85 else None
            title = rng.choice(EVENT_TITLES).format(
                district=self.districts[district - 1] if district else "Dresden",
                topic=rng.choice(self.topics),
            )
            popular = rng.random() < 0.06 or event_id == len(days)  # the latest has a queue
            capacity = None if rng.random() < 0.3 else rng.choice((15, 20, 30, 40, 60, 120))
            if popular:
                capacity = rng.randint(6, 10)
            until = min(day - 1, now)
            wanted = (capacity or 0) + rng.randint(3, 6) if popular else rng.randint(0, 12)
            taken: set[int] = set()
            people = []
            for _ in range(wanted):
                try:
                    user_id, at = self.distinct_citizen(
                        created + rng.randrange(max(1, until - created)), taken, until
                    )
                except RuntimeError:
                    break  # too few people had registered on the platform yet
                people.append((at, user_id))
            people.sort()
            registered = waiting = 0
            for at, user_id in people:
                if rng.random() < 0.1:
                    status = "cancelled"
                elif capacity is None or registered < capacity:
                    status, registered = "registered", registered + 1
                else:
                    status, waiting = "waiting", waiting + 1
                registrations.append(
                    {
                        "event_id": event_id,
                        "user_id": user_id,
                        "status": status,
                        "created_at": moment(at),
                        "updated_at": moment(at),
                    }
                )
            cancelled = None
            if rng.random() < 0.04:
                cancelled = created + rng.randrange(max(1, min(day, now) - created))
            past = starts < now and cancelled is None
            report = (
                rng.randrange(len(self.texts.event_reports)) if past and rng.random() < 0.5 else -1
            )
            text_index = rng.randrange(len(self.texts.events))
            events.append(
                {
                    "id": event_id,
                    "title": title,
                    "description_markdown": self.texts.events.markdown[text_index],
                    "description_html": self.texts.events.html[text_index],
                    "starts_at": exact(starts),
                    "ends_at": exact(ends),
                    "venue": rng.choice(VENUES),
                    "accessibility": rng.choice(ACCESSIBILITY),
                    "district_id": district,
                    "capacity": capacity,
                    "organiser_id": rng.choice(organisers),
                    "registered_count": registered,
                    "waiting_count": waiting,
                    "cancelled_at": moment(cancelled) if cancelled is not None else None,
                    "cancel_reason": rng.choice(CANCEL_REASONS) if cancelled is not None else "",
                    "report_markdown": self.texts.event_reports.markdown[report]
                    if report >= 0
                    else "",
                    "report_html": self.texts.event_reports.html[report] if report >= 0 else "",
                    "created_at": moment(created),
                    "updated_at": moment(cancelled if cancelled is not None else created),
                }
            )
            if public and rng.random() < 0.3:
                for project_id in sorted(rng.sample(public, min(len(public), rng.randint(1, 2)))):
                    links.append({"event_id": event_id, "project_id": project_id})
        self.load(Event, events)
        registrations.sort(key=lambda row: (row["created_at"], row["event_id"]))
        self.load(EventRegistration, ({"id": i, **row} for i, row in enumerate(registrations, 1)))
        self.load(event_projects, links)

    def moderation(self) -> None:
        from civic.moderation.models import ModerationAction

        moderator = self.staff["moderator"]
        self.hidden_items.sort()
        self.load(
            ModerationAction,
            (
                {
                    "id": i,
                    "action": "hide",
                    "target_kind": kind,
                    "target_id": target,
                    "reason": reason,
                    "moderator_id": moderator,
                    "created_at": moment(at),
                }
                for i, (at, kind, target, reason) in enumerate(self.hidden_items, 1)
            ),
        )

    def finish(self) -> None:
        """Sequences after the ids written, the search index, the planner's statistics."""
        import civic.models  # noqa: F401 - every table on the metadata
        from civic.db import Base
        from civic.projects import search

        connection = self.connection
        if self.loader.postgres:
            for table in Base.metadata.sorted_tables:
                keys = list(table.primary_key.columns)
                if len(keys) == 1 and keys[0].name == "id" and keys[0].autoincrement:
                    sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
                    next_id = f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"'  # noqa: S608
                    connection.execute(text(f"SELECT setval({sequence}, ({next_id}), false)"))
            connection.commit()
        started = time.perf_counter()
        count = search.rebuild(connection)
        connection.commit()
        self.log(f"  search index {count:>20,} projects {time.perf_counter() - started:7.1f} s")
        # Fresh statistics for the query planner, and on PostgreSQL the visibility map that
        # lets counts read indexes alone (autovacuum would do both later).
        started = time.perf_counter()
        connection.commit()
        if self.loader.postgres:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
        self.log(f"  VACUUM/ANALYZE {time.perf_counter() - started:30.1f} s")


# --- entry points -------------------------------------------------------------------------------


def _app(url: str) -> Flask:
    from civic import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-generate-" + "k" * 32})


def _empty(engine: Engine) -> None:
    """Drop everything in the database (``--force``)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        return
    database = engine.url.database
    engine.dispose()
    if database and database != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)


def _fill(
    connection: Connection,
    sizes: Sizes,
    seed: int,
    now: datetime,
    log: Callable[[str], None],
    started: float,
) -> Summary:
    from civic.accounts.models import User
    from civic.core.cli import alembic_config

    if connection.in_transaction():
        connection.commit()
    command.upgrade(alembic_config(connection.engine), "head")
    log(f"  migrated in {time.perf_counter() - started:.1f} s")
    if connection.scalar(select(func.count()).select_from(User.__table__)):
        connection.rollback()
        raise DatabaseNotEmpty(
            "The database holds accounts already; use an empty one (or --force to empty it)."
        )
    connection.commit()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA cache_size=-262144")  # 256 MB for the indexes being built
    city = City(connection, sizes, seed, now, log)
    city.run()
    city.finish()
    return summarize(connection, time.perf_counter() - started)


def generate(
    target: Connection | str,
    sizes: Sizes | None = None,
    seed: int = 1,
    *,
    force: bool = False,
    now: datetime | None = None,
    log: Callable[[str], None] | None = None,
) -> Summary:
    """Migrate the database (a URL, or an open connection) and fill it with a city.

    ``now`` is the moment the data leads up to (default: the start of today, UTC), so the same
    seed gives the same rows all day. A database that holds accounts is refused
    (:class:`DatabaseNotEmpty`) unless ``force`` empties it first (URLs only). Each table is
    committed when it is written."""
    started = time.perf_counter()
    sizes = sizes or Sizes()
    now = now or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    log = log or (lambda line: print(line, flush=True))
    if isinstance(target, str):
        app = _app(target)
        with app.app_context():
            from civic.db import db

            engine = db.engine
            try:
                if force:
                    _empty(engine)
                with engine.connect() as connection:
                    return _fill(connection, sizes, seed, now, log, started)
            finally:
                engine.dispose()
    if force:
        raise ValueError("force needs a database URL, not an open connection")
    if has_app_context():
        return _fill(target, sizes, seed, now, log, started)
    url = target.engine.url.render_as_string(hide_password=False)
    with _app(url).app_context():
        return _fill(target, sizes, seed, now, log, started)


def summarize(connection: Connection, seconds: float = 0.0) -> Summary:
    """What the database holds: rows per table, the project with the most comments, a
    citizen's account and the staff accounts, and up to 100 listed projects spread over all
    ids."""
    import civic.models  # noqa: F401 - every table on the metadata
    from civic.accounts.models import RoleGrant, User
    from civic.db import Base
    from civic.participation.models import Comment
    from civic.projects.models import Project

    counts = {}
    for table in Base.metadata.sorted_tables:
        count = connection.scalar(select(func.count()).select_from(table))
        if count:
            counts[table.name] = int(count)
    hot = connection.execute(
        select(Comment.project_id, func.count().label("n"))
        .group_by(Comment.project_id)
        .order_by(func.count().desc(), Comment.project_id)
        .limit(1)
    ).first()
    citizen = connection.scalar(
        select(User.email)
        .where(
            User.id.not_in(select(RoleGrant.user_id)),
            User.email_verified_at.is_not(None),
            User.email.like(f"%@{DOMAIN}"),
        )
        .order_by(User.id)
        .limit(1)
    )
    staff: dict[str, str] = {}
    for role, email in connection.execute(
        select(RoleGrant.role, User.email)
        .join(User, User.id == RoleGrant.user_id)
        .order_by(User.id)
    ):
        staff.setdefault(str(getattr(role, "value", role)), email)
    # The write mix supports and comments: only active projects take either.
    listed = list(
        connection.scalars(
            select(Project.id)
            .where(Project.state == "active", Project.hidden_at.is_(None))
            .order_by(Project.id)
        )
    )
    step = max(1, len(listed) // 100)
    return Summary(
        counts=counts,
        seconds=seconds,
        hot_project_id=hot[0] if hot else None,
        hot_project_comments=int(hot[1]) if hot else 0,
        citizen_email=citizen or "",
        password=PASSWORD,
        staff=staff,
        sample_project_ids=listed[::step][:100],
    )


def existing_summary(url: str) -> Summary | None:
    """The summary of a database this module filled before, or None when it holds no
    generated city (missing, empty, or filled otherwise)."""
    from civic.accounts.models import User

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or not Path(parsed.database).exists():
            return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("users"):
                return None
            admin = select(User.id).where(User.email == f"admin@{DOMAIN}")
            if connection.scalar(admin) is None:
                return None
            return summarize(connection)
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Fill an empty database with a large city's worth of realistic data.",
    )
    parser.add_argument("--database-url", required=True, help="sqlite:///path or postgresql://…")
    for item in fields(Sizes):
        parser.add_argument(
            f"--{item.name}", type=int, default=None, help=f"default {item.default:,} × scale"
        )
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--force", action="store_true", help="empty the database first (drops all its tables)"
    )
    args = parser.parse_args(argv)
    sizes = Sizes().scaled(args.scale)
    chosen = {f.name: getattr(args, f.name) for f in fields(Sizes)}
    sizes = replace(sizes, **{name: size for name, size in chosen.items() if size is not None})
    shown = ", ".join(f"{getattr(sizes, f.name):,} {f.name}" for f in fields(Sizes))
    print(f"Generating {shown} (seed {args.seed}) …", flush=True)
    try:
        summary = generate(args.database_url, sizes, args.seed, force=args.force)
    except DatabaseNotEmpty as error:
        print(error, file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
