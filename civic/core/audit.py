"""The append-only audit log: every grant, revocation and administrative change is written here
with its actor and time. The table refuses updates and deletes (database triggers)."""

from __future__ import annotations

from typing import Any

from civic.core.models import AuditEntry
from civic.db import db


def record(
    actor: Any | None,
    action: str,
    object_type: str,
    object_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
