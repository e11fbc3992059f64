"""Forms for importing, previewing and listing articles."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from factcheck.models import ArticleStatus

LANGUAGE_CODE = Regexp(
    r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", message="Use a language code like fr or en."
)


class PasteForm(FlaskForm):
    """Paste the article's text (rich text arrives as HTML in a hidden field)."""

    text = TextAreaField(
        "Article text",
        validators=[Length(max=5_000_000)],
        render_kw={"rows": 14, "spellcheck": "false"},
    )
    html = HiddenField()
    submit = SubmitField("Analyse pasted text")

    def validate_text(self, field) -> None:
        if not (field.data or "").strip() and not (self.html.data or "").strip():
            raise ValidationError("Paste the article's text first: the box is empty.")


class UploadForm(FlaskForm):
    """Upload a saved page or document."""

    file = FileField(
        "File (.html, .htm, .txt, .md or .docx)",
        render_kw={"accept": ".html,.htm,.txt,.md,.docx"},
    )
    submit = SubmitField("Analyse file")

    def validate_file(self, field) -> None:
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Choose a file to upload.")


class UrlForm(FlaskForm):
    """Point to the article's address."""

    url = StringField(
        "Article address (URL)",
        validators=[DataRequired("Enter the address of the article."), Length(max=2048)],
        render_kw={"inputmode": "url", "placeholder": "https://…"},
    )
    submit = SubmitField("Fetch and analyse")


class ConfirmImportForm(FlaskForm):
    """The metadata the reviewer may correct before the article is stored."""

    title = StringField(
        "Title", validators=[DataRequired("The article needs a title."), Length(max=500)]
    )
    published_on = DateField("Publication date", validators=[Optional()])
    language = StringField("Language", validators=[Optional(), Length(max=12), LANGUAGE_CODE])
    site = StringField("Site or publisher", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Import this article")


class DiscardForm(FlaskForm):
    """Drop a preview."""

    submit = SubmitField("Discard")


class ArticleFilterForm(FlaskForm):
    """Search and filters of the article list (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s.value, s.value.replace("_", " ")) for s in ArticleStatus],
        validators=[Optional()],
    )
    language = SelectField(
        "Language", choices=[SelectChoice("", "Any language")], validators=[Optional()]
    )
    reviewer = SelectField(
        "Reviewer", choices=[SelectChoice("", "Anyone")], validators=[Optional()]
    )
    imported_from = DateField("Imported from", validators=[Optional()])
    imported_to = DateField("Imported to", validators=[Optional()])
    sort = SelectField(
        "Sort by",
        choices=[
            SelectChoice("newest", "Newest first"),
            SelectChoice("oldest", "Oldest first"),
            SelectChoice("title", "Title"),
            SelectChoice("published", "Publication date"),
            SelectChoice("site", "Site"),
        ],
        default="newest",
    )

    def validate_imported_to(self, field) -> None:
        if field.data and self.imported_from.data and field.data < self.imported_from.data:
            raise ValidationError("The end date is before the start date.")
