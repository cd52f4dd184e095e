"""Results that take long to compute at the size of a large city (the statistics of every
project), kept in the database so that every server shares them.

A result is computed again when it is older than the maximum age its caller gives; the cron job
``flask civic refresh-cache`` computes them ahead, so that no visitor waits. Writing the cache is
best effort: when it fails (another server storing the same result at the same moment, a busy
SQLite database) the page is still shown and the next request tries again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from civic.core.models import CacheEntry
from civic.db import db, utcnow

log = logging.getLogger(__name__)


def cached(key: str, max_age: int, compute: Callable[[], Any]) -> tuple[Any, datetime]:
    """The stored result under ``key`` and when it was computed, or a new one from
    ``compute()`` (a JSON value) when there is none younger than ``max_age`` seconds. A
    ``max_age`` of 0 turns the cache off: every call computes."""
    if max_age > 0:
        entry = db.session.get(CacheEntry, key)
        if entry is not None and entry.computed_at > utcnow() - timedelta(seconds=max_age):
            return entry.value, entry.computed_at
    value = compute()
    computed_at = utcnow()
    if max_age > 0:
        store(key, value, computed_at)
    return value, computed_at


def store(key: str, value: Any, computed_at: datetime | None = None) -> bool:
    """Keep ``value`` under ``key`` and commit; False when that failed (then nothing is kept)."""
    computed_at = computed_at or utcnow()
    try:
        with db.session.begin_nested():
            entry = db.session.get(CacheEntry, key)
            if entry is None:
                db.session.add(CacheEntry(key=key, value=value, computed_at=computed_at))
            else:
                entry.value = value
                entry.computed_at = computed_at
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("Could not store the cached result %r; it is computed again next time.", key)
        return False
    return True
