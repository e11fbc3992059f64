"""Articles: importing, listing and reading them."""

from flask import Blueprint

bp = Blueprint("articles", __name__, url_prefix="/articles")

from factcheck.articles import routes  # noqa: E402,F401  (registers the views on bp)
