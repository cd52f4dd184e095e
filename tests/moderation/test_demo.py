"""The moderation part of the demo: open reports to work on, one hidden item, one lifted
block, Clara not blocked; loading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from civic.accounts.models import User
from civic.core import demo
from civic.db import db
from civic.moderation import queries
from civic.moderation.models import ModerationAction, Report, UserBlock
from civic.participation.models import Comment


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_the_demo_has_work_for_the_moderators(ctx):
    demo.load()
    waiting = queries.queue(1)
    assert 2 <= waiting.total <= 4
    assert max(row.count for row in waiting.items) >= 3
    assert db.session.scalar(select(Comment).where(Comment.hidden_at.is_not(None))).hidden_reason
    blocks = list(db.session.scalars(select(UserBlock)))
    assert len(blocks) == 1 and blocks[0].lifted_at is not None
    clara = db.session.scalar(select(User).where(User.email == "buergerin@demo.civic.example"))
    assert not clara.is_blocked
    assert not any(user.is_blocked for user in db.session.scalars(select(User)))
    before = (count(Report), count(ModerationAction), count(UserBlock))
    demo.load()
    assert (count(Report), count(ModerationAction), count(UserBlock)) == before
