"""The public statistics page (/statistics) and ``statistics_document()``: the figures are
counted again here, row by row over the ORM objects, and compared with what the page's tables
show and what the document holds."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from flask_babel import refresh, to_user_timezone
from sqlalchemy import select

from civic.accounts.models import User
from civic.core import demo
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.fund.models import Fund
from civic.fund.workflow import Status as FundStatus
from civic.mentoring.models import Mentorship
from civic.mentoring.workflow import MentorshipStatus
from civic.opendata.stats import statistics_document
from civic.projects.models import Membership, Project, Support
from civic.projects.workflow import Phase, ProjectState
from tests.factories import (
    DistrictFactory,
    TopicFactory,
    UserFactory,
    add_mentor,
    make_application,
    make_fund,
    make_project,
)
from tests.helpers import browser, submit, text_of

STAGE_COLUMNS = ("In initiation", "In development", "In implementation", "Completed", "Withdrawn")
STAGES = ("initiation", "development", "implementation", "completed", "withdrawn")


# --- reading the page as a person would: its tables, by caption --------------------------------


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._current = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows, self._current = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self._current = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None and self._rows:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._current] = self._rows
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def number(text: str) -> int:
    """An English number as the page writes it: 1,234."""
    return int(text.replace(",", ""))


def cents(text: str) -> int:
    """An English euro amount as the page writes it: €1,250.50."""
    return round(float(re.sub(r"[^0-9.-]", "", text)) * 100)


def body_rows(table: list[list[str]]) -> dict[str, list[str]]:
    """The rows under the header, keyed by their first cell."""
    return {row[0]: row[1:] for row in table[1:]}


def get(client: Any, url: str) -> Any:
    """A page as the client's language has it: the test's own context must not keep the
    language of an earlier request."""
    refresh()
    response = client.get(url)
    assert response.status_code == 200
    return response


def statistics_page(app: Any, client: Any = None) -> tuple[str, dict[str, list[list[str]]]]:
    """The page in English. One English client per test: requests in the test's context share
    its ``g``, and a second client would get the first one's CSRF token."""
    html = get(client or browser(app), "/statistics").get_data(as_text=True)
    return html, tables_of(html)


# --- the figures counted again, independently ----------------------------------------------------


def _public(project: Project) -> bool:
    return project.state is not ProjectState.DRAFT and project.hidden_at is None


def _stage(project: Project) -> str:
    if project.state in (ProjectState.COMPLETED, ProjectState.WITHDRAWN):
        return project.state.value
    return project.phase.value


def expected() -> dict[str, Any]:
    db.session.expire_all()
    projects = [p for p in db.session.scalars(select(Project)) if _public(p)]
    ids = {p.id for p in projects}
    years: dict[int, Counter[str]] = {}
    for project in projects:
        year = to_user_timezone(project.published_at).year
        counts = years.setdefault(year, Counter())
        counts["published"] += 1
        counts["reached_development"] += project.phase is not Phase.INITIATION
        counts["reached_implementation"] += project.phase is Phase.IMPLEMENTATION
        counts["completed"] += project.state is ProjectState.COMPLETED

    def per_area(model: Any, attribute: str) -> tuple[dict[str, Counter[str]], Counter[str]]:
        areas: dict[str, Counter[str]] = {
            area.slug: Counter() for area in db.session.scalars(select(model))
        }
        without: Counter[str] = Counter()
        for project in projects:
            filed = getattr(project, attribute)
            for area in filed:
                areas[area.slug][_stage(project)] += 1
            if not filed:
                without[_stage(project)] += 1
        return areas, without

    districts, without_district = per_area(District, "districts")
    topics, without_topic = per_area(Topic, "topics")
    supports = [s for s in db.session.scalars(select(Support)) if s.project_id in ids]
    memberships = [m for m in db.session.scalars(select(Membership)) if m.project_id in ids]
    mentorships = [m for m in db.session.scalars(select(Mentorship)) if m.project_id in ids]
    active = [m for m in mentorships if m.status is MentorshipStatus.ACTIVE]
    return {
        "total": len(projects),
        "by_phase": Counter(p.phase.value for p in projects),
        "by_state": Counter(p.state.value for p in projects),
        "by_stage": Counter(_stage(p) for p in projects),
        "years": years,
        "districts": districts,
        "without_district": without_district,
        "topics": topics,
        "without_topic": without_topic,
        "people": {
            "supports": len(supports),
            "supporters": len({s.user_id for s in supports}),
            "team_memberships": len(memberships),
            "team_members": len({m.user_id for m in memberships}),
            "people": len({s.user_id for s in supports} | {m.user_id for m in memberships}),
        },
        "mentorships": {
            "active": len(active),
            "ended": sum(m.status is MentorshipStatus.ENDED for m in mentorships),
            "projects_with_active_mentor": len({m.project_id for m in active}),
            "active_mentors": len({m.mentor_id for m in active}),
        },
        "funds": {
            fund.year: {
                "budget_cents": fund.budget_cents,
                "committed_cents": fund.committed_cents,
                "paid_cents": fund.paid_cents,
                "remaining_cents": fund.budget_cents - fund.committed_cents,
            }
            for fund in db.session.scalars(select(Fund))
        },
    }


@pytest.fixture
def demo_city(ctx) -> dict[str, Any]:
    """The demo city, with one of its public projects hidden by moderation (the demo data has
    drafts of its own)."""
    demo.load()
    hidden = db.session.scalars(
        select(Project)
        .where(Project.state == ProjectState.ACTIVE, Project.supporter_count > 0)
        .order_by(Project.id)
    ).first()
    hidden.hidden_at = utcnow()
    hidden.hidden_reason = "Beleidigende Inhalte"
    db.session.commit()
    facts = expected()
    assert any(p.state is ProjectState.DRAFT for p in db.session.scalars(select(Project)))
    assert facts["total"] >= 20 and facts["funds"] and facts["mentorships"]["active"]
    return facts


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_where_the_projects_stand_and_how_far_each_years_projects_came(
    app, demo_city
):
    _html, tables = statistics_page(app)

    stages = body_rows(tables["Public projects by where they stand now"])
    assert {label: number(cells[0]) for label, cells in stages.items()} == {
        **{
            label: demo_city["by_stage"][stage]
            for label, stage in zip(STAGE_COLUMNS, STAGES, strict=True)
        },
        "Total": demo_city["total"],
    }

    years = tables["Projects by year of publication and how far they have come"]
    assert years[0] == [
        "Year",
        "Published",
        "Reached development",
        "Reached implementation",
        "Completed",
    ]
    shown = {int(label): [number(c) for c in cells] for label, cells in body_rows(years).items()}
    keys = ("published", "reached_development", "reached_implementation", "completed")
    assert shown == {
        year: [counts[key] for key in keys] for year, counts in demo_city["years"].items()
    }
    # Later steps never count more projects than earlier ones.
    assert all(row == sorted(row, reverse=True) for row in shown.values())


def test_the_page_shows_projects_per_district_and_topic_by_stage(app, demo_city):
    _html, tables = statistics_page(app)

    def check(caption: str, areas: dict[str, Counter[str]], names: dict[str, str]) -> None:
        table = tables[caption]
        assert table[0][1:] == [*STAGE_COLUMNS, "Total"]
        shown = {label: [number(c) for c in cells] for label, cells in body_rows(table).items()}
        assert shown == {
            names[slug]: [counts[stage] for stage in STAGES] + [sum(counts.values())]
            for slug, counts in areas.items()
        }
        totals = [row[-1] for row in shown.values()]
        assert totals == sorted(totals, reverse=True)  # most projects first

    districts = {d.slug: d.name for d in db.session.scalars(select(District))}
    topics = {t.slug: t.name_en for t in db.session.scalars(select(Topic))}
    check(
        "Public projects per district, by where they stand now", demo_city["districts"], districts
    )
    check("Public projects per topic, by where they stand now", demo_city["topics"], topics)


def test_the_page_shows_people_mentorships_and_the_same_money_as_the_fund_page(app, demo_city):
    client = browser(app)
    _html, tables = statistics_page(app, client)

    people = body_rows(tables["Supports and team memberships on public projects"])
    assert [number(cells[0]) for cells in people.values()] == list(demo_city["people"].values())
    mentoring = body_rows(tables["Mentorships of public projects"])
    assert [number(cells[0]) for cells in mentoring.values()] == list(
        demo_city["mentorships"].values()
    )

    money = tables["Budget, committed, paid and remaining money of the fund per year"]
    assert money[0] == ["Year", "Budget", "Committed (approved)", "of which paid", "Remaining"]
    shown = {int(year): [cents(c) for c in cells] for year, cells in body_rows(money).items()}
    assert shown == {year: list(row.values()) for year, row in demo_city["funds"].items()}
    for year, (budget, committed, paid, remaining) in shown.items():
        fund_page = tables_of(get(client, f"/fund/{year}").get_data(as_text=True))
        fund_money = next(
            rows for caption, rows in fund_page.items() if caption.startswith("Budget")
        )
        assert [cents(row[1]) for row in fund_money[1:]] == [budget, committed, paid, remaining]


def test_each_chart_is_an_image_named_by_its_heading_and_followed_by_its_table(app, demo_city):
    html, _tables = statistics_page(app)
    charts = re.findall(r'<svg class="chart[^"]*" role="img" aria-labelledby="([^"]+)"', html)
    assert charts == [
        "stages-title",
        "years-title",
        "districts-title",
        "topics-title",
        "fund-title",
    ]
    for heading in charts:
        assert re.search(rf'<h[23] id="{heading}">[^<]+</h[23]>', html)
        after = html.split(f'role="img" aria-labelledby="{heading}"', 1)[1]
        next_chart = after.find("<svg")
        assert "<table" in after
        assert next_chart == -1 or after.index("<table") < next_chart
    # Every bar is labelled with its number, so colours are never needed to read it.
    stages_svg = html.split('role="img" aria-labelledby="stages-title"', 1)[1].split("</svg>", 1)[0]
    labels = re.findall(r'class="chart-label"[^>]*>([^<]+)<', stages_svg)
    values = re.findall(r'class="chart-value"[^>]*>([^<]+)<', stages_svg)
    assert labels == list(STAGE_COLUMNS)
    assert [number(v) for v in values] == [demo_city["by_stage"][s] for s in STAGES]


def test_numbers_and_money_follow_the_language(client, demo_city):
    [(year, fund)] = demo_city["funds"].items()
    budget = fund["budget_cents"] // 100
    supports = demo_city["people"]["supports"]
    german = text_of(get(client, "/statistics"))  # German, the default language
    assert "Summe" in german
    assert f"{year} Budget {budget:,}".replace(",", ".") + ",00 €" in german
    submit(client, "/imprint", {"lang": "en", "next": "/imprint"}, action="/language")
    _html, tables = statistics_page(None, client)  # English
    [budget_cell, *_rest] = body_rows(
        tables["Budget, committed, paid and remaining money of the fund per year"]
    )[str(year)]
    assert budget_cell == f"€{budget:,}.00"
    people = body_rows(tables["Supports and team memberships on public projects"])
    assert people["Supports"] == [f"{supports:,}"]


# --- the document -------------------------------------------------------------------------------


def test_the_document_holds_the_same_figures_in_plain_json(demo_city):
    document = statistics_document()
    assert json.loads(json.dumps(document)) == document
    projects = document["projects"]
    assert projects["total"] == demo_city["total"]
    for key in ("by_phase", "by_state", "by_stage"):
        assert projects[key] == {k: demo_city[key][k] for k in projects[key]}
        assert sum(projects[key].values()) == demo_city["total"]
    assert set(projects["by_phase"]) == {"initiation", "development", "implementation"}
    assert set(projects["by_state"]) == {"active", "paused", "completed", "withdrawn"}
    keys = ("published", "reached_development", "reached_implementation", "completed")
    assert projects["per_year"] == [
        {"year": year, **{key: counts[key] for key in keys}}
        for year, counts in sorted(demo_city["years"].items())
    ]
    for key, areas, without in (
        ("by_district", demo_city["districts"], "without_district"),
        ("by_topic", demo_city["topics"], "without_topic"),
    ):
        assert {row["slug"]: row["count"] for row in projects[key]} == {
            slug: sum(counts.values()) for slug, counts in areas.items()
        }
        assert {row["slug"]: row["by_stage"] for row in projects[key]} == {
            slug: {stage: counts[stage] for stage in STAGES} for slug, counts in areas.items()
        }
        assert projects[without] == sum(demo_city[without].values())
    assert all({"slug", "name", "name_en"} <= set(row) for row in projects["by_topic"])
    assert document["people"] == demo_city["people"]
    assert document["mentorships"] == demo_city["mentorships"]
    assert document["funds"] == [
        {"year": year, **row} for year, row in sorted(demo_city["funds"].items())
    ]

    def ints(value: Any) -> bool:
        if isinstance(value, dict):
            return all(ints(v) for k, v in value.items() if k not in ("slug", "name", "name_en"))
        if isinstance(value, list):
            return all(ints(v) for v in value)
        return type(value) is int

    assert ints(document)


def test_the_document_names_no_person(demo_city):
    text = json.dumps(statistics_document(), ensure_ascii=False)
    for user in db.session.scalars(select(User)):
        assert user.email not in text
        assert user.display_name not in text


# --- what is counted ------------------------------------------------------------------------


def test_drafts_and_hidden_projects_are_not_counted(app, ctx):
    district, topic = DistrictFactory(name="Johannstadt"), TopicFactory(name_en="Water")
    shown = make_project(members=2, districts=[district], topics=[topic])
    hidden = make_project(
        members=4,
        phase=Phase.IMPLEMENTATION,
        districts=[district],
        topics=[topic],
        hidden_at=utcnow(),
        hidden_reason="Spam",
    )
    draft = make_project(members=1, state=ProjectState.DRAFT, districts=[district], topics=[topic])
    for project in (hidden, draft):
        db.session.add(Support(project_id=project.id, user_id=UserFactory().id))
        add_mentor(project)
    db.session.add(Support(project_id=shown.id, user_id=UserFactory().id))
    db.session.commit()

    document = statistics_document()
    projects = document["projects"]
    assert projects["total"] == 1
    assert projects["by_stage"] == {**dict.fromkeys(STAGES, 0), "initiation": 1}
    [johannstadt] = [row for row in projects["by_district"] if row["slug"] == district.slug]
    assert johannstadt["count"] == 1
    assert document["people"] == {
        "supports": 1,
        "supporters": 1,
        "team_memberships": 3,
        "team_members": 3,
        "people": 4,
    }
    assert document["mentorships"]["active"] == 0

    _html, tables = statistics_page(app)
    assert body_rows(tables["Public projects per district, by where they stand now"])[
        "Johannstadt"
    ] == ["1", "0", "0", "0", "0", "1"]
    assert number(body_rows(tables["Public projects by where they stand now"])["Total"][0]) == 1


def _published(when: datetime, **fields: Any) -> Project:
    project = make_project(**fields)
    project.published_at = when
    db.session.commit()
    return project


def test_a_projects_year_is_the_year_of_publication_in_the_citys_time_zone(ctx):
    # 23:05 UTC on New Year's Eve is already the new year in Germany; 22:55 is not.
    _published(datetime(2025, 12, 31, 23, 5, tzinfo=UTC))
    _published(
        datetime(2025, 12, 31, 22, 55, tzinfo=UTC),
        phase=Phase.IMPLEMENTATION,
        state=ProjectState.COMPLETED,
    )
    _published(datetime(2023, 6, 1, tzinfo=UTC), phase=Phase.DEVELOPMENT)
    per_year = statistics_document()["projects"]["per_year"]
    assert [(row["year"], row["published"]) for row in per_year] == [
        (2023, 1),
        (2024, 0),
        (2025, 1),
        (2026, 1),
    ]
    assert per_year[0]["reached_development"] == 1
    assert per_year[0]["reached_implementation"] == 0
    assert per_year[2] == {
        "year": 2025,
        "published": 1,
        "reached_development": 1,
        "reached_implementation": 1,
        "completed": 1,
    }
    assert per_year[3]["reached_development"] == 0


def test_district_names_are_text_in_the_charts(app, ctx):
    make_project(districts=[DistrictFactory(name='<b onmouseover="x()">Süd</b>')])
    html, _tables = statistics_page(app)
    assert "&lt;b onmouseover=&#34;x()&#34;&gt;Süd&lt;/b&gt;" in html
    assert "<b onmouseover" not in html


def test_a_fresh_installation_shows_empty_states(app, ctx):
    document = statistics_document()
    assert document["projects"]["total"] == 0
    assert document["projects"]["per_year"] == [] and document["funds"] == []
    assert set(document["people"].values()) == {0}
    response = get(browser(app), "/statistics")
    html, text = response.get_data(as_text=True), text_of(response)
    assert "<svg" not in html and "<table" not in html
    for sentence in (
        "No project has been published yet.",
        "There are no projects in any district yet.",
        "There are no projects under any topic yet.",
        "No one supports a project or belongs to a project team yet.",
        "No project has had a mentor yet.",
        "No fund has been set up yet.",
    ):
        assert sentence in text


def test_the_page_needs_the_same_number_of_queries_for_more_projects(app, count_queries):
    districts = [DistrictFactory() for _ in range(3)]
    topics = [TopicFactory() for _ in range(3)]
    fund = make_fund(year=utcnow().year)
    client = browser(app)

    def add(n: int) -> None:
        for i in range(n):
            project = _published(
                datetime(2020 + i % 6, 3, 1, tzinfo=UTC),
                members=2,
                phase=list(Phase)[i % 3],
                districts=districts[: 1 + i % 3],
                topics=topics[i % 3 :],
            )
            db.session.add(Support(project_id=project.id, user_id=UserFactory().id))
            db.session.commit()
            add_mentor(project)
            make_application(project, fund, FundStatus.APPROVED, approved_cents=1_000_00)
        make_fund(year=2000 + n)

    add(2)
    client.get("/statistics")
    count_queries.statements.clear()
    assert client.get("/statistics").status_code == 200
    few = count_queries.count
    add(12)
    count_queries.statements.clear()
    response = client.get("/statistics")
    assert response.status_code == 200
    assert count_queries.count == few, count_queries.statements
    assert "2025" in text_of(response)
