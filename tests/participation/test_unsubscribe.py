"""The unsubscribe link of every notification mail: it works without signing in, straight from
the mail (a page to confirm, or one click from the mail program by RFC 8058), and cannot be
made for anybody else."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale, refresh
from itsdangerous import URLSafeSerializer
from itsdangerous.encoding import base64_decode, base64_encode

from civic.db import db
from civic.participation import notifications as notes
from civic.participation.digests import send_digests
from civic.participation.models import Frequency
from tests.factories import UserFactory
from tests.helpers import browser, text_of


def tell(user, kind="comments"):
    notes.notify([user], None, "Betreff", "Etwas geschah.", "http://localhost/", kind=kind)
    db.session.commit()


def digest_link(mailbox, user):
    tell(user)
    assert send_digests("daily") == 1
    return mailbox.link_to(user.email, "/unsubscribe/")


def choices(user):
    db.session.expire_all()
    return notes.frequencies(user)


def test_the_link_in_a_digest_stops_all_mail_without_signing_in(app, ctx, mailbox):
    clara = UserFactory(locale="en")
    link = digest_link(mailbox, clara)
    message = mailbox.last_to(clara.email)
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    visitor = browser(app)  # nobody signed in
    page = visitor.get(link)
    assert page.status_code == 200
    # The page asks first (a GET changes nothing: mail scanners open links).
    assert "You will no longer get e-mails about: all e-mail notifications." in text_of(page)
    assert set(choices(clara).values()) != {Frequency.NEVER}

    done = visitor.post(urlsplit(link).path)  # the button: no CSRF token needed
    assert "E-mails stopped" in text_of(done)
    assert done.status_code == 200
    assert set(choices(clara).values()) == {Frequency.NEVER}
    assert 'href="/notifications/settings"' in done.get_data(as_text=True)


def test_the_link_in_a_notice_stops_only_its_kind(app, ctx, mailbox):
    clara = UserFactory(locale="en")  # the page speaks the language of the mail
    tell(clara, kind="fund")  # mailed at once
    message = mailbox.last_to(clara.email)
    link = mailbox.link_to(clara.email, "/unsubscribe/")
    assert message["List-Unsubscribe"] == f"<{link}>"
    page = browser(app).get(link)
    with force_locale("en"):
        label = str(notes.KINDS["fund"])
    assert f"e-mails about: {label}." in text_of(page)
    assert app.test_client().post(link).status_code == 200
    after = choices(clara)
    assert after["fund"] is Frequency.NEVER
    assert after["mentoring"] is Frequency.IMMEDIATELY and after["comments"] is Frequency.DAILY
    mailbox.clear()
    tell(clara, kind="fund")
    assert mailbox.to(clara.email) == []


def test_one_click_from_the_mail_program(app, ctx, mailbox):
    clara = UserFactory()
    link = digest_link(mailbox, clara)
    response = app.test_client().post(link, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert set(choices(clara).values()) == {Frequency.NEVER}


def tampered(token, **changes):
    """The token with its payload changed but its signature kept."""
    payload, signature = token.rsplit(".", 1)
    data = json.loads(base64_decode(payload))
    data.update(changes)
    encoded = base64_encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    return f"{encoded}.{signature}"


def test_a_token_altered_to_another_person_is_refused(app, ctx, mailbox):
    clara, ben = UserFactory(), UserFactory()
    link = digest_link(mailbox, clara)
    token = urlsplit(link).path.rsplit("/", 1)[1]
    forged = f"/unsubscribe/{tampered(token, u=ben.id)}"
    client = browser(app)
    # The requests share this test's app context, where the mail left its language cached.
    refresh()
    page = client.get(forged)
    assert page.status_code == 404
    assert "This unsubscribe link is not valid." in text_of(page)
    assert client.post(forged).status_code == 404
    assert client.post(forged, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert set(choices(ben).values()) != {Frequency.NEVER}
    assert set(choices(clara).values()) != {Frequency.NEVER}


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "",
        URLSafeSerializer("another-key", salt="unsubscribe").dumps({"u": 1, "k": "*"}),
        URLSafeSerializer("testing-only-secret-key", salt="other").dumps({"u": 1, "k": "*"}),
        URLSafeSerializer("testing-only-secret-key", salt="unsubscribe").dumps({"u": 1, "k": "x"}),
        URLSafeSerializer("testing-only-secret-key", salt="unsubscribe").dumps([1, "*"]),
        URLSafeSerializer("testing-only-secret-key", salt="unsubscribe").dumps({"u": 2**40}),
    ],
)
def test_tokens_we_did_not_make_are_not_valid(app, token):
    client = app.test_client()
    response = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 404


def test_a_token_for_a_deleted_account_is_not_valid(app, ctx):
    clara = UserFactory()
    token = notes.unsubscribe_token(clara, "*")
    db.session.delete(clara)
    db.session.commit()
    assert app.test_client().get(f"/unsubscribe/{token}").status_code == 404


def test_only_the_unsubscribe_address_is_exempt_from_csrf(app, ctx):
    clara = UserFactory()
    tell(clara)
    client = browser(app, clara)
    # Another form of the same blueprint without a token is refused.
    assert client.post("/notifications/read-all").status_code == 400
    assert client.post("/notifications/settings", data={"comments": "never"}).status_code == 400
    assert notes.frequency(clara, "comments") is Frequency.DAILY
