"""Sign-in and sign-out, one's own account, and set-password links."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from factcheck import audit
from factcheck.accounts import (
    AccountError,
    WrongPassword,
    change_password,
    find_password_token,
    recent_sign_ins,
    set_password_with_token,
)
from factcheck.auth import bp, throttle
from factcheck.auth.forms import NEW_PASSWORD_HINT, ChangePasswordForm, SetPasswordForm, SignInForm
from factcheck.auth.services import SignInError, SignInLocked, authenticate, safe_next_url
from factcheck.extensions import db, limiter
from factcheck.permissions import access_for, login_required, public

SIGN_IN_OUTCOMES = {
    "auth.sign_in": "Signed in",
    "auth.sign_in_failed": "Wrong password",
    "auth.sign_in_refused": "Refused: account deactivated",
    "auth.sign_in_locked": "Refused: too many failed attempts",
}

# Reachable while a new password is due: the password page and signing out (and public pages).
OPEN_WHILE_PASSWORD_DUE = {"auth.change_password", "auth.sign_out", "static"}

# Failed POSTs only are counted (deduct_when); a 429 is raised before the view runs.
limit_failures_per_address = limiter.limit(
    throttle.address_limit, methods=["POST"], deduct_when=throttle.failed
)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limit_failures_per_address
@limiter.limit(
    throttle.account_limit,
    key_func=throttle.account_key,
    methods=["POST"],
    deduct_when=throttle.failed,
    exempt_when=throttle.from_known_address,
)
def sign_in():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.email.data,
                form.password.data,
                remote_addr=request.remote_addr,
                lockout_threshold=current_app.config["LOCKOUT_THRESHOLD"],
                lockout_minutes=current_app.config["LOCKOUT_MINUTES"],
            )
        except SignInError as error:
            db.session.commit()  # keep the failed attempt in the audit trail
            form.password.errors.append(str(error))
            status = 429 if isinstance(error, SignInLocked) else 401
            headers = {"Retry-After": str(error.seconds)} if isinstance(error, SignInLocked) else {}
            return render_template("auth/sign_in.html", form=form), status, headers
        # A fresh session at sign-in: nothing set before authentication survives it.
        session.clear()
        login_user(user)
        session.permanent = True
        db.session.commit()
        flash(f"Signed in as {user.display_name}.", "success")
        if user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return redirect(safe_next_url(form.next.data) or url_for("main.index"))
    status = 400 if form.errors else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    """Sign out (POST only, so a link on another site cannot do it)."""
    audit.record(
        "auth.sign_out", actor=current_user, obj=current_user, remote_addr=request.remote_addr
    )
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account")
@login_required
def account():
    """One's own account: details, a link to change the password, recent sign-ins."""
    return render_template(
        "auth/account.html",
        user=current_user,
        sign_ins=recent_sign_ins(current_user),
        sign_in_outcomes=SIGN_IN_OUTCOMES,
    )


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
@limit_failures_per_address
def change_password_view():
    """Change one's own password; the user's other sessions end, this one continues."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current_password.data, form.new_password.data)
        except AccountError as error:
            db.session.rollback()
            field = form.current_password if isinstance(error, WrongPassword) else form.new_password
            field.errors.append(str(error))
            return _password_page(form), 400
        db.session.commit()
        # The session version moved on: sign this session in again under the new one.
        login_user(user)
        flash(
            "Your password has been changed. Your other sessions have been signed out.", "success"
        )
        return redirect(url_for("auth.account"))
    return _password_page(form), 400 if form.errors else 200


def _password_page(form: ChangePasswordForm) -> str:
    return render_template(
        "auth/change_password.html",
        form=form,
        hint=NEW_PASSWORD_HINT,
        forced=current_user.must_change_password,
    )


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
@limit_failures_per_address
def set_password(token: str):
    """Choose a password through a one-time link an admin handed out."""
    if find_password_token(token) is None:
        abort(404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_with_token(token, form.new_password.data)
        except AccountError as error:
            db.session.rollback()
            form.new_password.errors.append(str(error))
            return _set_password_page(form, token), 400
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash("Your password is set. Sign in with it now.", "success")
        return redirect(url_for("auth.sign_in"))
    return _set_password_page(form, token), 400 if form.errors else 200


def _set_password_page(form: SetPasswordForm, token: str) -> str:
    return render_template("auth/set_password.html", form=form, token=token, hint=NEW_PASSWORD_HINT)


@bp.before_app_request
def require_password_change():
    """Until a user who must change their password has done so, send them to that page."""
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    endpoint = request.endpoint
    if endpoint is None or endpoint in OPEN_WHILE_PASSWORD_DUE:
        return None
    access = access_for(endpoint)
    if access is not None and access.public:
        return None
    flash("Choose a new password to continue.", "info")
    return redirect(url_for("auth.change_password"))
