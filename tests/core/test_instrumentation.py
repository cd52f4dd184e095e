"""What the benchmark reads from the platform: queries per request and the baseline page. Both
are off unless configured."""

from __future__ import annotations

import pytest

from civic import create_app
from tests.factories import make_project


@pytest.fixture
def measured(app):
    config = {key: app.config[key] for key in ("ENV_NAME", "BASE_URL", "SERVER_NAME")}
    return create_app(
        {
            **config,
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "UPLOAD_DIR": app.config["UPLOAD_DIR"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "QUERY_COUNT_HEADER": True,
            "BENCH_BASELINE_ROUTE": True,
        }
    )


def test_off_by_default(client):
    assert "X-Query-Count" not in client.get("/").headers
    assert client.get("/_bench/baseline").status_code == 404


def test_each_response_tells_its_number_of_queries(measured):
    make_project(title="Gezählt")
    client = measured.test_client()
    home = client.get("/projects")
    assert "Gezählt" in home.get_data(as_text=True)
    assert int(home.headers["X-Query-Count"]) >= 2
    static = client.get("/static/css/civic.css")
    static.close()
    assert static.headers["X-Query-Count"] == "0"


def test_the_baseline_renders_the_layout_without_a_query(measured):
    response = measured.test_client().get("/_bench/baseline")
    assert response.status_code == 200
    assert response.headers["X-Query-Count"] == "0"
    assert "<nav" in response.get_data(as_text=True)
