"""The editors' approval of reviewed items."""

from flask import Blueprint

bp = Blueprint("approval", __name__, url_prefix="/approval")

from factcheck.approval import routes  # noqa: E402,F401  (registers the views on bp)
