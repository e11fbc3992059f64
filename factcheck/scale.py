"""The desk's verdict scale: labels, their order, colours, ClaimReview ratings and presets."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from factcheck import audit
from factcheck.extensions import db
from factcheck.models import User, VerdictLabel, utcnow

COLOR_RE = re.compile(r"^#[0-9a-f]{6}$")


def is_safe_colour(colour: str | None) -> bool:
    """True for a #rrggbb colour, the only form ever written into CSS or SVG."""
    return bool(colour) and COLOR_RE.match(colour.lower()) is not None
MAX_LABEL_LENGTH = 60
MIN_RATING, MAX_RATING = 0, 100

# (label, colour, ClaimReview rating: higher = more true; None = outside the scale)
DEFAULT_SCALE: list[tuple[str, str, int | None]] = [
    ("True", "#1a7f37", 5),
    ("Mostly true", "#4c9a2a", 4),
    ("Half true", "#b08800", 3),
    ("Mostly false", "#d1580a", 2),
    ("False", "#c62828", 1),
    ("Unverifiable", "#6b7280", None),
]


def ensure_default_scale() -> bool:
    """Create the default scale when the desk has no label yet; True when created."""
    if db.session.scalar(select(func.count()).select_from(VerdictLabel)):
        return False
    for position, (label, color, rating) in enumerate(DEFAULT_SCALE, start=1):
        db.session.add(
            VerdictLabel(label=label, position=position, color=color, rating_value=rating)
        )
    db.session.flush()
    return True


def active_labels() -> list[VerdictLabel]:
    """The labels reviewers may choose, in scale order."""
    return list(
        db.session.scalars(
            select(VerdictLabel)
            .where(VerdictLabel.retired_at.is_(None))
            .order_by(VerdictLabel.position)
        )
    )


# Presets to start from: key -> (name, labels). Applying one reuses labels of the same
# name (so annotations keep them), adds the missing ones and retires the others.
PRESETS: dict[str, tuple[str, list[tuple[str, str, int | None]]]] = {
    "default": ("The default six", DEFAULT_SCALE),
    "truth-o-meter": (
        "PolitiFact's Truth-O-Meter",
        [
            ("True", "#1a7f37", 6),
            ("Mostly True", "#4c9a2a", 5),
            ("Half True", "#b08800", 4),
            ("Mostly False", "#d1580a", 3),
            ("False", "#c62828", 2),
            ("Pants on Fire!", "#7f1d1d", 1),
        ],
    ),
    "simple": (
        "True, false, misleading, unverifiable",
        [
            ("True", "#1a7f37", 3),
            ("Misleading", "#d1580a", 2),
            ("False", "#c62828", 1),
            ("Unverifiable", "#6b7280", None),
        ],
    ),
}


class ScaleError(ValueError):
    """A refused scale change, with a message fit for the user."""


def label_snapshot(label: VerdictLabel) -> dict[str, object]:
    """The audited fields of a label."""
    return {
        "label": label.label,
        "position": label.position,
        "color": label.color,
        "rating_value": label.rating_value,
        "retired": label.retired_at is not None,
    }


def all_labels() -> list[VerdictLabel]:
    """Offered labels in scale order, then retired ones."""
    labels = db.session.scalars(
        select(VerdictLabel).order_by(VerdictLabel.position, VerdictLabel.id)
    )
    return sorted(labels, key=lambda label: label.retired_at is not None)


def _clean_name(name: str, *, ignore: VerdictLabel | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ScaleError("Enter the label's name.")
    if len(name) > MAX_LABEL_LENGTH:
        raise ScaleError(f"A label has at most {MAX_LABEL_LENGTH} characters.")
    for other in active_labels():
        if other is not ignore and other.label.casefold() == name.casefold():
            raise ScaleError(f"The scale already has a label “{other.label}”.")
    return name


def _clean_color(color: str) -> str:
    color = color.strip().lower()
    if not COLOR_RE.match(color):
        raise ScaleError("Give the colour as #rrggbb.")
    return color


def _clean_rating(rating_value: int | None) -> int | None:
    if rating_value is not None and not MIN_RATING <= rating_value <= MAX_RATING:
        raise ScaleError(f"The rating value is a whole number from {MIN_RATING} to {MAX_RATING}.")
    return rating_value


def _renumber(labels: list[VerdictLabel]) -> None:
    for position, label in enumerate(labels, start=1):
        label.position = position


def add_label(
    name: str, color: str, rating_value: int | None, *, actor: User | None = None
) -> VerdictLabel:
    """Add a label at the end of the scale."""
    label = VerdictLabel(
        label=_clean_name(name),
        color=_clean_color(color),
        rating_value=_clean_rating(rating_value),
        position=len(active_labels()) + 1,
    )
    db.session.add(label)
    db.session.flush()
    audit.record("scale.add", actor=actor, obj=label, after=label_snapshot(label))
    return label


def update_label(
    label: VerdictLabel,
    name: str,
    color: str,
    rating_value: int | None,
    *,
    actor: User | None = None,
) -> VerdictLabel:
    """Rename, recolour or re-rate a label; old annotations show the new name."""
    if label.retired_at is not None:
        raise ScaleError("Restore the label before editing it.")
    before = label_snapshot(label)
    label.label = _clean_name(name, ignore=label)
    label.color = _clean_color(color)
    label.rating_value = _clean_rating(rating_value)
    after = label_snapshot(label)
    if after != before:
        audit.record("scale.update", actor=actor, obj=label, before=before, after=after)
    return label


def move_label(label: VerdictLabel, direction: str, *, actor: User | None = None) -> VerdictLabel:
    """Move an offered label one place up or down the scale."""
    labels = active_labels()
    if label not in labels:
        raise ScaleError("Only offered labels can be moved.")
    index = labels.index(label)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(labels):
        return label
    before = label_snapshot(label)
    labels[index], labels[target] = labels[target], labels[index]
    _renumber(labels)
    audit.record("scale.move", actor=actor, obj=label, before=before, after=label_snapshot(label))
    return label


def retire_label(label: VerdictLabel, *, actor: User | None = None) -> VerdictLabel:
    """Stop offering a label; annotations that carry it keep it."""
    if label.retired_at is not None:
        return label
    labels = active_labels()
    if len(labels) <= 1:
        raise ScaleError("The scale needs at least one label.")
    before = label_snapshot(label)
    label.retired_at = utcnow()
    _renumber([other for other in labels if other is not label])
    audit.record("scale.retire", actor=actor, obj=label, before=before, after=label_snapshot(label))
    return label


def restore_label(label: VerdictLabel, *, actor: User | None = None) -> VerdictLabel:
    """Offer a retired label again, at the end of the scale."""
    if label.retired_at is None:
        return label
    before = label_snapshot(label)
    label.label = _clean_name(label.label)
    label.position = len(active_labels()) + 1
    label.retired_at = None
    audit.record(
        "scale.restore", actor=actor, obj=label, before=before, after=label_snapshot(label)
    )
    return label


def apply_preset(key: str, *, actor: User | None = None) -> list[VerdictLabel]:
    """Make the offered scale the preset's, reusing labels of the same name."""
    if key not in PRESETS:
        raise ScaleError("Unknown preset.")
    before = [label_snapshot(label) for label in active_labels()]
    existing = all_labels()  # offered first, so an offered label wins over a retired twin
    chosen: list[VerdictLabel] = []
    for position, (name, color, rating) in enumerate(PRESETS[key][1], start=1):
        label = next(
            (
                other
                for other in existing
                if other.label.casefold() == name.casefold() and other not in chosen
            ),
            None,
        )
        if label is None:
            label = VerdictLabel(label=name)
            db.session.add(label)
        label.label, label.color, label.rating_value = name, color, rating
        label.position, label.retired_at = position, None
        chosen.append(label)
    now = utcnow()
    for label in existing:
        if label not in chosen and label.retired_at is None:
            label.retired_at = now
    db.session.flush()
    audit.record(
        "scale.preset",
        actor=actor,
        before={"labels": before},
        after={"preset": key, "labels": [label_snapshot(label) for label in chosen]},
    )
    return chosen


def verdict_stylesheet() -> str:
    """CSS giving each verdict (retired ones too) its colour in marks and badges."""
    rules = []
    for label in db.session.scalars(select(VerdictLabel).order_by(VerdictLabel.position)):
        if not is_safe_colour(label.color):
            continue  # never write anything but a checked colour into CSS
        rules.append(
            f".verdict-{label.id} {{ --verdict: {label.color}; }}\n"
            f"mark.verdict-{label.id} {{ background: {label.color}33; "
            f"box-shadow: inset 0 -3px 0 {label.color}; }}\n"
            f".badge.verdict-{label.id} {{ background: {label.color}; color: #fff; }}"
        )
    return "\n".join(rules) + "\n"


def verdict_names() -> dict[int, str]:
    """Every label's name by id, retired ones included (old annotations keep them)."""
    return dict(db.session.execute(select(VerdictLabel.id, VerdictLabel.label)).tuples().all())
