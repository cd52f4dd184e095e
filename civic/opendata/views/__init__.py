"""The public pages of open data, one module per part:

- ``downloads``: the open data page, CSV and GeoJSON exports, Atom feeds;
- ``map``: the map of projects and the GeoJSON that feeds it;
- ``statistics``: the statistics page with its charts.

The JSON API has its own blueprint in :mod:`civic.opendata.api`.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("opendata", __name__, template_folder="../templates")

from civic.opendata.views import downloads, map, statistics  # noqa: E402,F401
