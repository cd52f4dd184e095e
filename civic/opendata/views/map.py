"""The map of projects and the GeoJSON that feeds it.

The map page asks nothing of another host until the visitor asks for the map: it names the
tile server and what loading from it means, and offers a button (``static/js/map.js``). Below
the map, always, the same projects as a list. Pages that may show tiles allow images from the
tile server in their Content-Security-Policy, and no other page does.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for

from civic.core import security
from civic.opendata import geo
from civic.opendata.views import bp
from civic.projects import queries
from civic.projects.views.browse import filter_context

# The project form offers a small map for choosing the place.
MAP_PAGES = ("opendata.map", "projects.new", "projects.edit")
for _endpoint in MAP_PAGES:
    security.IMAGE_ORIGINS[_endpoint] = geo.tile_origin


# The query parameters of the project list's filters, passed on to the GeoJSON.
FILTER_ARGS = ("q", "phase", "state", "district", "topic", "needs")


def _filter_args() -> dict[str, str]:
    return {k: request.args[k] for k in FILTER_ARGS if request.args.get(k)}


@bp.route("/map", endpoint="map")
def map_page() -> Any:
    filters = queries.filters_from_args(request.args)
    page = geo.located_projects_page(filters, request.args.get("after"), request.args.get("before"))
    return render_template(
        "opendata/map.html",
        page=page,
        filters=filters,
        tiles=geo.tile_server(),
        filter_args=_filter_args(),
        geojson_url=url_for("opendata.projects_geojson", **_filter_args()),
        **filter_context(),
    )


@bp.route("/open-data/projects.geojson")
def projects_geojson() -> Any:
    """Listed projects with a place, as GeoJSON; takes the filters of the project list."""
    filters = queries.filters_from_args(request.args)
    return geo.geojson_response(geo.project_features(filters), filename="projects.geojson")


@bp.app_template_global("map_tiles")
def map_tiles() -> geo.TileServer | None:
    """The tile server for templates (the project form's place picker)."""
    return geo.tile_server()


@bp.app_template_global("map_url")
def map_url() -> str:
    """The map page with the filters of the current page (the project list links to it)."""
    return url_for("opendata.map", **_filter_args())
