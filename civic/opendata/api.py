"""The read-only JSON API under /api/v1/.

Every answer is JSON and carries ``Access-Control-Allow-Origin: *``, so that any web page may
read the open data. All endpoints share one rate limit per client address
(``RATELIMIT_API``); past it they answer 429 with a JSON error like every other error here:
``{"error": {"code": "...", "message": "..."}}``.

Lists answer ``{"items": [...], "next_cursor": ..., "total": ..., "total_exact": ...}``; the
total is counted up to 1,000 (``total_exact`` is false beyond). A cursor is opaque to clients:
it remembers the filters, the order, the search words and the page size of the first request,
so that the next page is asked for with ``cursor`` alone (other parameters are
then still checked, but the cursor's win). Unlike the HTML pages, which ignore what they do
not understand, the API answers a bad parameter value with 400 and says what is wrong;
parameters it does not know are ignored.

The document describing all this is :mod:`civic.opendata.openapi`, at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from civic.core.errors import api_error
from civic.core.models import District, Topic
from civic.core.pagination import Page
from civic.db import db
from civic.events import queries as event_queries
from civic.extensions import limiter
from civic.fund import queries as fund_queries
from civic.opendata import openapi
from civic.opendata import serializers as out
from civic.opendata.stats import current_statistics, statistics_document
from civic.projects import queries as project_queries
from civic.projects.models import Project
from civic.projects.search import MAX_QUERY_LENGTH
from civic.projects.workflow import Phase, ProjectState

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# One budget per client address for the whole API.
limiter.shared_limit(lambda: current_app.config["RATELIMIT_API"], scope="api")(bp)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_CURSOR_LENGTH = 2000
MAX_PAGE = 100_000

PHASES = tuple(phase.value for phase in Phase)
# A draft is never public; without ``state`` the list shows what the HTML list shows.
STATES = tuple(state.value for state in ProjectState if state in project_queries.PUBLIC_STATES)
SORTS = tuple(project_queries.SORTS)
NEEDS = ("0", "1")
WHEN = ("upcoming", "past")

PROJECT_FILTERS = ("phase", "state", "district", "topic", "needs", "sort", "q")
EVENT_FILTERS = ("when", "district")


class BadParameter(Exception):
    """A query parameter the API cannot answer; the message says why, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter) -> Any:
    return api_error(400, "invalid_parameter", error.message)


@bp.after_app_request
def _cors(response: Response) -> Response:
    """Any web page may read the API (it holds only public data and no cookie matters)."""
    if request.path.startswith(f"{bp.url_prefix}/"):
        headers = response.headers
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Expose-Headers"] = (
            "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
        )
        if request.method == "OPTIONS":
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            headers["Access-Control-Max-Age"] = "86400"
    return response


# --- parameters --------------------------------------------------------------------------------


def _shown(value: str) -> str:
    value = value.replace("\x00", "")
    return value if len(value) <= 40 else value[:40] + "…"


def _choice(args: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if value not in allowed:
        raise BadParameter(
            _(
                "“%(value)s” is not a valid value of the parameter “%(name)s”; "
                "use one of: %(allowed)s.",
                value=_shown(value),
                name=name,
                allowed=", ".join(allowed),
            )
        )
    return value


def _district(args: Mapping[str, str]) -> District | None:
    slug = args.get("district")
    if slug is None:
        return None
    # PostgreSQL refuses NUL characters in a query parameter; no slug contains one.
    district = None
    if "\x00" not in slug:
        district = db.session.scalar(select(District).where(District.slug == slug))
    if district is None:
        raise BadParameter(
            _(
                "There is no district “%(slug)s”; /api/v1/districts lists them.",
                slug=_shown(slug),
            )
        )
    return district


def _topic(args: Mapping[str, str]) -> Topic | None:
    slug = args.get("topic")
    if slug is None:
        return None
    topic = None
    if "\x00" not in slug:
        topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise BadParameter(
            _("There is no topic “%(slug)s”; /api/v1/topics lists them.", slug=_shown(slug))
        )
    return topic


def _search_words(args: Mapping[str, str]) -> str:
    raw = args.get("q") or ""
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadParameter(
            _(
                "The search words (parameter “q”) may be at most %(max)d characters long.",
                max=MAX_QUERY_LENGTH,
            )
        )
    return " ".join(raw.replace("\x00", "").split())


def _limit(args: Mapping[str, str]) -> int:
    raw = args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and 1 <= int(raw) <= MAX_LIMIT):
        raise BadParameter(
            _(
                "The parameter “limit” must be a whole number from 1 to %(max)d.",
                max=MAX_LIMIT,
            )
        )
    return int(raw)


def _project_filters(args: Mapping[str, str]) -> project_queries.Filters:
    phase = _choice(args, "phase", PHASES)
    state = _choice(args, "state", STATES)
    needs = _choice(args, "needs", NEEDS)
    sort = _choice(args, "sort", SORTS)
    q = _search_words(args)
    return project_queries.Filters(
        phase=Phase(phase) if phase else None,
        state=ProjectState(state) if state else None,
        district=_district(args),
        topic=_topic(args),
        open_needs=needs == "1",
        # A search is ordered by relevance unless another order is asked for.
        sort=sort or ("relevance" if q else "newest"),
        q=q,
    )


def _event_filters(args: Mapping[str, str]) -> event_queries.Filters:
    when = _choice(args, "when", WHEN)
    return event_queries.Filters(past=when == "past", district=_district(args))


# --- cursors -----------------------------------------------------------------------------------
# A cursor is URL-safe base64 of a small JSON object: the list it belongs to ("k"), the filter
# parameters of the first request ("f"), the page size ("l") and the position: the keyset
# cursor of the project list after its last item ("a"), or the number of the next page ("p").


def _encode_cursor(kind: str, args: dict[str, str], limit: int, **position: Any) -> str:
    state = {"k": kind, "f": args, "l": limit, **position}
    raw = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _invalid_cursor() -> BadParameter:
    return BadParameter(
        _(
            "The cursor is not valid. Pass the next_cursor of an earlier answer unchanged, "
            "or leave the parameter out to start at the beginning."
        )
    )


def _position(state: dict[str, Any]) -> dict[str, Any] | None:
    """The position a cursor holds: ``{"a": keyset cursor}`` or ``{"p": page number}``."""
    extra = set(state) - {"k", "f", "l"}
    if extra == {"a"} and isinstance(state["a"], str) and state["a"]:
        return {"a": state["a"]}
    if extra == {"p"} and type(state["p"]) is int and 2 <= state["p"] <= MAX_PAGE:
        return {"p": state["p"]}
    return None


def _decode_cursor(
    cursor: str, kind: str, filter_names: tuple[str, ...]
) -> tuple[dict[str, str], int, dict[str, Any]]:
    """The filter parameters, the page size and the position a cursor holds; 400 for anything
    that is not a cursor this list made."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise _invalid_cursor()
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        raise _invalid_cursor() from None
    if not isinstance(state, dict) or state.get("k") != kind:
        raise _invalid_cursor()
    args, limit, position = state.get("f"), state.get("l"), _position(state)
    if (
        not isinstance(args, dict)
        or not all(name in filter_names and isinstance(v, str) for name, v in args.items())
        or type(limit) is not int
        or not 1 <= limit <= MAX_LIMIT
        or position is None
    ):
        raise _invalid_cursor()
    return args, limit, position


def _list_request(
    kind: str, filter_names: tuple[str, ...], parse: Callable[[Mapping[str, str]], Any]
) -> tuple[Any, dict[str, str], int, dict[str, Any]]:
    """The filters, their parameters, the page size and the position of a list request."""
    # Every parameter given is checked, even when a cursor takes their place.
    filters = parse(request.args)
    limit = _limit(request.args)
    args = {name: request.args[name] for name in filter_names if name in request.args}
    cursor = request.args.get("cursor")
    if cursor is None:
        return filters, args, limit, {}
    args, limit, position = _decode_cursor(cursor, kind, filter_names)
    try:
        filters = parse(args)
    except BadParameter:
        raise _invalid_cursor() from None
    return filters, args, limit, position


def _numbered(
    kind: str, found: Page[Any], number: int, args: dict[str, str], limit: int
) -> tuple[list[Any], str | None, tuple[int, bool]]:
    """The rows of a numbered page and the cursor of the next one. Past the last page there is
    nothing (the HTML pager would show the last page again)."""
    rows = found.items if found.page == number else []
    more = rows and found.has_next and number < MAX_PAGE
    next_cursor = _encode_cursor(kind, args, limit, p=number + 1) if more else None
    return rows, next_cursor, (found.total, not found.more)


def _project_rows(
    filters: project_queries.Filters, args: dict[str, str], limit: int, position: dict[str, Any]
) -> tuple[list[Project], str | None, tuple[int, bool]]:
    if filters.q:
        # Search hits are ordered by relevance: numbered pages.
        if "a" in position:
            raise _invalid_cursor()
        number = position.get("p", 1)
        found = project_queries.search_results(filters, number, per_page=limit)
        return _numbered("projects", found, number, args, limit)
    if "p" in position:
        raise _invalid_cursor()
    after = position.get("a")
    keyset = project_queries.project_list(filters, after=after, before=None, per_page=limit)
    # The list starts again at the top when it cannot read a position: refuse that instead.
    if after is not None and keyset.items and keyset.prev_cursor is None:
        raise _invalid_cursor()
    more = keyset.next_cursor
    next_cursor = _encode_cursor("projects", args, limit, a=more) if more else None
    return keyset.items, next_cursor, (keyset.total, not keyset.more)


def _page(
    items: list[dict[str, Any]], next_cursor: str | None, total: tuple[int, bool]
) -> Response:
    """A list answer; ``total`` is the count and whether it is exact."""
    count, exact = total
    return jsonify(items=items, next_cursor=next_cursor, total=count, total_exact=exact)


# --- endpoints ---------------------------------------------------------------------------------


@bp.route("/openapi.json")
def openapi_document() -> Any:
    return jsonify(openapi.document(out.district_slugs(), out.topic_slugs()))


@bp.route("/projects")
def projects() -> Any:
    filters, args, limit, position = _list_request("projects", PROJECT_FILTERS, _project_filters)
    rows, next_cursor, total = _project_rows(filters, args, limit, position)
    mentors = out.mentors_of([p.id for p in rows])
    return _page([out.project_item(p, mentors[p.id]) for p in rows], next_cursor, total)


@bp.route("/projects/<int:project_id>")
def project(project_id: int) -> Any:
    found = out.public_project(project_id)
    if found is None:
        return api_error(404, "not_found", _("There is no public project with this number."))
    mentors = out.mentors_of([found.id])[found.id]
    return jsonify(
        out.project_detail(found, mentors, out.public_timeline(found), out.open_needs(found))
    )


@bp.route("/districts")
def districts() -> Any:
    items = [out.district_item(d, count) for d, count in out.districts_with_counts()]
    return jsonify(items=items)


@bp.route("/topics")
def topics() -> Any:
    items = [out.topic_item(t, count) for t, count in out.topics_with_counts()]
    return jsonify(items=items)


@bp.route("/events")
def events() -> Any:
    filters, args, limit, position = _list_request("events", EVENT_FILTERS, _event_filters)
    if "a" in position:
        raise _invalid_cursor()
    number = position.get("p", 1)
    found = event_queries.event_list(filters, number, per_page=limit)
    rows, next_cursor, total = _numbered("events", found, number, args, limit)
    return _page([out.event_item(e) for e in rows], next_cursor, total)


@bp.route("/events/<int:event_id>")
def event(event_id: int) -> Any:
    found = out.event(event_id)
    if found is None:
        return api_error(404, "not_found", _("There is no event with this number."))
    return jsonify(out.event_detail(found))


@bp.route("/funds")
def funds() -> Any:
    return jsonify(items=[out.fund_item(f) for f in fund_queries.funds()])


@bp.route("/funds/<int:year>")
def fund(year: int) -> Any:
    found = fund_queries.fund_by_year(year) if 1 <= year <= 9999 else None
    if found is None:
        return api_error(404, "not_found", _("There is no fund for this year."))
    return jsonify(out.fund_detail(found, out.public_decisions(found)))


@bp.route("/statistics")
def statistics() -> Any:
    return jsonify(statistics_document(current_statistics()[0]))
