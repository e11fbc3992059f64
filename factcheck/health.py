"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from factcheck.extensions import db
from factcheck.permissions import public

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@public
def healthz():
    """The process is up."""
    return jsonify(status="ok")


@bp.route("/readyz")
@public
def readyz():
    """The process can reach its database."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means not ready
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
