"""Pagination of lists: a fixed number of queries per page (one for the rows, one count)."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from flask import request
from sqlalchemy import Select, func, select

from civic.db import db

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

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
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def paginate(stmt: Select[Any], page: int, per_page: int = 25) -> Page[Any]:
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    total = total or 0
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, page=page, per_page=per_page, total=total)
