"""The Atom feeds of new projects (all, per district, per topic) and of upcoming events, and
the open data page that lists every download and feed."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

from civic.core import atom
from civic.db import db, utcnow
from civic.projects.workflow import ProjectState
from tests.events.builders import make_event, past, upcoming
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project
from tests.helpers import browser, text_of

A = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())  # noqa: S314 - our own feed
    assert root.tag == f"{A}feed"
    return root


def titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{A}title") for entry in root.findall(f"{A}entry")]


def _published(project, days_ago: int):
    project.published_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return project


# --- the builder -------------------------------------------------------------------------------


def test_the_builder_writes_valid_atom_and_escapes_everything(app):
    moment = utcnow().replace(microsecond=0)
    with app.test_request_context():
        document = atom.document(
            'Feed <"&">',
            "http://localhost/x.atom",
            "http://localhost/x",
            [
                atom.Entry(
                    link="http://localhost/x/1?a=1&b=2",
                    title="<script>alert(1)</script> & Co",
                    updated=moment,
                    published=moment - timedelta(days=1),
                    author="Anna <A> & B",
                    content="<p>Hallo &amp; <em>Welt</em></p>",
                    summary="Kurz & knapp",
                    categories=["Pieschen & Co"],
                ),
                atom.Entry(link="http://localhost/x/2", title="Zwei", updated=moment),
            ],
            author="Stadt",
        )
    assert document.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=')
    assert "<script>" not in document
    root = ET.fromstring(document)  # noqa: S314 - our own feed
    assert root.findtext(f"{A}id") == "http://localhost/x.atom"
    assert root.findtext(f"{A}title") == 'Feed <"&">'
    assert root.findtext(f"{A}updated") == atom.stamp(moment)
    assert root.findtext(f"{A}author/{A}name") == "Stadt"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links == {"self": "http://localhost/x.atom", "alternate": "http://localhost/x"}
    first, second = root.findall(f"{A}entry")
    assert first.findtext(f"{A}id") == "http://localhost/x/1?a=1&b=2"
    assert first.findtext(f"{A}title") == "<script>alert(1)</script> & Co"
    assert first.findtext(f"{A}published") == atom.stamp(moment - timedelta(days=1))
    assert first.findtext(f"{A}author/{A}name") == "Anna <A> & B"
    assert first.find(f"{A}content").get("type") == "html"
    assert first.findtext(f"{A}content") == "<p>Hallo &amp; <em>Welt</em></p>"
    assert first.findtext(f"{A}summary") == "Kurz & knapp"
    assert first.find(f"{A}category").get("term") == "Pieschen & Co"
    assert second.find(f"{A}author") is None and second.find(f"{A}published") is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", second.findtext(f"{A}updated"))


def test_the_builder_keeps_at_most_50_entries_and_has_a_date_when_empty(app):
    moment = utcnow()
    with app.test_request_context():
        many = [atom.Entry(link=f"http://x/{n}", title=str(n), updated=moment) for n in range(60)]
        full = ET.fromstring(atom.document("F", "http://x", "http://x", many))  # noqa: S314
        empty = ET.fromstring(atom.document("F", "http://x", "http://x", []))  # noqa: S314
    assert len(full.findall(f"{A}entry")) == 50
    assert empty.findtext(f"{A}updated")


# --- new projects ----------------------------------------------------------------------------


def test_the_projects_feed_has_new_projects_newest_first_and_nothing_hidden(client):
    initiator = UserFactory(display_name="Clara <B> & Co")
    old = _published(make_project(title="Alt"), 10)
    new = _published(make_project(initiator, title='Neu & "frisch" <b>', summary="Wir <i>"), 1)
    make_project(state=ProjectState.DRAFT, title="Entwurf")
    hidden = _published(make_project(title="Verborgen"), 0)
    hidden.hidden_at = utcnow()
    _published(make_project(state=ProjectState.WITHDRAWN, title="Zurückgezogen"), 0)
    db.session.commit()

    root = parse(client.get("/projects.atom"))
    assert root.findtext(f"{A}id") == "http://localhost/projects.atom"
    assert titles(root) == ['Neu & "frisch" <b>', "Alt"]
    entry = root.find(f"{A}entry")
    assert entry.findtext(f"{A}id") == f"http://localhost/projects/{new.id}"
    assert entry.find(f"{A}link").get("href") == f"http://localhost/projects/{new.id}"
    assert entry.findtext(f"{A}author/{A}name") == "Clara <B> & Co"
    assert "<p>Wir &lt;i&gt;</p>" in entry.findtext(f"{A}content")
    terms = [c.get("term") for c in entry.findall(f"{A}category")]
    assert new.districts[0].name in terms and new.topics[0].name_de in terms
    assert root.findall(f"{A}entry")[1].findtext(f"{A}id") == f"http://localhost/projects/{old.id}"


def test_the_projects_feed_holds_the_50_newest(client):
    for n in range(52):
        _published(make_project(title=f"Projekt Nummer {n}"), 52 - n)
    found = titles(parse(client.get("/projects.atom")))
    assert len(found) == 50
    assert found[0] == "Projekt Nummer 51" and "Projekt Nummer 1" not in found


def test_feeds_per_district_and_per_topic(client):
    neustadt, green = DistrictFactory(slug="neustadt", name="Neustadt"), TopicFactory(slug="gruen")
    make_project(title="In der Neustadt", districts=[neustadt])
    make_project(title="Im Grünen", topics=[green])
    make_project(title="Woanders")
    hidden = make_project(title="Verborgen", districts=[neustadt], topics=[green])
    hidden.hidden_at = utcnow()
    db.session.commit()

    district = parse(client.get("/districts/neustadt/projects.atom"))
    assert titles(district) == ["In der Neustadt"]
    assert "Neustadt" in district.findtext(f"{A}title")
    alternate = [lk for lk in district.findall(f"{A}link") if lk.get("rel") == "alternate"]
    assert alternate[0].get("href") == "http://localhost/projects?district=neustadt"
    assert titles(parse(client.get("/topics/gruen/projects.atom"))) == ["Im Grünen"]


@pytest.mark.parametrize(
    "url",
    [
        "/districts/unbekannt/projects.atom",
        "/topics/unbekannt/projects.atom",
        "/districts/%00/projects.atom",
        "/topics/" + "x" * 500 + "/projects.atom",
    ],
)
def test_an_unknown_district_or_topic_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_projects_feeds_cost_a_fixed_number_of_queries(client, count_queries):
    neustadt = DistrictFactory(slug="neustadt")

    def build(n):
        for _ in range(n):
            make_project(members=2, districts=[neustadt, DistrictFactory()])

    build(2)
    for url in ("/projects.atom", "/districts/neustadt/projects.atom"):
        client.get(url)
        count_queries.statements.clear()
        parse(client.get(url))
        few = count_queries.count
        build(8)
        count_queries.statements.clear()
        assert len(titles(parse(client.get(url)))) > 2
        assert count_queries.count == few, count_queries.statements


# --- events ------------------------------------------------------------------------------------


def test_the_events_feed_has_upcoming_events_soonest_first(app):
    district = DistrictFactory(name="Pieschen")
    later = upcoming(title="Später", starts_in=timedelta(days=9))
    soon = upcoming(
        title="Bald <&>",
        starts_in=timedelta(days=2),
        district_id=district.id,
        description_html="<p><strong>Kommt</strong> alle</p>",
    )
    cancelled = upcoming(title="Abgesagt", starts_in=timedelta(days=5), cancelled=True)
    past(title="Vorbei")
    hidden = make_project(title="Verborgenes Projekt")
    hidden.hidden_at = utcnow()
    shown = make_project(title="Sichtbares Projekt")
    soon.projects = [hidden, shown]
    db.session.commit()
    organiser, reason = soon.organiser.display_name, cancelled.cancel_reason
    soon_id, later_id = soon.id, later.id

    root = parse(browser(app).get("/events.atom"))
    assert root.findtext(f"{A}id") == "http://localhost/events.atom"
    assert titles(root) == ["Bald <&>", "Cancelled: Abgesagt", "Später"]
    entry = root.find(f"{A}entry")
    assert entry.findtext(f"{A}id") == f"http://localhost/events/{soon_id}"
    assert entry.findtext(f"{A}author/{A}name") == organiser
    content = entry.findtext(f"{A}content")
    assert "<strong>Kommt</strong> alle" in content
    assert "Pieschen" in content and "Stadtteilhaus Pieschen" in content
    assert "Sichtbares Projekt" in content and "Verborgenes Projekt" not in content
    cancelled_entry, later_entry = root.findall(f"{A}entry")[1:]
    assert reason in cancelled_entry.findtext(f"{A}content")
    assert later_entry.findtext(f"{A}id") == f"http://localhost/events/{later_id}"


def test_the_events_feed_costs_a_fixed_number_of_queries(client, count_queries):
    def build(n):
        for i in range(n):
            event = make_event(district_id=DistrictFactory().id, starts_in=timedelta(days=1 + i))
            event.projects = [make_project()]
            db.session.commit()

    build(2)
    client.get("/events.atom")
    count_queries.statements.clear()
    parse(client.get("/events.atom"))
    few = count_queries.count
    build(8)
    count_queries.statements.clear()
    assert len(titles(parse(client.get("/events.atom")))) == 10
    assert count_queries.count == few, count_queries.statements


# --- the open data page ------------------------------------------------------------------------


def _links_in_main(html: str) -> list[str]:
    main = html[html.index("<main") : html.index("</main>")]
    return re.findall(r'href="([^"]+)"', main)


def test_the_open_data_page_names_the_licence_and_the_source(app):
    DistrictFactory()
    page = browser(app).get("/open-data")
    assert page.status_code == 200
    text = text_of(page)
    assert "Open data" in text
    assert "Datenlizenz Deutschland – Namensnennung – 2.0" in text
    assert 'href="https://www.govdata.de/dl-de/by-2-0" rel="license"' in page.get_data(as_text=True)
    assert "Source to name" in text
    assert "begins with =, +, - or @ gets an apostrophe" in text


def test_the_licence_comes_from_the_settings(app, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_DATA_LICENSE_NAME", "CC BY 4.0")
    monkeypatch.setitem(
        app.config, "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
    )
    client = browser(app)
    assert "CC BY 4.0" in text_of(client.get("/open-data"))
    response = client.get("/open-data/projects.csv")
    assert (
        response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    )


def test_the_open_data_page_lists_every_download_and_feed_and_each_link_works(app):
    neustadt, green = DistrictFactory(slug="neustadt"), TopicFactory(slug="gruen")
    make_project(districts=[neustadt], topics=[green], latitude=51.06, longitude=13.75)
    upcoming()
    client = browser(app)
    html = client.get("/open-data").get_data(as_text=True)
    links = _links_in_main(html)
    paths = {urlsplit(link.replace("&amp;", "&")).path for link in links}
    for expected in (
        "/open-data/projects.csv",
        "/open-data/projects.geojson",
        "/open-data/fund-decisions.csv",
        "/open-data/fund-decisions.geojson",
        "/projects.atom",
        "/districts/neustadt/projects.atom",
        "/topics/gruen/projects.atom",
        "/updates.atom",
        "/events.atom",
        "/events.ics",
        "/api/v1/openapi.json",
        "/api/v1/projects",
        "/statistics",
        "/map",
    ):
        assert expected in paths, expected
    followed = 0
    for link in links:
        link = link.replace("&amp;", "&")
        parts = urlsplit(link)
        if parts.netloc and parts.netloc != "localhost":
            continue  # the licence's own page
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        assert client.get(target).status_code == 200, link
        followed += 1
    assert followed >= 14


def test_pages_with_a_feed_announce_it_and_the_footer_links_open_data(app):
    DistrictFactory(slug="neustadt")
    client = browser(app)
    alternate = '<link rel="alternate" type="application/atom+xml" href="{}"'
    projects = client.get("/projects?district=neustadt").get_data(as_text=True)
    assert alternate.format("/projects.atom") in projects
    assert alternate.format("/districts/neustadt/projects.atom") in projects
    assert 'href="/open-data/projects.csv?district=neustadt"' in projects
    events = client.get("/events").get_data(as_text=True)
    assert alternate.format("/events.atom") in events
    home = client.get("/").get_data(as_text=True)
    footer = home[home.index("<footer") :]
    assert '<a href="/open-data">Open data</a>' in footer


def test_the_open_data_page_costs_a_fixed_number_of_queries(client, count_queries):
    DistrictFactory()
    TopicFactory()
    client.get("/open-data")
    count_queries.statements.clear()
    assert client.get("/open-data").status_code == 200
    few = count_queries.count
    for _ in range(10):
        DistrictFactory()
        TopicFactory()
    count_queries.statements.clear()
    assert client.get("/open-data").status_code == 200
    assert count_queries.count == few, count_queries.statements
