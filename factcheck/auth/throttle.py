"""Sign-in throttling (Flask-Limiter) and the temporary lockout per (account, address).

Counts live in the limiter's storage: Redis when FACTCHECK_REDIS_URL is set, so
every worker sees the same counts; memory (one count per worker) otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from flask import Response, current_app, request

from factcheck.accounts import normalise_email, signed_in_from
from factcheck.extensions import limiter

logger = logging.getLogger(__name__)


def failed(response: Response) -> bool:
    """Deduct from a sign-in limit only when the attempt was refused."""
    return response.status_code >= 400


def _typed_email() -> str:
    return normalise_email(request.form.get("email", ""))[:254]


def account_key() -> str:
    """Limiter key for the account typed in the form (hashed: no user text in storage keys)."""
    return "account:" + hashlib.sha256(_typed_email().encode("utf-8")).hexdigest()[:32]


def address_limit() -> str:
    """The per-address limit on failed sign-ins, from config."""
    return current_app.config["SIGNIN_LIMIT_PER_ADDRESS"]


def account_limit() -> str:
    """The per-account limit on failed sign-ins from unfamiliar addresses, from config."""
    return current_app.config["SIGNIN_LIMIT_PER_ACCOUNT"]


def from_known_address() -> bool:
    """True when the account signed in from this address lately: the per-account limit
    then does not apply, so guessing from elsewhere cannot keep the owner out."""
    return signed_in_from(
        _typed_email(),
        request.remote_addr,
        days=current_app.config["SIGNIN_KNOWN_ADDRESS_DAYS"],
    )


# --- lockout -------------------------------------------------------------------------


def _keys(email: str, remote_addr: str | None) -> tuple[str, str]:
    pair = f"{normalise_email(email)}\n{remote_addr or '-'}".encode()
    ident = hashlib.sha256(pair).hexdigest()[:40]
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "factcheck"
    return f"{prefix}/signin-failures/{ident}", f"{prefix}/signin-lock/{ident}"


def _storage():
    # The limiter's current strategy storage: its in-memory fallback while Redis is down.
    return limiter.limiter.storage


def seconds_locked(email: str, remote_addr: str | None) -> int:
    """Seconds left of this (account, address) pair's lockout; 0 when not locked."""
    _, lock_key = _keys(email, remote_addr)
    try:
        storage = _storage()
        if storage.get(lock_key) <= 0:
            return 0
        return max(1, math.ceil(storage.get_expiry(lock_key) - time.time()))
    except Exception:  # storage down: sign-in stays possible, the address limit still holds
        logger.warning("lockout storage unavailable", exc_info=True)
        return 0


def record_failure(email: str, remote_addr: str | None, *, threshold: int, minutes: float) -> bool:
    """Count a failed attempt; at `threshold` failures lock the pair for `minutes` (True)."""
    fail_key, lock_key = _keys(email, remote_addr)
    seconds = max(1, round(minutes * 60))
    try:
        storage = _storage()
        # The count expires `minutes` after the first failure of a run.
        if storage.incr(fail_key, seconds) < threshold:
            return False
        storage.clear(fail_key)
        # The lock expires on its own: a lockout never lasts longer than `minutes`.
        storage.incr(lock_key, seconds)
        return True
    except Exception:
        logger.warning("lockout storage unavailable", exc_info=True)
        return False


def clear_failures(email: str, remote_addr: str | None) -> None:
    """Forget the pair's failures after a successful sign-in."""
    fail_key, _ = _keys(email, remote_addr)
    try:
        _storage().clear(fail_key)
    except Exception:
        logger.warning("lockout storage unavailable", exc_info=True)
