"""Digest mails, as the people who get them notice: nothing when nothing happened, one mail per
person and period even when cron runs twice, daily and weekly people apart, nothing for those
who chose never or who got the mail at once, in the reader's language, grouped by kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from civic.core import mail
from civic.db import db, utcnow
from civic.participation import notifications as notes
from civic.participation.digests import excerpt, period_key, send_digests
from civic.participation.models import DigestRun, Frequency, Notification
from tests.factories import UserFactory


def tell(user, kind="comments", subject="Neuer Kommentar", summary="Jemand schrieb.", quote=""):
    """Something happens that ``user`` is told about (by somebody else)."""
    notes.notify(
        [user], None, subject, summary, "http://localhost/projects", quote=quote, kind=kind
    )
    db.session.commit()


def waiting(user):
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.mailed_at.is_(None))
    )


def test_no_mail_when_nothing_happened(ctx, mailbox):
    UserFactory(), UserFactory(locale="en")
    assert send_digests("daily") == 0
    assert send_digests("weekly") == 0
    assert mailbox.messages == []


def test_one_mail_per_person_and_day_even_when_run_twice(ctx, mailbox):
    clara = UserFactory(display_name="Clara")
    tell(clara, subject="Antwort auf Ihren Kommentar", summary="Ben hat geantwortet.")
    tell(clara, kind="updates", subject="Neuigkeiten vom Garten", summary="Es gibt Neues.")
    now = utcnow() + timedelta(minutes=1)
    assert send_digests("daily", now) == 1
    (message,) = mailbox.to(clara.email)
    body = mailbox.body(message)
    assert "Hallo Clara," in body
    # Grouped by kind, each with its subject, text and link.
    comments = body.index(str(notes.KINDS["comments"]))
    updates = body.index(str(notes.KINDS["updates"]))
    assert comments < body.index("Antwort auf Ihren Kommentar") < updates
    assert updates < body.index("Neuigkeiten vom Garten")
    assert "Ben hat geantwortet." in body and "http://localhost/projects" in body
    assert waiting(clara) == 0
    run = db.session.scalar(select(DigestRun).where(DigestRun.user_id == clara.id))
    today = period_key(Frequency.DAILY, now)
    assert (run.period, run.period_key, run.count) == (Frequency.DAILY, today, 2)

    # Cron runs again the same day, after something new happened: no second mail today.
    tell(clara, subject="Noch ein Kommentar")
    assert send_digests("daily", now + timedelta(minutes=1)) == 0
    assert len(mailbox.to(clara.email)) == 1
    assert waiting(clara) == 1
    # The next day it comes.
    assert send_digests("daily", now + timedelta(days=1)) == 1
    assert "Noch ein Kommentar" in mailbox.body(mailbox.last_to(clara.email))
    assert "Antwort auf Ihren Kommentar" not in mailbox.body(mailbox.last_to(clara.email))


def test_daily_and_weekly_people_get_their_own_digest(ctx, mailbox):
    daily, weekly = UserFactory(), UserFactory()
    notes.set_frequencies(weekly, {"comments": Frequency.WEEKLY})
    tell(daily)
    tell(weekly)
    now = utcnow() + timedelta(minutes=1)
    assert send_digests("daily", now) == 1
    assert len(mailbox.to(daily.email)) == 1 and mailbox.to(weekly.email) == []
    assert waiting(weekly) == 1
    assert send_digests("weekly", now) == 1
    assert len(mailbox.to(weekly.email)) == 1 and len(mailbox.to(daily.email)) == 1
    run = db.session.scalar(select(DigestRun).where(DigestRun.user_id == weekly.id))
    assert (run.period, run.period_key) == (Frequency.WEEKLY, period_key(Frequency.WEEKLY, now))
    assert run.period_key[4:6] == "-W"
    # Again in the same week: nothing.
    tell(weekly)
    assert send_digests("weekly", now + timedelta(minutes=1)) == 0
    # The next week it comes.
    assert send_digests("weekly", now + timedelta(days=7)) == 1


def test_moving_a_kind_from_daily_to_weekly_takes_what_waits_along(ctx, mailbox):
    clara = UserFactory()
    tell(clara)
    notes.set_frequencies(clara, {"comments": Frequency.WEEKLY})
    assert send_digests("daily") == 0
    assert send_digests("weekly") == 1


def test_people_who_chose_never_get_no_digest(ctx, mailbox):
    clara = UserFactory()
    tell(clara)  # waits for the daily digest …
    notes.set_frequencies(clara, {"comments": Frequency.NEVER})  # … until she says never
    tell(clara)
    assert send_digests("daily") == 0
    assert mailbox.to(clara.email) == []
    # Still in the app.
    assert (
        db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == clara.id)
        )
        == 2
    )


def test_what_was_mailed_at_once_is_not_repeated_in_the_digest(ctx, mailbox):
    clara = UserFactory()
    tell(clara, kind="fund", subject="Antrag bewilligt")  # the fund mails at once by default
    assert "Antrag bewilligt" in mailbox.last_to(clara.email)["Subject"]
    mailbox.clear()
    assert send_digests("daily") == 0
    tell(clara, kind="comments", subject="Ein Kommentar")
    assert send_digests("daily") == 1
    body = mailbox.body(mailbox.last_to(clara.email))
    assert "Ein Kommentar" in body and "Antrag bewilligt" not in body


def test_inactive_people_get_no_digest(ctx, mailbox):
    clara = UserFactory()
    tell(clara)
    clara.is_active = False
    db.session.commit()
    assert send_digests("daily") == 0


def test_the_digest_is_in_the_readers_language(ctx, mailbox):
    anna, clara = UserFactory(locale="en", display_name="Anna"), UserFactory(locale="de")
    tell(anna)
    tell(clara)
    assert send_digests("daily") == 2
    english = mailbox.last_to(anna.email)
    assert english["Subject"] == "Your daily digest: 1 new notification"
    body = mailbox.body(english)
    assert "Hello Anna," in body
    assert "Comments and replies on my projects and comments" in body
    assert "Hallo" in mailbox.body(mailbox.last_to(clara.email))


def test_a_failing_mail_server_loses_nobody(ctx, mailbox, monkeypatch):
    first, second = UserFactory(), UserFactory()
    tell(first)
    tell(second)
    deliver = mail.BACKENDS["smtp"]

    def flaky(message):
        if message["To"] == first.email:
            raise OSError("connection refused")
        deliver(message)

    monkeypatch.setitem(mail.BACKENDS, "smtp", flaky)
    assert send_digests("daily") == 1
    assert len(mailbox.to(second.email)) == 1
    # The first person's notifications still wait, and no run is recorded: the next run sends.
    assert waiting(first) == 1 and waiting(second) == 0
    monkeypatch.setitem(mail.BACKENDS, "smtp", deliver)
    assert send_digests("daily") == 1
    assert len(mailbox.to(first.email)) == 1


def test_long_texts_are_shortened(ctx, mailbox):
    clara = UserFactory()
    tell(clara, summary="Wort " * 200)
    send_digests("daily")
    body = mailbox.body(mailbox.last_to(clara.email))
    assert "Wort Wort …" in body and body.count("Wort") < 80


def test_the_command_for_cron(app, mailbox):
    with app.test_request_context():
        clara = UserFactory()
        tell(clara)
    result = app.test_cli_runner().invoke(args=["civic", "send-digests", "--period", "daily"])
    assert result.exit_code == 0, result.output
    assert "1 daily digest mail(s) sent." in result.output
    body = mailbox.body(mailbox.last_to(clara.email))
    # Links are built for BASE_URL also outside a request.
    assert "http://localhost/notifications/settings" in body
    assert "http://localhost/unsubscribe/" in body
    again = app.test_cli_runner().invoke(args=["civic", "send-digests", "--period", "daily"])
    assert "0 daily digest mail(s) sent." in again.output


def test_the_command_wants_a_period(app):
    result = app.test_cli_runner().invoke(args=["civic", "send-digests", "--period", "hourly"])
    assert result.exit_code != 0


@pytest.mark.parametrize(
    ("moment", "daily", "weekly"),
    [
        # Late in the evening of Sunday in UTC is already Monday in the city.
        (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "2026-11-23", "2026-W48"),
        (datetime(2026, 11, 22, 12, 0, tzinfo=UTC), "2026-11-22", "2026-W47"),
        (datetime(2027, 1, 1, 12, 0, tzinfo=UTC), "2027-01-01", "2026-W53"),
    ],
)
def test_period_keys_are_local_days_and_iso_weeks(ctx, moment, daily, weekly):
    assert period_key(Frequency.DAILY, moment) == daily
    assert period_key(Frequency.WEEKLY, moment) == weekly


def test_excerpt():
    assert excerpt("kurz") == "kurz"
    assert excerpt("eins zwei drei vier", 10) == "eins zwei …"
    assert len(excerpt("x" * 500)) <= 282


def test_notifications_from_after_the_run_wait(ctx, mailbox):
    clara = UserFactory()
    tell(clara)
    assert send_digests("daily", utcnow() - timedelta(hours=1)) == 0
