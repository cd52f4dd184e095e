"""Pagination of lists: a fixed number of queries per page (one for the rows, one count)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil
from typing import Any, Generic, TypeVar

from flask import request
from sqlalchemy import Select, TypeDecorator, and_, func, or_, select

from civic.db import db

T = TypeVar("T")


# Lists count their rows up to this many; beyond it they say "more than 1,000", which costs
# the same whatever the size of the city.
COUNT_LIMIT = 1000


def count_up_to(stmt: Select[Any], limit: int | None = None) -> tuple[int, bool]:
    """How many rows ``stmt`` has, counting no further than ``limit`` (``COUNT_LIMIT``); and
    whether there are more than that."""
    limit = COUNT_LIMIT if limit is None else limit
    capped = stmt.order_by(None).limit(limit + 1).subquery()
    found = db.session.scalar(select(func.count()).select_from(capped)) or 0
    return min(found, limit), found > limit


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int
    # True when there are more rows than ``total`` (see ``count_up_to``).
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number(arg: str = "page") -> int:
    """The page asked for in the query string; anything odd means the first page."""
    raw = request.args.get(arg, "1")
    # ``isdigit`` alone would let "²" through, which ``int`` refuses.
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 7 else 1


def paginate(stmt: Select[Any], page: int, per_page: int = 25, capped: bool = False) -> Page[Any]:
    """One page of ``stmt`` by number. When ``capped``, the rows are counted only up to
    ``COUNT_LIMIT`` and the pages end there (for lists that may be very long: search results)."""
    if capped:
        total, more = count_up_to(stmt)
    else:
        total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        total, more = total or 0, False
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total, more=more)


# --- keyset pagination -------------------------------------------------------------------------
# Deep pages cost as much as the first: the next page starts after the last row's sort key
# instead of skipping OFFSET rows.


@dataclass
class KeysetPage(Generic[T]):
    items: list[T]
    total: int
    next_cursor: str | None
    prev_cursor: str | None
    # True when there are more rows than ``total`` (see ``count_up_to``).
    more: bool = False


def _encode(values: tuple[Any, ...]) -> str:
    parts = [{"t": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def _decode(cursor: str | None, keys: Sequence[Any]) -> tuple[Any, ...] | None:
    """The key in a cursor, or None for anything that is not a cursor we made: each value must
    have the type of its column (a timestamp or a 32-bit integer)."""
    if not cursor or len(cursor) > 500:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(keys):
            return None
        values: list[Any] = []
        for part, key in zip(raw, keys, strict=True):
            column_type = key.type
            if isinstance(column_type, TypeDecorator):
                column_type = column_type.impl
            expected = column_type.python_type
            if isinstance(part, dict) and expected is datetime:
                stamp = datetime.fromisoformat(part["t"])
                stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
                values.append(stamp.astimezone(UTC))
            elif (
                isinstance(part, int)
                and not isinstance(part, bool)
                and expected is int
                and abs(part) < 2**31
            ):
                values.append(part)
            else:
                return None
    except (ValueError, TypeError, KeyError, OverflowError, binascii.Error, UnicodeDecodeError):
        return None
    return tuple(values)


def _beyond(keys: Sequence[Any], values: tuple[Any, ...], after: bool) -> Any:
    """Rows strictly after (or before) ``values`` in the descending order of ``keys``."""
    clauses = []
    for i, key in enumerate(keys):
        equal = [keys[j] == values[j] for j in range(i)]
        step = key < values[i] if after else key > values[i]
        clauses.append(and_(*equal, step))
    return or_(*clauses)


def keyset_paginate(
    stmt: Select[Any],
    keys: Sequence[Any],
    key_of: Callable[[Any], tuple[Any, ...]],
    after: str | None = None,
    before: str | None = None,
    per_page: int = 20,
) -> KeysetPage[Any]:
    """Page through ``stmt`` ordered by ``keys``, all descending; the last key must be unique.

    Two queries whatever the page: the count (up to ``COUNT_LIMIT``) and the rows (one more than
    shown, to know whether more follow)."""
    total, more = count_up_to(stmt)
    after_key = _decode(after, keys)
    before_key = _decode(before, keys) if after_key is None else None
    if before_key is not None:
        rows = list(
            db.session.scalars(
                stmt.where(_beyond(keys, before_key, after=False))
                .order_by(*[k.asc() for k in keys])
                .limit(per_page + 1)
            )
        )
        more_before = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        has_prev, has_next = more_before, True
    else:
        query = stmt if after_key is None else stmt.where(_beyond(keys, after_key, after=True))
        rows = list(
            db.session.scalars(query.order_by(*[k.desc() for k in keys]).limit(per_page + 1))
        )
        items = rows[:per_page]
        has_prev, has_next = after_key is not None, len(rows) > per_page
    return KeysetPage(
        items=items,
        total=total,
        more=more,
        next_cursor=_encode(key_of(items[-1])) if items and has_next else None,
        prev_cursor=_encode(key_of(items[0])) if items and has_prev else None,
    )
