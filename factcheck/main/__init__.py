"""The desk's home page."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from factcheck.main import routes  # noqa: E402,F401  (registers the views on bp)
