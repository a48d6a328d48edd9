"""The queue, uploads and the document view. Drafters see only their own drafts (404 for others')."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, g, jsonify, redirect, render_template, request, url_for

from webapp import audit, render, store
from webapp.auth import login_required
from webapp.db import get_engine, transaction
from webapp.i18n import gettext as _
from webapp.uploads import store_many

bp = Blueprint("documents", __name__, url_prefix="/documents")

ROLES = ("drafter", "reviewer", "admin")
PROGRESS = {"queued": 5, "analysing": 50, "done": 100, "failed": 100}


def document_or_404(doc_id: int):
    """The document if this user may see it; 404 otherwise (no hint that it exists)."""
    row = store.get_document(get_engine(), doc_id)
    if row is None or (g.user.role != "reviewer" and row.uploader_id != g.user.id):
        abort(404)
    return row


def age(created: str) -> str:
    """How long ago, in the current language (minutes, hours, days)."""
    seconds = (datetime.now(timezone.utc) - datetime.fromisoformat(created)).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        return _("{n} min", n=max(int(seconds // 60), 0))
    if seconds < 86400:
        return _("{n} h", n=int(seconds // 3600))
    return _("{n} d", n=int(seconds // 86400))


def status_json(row) -> dict:
    """The polling answer for one document: status, stage, progress, why it failed, where to look."""
    return {"id": row.id, "name": row.display_name, "status": row.status, "stage": row.stage,
            "progress": PROGRESS.get(row.stage, 100 if row.status not in ("queued", "analysing") else 50),
            "error": row.error, "counts": json.loads(row.counts_json) if row.counts_json else {},
            "engine_mode": row.engine_mode, "url": url_for("documents.view", doc_id=row.id),
            "status_url": url_for("documents.status", doc_id=row.id)}


@login_required(*ROLES)
def queue():
    """The queue: status, recommended mode, counts per category, uploader, age; filters and sort."""
    status, mode, sort = request.args.get("status"), request.args.get("mode"), request.args.get("sort", "newest")
    rows = store.list_documents(get_engine(), g.user, status, mode, sort)
    items = [dict(row._mapping, counts=json.loads(row.counts_json) if row.counts_json else {},
                  age=age(row.created)) for row in rows]
    return render_template("documents/queue.html", items=items, status=status, mode=mode, sort=sort,
                           statuses=store.STATUSES, counts=store.status_counts(get_engine(), g.user),
                           queue_limit=store.QUEUE_LIMIT)


@bp.route("/upload", methods=("GET", "POST"))
@login_required(*ROLES)
def upload():
    """Several files at once (drag and drop in the page); each is checked, stored and analysed."""
    if request.method == "GET":
        return render_template("documents/upload.html", limit_mb=current_app.config["MAX_FILE_BYTES"] // 2**20)
    stored, refused = store_many(g.user, request.files.getlist("files"))
    engine = get_engine()
    documents = [status_json(store.get_document(engine, i)) for i in stored]
    code = 200 if stored or not refused else 400
    if request.accept_mimetypes.best == "application/json":
        return jsonify(documents=documents, refused=refused), code
    # Without JavaScript: the same page lists the results (nothing about the files goes into the session cookie).
    return render_template("documents/upload.html", limit_mb=current_app.config["MAX_FILE_BYTES"] // 2**20,
                           stored=documents, refused=refused), code


@bp.route("/<int:doc_id>/status")
@login_required(*ROLES)
def status(doc_id):
    """JSON progress of one analysis (polled by the upload and queue pages)."""
    return jsonify(status_json(document_or_404(doc_id)))


@bp.route("/<int:doc_id>/retry", methods=("POST",))
@login_required(*ROLES)
def retry(doc_id):
    """Analyse a failed upload again (after the engine or its configuration was fixed)."""
    row = document_or_404(doc_id)
    if row.status == "failed":
        with transaction() as conn:
            store.set_state(conn, doc_id, status="queued", stage="queued", error=None)
            audit.append(conn, g.user.username, "retry", doc_id)
        current_app.extensions["review_tasks"].submit(doc_id)
    return redirect(url_for("documents.view", doc_id=doc_id))


@bp.route("/<int:doc_id>")
@login_required(*ROLES)
def view(doc_id):
    """The document with every finding highlighted, the hidden layers, and the findings by category."""
    row = document_or_404(doc_id)
    engine = get_engine()
    if row.status in ("queued", "analysing", "failed"):
        return render_template("documents/pending.html", doc=row, state=status_json(row))
    report = store.report_of(row)
    findings = report.get("findings", [])
    rows = store.decisions_for(engine, doc_id)
    decided = render.decision_map(r for r in rows if r.rule_id != render.MANUAL_RULE)
    manual = [r for r in rows if r.rule_id == render.MANUAL_RULE]
    return render_template(
        "documents/view.html", doc=row, report=report, findings=findings,
        view=render.build_view(store.segments_of(row), findings, decided, manual),
        groups=render.grouped_findings(findings, decided), manual=manual,
        open_count=render.open_count(findings, decided), signoffs=store.signoffs_for(engine, doc_id),
        can_review=g.user.role == "reviewer", second_signoff=current_app.config["SECOND_SIGNOFF"])
