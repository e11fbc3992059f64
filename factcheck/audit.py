"""Recording actions in the audit trail."""

from __future__ import annotations

from typing import Any

from factcheck.extensions import db
from factcheck.models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None = None,
    obj: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    remote_addr: str | None = None,
) -> AuditEvent:
    """Add one audit event to the session (the caller commits)."""
    actor_id = actor.id if actor is not None and getattr(actor, "id", None) else None
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        before=before,
        after=after,
        remote_addr=remote_addr,
    )
    db.session.add(event)
    return event
