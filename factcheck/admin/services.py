"""The audit log: filtering, describing and exporting events."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from factcheck.extensions import db
from factcheck.models import AuditEvent, User

# The "kind" filter: the part of an action before the dot.
KINDS: dict[str, str] = {
    "auth": "Sign-ins and sign-outs",
    "user": "Account changes",
    "scale": "Verdict scale changes",
    "annotation": "Annotation changes",
    "segment": "Item edits (quotations and claims)",
    "approval": "Approvals",
    "export": "Exports",
    "article": "Articles",
}

CSV_COLUMNS = [
    "id",
    "time_utc",
    "action",
    "actor_id",
    "actor_email",
    "object_type",
    "object_id",
    "remote_addr",
    "before",
    "after",
]

# Line breaks, other control characters and the Unicode line/paragraph separators.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Spreadsheets run cells starting with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page shows: plain values, all optional."""

    user_id: int | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def one_line(text: str) -> str:
    """Text that cannot start a new line: CR, LF and other control characters escaped."""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def csv_cell(value: object) -> object:
    """A value safe for a CSV cell: one line, and never read as a spreadsheet formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int):
        return value
    text = one_line(str(value))
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def audit_query(filters: AuditFilter) -> Select[tuple[AuditEvent]]:
    """Events matching the filter, newest first."""
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if filters.user_id is not None:
        # Things the user did, and things done to their account.
        query = query.where(
            or_(
                AuditEvent.actor_id == filters.user_id,
                and_(AuditEvent.object_type == "User", AuditEvent.object_id == filters.user_id),
            )
        )
    if filters.kind:
        query = query.where(AuditEvent.action.startswith(filters.kind + ".", autoescape=True))
    if filters.date_from:
        query = query.where(
            AuditEvent.created_at >= datetime.combine(filters.date_from, time.min, UTC)
        )
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, UTC)
        query = query.where(AuditEvent.created_at < end)
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


# Shown even when unchanged: they name what the event is about.
NAMING_KEYS = ("label", "email")

# How the log page names the objects events are about.
OBJECT_NAMES = {"User": "Account", "VerdictLabel": "Verdict label", "Segment": "Item"}


def _short(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "—" if value is None else str(value)


def describe_changes(event: AuditEvent) -> list[tuple[str, str]]:
    """(field, "before → after" or value) pairs for the page, changed fields only."""
    before, after = event.before or {}, event.after or {}
    lines: list[tuple[str, str]] = []
    for key in list(dict.fromkeys([*before, *after])):
        if key in before and key in after:
            if key in NAMING_KEYS and before[key] == after[key]:
                lines.append((key, _short(after[key])))  # says which label or account
            elif before[key] != after[key]:
                lines.append((key, f"{_short(before[key])} → {_short(after[key])}"))
        elif key in after:
            lines.append((key, _short(after[key])))
        else:
            lines.append((key, f"{_short(before[key])} → —"))
    return lines


def user_choices() -> list[tuple[int, str]]:
    """Every account as (id, "Name <e-mail>") for the user filter."""
    users = db.session.scalars(select(User).order_by(User.display_name, User.email))
    return [(user.id, f"{user.display_name} <{user.email}>") for user in users]


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    """The CSV export, header first, one line per event, streamed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for event in events:
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    event.id,
                    event.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    event.action,
                    event.actor_id,
                    event.actor.email if event.actor else None,
                    event.object_type,
                    event.object_id,
                    event.remote_addr,
                    json.dumps(event.before, ensure_ascii=False, sort_keys=True)
                    if event.before is not None
                    else None,
                    json.dumps(event.after, ensure_ascii=False, sort_keys=True)
                    if event.after is not None
                    else None,
                )
            ]
        )
        yield flush()
