"""The public frame: German by default, English on request, footer pages, headers, errors."""

from __future__ import annotations

from civic.core import site
from tests.factories import UserFactory
from tests.helpers import login, submit, text_of


def test_home_is_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html  # the skip link
    assert "Anbahnung" in text_of(response)


def test_language_switch_turns_the_site_english_and_returns_to_the_page(client):
    response = submit(client, "/imprint", {"lang": "en", "next": "/imprint"}, action="/language")
    assert response.status_code == 302
    assert response.headers["Location"] == "/imprint"
    page = client.get("/imprint")
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert "Imprint" in text_of(page)


def test_language_switch_refuses_foreign_redirects(client):
    response = submit(client, "/", {"lang": "en", "next": "//evil.example/"}, action="/language")
    assert response.headers["Location"] == "/"


def test_language_choice_is_kept_for_signed_in_users(client):
    user = UserFactory()
    login(client, user.email)
    submit(client, "/", {"lang": "en", "next": "/"}, action="/language")
    from civic.accounts.models import User
    from civic.db import db

    assert db.session.get(User, user.id).locale == "en"


def test_footer_pages_have_real_default_text_with_the_city_filled_in(client):
    for slug, words in {
        "imprint": ["Impressum", "EUPL"],
        "privacy": ["Datenschutz", "Cookie"],
        "accessibility": ["Barrierefreiheit", "Schlichtung"],
    }.items():
        response = client.get(f"/{slug}")
        assert response.status_code == 200
        text = text_of(response)
        for word in words:
            assert word in text, (slug, word)
        assert "[[" not in text


def test_admin_edits_a_page_and_can_restore_the_default(client):
    from civic.accounts.models import Role

    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    response = submit(
        client,
        "/admin/pages/imprint/de",
        {"body": "## Herausgeberin\n\nDie Stadt <script>alert(1)</script>"},
    )
    assert response.status_code == 302
    page = client.get("/imprint").get_data(as_text=True)
    assert "<h3>Herausgeberin</h3>" in page
    assert "<script>alert(1)" not in page
    submit(client, "/admin/pages/imprint/de/reset", {})
    assert "Herausgeberin</h3>" not in client.get("/imprint").get_data(as_text=True)
    assert site.stored_page("imprint", "de") is None


def test_page_editor_keeps_the_text_when_it_is_empty(client):
    from civic.accounts.models import Role

    admin = UserFactory(roles=[Role.ADMIN])
    login(client, admin.email)
    response = submit(client, "/admin/pages/privacy/en", {"body": "   "})
    assert response.status_code == 200
    assert "Please enter the text of the page." in text_of(
        response
    ) or "Bitte geben Sie den Text der Seite ein." in text_of(response)


def test_security_headers_are_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only_and_same_site(client):
    submit(client, "/", {"lang": "en", "next": "/"}, action="/language")
    cookie = client.get_cookie("civic_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_pages_of_signed_in_users_are_not_cached(client):
    user = UserFactory()
    login(client, user.email)
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_unknown_page_answers_404_in_german(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in text_of(response)


def test_post_without_csrf_token_is_refused_with_a_clear_message(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert "Formular" in text_of(response)


def test_theme_css_uses_the_configured_colours(app, client):
    from civic.db import db

    with app.test_request_context():
        site.update_settings(None, primary_color="#123456")
        db.session.commit()
    assert "--primary: #123456" in client.get("/theme.css").get_data(as_text=True)
