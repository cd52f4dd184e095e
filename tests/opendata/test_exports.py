"""The open data downloads: the projects and the fund's decisions as CSV (and GeoJSON), what
they hold and leave out, how spreadsheets read them, and that they are streamed in batches."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from flask_babel import refresh
from sqlalchemy import select

from civic.core import demo
from civic.db import db, utcnow
from civic.fund.models import Application, Fund
from civic.fund.workflow import Status
from civic.opendata import exports
from civic.opendata.views import downloads
from civic.projects.models import Project
from civic.projects.workflow import Phase, ProjectState
from tests.factories import (
    DistrictFactory,
    TopicFactory,
    make_application,
    make_fund,
    make_project,
)

BERLIN = ZoneInfo("Europe/Berlin")
LICENCE = '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'


def rows_of(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def ids_in(response) -> list[int]:
    return [int(row["id"]) for row in rows_of(response)]


# --- projects --------------------------------------------------------------------------------


def test_the_projects_csv_is_a_utf8_attachment_with_a_bom_and_its_licence(client):
    pieschen, topic = DistrictFactory(name="Pieschen"), TopicFactory(name_de="Grün & Umwelt")
    project = make_project(
        title="Grüne Höfe für alle",
        summary="Wir begrünen Höfe, „gemeinsam“, mit Kompost; und Bänken.",
        phase=Phase.DEVELOPMENT,
        districts=[pieschen, DistrictFactory(name="Cotta")],
        topics=[topic],
        location_name="Konkordienplatz",
        latitude=51.075,
        longitude=13.73,
        supporter_count=7,
        open_need_count=2,
        members=2,
    )
    response = client.get("/open-data/projects.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="projekte.csv"'
    assert response.headers["Link"] == LICENCE
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbfid,title,summary,phase,state,districts,topics,")
    assert "Grüne Höfe".encode() in raw  # UTF-8, not escaped
    [row] = rows_of(response)
    assert list(row) == list(exports.PROJECT_COLUMNS)
    assert row["id"] == str(project.id)
    assert row["title"] == "Grüne Höfe für alle"
    assert row["summary"] == "Wir begrünen Höfe, „gemeinsam“, mit Kompost; und Bänken."
    assert (row["phase"], row["state"]) == ("development", "active")
    assert row["districts"] == "Cotta; Pieschen"
    assert row["topics"] == "Grün & Umwelt"
    assert (row["supporters_count"], row["team_size"], row["open_needs"]) == ("7", "3", "2")
    assert (row["location_name"], row["latitude"], row["longitude"]) == (
        "Konkordienplatz",
        "51.075",
        "13.73",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["published_at"])
    assert row["created_at"] and row["updated_at"]
    assert row["url"] == f"http://localhost/projects/{project.id}"


def test_a_project_without_a_place_has_empty_cells_there(client):
    make_project()
    [row] = rows_of(client.get("/open-data/projects.csv"))
    assert (row["location_name"], row["latitude"], row["longitude"]) == ("", "", "")


def test_drafts_hidden_and_withdrawn_projects_are_left_out(client):
    shown = make_project(title="Sichtbar")
    paused = make_project(state=ProjectState.PAUSED)
    completed = make_project(state=ProjectState.COMPLETED)
    make_project(state=ProjectState.DRAFT, title="Entwurf")
    hidden = make_project(title="Verborgen")
    hidden.hidden_at = utcnow()
    hidden_withdrawn = make_project(state=ProjectState.WITHDRAWN)
    hidden_withdrawn.hidden_at = utcnow()
    withdrawn = make_project(state=ProjectState.WITHDRAWN)
    db.session.commit()

    response = client.get("/open-data/projects.csv")
    assert ids_in(response) == [shown.id, paused.id, completed.id]
    text = response.get_data(as_text=True)
    assert "Entwurf" not in text and "Verborgen" not in text
    # Withdrawn projects through the list's filter; drafts never, hidden ones never.
    assert ids_in(client.get("/open-data/projects.csv?state=withdrawn")) == [withdrawn.id]
    assert ids_in(client.get("/open-data/projects.csv?state=draft")) == [
        shown.id,
        paused.id,
        completed.id,
    ]


def test_the_filters_of_the_project_list_apply(client):
    pieschen, green = DistrictFactory(slug="pieschen"), TopicFactory(slug="gruen")
    in_pieschen = make_project(districts=[pieschen])
    green_one = make_project(topics=[green], phase=Phase.IMPLEMENTATION)
    needing = make_project(open_need_count=1)
    paused = make_project(state=ProjectState.PAUSED, districts=[pieschen])

    def ids(query: str) -> list[int]:
        return ids_in(client.get(f"/open-data/projects.csv?{query}"))

    assert ids("district=pieschen") == [in_pieschen.id, paused.id]
    assert ids("topic=gruen") == [green_one.id]
    assert ids("phase=implementation") == [green_one.id]
    assert ids("needs=1") == [needing.id]
    assert ids("state=paused&district=pieschen") == [paused.id]
    # What the list ignores, the download ignores too: no error, everything.
    everything = [in_pieschen.id, green_one.id, needing.id, paused.id]
    assert ids("district=unbekannt&phase=%00&state=x&needs=ja") == everything


def test_a_search_narrows_the_download_like_the_list(client):
    bikes = make_project(title="Lastenräder für Pieschen")
    make_project(title="Bänke an der Elbe")
    assert ids_in(client.get("/open-data/projects.csv?q=Lastenräder")) == [bikes.id]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_cells_a_spreadsheet_would_run_as_a_formula_get_an_apostrophe(client, start):
    make_project(
        title=f'{start}HYPERLINK("http://evil.example","Klick")',
        summary="-1+1",
        location_name="@Ort",
        latitude=-12.5,
        longitude=13.0,
    )
    [row] = rows_of(client.get("/open-data/projects.csv"))
    assert row["title"] == f'\'{start}HYPERLINK("http://evil.example","Klick")'
    assert row["summary"] == "'-1+1"
    assert row["location_name"] == "'@Ort"
    # Numbers are numbers, even negative ones.
    assert row["latitude"] == "-12.5"


def test_line_breaks_and_quotes_stay_inside_their_cell(client):
    make_project(title='Der "große" Garten', summary="Erste Zeile\nzweite, mit Komma")
    [row] = rows_of(client.get("/open-data/projects.csv"))
    assert row["title"] == 'Der "große" Garten'
    assert row["summary"] == "Erste Zeile\nzweite, mit Komma"


def test_the_download_is_streamed_and_read_in_batches(app, monkeypatch, count_queries):
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    projects = [make_project() for _ in range(5)]
    with app.test_request_context("/open-data/projects.csv"):
        response = downloads.projects_csv()
        assert response.is_streamed
        count_queries.statements.clear()
        chunks = iter(response.response)
        header = next(chunks)
        assert header.startswith("\ufeffid,title")
        assert count_queries.count == 0  # nothing read before it is sent
        next(chunks)
        first_batch = count_queries.count
        assert first_batch > 0
        rest = list(chunks)
    assert len(rest) == 4
    selects = [s for s in count_queries.statements if "FROM projects" in s and "LIMIT" in s]
    assert len(selects) == 3  # 2 + 2 + 1 rows
    assert rest[-1].startswith(f"{projects[-1].id},")


def test_the_download_costs_the_same_queries_for_few_and_many_projects(client, count_queries):
    for _ in range(3):
        make_project(members=1)
    client.get("/open-data/projects.csv")
    count_queries.statements.clear()
    assert len(ids_in(client.get("/open-data/projects.csv"))) == 3
    few = count_queries.count
    for _ in range(12):
        make_project(members=2)
    count_queries.statements.clear()
    assert len(ids_in(client.get("/open-data/projects.csv"))) == 15
    assert count_queries.count == few, count_queries.statements


# --- the fund's decisions --------------------------------------------------------------------


def test_the_fund_decisions_are_the_public_decisions_without_anything_internal(client):
    fund = make_fund(year=2026)
    earlier = make_fund(year=2025)
    project = make_project(title="Repair-Café", phase=Phase.DEVELOPMENT)
    approved = make_application(
        project,
        fund,
        Status.APPROVED,
        approved_cents=2_500_00,
        title="=Werkzeug",
        justification="GEHEIME BEGRÜNDUNG",
    )
    rejected = make_application(make_project(phase=Phase.DEVELOPMENT), earlier, Status.REJECTED)
    for status in (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.WITHDRAWN):
        make_application(make_project(phase=Phase.DEVELOPMENT), fund, status)
    hidden = make_project(phase=Phase.DEVELOPMENT, title="Verborgenes Projekt")
    make_application(
        hidden, fund, Status.APPROVED, approved_cents=1_000_00, title="Zuschuss Material"
    )
    hidden.hidden_at = utcnow()
    db.session.commit()

    response = client.get("/open-data/fund-decisions.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="fonds-entscheidungen.csv"'
    )
    assert response.headers["Link"] == LICENCE
    rows = rows_of(response)
    assert list(rows[0]) == list(exports.FUND_DECISION_COLUMNS)
    assert [(r["year"], r["project_id"]) for r in rows] == [
        ("2025", str(rejected.project_id)),
        ("2026", str(project.id)),
        ("2026", ""),
    ]
    # The decision on a project hidden by moderation stays, without naming the project.
    assert rows[2]["application_title"] == "Zuschuss Material"
    assert (rows[2]["project_title"], rows[2]["project_url"]) == ("", "")
    assert rows[2]["approved_cents"] == "100000"
    row = rows[1]
    assert row["project_title"] == "Repair-Café"
    assert row["application_title"] == "'=Werkzeug"
    assert (row["status"], row["approved_cents"]) == ("approved", "250000")
    assert row["decided_on"] == approved.decided_at.astimezone(BERLIN).date().isoformat()
    assert row["reason"] == approved.decision_reason
    assert row["project_url"] == f"http://localhost/projects/{project.id}"
    text = response.get_data(as_text=True)
    assert "GEHEIME" not in text and "Verborgenes Projekt" not in text
    contact = project.memberships[0].user
    assert contact.display_name not in text and contact.email not in text


def squash(text: str) -> str:
    """Text with its white space (also non-breaking) folded into single spaces."""
    return " ".join(text.split())


class _DecisionTable(HTMLParser):
    """The cells of the decisions table of the fund page, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_table = self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "fund-decisions" in (dict(attrs).get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag == "td":
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag == "td":
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][-1] += data


def test_the_fund_decisions_match_the_public_fund_page_for_the_demo_city(ctx, client):
    demo.load()
    refresh()
    fund = db.session.scalar(select(Fund).order_by(Fund.year.desc()))
    page = client.get(f"/fund/{fund.year}").get_data(as_text=True)
    parser = _DecisionTable()
    parser.feed(page)
    # project, application, decision, amount, date, reason
    shown = sorted(tuple(squash(cell) for cell in row) for row in parser.rows if row)
    assert len(shown) >= 6

    hidden = set(
        db.session.scalars(
            select(Project.title)
            .join(Application, Application.project_id == Project.id)
            .where(Project.hidden_at.is_not(None))
        )
    )
    rows = rows_of(client.get("/open-data/fund-decisions.csv"))
    assert {r["year"] for r in rows} == {str(f.year) for f in db.session.scalars(select(Fund))}
    exported = sorted(
        tuple(
            squash(cell)
            for cell in (
                r["project_title"],
                r["application_title"],
                format_currency(int(r["approved_cents"]) / 100, "EUR", locale="de_DE"),
                format_date(date.fromisoformat(r["decided_on"]), "medium", locale="de_DE"),
                r["reason"],
            )
        )
        for r in rows
        if r["year"] == str(fund.year)
    )
    # The page and the file both keep a decision on a hidden project without naming it.
    assert not hidden & {p for p, *_rest in shown}
    assert exported == sorted(
        ("" if p == "Ein von der Moderation ausgeblendetes Projekt" else p, a, amount, day, reason)
        for p, a, _decision, amount, day, reason in shown
    )


def test_the_fund_decisions_as_geojson_are_points_at_the_projects_places(client):
    fund = make_fund(year=2026)
    located = make_project(
        phase=Phase.DEVELOPMENT, title="=Am Platz", latitude=51.0604, longitude=13.7458
    )
    make_application(located, fund, Status.APPROVED, approved_cents=1_500_00)
    make_application(make_project(phase=Phase.DEVELOPMENT), fund, Status.APPROVED)
    make_application(
        make_project(phase=Phase.DEVELOPMENT, latitude=51.0, longitude=13.0),
        fund,
        Status.IN_REVIEW,
    )
    hidden = make_project(phase=Phase.DEVELOPMENT, latitude=51.1, longitude=13.8)
    make_application(hidden, fund, Status.REJECTED)
    hidden.hidden_at = utcnow()
    db.session.commit()

    response = client.get("/open-data/fund-decisions.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="fonds-entscheidungen.geojson"'
    )
    assert response.headers["Link"] == LICENCE
    document = json.loads(response.get_data())
    assert document["type"] == "FeatureCollection"
    assert document["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    [feature] = document["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [13.7458, 51.0604]}
    properties = feature["properties"]
    assert list(properties) == list(exports.FUND_DECISION_COLUMNS)
    assert properties["year"] == 2026 and properties["project_id"] == located.id
    # JSON is no spreadsheet: the title stays as it is.
    assert properties["project_title"] == "=Am Platz"
    assert (properties["status"], properties["approved_cents"]) == ("approved", 150000)
    assert properties["project_url"] == f"http://localhost/projects/{located.id}"


def test_the_fund_decisions_csv_lists_the_same_decisions_as_the_geojson_with_places(client):
    fund = make_fund(year=2026)
    for n in range(3):
        make_application(
            make_project(phase=Phase.DEVELOPMENT, latitude=51.0 + n / 100, longitude=13.7),
            fund,
            Status.APPROVED,
            approved_cents=1_000_00,
        )
    csv_ids = [r["project_id"] for r in rows_of(client.get("/open-data/fund-decisions.csv"))]
    document = json.loads(client.get("/open-data/fund-decisions.geojson").get_data())
    assert [str(f["properties"]["project_id"]) for f in document["features"]] == csv_ids
    assert len(csv_ids) == 3


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/projects.csv",
        "/open-data/projects.geojson",
        "/open-data/fund-decisions.csv",
        "/open-data/fund-decisions.geojson",
        "/projects.atom",
        "/events.atom",
    ],
)
def test_every_open_data_file_may_be_read_by_any_web_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_html_pages_of_open_data_are_not_opened_to_other_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/open-data").headers
