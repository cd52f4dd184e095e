"""Places on the map: the tile server the city has set up, and GeoJSON (RFC 7946).

- **Tiles.** The map pictures come from a server named in the settings (``map_tile_url``, a
  template like ``https://tile.example.org/{z}/{x}/{y}.png``). Browsers ask that server only
  after the visitor asks for the map; :func:`tile_server` says what the pages need to know
  about it (its origin for the Content-Security-Policy, its host name for the notice).
- **GeoJSON.** :func:`stream_feature_collection` writes a FeatureCollection piece by piece, so
  that a download of every project costs the same memory as one of ten; :func:`feature` makes
  one Feature, :func:`geojson_response` the streamed response. :func:`project_features` yields
  the public projects that have a place, read in batches.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Response, stream_with_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, Select, select
from sqlalchemy.orm import selectinload

from civic.core import site
from civic.core.atom import external_urls
from civic.core.pagination import KeysetPage, keyset_paginate
from civic.db import db
from civic.opendata.licence import data_licence
from civic.projects import search
from civic.projects.models import Project
from civic.projects.queries import SORTS, Filters, _filtered_projects, district_names
from civic.projects.workflow import PHASE_LABELS, Phase

GEOJSON_MIMETYPE = "application/geo+json"
# Rows read per query while streaming, and bytes written per chunk.
BATCH_SIZE = 500
CHUNK_SIZE = 64 * 1024

# --- the tile server ---------------------------------------------------------------------------

# What Leaflet fills into a tile address: the zoom and tile numbers, a subdomain ({s}, only as
# the first part of the host name) and "@2x" on high-resolution screens ({r}).
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KNOWN_PLACEHOLDERS = {"z", "x", "y", "s", "r"}
# Plain http only for a tile server on the same machine (a test or a local mirror).
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
HOST_NAME = re.compile(
    r"^(\{s\}\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"
)
UNSAFE = re.compile(r"[\s\"'<>\\;,`^|]")


@dataclass(frozen=True)
class TileServer:
    url: str
    attribution: str
    # Scheme, host and port, as the Content-Security-Policy names it (with *. for {s}).
    origin: str
    # The host name shown in the notice to visitors.
    host: str
    latitude: float
    longitude: float
    zoom: int


def tile_url_error(url: str) -> Any:
    """Why a tile address cannot be used (a lazy message), or None when it can."""
    if UNSAFE.search(url) or any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return _l("The address must not contain spaces, quotes or the characters ; , < > \\ |.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _l("Please enter a valid web address.")
    host = (parts.hostname or "").lower()
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        pass
    elif parts.scheme != "https":
        return _l("The address must start with https:// (http:// only for localhost).")
    if not host or parts.username is not None or parts.password is not None:
        return _l(
            "Please enter a valid web address, e.g. https://tile.example.org/{z}/{x}/{y}.png."
        )
    if not HOST_NAME.match(host) or port == 0:
        return _l("The server name is not valid.")
    names = PLACEHOLDER.findall(url)
    if not {"z", "x", "y"} <= set(names):
        return _l(
            "The address must contain {z}, {x} and {y}, "
            "e.g. https://tile.example.org/{z}/{x}/{y}.png."
        )
    if set(names) - KNOWN_PLACEHOLDERS or "{s}" in f"{parts.path}?{parts.query}":
        return _l(
            "Only {z}, {x}, {y}, {r} and, at the start of the server name, {s} can be filled in."
        )
    if PLACEHOLDER.sub("", url).count("{") or PLACEHOLDER.sub("", url).count("}"):
        return _l("Please check the curly brackets in the address.")
    return None


def tile_server() -> TileServer | None:
    """The city's tile server, or None when it has set up no map (or an unusable address)."""
    settings = site.get_settings()
    url = (settings.map_tile_url or "").strip()
    if not url or tile_url_error(url) is not None:
        return None
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    return TileServer(
        url=url,
        attribution=settings.map_attribution,
        origin=f"{parts.scheme}://{netloc.replace('{s}.', '*.')}",
        host=(parts.hostname or "").lower().replace("{s}.", ""),
        latitude=settings.map_latitude,
        longitude=settings.map_longitude,
        zoom=settings.map_zoom,
    )


def tile_origin() -> str:
    """The tile server's origin for the Content-Security-Policy ("" without a map)."""
    tiles = tile_server()
    return tiles.origin if tiles is not None else ""


# --- GeoJSON -----------------------------------------------------------------------------------


def feature(
    longitude: float, latitude: float, properties: dict[str, Any], feature_id: Any = None
) -> dict[str, Any]:
    """A GeoJSON Feature with a Point; GeoJSON puts the longitude first."""
    result: dict[str, Any] = {"type": "Feature"}
    if feature_id is not None:
        result["id"] = feature_id
    result["geometry"] = {
        "type": "Point",
        "coordinates": [round(longitude, 6), round(latitude, 6)],
    }
    result["properties"] = properties
    return result


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def stream_feature_collection(features: Iterable[dict[str, Any]], **members: Any) -> Iterator[str]:
    """A FeatureCollection as pieces of text, written as the features come. The licence of the
    data and any further ``members`` are foreign members of the collection."""
    licence = data_licence()
    head = {
        "type": "FeatureCollection",
        "license": {"name": licence.name, "url": licence.url},
        **members,
    }
    buffer = [_dumps(head)[:-1] + ',"features":[']
    size = len(buffer[0])
    first = True
    for item in features:
        text = ("" if first else ",") + _dumps(item)
        first = False
        buffer.append(text)
        size += len(text)
        if size >= CHUNK_SIZE:
            yield "".join(buffer)
            buffer, size = [], 0
    buffer.append("]}\n")
    yield "".join(buffer)


def geojson_response(
    features: Iterable[dict[str, Any]], filename: str | None = None, **members: Any
) -> Response:
    """The streamed response of a FeatureCollection (``application/geo+json``). The features
    may be a generator reading the database: it runs inside the request's context."""
    response = Response(
        stream_with_context(stream_feature_collection(features, **members)),
        mimetype=GEOJSON_MIMETYPE,
    )
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _located(filters: Filters, stmt: Select[Any] | None = None) -> Select[Any]:
    """``stmt`` (the projects, or some of their columns) narrowed to the listed projects that
    have a place and match the filters."""
    stmt = _filtered_projects(select(Project) if stmt is None else stmt, filters).where(
        Project.latitude.is_not(None), Project.longitude.is_not(None)
    )
    if filters.q:
        stmt, _order = search.apply_search(stmt, filters.q)
    return stmt


def _in_batches(stmt: Select[Any]) -> Iterator[list[Row[Any]]]:
    """The rows of ``stmt`` by ascending project id, BATCH_SIZE at a time (keyset batches: no
    server-side cursor stays open while the response is written)."""
    size = BATCH_SIZE
    last_id = 0
    while True:
        rows = list(
            db.session.execute(stmt.where(Project.id > last_id).order_by(Project.id).limit(size))
        )
        if rows:
            yield rows
        if len(rows) < size:
            return
        last_id = rows[-1].id


# What the GeoJSON reads of a project: plain rows, not ORM objects, so that the file of every
# project is written quickly as well as in constant memory.
FEATURE_FIELDS = (
    Project.id,
    Project.title,
    Project.summary,
    Project.phase,
    Project.state,
    Project.location_name,
    Project.latitude,
    Project.longitude,
)


def project_feature(
    row: Row[Any], districts: list[str], phase_labels: dict[Phase, str], url: Callable[[int], str]
) -> dict[str, Any]:
    """The Feature of a project (a row of ``FEATURE_FIELDS``) at its place."""
    assert row.longitude is not None and row.latitude is not None
    return feature(
        row.longitude,
        row.latitude,
        {
            "id": row.id,
            "title": row.title,
            "summary": row.summary,
            "phase": row.phase.value,
            "phase_label": phase_labels[row.phase],
            "state": row.state.value,
            "place": row.location_name,
            "url": url(row.id),
            "districts": districts,
        },
        feature_id=row.id,
    )


def project_features(filters: Filters) -> Iterator[dict[str, Any]]:
    """Features of the listed projects that have a place and match the filters (never a
    draft, never a project hidden by moderation), two queries per batch."""
    # Written once per download, in the reader's language.
    phase_labels = {phase: str(label) for phase, label in PHASE_LABELS.items()}
    url = external_urls("projects.detail", "project_id")
    for rows in _in_batches(_located(filters, select(*FEATURE_FIELDS))):
        districts = district_names([row.id for row in rows])
        for row in rows:
            lat, lon = row.latitude, row.longitude
            if lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon):
                yield project_feature(row, districts.get(row.id, []), phase_labels, url)


def located_projects_page(
    filters: Filters, after: str | None, before: str | None, per_page: int = 20
) -> KeysetPage[Project]:
    """The same projects as the map shows, as a list page (newest first unless sorted)."""
    keys = SORTS.get(filters.sort, SORTS["newest"])
    return keyset_paginate(
        _located(filters).options(selectinload(Project.districts)),
        keys,
        key_of=lambda p: tuple(getattr(p, k.key) for k in keys),
        after=after,
        before=before,
        per_page=per_page,
    )
