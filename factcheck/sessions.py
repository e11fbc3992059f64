"""Turning the session cookie back into a user on every request."""

from __future__ import annotations

from factcheck.extensions import db
from factcheck.models import User


def load_user(session_id: str) -> User | None:
    """The signed-in user, unless deactivated or their sessions were ended since."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # Read on every request, so deactivation and role changes apply at once.
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
