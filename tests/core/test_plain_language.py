"""Plain language: the Easy Read page, the glossary, words linked to it and hints in forms."""

from __future__ import annotations

import re

from flask_babel import force_locale

from civic.accounts.models import Role
from civic.core import glossary, site
from civic.db import db
from civic.projects.workflow import Phase
from tests.factories import (
    DistrictFactory,
    UserFactory,
    add_mentor,
    make_fund,
    make_project,
)
from tests.helpers import browser, login, text_of


def text_of_html(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def _field_hint(html: str, field_id: str) -> str:
    """The hint of a form field, after checking that the field points to it."""
    match = re.search(rf'<p class="hint" id="{field_id}-hint">([^<]*)</p>', html)
    assert match, f"no hint for {field_id}"
    # The input (or the fieldset of a group of choices) names the hint in aria-describedby.
    referenced = re.search(rf'aria-describedby="(?:[^"]* )?{field_id}-hint(?: [^"]*)?"', html)
    assert referenced, f"{field_id} is not described by its hint"
    return match.group(1)


def test_easy_read_page_explains_the_platform_in_german_with_the_citys_contact(app, client):
    admin = UserFactory(roles=[Role.ADMIN])
    with app.test_request_context():
        site.update_settings(admin, city_name="Dresden", contact_email="mitmachen@dresden.example")
        db.session.commit()
    response = client.get("/easy-read")
    assert response.status_code == 200
    text = text_of(response)
    assert "Diese Webseite in Leichter Sprache" in text
    assert "Diese Webseite gehört zur Stadt Dresden." in text
    for phase in ("Anbahnung", "Projektentwicklung", "Umsetzung"):
        assert phase in text
    assert "Wie schlage ich eine Idee vor?" in text
    assert "mitmachen@dresden.example" in text
    assert "Telefon:" not in text  # no phone number set, so no empty line for it
    html = response.get_data(as_text=True)
    for key in ("initiation", "development", "implementation", "gate", "mentor", "fund"):
        assert f'class="term" href="/glossary#{key}"' in html, key
    assert "Mindestens 3 Menschen sind im Team." in text  # from the gate settings


def test_easy_read_page_in_english(app):
    client = browser(app)
    text = text_of(client.get("/easy-read"))
    assert "This website in Easy Read" in text
    assert "The 3 phases of a project" in text
    assert "Initiation" in text and "Development" in text and "Implementation" in text
    assert "Do you need help?" in text


def test_start_page_and_every_page_link_to_easy_read_and_the_glossary(client):
    html = client.get("/").get_data(as_text=True)
    assert re.search(
        r'class="easy-read-teaser"><a href="/easy-read">Leichte Sprache: [^<]+</a>', html
    )
    for page in ("/", "/projects", "/fund", "/imprint"):
        html = client.get(page).get_data(as_text=True)
        header = html.split('<nav class="wrap main-nav"')[0]
        assert '<a class="easy-read-link" href="/easy-read">Leichte Sprache</a>' in header, page
        footer = html.split('<footer class="site-footer">')[1]
        assert '<a href="/glossary">Glossar</a>' in footer, page


def test_every_glossary_term_has_an_anchor_and_a_german_and_english_explanation(app, client):
    keys = [term.key for term in glossary.TERMS]
    assert len(keys) == len(set(keys))
    assert {term.group for term in glossary.TERMS} == {group.key for group in glossary.GROUPS}
    german = client.get("/glossary").get_data(as_text=True)
    english = browser(app).get("/glossary").get_data(as_text=True)
    german_text, english_text = text_of_html(german), text_of_html(english)
    with app.test_request_context():
        for term in glossary.TERMS:
            assert re.fullmatch(r"[a-z][a-z0-9-]*", term.key), term.key
            assert german.count(f'id="{term.key}"') == 1, term.key
            assert english.count(f'id="{term.key}"') == 1, term.key
            for related in term.related:
                assert related in glossary.BY_KEY, (term.key, related)
            with force_locale("de"):
                de_name, de_definition = str(term.name), str(term.definition)
            with force_locale("en"):
                en_name, en_definition = str(term.name), str(term.definition)
            assert de_definition != en_definition, f"no German explanation of {term.key}"
            assert de_name in german_text and de_definition in german_text, term.key
            assert en_name in english_text and en_definition in english_text, term.key
    assert "Phasentor" in german_text and "Verwendungsnachweis" in german_text
    assert "Vier-Augen-Prinzip" in german_text


def test_a_project_in_development_links_its_phase_gate_and_mentors_to_the_glossary(client):
    project = make_project(phase=Phase.DEVELOPMENT, members=2)
    add_mentor(project)
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert '<a class="term" href="/glossary#development">Projektentwicklung</a>' in html
    assert '<a class="term" href="/glossary#mentor">Mentor*innen</a>' in html
    explanation = re.search(r'<details class="term-explain">.*?</details>', html, re.S)
    assert explanation, "the gate is not explained"
    assert "Was bedeutet „Phasentor“?" in explanation.group(0)
    assert 'href="/glossary#gate"' in explanation.group(0)


def test_the_phase_request_page_explains_the_gate_and_the_request(client):
    initiator = UserFactory()
    project = make_project(initiator, members=1)
    login(client, initiator.email)
    html = client.get(f"/projects/{project.id}/phase").get_data(as_text=True)
    assert '<a class="term" href="/glossary#initiation">Anbahnung</a>' in html
    assert "Was bedeutet „Phasentor“?" in html
    assert "Was bedeutet „Antrag auf Phasenwechsel“?" in html


def test_the_fund_page_links_its_words_to_the_glossary(client):
    fund = make_fund()
    html = client.get(f"/fund/{fund.year}").get_data(as_text=True)
    for key, name in {
        "four-eyes": "Vier-Augen-Prinzip",
        "proof-of-use": "Verwendungsnachweis",
        "fund-application": "Förderantrag",
    }.items():
        assert f'<a class="term" href="/glossary#{key}">{name}</a>' in html


def test_registration_and_project_forms_have_plain_hints_linked_to_their_fields(client):
    html = client.get("/register").get_data(as_text=True)
    assert "Link" in _field_hint(html, "email")
    assert "ausgedachter Name" in _field_hint(html, "display_name")

    user = UserFactory()
    DistrictFactory()
    login(client, user.email)
    html = client.get("/projects/new").get_data(as_text=True)
    assert "Wo findet das Projekt statt?" in _field_hint(html, "districts")
    assert "Themen" in _field_hint(html, "topics")
    assert "Markdown" not in text_of_html(html)
    assert "Sie können den Text gestalten" in _field_hint(html, "description")
    assert "Karte" in _field_hint(html, "latitude")

    html = client.get("/account/profile").get_data(as_text=True)
    assert "E-Mails" in _field_hint(html, "locale")


def test_the_fund_application_form_explains_its_amounts(client):
    initiator = UserFactory()
    project = make_project(initiator, phase=Phase.DEVELOPMENT)
    make_fund()
    login(client, initiator.email)
    html = client.get(f"/projects/{project.id}/fund/apply").get_data(as_text=True)
    assert "Stiftung" in _field_hint(html, "other_funding")
    assert "zugesagt" in _field_hint(html, "other_funding_note")
    assert "Was bedeutet „Förderantrag“?" in html


def test_the_event_form_explains_the_district(client):
    organiser = UserFactory(roles=[Role.COUNCIL_MEMBER])
    login(client, organiser.email)
    html = client.get("/events/new").get_data(as_text=True)
    assert "ganze Stadt" in _field_hint(html, "district")
