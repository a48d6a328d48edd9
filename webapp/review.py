"""Per-finding decisions, manual redactions, the disclosure decision and its sign-offs.

Every decision is written, with its audit entry, in one transaction before the
response is sent; submitting the same decision twice changes nothing.
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, request, url_for

from webapp import audit, render, store
from webapp.auth import login_required
from webapp.db import get_engine, now, signoffs, transaction
from webapp.documents import document_or_404
from webapp.i18n import gettext as _

bp = Blueprint("review", __name__, url_prefix="/documents")

OPEN_FOR_DECISIONS = ("to_review",)
MAX_REASON = 2000


def _reviewable(doc_id: int):
    """The document, if it is waiting for per-finding decisions (409 once it is signed off)."""
    row = document_or_404(doc_id)
    if row.status in ("awaiting_signoff", "decided", "exported"):
        abort(409)  # signed off: reopen first, so a decision never changes under a signature
    if row.status not in OPEN_FOR_DECISIONS:
        abort(404)  # still analysing or failed: there is nothing to decide yet
    return row


def _field(name: str, default: str = "") -> str:
    """A submitted value from a JSON body or a form."""
    data = request.get_json(silent=True) if request.is_json else None
    if data is not None and not isinstance(data, dict):
        abort(400)  # a JSON list or string is not a decision
    value = (data or {}).get(name, request.form.get(name, default))
    return str(value if value is not None else default).strip()


def _answer(doc_id: int, **extra):
    """JSON for fetch() calls, a redirect back to the document for plain forms."""
    if request.is_json or request.accept_mimetypes.best == "application/json":
        decided = render.decision_map(r for r in store.decisions_for(get_engine(), doc_id)
                                      if r.rule_id != render.MANUAL_RULE)
        findings = store.report_of(store.get_document(get_engine(), doc_id)).get("findings", [])
        return jsonify(ok=True, open=render.open_count(findings, decided), **extra)
    return redirect(url_for("documents.view", doc_id=doc_id))


def _targets(findings: list[dict], index: int, every: bool) -> list[tuple[int, dict]]:
    """(index, finding) at `index`, or for every finding with the same value when `every` is set."""
    if not 0 <= index < len(findings):
        abort(404)
    chosen = findings[index]
    if not every:
        return [(index, chosen)]
    return [(i, f) for i, f in enumerate(findings) if f["text_sha256"] == chosen["text_sha256"]]


@bp.route("/<int:doc_id>/findings/<int:index>/decision", methods=("POST",))
@login_required("reviewer")
def decide_finding(doc_id, index):
    """Redact (optionally with a changed mask) or keep (a reason is required) one finding or every occurrence."""
    row = _reviewable(doc_id)
    decision, reason, mask = _field("decision"), _field("reason")[:MAX_REASON], _field("mask")[:200] or None
    if decision not in ("redact", "keep") or (decision == "keep" and not reason):
        return jsonify(ok=False, error=_("Keeping a flagged item needs a reason.")), 400
    targets = _targets(store.report_of(row).get("findings", []), index, _field("all") in ("1", "true", "on"))
    changed = 0
    with transaction() as conn:
        for _i, f in targets:
            basis = "; ".join(f.get("legal_basis", []))
            if store.upsert_decision(conn, doc_id, f["rule_id"], f["text_sha256"], f["start"], f["end"],
                                     decision=decision, reason=reason, mask=mask if decision == "redact" else None,
                                     legal_basis=basis, reviewer=g.user.username, time=now()):
                changed += 1
                audit.append(conn, g.user.username, "decision", doc_id, rule_id=f["rule_id"],
                             text_sha256=f["text_sha256"], start=f["start"], end=f["end"], decision=decision,
                             reason_sha256=audit.sha(reason) if reason else None,
                             mask_sha256=audit.sha(mask) if mask else None)
    return _answer(doc_id, changed=changed, state=decision, indices=[i for i, _f in targets])


@bp.route("/<int:doc_id>/manual", methods=("POST",))
@login_required("reviewer")
def manual_redaction(doc_id):
    """Add a redaction the engine missed: start/end offsets of the selected text in one segment."""
    row = _reviewable(doc_id)
    try:
        start, end = int(_field("start")), int(_field("end"))
    except ValueError:
        abort(400)
    segment = next((s for s in store.segments_of(row)
                    if s["offset"] <= start < end <= s["offset"] + len(s["text"])), None)
    if segment is None:
        return jsonify(ok=False, error=_("Select text within one paragraph or cell.")), 400
    value = segment["text"][start - segment["offset"]:end - segment["offset"]]
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()
    reason = _field("reason")[:MAX_REASON] or _("Added by the reviewer")
    with transaction() as conn:
        if store.upsert_decision(conn, doc_id, render.MANUAL_RULE, digest, start, end, decision="redact",
                                 reason=reason, mask=_field("mask")[:200] or None,
                                 legal_basis=_field("basis")[:MAX_REASON],
                                 reviewer=g.user.username, time=now()):
            audit.append(conn, g.user.username, "manual_redaction", doc_id, text_sha256=digest, start=start, end=end)
    return _answer(doc_id, start=start, end=end)


@bp.route("/<int:doc_id>/manual/<int:decision_id>/delete", methods=("POST",))
@login_required("reviewer")
def delete_manual(doc_id, decision_id):
    """Remove a manual redaction added by mistake."""
    _reviewable(doc_id)
    with transaction() as conn:
        if store.delete_decision(conn, doc_id, decision_id):
            audit.append(conn, g.user.username, "manual_redaction.delete", doc_id, decision_id=decision_id)
    return _answer(doc_id)


@bp.route("/<int:doc_id>/accept-proposed", methods=("POST",))
@login_required("reviewer")
def accept_proposed(doc_id):
    """Confirm every redaction the engine proposed that has no decision yet (the quick path)."""
    row = _reviewable(doc_id)
    findings = store.report_of(row).get("findings", [])
    decided = render.decision_map(store.decisions_for(get_engine(), doc_id))
    with transaction() as conn:
        for f in findings:
            if render.state_of(f, decided) != "proposed":
                continue
            store.upsert_decision(conn, doc_id, f["rule_id"], f["text_sha256"], f["start"], f["end"],
                                  decision="redact", reason="", mask=None, legal_basis="; ".join(f["legal_basis"]),
                                  reviewer=g.user.username, time=now())
            audit.append(conn, g.user.username, "decision", doc_id, rule_id=f["rule_id"],
                         text_sha256=f["text_sha256"], start=f["start"], end=f["end"], decision="redact")
    return _answer(doc_id)


def _signoff_values(row) -> dict:
    """Validated sign-off fields from the form; flashes and returns {} when something is missing."""
    mode, reasons = request.form.get("mode", ""), request.form.get("reasons", "").strip()[:MAX_REASON]
    if mode not in ("public", "targeted", "none"):
        flash(_("Choose a disclosure mode."), "error")
        return {}
    if mode != row.engine_mode and not reasons:
        flash(_("Give the reasons when the mode differs from the engine's recommendation."), "error")
        return {}
    findings = store.report_of(row).get("findings", [])
    decided = render.decision_map(store.decisions_for(get_engine(), row.id))
    if mode != "none" and render.open_count(findings, decided):
        flash(_("{n} flagged item(s) still need a decision.", n=render.open_count(findings, decided)), "error")
        return {}
    return {"mode": mode, "reasons": reasons, "basis": request.form.get("basis", "").strip()[:MAX_REASON],
            "title": request.form.get("title", "").strip()[:255] or row.display_name,
            "doc_number": request.form.get("doc_number", "").strip()[:120]}


def _repeat_or_conflict(doc_id: int, step: int):
    """A sign-off submitted twice by the same person is a no-op; anything else is a conflict (409)."""
    if any(s.step == step and s.signer == g.user.username for s in store.signoffs_for(get_engine(), doc_id)):
        return redirect(url_for("documents.view", doc_id=doc_id))
    abort(409)


@bp.route("/<int:doc_id>/signoff", methods=("POST",))
@login_required("reviewer")
def signoff(doc_id):
    """The reviewer's decision on the disclosure mode (step 1), recorded beside the engine's recommendation."""
    row = document_or_404(doc_id)
    if row.status != "to_review":
        return _repeat_or_conflict(doc_id, 1)
    values = _signoff_values(row)
    if values:
        second = current_app.config["SECOND_SIGNOFF"]
        with transaction() as conn:
            conn.execute(signoffs.insert().values(
                document_id=doc_id, step=1, mode=values["mode"], engine_mode=row.engine_mode,
                reasons=values["reasons"], basis=values["basis"], signer=g.user.username, time=now()))
            store.set_state(conn, doc_id, mode=values["mode"], title=values["title"], doc_number=values["doc_number"],
                            status="awaiting_signoff" if second else "decided")
            audit.append(conn, g.user.username, "signoff", doc_id, step=1, mode=values["mode"],
                         engine_mode=row.engine_mode, reasons_sha256=audit.sha(values["reasons"]))
    return redirect(url_for("documents.view", doc_id=doc_id))


@bp.route("/<int:doc_id>/signoff2", methods=("POST",))
@login_required("reviewer")
def second_signoff(doc_id):
    """The supervising leader's second sign-off (when configured), by someone other than the first signer."""
    row = document_or_404(doc_id)
    first = next((s for s in store.signoffs_for(get_engine(), doc_id) if s.step == 1), None)
    if row.status != "awaiting_signoff" or first is None:
        return _repeat_or_conflict(doc_id, 2)
    if first.signer == g.user.username:
        flash(_("The second sign-off must come from another reviewer."), "error")
        return redirect(url_for("documents.view", doc_id=doc_id))
    with transaction() as conn:
        conn.execute(signoffs.insert().values(
            document_id=doc_id, step=2, mode=row.mode, engine_mode=row.engine_mode,
            reasons=request.form.get("reasons", "").strip()[:MAX_REASON], basis="", signer=g.user.username,
            time=now()))
        store.set_state(conn, doc_id, status="decided")
        audit.append(conn, g.user.username, "signoff", doc_id, step=2, mode=row.mode)
    return redirect(url_for("documents.view", doc_id=doc_id))


@bp.route("/<int:doc_id>/reopen", methods=("POST",))
@login_required("reviewer")
def reopen(doc_id):
    """Withdraw the sign-offs so decisions can change again (recorded in the audit log)."""
    row = document_or_404(doc_id)
    if row.status not in ("awaiting_signoff", "decided", "exported"):
        abort(409)
    with transaction() as conn:
        conn.execute(signoffs.delete().where(signoffs.c.document_id == doc_id))
        store.set_state(conn, doc_id, status="to_review", mode=None)
        audit.append(conn, g.user.username, "reopen", doc_id)
    return redirect(url_for("documents.view", doc_id=doc_id))
