"""Home page."""

from flask import render_template

from factcheck.main import bp
from factcheck.main.services import desk_summary
from factcheck.permissions import login_required


@bp.route("/")
@login_required
def index():
    """The desk at a glance."""
    return render_template("main/index.html", summary=desk_summary())
