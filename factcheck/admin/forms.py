"""Forms of the admin pages: accounts, the verdict scale, the audit log filter."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    ColorField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from factcheck.accounts import find_user
from factcheck.admin.services import KINDS
from factcheck.models import Role
from factcheck.scale import MAX_LABEL_LENGTH, MAX_RATING, MIN_RATING, PRESETS

ROLE_CHOICES = [SelectChoice(role.value, role.value.title()) for role in Role]
CREDENTIAL_CHOICES = [
    SelectChoice("link", "A set-password link the user opens once"),
    SelectChoice("password", "A one-time password the user must change at first sign-in"),
]


class CreateUserForm(FlaskForm):
    """A new account and how its owner gets in."""

    email = EmailField(
        "E-mail", validators=[DataRequired("Enter an e-mail address."), Length(max=254)]
    )
    display_name = StringField(
        "Name", validators=[DataRequired("Enter the person's name."), Length(max=120)]
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REVIEWER.value)
    credential = SelectField("How they sign in first", choices=CREDENTIAL_CHOICES)
    submit = SubmitField("Create account")

    def validate_email(self, field) -> None:
        """Refuse an address that already has an account."""
        if find_user(field.data or ""):
            raise ValidationError("An account with this e-mail address already exists.")


class EditUserForm(FlaskForm):
    """An account's name and role."""

    display_name = StringField(
        "Name", validators=[DataRequired("Enter the person's name."), Length(max=120)]
    )
    role = SelectField("Role", choices=ROLE_CHOICES)
    submit = SubmitField("Save changes")


class ResetPasswordForm(FlaskForm):
    """How the user gets a new password."""

    credential = SelectField("Give the user", choices=CREDENTIAL_CHOICES)
    submit = SubmitField("Reset password")


class ConfirmForm(FlaskForm):
    """A button: the CSRF token is the whole form."""

    submit = SubmitField("Confirm")


class LabelForm(FlaskForm):
    """A verdict label's name, colour and ClaimReview rating."""

    label = StringField(
        "Label", validators=[DataRequired("Enter the label."), Length(max=MAX_LABEL_LENGTH)]
    )
    color = ColorField("Colour", validators=[DataRequired("Choose a colour.")], default="#6b7280")
    rating_value = IntegerField(
        "ClaimReview rating",
        validators=[
            Optional(),
            NumberRange(
                MIN_RATING, MAX_RATING, f"A whole number from {MIN_RATING} to {MAX_RATING}."
            ),
        ],
    )
    submit = SubmitField("Save")


class MoveLabelForm(FlaskForm):
    """Up or down one place."""

    direction = SelectField(choices=[SelectChoice("up", "Up"), SelectChoice("down", "Down")])


class PresetForm(FlaskForm):
    """A preset scale to switch to."""

    preset = SelectField(
        "Preset", choices=[SelectChoice(key, name) for key, (name, _labels) in PRESETS.items()]
    )
    submit = SubmitField("Apply preset")


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string."""

    class Meta:
        csrf = False  # a GET search form changes nothing

    user = SelectField("User", coerce=lambda v: int(v) if v else None, validate_choice=False)
    kind = SelectField(
        "Kind",
        choices=[SelectChoice("", "All kinds")]
        + [SelectChoice(kind, name) for kind, name in KINDS.items()],
        validators=[Optional()],
    )
    date_from = DateField("From (UTC)", validators=[Optional()])
    date_to = DateField("To (UTC)", validators=[Optional()])
    submit = SubmitField("Filter")
