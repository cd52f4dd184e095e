"""The map of projects: the GeoJSON that feeds it, the page with its notice and its list, the
Content-Security-Policy that lets the tiles in on map pages only, and the map settings."""

from __future__ import annotations

import json
import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from civic.accounts.models import Role
from civic.core import demo, site
from civic.core.models import SiteSettings
from civic.db import db, utcnow
from civic.opendata import geo
from civic.projects.models import Project
from civic.projects.workflow import PHASE_LABELS, Phase, ProjectState
from tests.factories import DistrictFactory, UserFactory, make_project
from tests.helpers import browser, submit, text_of

TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


def use_tiles(url: str = TILES, attribution: str = "© Beispiel-Karten") -> None:
    row = site.settings_row()
    row.map_tile_url = url
    row.map_attribution = attribution
    db.session.commit()


def located(**fields):
    return make_project(latitude=51.0504, longitude=13.7373, location_name="Altmarkt", **fields)


def collection(client, query: str = "") -> dict:
    response = client.get("/open-data/projects.geojson" + query)
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    return json.loads(response.get_data(as_text=True))


def titles(data: dict) -> set[str]:
    return {f["properties"]["title"] for f in data["features"]}


def policy(response, directive: str) -> str:
    header = response.headers["Content-Security-Policy"]
    return next(part for part in header.split("; ") if part.startswith(directive + " "))


# --- GeoJSON -----------------------------------------------------------------------------------


def test_geojson_holds_the_public_projects_with_a_place(app, ctx, client):
    district = DistrictFactory(name="Altstadt")
    shown = make_project(
        title="Bänke am Altmarkt",
        latitude=51.0504,
        longitude=13.7373,
        location_name="Altmarkt",
        districts=[district],
    )
    make_project(title="Ohne Ort")
    located(title="Versteckt", hidden_at=utcnow())
    located(title="Entwurf", state=ProjectState.DRAFT)
    located(title="Eingestellt", state=ProjectState.WITHDRAWN)

    data = collection(client)

    assert data["type"] == "FeatureCollection"
    assert titles(data) == {"Bänke am Altmarkt"}
    (item,) = data["features"]
    # GeoJSON puts the longitude first.
    assert item["geometry"] == {"type": "Point", "coordinates": [13.7373, 51.0504]}
    props = item["properties"]
    with force_locale("de"):
        label = str(PHASE_LABELS[Phase.INITIATION])
    assert props["phase"] == "initiation" and props["phase_label"] == label
    assert props["id"] == shown.id and props["state"] == "active"
    assert props["summary"] == shown.summary and props["place"] == "Altmarkt"
    assert props["url"].endswith(f"/projects/{shown.id}")
    assert props["districts"] == ["Altstadt"]
    assert data["license"] == {
        "name": app.config["OPEN_DATA_LICENSE_NAME"],
        "url": app.config["OPEN_DATA_LICENSE_URL"],
    }
    # The list beside the map shows the same projects.
    html = client.get("/map").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)
    assert rows == ["Bänke am Altmarkt"]


def test_search_words_narrow_the_map(ctx, client):
    located(title="Trinkbrunnen am Altmarkt")
    located(title="Werkstatt im Hof")
    assert titles(collection(client, "?q=Trinkbrunnen")) == {"Trinkbrunnen am Altmarkt"}
    page = text_of(client.get("/map?q=Trinkbrunnen"))
    assert "Trinkbrunnen am Altmarkt" in page and "Werkstatt im Hof" not in page


def test_geojson_takes_the_filters_of_the_project_list(ctx, client):
    pieschen = DistrictFactory(name="Pieschen", slug="pieschen")
    located(title="Hafenbühne", districts=[pieschen], phase=Phase.DEVELOPMENT)
    located(title="Werkstatt")
    located(title="Pausiert", state=ProjectState.PAUSED)

    assert titles(collection(client)) == {"Hafenbühne", "Werkstatt", "Pausiert"}
    assert titles(collection(client, "?district=pieschen")) == {"Hafenbühne"}
    assert titles(collection(client, "?phase=development")) == {"Hafenbühne"}
    assert titles(collection(client, "?state=paused")) == {"Pausiert"}
    # What the list ignores, the GeoJSON ignores too.
    assert len(collection(client, "?district=gibt-es-nicht&phase=%00&state=draft")["features"]) == 3


def test_geojson_is_streamed_in_batches(ctx, client, count_queries, monkeypatch):
    monkeypatch.setattr(geo, "BATCH_SIZE", 2)
    made = [located(title=f"Ort {n}") for n in range(5)]
    count_queries.statements.clear()

    response = client.get("/open-data/projects.geojson")
    assert response.is_streamed
    data = json.loads(response.get_data(as_text=True))

    assert [f["properties"]["id"] for f in data["features"]] == [p.id for p in made]
    batches = [s for s in count_queries.statements if re.search(r"FROM projects\b", s)]
    assert len(batches) == 3  # 2 + 2 + 1 rows


def test_the_fund_can_stream_its_own_features(ctx, app):
    """The same code writes any FeatureCollection (the fund decisions use it)."""
    features = (geo.feature(13.7 + n / 10, 51.0, {"n": n}) for n in range(3))
    text = "".join(geo.stream_feature_collection(features, name="Beispiel"))
    data = json.loads(text)
    assert data["name"] == "Beispiel" and data["license"]["url"]
    assert [f["geometry"]["coordinates"][0] for f in data["features"]] == [13.7, 13.8, 13.9]


# --- the map page ------------------------------------------------------------------------------


def test_without_a_tile_server_the_page_says_so_and_lists_the_projects(app, ctx):
    located(title="Bänke am Altmarkt")
    make_project(title="Ohne Ort")
    client = browser(app)

    response = client.get("/map")
    page = text_of(response)

    assert response.status_code == 200
    assert "hat noch keine Karte eingerichtet" in page
    assert "Karte laden" not in page and "map.js" not in response.get_data(as_text=True)
    assert "Bänke am Altmarkt" in page and "Altmarkt" in page and "Ohne Ort" not in page
    assert policy(response, "img-src") == "img-src 'self' data:"


def test_with_a_tile_server_the_page_names_it_and_waits_for_the_visitor(app, ctx):
    use_tiles()
    project = located(title="Bänke am Altmarkt")
    client = browser(app)

    response = client.get("/map")
    html = response.get_data(as_text=True)
    page = text_of(response)

    assert "tiles.example.org" in page and "IP-Adresse" in page
    # The button is shown by the script only; without JavaScript a note says it is needed.
    assert re.search(r'<button[^>]*id="map-load"[^>]*hidden', html)
    assert "Die Karte braucht JavaScript" in page
    assert f'href="/projects/{project.id}"' in html
    # Nothing on the page itself comes from another host.
    assert all(url.startswith("/") for url in re.findall(r'(?:src|href)="([^"#]*)"', html) if url)
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "© Beispiel-Karten" in html
    assert policy(response, "img-src") == "img-src 'self' data: https://tiles.example.org"
    # Other pages keep the strict policy.
    for url in ("/projects", "/", "/open-data/projects.geojson"):
        assert "tiles.example.org" not in client.get(url).headers["Content-Security-Policy"]


def test_the_project_form_offers_the_map_after_a_notice(app, ctx):
    use_tiles("https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png")
    author = UserFactory()
    client = browser(app, author)

    response = client.get("/projects/new")
    html = response.get_data(as_text=True)

    assert policy(response, "img-src") == "img-src 'self' data: https://*.tiles.example.org"
    assert re.search(r'<div class="location-picker" data-location-picker hidden', html)
    assert "Ort auf der Karte wählen" in html and "tiles.example.org" in text_of(response)
    # Without JavaScript the numbers stay available, folded away.
    details = html[html.index('<details class="advanced"') : html.index("</details>")]
    assert 'name="latitude"' in details and 'name="longitude"' in details


def test_the_list_beside_the_map_is_paginated_and_filtered(app, ctx):
    use_tiles()
    pieschen = DistrictFactory(name="Pieschen", slug="pieschen")
    for n in range(22):
        located(title=f"Ort Nummer {n:02d}")
    located(title="Hafenbühne", districts=[pieschen])
    client = browser(app)

    first = client.get("/map")
    page = text_of(first)
    assert "23 Projekte mit Ortsangabe" in page
    assert page.count("Ort Nummer") == 19 and "Hafenbühne" in page  # the newest 20
    after = re.search(r'href="(/map\?after=[^"]+)" rel="next"', first.get_data(as_text=True))
    second = text_of(client.get(after.group(1).replace("&amp;", "&")))
    assert "Ort Nummer 00" in second and "Ort Nummer 02" in second and "Hafenbühne" not in second

    narrowed = client.get("/map?district=pieschen")
    html = narrowed.get_data(as_text=True)
    assert "Hafenbühne" in text_of(narrowed) and "Ort Nummer" not in text_of(narrowed)
    assert 'data-geojson="/open-data/projects.geojson?district=pieschen"' in html
    # The project list links to the map with its filters.
    listing = client.get("/projects?district=pieschen").get_data(as_text=True)
    assert 'href="/map?district=pieschen"' in listing


def test_the_map_page_reads_with_a_fixed_number_of_queries(app, ctx, count_queries):
    use_tiles()
    client = browser(app)
    for n in range(3):
        located(title=f"Ort {n}")
    count_queries.statements.clear()
    client.get("/map")
    few = count_queries.count
    for n in range(15):
        located(title=f"Mehr {n}", districts=[DistrictFactory(), DistrictFactory()])
    count_queries.statements.clear()
    client.get("/map")
    assert count_queries.count == few


def test_odd_query_strings_never_break_the_map(app, ctx):
    client = browser(app)
    for query in (
        "?after=kaputt",
        "?before=%00",
        "?sort=relevance",
        "?_external=1&endpoint=x",
        "?q=%00%00",
        "?q=Bank&district=" + "x" * 500,
    ):
        assert client.get("/map" + query).status_code == 200, query
        assert client.get("/open-data/projects.geojson" + query).status_code == 200, query


def test_the_demo_city_has_places_across_its_districts(ctx):
    demo.load()
    projects = list(db.session.scalars(select(Project).where(Project.latitude.is_not(None))))
    assert len(projects) >= 30
    for project in projects:
        # Within Dresden.
        assert 50.95 < project.latitude < 51.15 and 13.57 < project.longitude < 13.97
        assert project.location_name
    assert len({d.name for p in projects for d in p.districts}) == 10


# --- tile addresses and settings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://{s}.tile.example.org/{z}/{x}/{y}{r}.png",
        "https://tiles.example.org:8443/styles/basic/{z}/{x}/{y}.png?key=abc",
        "http://localhost:8080/{z}/{x}/{y}.png",
        "http://127.0.0.1/{z}/{y}/{x}.png",
    ],
)
def test_usable_tile_addresses(ctx, url):
    assert geo.tile_url_error(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://tile.example.org/{z}/{x}/{y}.png",
        "ftp://tile.example.org/{z}/{x}/{y}.png",
        "https://tile.example.org/{z}/{x}.png",
        "https://tile.example.org/{z}/{x}/{y}/{apikey}.png",
        "https://tile.example.org/{s}/{z}/{x}/{y}.png",
        "https://user:pw@tile.example.org/{z}/{x}/{y}.png",
        "https://tile.example.org; img-src */{z}/{x}/{y}.png",
        "https://tile example.org/{z}/{x}/{y}.png",
        "https://tile.example.org:99999/{z}/{x}/{y}.png",
        "https:///{z}/{x}/{y}.png",
        "https://tile.example.org/{z}/{x}/{y}.png}",
        "//tile.example.org/{z}/{x}/{y}.png",
    ],
)
def test_unusable_tile_addresses(ctx, url):
    assert geo.tile_url_error(url) is not None


def test_an_unusable_address_in_the_database_means_no_map(app, ctx):
    use_tiles("https://tile.example.org; script-src *")
    response = browser(app).get("/map")
    assert "hat noch keine Karte eingerichtet" in text_of(response)
    assert policy(response, "img-src") == "img-src 'self' data:"


def _settings(**overrides: str) -> dict[str, str]:
    data = {
        "city_name": "Pirna",
        "platform_name": "Pirna gestaltet",
        "primary_color": "#224466",
        "accent_color": "#884400",
        "gate_min_team_size": "3",
        "gate_min_concept_chars": "200",
        "gate_min_report_chars": "200",
        "map_tile_url": TILES,
        "map_attribution": "© Beispiel-Karten",
        "map_latitude": "50.9622",
        "map_longitude": "13.9403",
        "map_zoom": "14",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"map_tile_url": "http://tiles.example.org/{z}/{x}/{y}.png"}, "map_tile_url", "https://"),
        (
            {"map_tile_url": "https://tiles.example.org/karte.png"},
            "map_tile_url",
            "{z}, {x} and {y}",
        ),
        ({"map_attribution": ""}, "map_attribution", "attribution"),
        ({"map_latitude": "95"}, "map_latitude", "Between -90 and 90"),
        ({"map_longitude": "Osten"}, "map_longitude", "decimal degrees"),
        ({"map_longitude": "nan"}, "map_longitude", "decimal degrees"),
        ({"map_zoom": "25"}, "map_zoom", "Between 1 and 19"),
        ({"map_zoom": ""}, "map_zoom", "whole number"),
    ],
)
def test_admin_sees_what_is_wrong_with_the_map_settings(app, overrides, field, message):
    client = browser(app, UserFactory(roles=[Role.ADMIN], locale="en"))

    response = submit(client, "/admin/settings", _settings(**overrides))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert error and message in error.group(1).replace("&#34;", '"')
    # What was typed stays in the form.
    for name, value in overrides.items():
        if value:
            assert re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', html), name
    db.session.expire_all()
    row = db.session.scalar(select(SiteSettings))
    assert row is None or row.map_tile_url == ""


def test_admin_sets_up_the_map(app):
    client = browser(app, UserFactory(roles=[Role.ADMIN], locale="en"))

    response = submit(client, "/admin/settings", _settings(map_latitude="50,9622"))

    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.scalar(select(SiteSettings))
    assert row.map_tile_url == TILES and row.map_attribution == "© Beispiel-Karten"
    assert (row.map_latitude, row.map_longitude, row.map_zoom) == (50.9622, 13.9403, 14)
    html = client.get("/map").get_data(as_text=True)
    assert 'data-latitude="50.9622"' in html and 'data-zoom="14"' in html
    # An empty address switches the map off again; the attribution is then not needed.
    response = submit(client, "/admin/settings", _settings(map_tile_url="", map_attribution=""))
    assert response.status_code == 302
    assert "has not set up a map yet" in text_of(client.get("/map"))
