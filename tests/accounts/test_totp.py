"""The second factor (TOTP) of staff accounts: setting it up, signing in with it, recovery
codes, switching it off, the admin requirement and the operator's reset."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from civic.accounts import totp
from civic.accounts.models import RecoveryCode, Role, User, UserTotp
from civic.core.models import AuditEntry
from civic.db import db
from tests.factories import PASSWORD, UserFactory
from tests.helpers import fresh, login, submit, text_of


@pytest.fixture
def clock(app, monkeypatch):
    """The clock of the second factor, moved by the test."""
    moment = {"now": 1_900_000_000.0, "app": app}
    monkeypatch.setattr(totp, "now", lambda: moment["now"])
    return moment


def code_at(user: User, clock) -> str:
    """The code the app shows at the clock's time."""
    with clock["app"].app_context():
        secret = totp.secret_of(db.session.get(UserTotp, user.id))
    return pyotp.TOTP(secret).at(clock["now"])


def switch_on(client, user: User, clock) -> list[str]:
    """Set the factor up through the pages; returns the recovery codes shown."""
    submit(client, "/account/two-factor", {}, action="/account/two-factor/begin")
    response = submit(client, "/account/two-factor/setup", {"code": code_at(user, clock)})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9-]{19})</code>", response.get_data(as_text=True))


def actions(user: User) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "user", AuditEntry.object_id == user.id)
            .order_by(AuditEntry.id)
        )
    )


def test_a_moderator_sets_up_the_factor_with_a_qr_code_and_gets_recovery_codes(client, clock):
    user = UserFactory(roles=[Role.MODERATOR])
    login(client, user.email)
    settings = text_of(client.get("/account"))
    assert "Zweiter Faktor (Authenticator-App) : aus" in settings

    page = client.get("/account/two-factor")
    assert "Der zweite Faktor ist ausgeschaltet." in text_of(page)
    started = submit(client, "/account/two-factor", {}, action="/account/two-factor/begin")
    assert started.headers["Location"] == "/account/two-factor/setup"

    setup = client.get("/account/two-factor/setup")
    # A page with the secret on it stays out of every cache.
    assert setup.headers["Cache-Control"] == "no-store"
    html = setup.get_data(as_text=True)
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1]
    with client.application.app_context():
        secret = totp.secret_of(db.session.get(UserTotp, user.id))
    assert totp.grouped(secret) in html
    # The secret is stored encrypted, never as it is.
    assert secret not in db.session.get(UserTotp, user.id).secret

    wrong = submit(client, "/account/two-factor/setup", {"code": "123456"})
    assert wrong.status_code == 200
    assert 'id="code-error"' in wrong.get_data(as_text=True)
    assert "nicht richtig" in text_of(wrong)
    assert not totp.is_enabled(fresh(User, user.id))

    shown = submit(client, "/account/two-factor/setup", {"code": code_at(user, clock)})
    codes = re.findall(r"<code>([a-z0-9-]{19})</code>", shown.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert shown.headers["Cache-Control"] == "no-store"
    assert "nur dieses eine Mal" in text_of(shown)
    # Only hashes are kept.
    stored = set(db.session.scalars(select(RecoveryCode.code_hash)))
    assert not stored & set(codes)
    assert totp.is_enabled(fresh(User, user.id))
    assert "account.totp_enable" in actions(user)
    # This browser stays signed in.
    assert "Der zweite Faktor ist eingeschaltet." in text_of(client.get("/account/two-factor"))
    assert "10 unbenutzte Wiederherstellungscodes" in text_of(client.get("/account/two-factor"))


def test_citizens_are_not_offered_the_factor(client):
    user = UserFactory()
    login(client, user.email)
    assert "Zweiter Faktor" not in text_of(client.get("/account"))
    assert client.get("/account/two-factor").status_code == 403
    assert submit(client, "/account", {}, action="/account/two-factor/begin").status_code == 403


def test_signing_in_asks_for_the_code_and_a_code_works_only_once(app, client, clock):
    user = UserFactory(roles=[Role.COORDINATOR], display_name="Kora")
    login(client, user.email)
    switch_on(client, user, clock)
    clock["now"] += 60

    browser = app.test_client()
    first = submit(browser, "/login", {"email": user.email, "password": PASSWORD})
    assert first.headers["Location"] == "/login/second-step"
    # Not signed in before the second step.
    assert browser.get("/account").status_code == 302
    step = browser.get("/login/second-step")
    assert "Anmelden: zweiter Schritt" in text_of(step)

    wrong = submit(browser, "/login/second-step", {"code": "000000"})
    assert wrong.status_code == 200
    assert "nicht richtig oder wurde schon verwendet" in text_of(wrong)

    code = code_at(user, clock)
    done = submit(browser, "/login/second-step", {"code": code})
    assert done.headers["Location"] == "/"
    assert "Willkommen, Kora!" in text_of(browser.get("/"))
    assert browser.get("/account").status_code == 200

    # The same code, still in its 30 seconds, does not sign in a second time.
    again = app.test_client()
    submit(again, "/login", {"email": user.email, "password": PASSWORD})
    replay = submit(again, "/login/second-step", {"code": code})
    assert replay.status_code == 200
    assert again.get("/account").status_code == 302
    # The next code does.
    clock["now"] += 30
    assert submit(again, "/login/second-step", {"code": code_at(user, clock)}).status_code == 302


def test_the_second_step_returns_to_the_page_asked_for(app, client, clock):
    user = UserFactory(roles=[Role.FUND_OFFICER])
    login(client, user.email)
    switch_on(client, user, clock)
    clock["now"] += 60
    browser = app.test_client()
    submit(
        browser,
        "/login?next=/account/profile",
        {"email": user.email, "password": PASSWORD, "next": "/account/profile"},
        action="/login",
    )
    done = submit(browser, "/login/second-step", {"code": code_at(user, clock)})
    assert done.headers["Location"] == "/account/profile"


def test_the_second_step_expires_after_ten_minutes(app, client, clock):
    user = UserFactory(roles=[Role.ADMIN])
    login(client, user.email)
    switch_on(client, user, clock)
    browser = app.test_client()
    submit(browser, "/login", {"email": user.email, "password": PASSWORD})
    clock["now"] += 11 * 60
    late = browser.get("/login/second-step")
    assert late.headers["Location"].startswith("/login")
    assert "Bitte melden Sie sich erneut an" in text_of(browser.get("/login"))


def test_a_recovery_code_signs_in_once(app, client, clock):
    user = UserFactory(roles=[Role.MODERATOR])
    login(client, user.email)
    codes = switch_on(client, user, clock)

    browser = app.test_client()
    submit(browser, "/login", {"email": user.email, "password": PASSWORD})
    typed = codes[3].upper().replace("-", " ")  # as someone types it from paper
    assert submit(browser, "/login/second-step", {"code": typed}).status_code == 302
    assert "account.totp_recovery_code_used" in actions(user)

    other = app.test_client()
    submit(other, "/login", {"email": user.email, "password": PASSWORD})
    assert submit(other, "/login/second-step", {"code": codes[3]}).status_code == 200
    assert "9 unbenutzte" in text_of(browser.get("/account/two-factor"))


def test_switching_off_needs_password_and_code(client, clock):
    user = UserFactory(roles=[Role.MODERATOR])
    login(client, user.email)
    switch_on(client, user, clock)
    clock["now"] += 60

    no_password = submit(
        client,
        "/account/two-factor/disable",
        {"password": "falsch", "code": code_at(user, clock)},
    )
    assert 'id="password-error"' in no_password.get_data(as_text=True)
    no_code = submit(client, "/account/two-factor/disable", {"password": PASSWORD, "code": "1"})
    assert 'id="code-error"' in no_code.get_data(as_text=True)
    assert totp.is_enabled(fresh(User, user.id))

    done = submit(
        client,
        "/account/two-factor/disable",
        {"password": PASSWORD, "code": code_at(user, clock)},
    )
    assert done.headers["Location"] == "/account/two-factor"
    assert not totp.is_enabled(fresh(User, user.id))
    assert (
        db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all() == []
    )
    assert "account.totp_disable" in actions(user)
    assert "Der zweite Faktor ist ausgeschaltet." in text_of(client.get("/account/two-factor"))


def test_enabling_the_factor_ends_other_sessions(app, client, clock):
    user = UserFactory(roles=[Role.ADMIN])
    other = app.test_client()
    login(other, user.email)
    login(client, user.email)
    switch_on(client, user, clock)
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_admins_must_set_it_up_when_the_platform_requires_it(app, client, clock, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_ADMIN_TOTP", True)
    admin = UserFactory(roles=[Role.ADMIN])
    signed_in = login(client, admin.email)
    assert signed_in.headers["Location"] == "/account/two-factor"
    blocked = client.get("/admin/users")
    assert blocked.status_code == 302
    assert blocked.headers["Location"] == "/account/two-factor"
    assert "Administrator*innen müssen" in text_of(client.get("/account/two-factor"))
    switch_on(client, admin, clock)
    assert client.get("/admin/users").status_code == 200
    # Switching it off is refused while the platform requires it.
    clock["now"] += 60
    refused = submit(
        client,
        "/account/two-factor/disable",
        {"password": PASSWORD, "code": code_at(admin, clock)},
    )
    assert refused.status_code == 200
    assert totp.is_enabled(fresh(User, admin.id))

    # Other people are not held up.
    citizen = UserFactory()
    other = app.test_client()
    login(other, citizen.email)
    assert other.get("/account").status_code == 200


def test_the_operator_resets_the_factor_of_someone_who_lost_the_phone(app, client, clock):
    user = UserFactory(roles=[Role.MODERATOR], email="verloren@example.org")
    login(client, user.email)
    switch_on(client, user, clock)
    result = app.test_cli_runner().invoke(args=["civic", "totp-reset", "Verloren@example.org"])
    assert result.exit_code == 0, result.output
    assert "switched off" in result.output
    assert not totp.is_enabled(fresh(User, user.id))
    assert client.get("/account").status_code == 302  # every session ended
    # The password alone signs in again.
    assert login(app.test_client(), user.email).headers["Location"] == "/"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.totp_reset"))
    assert entry.details == {"via": "command line"}

    unknown = app.test_cli_runner().invoke(args=["civic", "totp-reset", "niemand@example.org"])
    assert unknown.exit_code != 0
