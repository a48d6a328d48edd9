"""Safe HTML for the document view, built from segments and finding offsets.

Every piece of document text goes through markupsafe.escape; templates never
mark document text |safe. Each piece is one element holding one text node, with
its document offset in data-o, so the browser can turn a selection back into
(start, end) offsets for a manual redaction.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict

from markupsafe import Markup, escape

from webapp.i18n import location_label
from webapp.store import location_from

MANUAL_RULE = "manual.redaction"


def decision_map(rows) -> dict[tuple[str, int, int], object]:
    """Decisions keyed by (rule_id, start, end): one finding occurrence."""
    return {(r.rule_id, r.start, r.end): r for r in rows}


def state_of(finding: dict, decided: dict) -> str:
    """'redact', 'keep' (a reviewer's decision), 'proposed' (engine redacts, undecided), 'open' or 'info'."""
    row = decided.get((finding["rule_id"], finding["start"], finding["end"]))
    if row is not None:
        return row.decision
    return {"redact": "proposed", "review": "open"}.get(finding["action"], "info")


def _spans_by_segment(segments: list[dict], spans: list[tuple[int, int, str, str]]) -> list[list]:
    """For each segment, the spans (start, end, key, css) that overlap it."""
    starts = [s["offset"] for s in segments]
    per_segment: list[list] = [[] for _ in segments]
    for span in spans:
        start, end = span[0], span[1]
        if end <= start:
            continue  # a document-level finding: listed beside the text, not highlighted
        i = max(bisect_right(starts, start) - 1, 0)
        while i < len(segments) and segments[i]["offset"] < end:
            seg = segments[i]
            if seg["offset"] + len(seg["text"]) > start:
                per_segment[i].append(span)
            i += 1
    return per_segment


def _segment_html(seg: dict, spans: list) -> Markup:
    """One segment's text as escaped pieces, highlighted where spans cover it."""
    off, text = seg["offset"], seg["text"]
    cuts = {0, len(text)}
    for start, end, _key, _css in spans:
        cuts.update((min(max(start - off, 0), len(text)), min(max(end - off, 0), len(text))))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = [s for s in spans if s[0] <= off + a and s[1] >= off + b]
        piece = escape(text[a:b])
        if not covering:
            out.append(Markup('<span data-o="{}">{}</span>').format(off + a, piece))
            continue
        keys = " ".join(s[2] for s in covering)
        out.append(Markup('<mark class="hl {}" data-o="{}" data-f="{}">{}</mark>')
                   .format(covering[0][3], off + a, keys, piece))
    return Markup("").join(out)


def build_view(segments: list[dict], findings: list[dict], decided: dict, manual_rows) -> dict:
    """The visible text and the hidden layers as lists of {label, layer, html} rows."""
    spans = [(f["start"], f["end"], str(i), f"cat-{f['category']} st-{state_of(f, decided)}")
             for i, f in enumerate(findings)]
    spans += [(m.start, m.end, f"m{m.id}", "manual st-redact") for m in manual_rows]
    per_segment = _spans_by_segment(segments, spans)
    visible, hidden = [], OrderedDict()
    for seg, seg_spans in zip(segments, per_segment):
        location = location_from(seg["location"])
        row = {"label": location_label(location), "layer": location.layer,
               "html": _segment_html(seg, seg_spans), "offset": seg["offset"]}
        if location.hidden:
            hidden.setdefault(location.layer, []).append(row)
        else:
            visible.append(row)
    return {"visible": visible, "hidden": hidden}


def grouped_findings(findings: list[dict], decided: dict) -> "OrderedDict[str, list[dict]]":
    """Findings by category (in the engine's order), each with its index, state, location label and decision."""
    from review.model import CATEGORIES

    groups: OrderedDict[str, list[dict]] = OrderedDict((c, []) for c in CATEGORIES)
    for i, f in enumerate(findings):
        row = decided.get((f["rule_id"], f["start"], f["end"]))
        groups.setdefault(f["category"], []).append(dict(
            f, index=i, state=state_of(f, decided), where=location_label(location_from(f["location"])),
            decision=row, mask_now=(row.mask if row is not None and row.mask else f.get("mask"))))
    return OrderedDict((c, items) for c, items in groups.items() if items)


def open_count(findings: list[dict], decided: dict) -> int:
    """Findings that still need a reviewer's explicit decision before publication."""
    return sum(1 for f in findings if f["action"] != "none" and state_of(f, decided) in ("proposed", "open"))
