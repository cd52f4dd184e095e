"""Lists longer than the count limit: they say "more than …" instead of counting every row, in
the HTML pages and in the API, and their first and deep pages read the same few rows."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from civic.core import pagination
from civic.db import db, utcnow
from civic.participation.models import Comment
from civic.projects.workflow import ProjectState
from tests.factories import UserFactory, make_project
from tests.helpers import text_of

LIMIT = 3


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "COUNT_LIMIT", LIMIT)


def _projects(count: int, **fields: object) -> None:
    for number in range(count):
        make_project(title=f"Trinkbrunnen Nummer {number}", **fields)
    db.session.commit()


def test_the_project_list_counts_exactly_up_to_the_limit(client, small_limit):
    _projects(LIMIT)
    assert "3 Projekte gefunden" in text_of(client.get("/projects"))
    answer = client.get("/api/v1/projects").get_json()
    assert (answer["total"], answer["total_exact"]) == (3, True)


def test_beyond_the_limit_the_list_says_more_than(client, small_limit):
    _projects(LIMIT + 2)
    page = text_of(client.get("/projects"))
    assert "Mehr als 3 Projekte gefunden" in page
    # Every project can still be reached, page by page.
    seen, url = set(), "/api/v1/projects?limit=2"
    while url:
        answer = client.get(url).get_json()
        assert (answer["total"], answer["total_exact"]) == (3, False)
        seen |= {item["id"] for item in answer["items"]}
        url = answer["next_cursor"] and f"/api/v1/projects?cursor={answer['next_cursor']}"
    assert len(seen) == LIMIT + 2


def test_search_results_beyond_the_limit(client, small_limit):
    _projects(LIMIT + 1)
    page = text_of(client.get("/projects?q=Trinkbrunnen"))
    assert "Mehr als 3 Projekte gefunden für „Trinkbrunnen“" in page
    answer = client.get("/api/v1/projects?q=Trinkbrunnen").get_json()
    assert (answer["total"], answer["total_exact"]) == (3, False)


def test_a_long_discussion_says_more_than(client, small_limit):
    project = make_project(state=ProjectState.ACTIVE)
    author = UserFactory()
    db.session.commit()
    now = utcnow()
    db.session.execute(
        insert(Comment),
        [
            {
                "project_id": project.id,
                "author_id": author.id,
                "body_markdown": f"Beitrag {n}",
                "body_html": f"<p>Beitrag {n}</p>",
                "created_at": now,
            }
            for n in range(LIMIT + 1)
        ],
    )
    db.session.commit()
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "Kommentare (mehr als 3)" in page
    assert "Mehr als 3 Kommentare" in text_of(client.get(f"/projects/{project.id}/comments"))
