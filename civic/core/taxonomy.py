"""Districts, topics and departments: small lists kept by the coordination office and admins.

One set of operations serves all three, since their rules are the same: unique names, an audit
entry for each change, and no deletion while something still refers to the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from civic.accounts.models import Department, RoleGrant
from civic.core import audit
from civic.core.errors import OperationError, PermissionDenied
from civic.core.models import District, Topic
from civic.core.permissions import can_manage_taxonomy, is_admin
from civic.db import db

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_UMLAUTS))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:100] or "x"


@dataclass(frozen=True)
class Kind:
    key: str
    model: type[Any]
    label: Any
    label_plural: Any
    name_fields: tuple[str, ...]
    order_by: str
    may_manage: Callable[[Any], bool]
    usage: Callable[[Any], int]


def _no_usage(_obj: Any) -> int:
    return 0


def _department_usage(department: Department) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RoleGrant)
            .where(RoleGrant.department_id == department.id)
        )
        or 0
    )


# Usage counters are extended by domains that refer to districts or topics (e.g. projects).
USAGE_COUNTERS: dict[str, list[Callable[[Any], int]]] = {"district": [], "topic": []}


def _counted(key: str) -> Callable[[Any], int]:
    return lambda obj: sum(counter(obj) for counter in USAGE_COUNTERS[key])


KINDS: dict[str, Kind] = {
    "districts": Kind(
        "districts",
        District,
        _l("District"),
        _l("Districts"),
        ("name",),
        "name",
        can_manage_taxonomy,
        _counted("district"),
    ),
    "topics": Kind(
        "topics",
        Topic,
        _l("Topic"),
        _l("Topics"),
        ("name_de", "name_en"),
        "name_de",
        can_manage_taxonomy,
        _counted("topic"),
    ),
    "departments": Kind(
        "departments",
        Department,
        _l("Department"),
        _l("Departments"),
        ("name",),
        "name",
        is_admin,
        _department_usage,
    ),
}


def list_terms(kind: Kind) -> list[Any]:
    return list(db.session.scalars(select(kind.model).order_by(getattr(kind.model, kind.order_by))))


def save_term(actor: Any, kind: Kind, obj: Any | None, **values: str) -> Any:
    if not kind.may_manage(actor):
        raise PermissionDenied()
    for field in kind.name_fields:
        clash = db.session.scalar(
            select(kind.model).where(
                func.lower(getattr(kind.model, field)) == values[field].lower()
            )
        )
        if clash is not None and clash is not obj:
            raise OperationError(_l("This name exists already."), field=field)
    slug = slugify(values[kind.name_fields[0]]) if hasattr(kind.model, "slug") else None
    if slug is not None:
        stmt = select(kind.model).where(kind.model.slug == slug)
        if obj is not None:
            stmt = stmt.where(kind.model.id != obj.id)
        if db.session.scalar(stmt) is not None:
            raise OperationError(
                _l("This name is too similar to an existing one."), field=kind.name_fields[0]
            )
    creating = obj is None
    if creating:
        obj = kind.model()
        db.session.add(obj)
    for field, value in values.items():
        setattr(obj, field, value)
    if slug is not None:
        obj.slug = slug
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise OperationError(_l("This name exists already."), field=kind.name_fields[0]) from None
    audit.record(
        actor, f"{kind.key}.{'create' if creating else 'update'}", kind.key, obj.id, **values
    )
    return obj


def delete_term(actor: Any, kind: Kind, obj: Any) -> None:
    if not kind.may_manage(actor):
        raise PermissionDenied()
    used = kind.usage(obj)
    if used:
        raise OperationError(
            _l("This entry is still in use (%(count)d times) and cannot be deleted.", count=used)
        )
    name = getattr(obj, kind.name_fields[0])
    db.session.delete(obj)
    db.session.flush()
    audit.record(actor, f"{kind.key}.delete", kind.key, obj.id, name=name)
