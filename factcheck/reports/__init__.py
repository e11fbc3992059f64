"""Verdict reports: the report page and its exports (HTML, PDF, CSV, JSON, ClaimReview, W3C)."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from factcheck.reports import routes  # noqa: E402,F401  (registers the views on bp)
