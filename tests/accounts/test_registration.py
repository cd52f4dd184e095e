"""Registration with e-mail confirmation, as a new user meets it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civic.accounts.models import User
from civic.db import db
from tests.factories import UserFactory
from tests.helpers import submit, text_of

GOOD = {
    "display_name": "Marta Elbe",
    "email": "marta@example.org",
    "password": "ein langes Passwort",
    "consent": "y",
}


def register(client, **changes):
    data = {**GOOD, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return submit(client, "/register", data)


def test_registration_sends_a_confirmation_mail_and_the_link_confirms(client, mailbox):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/register/check-mail"
    assert "marta@example.org" in text_of(client.get("/register/check-mail"))

    mail = mailbox.last_to("marta@example.org")
    assert "E-Mail-Adresse" in mail["Subject"]
    user = db.session.scalar(select(User).where(User.email == "marta@example.org"))
    assert user is not None and not user.is_verified
    assert user.password_hash != GOOD["password"]

    link = mailbox.link_to("marta@example.org", "/verify/")
    confirmed = client.get(link.replace("http://localhost", ""))
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_verified


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({"password": "kurz"}, "password", "mindestens 10 Zeichen"),
        ({"consent": None}, "consent", "Datenschutzhinweisen zu"),
        ({"display_name": "<b>Marta</b>"}, "display_name", "ohne HTML"),
        ({"display_name": ""}, "display_name", "Namen ein"),
    ],
)
def test_bad_input_shows_the_error_beside_the_field_and_keeps_the_input(
    client, mailbox, changes, field, message
):
    response = register(client, **changes)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The error is linked to its field and says what is wrong …
    assert f'id="{field}-error"' in html
    error_start = html.index(f'id="{field}-error"')
    assert message in html[error_start : error_start + 300]
    assert (
        f'aria-describedby="{field}-hint {field}-error"' in html
        or f'aria-describedby="{field}-error"' in html
    )
    # … and what the user typed is still there (except the password, as browsers expect).
    for key in ("display_name", "email"):
        value = {**GOOD, **changes}[key]
        if value and key != field:
            assert f'value="{value}"' in html
    assert mailbox.messages == []


def test_a_taken_address_is_not_revealed_but_its_owner_is_told(client, mailbox):
    UserFactory(email="marta@example.org")
    response = register(client, email="Marta@Example.org")
    assert response.headers["Location"] == "/register/check-mail"
    assert "existiert bereits" not in text_of(client.get("/register/check-mail"))
    assert "bereits ein Konto" in mailbox.body(mailbox.last_to("marta@example.org"))


def test_an_invalid_or_forged_link_explains_itself(client):
    response = client.get("/verify/not-a-real-token")
    assert response.status_code == 400
    assert "ungültig" in text_of(response)


def test_unconfirmed_accounts_cannot_sign_in_but_can_ask_for_a_new_link(client, mailbox):
    UserFactory(email="neu@example.org", unverified=True)
    response = submit(
        client, "/login", {"email": "neu@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert "bestätigen Sie zuerst" in text_of(response)
    assert "/verify/resend" in response.get_data(as_text=True)

    submit(client, "/verify/resend", {"email": "neu@example.org"})
    assert mailbox.link_to("neu@example.org", "/verify/")


def test_resend_answers_the_same_for_unknown_addresses(client, mailbox):
    response = submit(client, "/verify/resend", {"email": "unbekannt@example.org"})
    assert response.status_code == 302
    assert mailbox.messages == []


def test_registration_page_is_german_with_labels(client):
    html = client.get("/register").get_data(as_text=True)
    assert '<label for="display_name">Anzeigename</label>' in html
    assert '<label for="email">E-Mail-Adresse</label>' in html


def test_huge_input_is_refused_without_error(client):
    response = register(client, display_name="x" * 100_000)
    assert response.status_code in (200, 413)
    if response.status_code == 200:
        assert 'id="display_name-error"' in response.get_data(as_text=True)
