"""The open data page, the downloads (CSV, GeoJSON) and the Atom feeds of new projects (all,
per district, per topic) and of upcoming events.

Downloads are streamed: the response body is a generator that reads the rows in batches
(``civic.opendata.exports``), so a large file never sits in memory. Every download names its
licence in a ``Link: <…>; rel="license"`` header."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import (
    Response,
    abort,
    get_template_attribute,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from civic.core import atom
from civic.core.atom import external_url
from civic.core.models import District, Topic
from civic.core.site import get_settings
from civic.events.models import Event
from civic.opendata import exports, geo
from civic.opendata.licence import data_licence
from civic.opendata.views import bp
from civic.projects.models import Project
from civic.projects.queries import filters_from_args

CSV_MIMETYPE = "text/csv; charset=utf-8"


def download(chunks: Iterator[str], content_type: str, filename: str) -> Response:
    """A streamed file download with its licence."""
    response = Response(stream_with_context(chunks), content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Link"] = f'<{data_licence().url}>; rel="license"'
    return response


@bp.route("/open-data")
def index() -> Any:
    settings = get_settings()
    locale = str(get_locale())
    topics = sorted(exports.topics(), key=lambda t: t.name_for(locale).lower())
    return render_template(
        "opendata/index.html",
        licence=data_licence(),
        attribution=f"{settings.platform_name}, {settings.city_name}",
        districts=exports.districts(),
        topics=topics,
        project_columns=exports.PROJECT_COLUMNS,
        decision_columns=exports.FUND_DECISION_COLUMNS,
    )


@bp.route("/open-data/projects.csv")
def projects_csv() -> Any:
    """The projects of the list, with the list's filters (``district``, ``topic``, ``phase``,
    ``state``, ``needs``, ``q``); unknown values are ignored, as on the list."""
    filters = filters_from_args(request.args)
    return download(exports.projects_csv(filters), CSV_MIMETYPE, "projekte.csv")


@bp.route("/open-data/fund-decisions.csv")
def fund_decisions_csv() -> Any:
    return download(exports.fund_decisions_csv(), CSV_MIMETYPE, "fonds-entscheidungen.csv")


@bp.route("/open-data/fund-decisions.geojson")
def fund_decisions_geojson() -> Any:
    return download(
        geo.stream_feature_collection(exports.fund_decision_features()),
        geo.GEOJSON_MIMETYPE,
        "fonds-entscheidungen.geojson",
    )


# --- Atom feeds --------------------------------------------------------------------------------


def _project_entry(project: Project) -> atom.Entry:
    content = get_template_attribute("opendata/_feed_entries.html", "project")
    return atom.Entry(
        link=external_url("projects.detail", project_id=project.id),
        title=project.title,
        published=project.published_at,
        updated=project.published_at or project.created_at,
        author=exports.initiators(project),
        content=str(content(project)),
        categories=[d.name for d in project.districts]
        + [t.name_for(str(get_locale())) for t in project.topics],
    )


def _projects_feed(title: str, self_link: str, page_link: str, projects: list[Project]) -> Any:
    return atom.feed(
        title,
        self_link,
        page_link,
        [_project_entry(p) for p in projects],
        author=get_settings().platform_name,
    )


@bp.route("/projects.atom")
def projects_feed() -> Any:
    return _projects_feed(
        _("New projects on %(platform)s", platform=get_settings().platform_name),
        external_url("opendata.projects_feed"),
        external_url("projects.index"),
        exports.newest_projects(),
    )


@bp.route("/districts/<slug>/projects.atom")
def district_projects_feed(slug: str) -> Any:
    district: District | None = exports.district_by_slug(slug)
    if district is None:
        abort(404)
    return _projects_feed(
        _("New projects in %(district)s", district=district.name),
        external_url("opendata.district_projects_feed", slug=district.slug),
        external_url("projects.index", district=district.slug),
        exports.newest_projects(district=district),
    )


@bp.route("/topics/<slug>/projects.atom")
def topic_projects_feed(slug: str) -> Any:
    topic: Topic | None = exports.topic_by_slug(slug)
    if topic is None:
        abort(404)
    return _projects_feed(
        _("New projects on the topic %(topic)s", topic=topic.name_for(str(get_locale()))),
        external_url("opendata.topic_projects_feed", slug=topic.slug),
        external_url("projects.index", topic=topic.slug),
        exports.newest_projects(topic=topic),
    )


def _event_entry(event: Event) -> atom.Entry:
    content = get_template_attribute("opendata/_feed_entries.html", "event")
    title = _("Cancelled: %(title)s", title=event.title) if event.is_cancelled else event.title
    return atom.Entry(
        link=external_url("events.detail", event_id=event.id),
        title=title,
        published=event.created_at,
        updated=event.updated_at,
        author=event.organiser.display_name,
        content=str(content(event)),
        categories=[event.district.name] if event.district else [],
    )


@bp.route("/events.atom")
def events_feed() -> Any:
    platform = get_settings().platform_name
    return atom.feed(
        _("Upcoming events on %(platform)s", platform=platform),
        external_url("opendata.events_feed"),
        external_url("events.index"),
        [_event_entry(e) for e in exports.upcoming_events()],
        author=platform,
    )
