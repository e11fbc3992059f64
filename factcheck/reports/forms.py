"""The bulk export form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

FORMAT_CHOICES = [
    SelectChoice("csv", "CSV (spreadsheet)"),
    SelectChoice("json", "JSON"),
    SelectChoice("claimreview", "ClaimReview JSON-LD"),
]


class BulkExportForm(FlaskForm):
    """Filters of the bulk export (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    format = SelectField("Format", choices=FORMAT_CHOICES, default="csv")
    approved_from = DateField("Approved from", validators=[Optional()])
    approved_to = DateField("Approved to", validators=[Optional()])
    verdict = SelectField(
        "Verdict", choices=[SelectChoice("", "Any verdict")], validators=[Optional()]
    )
    reviewer = SelectField(
        "Reviewer", choices=[SelectChoice("", "Anyone")], validators=[Optional()]
    )
    language = StringField("Language", validators=[Optional(), Length(max=12)])

    def validate_approved_to(self, field) -> None:
        if field.data and self.approved_from.data and field.data < self.approved_from.data:
            raise ValidationError("The end date is before the start date.")
