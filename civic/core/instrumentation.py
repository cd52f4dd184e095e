"""Measuring the platform under load (see bench/ and the README's *Benchmark*).

Both parts are off unless configured, and the benchmark switches them on:

- ``QUERY_COUNT_HEADER``: every response says in ``X-Query-Count`` how many SQL statements the
  request ran, so the benchmark can report queries per request for each page.
- ``BENCH_BASELINE_ROUTE``: ``/_bench/baseline`` renders the base layout without any query, the
  yardstick every page's throughput is compared with.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, g, has_request_context, render_template
from sqlalchemy import event
from sqlalchemy.engine import Engine

from civic.core.site import default_settings

bp = Blueprint("bench", __name__)


@bp.route("/_bench/baseline")
def baseline() -> str:
    # The settings the layout shows, without asking the database for them.
    g.civic_settings = default_settings()
    return render_template("core/baseline.html")


def _count(*_args: Any) -> None:
    if has_request_context():
        g.civic_query_count = g.get("civic_query_count", 0) + 1


def register(app: Flask) -> None:
    if app.config.get("BENCH_BASELINE_ROUTE"):
        app.register_blueprint(bp)
    if not app.config.get("QUERY_COUNT_HEADER"):
        return
    # On the Engine class: a process that measures runs one application.
    if not event.contains(Engine, "before_cursor_execute", _count):
        event.listen(Engine, "before_cursor_execute", _count)

    @app.after_request
    def _header(response: Response) -> Response:
        response.headers["X-Query-Count"] = str(g.get("civic_query_count", 0))
        return response
