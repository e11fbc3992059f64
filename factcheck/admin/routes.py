"""Admin pages: accounts, the verdict scale and the audit log."""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from factcheck import audit
from factcheck.accounts import (
    AccountError,
    create_user,
    generate_password,
    issue_password_token,
    reset_password,
    reset_password_by_link,
    set_active,
    update_user,
)
from factcheck.admin import bp
from factcheck.admin.forms import (
    AuditFilterForm,
    ConfirmForm,
    CreateUserForm,
    EditUserForm,
    LabelForm,
    MoveLabelForm,
    PresetForm,
    ResetPasswordForm,
)
from factcheck.admin.services import (
    OBJECT_NAMES,
    AuditFilter,
    audit_query,
    csv_rows,
    describe_changes,
    user_choices,
)
from factcheck.extensions import db
from factcheck.models import Role, User, VerdictLabel
from factcheck.permissions import role_required
from factcheck.scale import (
    PRESETS,
    ScaleError,
    add_label,
    all_labels,
    apply_preset,
    move_label,
    restore_label,
    retire_label,
    update_label,
)

admin_only = role_required(Role.ADMIN)


def _actor() -> User:
    return current_user._get_current_object()


def _link_hours() -> int:
    return current_app.config["SET_PASSWORD_LINK_HOURS"]


def _secret_page(user: User, *, password: str | None = None, token: str | None = None):
    """Show a one-time password or set-password link once.

    Rendered in answer to the POST rather than after a redirect: the secret must not
    travel through the session cookie, and Cache-Control: no-store keeps it out of caches.
    """
    link = url_for("auth.set_password", token=token, _external=True) if token else None
    return render_template(
        "admin/user_secret.html", user=user, password=password, link=link, hours=_link_hours()
    )


# --- accounts --------------------------------------------------------------------------


@bp.route("/users")
@admin_only
def users():
    """Every account of the desk with its role and state."""
    accounts = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    return render_template("admin/users.html", users=accounts)


@bp.route("/users/new", methods=["GET", "POST"], endpoint="create_user")
@admin_only
def create_user_view():
    """Create an account, with a one-time password or a set-password link shown once."""
    form = CreateUserForm()
    if form.validate_on_submit():
        by_link = form.credential.data == "link"
        password = generate_password()
        try:
            user = create_user(
                form.email.data,
                form.display_name.data,
                form.role.data,
                password,
                must_change_password=True,
                actor=_actor(),
            )
            token = (
                issue_password_token(user, hours=_link_hours(), actor=_actor()) if by_link else None
            )
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
            return render_template("admin/user_new.html", form=form), 400
        db.session.commit()
        if by_link:
            return _secret_page(user, token=token)
        return _secret_page(user, password=password)
    return render_template("admin/user_new.html", form=form), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int):
    """Edit an account's name and role; buttons to (de)activate and reset its password."""
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            update_user(user, form.display_name.data, form.role.data, actor=_actor())
        except AccountError as error:
            db.session.rollback()
            form.role.errors.append(str(error))
            return _edit_page(user, form), 400
        db.session.commit()
        flash(f"Saved {user.display_name}.", "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    return _edit_page(user, form), 400 if form.errors else 200


def _edit_page(user: User, form: EditUserForm, reset_form: ResetPasswordForm | None = None):
    return render_template(
        "admin/user_edit.html",
        user=user,
        form=form,
        reset_form=reset_form or ResetPasswordForm(formdata=None),
        is_self=user.id == current_user.id,
    )


def _set_active(user_id: int, active: bool):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form expired. Try again.", "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    try:
        set_active(user, active, actor=_actor())
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    db.session.commit()
    state = "reactivated" if active else "deactivated; their sessions have ended"
    flash(f"{user.display_name} is {state}.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@admin_only
def deactivate_user(user_id: int):
    """Deactivate an account: its sessions end, its work stays under its name."""
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@admin_only
def reactivate_user(user_id: int):
    """Reactivate an account."""
    return _set_active(user_id, True)


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@admin_only
def reset_user_password(user_id: int):
    """Reset a password: the user's sessions end and they choose a new one at next sign-in."""
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return _edit_page(user, EditUserForm(formdata=None, obj=user), reset_form=form), 400
    if form.credential.data == "link":
        token = reset_password_by_link(user, hours=_link_hours(), actor=_actor())
        db.session.commit()
        return _secret_page(user, token=token)
    password = reset_password(user, actor=_actor())
    db.session.commit()
    return _secret_page(user, password=password)


# --- verdict scale ---------------------------------------------------------------------


def _label_form(label: VerdictLabel) -> LabelForm:
    return LabelForm(formdata=None, obj=label, prefix=f"label-{label.id}")


def _scale_page(
    *,
    add_form: LabelForm | None = None,
    failed: tuple[int, LabelForm] | None = None,
    status: int = 200,
):
    labels = all_labels()
    edit_forms = {label.id: _label_form(label) for label in labels if label.retired_at is None}
    if failed:
        edit_forms[failed[0]] = failed[1]
    return (
        render_template(
            "admin/scale.html",
            labels=labels,
            edit_forms=edit_forms,
            add_form=add_form or LabelForm(formdata=None, prefix="new"),
            preset_form=PresetForm(formdata=None),
            presets=PRESETS,
        ),
        status,
    )


@bp.route("/scale")
@admin_only
def scale():
    """The verdict scale editor."""
    return _scale_page()


@bp.route("/scale/labels", methods=["POST"])
@admin_only
def add_scale_label():
    """Add a label at the end of the scale."""
    form = LabelForm(prefix="new")
    if form.validate_on_submit():
        try:
            label = add_label(
                form.label.data, form.color.data, form.rating_value.data, actor=_actor()
            )
        except ScaleError as error:
            db.session.rollback()
            form.label.errors.append(str(error))
            return _scale_page(add_form=form, status=400)
        db.session.commit()
        flash(f"Added “{label.label}”.", "success")
        return redirect(url_for("admin.scale"))
    return _scale_page(add_form=form, status=400)


@bp.route("/scale/labels/<int:label_id>", methods=["POST"])
@admin_only
def edit_scale_label(label_id: int):
    """Rename, recolour or re-rate a label."""
    label = db.get_or_404(VerdictLabel, label_id)
    form = LabelForm(prefix=f"label-{label.id}")
    if form.validate_on_submit():
        try:
            update_label(
                label, form.label.data, form.color.data, form.rating_value.data, actor=_actor()
            )
        except ScaleError as error:
            db.session.rollback()
            form.label.errors.append(str(error))
            return _scale_page(failed=(label_id, form), status=400)
        db.session.commit()
        flash(f"Saved “{label.label}”.", "success")
        return redirect(url_for("admin.scale"))
    return _scale_page(failed=(label_id, form), status=400)


def _label_action(label_id: int, action, done: str):
    label = db.get_or_404(VerdictLabel, label_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form expired. Try again.", "error")
        return redirect(url_for("admin.scale"))
    try:
        action(label)
    except ScaleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.scale"))
    db.session.commit()
    flash(done.format(label=label.label), "success")
    return redirect(url_for("admin.scale"))


@bp.route("/scale/labels/<int:label_id>/move", methods=["POST"])
@admin_only
def move_scale_label(label_id: int):
    """Move a label one place up or down."""
    label = db.get_or_404(VerdictLabel, label_id)
    form = MoveLabelForm()
    if not form.validate_on_submit():
        flash("Choose up or down.", "error")
        return redirect(url_for("admin.scale"))
    move_label(label, form.direction.data, actor=_actor())
    db.session.commit()
    return redirect(url_for("admin.scale", _anchor=f"label-{label.id}"))


@bp.route("/scale/labels/<int:label_id>/retire", methods=["POST"])
@admin_only
def retire_scale_label(label_id: int):
    """Stop offering a label; annotations keep it."""
    return _label_action(
        label_id,
        lambda label: retire_label(label, actor=_actor()),
        "Retired “{label}”: it is no longer offered, and stays on earlier annotations.",
    )


@bp.route("/scale/labels/<int:label_id>/restore", methods=["POST"])
@admin_only
def restore_scale_label(label_id: int):
    """Offer a retired label again."""
    return _label_action(
        label_id,
        lambda label: restore_label(label, actor=_actor()),
        "Restored “{label}” at the end of the scale.",
    )


@bp.route("/scale/preset", methods=["POST"])
@admin_only
def apply_scale_preset():
    """Switch to a preset scale: same-name labels are reused, the others retired."""
    form = PresetForm()
    if not form.validate_on_submit():
        flash("Choose a preset.", "error")
        return redirect(url_for("admin.scale"))
    apply_preset(form.preset.data, actor=_actor())
    db.session.commit()
    flash(f"The scale is now “{PRESETS[form.preset.data][0]}”.", "success")
    return redirect(url_for("admin.scale"))


# --- audit log -------------------------------------------------------------------------


def _audit_filter() -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(formdata=request.args)
    form.user.choices = [SelectChoice("", "Everyone")] + [
        SelectChoice(str(user_id), name) for user_id, name in user_choices()
    ]
    if request.args and not form.validate():
        return form, AuditFilter()
    return form, AuditFilter(
        user_id=form.user.data or None,
        kind=form.kind.data or None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.route("/audit")
@admin_only
def audit_log():
    """Every recorded action, filterable by user, kind and date."""
    form, filters = _audit_filter()
    page = db.paginate(
        audit_query(filters),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["AUDIT_EVENTS_PER_PAGE"],
        error_out=False,
    )
    query_args = {k: v for k, v in request.args.items() if k not in ("page", "submit") and v}
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        describe=describe_changes,
        object_names=OBJECT_NAMES,
        query_args=query_args,
    ), 400 if form.errors else 200


@bp.route("/audit.csv")
@admin_only
def audit_export():
    """The filtered audit log as CSV (cells neutralised against line and formula injection)."""
    form, filters = _audit_filter()
    audit.record(
        "export.audit_log",
        actor=_actor(),
        after={k: str(v) for k, v in vars(filters).items() if v is not None},
        remote_addr=request.remote_addr,
    )
    db.session.commit()
    # Built in full while the session is open (the filters keep exports to a sensible size).
    body = "".join(csv_rows(db.session.scalars(audit_query(filters))))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
