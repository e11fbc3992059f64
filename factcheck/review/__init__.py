"""The review workspace: annotating quotations and claims, fixing the analysis."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")

from factcheck.review import routes  # noqa: E402,F401  (registers the views on bp)
