"""Notifications: the one way every domain tells people what happened. Each notification is
shown in the app; by e-mail it goes at once, in the daily or weekly digest, or not at all, as
the person chose for its kind (``DEFAULTS`` until they choose).

The kinds of work that wait for an answer (mentoring, the fund, moderation decisions) are
mailed at once by default; conversation (comments, project news, new projects in followed
districts and topics) goes into the daily digest by default, so that nobody is flooded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update

from civic.accounts.models import User
from civic.core.forms import is_safe_path
from civic.core.mail import send_notice
from civic.db import db, utcnow
from civic.participation.models import Frequency, Notification, NotificationSetting

KINDS = {
    "comments": _l("Comments and replies on my projects and comments"),
    "updates": _l("News of projects I follow"),
    "projects": _l("New projects in districts and topics I follow"),
    "team": _l("My teams: requests, invitations, phases"),
    "mentoring": _l("Mentoring"),
    "fund": _l("Fund applications"),
    "moderation": _l("Moderation of my contributions"),
}

DEFAULTS = {
    "comments": Frequency.DAILY,
    "updates": Frequency.DAILY,
    "projects": Frequency.DAILY,
    "team": Frequency.IMMEDIATELY,
    "mentoring": Frequency.IMMEDIATELY,
    "fund": Frequency.IMMEDIATELY,
    "moderation": Frequency.IMMEDIATELY,
}


def frequencies(user: User) -> dict[str, Frequency]:
    """The person's choice per kind, with the defaults filled in."""
    chosen = {
        row.kind: row.frequency
        for row in db.session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == user.id)
        )
    }
    return {kind: chosen.get(kind, default) for kind, default in DEFAULTS.items()}


def frequency(user: User, kind: str) -> Frequency:
    row = db.session.get(NotificationSetting, (user.id, kind))
    return row.frequency if row is not None else DEFAULTS.get(kind, Frequency.DAILY)


def notify(
    recipients: Iterable[User],
    actor: Any,
    subject: Any,
    summary: Any,
    link: str,
    quote: str = "",
    *,
    kind: str,
) -> None:
    """Tell each recipient (but not the actor, and each person once) what happened: a
    notification in the app, written in the recipient's language, and a mail at once when
    that is their choice for this kind (otherwise the digest takes it up)."""
    if kind not in DEFAULTS:
        raise ValueError(f"unknown kind of notification: {kind}")
    seen = {getattr(actor, "id", None)}
    now = utcnow()
    for user in recipients:
        if user.id in seen or not user.is_active:
            continue
        seen.add(user.id)
        with force_locale(user.locale):
            subject_text = str(subject)[:300]
            summary_text = str(summary)
        how = frequency(user, kind)
        notification = Notification(
            user_id=user.id,
            kind=kind,
            actor_id=getattr(actor, "id", None),
            subject=subject_text,
            body=summary_text + ("\n\n" + quote if quote else ""),
            link=link,
            created_at=now,
            mailed_at=now if how in (Frequency.IMMEDIATELY, Frequency.NEVER) else None,
        )
        db.session.add(notification)
        if how is Frequency.IMMEDIATELY:
            send_notice(
                user, subject, summary, link, quote=quote, unsubscribe=unsubscribe_url(user, kind)
            )
    db.session.flush()


# --- choosing how often ------------------------------------------------------------------------

FREQUENCY_LABELS = {
    Frequency.IMMEDIATELY: _l("Immediately, one mail each"),
    Frequency.DAILY: _l("In the daily digest"),
    Frequency.WEEKLY: _l("In the weekly digest"),
    Frequency.NEVER: _l("Never by e-mail (only here on the platform)"),
}

#: The frequencies a digest mail is sent for.
DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)


def set_frequencies(user: User, chosen: Mapping[str, Frequency]) -> None:
    """Save how often the person wants mail per kind. A kind left at its default keeps
    following the default. Notifications still waiting for a digest whose kind now goes at
    once or never by mail are not mailed later (they stay in the app); those whose kind moves
    from the daily to the weekly digest (or back) go into the digest now chosen."""
    current = frequencies(user)
    now = utcnow()
    for kind, value in chosen.items():
        if kind not in DEFAULTS:
            raise ValueError(f"unknown kind of notification: {kind}")
        value = Frequency(value)
        if value == current[kind]:
            continue
        row = db.session.get(NotificationSetting, (user.id, kind))
        if row is None:
            db.session.add(NotificationSetting(user_id=user.id, kind=kind, frequency=value))
        else:
            row.frequency = value
        if value not in DIGESTS:
            waiting = db.session.scalars(
                select(Notification).where(
                    Notification.user_id == user.id,
                    Notification.kind == kind,
                    Notification.mailed_at.is_(None),
                )
            )
            for item in waiting:
                item.mailed_at = now
    db.session.flush()


# --- unsubscribing without signing in ----------------------------------------------------------

#: The kind in an unsubscribe token that stands for every kind.
ALL_KINDS = "*"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="unsubscribe")


def unsubscribe_token(user: User, kind: str) -> str:
    """A token that stops mail about ``kind`` (or ``ALL_KINDS``) for this person; it is signed
    with the secret key, so it cannot be made for anybody else."""
    return _serializer().dumps({"u": user.id, "k": kind})


def unsubscribe_url(user: User, kind: str) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return base + url_for("participation.unsubscribe", token=unsubscribe_token(user, kind))


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    """The person and the kind a token stands for, or None for a token we did not make (or
    whose account no longer exists)."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id < 2**31:
        return None
    if kind != ALL_KINDS and kind not in DEFAULTS:
        return None
    user = db.session.get(User, user_id)
    if user is None:
        return None
    return user, kind


def unsubscribe(user: User, kind: str) -> None:
    """No more mail about ``kind`` (or about anything, for ``ALL_KINDS``)."""
    kinds = list(DEFAULTS) if kind == ALL_KINDS else [kind]
    set_frequencies(user, dict.fromkeys(kinds, Frequency.NEVER))


# --- reading in the app ------------------------------------------------------------------------


def unread_count(user: Any) -> int:
    """How many notifications the person has not read yet: one query per request (the
    navigation asks on every page), none for visitors."""
    if not getattr(user, "is_authenticated", False):
        return 0
    # Kept with the request (not in ``g``, which an application context may share between
    # requests, as in the tests).
    store: dict[str, Any] = request.environ if has_request_context() else {}
    cached = store.get("civic.unread_notifications")
    if cached is None or cached[0] != user.id:
        count = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        cached = (user.id, count or 0)
        store["civic.unread_notifications"] = cached
    return cached[1]


def notifications_of(user: User) -> Any:
    """The person's notifications, newest first (a statement, to paginate)."""
    return (
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())
    )


def mark_read(user: User, notification: Notification) -> None:
    if notification.user_id != user.id:
        raise ValueError("not this person's notification")
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.flush()


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.flush()


def local_path(link: str) -> str | None:
    """The path of a notification's link when it leads to a page of this platform (written
    with the platform's address or as a path), otherwise None."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if link.startswith(base + "/"):
        link = link[len(base) :]
    return link if is_safe_path(link) else None


# --- demo ----------------------------------------------------------------------------------------

DEMO_RECIPIENT = "buergerin@demo.civic.example"


def load_demo_notifications() -> None:
    """A few unread notifications for Clara, the demo citizen, so that the list and the count
    in the navigation show something (once: nothing is added when she has any). One of them
    still waits for the daily digest."""
    clara = db.session.scalar(select(User).where(User.email == DEMO_RECIPIENT))
    if clara is None:
        return
    if db.session.scalar(select(Notification.id).where(Notification.user_id == clara.id)):
        return
    from civic.projects.models import Project
    from civic.projects.workflow import ProjectState

    project = db.session.scalar(
        select(Project).where(Project.state == ProjectState.ACTIVE).order_by(Project.id)
    )
    base = current_app.config["BASE_URL"].rstrip("/")
    where = f"{base}/projects/{project.id}" if project is not None else f"{base}/projects"
    title = project.title if project is not None else "Gemeinschaftsgarten"
    now = utcnow()
    rows = [
        (
            "updates",
            f"Neuigkeiten: {title}",
            f"Das Team von „{title}“ hat Neuigkeiten veröffentlicht.\n\n"
            "Wir treffen uns am Samstag um 10 Uhr zum ersten Arbeitseinsatz.",
            timedelta(days=2),
            now,
        ),
        (
            "comments",
            f"Neue Antwort auf Ihren Kommentar: {title}",
            "Jemand hat auf Ihren Kommentar geantwortet.\n\nGute Idee – ich bringe Werkzeug mit!",
            timedelta(hours=5),
            None,
        ),
        (
            "team",
            f"Willkommen im Team: {title}",
            "Ihre Anfrage, im Team mitzuarbeiten, wurde angenommen.",
            timedelta(minutes=40),
            now,
        ),
    ]
    for kind, subject, body, age, mailed_at in rows:
        db.session.add(
            Notification(
                user_id=clara.id,
                kind=kind,
                subject=subject,
                body=body,
                link=where,
                created_at=now - age,
                mailed_at=mailed_at,
            )
        )
    db.session.flush()
