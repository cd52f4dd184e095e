"""The downloads stream in constant memory: 100,000 projects (as CSV and as GeoJSON) and
100,000 decisions of the fund (as CSV) are exported row by row, and the Python memory a
download needs at its peak is not ten times what 10,000 rows cost.

The rows are inserted with bulk Core inserts inside the test's transaction (rolled back after
the test). The download is read through the test client chunk by chunk, as a slow client would
read it, while ``tracemalloc`` records the peak of the memory Python allocates meanwhile.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.fund.models import Application, Fund
from civic.fund.workflow import Status
from civic.projects.models import Project, project_districts, project_topics
from civic.projects.workflow import Phase, ProjectState
from tests.factories import UserFactory, make_fund

FEW = 10_000
MANY = 100_000
# Rows per bulk INSERT.
INSERT_BATCH = 5_000
PROJECTS_WITH_DECISIONS = 1_000
# The peak for MANY rows must stay below twice the peak for FEW plus SLACK (caches filled on
# the way, the interpreter's bookkeeping). Streaming holds one batch of rows (500) and one
# chunk of output: measured on SQLite and PostgreSQL, about 1-1.5 MB for FEW rows and 0.2-0.4
# MB more for MANY. Reading every row at once costs about ten times as much for ten times the
# rows (measured: 13 MB for FEW, 137 MB for MANY), far beyond the bound.
SLACK = 1024 * 1024


class City:
    """Rows of a download inserted in bulk: projects, or decisions of the fund (on a thousand
    projects, one decision per project and year: a project has one application in force per
    fund, so a hundred years' funds hold the 100,000 decisions). ``grow_to`` inserts rows until
    there are that many."""

    def __init__(self, decisions: bool = False) -> None:
        self.now = utcnow()
        districts = [District(name=f"Bezirk {i}", slug=f"bezirk-{i}") for i in range(10)]
        topics = [
            Topic(name_de=f"Thema {i}", name_en=f"Topic {i}", slug=f"thema-{i}") for i in range(10)
        ]
        db.session.add_all(districts + topics)
        self.initiator = UserFactory()
        db.session.commit()
        self.district_ids = [d.id for d in districts]
        self.topic_ids = [t.id for t in topics]
        self.next_project = (db.session.scalar(select(func.max(Project.id))) or 0) + 1
        self.next_decision = (db.session.scalar(select(func.max(Application.id))) or 0) + 1
        self.count = 0
        self.decisions = decisions
        if decisions:
            self.project_ids = self._projects(PROJECTS_WITH_DECISIONS)
            this_year = utcnow().year
            self.fund_ids = [
                make_fund(year=this_year - age, budget_cents=MANY * 100).id
                for age in range(MANY // PROJECTS_WITH_DECISIONS)
            ]
            db.session.commit()

    def grow_to(self, total: int) -> None:
        while self.count < total:
            size = min(total - self.count, INSERT_BATCH)
            if self.decisions:
                self._decide(size)
            else:
                self._projects(size)
            self.count += size
        db.session.commit()

    def _projects(self, size: int) -> range:
        ids = range(self.next_project, self.next_project + size)
        self.next_project += size
        db.session.execute(
            Project.__table__.insert(),
            [
                {
                    "id": i,
                    "title": f"Gemeinschaftsgarten Nummer {i}",
                    "summary": "Wir pflanzen, ernten und kochen gemeinsam im Viertel.",
                    "phase": Phase.DEVELOPMENT,
                    "state": ProjectState.ACTIVE,
                    "location_name": "Alaunplatz",
                    "latitude": 51.06 + (i % 1000) / 100_000,
                    "longitude": 13.75,
                    "created_by_id": self.initiator.id,
                    "supporter_count": i % 40,
                    "member_count": 3,
                    "open_need_count": i % 3,
                    "created_at": self.now,
                    "published_at": self.now - timedelta(seconds=i),
                    "last_activity_at": self.now,
                    "updated_at": self.now,
                }
                for i in ids
            ],
        )
        db.session.execute(
            project_districts.insert(),
            [{"project_id": i, "district_id": self.district_ids[i % 10]} for i in ids],
        )
        db.session.execute(
            project_topics.insert(),
            [{"project_id": i, "topic_id": self.topic_ids[i % 10]} for i in ids],
        )
        return ids

    def _decide(self, size: int) -> None:
        """Decisions in force (approved, 1 € each) on the projects in turn, a thousand per
        year's fund."""
        first = self.count
        ids = range(self.next_decision, self.next_decision + size)
        self.next_decision += size
        db.session.execute(
            Application.__table__.insert(),
            [
                {
                    "id": i,
                    "fund_id": self.fund_ids[(first + n) // PROJECTS_WITH_DECISIONS],
                    "project_id": self.project_ids[(first + n) % PROJECTS_WITH_DECISIONS],
                    "status": Status.APPROVED,
                    "title": "Saatgut und Werkzeug",
                    "requested_cents": 100,
                    "approved_cents": 100,
                    "cost_lines": [],
                    "checklist": {},
                    "contact_id": self.initiator.id,
                    "created_by_id": self.initiator.id,
                    "created_at": self.now,
                    "updated_at": self.now,
                    "submitted_at": self.now,
                    "decided_at": self.now - timedelta(seconds=i),
                    "decision_reason": "Entspricht den Kriterien.",
                }
                for n, i in enumerate(ids)
            ],
        )
        per_fund: dict[int, int] = {}
        for n in range(size):
            fund_id = self.fund_ids[(first + n) // PROJECTS_WITH_DECISIONS]
            per_fund[fund_id] = per_fund.get(fund_id, 0) + 1
        for fund_id, count in per_fund.items():
            db.session.execute(
                Fund.__table__.update()
                .where(Fund.id == fund_id)
                .values(committed_cents=Fund.committed_cents + 100 * count)
            )


def csv_rows(chunks: Iterator[bytes]) -> int:
    """Rows of a CSV file as they arrive (the header not counted; no cell holds a line end)."""
    return sum(chunk.count(b"\r\n") for chunk in chunks) - 1


def features(chunks: Iterator[bytes]) -> int:
    """Features of a GeoJSON FeatureCollection as they arrive (a chunk holds whole features)."""
    return sum(chunk.count(b'{"type":"Feature"') for chunk in chunks)


RowCounter = Callable[[Iterator[bytes]], int]


def download(app: Flask, url: str, count: RowCounter) -> tuple[int, int]:
    """The rows of a download read chunk by chunk, and the peak of Python's memory meanwhile."""
    client = app.test_client()
    tracemalloc.start()
    try:
        response = client.get(url, buffered=False)
        assert response.status_code == 200
        try:
            rows = count(iter(response.response))
        finally:
            response.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, peak


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def assert_constant_memory(app: Flask, city: City, downloads: dict[str, RowCounter]) -> None:
    """Each download of FEW and then of MANY rows: every row arrives, and the peak of memory
    for MANY is not about ten times the peak for FEW."""
    # A first download fills the caches (compiled statements, templates, settings).
    city.grow_to(1_000)
    for url, count in downloads.items():
        assert download(app, url, count)[0] == 1_000, url
    city.grow_to(FEW)
    few = {url: download(app, url, count) for url, count in downloads.items()}
    city.grow_to(MANY)
    for url, count in downloads.items():
        rows, many_peak = download(app, url, count)
        assert few[url][0] == FEW, url
        assert rows == MANY, f"{url}: {rows} of {MANY} rows arrived"
        few_peak = few[url][1]
        assert many_peak < 2 * few_peak + SLACK, (
            f"{url}: {megabytes(many_peak)} at the peak for {MANY} rows, "
            f"{megabytes(few_peak)} for {FEW}: the download holds rows in memory"
        )


# Each download streams 111,000 rows while tracemalloc records every allocation: minutes, not
# seconds, on a busy machine.
@pytest.mark.timeout(900)
def test_the_downloads_of_100000_projects_stream_in_constant_memory(app: Flask) -> None:
    assert_constant_memory(
        app,
        City(),
        {"/open-data/projects.csv": csv_rows, "/open-data/projects.geojson": features},
    )


@pytest.mark.timeout(900)
def test_the_download_of_100000_fund_decisions_streams_in_constant_memory(app: Flask) -> None:
    assert_constant_memory(app, City(decisions=True), {"/open-data/fund-decisions.csv": csv_rows})
