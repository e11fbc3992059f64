"""Helpers shared by the feature forms and their views."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm


def flash_errors(form: FlaskForm) -> None:
    """Show a form's validation errors as flash messages (for forms posted from a list page)."""
    for errors in form.errors.values():
        # FieldList/FormField errors nest one level deeper than plain fields'.
        for error in errors if isinstance(errors, list) else [errors]:
            flash(str(error), "error")
