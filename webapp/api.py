"""The JSON API for the publishing workflow, authenticated by session or `Authorization: Bearer <token>`."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request, send_file

from webapp import audit, store
from webapp.auth import login_required
from webapp.db import get_engine
from webapp.documents import document_or_404, status_json
from webapp.uploads import store_many

bp = Blueprint("api", __name__, url_prefix="/api")

ROLES = ("drafter", "reviewer", "admin")


@bp.route("/documents")
@login_required(*ROLES)
def list_documents():
    """The documents this caller may see, newest first."""
    rows = store.list_documents(get_engine(), g.user, request.args.get("status"), request.args.get("mode"))
    body = {"documents": [{
        "id": r.id, "name": r.display_name, "status": r.status, "format": r.format, "uploader": r.uploader,
        "created": r.created, "engine_mode": r.engine_mode, "mode": r.mode,
        "counts": json.loads(r.counts_json) if r.counts_json else {}} for r in rows]}
    if len(rows) >= store.QUEUE_LIMIT:  # more exist: say so rather than drop them silently
        body["truncated"] = True
    return jsonify(body)


@bp.route("/documents", methods=("POST",))
@login_required(*ROLES)
def upload():
    """Upload one or more files (multipart field `files` or `file`); 201 with their status URLs."""
    files = request.files.getlist("files") + request.files.getlist("file")
    stored, refused = store_many(g.user, files)
    engine = get_engine()
    body = {"documents": [status_json(store.get_document(engine, i)) for i in stored], "refused": refused}
    return jsonify(body), (201 if stored else 400)


@bp.route("/documents/<int:doc_id>")
@login_required(*ROLES)
def document(doc_id):
    """The report, exactly the contract of `review check --format json` (202 with the status while analysing)."""
    row = document_or_404(doc_id)
    if not row.report_json:
        return jsonify(status_json(row)), (202 if row.status in ("queued", "analysing") else 422)
    response = current_app.response_class(row.report_json, mimetype="application/json")
    response.headers["X-Review-Status"] = row.status
    return response


@bp.route("/documents/<int:doc_id>/status")
@login_required(*ROLES)
def status(doc_id):
    """Analysis progress and review status."""
    row = document_or_404(doc_id)
    return jsonify(dict(status_json(row), mode=row.mode))


@bp.route("/documents/<int:doc_id>/decisions")
@login_required(*ROLES)
def decisions(doc_id):
    """The exported decisions file, for `review check --decisions` in the publishing pipeline."""
    row = document_or_404(doc_id)
    if row.status != "exported" or not row.decisions_name:
        return jsonify(error="not_exported"), 404
    return send_file(Path(current_app.config["DATA_DIR"]) / "exports" / row.decisions_name,
                     mimetype="application/json")


@bp.route("/audit/verify")
@login_required("admin")
def verify_audit():
    """Whether the audit chain is intact, and the index of the first bad entry if not."""
    with get_engine().connect() as conn:
        intact, first_bad, count = audit.verify(conn)
    return jsonify(ok=intact, first_bad=first_bad, entries=count), (200 if intact else 409)
