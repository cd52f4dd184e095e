"""Signing in and out, staying signed in, passwords and e-mail changes."""

from __future__ import annotations

from civic.accounts.models import User
from civic.db import db
from tests.factories import PASSWORD, UserFactory
from tests.helpers import login, logout, submit, text_of


def test_sign_in_and_out(client):
    user = UserFactory(display_name="Lene")
    response = login(client, user.email)
    assert response.headers["Location"] == "/"
    assert "Willkommen, Lene!" in text_of(client.get("/"))
    assert client.get("/account").status_code == 200
    logout(client)
    assert client.get("/account").status_code == 302


def test_wrong_password_gives_one_message_for_known_and_unknown_addresses(client):
    user = UserFactory()
    known = submit(client, "/login", {"email": user.email, "password": "falsch falsch"})
    unknown = submit(client, "/login", {"email": "niemand@example.org", "password": "falsch x"})
    assert known.status_code == unknown.status_code == 200
    message = "E-Mail-Adresse oder Passwort ist nicht richtig."
    assert message in text_of(known) and message in text_of(unknown)
    assert f'value="{user.email}"' in known.get_data(as_text=True)


def test_stay_signed_in_makes_the_session_outlast_the_browser(client):
    user = UserFactory()
    submit(client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("civic_session").expires is not None


def test_without_stay_signed_in_the_session_ends_with_the_browser(client):
    user = UserFactory()
    login(client, user.email)
    assert client.get_cookie("civic_session").expires is None


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(client):
    user = UserFactory()
    first = client.get("/account")
    assert first.status_code == 302 and "next=/account" in first.headers["Location"]
    ok = submit(
        client,
        "/login?next=/account",
        {"email": user.email, "password": PASSWORD, "next": "/account"},
    )
    assert ok.headers["Location"] == "/account"
    logout(client)
    evil = submit(
        client,
        "/login",
        {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert evil.headers["Location"] == "/"


def test_deactivated_accounts_cannot_sign_in(client):
    user = UserFactory(is_active=False)
    response = submit(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200


def test_password_reset_by_mail(client, mailbox):
    user = UserFactory()
    response = submit(client, "/password/forgot", {"email": user.email})
    assert response.status_code == 200
    link = mailbox.link_to(user.email, "/password/reset/").replace("http://localhost", "")
    reset = submit(
        client, link, {"password": "ganz neues Passwort", "confirm": "ganz neues Passwort"}
    )
    assert reset.headers["Location"] == "/login"
    login(client, user.email, "ganz neues Passwort")
    # The link works only once.
    assert client.get(link).status_code == 400


def test_password_reset_says_the_same_for_unknown_addresses(client, mailbox):
    user = UserFactory()
    known = text_of(submit(client, "/password/forgot", {"email": user.email}))
    unknown = text_of(submit(client, "/password/forgot", {"email": "x@example.org"}))
    assert known.replace(user.email, "ADDR") == unknown.replace("x@example.org", "ADDR")
    assert len(mailbox.messages) == 1


def test_reset_form_errors_keep_the_page(client, mailbox):
    user = UserFactory()
    submit(client, "/password/forgot", {"email": user.email})
    link = mailbox.link_to(user.email, "/password/reset/").replace("http://localhost", "")
    response = submit(client, link, {"password": "ganz neues Passwort", "confirm": "anders"})
    assert response.status_code == 200
    assert "nicht gleich" in text_of(response)


def test_changing_the_password_signs_out_other_devices(app, client):
    user = UserFactory()
    other = app.test_client()
    login(client, user.email)
    login(other, user.email)
    response = submit(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "noch ein Passwort",
            "confirm": "noch ein Passwort",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this device stays signed in
    assert other.get("/account").status_code == 302  # the other one is signed out


def test_changing_the_password_needs_the_current_one(client):
    user = UserFactory()
    login(client, user.email)
    response = submit(
        client,
        "/account/password",
        {
            "current_password": "falsch",
            "password": "noch ein Passwort",
            "confirm": "noch ein Passwort",
        },
    )
    assert response.status_code == 200
    assert 'id="current_password-error"' in response.get_data(as_text=True)


def test_changing_the_email_address_is_confirmed_from_the_new_address(client, mailbox):
    user = UserFactory(email="alt@example.org")
    login(client, user.email)
    response = submit(client, "/account/email", {"email": "neu@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert db.session.get(User, user.id).email == "alt@example.org"
    link = mailbox.link_to("neu@example.org", "/verify/").replace("http://localhost", "")
    client.get(link)
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "neu@example.org"
    # The old address is told.
    assert mailbox.to("alt@example.org")


def test_email_change_to_a_taken_address_is_refused(client, mailbox):
    UserFactory(email="belegt@example.org")
    user = UserFactory()
    login(client, user.email)
    response = submit(
        client, "/account/email", {"email": "belegt@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert mailbox.messages == []
