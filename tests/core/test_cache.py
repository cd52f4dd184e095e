"""The statistics are kept in the cache for ``STATISTICS_MAX_AGE`` seconds, counted again when
older, and counted ahead by ``flask civic refresh-cache``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from civic.core.models import CacheEntry
from civic.db import db
from civic.opendata.stats import CACHE_KEY
from civic.projects.workflow import ProjectState
from tests.factories import make_project
from tests.helpers import text_of


@pytest.fixture
def kept(app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "STATISTICS_MAX_AGE", 600)


def _total(client) -> int:
    return client.get("/api/v1/statistics").get_json()["projects"]["total"]


def test_figures_are_kept_then_counted_again_when_too_old(client, kept):
    make_project(state=ProjectState.ACTIVE)
    db.session.commit()
    assert _total(client) == 1
    make_project(state=ProjectState.ACTIVE)
    db.session.commit()
    # Kept: the second project is not counted yet, and the page says when they were counted.
    assert _total(client) == 1
    assert "Diese wurden am" in text_of(client.get("/statistics"))
    entry = db.session.get(CacheEntry, CACHE_KEY)
    entry.computed_at -= timedelta(seconds=601)
    db.session.commit()
    assert _total(client) == 2


def test_the_cron_command_counts_ahead(app, client, kept):
    make_project(state=ProjectState.ACTIVE)
    db.session.commit()
    assert _total(client) == 1
    make_project(state=ProjectState.COMPLETED)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["civic", "refresh-cache"])
    assert result.exit_code == 0, result.output
    assert "2 public project(s)" in result.output
    assert _total(client) == 2


def test_without_a_maximum_age_every_request_counts(client):
    make_project(state=ProjectState.ACTIVE)
    db.session.commit()
    assert _total(client) == 1
    make_project(state=ProjectState.ACTIVE)
    db.session.commit()
    assert _total(client) == 2
    assert db.session.get(CacheEntry, CACHE_KEY) is None
