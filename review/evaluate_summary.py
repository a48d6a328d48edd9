"""Turn scored drafts into the figures `review eval` prints, and check thresholds against them."""
from __future__ import annotations

from dataclasses import dataclass

from review import evaluate as ev
from review.entities import ENTITY_TYPES
from review.masks import display_mask
from review.model import ACTIONS, MODES

GOT_ACTIONS = ACTIONS + ("missed",)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def counts_dict(c: ev.Counts) -> dict:
    """JSON form of one Counts row."""
    return {"support": c.support, "recalled": c.recalled, "exact_boundaries": c.exact,
            "true_positives": c.true_pos, "false_positives": c.false_pos,
            "precision": _rate(c.precision), "recall": _rate(c.recall), "f1": _rate(c.f1)}


def _where(doc: ev.DocScore, start: int) -> str:
    """A human location for an offset (line, page, table cell ...)."""
    if doc.document is None:
        return "-"
    return doc.document.segment_at(start).location.describe("en") or "-"


def _item(doc: ev.DocScore, start: int, text: str, show: bool, **fields) -> dict:
    """One listed span: file, where, value (masked unless show) and extra fields."""
    return {"file": doc.name, "where": _where(doc, start),
            "value": text if show else display_mask(text), **fields}


def mismatches(doc: ev.DocScore, show: bool) -> list[dict]:
    """Everything in one draft that differs from its gold: misses, keep items flagged, false alarms."""
    out = []
    for inst, got, _ in doc.outcomes:
        wrong = (inst.span.action in ev.FLAGGED and got not in ev.FLAGGED) or \
                (inst.span.action == "none" and got == "redact")
        if wrong:
            kind = "keep_flagged" if inst.span.action == "none" else "missed"
            out.append(_item(doc, inst.start, inst.span.text, show, kind=kind, type=inst.span.type,
                             role=inst.span.role, expected=inst.span.action, got=got))
    for f, _typ, hit in doc.predictions:
        if not hit:
            out.append(_item(doc, f.start, f.text, show, kind="false_alarm", type=f.entity_type,
                             rule=f.rule_id, got=f.action))
    return out


def mode_figures(scored: list[ev.DocScore]) -> dict:
    """Recommended-mode accuracy, confusion (expected x got) and the drafts it got wrong."""
    modes = ev.mode_confusion(scored)
    return {"accuracy": _rate(ev.mode_accuracy(scored)),
            "correct": sum(modes.get((m, m), 0) for m in MODES),
            "total": sum(modes.values()),
            "confusion": {e: {g: modes.get((e, g), 0) for g in MODES} for e in MODES},
            "wrong": [{"file": d.name, "doc_type": d.gold.doc_type, "expected": d.gold.expected_mode,
                       "got": d.got_mode} for d in scored if d.got_mode != d.gold.expected_mode]}


def summarize(docs: list[ev.DocScore], show_values: bool = False) -> dict:
    """All figures for one set of drafts (a split or the whole corpus)."""
    scored = [d for d in docs if d.error is None]
    types = ev.type_counts(scored)
    confusion = ev.action_confusion(scored)
    return {
        "documents": len(docs),
        "unscored": [{"file": d.name, "reason": d.error} for d in docs if d.error],
        "types": {t: counts_dict(c) for t, c in types.items()},
        "groups": {g: counts_dict(c) for g, c in ev.group_counts(types).items()},
        "keep_flagged": [_item(d, i.start, i.span.text, show_values, type=i.span.type, role=i.span.role)
                         for d, i, _ in ev.keep_flagged(scored)],
        "actions": {e: {g: confusion.get((e, g), 0) for g in GOT_ACTIONS} for e in ACTIONS},
        "mode": mode_figures(scored),
        "known_misses": [_item(d, i.start, i.span.text, show_values, type=i.span.type, role=i.span.role,
                               reason=i.span.known_miss, got=got) for d, i, got in ev.known_misses(scored)],
        "mismatches": {d.name: m for d in scored if (m := mismatches(d, show_values))},
    }


def summarize_splits(docs: list[ev.DocScore], show_values: bool = False) -> dict:
    """{"splits": {name: figures}, "overall": figures}: dev and blind apart, then together."""
    names = sorted({d.split for d in docs})
    return {"splits": {n: summarize([d for d in docs if d.split == n], show_values) for n in names},
            "overall": summarize(docs, show_values)}


@dataclass(frozen=True)
class Threshold:
    """One requirement: metric (precision|recall|mode_accuracy|keep_flagged), subject, bound."""

    metric: str
    subject: str
    bound: float

    def describe(self) -> str:
        """Human form, e.g. 'recall(identifiers) >= 0.98'."""
        if self.metric == "keep_flagged":
            return f"keep_flagged <= {self.bound:g}"
        if self.metric == "mode_accuracy":
            return f"mode_accuracy >= {self.bound:g}"
        return f"{self.metric}({self.subject}) >= {self.bound:g}"


def parse_type_threshold(metric: str, raw: str) -> Threshold:
    """'TYPE=0.95' (TYPE an entity type or a group name) -> Threshold; ValueError names the problem."""
    subject, sep, value = raw.partition("=")
    if not sep:
        raise ValueError(f"--min-{metric} {raw!r}: expected TYPE=NUMBER, e.g. identifiers=0.95")
    if subject not in ev.GROUPS and subject not in ENTITY_TYPES:
        raise ValueError(f"--min-{metric}: unknown type {subject!r}; use an entity type of "
                         f"review/entities.py or a group: {', '.join(ev.GROUPS)}")
    try:
        bound = float(value)
    except ValueError:
        raise ValueError(f"--min-{metric} {raw!r}: {value!r} is not a number") from None
    if not 0 <= bound <= 1:
        raise ValueError(f"--min-{metric} {raw!r}: the bound must be between 0 and 1")
    return Threshold(metric, subject, bound)


def check(threshold: Threshold, figures: dict) -> tuple[float | None, bool]:
    """(measured value, passed) for one threshold on one figures dict; undefined metrics pass."""
    if threshold.metric == "keep_flagged":
        value = len(figures["keep_flagged"])
        return value, value <= threshold.bound
    if threshold.metric == "mode_accuracy":
        value = figures["mode"]["accuracy"]
    else:
        table = figures["groups"] if threshold.subject in ev.GROUPS else figures["types"]
        value = table.get(threshold.subject, {}).get(threshold.metric)
    return value, value is None or value >= threshold.bound


def check_all(thresholds, figures: dict) -> list[dict]:
    """Every threshold's outcome; unscored drafts fail the run too when any threshold is given."""
    out = []
    for t in thresholds:
        value, passed = check(t, figures)
        out.append({"threshold": t.describe(), "value": value, "passed": passed})
    if thresholds and figures["unscored"]:
        out.append({"threshold": "every annotated draft can be reviewed", "value": len(figures["unscored"]),
                    "passed": False})
    return out
