"""Proposing, editing, publishing, supporting, and the project list, page and home page."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from civic.db import db, utcnow
from civic.projects.models import Need, Project, Support
from civic.projects.workflow import NeedKind, Phase, ProjectState
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project
from tests.helpers import csrf_token, login, logout, submit, text_of


def _form(district, topic, **overrides):
    data = {
        "title": "Werkzeugbibliothek Pieschen",
        "summary": "Nachbarn leihen sich Werkzeug statt es zu kaufen.",
        "description": "Wir sammeln **Werkzeug** in einem Keller.",
        "concept": "",
        "districts": [district.id],
        "topics": [topic.id],
        "location_name": "",
        "latitude": "",
        "longitude": "",
        "image_alt": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def terms():
    return DistrictFactory(name="Pieschen"), TopicFactory(name_de="Nachbarschaft")


def test_a_citizen_proposes_an_idea_and_becomes_initiator(client, terms):
    author = UserFactory()
    login(client, author.email)
    response = submit(client, "/projects/new", {**_form(*terms), "publish": "1"})
    assert response.status_code == 302
    project = db.session.scalar(
        select(Project).where(Project.title == "Werkzeugbibliothek Pieschen")
    )
    assert project.state is ProjectState.ACTIVE and project.phase is Phase.INITIATION
    page = text_of(client.get(response.location))
    assert "Werkzeugbibliothek Pieschen" in page
    assert author.display_name in page and "Initiator" in page
    assert "Pieschen" in page and "Nachbarschaft" in page
    assert "Idee veröffentlicht" in page  # the timeline
    assert "<strong>Werkzeug</strong>" in client.get(response.location).get_data(as_text=True)


def test_a_draft_is_seen_only_by_its_team_until_published(client, terms):
    author = UserFactory()
    login(client, author.email)
    response = submit(client, "/projects/new", {**_form(*terms), "save_draft": "1"})
    url = response.location
    assert "Entwurf" in text_of(client.get(url))
    assert "Werkzeugbibliothek" not in text_of(client.get("/projects"))
    logout(client)
    assert client.get(url).status_code == 404
    login(client, UserFactory().email)
    assert client.get(url).status_code == 404
    logout(client)
    login(client, author.email)
    assert submit(client, url, {}, action=url + "/publish").status_code == 302
    assert "Werkzeugbibliothek" in text_of(client.get("/projects"))


def test_deleting_a_draft_asks_first(client, terms):
    author = UserFactory()
    login(client, author.email)
    url = submit(client, "/projects/new", {**_form(*terms), "save_draft": "1"}).location
    assert "wirklich" in text_of(client.get(url + "/delete"))
    assert db.session.scalar(select(func.count()).select_from(Project)) == 1
    submit(client, url + "/delete", {})
    # Gone for its team; the row stays for the moderators, who can restore it.
    assert client.get(url).status_code == 404
    assert db.session.scalar(select(Project.deleted_at)) is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Bitte geben Sie Ihrer Idee einen Titel."),
        ("title", "<script>alert(1)</script>", "ohne HTML"),
        ("summary", "x" * 301, "300"),
        ("description", "a" * 100_000, "20000"),
        ("latitude", "91", "-90"),
        ("longitude", "abc", ""),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_kept(client, terms, field, value, message):
    login(client, UserFactory().email)
    data = _form(*terms, **{field: value})
    data["concept"] = "Mein Konzept bleibt erhalten"
    response = submit(client, "/projects/new", {**data, "publish": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in text_of(response)
    assert "Mein Konzept bleibt erhalten" in html
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_districts_and_topics_are_required(client, terms):
    login(client, UserFactory().email)
    data = _form(*terms)
    del data["districts"], data["topics"]
    response = submit(client, "/projects/new", {**data, "publish": "1"})
    page = text_of(response)
    assert "Bitte wählen Sie mindestens einen Stadtteil." in page
    assert "Bitte wählen Sie mindestens ein Thema." in page


def test_markup_in_the_description_is_sanitised(client, terms):
    login(client, UserFactory().email)
    payload = (
        "Hallo <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    response = submit(
        client, "/projects/new", {**_form(*terms, description=payload), "publish": "1"}
    )
    html = client.get(response.location).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img" not in html
    assert 'href="javascript' not in html
    # What was typed stays readable as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_an_image_needs_a_description_and_is_served(client, terms):
    login(client, UserFactory().email)
    data = {**_form(*terms), "publish": "1", "image": (_png(), "bild.png")}
    response = submit(client, "/projects/new", data, content_type="multipart/form-data")
    assert "Bitte beschreiben Sie das Bild" in text_of(response)
    data = {
        **_form(*terms, image_alt="Ein Keller voller Werkzeug"),
        "publish": "1",
        "image": (_png(), "bild.png"),
    }
    response = submit(client, "/projects/new", data, content_type="multipart/form-data")
    page = client.get(response.location).get_data(as_text=True)
    assert 'alt="Ein Keller voller Werkzeug"' in page
    image = client.get(response.location + "/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    image.close()


def test_only_the_team_edits_a_project(client, terms):
    project = make_project(districts=[terms[0]], topics=[terms[1]])
    stranger = UserFactory()
    assert client.get(f"/projects/{project.id}/edit").status_code == 302  # to sign in
    login(client, stranger.email)
    assert client.get(f"/projects/{project.id}/edit").status_code == 403
    token = csrf_token(client, f"/projects/{project.id}")
    response = client.post(
        f"/projects/{project.id}/edit", data={"csrf_token": token, "title": "Gekapert"}
    )
    assert response.status_code == 403
    assert db.session.get(Project, project.id).title != "Gekapert"


def test_the_team_edits_its_project(client, terms):
    member = UserFactory()
    project = make_project(members=[member], districts=[terms[0]], topics=[terms[1]])
    login(client, member.email)
    page = client.get(f"/projects/{project.id}/edit").get_data(as_text=True)
    assert project.title in page
    response = submit(
        client,
        f"/projects/{project.id}/edit",
        {**_form(*terms, title="Neuer Titel für das Projekt"), "save": "1"},
    )
    assert response.status_code == 302
    assert "Neuer Titel für das Projekt" in text_of(client.get(f"/projects/{project.id}"))


def test_support_counts_once_and_can_be_withdrawn(client):
    project = make_project()
    supporter = UserFactory()
    login(client, supporter.email)
    url = f"/projects/{project.id}"
    token = csrf_token(client, url)
    # A double click sends the form twice.
    client.post(url + "/support", data={"csrf_token": token})
    client.post(url + "/support", data={"csrf_token": token})
    assert "1 Person unterstützt dieses Projekt." in text_of(client.get(url))
    assert db.session.scalar(select(func.count()).select_from(Support)) == 1
    client.post(url + "/support/withdraw", data={"csrf_token": token})
    assert "0 Personen unterstützen dieses Projekt." in text_of(client.get(url))


def test_the_database_refuses_a_second_support(app):
    from sqlalchemy.exc import IntegrityError

    project = make_project()
    person = UserFactory()
    db.session.add(Support(project_id=project.id, user_id=person.id))
    db.session.flush()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Support(project_id=project.id, user_id=person.id))
        db.session.flush()


def test_visitors_are_asked_to_sign_in_to_support(client):
    project = make_project()
    page = text_of(client.get(f"/projects/{project.id}"))
    assert "Anmelden, um dieses Projekt zu unterstützen" in page
    assert client.post(f"/projects/{project.id}/support").status_code in (302, 400)


def test_paused_projects_take_no_support(client):
    project = make_project(state=ProjectState.PAUSED)
    login(client, UserFactory().email)
    token = csrf_token(client, f"/projects/{project.id}")
    assert (
        client.post(f"/projects/{project.id}/support", data={"csrf_token": token}).status_code
        == 403
    )


def test_the_list_filters_and_sorts(client):
    pieschen, neustadt = DistrictFactory(name="Pieschen"), DistrictFactory(name="Neustadt")
    first = make_project(title="Gemeinschaftsgarten", districts=[pieschen])
    second = make_project(title="Lastenrad", districts=[neustadt], phase=Phase.DEVELOPMENT)
    make_project(title="Zurückgezogen", state=ProjectState.WITHDRAWN)
    second.supporter_count = 5
    db.session.add(Need(project_id=first.id, kind=NeedKind.ROOMS, title="Raum"))
    first.open_need_count = 1
    db.session.commit()
    page = text_of(client.get("/projects"))
    assert "Gemeinschaftsgarten" in page and "Lastenrad" in page
    assert "Zurückgezogen" not in page
    assert "Zurückgezogen" in text_of(client.get("/projects?state=withdrawn"))
    page = text_of(client.get(f"/projects?district={pieschen.slug}"))
    assert "Gemeinschaftsgarten" in page and "Lastenrad" not in page
    page = text_of(client.get("/projects?phase=development"))
    assert "Lastenrad" in page and "Gemeinschaftsgarten" not in page
    page = text_of(client.get("/projects?needs=1"))
    assert "Gemeinschaftsgarten" in page and "Lastenrad" not in page
    page = text_of(client.get("/projects?sort=supporters"))
    assert page.index("Lastenrad") < page.index("Gemeinschaftsgarten")
    assert "Kein Projekt passt zu diesen Filtern." in text_of(
        client.get("/projects?phase=implementation")
    )


def test_odd_query_strings_never_fail(client):
    make_project()
    for query in (
        "phase=x",
        "state=draft",
        "district=%00",
        "sort=';drop",
        "after=!!",
        "before=eyJ4Ijox",
    ):
        assert client.get(f"/projects?{query}").status_code == 200


def test_keyset_pages_walk_through_every_project_once(client):
    district = DistrictFactory()
    topic = TopicFactory()
    start = utcnow() - timedelta(days=100)
    projects = [make_project(districts=[district], topics=[topic]) for _ in range(45)]
    for i, project in enumerate(projects):
        # Some share a timestamp: the id breaks the tie.
        project.published_at = start + timedelta(hours=i // 3)
    db.session.commit()
    seen: list[str] = []
    url = "/projects"
    pages = 0
    while url:
        response = client.get(url)
        html = response.get_data(as_text=True)
        seen += [p.title for p in projects if f">{p.title}<" in html]
        pages += 1
        marker = 'rel="next"'
        if marker not in html:
            break
        href = html.split(marker)[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        url = href
    assert pages == 3
    assert sorted(seen) == sorted(p.title for p in projects)
    assert len(seen) == 45
    # And back again from the last page.
    prev = html.split('rel="prev"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    back = client.get(prev).get_data(as_text=True)
    newest_second_page = sorted(projects, key=lambda p: (p.published_at, p.id), reverse=True)[20]
    assert f">{newest_second_page.title}<" in back


def test_my_projects_lists_drafts_and_supports(client):
    person = UserFactory()
    draft = make_project(person, state=ProjectState.DRAFT, title="Mein Entwurf")
    other = make_project(title="Unterstütztes Projekt")
    db.session.add(Support(project_id=other.id, user_id=person.id))
    db.session.commit()
    login(client, person.email)
    page = text_of(client.get("/my/projects"))
    assert draft.title in page and other.title in page


def test_home_shows_featured_and_active_projects(client):
    make_project(title="Hervorgehobenes Projekt", featured=True)
    make_project(title="Aktives Projekt")
    page = text_of(client.get("/"))
    assert "Hervorgehobenes Projekt" in page and "Aktives Projekt" in page
    assert "Idee vorschlagen" not in page  # visitors are invited to register first


@pytest.mark.parametrize("url", ["/projects", "/", "/projects/{id}"])
def test_pages_use_a_fixed_number_of_queries(client, count_queries, url):
    viewer = UserFactory()
    login(client, viewer.email)

    def build(n):
        made = []
        for _ in range(n):
            project = make_project(members=3)
            for _ in range(3):
                db.session.add(Support(project_id=project.id, user_id=UserFactory().id))
            db.session.add(Need(project_id=project.id, kind=NeedKind.OTHER, title="Hilfe"))
            made.append(project)
        db.session.commit()
        return made

    first = build(2)[0]
    target = url.format(id=first.id)
    client.get(target)
    count_queries.statements.clear()
    assert client.get(target).status_code == 200
    few = count_queries.count
    build(12)
    for _ in range(5):
        db.session.add(Support(project_id=first.id, user_id=UserFactory().id))
    from civic.projects.models import Membership

    for _ in range(6):
        db.session.add(Membership(project_id=first.id, user_id=UserFactory().id))
    db.session.commit()
    count_queries.statements.clear()
    assert client.get(target).status_code == 200
    assert count_queries.count == few, count_queries.statements
