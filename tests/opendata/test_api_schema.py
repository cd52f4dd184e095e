"""Schemathesis against /api/v1/openapi.json: for every operation it sends valid and invalid
parameters, and checks that the API answers what its document promises (status codes,
content types, headers, response schemas; 400 for invalid values, never 400 or 500 for
valid ones). The demo city gives the lists something to show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi import unregister_string_format

from civic.core import demo


def _cursors(client, path: str, queries: list[str]) -> list[str]:
    """Real next-page cursors of a list, one for each of these queries."""
    found = []
    for query in queries:
        cursor = client.get(f"{path}?limit=1&{query}").get_json()["next_cursor"]
        assert cursor, f"{path}?{query} has a single page"
        found.append(cursor)
    return found


@pytest.fixture
def api_schema(app: Flask, ctx) -> Iterator[schemathesis.BaseSchema]:
    demo.load()
    client = app.test_client()
    # A cursor is opaque, and only one the API made is valid: its format in the document names
    # which list it belongs to, and these strategies give Schemathesis real ones.
    project_cursors = _cursors(
        client,
        "/api/v1/projects",
        ["sort=newest", "sort=supporters", "sort=active&phase=development", "q=Garten"],
    )
    event_cursors = _cursors(client, "/api/v1/events", ["when=upcoming", "when=past"])
    schemathesis.openapi.format("projects-cursor", st.sampled_from(project_cursors))
    schemathesis.openapi.format("events-cursor", st.sampled_from(event_cursors))
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    finally:
        unregister_string_format("projects-cursor")
        unregister_string_format("events-cursor")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """Schemathesis 4.32 reads and sets ``_nodeid`` on the test item to name each operation in
    reports; pytest 9 keeps the id elsewhere, so the item gets the attribute back."""
    request.node._nodeid = request.node.nodeid


@schema.parametrize()
@settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_to_its_document(case):
    case.call_and_validate()
