"""The OpenAPI 3.1 document of the API, served at ``/api/v1/openapi.json``.

Every object the API answers with is described here with ``additionalProperties: false`` and
every property required, so that a field cannot slip out unnoticed: the tests validate every
answer against this document (tests/opendata/test_api.py) and let Schemathesis try the
parameters (tests/opendata/test_api_schema.py). The districts and topics that the filters
accept are listed from the database, so the document always names the valid ones.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from civic.core.site import get_settings
from civic.fund.queries import PUBLIC_DECISIONS
from civic.opendata.licence import data_licence
from civic.opendata.stats import PHASES as STAT_PHASES
from civic.opendata.stats import STAGES, STATES
from civic.projects.search import MAX_QUERY_LENGTH
from civic.projects.workflow import NeedKind, Phase, ProjectState

Schema = dict[str, Any]

PROJECT_PHASES = [phase.value for phase in Phase]
PROJECT_STATES = [state.value for state in ProjectState if state is not ProjectState.DRAFT]
DECISION_STATES = [status.value for status in PUBLIC_DECISIONS]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(description: str, properties: dict[str, Schema]) -> Schema:
    """An object with exactly these properties, all of them present."""
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def _nullable(schema: Schema) -> Schema:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], None]
    return nullable


def _list(items: Schema, description: str = "") -> Schema:
    schema: Schema = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


def _text(description: str = "") -> Schema:
    return {"type": "string", "description": description} if description else {"type": "string"}


def _count(description: str) -> Schema:
    return {"type": "integer", "minimum": 0, "description": description}


def _cents(description: str) -> Schema:
    return {"type": "integer", "description": description + " In euro cents."}


def _id(description: str) -> Schema:
    return {"type": "integer", "minimum": 1, "description": description}


TIMESTAMP = {"type": "string", "format": "date-time", "description": "ISO 8601, in UTC."}
DAY = {"type": "string", "format": "date"}
URL = {"type": "string", "format": "uri", "description": "The page on the platform."}


def _by(keys: list[str] | tuple[str, ...], description: str) -> Schema:
    return _object(description, {key: _count(key) for key in keys})


def _schemas() -> dict[str, Schema]:
    area_stages = _by(STAGES, "Public projects by stage.")
    return {
        "Error": _object(
            "What went wrong.",
            {
                "error": _object(
                    "The error.",
                    {
                        "code": _text(
                            "A stable English code: invalid_parameter, not_found, "
                            "too_many_requests, method_not_allowed, …"
                        ),
                        "message": _text("What went wrong, for people, in German or English."),
                    },
                )
            },
        ),
        "DistrictRef": _object(
            "A district of the city.",
            {"slug": _text("Used by the district filters."), "name": _text()},
        ),
        "TopicRef": _object(
            "A topic projects are filed under.",
            {"slug": _text("Used by the topic filter."), "name_de": _text(), "name_en": _text()},
        ),
        "Mentor": _object(
            "A council member who mentors the project.",
            {"name": _text("Public display name."), "faction": _nullable(_text())},
        ),
        "Location": _object(
            "Where the project takes place. Coordinates are WGS 84; they may be missing.",
            {
                "name": _text(),
                "latitude": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
                "longitude": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
            },
        ),
        "ProjectSummary": _object("A project as lists show it.", _project_properties()),
        "Project": _object(
            "A project with its description, open needs and timeline.",
            {
                **_project_properties(),
                "description_html": _text("The description, as sanitised HTML."),
                "needs": _list(_ref("Need"), "What the team is looking for now."),
                "timeline": _list(
                    _ref("TimelineEntry"), "The newest 50 entries of the public timeline."
                ),
            },
        ),
        "Need": _object(
            "An open need of a project team.",
            {
                "id": _id("The need's number."),
                "kind": {"type": "string", "enum": [kind.value for kind in NeedKind]},
                "title": _text(),
            },
        ),
        "TimelineEntry": _object(
            "An event in the life of a project, as its public timeline shows it.",
            {
                "kind": _text(
                    "What happened: created, published, member_joined, phase_changed, "
                    "plan_saved, milestone_done, mentor_joined, …"
                ),
                "created_at": TIMESTAMP,
                "from": _text("The value before (a phase, a state, a name; often empty)."),
                "to": _text("The value after (a phase, a state, a title; often empty)."),
                "actor": _nullable(_text("The public display name of who did it.")),
                "reason": _text("Why, when a reason was given (often empty)."),
            },
        ),
        "ProjectPage": _page("ProjectSummary", "projects"),
        "District": _object(
            "A district with the number of projects the project list shows under it.",
            {
                "slug": _text("Used by the district filters."),
                "name": _text(),
                "projects_count": _count("Listed projects (not withdrawn) in the district."),
            },
        ),
        "Topic": _object(
            "A topic with the number of projects the project list shows under it.",
            {
                "slug": _text("Used by the topic filter."),
                "name_de": _text(),
                "name_en": _text(),
                "projects_count": _count("Listed projects (not withdrawn) under the topic."),
            },
        ),
        "DistrictList": _object("Every district.", {"items": _list(_ref("District"))}),
        "TopicList": _object("Every topic.", {"items": _list(_ref("Topic"))}),
        "ProjectRef": _object(
            "A public project, by name.",
            {"id": _id("The project's number."), "title": _text(), "url": URL},
        ),
        "EventSummary": _object("An event as the list shows it.", _event_properties()),
        "Event": _object(
            "An event with its description, accessibility and report.",
            {
                **_event_properties(),
                "description_html": _text("About the event, as sanitised HTML."),
                "accessibility": _text("How accessible the venue is (plain text)."),
                "report_html": _text("The report after the event, as sanitised HTML."),
            },
        ),
        "EventPage": _page("EventSummary", "events"),
        "FundSummary": _object("The fund of a year.", _fund_properties()),
        "Fund": _object(
            "The fund of a year with every decision in force.",
            {
                **_fund_properties(),
                "decisions": _list(_ref("Decision"), "Newest first."),
            },
        ),
        "FundList": _object(
            "Every fund year, newest first.", {"items": _list(_ref("FundSummary"))}
        ),
        "Decision": _object(
            "A decision of the fund on an application, as the public fund page shows it.",
            {
                "project": _nullable(_ref("ProjectRef")),
                "application_title": _text(),
                "state": {"type": "string", "enum": DECISION_STATES},
                "approved_cents": _cents("The amount approved (0 when rejected)."),
                "decided_on": _nullable({**DAY, "description": "In the city's time zone."}),
                "reason": _text("The written reason of the decision."),
            },
        ),
        "Statistics": _object(
            "The figures of the statistics page. Only public projects count (never drafts "
            "or projects hidden by moderation); no figure names a person.",
            {
                "projects": _object(
                    "Public projects.",
                    {
                        "total": _count("All public projects."),
                        "by_phase": _by(STAT_PHASES, "By phase."),
                        "by_state": _by(STATES, "By state."),
                        "by_stage": _by(
                            STAGES,
                            "Every public project once: open (active or paused) projects by "
                            "their phase, completed and withdrawn ones on their own.",
                        ),
                        "per_year": _list(
                            _object(
                                "The projects published in a year (city time) and how far "
                                "they have come since.",
                                {
                                    "year": {"type": "integer"},
                                    "published": _count("Published that year."),
                                    "reached_development": _count("Reached development."),
                                    "reached_implementation": _count("Reached implementation."),
                                    "completed": _count("Completed."),
                                },
                            ),
                            "Oldest year first.",
                        ),
                        "by_district": _list(
                            _object(
                                "A district with its public projects.",
                                {
                                    "slug": _text(),
                                    "name": _text(),
                                    "count": _count("Public projects in the district."),
                                    "by_stage": area_stages,
                                },
                            ),
                            "Most projects first. A project in several districts counts in each.",
                        ),
                        "without_district": _count("Public projects in no district."),
                        "by_topic": _list(
                            _object(
                                "A topic with its public projects.",
                                {
                                    "slug": _text(),
                                    "name": _text("The German name."),
                                    "name_en": _nullable(_text("The English name.")),
                                    "count": _count("Public projects under the topic."),
                                    "by_stage": area_stages,
                                },
                            ),
                            "Most projects first. A project under several topics counts under "
                            "each.",
                        ),
                        "without_topic": _count("Public projects under no topic."),
                    },
                ),
                "people": _object(
                    "How many take part in public projects.",
                    {
                        "supports": _count("Supports given."),
                        "supporters": _count("People who support at least one project."),
                        "team_memberships": _count("Places in teams."),
                        "team_members": _count("People on at least one team."),
                        "people": _count("People who support or are on a team."),
                    },
                ),
                "mentorships": _object(
                    "Mentorships of council members on public projects.",
                    {
                        "active": _count("Active mentorships."),
                        "ended": _count("Ended mentorships."),
                        "projects_with_active_mentor": _count("Projects with an active mentor."),
                        "active_mentors": _count("Council members mentoring now."),
                    },
                ),
                "funds": _list(
                    _object(
                        "The money of a fund year.",
                        {
                            "year": {"type": "integer"},
                            "budget_cents": _cents("The budget."),
                            "committed_cents": _cents("Approved and so committed."),
                            "paid_cents": _cents("Paid out."),
                            "remaining_cents": _cents("Budget minus committed."),
                        },
                    ),
                    "Oldest year first.",
                ),
            },
        ),
    }


def _project_properties() -> dict[str, Schema]:
    return {
        "id": _id("The project's number."),
        "title": _text(),
        "summary": _text(),
        "phase": {"type": "string", "enum": PROJECT_PHASES},
        "state": {"type": "string", "enum": PROJECT_STATES},
        "districts": _list(_ref("DistrictRef")),
        "topics": _list(_ref("TopicRef")),
        "supporters_count": _count("People who support the project."),
        "team_size": _count("People on the team."),
        "mentors": _list(_ref("Mentor"), "Council members who mentor the project now."),
        "location": _nullable(_ref("Location")),
        "created_at": TIMESTAMP,
        "updated_at": TIMESTAMP,
        "url": URL,
    }


def _event_properties() -> dict[str, Schema]:
    return {
        "id": _id("The event's number."),
        "title": _text(),
        "starts_at": TIMESTAMP,
        "ends_at": TIMESTAMP,
        "venue": _text("Where, as the organiser wrote it (plain text)."),
        "district": _nullable(_ref("DistrictRef")),
        "cancelled": {"type": "boolean"},
        "cancel_reason": _nullable(_text("Why the event is cancelled.")),
        "capacity": _nullable({"type": "integer", "minimum": 1, "description": "Seats."}),
        "seats_left": _nullable(_count("Free seats (null: unlimited, or cancelled).")),
        "organiser": _text("The public display name of the organiser."),
        "projects": _list(_ref("ProjectRef"), "Linked public projects."),
        "url": URL,
    }


def _fund_properties() -> dict[str, Schema]:
    return {
        "year": {"type": "integer"},
        "budget_cents": _cents("The budget of the year."),
        "committed_cents": _cents("Approved and so committed."),
        "paid_cents": _cents("Paid out."),
        "remaining_cents": _cents("Budget minus committed."),
        "max_per_project_cents": _cents("The most one project may get."),
        "call_opens_on": DAY,
        "call_closes_on": DAY,
        "criteria": _list(_text(), "The published review criteria."),
        "required_documents": _list(_text(), "What the proof of use must hold."),
        "url": URL,
    }


def _page(item: str, what: str) -> Schema:
    return _object(
        f"A page of {what}.",
        {
            "items": _list(_ref(item)),
            "next_cursor": _nullable(
                {
                    "type": "string",
                    "format": f"{what}-cursor",
                    "description": "Pass it as `cursor` for the next page; null on the last.",
                }
            ),
            "total": _count(
                f"All {what} that match, on every page; counted up to 1,000 (see `total_exact`)."
            ),
            "total_exact": {
                "type": "boolean",
                "description": "False when more match than `total` says (over 1,000).",
            },
        },
    )


# --- parameters and responses ------------------------------------------------------------------


def _query(name: str, schema: Schema, description: str) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _slugs(slugs: list[str]) -> Schema:
    # With none to choose from, the filter takes any text and answers 400 for it.
    return {"type": "string", "enum": slugs} if slugs else {"type": "string"}


def _parameters(districts: list[str]) -> dict[str, Schema]:
    return {
        "limit": _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
            "How many items a page holds.",
        ),
        "district": _query(
            "district",
            _slugs(districts),
            "Only those in this district (its slug, see /districts).",
        ),
    }


def _json(schema: Schema, description: str) -> Schema:
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"}},
        "content": {"application/json": {"schema": schema}},
    }


def _responses() -> dict[str, Schema]:
    error = _ref("Error")
    return {
        "BadRequest": _json(error, "A parameter has a value the API cannot answer."),
        "NotFound": _json(error, "There is no such public item."),
        "TooManyRequests": {
            **_json(error, "Too many requests from this address; wait and try again."),
            "headers": {
                "Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"},
                "Retry-After": {
                    "description": "Seconds to wait.",
                    "schema": {"type": "integer", "minimum": 0},
                },
            },
        },
    }


def _operation(
    operation_id: str,
    summary: str,
    description: str,
    tag: str,
    ok: Schema,
    *,
    parameters: list[Schema] | None = None,
    bad_request: bool = False,
    not_found: bool = False,
) -> Schema:
    responses: dict[str, Schema] = {"200": _json(ok, "OK")}
    if bad_request:
        responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    if not_found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    responses["429"] = {"$ref": "#/components/responses/TooManyRequests"}
    operation: Schema = {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": [tag],
        "responses": responses,
    }
    if parameters:
        operation["parameters"] = parameters
    return operation


def _id_parameter(name: str, description: str) -> Schema:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


def _cursor(what: str) -> Schema:
    return _query(
        "cursor",
        {"type": "string", "format": f"{what}-cursor", "minLength": 1, "maxLength": 2000},
        "The `next_cursor` of the previous page, unchanged. It remembers the filters, the "
        "order and the page size of the first request, which apply instead of any given "
        "with it.",
    )


def _paths(districts: list[str], topics: list[str]) -> dict[str, Schema]:
    limit = {"$ref": "#/components/parameters/limit"}
    district = {"$ref": "#/components/parameters/district"}
    return {
        "/openapi.json": {
            "get": _operation(
                "getOpenApi",
                "This document",
                "The OpenAPI 3.1 description of the API.",
                "meta",
                {"type": "object", "required": ["openapi", "info", "paths", "components"]},
            )
        },
        "/projects": {
            "get": _operation(
                "listProjects",
                "Public projects",
                "Published projects that moderation has not hidden; drafts never appear. "
                "Without `state`, withdrawn projects are left out, as in the project list. "
                "With `q`, the projects matching every search word (German stemming, so "
                "`Radwege` finds `Radweg`), the most relevant first unless `sort` is given.",
                "projects",
                _ref("ProjectPage"),
                parameters=[
                    _query("phase", {"type": "string", "enum": PROJECT_PHASES}, "Only this phase."),
                    _query("state", {"type": "string", "enum": PROJECT_STATES}, "Only this state."),
                    district,
                    _query(
                        "topic", _slugs(topics), "Only under this topic (its slug, see /topics)."
                    ),
                    _query(
                        "needs",
                        {"type": "string", "enum": ["0", "1"]},
                        "`1`: only projects with open needs.",
                    ),
                    _query(
                        "sort",
                        {"type": "string", "enum": ["newest", "supporters", "active"]},
                        "The order: newest published first (default), most supporters first, "
                        "or most recently active first.",
                    ),
                    _query(
                        "q",
                        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                        "Search words.",
                    ),
                    limit,
                    _cursor("projects"),
                ],
                bad_request=True,
            )
        },
        "/projects/{id}": {
            "get": _operation(
                "getProject",
                "A public project",
                "404 for drafts, for projects hidden by moderation and for unknown numbers.",
                "projects",
                _ref("Project"),
                parameters=[_id_parameter("id", "The project's number.")],
                not_found=True,
            )
        },
        "/districts": {
            "get": _operation(
                "listDistricts",
                "Districts",
                "Every district of the city, by name, with its number of listed projects.",
                "projects",
                _ref("DistrictList"),
            )
        },
        "/topics": {
            "get": _operation(
                "listTopics",
                "Topics",
                "Every topic, by German name, with its number of listed projects.",
                "projects",
                _ref("TopicList"),
            )
        },
        "/events": {
            "get": _operation(
                "listEvents",
                "Events",
                "Upcoming and running events, soonest first (cancelled ones included, "
                "marked), or with `when=past` the events that took place, newest first.",
                "events",
                _ref("EventPage"),
                parameters=[
                    _query(
                        "when",
                        {"type": "string", "enum": ["upcoming", "past"]},
                        "Upcoming (default) or past events.",
                    ),
                    district,
                    limit,
                    _cursor("events"),
                ],
                bad_request=True,
            )
        },
        "/events/{id}": {
            "get": _operation(
                "getEvent",
                "An event",
                "An event with its description. Who registered is never shown.",
                "events",
                _ref("Event"),
                parameters=[_id_parameter("id", "The event's number.")],
                not_found=True,
            )
        },
        "/funds": {
            "get": _operation(
                "listFunds",
                "Fund years",
                "The citizen-projects fund of every year, newest first, with its money.",
                "fund",
                _ref("FundList"),
            )
        },
        "/funds/{year}": {
            "get": _operation(
                "getFund",
                "The fund of a year",
                "The fund of a year with every decision in force (approved, partly "
                "approved, rejected, and those being proved or closed), newest first. "
                "Applicants, reviews and applications still being decided never appear.",
                "fund",
                _ref("Fund"),
                parameters=[
                    {
                        "name": "year",
                        "in": "path",
                        "required": True,
                        "description": "The year.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 9999},
                    }
                ],
                not_found=True,
            )
        },
        "/statistics": {
            "get": _operation(
                "getStatistics",
                "Statistics",
                "The figures of the statistics page: projects by phase, state, stage, year, "
                "district and topic; participation; mentorships; the fund's money.",
                "statistics",
                _ref("Statistics"),
            )
        },
    }


def document(districts: list[str], topics: list[str]) -> Schema:
    """The whole document; ``districts`` and ``topics`` are the slugs the filters accept."""
    base_url = current_app.config["BASE_URL"].rstrip("/")
    licence = data_licence()
    settings = get_settings()
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"{settings.platform_name}: Open Data API",
            "version": "1.0.0",
            "summary": "The public data of the platform, read-only.",
            "description": (
                "Projects, districts, topics, events, the citizen-projects fund and the "
                "statistics, as JSON. Only what every visitor of the platform may see: no "
                "drafts, no projects hidden by moderation, no personal data beyond the public "
                "display names the pages show.\n\n"
                "**Lists** answer `items`, `next_cursor`, `total` and `total_exact` (lists are "
                "counted up to 1,000). To read on, pass "
                "`next_cursor` as `cursor`; it is null on the last page.\n\n"
                '**Errors** answer `{"error": {"code": …, "message": …}}`: 400 for a '
                "parameter value the API cannot answer (unknown parameters are ignored), 404 "
                "for what does not exist or is not public, 429 past the rate limit.\n\n"
                "**Rate limit**: "
                f"{current_app.config['RATELIMIT_API']} per client address, shared by all "
                "endpoints; the `X-RateLimit-*` headers tell how much is left.\n\n"
                "**CORS**: every answer carries `Access-Control-Allow-Origin: *`.\n\n"
                f"**Licence** of the data: {licence.name} ({licence.url})."
            ),
            "license": {"name": licence.name, "url": licence.url},
        },
        "servers": [{"url": f"{base_url}/api/v1"}],
        "tags": [
            {"name": "projects", "description": "Projects, districts and topics."},
            {"name": "events", "description": "District meetings and project workshops."},
            {"name": "fund", "description": "The citizen-projects fund and its decisions."},
            {"name": "statistics", "description": "The figures of the statistics page."},
            {"name": "meta", "description": "This document."},
        ],
        "paths": _paths(districts, topics),
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(districts),
            "responses": _responses(),
            "headers": {
                "CORS": {
                    "description": "Any web page may read the API.",
                    "schema": {"type": "string", "const": "*"},
                }
            },
        },
    }
