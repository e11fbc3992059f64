"""Who may reach which endpoint: every view declares it, and undeclared views are refused.

Declaring access is a decorator that only labels the view; one before_request
hook enforces it, so a route that forgets to declare fails closed (403) and
the role x endpoint test fails too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import abort, current_app, request
from flask_login import current_user

from factcheck.extensions import login_manager
from factcheck.models import Role

F = TypeVar("F", bound=Callable[..., object])

ACCESS_ATTR = "factcheck_access"


@dataclass(frozen=True)
class Access:
    """An endpoint's rule: open to anyone, or to signed-in users of at least `role`."""

    public: bool = False
    role: Role | None = None

    def allows(self, user) -> bool:
        """True when `user` (Flask-Login's current_user) may use the endpoint."""
        if self.public:
            return True
        return bool(user.is_authenticated and self.role and user.has_role(self.role))


PUBLIC = Access(public=True)


def _label(access: Access) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTR, access)
        return view

    return decorate


def public(view: F) -> F:
    """Open to everyone, signed in or not."""
    return _label(PUBLIC)(view)


def role_required(role: Role) -> Callable[[F], F]:
    """Open to signed-in users whose role is `role` or higher."""
    return _label(Access(role=role))


login_required = role_required(Role.REVIEWER)


def access_for(endpoint: str | None) -> Access | None:
    """The declared access of an endpoint, or None when it declares none."""
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None) if view else None


def enforce_access() -> None:
    """Refuse the request unless the endpoint's declared access admits the current user."""
    if request.endpoint is None:  # 404/405: let the router's error through
        return
    access = access_for(request.endpoint)
    if access is None:
        abort(403)
    if access.allows(current_user):
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)
