"""Blocking and unblocking people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from civic.accounts.models import Role, User
from civic.core.models import AuditEntry
from civic.db import db, utcnow
from civic.moderation.models import ModerationAction, UserBlock
from civic.participation.models import Notification
from tests.factories import UserFactory
from tests.helpers import browser, fresh, submit, text_of
from tests.moderation.scenes import make_comment


def local_today():
    from zoneinfo import ZoneInfo

    return utcnow().astimezone(ZoneInfo("Europe/Berlin")).date()


def moderator():
    return UserFactory(roles=[Role.MODERATOR])


def block(client, person_id, **data):
    """Fill in the block form, then confirm it on the second page."""
    url = f"/moderation/users/{person_id}/block"
    first = submit(client, url, data)
    assert first.status_code == 200
    assert "Do you really want to block" in text_of(first), text_of(first)
    return submit(client, url, {**data, "confirmed": "1"})


def test_a_block_until_a_date_stops_proposing_and_reporting(app):
    person = UserFactory()
    comment = make_comment()
    mod = browser(app, moderator())
    until = (local_today() + timedelta(days=7)).isoformat()
    response = block(mod, person.id, reason="Beleidigungen.", duration="until", until=until)
    assert response.status_code == 302
    blocked = fresh(User, person.id)
    assert blocked.is_blocked and blocked.blocked_until is not None
    row = db.session.scalar(select(UserBlock).where(UserBlock.user_id == person.id))
    assert row.reason == "Beleidigungen." and row.lifted_at is None
    notice = db.session.scalar(select(Notification).where(Notification.user_id == person.id))
    assert notice.kind == "moderation" and "Beleidigungen." in notice.body
    assert str((local_today() + timedelta(days=7)).year) in notice.body

    client = browser(app, person)
    page = client.get("/projects/new")
    assert page.status_code == 403 and "Your account is blocked" in text_of(page)
    assert "Beleidigungen." in text_of(page)
    assert client.get(f"/report/comment/{comment.id}").status_code == 403
    assert person.display_name in text_of(mod.get("/moderation/blocks"))


def test_a_permanent_block_and_unblocking(app):
    person = UserFactory()
    mod = browser(app, moderator())
    block(mod, person.id, reason="Spam.", duration="permanent", until="")
    blocked = fresh(User, person.id)
    assert blocked.is_blocked and blocked.blocked_until is None
    assert person.display_name in text_of(mod.get("/moderation/blocks"))

    url = f"/moderation/users/{person.id}"
    response = submit(mod, url, {"reason": "Entschuldigt."}, action=f"{url}/unblock")
    assert response.status_code == 302
    free = fresh(User, person.id)
    assert not free.is_blocked and free.blocked_at is None
    row = db.session.scalar(select(UserBlock).where(UserBlock.user_id == person.id))
    assert row.lifted_at is not None
    assert browser(app, person).get("/projects/new").status_code == 200
    assert "Nobody is blocked." in text_of(mod.get("/moderation/blocks"))
    actions = [a.action for a in db.session.scalars(select(ModerationAction))]
    assert sorted(actions) == ["block", "unblock"]
    audited = {e.action for e in db.session.scalars(select(AuditEntry))}
    assert {"moderation.block", "moderation.unblock"} <= audited


def test_an_expired_block_needs_no_job():
    past = User(blocked_at=utcnow() - timedelta(days=3), blocked_until=utcnow() - timedelta(1))
    assert not past.is_blocked


def test_the_end_date_must_lie_in_the_future(app):
    person = UserFactory()
    mod = browser(app, moderator())
    url = f"/moderation/users/{person.id}/block"
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    page = submit(mod, url, {"reason": "x", "duration": "until", "until": yesterday})
    assert "must lie in the future" in text_of(page)
    page = submit(mod, url, {"reason": "x", "duration": "until", "until": ""})
    assert "Please enter the date the block ends" in text_of(page)
    assert not fresh(User, person.id).is_blocked


@pytest.mark.parametrize("whom", ["admin", "self"])
def test_moderators_cannot_block_admins_or_themselves(app, whom):
    mod = moderator()
    target = UserFactory(roles=[Role.ADMIN]) if whom == "admin" else mod
    client = browser(app, mod)
    assert client.get(f"/moderation/users/{target.id}/block").status_code == 403
    assert "Block" not in text_of(client.get(f"/moderation/users/{target.id}")).replace(
        "Blocks", ""
    )
    assert not fresh(User, target.id).is_blocked


def test_the_user_page_shows_contributions_and_history(app):
    comment = make_comment()
    author_id = comment.author_id
    page = text_of(browser(app, moderator()).get(f"/moderation/users/{author_id}"))
    assert "Comments 1" in page and "Never blocked." in page
