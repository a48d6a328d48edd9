"""The printable review record (the office's confidentiality-review form), export and downloads."""
from __future__ import annotations

from pathlib import Path, PurePath

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, send_file, url_for

from webapp import audit, render, store
from webapp.auth import login_required
from webapp.db import get_engine, now, transaction
from webapp.documents import document_or_404
from webapp.exporting import ExportError, export
from webapp.i18n import gettext as _

bp = Blueprint("records", __name__, url_prefix="/documents")

ROLES = ("drafter", "reviewer", "admin")


def _basis(report: dict, rows) -> list[str]:
    """Every legal basis cited by the recommendation and the reviewers' decisions, once each."""
    seen: dict[str, None] = {}
    for reason in report.get("recommendation", {}).get("reasons", []):
        seen.update(dict.fromkeys(reason.get("legal_basis", [])))
    for r in rows:
        seen.update(dict.fromkeys(b.strip() for b in (r.legal_basis or "").split(";") if b.strip()))
    return list(seen)


@bp.route("/<int:doc_id>/record")
@login_required(*ROLES)
def record(doc_id):
    """The review record: title, document number, basis, conclusion, signers and dates; printable."""
    row = document_or_404(doc_id)
    if row.status in ("queued", "analysing", "failed"):
        abort(404)
    report, rows = store.report_of(row), store.decisions_for(get_engine(), doc_id)
    counts = {"redact": sum(r.decision == "redact" for r in rows), "keep": sum(r.decision == "keep" for r in rows),
              "manual": sum(r.rule_id == render.MANUAL_RULE for r in rows)}
    return render_template("documents/record.html", doc=row, report=report, basis=_basis(report, rows),
                           signoffs=store.signoffs_for(get_engine(), doc_id), counts=counts, printed=now())


@bp.route("/<int:doc_id>/export", methods=("POST",))
@login_required("reviewer")
def export_document(doc_id):
    """Write the redacted document (residue-checked) and the decisions file for a decided document."""
    row = document_or_404(doc_id)
    if row.status not in ("decided", "exported"):
        abort(409)
    rows = store.decisions_for(get_engine(), doc_id)
    try:
        redacted, decisions_name, note = export(Path(current_app.config["DATA_DIR"]), row, rows,
                                                current_app.extensions["review_config"])
    except ExportError as exc:
        with transaction() as conn:
            audit.append(conn, g.user.username, "export.failed", doc_id)
        flash(_("Export failed: {reason}", reason=str(exc)), "error")
        return redirect(url_for("documents.view", doc_id=doc_id))
    with transaction() as conn:
        store.set_state(conn, doc_id, status="exported", redacted_name=redacted, decisions_name=decisions_name,
                        export_note=note)
        audit.append(conn, g.user.username, "export", doc_id, decisions=len(rows))
    flash(_("Exported: the redacted document passed the residue check."), "info")
    return redirect(url_for("documents.view", doc_id=doc_id))


@bp.route("/<int:doc_id>/download/<kind>")
@login_required(*ROLES)
def download(doc_id, kind):
    """The redacted document or the decisions file of an exported document."""
    row = document_or_404(doc_id)
    name = {"redacted": row.redacted_name, "decisions": row.decisions_name}.get(kind)
    if row.status != "exported" or not name:
        abort(404)
    stem = PurePath(row.display_name).stem
    download_name = (f"{stem}-redacted{Path(name).suffix}" if kind == "redacted" else f"{stem}.decisions.json")
    with transaction() as conn:
        audit.append(conn, g.user.username, "download", doc_id, kind=kind)
    return send_file(Path(current_app.config["DATA_DIR"]) / "exports" / name, as_attachment=True,
                     download_name=download_name)
