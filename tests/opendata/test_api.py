"""The JSON API under /api/v1/: what a programme reading the city's open data gets, page by
page, and what it never gets (drafts, hidden projects, personal data)."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from sqlalchemy import select

from civic import create_app
from civic.accounts.models import User
from civic.core import demo
from civic.core.models import SiteSettings
from civic.db import db, utcnow
from civic.events.models import Event, EventRegistration
from civic.events.workflow import RegistrationStatus
from civic.fund.workflow import Status
from civic.projects.models import Need, Project, TimelineEntry
from civic.projects.workflow import NeedKind, NeedStatus, Phase, ProjectState
from tests.conftest import database_url
from tests.factories import (
    DistrictFactory,
    TopicFactory,
    UserFactory,
    add_mentor,
    make_application,
    make_council_member,
    make_fund,
    make_project,
)

API = "/api/v1"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PROJECT_FIELDS = {
    "id",
    "title",
    "summary",
    "phase",
    "state",
    "districts",
    "topics",
    "supporters_count",
    "team_size",
    "mentors",
    "location",
    "created_at",
    "updated_at",
    "url",
}


@pytest.fixture
def english(client: FlaskClient) -> FlaskClient:
    """A client that reads the messages in English."""
    with client.session_transaction() as session:
        session["lang"] = "en"
    return client


def get(client: FlaskClient, path: str, status: int = 200) -> dict:
    response = client.get(API + path)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def ids(client: FlaskClient, path: str) -> list[int]:
    return [item["id"] for item in get(client, path)["items"]]


def walk(client: FlaskClient, path: str) -> tuple[list[int], int]:
    """Every id of a list, following next_cursor; and how many pages that took."""
    found: list[int] = []
    pages = 0
    answer = get(client, path)
    while True:
        pages += 1
        found += [item["id"] for item in answer["items"]]
        if answer["next_cursor"] is None:
            return found, pages
        answer = get(client, f"/projects?cursor={answer['next_cursor']}")


def hide(project: Project) -> Project:
    project.hidden_at = utcnow()
    project.hidden_reason = "Beleidigender Titel"
    db.session.commit()
    return project


# --- the project list --------------------------------------------------------------------------


def test_the_list_shows_published_projects_and_never_drafts_or_hidden_ones(client):
    shown = make_project(title="Bänke am Elbufer")
    make_project(title="Noch ein Entwurf", state=ProjectState.DRAFT)
    hidden = hide(make_project(title="Versteckt"))
    withdrawn = make_project(title="Zurückgezogen", state=ProjectState.WITHDRAWN)

    answer = get(client, "/projects")
    assert [item["id"] for item in answer["items"]] == [shown.id]
    assert answer["next_cursor"] is None and answer["total"] == 1
    assert set(answer["items"][0]) == PROJECT_FIELDS
    # Withdrawn projects only when asked for, as in the HTML list; hidden ones never.
    assert ids(client, "/projects?state=withdrawn") == [withdrawn.id]
    assert ids(client, "/projects?q=Versteckt") == []
    assert hidden.id not in ids(client, "/projects?limit=100&sort=active")


def test_the_filters_narrow_the_list(client):
    north, south = DistrictFactory(slug="nord"), DistrictFactory(slug="sued")
    green = TopicFactory(slug="gruen")
    garden = make_project(districts=[north], topics=[green], phase=Phase.DEVELOPMENT)
    bench = make_project(districts=[south], state=ProjectState.PAUSED)
    needy = make_project(districts=[south], open_need_count=2, supporter_count=9)

    assert ids(client, "/projects?phase=development") == [garden.id]
    assert ids(client, "/projects?state=paused") == [bench.id]
    assert ids(client, "/projects?district=nord") == [garden.id]
    assert set(ids(client, "/projects?district=sued")) == {bench.id, needy.id}
    assert ids(client, "/projects?topic=gruen") == [garden.id]
    assert ids(client, "/projects?needs=1") == [needy.id]
    assert ids(client, "/projects?needs=0&sort=supporters")[0] == needy.id
    assert ids(client, "/projects?district=sued&state=active&needs=1") == [needy.id]


def test_a_cursor_walks_through_every_page_without_gaps_or_repeats(client):
    district = DistrictFactory(slug="mitte")
    projects = [make_project(districts=[district]) for _ in range(7)]
    # Four share the same moment of publication and the same supporters: the id decides.
    same = utcnow() - timedelta(days=1)
    for index, project in enumerate(projects):
        project.published_at = same if index < 4 else same + timedelta(hours=index)
        project.supporter_count = 5 if index < 4 else index
    make_project(title="Anderswo")
    db.session.commit()
    expected = {p.id for p in projects}

    for sort in ("newest", "supporters", "active"):
        everything = ids(client, f"/projects?district=mitte&sort={sort}&limit=100")
        walked, pages = walk(client, f"/projects?district=mitte&sort={sort}&limit=2")
        assert walked == everything, sort
        assert set(walked) == expected and len(walked) == 7 and pages == 4
    # The cursor remembers the filters and the page size of the first request.
    first = get(client, "/projects?district=mitte&limit=3")
    second = get(client, f"/projects?cursor={first['next_cursor']}")
    assert len(second["items"]) == 3
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert {i["id"] for i in second["items"]} <= expected


def test_search_finds_radweg_by_radwege_and_pages_through_the_hits(client):
    path = make_project(title="Ein neuer Radweg für Pieschen")
    make_project(title="Sitzbänke am Elbufer")
    others = [make_project(summary=f"Sicher auf dem Radweg zur Schule {n}") for n in range(4)]

    answer = get(client, "/projects?q=Radwege&limit=2")
    # A title match comes first; the rest follow on the next pages.
    assert answer["items"][0]["id"] == path.id and answer["total"] == 5
    walked, pages = walk(client, "/projects?q=Radwege&limit=2")
    assert sorted(walked) == sorted([path.id] + [p.id for p in others]) and pages == 3
    assert ids(client, f"/projects?q={quote('Radwege Pieschen')}") == [path.id]
    assert ids(client, "/projects?q=Schwimmbad") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "phase=planning",
            "“planning” is not a valid value of the parameter “phase”; use one of: "
            "initiation, development, implementation.",
        ),
        (
            "state=draft",
            "“draft” is not a valid value of the parameter “state”; use one of: "
            "active, paused, completed, withdrawn.",
        ),
        ("district=atlantis", "There is no district “atlantis”; /api/v1/districts lists them."),
        ("topic=raumfahrt", "There is no topic “raumfahrt”; /api/v1/topics lists them."),
        ("needs=yes", "“yes” is not a valid value of the parameter “needs”; use one of: 0, 1."),
        (
            "sort=oldest",
            "“oldest” is not a valid value of the parameter “sort”; use one of: "
            "newest, supporters, active.",
        ),
        ("limit=0", "The parameter “limit” must be a whole number from 1 to 100."),
        ("limit=101", "The parameter “limit” must be a whole number from 1 to 100."),
        ("limit=zehn", "The parameter “limit” must be a whole number from 1 to 100."),
        ("q=" + "x" * 201, "The search words (parameter “q”) may be at most 200 characters long."),
        (
            "cursor=abc",
            "The cursor is not valid. Pass the next_cursor of an earlier answer unchanged, "
            "or leave the parameter out to start at the beginning.",
        ),
    ],
)
def test_a_bad_parameter_answers_400_saying_what_is_wrong(english, query, message):
    make_project()
    answer = get(english, f"/projects?{query}", status=400)
    assert answer == {"error": {"code": "invalid_parameter", "message": message}}


def test_a_cursor_of_another_list_or_changed_by_hand_is_refused(english):
    for _ in range(3):
        make_project(title="Radweg")
    search = get(english, "/projects?q=Radweg&limit=1")["next_cursor"]
    keyset = get(english, "/projects?limit=1")["next_cursor"]
    assert get(english, f"/projects?cursor={keyset}")["items"]
    # A project cursor means nothing to the events list, and a changed one nothing at all.
    for path in (f"/events?cursor={search}", f"/projects?cursor={keyset[:-4]}"):
        assert get(english, path, status=400)["error"]["code"] == "invalid_parameter"
    made_up = {"k": "projects", "f": {}, "l": 1, "a": "somewhere"}
    forged = base64.urlsafe_b64encode(json.dumps(made_up).encode()).decode()
    get(english, f"/projects?cursor={forged}", status=400)
    # Unknown parameters are ignored.
    get(english, "/projects?colour=green", status=200)


# --- a project ---------------------------------------------------------------------------------


def test_a_project_shows_what_its_page_shows_and_no_personal_data(client):
    initiator = UserFactory(display_name="Clara Beispiel", email="clara@example.org")
    project = make_project(
        initiator,
        members=2,
        title="Gemeinschaftsgarten",
        description_html="<p>Hochbeete für alle.</p>",
        location_name="Alaunplatz",
        latitude=51.07,
        longitude=13.75,
        supporter_count=12,
    )
    mentor = make_council_member(display_name="Dr. Sabine Richter", email="richter@example.org")
    mentor.council_profile.faction = "Fraktion Bürgerliste"
    add_mentor(project, mentor)
    db.session.add_all(
        [
            Need(project_id=project.id, kind=NeedKind.ROOMS, title="Ein Raum"),
            Need(
                project_id=project.id,
                kind=NeedKind.MATERIAL,
                title="Erde",
                status=NeedStatus.MET,
                closed_at=utcnow(),
            ),
            TimelineEntry(
                project_id=project.id, kind="published", actor_id=initiator.id, to_value="active"
            ),
        ]
    )
    db.session.commit()

    response = client.get(f"{API}/projects/{project.id}")
    answer = response.get_json()
    assert set(answer) == PROJECT_FIELDS | {"description_html", "needs", "timeline"}
    assert answer["title"] == "Gemeinschaftsgarten"
    assert answer["description_html"] == "<p>Hochbeete für alle.</p>"
    assert answer["url"] == f"http://localhost/projects/{project.id}"
    assert answer["team_size"] == 3 and answer["supporters_count"] == 12
    assert answer["location"] == {"name": "Alaunplatz", "latitude": 51.07, "longitude": 13.75}
    assert answer["mentors"] == [{"name": "Dr. Sabine Richter", "faction": "Fraktion Bürgerliste"}]
    assert [need["title"] for need in answer["needs"]] == ["Ein Raum"]
    assert answer["timeline"][0]["kind"] == "published"
    assert answer["timeline"][0]["actor"] == "Clara Beispiel"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", answer["created_at"])
    assert not EMAIL.search(response.get_data(as_text=True))
    # The list shows the same mentors.
    listed = get(client, "/projects")["items"][0]
    assert listed["mentors"] == answer["mentors"]


def test_drafts_hidden_and_unknown_projects_are_not_found(english):
    draft = make_project(state=ProjectState.DRAFT)
    hidden = hide(make_project())
    for project_id in (draft.id, hidden.id, 2**31 - 1, 2**40):
        answer = get(english, f"/projects/{project_id}", status=404)
        assert answer["error"]["code"] == "not_found"


def test_a_page_of_projects_needs_the_same_queries_however_many_mentors(client, count_queries):
    def queries_for_the_list() -> int:
        before = count_queries.count
        assert len(get(client, "/projects?limit=100")["items"]) >= 2
        return count_queries.count - before

    for _ in range(2):
        add_mentor(make_project())
    few = queries_for_the_list()
    for _ in range(6):
        project = make_project()
        add_mentor(project)
        add_mentor(project)
    assert queries_for_the_list() == few


# --- districts, topics, events, the fund, statistics -------------------------------------------


def test_districts_and_topics_count_the_projects_the_list_shows(client):
    district, topic = DistrictFactory(name="Neustadt", slug="neustadt"), TopicFactory()
    make_project(districts=[district], topics=[topic])
    make_project(districts=[district], topics=[topic], state=ProjectState.DRAFT)
    hide(make_project(districts=[district], topics=[topic]))

    districts = get(client, "/districts")["items"]
    assert {"slug": "neustadt", "name": "Neustadt", "projects_count": 1} in districts
    topics = get(client, "/topics")["items"]
    assert {
        "slug": topic.slug,
        "name_de": topic.name_de,
        "name_en": topic.name_en,
        "projects_count": 1,
    } in topics


def _event(organiser: User, days: int, **fields: object) -> Event:
    start = utcnow() + timedelta(days=days)
    event = Event(
        title=str(fields.pop("title", f"Treffen in {days} Tagen")),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Stadtteilhaus",
        organiser_id=organiser.id,
        **fields,
    )
    db.session.add(event)
    db.session.commit()
    return event


def test_events_show_what_their_pages_show_and_never_who_registered(client):
    organiser = UserFactory(display_name="Konrad Koordination")
    visitor = UserFactory(display_name="Gerda Gast", email="gerda@example.org")
    shown, hidden = make_project(title="Garten"), hide(make_project(title="Versteckt"))
    upcoming = _event(organiser, 3, capacity=10, registered_count=1, projects=[shown, hidden])
    later = _event(organiser, 5)
    past = _event(organiser, -5)
    db.session.add(
        EventRegistration(
            event_id=upcoming.id, user_id=visitor.id, status=RegistrationStatus.REGISTERED
        )
    )
    db.session.commit()

    assert ids(client, "/events") == [upcoming.id, later.id]
    assert ids(client, "/events?when=past") == [past.id]
    first = get(client, "/events?limit=1")
    assert get(client, f"/events?cursor={first['next_cursor']}")["items"][0]["id"] == later.id
    response = client.get(f"{API}/events/{upcoming.id}")
    answer = response.get_json()
    assert answer["organiser"] == "Konrad Koordination"
    assert answer["capacity"] == 10 and answer["seats_left"] == 9
    assert answer["projects"] == [
        {"id": shown.id, "title": "Garten", "url": f"http://localhost/projects/{shown.id}"}
    ]
    text = response.get_data(as_text=True)
    assert "Gerda" not in text and not EMAIL.search(text)
    get(client, "/events/999999", status=404)


def test_a_fund_shows_its_money_and_only_the_decisions_in_force(client):
    fund = make_fund(year=2026, budget_cents=100_000_00)
    approved = make_project(title="Repair-Café")
    make_application(approved, fund, Status.APPROVED, approved_cents=3_000_00)
    make_application(make_project(), fund, Status.IN_REVIEW)
    make_application(make_project(), fund, Status.DRAFT)
    hidden = hide(make_project(title="Versteckt"))
    make_application(hidden, fund, Status.REJECTED)

    assert get(client, "/funds")["items"][0]["year"] == 2026
    answer = get(client, "/funds/2026")
    assert answer["budget_cents"] == 100_000_00
    assert answer["committed_cents"] == 3_000_00
    assert answer["remaining_cents"] == 97_000_00
    assert [d["state"] for d in answer["decisions"]] == ["rejected", "approved"]
    rejected, granted = answer["decisions"]
    assert rejected["project"] is None
    assert granted["project"]["title"] == "Repair-Café"
    assert granted["approved_cents"] == 3_000_00 and granted["reason"]
    assert set(granted) == {
        "project",
        "application_title",
        "state",
        "approved_cents",
        "decided_on",
        "reason",
    }
    get(client, "/funds/2025", status=404)
    get(client, "/funds/0", status=404)


# --- the whole API -----------------------------------------------------------------------------


def test_every_answer_carries_the_cors_header(client):
    project = make_project()
    for path, status in (
        ("/projects", 200),
        (f"/projects/{project.id}", 200),
        ("/projects?phase=x", 400),
        ("/projects/0", 404),
        ("/nothing", 404),
    ):
        response = client.get(API + path)
        assert response.status_code == status
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        f"{API}/projects",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    refused = client.post(f"{API}/projects")
    assert refused.status_code == 405 and refused.get_json()["error"]["code"] == (
        "method_not_allowed"
    )


def test_past_the_rate_limit_the_api_answers_429_in_json(app: Flask):
    limited = create_app(
        {**app.config, "RATELIMIT_API": "3 per minute", "DATABASE_URL": database_url()}
    )
    client = limited.test_client()
    # The endpoints share one budget per address.
    answers = [client.get(API + path) for path in ("/districts", "/topics", "/funds", "/topics")]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.mimetype == "application/json"
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    assert int(refused.headers["Retry-After"]) > 0
    # Another address has its own budget.
    other = client.get(f"{API}/districts", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200


def test_the_document_describes_every_endpoint_of_the_api(app: Flask, client):
    document = get(client, "/openapi.json")
    assert document["openapi"] == "3.1.0"
    routes = {
        re.sub(r"<[^>]+>", "{}", rule.rule.removeprefix(API))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == {re.sub(r"\{[^}]+\}", "{}", path) for path in document["paths"]}
    assert document["info"]["license"]["url"] == app.config["OPEN_DATA_LICENSE_URL"]


def _validator(document: dict, path: str, status: int = 200) -> Draft202012Validator:
    """A validator of the answers of GET ``path`` with this status, as the document says."""
    responses = document["paths"][path]["get"]["responses"]
    response = responses[str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    schema = response["content"]["application/json"]["schema"]
    # The document's own "#/components/..." references resolve against the document.
    return Draft202012Validator(
        {**document, **schema}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_with_the_demo_city_every_answer_keeps_to_the_document_and_names_no_e_mail(ctx, client):
    demo.load()
    document = get(client, "/openapi.json")
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    # The city's public contact address appears in the accessibility note of a demo event;
    # no other address may appear anywhere, least of all an account's.
    public_contact = db.session.scalar(select(SiteSettings.contact_email))
    accounts = set(db.session.scalars(select(User.email)))
    assert public_contact not in accounts
    checked: list[str] = []

    def check(url: str, template: str, status: int = 200) -> dict:
        response = client.get(API + url)
        assert response.status_code == status, url
        answer = response.get_json()
        _validator(document, template, status).validate(answer)
        text = response.get_data(as_text=True)
        assert set(EMAIL.findall(text)) <= {public_contact}, url
        assert not any(address in text for address in accounts), url
        checked.append(url)
        return answer

    def every_page(url: str, template: str) -> list[dict]:
        items: list[dict] = []
        answer = check(url, template)
        while True:
            items += answer["items"]
            if answer["next_cursor"] is None:
                return items
            answer = check(f"{template}?cursor={answer['next_cursor']}", template)

    check("/openapi.json", "/openapi.json")
    projects = every_page("/projects?limit=7", "/projects")
    assert len(projects) > 20
    assert len({p["id"] for p in projects}) == len(projects)
    for listing in ("/projects?limit=5&state=withdrawn", "/projects?q=Garten&limit=2"):
        projects += every_page(listing, "/projects")
    for project in {p["id"]: p for p in projects}.values():
        check(f"/projects/{project['id']}", "/projects/{id}")
    check("/districts", "/districts")
    check("/topics", "/topics")
    events = every_page("/events?limit=3", "/events")
    events += every_page("/events?when=past&limit=2", "/events")
    assert events
    for event in events:
        check(f"/events/{event['id']}", "/events/{id}")
    for fund in check("/funds", "/funds")["items"]:
        assert check(f"/funds/{fund['year']}", "/funds/{year}")["decisions"]
    statistics = check("/statistics", "/statistics")
    assert statistics["projects"]["total"] >= len({p["id"] for p in projects})
    # The errors keep to the document too.
    check("/projects?phase=x", "/projects", status=400)
    check("/projects/2147483647", "/projects/{id}", status=404)
    assert len(checked) > 50
