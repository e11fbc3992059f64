"""Authentication: checking credentials and recording the outcome."""

from __future__ import annotations

import logging
import math
from urllib.parse import urlsplit

from factcheck import audit
from factcheck.accounts import find_user, normalise_email
from factcheck.auth import throttle
from factcheck.models import User, utcnow
from factcheck.passwords import hash_password, needs_rehash, verify_password

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Wrong e-mail address or password."
DEACTIVATED = "This account has been deactivated. Ask an admin to reactivate it."


class SignInError(ValueError):
    """A refused sign-in, with the message to show."""


class SignInLocked(SignInError):
    """Sign-in paused for this account from this address after repeated failures."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        minutes = max(1, math.ceil(seconds / 60))
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(
            "Too many failed attempts for this account from your address. "
            f"Try again in {minutes} {unit}, or ask an admin to reset your password."
        )


def authenticate(
    email: str,
    password: str,
    *,
    remote_addr: str | None = None,
    lockout_threshold: int = 5,
    lockout_minutes: float = 15,
) -> User:
    """Return the user for these credentials or raise SignInError; the caller commits."""
    # the address typed, so admins can spot guessing; never the password
    typed = normalise_email(email)[:254]
    user = find_user(email)
    wait = throttle.seconds_locked(typed, remote_addr)
    if wait:
        # Refused before the password is checked, so guessing gains nothing while locked.
        audit.record(
            "auth.sign_in_locked",
            actor=user,
            obj=user,
            after={"email": typed},
            remote_addr=remote_addr,
        )
        raise SignInLocked(wait)
    if user is None or not verify_password(user.password_hash if user else None, password):
        locked = throttle.record_failure(
            typed, remote_addr, threshold=lockout_threshold, minutes=lockout_minutes
        )
        after: dict[str, object] = {"email": typed}
        if locked:
            after["lockout_minutes"] = lockout_minutes
        audit.record(
            "auth.sign_in_failed", actor=user, obj=user, after=after, remote_addr=remote_addr
        )
        # %r escapes CR/LF and other control characters: a typed address cannot forge log lines.
        logger.warning("failed sign-in for %r from %r", typed, remote_addr)
        if locked:
            raise SignInLocked(max(1, round(lockout_minutes * 60)))
        raise SignInError(INVALID_CREDENTIALS)
    if not user.active:
        audit.record("auth.sign_in_refused", actor=user, obj=user, remote_addr=remote_addr)
        raise SignInError(DEACTIVATED)
    throttle.clear_failures(typed, remote_addr)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.record("auth.sign_in", actor=user, obj=user, remote_addr=remote_addr)
    return user


def safe_next_url(target: str | None) -> str | None:
    """Keep a post-sign-in redirect only when it stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target
