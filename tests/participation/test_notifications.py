"""Notifications in the app, as a person notices them: the list (newest first, unread ones
marked in words, line breaks kept, pages), the unread count in the navigation with a fixed
number of queries, marking read, opening a link (only to pages of the platform), the choice
per kind of how often mail comes, and who may do what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from civic.db import db, utcnow
from civic.participation import notifications as notes
from civic.participation.models import Frequency, Notification, NotificationSetting
from tests.factories import UserFactory
from tests.helpers import browser, fresh, post, submit, text_of


def note(user, subject="Neuer Kommentar", kind="comments", **values):
    """A notification row as ``notify`` leaves it, committed so that requests see it."""
    values.setdefault("body", "Jemand hat kommentiert.")
    values.setdefault("link", "http://localhost/projects")
    row = Notification(user_id=user.id, kind=kind, subject=subject, **values)
    db.session.add(row)
    db.session.commit()
    return row


def checked(html, kind):
    """The value of the radio button of ``kind`` that is selected (None if none is)."""
    chosen = [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*>", html)
        if f'name="{kind}"' in tag and "checked" in tag
    ]
    assert len(chosen) <= 1
    return chosen[0] if chosen else None


def many(user, count, **values):
    now = utcnow()
    db.session.add_all(
        Notification(
            user_id=user.id,
            kind="comments",
            subject=f"Nachricht {i}",
            body="Text",
            link="http://localhost/projects",
            created_at=now - timedelta(minutes=count - i),
            **values,
        )
        for i in range(count)
    )
    db.session.commit()


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_the_newest_first_with_unread_ones_marked_in_words(app):
    clara = UserFactory()
    note(clara, "Alte Nachricht", read_at=utcnow())
    note(clara, "Neue Nachricht", body="Erste Zeile\nzweite Zeile\n\nZitat <b>fett</b>")
    page = browser(app, clara).get("/notifications")
    assert page.status_code == 200
    text, html = text_of(page), page.get_data(as_text=True)
    assert text.index("Neue Nachricht") < text.index("Alte Nachricht")
    # Unread is said in words, not by colour alone: one "Unread" for the one unread item.
    assert text.count("Unread Neue Nachricht") == 1
    assert "Unread Alte Nachricht" not in text
    assert "You have 1 unread notification." in text
    # Plain text: line breaks kept, markup escaped.
    assert "<p>Erste Zeile<br>zweite Zeile</p>" in html
    assert "Zitat &lt;b&gt;fett&lt;/b&gt;" in html
    assert "/notifications/settings" in html


def test_an_empty_list_says_so(app):
    page = browser(app, UserFactory()).get("/notifications")
    assert "No notifications yet." in text_of(page)
    assert "Mark all as read" not in text_of(page)


def test_the_list_has_pages(app):
    clara = UserFactory()
    many(clara, 25)
    client = browser(app, clara)
    first = text_of(client.get("/notifications"))
    assert "Nachricht 24" in first and "Nachricht 4 " not in first
    assert "Page 1 of 2" in first
    second = text_of(client.get("/notifications?page=2"))
    assert "Nachricht 4 " in second and "Nachricht 24" not in second


def test_other_peoples_notifications_are_not_listed(app):
    clara, ben = UserFactory(), UserFactory()
    note(ben, "Für Ben")
    assert "Für Ben" not in text_of(browser(app, clara).get("/notifications"))


# --- the count in the navigation ---------------------------------------------------------------


def test_the_navigation_shows_the_unread_count(app):
    clara = UserFactory()
    many(clara, 3)
    note(clara, "Gelesen", read_at=utcnow())
    html = browser(app, clara).get("/").get_data(as_text=True)
    assert '<span class="visually-hidden">(3 unread)</span>' in html
    assert 'href="/notifications"' in html


def test_no_count_without_unread_notifications(app):
    clara = UserFactory()
    note(clara, read_at=utcnow())
    html = browser(app, clara).get("/").get_data(as_text=True)
    assert 'href="/notifications"' in html and "unread)" not in html


@pytest.mark.parametrize("url", ["/", "/notifications"])
def test_the_count_costs_the_same_queries_with_3_and_30_notifications(app, count_queries, url):
    clara = UserFactory()
    many(clara, 3)
    client = browser(app, clara)
    client.get(url)
    count_queries.statements.clear()
    assert client.get(url).status_code == 200
    few = count_queries.count
    counting = [s for s in count_queries.statements if "notifications" in s and "count" in s]
    many(clara, 27)
    count_queries.statements.clear()
    page = client.get(url)
    assert "(30 unread)" in page.get_data(as_text=True)
    assert count_queries.count == few
    # One count for the navigation (and the list page's own total for its pages).
    assert len(counting) == (1 if url == "/" else 2)


def test_visitors_cost_no_query_for_the_count(app, count_queries):
    client = app.test_client()
    client.get("/")
    count_queries.statements.clear()
    client.get("/")
    assert not [s for s in count_queries.statements if "notifications" in s]


# --- marking read and opening ------------------------------------------------------------------


def test_mark_one_as_read(app):
    clara = UserFactory()
    first, second = note(clara, "Eins"), note(clara, "Zwei")
    client = browser(app, clara)
    response = post(client, f"/notifications/{first.id}/read")
    assert response.status_code == 302 and response.location == "/notifications"
    assert fresh(Notification, first.id).read_at is not None
    assert fresh(Notification, second.id).read_at is None
    page = client.get("/notifications")
    assert "The notification is marked as read." in text_of(page)
    assert "(1 unread)" in page.get_data(as_text=True)


def test_mark_all_as_read(app):
    clara, ben = UserFactory(), UserFactory()
    many(clara, 4)
    bens = note(ben)
    client = browser(app, clara)
    response = submit(client, "/notifications", {}, action="/notifications/read-all")
    assert response.status_code == 302
    unread = db.session.scalars(
        select(Notification).where(Notification.user_id == clara.id, Notification.read_at.is_(None))
    ).all()
    db.session.expire_all()
    assert unread == []
    assert fresh(Notification, bens.id).read_at is None
    assert "All notifications are marked as read." in text_of(client.get("/notifications"))


def test_marking_read_needs_the_csrf_token(app):
    clara = UserFactory()
    item = note(clara)
    response = browser(app, clara).post(f"/notifications/{item.id}/read")
    assert response.status_code == 400
    assert fresh(Notification, item.id).read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(app):
    clara = UserFactory()
    item = note(clara, link="http://localhost/projects?district=3")
    response = browser(app, clara).get(f"/notifications/{item.id}/open")
    assert response.status_code == 302
    assert response.location == "/projects?district=3"
    assert fresh(Notification, item.id).read_at is not None


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/projects",
        "http://localhost.evil.example/projects",
        "//evil.example/projects",
        "http://localhost//evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_opening_never_leads_off_the_platform(app, link):
    clara = UserFactory()
    item = note(clara, link=link)
    client = browser(app, clara)
    response = client.get(f"/notifications/{item.id}/open")
    assert response.status_code == 302 and response.location == "/notifications"
    assert fresh(Notification, item.id).read_at is not None
    page = client.get("/notifications")
    assert "This notification has no link to a page of the platform." in text_of(page)
    assert f"/notifications/{item.id}/open" not in page.get_data(as_text=True)


# --- who may do what ---------------------------------------------------------------------------

ACTIONS = [
    ("GET", "/notifications", 200),
    ("GET", "/notifications/settings", 200),
    ("GET", "/notifications/{id}/open", 302),
    ("POST", "/notifications/{id}/read", 302),
    ("POST", "/notifications/read-all", 302),
]


@pytest.mark.parametrize("who", ["visitor", "owner", "other"])
@pytest.mark.parametrize(("method", "url", "allowed"), ACTIONS)
def test_permission_matrix(app, who, method, url, allowed):
    owner = UserFactory()
    item = note(owner)
    client = browser(app, {"visitor": None, "owner": owner, "other": UserFactory()}[who])
    path = url.format(id=item.id)
    response = client.get(path) if method == "GET" else post(client, path)
    if who == "visitor":
        assert response.status_code == 302 and response.location.startswith("/login")
    elif who == "other" and "{id}" in url:
        assert response.status_code == 404
    else:
        assert response.status_code == allowed
    if who != "owner":
        assert fresh(Notification, item.id).read_at is None


def test_an_unknown_notification_is_not_found(app):
    client = browser(app, UserFactory())
    assert client.get("/notifications/999999/open").status_code == 404
    assert client.get("/notifications/99999999999/open").status_code == 404


# --- how often mail comes ----------------------------------------------------------------------


def test_the_settings_show_the_defaults_and_save_a_choice(app):
    clara = UserFactory()
    client = browser(app, clara)
    page = client.get("/notifications/settings")
    html = page.get_data(as_text=True)
    for kind, default in notes.DEFAULTS.items():
        assert checked(html, kind) == default.value
        assert str(notes.KINDS[kind]) in text_of(page)
    choices = {kind: default.value for kind, default in notes.DEFAULTS.items()}
    choices.update(comments="weekly", fund="never")
    response = submit(client, "/notifications/settings", choices)
    assert response.status_code == 302
    db.session.expire_all()
    assert notes.frequency(clara, "comments") is Frequency.WEEKLY
    assert notes.frequency(clara, "fund") is Frequency.NEVER
    # Kinds left at their default keep following the default.
    assert db.session.get(NotificationSetting, (clara.id, "updates")) is None
    page = client.get("/notifications/settings")
    assert "Your choices are saved." in text_of(page)
    assert checked(page.get_data(as_text=True), "comments") == "weekly"


def test_the_settings_page_selects_the_current_choice(app):
    clara = UserFactory()
    notes.set_frequencies(clara, {"comments": Frequency.WEEKLY})
    db.session.commit()
    html = browser(app, clara).get("/notifications/settings").get_data(as_text=True)
    assert checked(html, "comments") == "weekly"
    assert checked(html, "updates") == "daily"
    assert checked(html, "fund") == "immediately"


def test_an_unknown_choice_is_refused(app):
    clara = UserFactory()
    choices = {kind: default.value for kind, default in notes.DEFAULTS.items()}
    choices["comments"] = "hourly"
    page = submit(browser(app, clara), "/notifications/settings", choices)
    assert page.status_code == 200
    assert "Please correct the marked fields." in text_of(page)
    assert db.session.get(NotificationSetting, (clara.id, "comments")) is None


def test_the_account_page_links_to_the_settings(app):
    html = browser(app, UserFactory()).get("/account").get_data(as_text=True)
    assert 'href="/notifications/settings"' in html


def test_choosing_never_or_immediately_drops_what_waits_for_a_digest(ctx):
    clara = UserFactory()
    waiting_comment = note(clara, kind="comments")
    waiting_update = note(clara, kind="updates")
    waiting_project = note(clara, kind="projects")
    notes.set_frequencies(
        clara,
        {"comments": Frequency.NEVER, "updates": Frequency.IMMEDIATELY, "projects": "weekly"},
    )
    assert waiting_comment.mailed_at is not None
    assert waiting_update.mailed_at is not None
    # Moved to the weekly digest: it waits for that one.
    assert waiting_project.mailed_at is None


def test_never_is_kept_for_new_notifications(ctx, mailbox):
    clara, ben = UserFactory(), UserFactory()
    notes.set_frequencies(clara, {"fund": Frequency.NEVER})
    notes.notify([clara], ben, "Betreff", "Etwas geschah.", "http://localhost/", kind="fund")
    row = db.session.scalar(select(Notification).where(Notification.user_id == clara.id))
    assert row.mailed_at is not None and row.read_at is None
    assert mailbox.to(clara.email) == []


def test_the_demo_gives_clara_unread_notifications(app):
    clara = UserFactory(email=notes.DEMO_RECIPIENT, display_name="Clara")
    with app.test_request_context():
        notes.load_demo_notifications()
        notes.load_demo_notifications()  # once only
        db.session.commit()
    page = browser(app, clara).get("/notifications")
    assert "(3 unread)" in page.get_data(as_text=True)
    assert text_of(page).count("Unread") == 3
