"""Forms of the review workspace."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from factcheck.models import AnnotationStatus, SegmentKind, VerdictLabel

STATUS_CHOICES = [
    SelectChoice(AnnotationStatus.TODO.value, "To do"),
    SelectChoice(AnnotationStatus.IN_PROGRESS.value, "In progress"),
    SelectChoice(AnnotationStatus.DONE.value, "Done"),
]
KIND_CHOICES = [
    SelectChoice(SegmentKind.CLAIM.value, "Claim"),
    SelectChoice(SegmentKind.QUOTE.value, "Quotation"),
]
EVIDENCE_ROWS = 3


def http_url(form, field) -> None:
    """Accept only absolute http(s) addresses."""
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError("Evidence links must be http:// or https:// addresses.")


class EvidenceRow(Form):
    """One evidence link (a sub-form, so no CSRF field of its own)."""

    id = HiddenField()
    url = StringField(
        "Evidence link",
        validators=[Optional(), Length(max=2048), http_url],
        render_kw={"inputmode": "url", "placeholder": "https://…"},
    )
    title = StringField("Link title (optional)", validators=[Optional(), Length(max=300)])


class AnnotationForm(FlaskForm):
    """Source, verdict, evidence, note and status of one item."""

    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(0)])
    source = StringField(
        "Source",
        validators=[Optional(), Length(max=255)],
        render_kw={"list": "source-suggestions", "autocomplete": "off"},
    )
    verdict = SelectField("Verdict", validators=[Optional()])
    evidence = FieldList(FormField(EvidenceRow), min_entries=1, max_entries=50)
    note = TextAreaField(
        "Note",
        validators=[Optional(), Length(max=20_000)],
        render_kw={"rows": 5},
    )
    status = SelectField("Status", choices=STATUS_CHOICES, default=AnnotationStatus.TODO.value)
    change_reason = StringField(
        "Reason for changing the approved verdict", validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField("Save")

    def set_verdicts(self, labels: list[VerdictLabel], current: VerdictLabel | None) -> None:
        """Offer the active scale, plus a retired label the item already carries."""
        choices = [SelectChoice("", "No verdict yet")]
        choices += [SelectChoice(str(label.id), label.label) for label in labels]
        if current is not None and all(label.id != current.id for label in labels):
            choices.append(SelectChoice(str(current.id), f"{current.label} (retired)"))
        self.verdict.choices = choices


class AddSegmentForm(FlaskForm):
    """Mark a missed item: offsets from a selection, or the exact words."""

    kind = SelectField("Kind", choices=KIND_CHOICES)
    start = IntegerField(widget=HiddenField.widget, validators=[Optional(), NumberRange(0)])
    end = IntegerField(widget=HiddenField.widget, validators=[Optional(), NumberRange(0)])
    words = TextAreaField(
        "Exact words from the article",
        validators=[Length(max=20_000)],
        render_kw={"rows": 2},
    )
    occurrence = IntegerField("Occurrence", default=1, validators=[Optional(), NumberRange(1)])
    submit = SubmitField("Add item")

    def validate_words(self, field) -> None:
        if self.start.data is None and not (field.data or "").strip():
            raise ValidationError("Select text in the article or type its exact words.")


class SpanForm(FlaskForm):
    """Move an item's boundaries."""

    start = IntegerField(widget=HiddenField.widget, validators=[Optional(), NumberRange(0)])
    end = IntegerField(widget=HiddenField.widget, validators=[Optional(), NumberRange(0)])
    words = TextAreaField("New exact words", validators=[Length(max=20_000)], render_kw={"rows": 2})
    occurrence = IntegerField("Occurrence", default=1, validators=[Optional(), NumberRange(1)])
    submit = SubmitField("Change boundaries")

    def validate_words(self, field) -> None:
        if self.start.data is None and not (field.data or "").strip():
            raise ValidationError("Select text in the article or type its exact words.")


class KindForm(FlaskForm):
    """Turn a quotation into a claim or back; correct the speaker."""

    kind = SelectField("Kind", choices=KIND_CHOICES)
    speaker = StringField("Speaker or source found", validators=[Optional(), Length(max=255)])
    submit = SubmitField("Update item")


class SplitForm(FlaskForm):
    """Cut an item in two before some words."""

    at = IntegerField(widget=HiddenField.widget, validators=[Optional(), NumberRange(0)])
    before_words = StringField("Split before these words", validators=[Length(max=500)])
    submit = SubmitField("Split")

    def validate_before_words(self, field) -> None:
        if self.at.data is None and not (field.data or "").strip():
            raise ValidationError("Say where to split: the words that start the second part.")


class DismissForm(FlaskForm):
    """Set an item aside, saying why."""

    reason = StringField(
        "Why is it not worth checking?",
        validators=[DataRequired("Say why the item is not worth checking."), Length(max=2000)],
    )
    submit = SubmitField("Dismiss")


class SimpleActionForm(FlaskForm):
    """A button that only needs CSRF protection (merge, restore, mark ready)."""

    submit = SubmitField("Go")
