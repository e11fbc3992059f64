"""Account services shared by the CLI, the sign-in flow and the admin pages."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from functools import cache
from importlib import resources

from sqlalchemy import func, select, update

from factcheck import audit
from factcheck.extensions import db
from factcheck.models import AuditEvent, PasswordToken, Role, User, utcnow
from factcheck.passwords import hash_password, verify_password

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
SIGN_IN_ACTIONS = (
    "auth.sign_in",
    "auth.sign_in_failed",
    "auth.sign_in_refused",
    "auth.sign_in_locked",
)


class AccountError(ValueError):
    """A refused account change, with a message fit for the user."""


class WrongPassword(AccountError):
    """The current password given to confirm a change is wrong."""


def normalise_email(email: str) -> str:
    """Trim and lower-case an e-mail address, the form accounts are stored under."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """Return the normalised address or raise AccountError."""
    email = normalise_email(email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise AccountError(f"“{email}” is not a valid e-mail address.")
    return email


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased (factcheck/data/common_passwords.txt)."""
    text = resources.files("factcheck").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def is_common_password(password: str) -> bool:
    """True when the password, ignoring case and surrounding spaces, is on the common list."""
    return password.strip().lower() in common_passwords()


def check_password(password: str, *, email: str | None = None) -> None:
    """Raise AccountError when the password is too weak: length and common list, no other rule."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at most {MAX_PASSWORD_LENGTH} characters.")
    if is_common_password(password):
        raise AccountError("This password is on a list of common passwords: choose another.")
    if email and password.strip().lower() in {email.lower(), email.lower().split("@")[0]}:
        raise AccountError("The password must not be your e-mail address.")


def parse_role(value: str | Role) -> Role:
    """Turn 'reviewer'/'editor'/'admin' into a Role or raise AccountError."""
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise AccountError(f"Unknown role “{value}”: choose one of {names}.") from None


def find_user(email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def generate_password() -> str:
    """A random password strong enough to hand out once."""
    return secrets.token_urlsafe(15)


def create_user(
    email: str,
    display_name: str,
    role: Role | str = Role.REVIEWER,
    password: str | None = None,
    *,
    must_change_password: bool = False,
    actor: User | None = None,
) -> User:
    """Create an account; the caller commits."""
    email = check_email(email)
    display_name = display_name.strip() or email.split("@")[0]
    role = parse_role(role)
    if password is None:
        raise AccountError("A password is required.")
    if find_user(email):
        raise AccountError(f"An account for {email} already exists.")
    check_password(password, email=email)
    user = User(
        email=email,
        display_name=display_name[:120],
        role=role,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor=actor, obj=user, after=user_snapshot(user))
    return user


def user_snapshot(user: User) -> dict[str, object]:
    """The audited fields of an account (never the password hash)."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role.value,
        "active": user.active,
    }


def _guard_last_admin(user: User) -> None:
    if not (user.role == Role.ADMIN and user.active):
        return
    # Lock the active admins' rows (PostgreSQL; SQLite serialises writers anyway) so two
    # admins demoting each other at the same moment cannot both pass the check.
    admins = db.session.scalars(
        select(User.id).where(User.role == Role.ADMIN, User.active).with_for_update()
    ).all()
    if len(admins) <= 1:
        raise AccountError("This is the last active admin: make another admin first.")


def set_role(user: User, role: Role | str, *, actor: User | None = None) -> User:
    """Change a user's role; the change applies on their next request."""
    role = parse_role(role)
    if role == user.role:
        return user
    if role != Role.ADMIN:
        _guard_last_admin(user)
    before = user_snapshot(user)
    user.role = role
    audit.record("user.role", actor=actor, obj=user, before=before, after=user_snapshot(user))
    return user


def set_active(user: User, active: bool, *, actor: User | None = None) -> User:
    """Deactivate or reactivate an account; deactivation ends its sessions."""
    if user.active == active:
        return user
    if not active and actor is not None and actor.id == user.id:
        raise AccountError("You cannot deactivate your own account.")
    if not active:
        _guard_last_admin(user)
    before = user_snapshot(user)
    user.active = active
    user.session_version += 1
    action = "user.activate" if active else "user.deactivate"
    audit.record(action, actor=actor, obj=user, before=before, after=user_snapshot(user))
    return user


def ensure_first_admin(email: str | None, password: str | None) -> tuple[User, str | None] | None:
    """Create the first admin when the desk has no user; return it and any generated password."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return None
    generated = None
    if not password:
        password = generated = generate_password()
    user = create_user(email or "admin@factcheck.local", "Administrator", Role.ADMIN, password)
    return user, generated


def update_user(
    user: User, display_name: str, role: Role | str, *, actor: User | None = None
) -> User:
    """Change an account's display name and role (the last-admin rule applies)."""
    display_name = display_name.strip()[:120]
    if not display_name:
        raise AccountError("Enter a name.")
    set_role(user, role, actor=actor)
    if display_name != user.display_name:
        before = user_snapshot(user)
        user.display_name = display_name
        audit.record("user.update", actor=actor, obj=user, before=before, after=user_snapshot(user))
    return user


def _end_sessions_with_password(user: User, password: str, *, must_change: bool) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    # Every session signed in under the old password stops matching (sessions.load_user).
    user.session_version += 1
    _expire_tokens(user)


def reset_password(user: User, *, actor: User | None = None) -> str:
    """Give the account a one-time password, to be changed at next sign-in; return it once."""
    password = generate_password()
    _end_sessions_with_password(user, password, must_change=True)
    audit.record("user.password_reset", actor=actor, obj=user, after={"method": "password"})
    return password


def reset_password_by_link(user: User, *, hours: int, actor: User | None = None) -> str:
    """Disable the current password and issue a set-password link; return its secret once."""
    _end_sessions_with_password(user, generate_password(), must_change=True)
    audit.record("user.password_reset", actor=actor, obj=user, after={"method": "link"})
    return issue_password_token(user, hours=hours, actor=actor)


def change_password(user: User, current: str, new: str) -> User:
    """Change one's own password; every other session of the user ends."""
    if not verify_password(user.password_hash, current):
        raise WrongPassword("The current password is wrong.")
    if new == current:
        raise AccountError("Choose a password different from the current one.")
    check_password(new, email=user.email)
    _end_sessions_with_password(user, new, must_change=False)
    audit.record("user.password_change", actor=user, obj=user)
    return user


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _expire_tokens(user: User) -> None:
    db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == user.id, PasswordToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def issue_password_token(user: User, *, hours: int, actor: User | None = None) -> str:
    """Create a one-time set-password link secret for the user (older links stop working)."""
    _expire_tokens(user)
    secret = secrets.token_urlsafe(32)
    db.session.add(
        PasswordToken(
            user_id=user.id,
            token_hash=_token_hash(secret),
            expires_at=utcnow() + timedelta(hours=hours),
            created_by_id=actor.id if actor is not None else None,
        )
    )
    audit.record("user.password_link", actor=actor, obj=user, after={"valid_hours": hours})
    db.session.flush()
    return secret


def find_password_token(secret: str) -> PasswordToken | None:
    """The unused, unexpired token for this link secret, whose account is active."""
    if not secret or len(secret) > 128:
        return None
    token = db.session.scalar(
        select(PasswordToken).where(PasswordToken.token_hash == _token_hash(secret))
    )
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    return token if token.user.active else None


def set_password_with_token(secret: str, password: str) -> User:
    """Set the password of the link's account and use the link up."""
    token = find_password_token(secret)
    if token is None:
        raise AccountError("This link is invalid, expired or already used.")
    user = token.user
    check_password(password, email=user.email)
    _end_sessions_with_password(user, password, must_change=False)
    audit.record("user.password_set", actor=user, obj=user, after={"method": "link"})
    return user


def recent_sign_ins(user: User, limit: int = 20) -> list[AuditEvent]:
    """The user's latest sign-ins and refused attempts, newest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.actor_id == user.id, AuditEvent.action.in_(SIGN_IN_ACTIONS))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def signed_in_from(email: str, remote_addr: str | None, *, days: int) -> bool:
    """True when this account signed in successfully from this address within `days`."""
    user = find_user(email) if email else None
    if user is None or not remote_addr:
        return False
    since = utcnow() - timedelta(days=days)
    return bool(
        db.session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.actor_id == user.id,
                AuditEvent.action == "auth.sign_in",
                AuditEvent.remote_addr == remote_addr,
                AuditEvent.created_at >= since,
            )
            .limit(1)
        )
    )
