"""Forms of the approval pages."""

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ApproveForm(FlaskForm):
    """Approve one item, with a reason when it has no evidence link."""

    no_evidence_reason = StringField(
        "No evidence available because…", validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField("Approve")


class SendBackForm(FlaskForm):
    """Return one item to the reviewers."""

    comment = TextAreaField(
        "What should change?",
        validators=[DataRequired("Say what the reviewer should change."), Length(max=4000)],
        render_kw={"rows": 2},
    )
    submit = SubmitField("Send back")
