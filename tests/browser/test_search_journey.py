"""Finding projects in the browser: a visitor searches the demo city's projects, and a citizen
who starts writing an idea is shown the projects like it, while typing and on the preview."""

from __future__ import annotations

from tests.browser.conftest import check_axe
from tests.browser.test_project_journey import sign_in


def test_a_visitor_searches_and_narrows_the_hits(page):
    page.goto("/projects")
    page.get_by_label("Suche").fill("Gemeinschaftsgärten")
    page.get_by_role("button", name="Anzeigen").click()
    status = page.get_by_role("status").first.inner_text()
    assert "gefunden für „Gemeinschaftsgärten“" in status
    first = page.locator(".project-cards h2").first
    assert "Gemeinschaftsgarten" in first.inner_text()
    assert first.locator("mark").count() >= 1
    check_axe(page)

    page.get_by_label("Stadtteil").select_option(label="Neustadt")
    page.get_by_role("button", name="Anzeigen").click()
    titles = page.locator(".project-cards h2").all_inner_texts()
    assert titles == ["Gemeinschaftsgarten am Rand des Alaunplatzes"]
    assert page.get_by_label("Suche").input_value() == "Gemeinschaftsgärten"


def test_writing_an_idea_shows_similar_projects_while_typing_and_on_the_preview(page):
    sign_in(page, "buergerin@demo.civic.example")
    page.goto("/projects/new")
    page.get_by_label("Titel").fill("Ein Gemeinschaftsgarten für das Hechtviertel")
    live = page.locator("#similar-live")
    live.get_by_role(
        "link", name="Gemeinschaftsgarten am Rand des Alaunplatzes", exact=True
    ).wait_for()
    assert live.get_by_role("heading", name="Ähnliche Projekte gibt es schon").is_visible()

    page.get_by_label("Zusammenfassung").fill("Hochbeete und Obstbäume für die Nachbarschaft.")
    page.get_by_label("Neustadt", exact=True).check()
    page.get_by_label("Stadtgrün", exact=True).check()
    page.get_by_role("button", name="Vorschau").click()
    assert page.get_by_role("heading", name="Vorschau").is_visible()
    assert page.get_by_role(
        "link", name="Gemeinschaftsgarten am Rand des Alaunplatzes", exact=True
    ).count()
    assert (
        page.get_by_label("Titel").input_value() == "Ein Gemeinschaftsgarten für das Hechtviertel"
    )
    check_axe(page)
