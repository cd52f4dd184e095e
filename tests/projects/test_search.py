"""Full-text search over projects and the similar projects shown while an idea is written.

These tests run on SQLite (FTS5 with German stems) and, in CI, again on PostgreSQL (the german
text-search configuration): the same expectations hold on both."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from civic.core.markdown import render_markdown
from civic.db import db, utcnow
from civic.projects import operations as ops
from civic.projects import search
from civic.projects.models import Project
from civic.projects.workflow import Phase, ProjectState
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project
from tests.helpers import login, submit, text_of


def titles(response) -> list[str]:
    """The titles of the project cards, in order."""
    html = response.get_data(as_text=True)
    found = re.findall(r'<h2><a href="/projects/\d+">(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", t) for t in found]


def described(text: str) -> dict[str, str]:
    return {"description_markdown": text, "description_html": render_markdown(text)}


def test_radwege_finds_a_project_about_a_radweg(client):
    make_project(title="Ein neuer Radweg für Pieschen")
    make_project(title="Sitzbänke am Elbufer")
    response = client.get("/projects?q=Radwege")
    assert titles(response) == ["Ein neuer Radweg für Pieschen"]
    page = text_of(response)
    assert "1 Projekt gefunden für „Radwege“" in page


def test_the_matched_words_are_marked(client):
    make_project(title="Ein neuer Radweg für Pieschen", summary="Sicher zur Schule radeln.")
    html = client.get("/projects?q=Radwege+Schulen").get_data(as_text=True)
    assert "Ein neuer <mark>Radweg</mark> für Pieschen" in html
    assert "Sicher zur <mark>Schule</mark> radeln." in html


def test_a_match_in_the_description_shows_a_marked_passage(client):
    make_project(
        title="Werkstatt im Hinterhof",
        **described("Wir reparieren gemeinsam Fahrräder und bauen Lastenräder für alle."),
    )
    html = client.get("/projects?q=Lastenrad").get_data(as_text=True)
    assert titles(client.get("/projects?q=Lastenrad")) == ["Werkstatt im Hinterhof"]
    assert "bauen <mark>Lastenräder</mark> für alle" in html


def test_title_matches_come_first(client):
    # Many mentions in the description do not outrank one in the title.
    make_project(
        title="Grünes Band an der Elbe",
        summary="Ein Radweg, noch ein Radweg.",
        **described("Radweg " * 40),
    )
    make_project(title="Radweg am Kanal")
    make_project(title="Blumenwiese", summary="Neben dem Radweg blüht es.")
    assert titles(client.get("/projects?q=Radweg")) == [
        "Radweg am Kanal",
        "Grünes Band an der Elbe",
        "Blumenwiese",
    ]


def test_every_word_must_match(client):
    make_project(title="Radweg in Pieschen")
    make_project(title="Radweg in Cotta")
    assert titles(client.get("/projects?q=Radweg+Cotta")) == ["Radweg in Cotta"]


def test_search_combines_with_the_filters(client):
    pieschen, cotta = DistrictFactory(name="Pieschen"), DistrictFactory(name="Cotta")
    mobility = TopicFactory(name_de="Mobilität")
    make_project(title="Radweg A", districts=[pieschen], topics=[mobility])
    make_project(title="Radweg B", districts=[cotta], topics=[mobility])
    make_project(title="Radweg C", districts=[pieschen], phase=Phase.DEVELOPMENT)
    make_project(title="Gartenprojekt", districts=[pieschen], topics=[mobility])
    assert titles(client.get(f"/projects?q=Radweg&district={pieschen.slug}")) == [
        "Radweg C",
        "Radweg A",
    ]
    assert titles(client.get(f"/projects?q=Radweg&topic={mobility.slug}")) == [
        "Radweg B",
        "Radweg A",
    ]
    assert titles(client.get("/projects?q=Radweg&phase=development")) == ["Radweg C"]


def test_another_order_can_be_chosen_for_the_hits(client):
    make_project(title="Radweg eins", supporter_count=1)
    make_project(title="Radweg zwei", supporter_count=9)
    make_project(title="Anderes", summary="Mit Radweg", supporter_count=20)
    assert titles(client.get("/projects?q=Radweg&sort=supporters")) == [
        "Anderes",
        "Radweg zwei",
        "Radweg eins",
    ]


def test_drafts_and_hidden_projects_are_never_found(client):
    make_project(title="Radweg als Entwurf", state=ProjectState.DRAFT)
    make_project(title="Radweg versteckt", hidden_at=utcnow(), hidden_reason="Spam")
    make_project(title="Radweg öffentlich")
    assert titles(client.get("/projects?q=Radweg")) == ["Radweg öffentlich"]


def test_the_index_follows_edits_and_new_plan_versions(ctx, client):
    author = UserFactory()
    project = make_project(author, title="Bücherschrank am Markt", phase=Phase.DEVELOPMENT)
    ops.update_project(
        author,
        project,
        title="Tauschregal am Markt",
        summary=project.summary,
        description="",
        concept="",
        district_ids=[d.id for d in project.districts],
        topic_ids=[t.id for t in project.topics],
    )
    db.session.commit()
    assert titles(client.get("/projects?q=Bücherschrank")) == []
    assert titles(client.get("/projects?q=Tauschregal")) == ["Tauschregal am Markt"]
    assert titles(client.get("/projects?q=Zinnfiguren")) == []
    ops.save_plan(author, project, goals="Eine Ausstellung alter Zinnfiguren", milestones=[])
    db.session.commit()
    assert titles(client.get("/projects?q=Zinnfiguren")) == ["Tauschregal am Markt"]


def test_a_deleted_draft_leaves_the_index(ctx):
    project = make_project(title="Radweg als Entwurf", state=ProjectState.DRAFT)
    project_id = project.id
    db.session.delete(project)
    db.session.commit()
    stmt, order = search.apply_search(select(Project.id), "Radweg")
    assert list(db.session.scalars(stmt.order_by(*order))) == []
    assert db.session.get(Project, project_id) is None


def test_rebuilding_the_index_finds_projects_written_behind_the_orm(ctx, app):
    project = make_project(title="Sternwarte auf dem Dach")
    db.session.execute(
        Project.__table__.update()
        .where(Project.id == project.id)
        .values(title="Planetarium auf dem Dach")
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["civic", "search-index"])
    assert "Search index rebuilt" in result.output
    stmt, order = search.apply_search(select(Project.id), "Planetarium")
    assert list(db.session.scalars(stmt.order_by(*order))) == [project.id]


@pytest.mark.parametrize(
    "query",
    [
        '"Radweg',
        "Radweg*",
        "title: Radweg",
        "Radweg OR NOT",
        "NEAR(Radweg Elbe)",
        "(((",
        "Rad\x00weg",
        "' OR 1=1 --",
        "die der das",
        "ß" * 300,
        "Straße & Weg | !Platz <-> :*",
    ],
)
def test_any_query_gives_a_page_never_an_error(client, query):
    make_project(title="Radweg am Wasser")
    response = client.get("/projects", query_string={"q": query})
    assert response.status_code == 200


def test_a_query_of_stop_words_only_finds_nothing_and_says_so(client):
    make_project(title="Die Brücke der Nachbarn")
    response = client.get("/projects?q=die+der")
    assert titles(response) == []
    assert "Kein Projekt passt zu Ihrer Suche" in text_of(response)


def test_the_search_keeps_the_words_in_the_field(client):
    html = client.get("/projects?q=Radweg+%3Cb%3E").get_data(as_text=True)
    assert 'value="Radweg &lt;b&gt;"' in html


def test_search_results_are_paginated(client):
    for number in range(23):
        make_project(title=f"Radweg Nummer {number}")
    first = client.get("/projects?q=Radweg")
    second = client.get("/projects?q=Radweg&page=2")
    assert len(titles(first)) == 20 and len(titles(second)) == 3
    assert not set(titles(first)) & set(titles(second))
    assert "Seite 1 von 2" in text_of(first)


def test_the_search_page_needs_the_same_queries_for_few_and_many_hits(client, count_queries):
    make_project(title="Radweg eins")
    client.get("/projects?q=Radweg")  # settings and taxonomy are cached from here on
    count_queries.statements.clear()
    client.get("/projects?q=Radweg")
    few = count_queries.count
    for number in range(15):
        make_project(title=f"Radweg {number}", districts=[DistrictFactory(), DistrictFactory()])
    count_queries.statements.clear()
    client.get("/projects?q=Radweg")
    assert count_queries.count == few


def test_highlighting_escapes_the_text():
    assert str(search.highlight("<b>Radweg</b> & mehr", "Radwege")) == (
        "&lt;b&gt;<mark>Radweg</mark>&lt;/b&gt; &amp; mehr"
    )


# --- similar projects --------------------------------------------------------------------------


def test_the_preview_shows_a_similar_project_without_saving(client):
    district, topic = DistrictFactory(), TopicFactory()
    existing = make_project(
        title="Gemeinschaftsgarten am Alaunplatz", summary="Wir gärtnern gemeinsam."
    )
    login(client, UserFactory().email)
    response = submit(
        client,
        "/projects/new",
        {
            "title": "Ein Gemeinschaftsgarten für die Neustadt",
            "summary": "Nachbarn pflanzen Gemüse.",
            "description": "Mit **Hochbeeten**.",
            "districts": [district.id],
            "topics": [topic.id],
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Ähnliche Projekte gibt es schon" in page
    assert "Gemeinschaftsgarten am Alaunplatz" in page
    html = response.get_data(as_text=True)
    assert f'href="/projects/{existing.id}/join"' in html
    assert "<strong>Hochbeeten</strong>" in html  # the preview of the description
    # What was typed stays in the form, and nothing was saved.
    assert 'value="Ein Gemeinschaftsgarten für die Neustadt"' in html
    assert (
        db.session.scalar(
            select(Project).where(Project.title.startswith("Ein Gemeinschaftsgarten"))
        )
        is None
    )


def test_the_preview_with_errors_shows_them_and_no_preview(client):
    login(client, UserFactory().email)
    response = submit(client, "/projects/new", {"title": "Ab", "summary": "", "preview": "1"})
    page = text_of(response)
    assert response.status_code == 200
    assert "Vorschau" not in page.split("Idee vorschlagen", 2)[-1].split("Titel")[0]
    assert "Ähnliche Projekte" not in page


def test_the_form_asks_the_server_for_similar_projects_while_typing(client):
    make_project(title="Gemeinschaftsgarten am Alaunplatz")
    make_project(title="Hundewiese", state=ProjectState.DRAFT)
    fragment = client.get(
        "/projects/similar", query_string={"title": "Neuer Gemeinschaftsgarten", "summary": ""}
    )
    assert "Gemeinschaftsgarten am Alaunplatz" in text_of(fragment)
    assert text_of(client.get("/projects/similar?title=Hundewiese")) == ""
    assert text_of(client.get("/projects/similar?title=ab")) == ""


def test_a_draft_shows_its_team_the_similar_projects(client):
    author = UserFactory()
    make_project(title="Repair-Café in Cotta", state=ProjectState.ACTIVE)
    draft = make_project(author, title="Repair-Café für Löbtau", state=ProjectState.DRAFT)
    login(client, author.email)
    page = text_of(client.get(f"/projects/{draft.id}"))
    assert "Ähnliche Projekte gibt es schon" in page and "Repair-Café in Cotta" in page
    assert page.count("Repair-Café für Löbtau") >= 1


def test_similar_projects_are_ranked_and_limited(ctx):
    from civic.projects import queries

    for number in range(7):
        make_project(title=f"Tauschbörse {number}")
    make_project(title="Tauschbörse für Kinderkleidung")
    found = queries.similar_projects("Tauschbörse Kinderkleidung", "")
    assert len(found) == 5
    assert found[0].title == "Tauschbörse für Kinderkleidung"
