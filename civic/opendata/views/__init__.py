"""The public pages of open data, one module per part:

- ``downloads``: the open data page, CSV and GeoJSON exports, Atom feeds;
- ``map``: the map of projects and the GeoJSON that feeds it;
- ``statistics``: the statistics page with its charts.

The JSON API has its own blueprint in :mod:`civic.opendata.api`.
"""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("opendata", __name__, template_folder="../templates")

# Files of open data (CSV, GeoJSON, Atom) may be read by any web page, like the API.
OPEN_DATA_TYPES = {"text/csv", "application/geo+json", "application/atom+xml"}


@bp.after_request
def _open_to_every_origin(response: Response) -> Response:
    if response.mimetype in OPEN_DATA_TYPES:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


from civic.opendata.views import downloads, map, statistics  # noqa: E402,F401
