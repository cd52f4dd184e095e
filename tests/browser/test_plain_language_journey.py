"""Plain language in the browser: a visitor goes from the start page to the Easy Read page,
follows a word to its explanation in the glossary, and opens the explanation of the gate on a
project page; every page passes axe, also with the explanation opened."""

from __future__ import annotations

from tests.browser.conftest import check_axe


def test_a_visitor_reads_the_easy_read_page_and_follows_a_word_to_the_glossary(page):
    page.goto("/")
    page.locator(".easy-read-teaser a").click()
    page.wait_for_url("**/easy-read")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("main h2").count() >= 6
    check_axe(page)

    gate = page.locator('main a.term[href="/glossary#gate"]')
    gate_name = gate.inner_text()
    gate.click()
    page.wait_for_url("**/glossary#gate")
    heading = page.locator("h3#gate")
    assert heading.inner_text() == gate_name
    assert heading.is_visible()
    check_axe(page)

    # Each word in the index leads to its explanation on the same page.
    page.locator('.glossary-index a[href="#proof-of-use"]').click()
    assert page.url.endswith("#proof-of-use")
    assert page.locator("h3#proof-of-use").is_visible()


def test_a_project_page_explains_its_phase_and_gate_without_script(page):
    page.goto("/projects?phase=development")
    page.locator(".project-cards h2 a").first.click()
    phase = page.locator('#gate-title ~ p a.term[href="/glossary#development"]')
    assert phase.count() == 1
    explanation = page.locator("details.term-explain").first
    definition = explanation.locator("p")
    assert not definition.is_visible()
    explanation.locator("summary").click()
    assert definition.is_visible()
    assert definition.locator('a[href="/glossary#gate"]').count() == 1
    check_axe(page)


def test_the_fund_page_links_its_words_to_the_glossary(page):
    page.goto("/fund")
    links = page.locator("main a.term")
    assert links.count() >= 5
    check_axe(page)
    page.locator('main a.term[href="/glossary#four-eyes"]').click()
    page.wait_for_url("**/glossary#four-eyes")
    assert page.locator("h3#four-eyes").is_visible()
