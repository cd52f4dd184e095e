"""Account protections: sign-in limits per account, the same answers for known and unknown
addresses, a new session at sign-in, and sessions that end with a new password or address."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from civic.accounts.models import User
from civic.db import db
from tests.factories import PASSWORD, UserFactory
from tests.helpers import login, submit, text_of


def attempt(app, email: str, password: str, address: str):
    """One sign-in from its own connection (a new client from another IP address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return submit(client, "/login", {"email": email, "password": password})


@pytest.mark.parametrize("known", [True, False])
def test_guessing_from_many_addresses_is_stopped_per_account(app, monkeypatch, known):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "3 per minute")
    email = f"ziel-{known}@example.org"
    if known:
        UserFactory(email=email)
    answers = [
        attempt(app, email, f"falsch {n}", f"10.0.{int(known)}.{n}").status_code for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    stopped = attempt(app, email, "falsch", "10.0.9.9")
    assert stopped.status_code == 429
    assert "Zu viele Anmeldeversuche" in text_of(stopped)
    # The address typed differently is the same account.
    assert attempt(app, email.upper(), "falsch", "10.0.9.8").status_code == 429
    # Other accounts are not touched.
    assert attempt(app, f"andere-{known}@example.org", "x", "10.0.9.7").status_code == 200


def test_the_stop_looks_the_same_for_known_and_unknown_accounts(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "1 per minute")
    UserFactory(email="bekannt@example.org")
    pages = []
    for n, email in enumerate(("bekannt@example.org", "unbekannt@example.org")):
        attempt(app, email, "falsch", f"10.1.{n}.1")
        pages.append(attempt(app, email, "falsch", f"10.1.{n}.2"))
    assert pages[0].status_code == pages[1].status_code == 429
    assert text_of(pages[0]) == text_of(pages[1])


def test_successful_sign_ins_do_not_use_up_the_account_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_ACCOUNT", "2 per minute")
    user = UserFactory(email="oft@example.org")
    for n in range(4):
        assert attempt(app, user.email, PASSWORD, f"10.2.0.{n}").status_code == 302


def test_registration_with_a_known_address_looks_like_any_registration(client, mailbox):
    UserFactory(email="vorhanden@example.org", display_name="Vera")
    data = {"display_name": "X Y", "password": "ein langes Passwort", "consent": "y"}

    known = submit(client, "/register", {**data, "email": "Vorhanden@Example.org"})
    known_page = text_of(client.get(known.headers["Location"]))
    other = client.application.test_client()
    new = submit(other, "/register", {**data, "email": "frisch@example.org"})
    new_page = text_of(other.get(new.headers["Location"]))

    assert known.status_code == new.status_code == 302
    assert known.headers["Location"] == new.headers["Location"] == "/register/check-mail"
    assert known_page.replace("vorhanden@example.org", "frisch@example.org") == new_page
    # No second account; the owner is told by mail instead.
    count = select(func.count()).select_from(User).where(User.email == "vorhanden@example.org")
    assert db.session.scalar(count) == 1
    warning = mailbox.body(mailbox.last_to("vorhanden@example.org"))
    assert "Hallo Vera," in warning
    assert "bereits ein Konto" in warning
    assert "/password/forgot" in warning
    assert "/verify/" not in warning


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, mailbox):
    UserFactory(email="da@example.org")
    known = submit(client, "/password/forgot", {"email": "da@example.org"})
    unknown = submit(client, "/password/forgot", {"email": "weg@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert text_of(known).replace("da@example.org", "X") == text_of(unknown).replace(
        "weg@example.org", "X"
    )
    assert mailbox.to("da@example.org") and not mailbox.to("weg@example.org")


def test_signing_in_starts_a_new_session_that_keeps_only_the_language(client):
    user = UserFactory()
    submit(client, "/imprint", {"lang": "en", "next": "/imprint"}, action="/language")
    with client.session_transaction() as session:
        session["planted"] = "from before"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"
        assert session["_user_id"] == user.get_id()


def test_a_password_reset_ends_every_session(app, client, mailbox):
    user = UserFactory(email="reset@example.org")
    signed_in = app.test_client()
    login(signed_in, user.email)
    submit(client, "/password/forgot", {"email": user.email})
    link = mailbox.link_to(user.email, "/password/reset/").replace("http://localhost", "")
    done = submit(
        client, link, {"password": "ganz neues Passwort", "confirm": "ganz neues Passwort"}
    )
    assert done.status_code == 302
    assert signed_in.get("/account").status_code == 302


def test_a_new_address_ends_the_other_sessions_but_not_this_one(app, client, mailbox):
    user = UserFactory(email="vorher@example.org")
    other = app.test_client()
    login(other, user.email)
    login(client, user.email)
    submit(client, "/account/email", {"email": "nachher@example.org", "password": PASSWORD})
    link = mailbox.link_to("nachher@example.org", "/verify/").replace("http://localhost", "")
    assert client.get(link).status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_second_factor_codes_are_limited_per_account(app, client, monkeypatch):
    import pyotp

    from civic.accounts import totp
    from civic.accounts.models import Role, UserTotp

    monkeypatch.setitem(app.config, "RATELIMIT_TOTP", "2 per minute")
    user = UserFactory(roles=[Role.ADMIN])
    login(client, user.email)
    submit(client, "/account/two-factor", {}, action="/account/two-factor/begin")
    with app.app_context():
        secret = totp.secret_of(db.session.get(UserTotp, user.id))
    submit(client, "/account/two-factor/setup", {"code": pyotp.TOTP(secret).now()})

    answers = []
    for n in range(3):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"10.3.0.{n}"
        submit(browser, "/login", {"email": user.email, "password": PASSWORD})
        answers.append(submit(browser, "/login/second-step", {"code": "000000"}).status_code)
    assert answers == [200, 200, 429]
