"""Digest mails: once a day (or once a week) each person gets one mail listing the
notifications that waited for it, grouped by kind — never an empty one.

``send_digests`` is run by cron through ``flask civic send-digests --period daily|weekly``.
A digest takes the notifications still waiting for mail (``mailed_at`` NULL) whose kind the
person *now* wants in this period's digest: a kind moved from the daily to the weekly digest
waits for the weekly one. Each mail is recorded as a ``DigestRun`` for the person, the period
and the period's key (the local date, or the ISO week): the unique constraint on the three
means that a second run in the same period sends nothing, even when both run at once. Each
person's digest is committed on its own, so that a failure for one does not lose the others.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_ngettext, to_user_timezone
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from civic.accounts.models import User
from civic.core.mail import send_mail, unsubscribe_headers
from civic.core.site import get_settings
from civic.db import db, utcnow
from civic.participation.models import DigestRun, Frequency, Notification, NotificationSetting
from civic.participation.notifications import (
    ALL_KINDS,
    DEFAULTS,
    DIGESTS,
    KINDS,
    unsubscribe_url,
)

log = logging.getLogger("civic.digests")

#: How much of a notification's text a digest shows.
EXCERPT_LENGTH = 280


def subject(period: Frequency, count: int) -> Any:
    """The digest's subject, written out in the reader's language when the mail is made."""
    if period is Frequency.WEEKLY:
        return lazy_ngettext(
            "Your weekly digest: %(num)d new notification",
            "Your weekly digest: %(num)d new notifications",
            count,
        )
    return lazy_ngettext(
        "Your daily digest: %(num)d new notification",
        "Your daily digest: %(num)d new notifications",
        count,
    )


def period_key(period: Frequency, now: datetime) -> str:
    """The period a moment lies in, where the city is: ``2026-11-23`` for a day,
    ``2026-W48`` for an ISO week."""
    today = to_user_timezone(now).date()
    if period is Frequency.DAILY:
        return today.isoformat()
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The text shortened to about ``length`` characters at a word boundary."""
    text = text.strip()
    if len(text) <= length:
        return text
    word_end = re.match(r"(.*\S)\s", text[: length + 1], re.S)
    cut = word_end.group(1) if word_end else text[:length]
    return cut.rstrip(" ,.;:–-") + " …"


def _recipients() -> list[User]:
    """Active people with notifications that wait for mail."""
    waiting = exists().where(Notification.user_id == User.id, Notification.mailed_at.is_(None))
    return list(db.session.scalars(select(User).where(User.is_active, waiting).order_by(User.id)))


def _choices(users: list[User]) -> dict[int, dict[str, Frequency]]:
    """Each person's frequency per kind, defaults filled in (one query for everybody)."""
    chosen: dict[int, dict[str, Frequency]] = {user.id: dict(DEFAULTS) for user in users}
    if users:
        rows = db.session.scalars(
            select(NotificationSetting).where(
                NotificationSetting.user_id.in_([user.id for user in users])
            )
        )
        for row in rows:
            if row.kind in DEFAULTS:
                chosen[row.user_id][row.kind] = row.frequency
    return chosen


def send_digests(period: Frequency | str, now: datetime | None = None) -> int:
    """Send this period's digest to everybody who has something in it; the number of mails.

    Outside a request (from cron) the links are built for ``BASE_URL``."""
    period = Frequency(period)
    if period not in DIGESTS:
        raise ValueError(f"not a digest period: {period}")
    if not has_request_context():
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            return send_digests(period, now)
    now = now or utcnow()
    key = period_key(period, now)
    users = _recipients()
    choices = _choices(users)
    sent = 0
    for user in users:
        user_id = user.id
        kinds = [kind for kind, how in choices[user_id].items() if how is period]
        if not kinds:
            continue
        try:
            if _send_one(user, period, key, kinds, now):
                sent += 1
        except Exception:
            db.session.rollback()
            log.exception("The %s digest for user %s failed", period.value, user_id)
    return sent


def _send_one(user: User, period: Frequency, key: str, kinds: list[str], now: datetime) -> bool:
    """One person's digest in its own transaction: True when a mail went out."""
    done = db.session.scalar(
        select(DigestRun.id).where(
            DigestRun.user_id == user.id, DigestRun.period == period, DigestRun.period_key == key
        )
    )
    if done is not None:
        return False
    items = list(
        db.session.scalars(
            select(Notification)
            .where(
                Notification.user_id == user.id,
                Notification.mailed_at.is_(None),
                Notification.kind.in_(kinds),
                Notification.created_at <= now,
            )
            .order_by(Notification.id)
        )
    )
    if not items:
        return False
    # The run is written (and the unique constraint checked) before the mail goes out: a
    # second run at the same moment stops here instead of sending the digest again.
    db.session.add(DigestRun(user_id=user.id, period=period, period_key=key, count=len(items)))
    for item in items:
        item.mailed_at = now
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[item.kind].append(
            {"subject": item.subject, "body": excerpt(item.body), "link": item.link}
        )
    unsubscribe = unsubscribe_url(user, ALL_KINDS)
    ok = send_mail(
        user.email,
        subject(period, len(items)),
        "digest",
        locale=user.locale,
        headers=unsubscribe_headers(unsubscribe),
        user=user,
        period=period.value,
        groups=[(KINDS[kind], groups[kind]) for kind in KINDS if kind in groups],
        count=len(items),
        unsubscribe=unsubscribe,
        settings_link=current_app.config["BASE_URL"].rstrip("/")
        + url_for("participation.settings"),
        settings=get_settings(),
    )
    if not ok:
        # The mail server refused: nothing is marked, the next run tries again.
        db.session.rollback()
        return False
    db.session.commit()
    return True
