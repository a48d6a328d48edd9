"""Administration: users (add, disable, reset a password) and the audit log with its chain check."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from webapp import accounts, audit
from webapp.auth import login_required
from webapp.db import get_engine
from webapp.i18n import gettext as _

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE = 100


@bp.route("/users", methods=("GET", "POST"))
@login_required("admin")
def users():
    """List users; add one (name, role, initial password)."""
    if request.method == "POST":
        try:
            accounts.add_user(get_engine(), request.form.get("username", "").strip(), request.form.get("role", ""),
                              request.form.get("password", ""), actor=g.user.username)
            flash(_("User added."), "info")
        except accounts.AccountError as exc:
            flash(str(exc), "error")
        return redirect(url_for("admin.users"))
    return render_template("admin/users.html", users=accounts.list_users(get_engine()), roles=accounts.ROLES)


@bp.route("/users/<int:user_id>/active", methods=("POST",))
@login_required("admin")
def set_active(user_id):
    """Enable or disable an account (an admin cannot disable themself)."""
    if user_id != g.user.id:
        try:
            accounts.set_active(get_engine(), user_id, request.form.get("active") == "1", g.user.username)
        except accounts.AccountError as exc:
            flash(str(exc), "error")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=("POST",))
@login_required("admin")
def reset_password(user_id):
    """Set a new password for a user."""
    user = accounts.get_user(get_engine(), user_id)
    try:
        if user is None:
            raise accounts.AccountError("no such user")
        accounts.set_password(get_engine(), user.username, request.form.get("password", ""), g.user.username)
        flash(_("Password changed."), "info")
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@login_required("admin")
def audit_log():
    """The audit log, newest first, with the result of the chain check."""
    page = max(request.args.get("page", 1, type=int), 1)
    document_id = request.args.get("document", type=int)
    with get_engine().connect() as conn:
        intact, first_bad, count = audit.verify(conn)
        rows = audit.entries(conn, PAGE, (page - 1) * PAGE, document_id)
    return render_template("admin/audit.html", rows=rows, intact=intact, first_bad=first_bad, count=count,
                           page=page, has_next=len(rows) == PAGE, document_id=document_id)
