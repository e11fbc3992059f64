"""Annotating items and fixing the analysis: every change versioned and audited."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from factcheck import audit
from factcheck.approval.services import ApprovalError, revise_approved_verdict
from factcheck.extensions import db
from factcheck.models import (
    Annotation,
    AnnotationStatus,
    ApprovalStatus,
    Article,
    ArticleStatus,
    AuditEvent,
    EvidenceLink,
    Segment,
    SegmentKind,
    SegmentOrigin,
    User,
    VerdictLabel,
    utcnow,
)

MERGED_FIELDS = ("source", "verdict_id", "note", "status")
_SPACE_CLASS = r"[\s\u00a0\u202f]+"


class ReviewError(ValueError):
    """A refused review action, with a message for the reviewer."""


class EditConflict(Exception):  # noqa: N818  (a conflict is an outcome, not a crash)
    """Someone saved the item since the reviewer loaded it."""

    def __init__(self, segment_id: int, base_version: int) -> None:
        super().__init__(f"segment {segment_id}: version {base_version} is stale")
        self.segment_id = segment_id
        self.base_version = base_version


@dataclass(frozen=True)
class EvidenceInput:
    """One evidence row of the form; id is None for a new link."""

    url: str
    title: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class AnnotationInput:
    """What the reviewer submitted for an item."""

    source: str | None
    verdict_id: int | None
    note: str | None
    status: AnnotationStatus
    evidence: tuple[EvidenceInput, ...] = ()
    # Needed only when the change alters a verdict an editor already approved.
    change_reason: str | None = None

    def snapshot(self, version: int) -> dict[str, Any]:
        """The same shape as snapshot(annotation), for comparing versions."""
        return {
            "version": version,
            "source": self.source,
            "verdict_id": self.verdict_id,
            "note": self.note,
            "status": self.status.value,
            "evidence": [{"url": e.url, "title": e.title} for e in self.evidence],
        }


def snapshot(annotation: Annotation | None, segment: Segment | None = None) -> dict[str, Any]:
    """The audited state of an annotation (an unsaved one starts from the analyser's speaker)."""
    if annotation is None:
        return {
            "version": 0,
            "source": segment.speaker if segment else None,
            "verdict_id": None,
            "note": None,
            "status": AnnotationStatus.TODO.value,
            "evidence": [],
        }
    return {
        "version": annotation.version,
        "source": annotation.source,
        "verdict_id": annotation.verdict_id,
        "note": annotation.note,
        "status": annotation.status.value,
        "evidence": [{"url": e.url, "title": e.title} for e in annotation.live_evidence],
    }


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _apply_evidence(annotation: Annotation, rows: tuple[EvidenceInput, ...], user: User) -> None:
    existing = {link.id: link for link in annotation.live_evidence}
    by_url = {link.url: link for link in existing.values()}
    kept: set[int] = set()
    for row in rows:
        url = row.url.strip()
        if not url:
            continue
        link = existing.get(row.id) if row.id else None
        if link is None and by_url.get(url) is not None and by_url[url].id not in kept:
            # A resubmitted version (e.g. "keep my version") names links by address only:
            # the same address is the same link, with its first author kept.
            link = by_url[url]
        if link is not None:
            kept.add(link.id)
            link.url, link.title = url, _clean(row.title)
        else:
            annotation.evidence.append(
                EvidenceLink(url=url, title=_clean(row.title), added_by_id=user.id)
            )
    for link_id, link in existing.items():
        if link_id not in kept:
            link.deleted_at = utcnow()


def _check_verdict(verdict_id: int | None, current: int | None) -> None:
    if verdict_id is None or verdict_id == current:
        return
    label = db.session.get(VerdictLabel, verdict_id)
    if label is None or label.retired_at is not None:
        raise ReviewError("That verdict is not on the desk's scale any more.")


def _content(state: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in state.items() if key != "version"}


def normalised(data: AnnotationInput) -> AnnotationInput:
    """The submission as it would be stored: trimmed, blanks as None, empty rows dropped."""
    return AnnotationInput(
        source=_clean(data.source),
        verdict_id=data.verdict_id,
        note=_clean(data.note),
        status=data.status,
        change_reason=data.change_reason,
        evidence=tuple(
            EvidenceInput(e.url.strip(), _clean(e.title), e.id)
            for e in data.evidence
            if e.url.strip()
        ),
    )


def save_annotation(
    segment: Segment, user: User, data: AnnotationInput, expected_version: int
) -> Annotation | None:
    """Save the reviewer's annotation unless someone saved since `expected_version`.

    Returns None when the submission changes nothing.
    """
    annotation = segment.annotation
    current_version = annotation.version if annotation else 0
    if expected_version != current_version:
        raise EditConflict(segment.id, expected_version)
    _check_verdict(data.verdict_id, annotation.verdict_id if annotation else None)
    data = normalised(data)
    before = snapshot(annotation, segment) if annotation else None
    if before is not None and _content(before) == _content(data.snapshot(current_version)):
        return None
    # One INSERT or UPDATE per save: an autoflush half-way would count as a version of its own.
    with db.session.no_autoflush:
        if annotation is None:
            annotation = Annotation(segment=segment)
            db.session.add(annotation)
        elif (
            annotation.approval_status == ApprovalStatus.APPROVED
            and data.verdict_id != annotation.verdict_id
        ):
            try:
                revise_approved_verdict(annotation, user, data.change_reason)
            except ApprovalError as error:
                raise ReviewError(str(error)) from error
        annotation.source = data.source
        annotation.verdict_id = data.verdict_id
        annotation.note = data.note
        annotation.status = data.status
        _apply_evidence(annotation, data.evidence, user)
        # Touching the row also moves its version when only the evidence changed.
        annotation.reviewer_id = user.id
        annotation.updated_at = utcnow()
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError) as error:
        # Another request saved between our read and our write.
        raise EditConflict(segment.id, expected_version) from error
    action = "annotation.create" if before is None else "annotation.update"
    audit.record(action, actor=user, obj=annotation, before=before, after=snapshot(annotation))
    if segment.article.status == ArticleStatus.NEW:
        segment.article.status = ArticleStatus.IN_REVIEW
    return annotation


@dataclass(frozen=True)
class Conflict:
    """Both versions of an item and a merge proposal for the reviewer to settle."""

    mine: dict[str, Any]
    theirs: dict[str, Any]
    theirs_by: str | None
    theirs_at: datetime | None
    merged: dict[str, Any]
    conflicting: tuple[str, ...]


def _base_snapshot(annotation: Annotation | None, segment: Segment, version: int) -> dict:
    if annotation is None or version == 0:
        return snapshot(None, segment)
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "Annotation", AuditEvent.object_id == annotation.id)
        .order_by(AuditEvent.id)
    )
    for event in events:
        if event.after and event.after.get("version") == version:
            return event.after
    return snapshot(None, segment)


def _merge_value(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    if mine in (theirs, base):
        return theirs, False
    if theirs == base:
        return mine, False
    return mine, True


def _merge_evidence(base: list, mine: list, theirs: list) -> list:
    def urls(rows: list) -> list[str]:
        return [row["url"] for row in rows]

    removed = (set(urls(base)) - set(urls(mine))) | (set(urls(base)) - set(urls(theirs)))
    merged: dict[str, dict] = {}
    for row in theirs + mine:
        if row["url"] not in removed:
            merged.setdefault(row["url"], row)
    return list(merged.values())


def describe_conflict(segment: Segment, base_version: int, mine: AnnotationInput) -> Conflict:
    """Compare the reviewer's stale edit with the saved version and propose a merge."""
    annotation = segment.annotation
    theirs = snapshot(annotation, segment)
    base = _base_snapshot(annotation, segment, base_version)
    # Compare what would be stored: an untouched empty field is no edit.
    mine_snapshot = normalised(mine).snapshot(base_version)
    merged: dict[str, Any] = {"version": theirs["version"]}
    conflicting = []
    for name in MERGED_FIELDS:
        value, clash = _merge_value(base.get(name), mine_snapshot[name], theirs[name])
        if clash and name == "note":
            value = f"{theirs['note']}\n\n---\n{mine_snapshot['note']}"
        merged[name] = value
        if clash:
            conflicting.append(name)
    merged["evidence"] = _merge_evidence(
        base.get("evidence", []), mine_snapshot["evidence"], theirs["evidence"]
    )
    return Conflict(
        mine=mine_snapshot,
        theirs=theirs,
        theirs_by=annotation.reviewer.display_name if annotation and annotation.reviewer else None,
        theirs_at=annotation.updated_at if annotation else None,
        merged=merged,
        conflicting=tuple(conflicting),
    )


# --- Fixing the analysis -----------------------------------------------------------


def segment_snapshot(segment: Segment) -> dict[str, Any]:
    """The audited state of a segment."""
    return {
        "kind": segment.kind.value,
        "start": segment.start_offset,
        "end": segment.end_offset,
        "text": segment.text,
        "speaker": segment.speaker,
        "dismissed": segment.dismissed_at is not None,
        "dismiss_reason": segment.dismiss_reason,
        "deleted": segment.deleted_at is not None,
    }


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(text)):
        raise ReviewError("The selection is outside the article's text.")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ReviewError("The selection holds no words.")
    return start, end


def locate(text: str, snippet: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the n-th occurrence of a snippet, matching any run of spaces (no-break too)."""
    words = (snippet or "").split()
    if not words:
        raise ReviewError("Give the exact words from the article.")
    pattern = re.compile(_SPACE_CLASS.join(re.escape(w) for w in words))
    matches = list(pattern.finditer(text))
    if not matches:
        raise ReviewError("Those words are not in the article's text (copy them exactly).")
    if not 1 <= occurrence <= len(matches):
        raise ReviewError(f"Those words appear {len(matches)} time(s) in the text.")
    match = matches[occurrence - 1]
    return match.start(), match.end()


def _audit_segment(action: str, segment: Segment, user: User, before: dict | None) -> None:
    audit.record(action, actor=user, obj=segment, before=before, after=segment_snapshot(segment))


def add_segment(article: Article, kind: SegmentKind, start: int, end: int, user: User) -> Segment:
    """Mark a missed quotation or claim."""
    start, end = _trimmed(article.clean_text, start, end)
    clash = db.session.scalar(
        select(Segment).where(
            Segment.article_id == article.id,
            Segment.kind == kind,
            Segment.start_offset == start,
            Segment.end_offset == end,
            Segment.deleted_at.is_(None),
        )
    )
    if clash is not None:
        raise ReviewError("That exact item is already marked.")
    segment = Segment(
        article=article,
        kind=kind,
        start_offset=start,
        end_offset=end,
        text=article.clean_text[start:end],
        origin=SegmentOrigin.MANUAL,
        created_by_id=user.id,
    )
    db.session.add(segment)
    db.session.flush()
    _audit_segment("segment.add", segment, user, None)
    return segment


def set_span(segment: Segment, start: int, end: int, user: User) -> Segment:
    """Move an item's boundaries."""
    before = segment_snapshot(segment)
    start, end = _trimmed(segment.article.clean_text, start, end)
    segment.start_offset, segment.end_offset = start, end
    segment.text = segment.article.clean_text[start:end]
    _audit_segment("segment.span", segment, user, before)
    return segment


def set_kind(segment: Segment, kind: SegmentKind, user: User) -> Segment:
    """Turn a quotation into a claim or back."""
    if segment.kind == kind:
        return segment
    before = segment_snapshot(segment)
    segment.kind = kind
    _audit_segment("segment.kind", segment, user, before)
    return segment


def set_speaker(segment: Segment, speaker: str | None, user: User) -> Segment:
    """Correct who the analyser says is speaking or asserting."""
    speaker = _clean(speaker)
    if speaker == segment.speaker:
        return segment
    before = segment_snapshot(segment)
    segment.speaker = speaker
    _audit_segment("segment.speaker", segment, user, before)
    return segment


def next_segment(segment: Segment) -> Segment | None:
    """The next live item of the same kind in text order."""
    return db.session.scalar(
        select(Segment)
        .where(
            Segment.article_id == segment.article_id,
            Segment.kind == segment.kind,
            Segment.deleted_at.is_(None),
            Segment.id != segment.id,
            or_(
                Segment.start_offset > segment.start_offset,
                (Segment.start_offset == segment.start_offset) & (Segment.id > segment.id),
            ),
        )
        .order_by(Segment.start_offset, Segment.id)
        .limit(1)
    )


def merge_with_next(segment: Segment, user: User) -> Segment:
    """Join an item with the next one of its kind; the second is kept, deleted, in the trail."""
    other = next_segment(segment)
    if other is None:
        raise ReviewError("There is no later item of the same kind to merge with.")
    before, other_before = segment_snapshot(segment), segment_snapshot(other)
    segment.end_offset = max(segment.end_offset, other.end_offset)
    segment.text = segment.article.clean_text[segment.start_offset : segment.end_offset]
    other.deleted_at = utcnow()
    # The second item's review is not lost: it moves over when the first has none.
    if segment.annotation is None and other.annotation is not None:
        # One UPDATE of segment_id (NOT NULL): never detach it from the other item first.
        segment.annotation = other.annotation
    _audit_segment("segment.merge", segment, user, before)
    _audit_segment("segment.merged_away", other, user, other_before)
    return segment


def split_segment(segment: Segment, at: int, user: User) -> Segment:
    """Cut an item in two at an offset; return the new second part."""
    if not segment.start_offset < at < segment.end_offset:
        raise ReviewError("Split inside the item's text.")
    text = segment.article.clean_text
    first = _trimmed(text, segment.start_offset, at)
    second = _trimmed(text, at, segment.end_offset)
    before = segment_snapshot(segment)
    segment.start_offset, segment.end_offset = first
    segment.text = text[first[0] : first[1]]
    part = Segment(
        article_id=segment.article_id,
        kind=segment.kind,
        start_offset=second[0],
        end_offset=second[1],
        text=text[second[0] : second[1]],
        speaker=segment.speaker,
        checkworthiness=segment.checkworthiness,
        reasons=segment.reasons,
        origin=SegmentOrigin.MANUAL,
        created_by_id=user.id,
    )
    db.session.add(part)
    db.session.flush()
    _audit_segment("segment.split", segment, user, before)
    _audit_segment("segment.add", part, user, None)
    return part


def dismiss_segment(segment: Segment, reason: str, user: User) -> Segment:
    """Set an item aside as not worth checking; it stays, with who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("Say why the item is not worth checking.")
    before = segment_snapshot(segment)
    segment.dismissed_at = utcnow()
    segment.dismissed_by_id = user.id
    segment.dismiss_reason = reason[:2000]
    _audit_segment("segment.dismiss", segment, user, before)
    return segment


def restore_segment(segment: Segment, user: User) -> Segment:
    """Bring a dismissed item back."""
    if segment.dismissed_at is None:
        return segment
    before = segment_snapshot(segment)
    segment.dismissed_at = segment.dismissed_by_id = segment.dismiss_reason = None
    _audit_segment("segment.restore", segment, user, before)
    return segment


def mark_ready(article: Article, user: User) -> Article:
    """Hand the article to the editors."""
    if article.status in (ArticleStatus.READY, ArticleStatus.APPROVED):
        raise ReviewError("The article is already with the editors.")
    before = {"status": article.status.value}
    article.status = ArticleStatus.READY
    audit.record("article.ready", actor=user, obj=article, before=before, after={"status": "ready"})
    return article


# --- Reading the workspace ----------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One change of an item, for the history shown beside it."""

    at: datetime
    who: str
    action: str
    changes: list[tuple[str, Any, Any]]


@dataclass
class ReviewSummary:
    """An article's progress and who worked on it."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    dismissed: int = 0
    by_verdict: list[tuple[VerdictLabel, int]] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        """Share of items done, 0..100."""
        return round(100 * self.done / self.total) if self.total else 0


def workspace_segments(article: Article) -> list[Segment]:
    """The article's live items with their annotations and verdicts loaded."""
    return list(
        db.session.scalars(
            select(Segment)
            .where(Segment.article_id == article.id, Segment.deleted_at.is_(None))
            # The list and the progress box show status and verdict only; the selected
            # item's evidence loads with its panel.
            .options(selectinload(Segment.annotation).selectinload(Annotation.verdict))
            .order_by(Segment.start_offset, Segment.id)
        )
    )


def order_segments(segments: list[Segment], order: str) -> list[Segment]:
    """Items by position (default) or by check-worthiness, highest first."""
    if order == "worthiness":
        return sorted(segments, key=lambda s: (-(s.checkworthiness or 0.0), s.start_offset))
    return segments


def summarise(article: Article, segments: list[Segment]) -> ReviewSummary:
    """Progress figures from the loaded items."""
    summary = ReviewSummary()
    verdicts: Counter[int] = Counter()
    labels: dict[int, VerdictLabel] = {}
    for segment in segments:
        if segment.dismissed_at is not None:
            summary.dismissed += 1
            continue
        summary.total += 1
        annotation = segment.annotation
        if annotation is None:
            continue
        if annotation.status == AnnotationStatus.DONE:
            summary.done += 1
        elif annotation.status == AnnotationStatus.IN_PROGRESS:
            summary.in_progress += 1
        if annotation.verdict is not None:
            verdicts[annotation.verdict.id] += 1
            labels[annotation.verdict.id] = annotation.verdict
    summary.by_verdict = sorted(
        ((labels[i], n) for i, n in verdicts.items()), key=lambda pair: pair[0].position
    )
    summary.reviewers = reviewers_of(segments)
    return summary


def reviewers_of(segments: list[Segment]) -> list[str]:
    """Names of everyone who changed an item or its annotation, in order of first change."""
    segment_ids = [s.id for s in segments]
    annotation_ids = [s.annotation.id for s in segments if s.annotation is not None]
    if not segment_ids:
        return []
    rows = db.session.execute(
        select(User.display_name, func.min(AuditEvent.id))
        .join(AuditEvent, AuditEvent.actor_id == User.id)
        .where(
            or_(
                (AuditEvent.object_type == "Segment") & AuditEvent.object_id.in_(segment_ids),
                (AuditEvent.object_type == "Annotation")
                & AuditEvent.object_id.in_(annotation_ids or [-1]),
            )
        )
        .group_by(User.display_name)
        .order_by(func.min(AuditEvent.id))
    ).all()
    return [name for name, _ in rows]


def history(segment: Segment, limit: int = 50) -> list[HistoryEntry]:
    """The latest recorded changes of the item and its annotation, newest first."""
    conditions = [(AuditEvent.object_type == "Segment") & (AuditEvent.object_id == segment.id)]
    if segment.annotation is not None:
        conditions.append(
            (AuditEvent.object_type == "Annotation")
            & (AuditEvent.object_id == segment.annotation.id)
        )
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(*conditions))
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    entries = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        changes = [
            (key, before.get(key), after.get(key))
            for key in after
            if key != "version" and before.get(key) != after.get(key)
        ]
        who = event.actor.display_name if event.actor else "someone"
        entries.append(HistoryEntry(event.created_at, who, event.action, changes))
    return entries


def source_suggestions(article: Article, limit: int = 40) -> list[str]:
    """Sources already used in this article first, then the desk's most used ones."""
    here = db.session.scalars(
        select(Segment.speaker)
        .where(Segment.article_id == article.id, Segment.speaker.is_not(None))
        .distinct()
    ).all()
    annotated_here = db.session.scalars(
        select(Annotation.source)
        .join(Segment, Annotation.segment_id == Segment.id)
        .where(Segment.article_id == article.id, Annotation.source.is_not(None))
        .distinct()
    ).all()
    desk = db.session.scalars(
        select(Annotation.source)
        .where(Annotation.source.is_not(None))
        .group_by(Annotation.source)
        .order_by(func.count().desc())
        .limit(limit)
    ).all()
    return list(dict.fromkeys([*annotated_here, *here, *desk]))[:limit]
