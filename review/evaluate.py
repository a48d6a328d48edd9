"""Score the engine against the gold-annotated samples (samples/README.md describes the format).

Span-level, overlap matching: a finding matches a gold span when their character
ranges in Document.text overlap and their entity types agree (aliases below).
Gold files are validated first (review/gold.py); a problem raises GoldError (exit 2)
naming the file and the field, never a document value.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from review.entities import ENTITY_TYPES, category_of
from review.gold import Gold, GoldError, Instance, load_golds, locate

FLAGGED = ("redact", "review")
# Types that agree with each other when matching a finding to a gold span.
ALIASES = (frozenset({"CN_MOBILE", "CN_LANDLINE", "PHONE_NUMBER"}),
           frozenset({"CN_BANK_CARD", "CREDIT_CARD", "SENSITIVE_FINANCIAL"}))
# Entity types scored at all: personal data, except organisation names (not annotated).
UNSCORED_TYPES = frozenset({"ORGANIZATION"})
GROUPS = {
    "names": frozenset({"PERSON"}),
    "addresses": frozenset({"ADDRESS"}),
    "sensitive": frozenset(t for t in ENTITY_TYPES if t.startswith("SENSITIVE_")),
}
GROUPS["identifiers"] = frozenset(
    t for t, (cat, _, _) in ENTITY_TYPES.items()
    if cat == "personal" and t not in UNSCORED_TYPES and not any(t in g for g in GROUPS.values()))
GROUPS["all"] = frozenset().union(*GROUPS.values())




def types_agree(a: str, b: str) -> bool:
    """True when two entity types count as the same for matching."""
    return a == b or any(a in group and b in group for group in ALIASES)


def scored_type(entity_type: str) -> bool:
    """True for the entity types span scoring looks at."""
    return category_of(entity_type) == "personal" and entity_type in ENTITY_TYPES \
        and entity_type not in UNSCORED_TYPES



@dataclass(frozen=True)
class DocScore:
    """What one draft contributed: matched pairs, misses, false alarms, mode."""

    gold: Gold
    split: str
    got_mode: str | None = None
    error: str | None = None
    document: object = None
    # (instance, got action: redact|review|none|missed, the findings that matched it)
    outcomes: tuple = ()
    # (finding, attributed type, matched a to-redact gold span?)
    predictions: tuple = ()

    @property
    def name(self) -> str:
        """The draft's path as given."""
        return str(self.gold.document)


def _strongest(findings) -> str:
    """The strongest action among findings: redact > review > none; missed when there is none."""
    actions = {f.action for f in findings}
    return next((a for a in ("redact", "review", "none") if a in actions), "missed")


def _overlaps(inst: Instance, f) -> bool:
    return inst.start < f.end and f.start < inst.end


def _outcome(inst: Instance, scored) -> tuple:
    """(instance, the action it got, the type-agreeing findings over it)."""
    matched = [f for f in scored if _overlaps(inst, f) and types_agree(inst.span.type, f.entity_type)]
    got = _strongest(matched)
    if inst.span.action == "none" and got not in FLAGGED:
        # Redacting a keep item is wrong whatever type the engine gave it.
        flagged = [f for f in scored if _overlaps(inst, f) and f.action in FLAGGED]
        got = _strongest(flagged) if flagged else got
    return inst, got, tuple(matched)


def _prediction(f, targets) -> tuple:
    """(finding, the type it counts under, whether it matches a to-redact gold span)."""
    hit = next((i for i in targets if _overlaps(i, f) and types_agree(i.span.type, f.entity_type)), None)
    return f, hit.span.type if hit else f.entity_type, hit is not None


def score_document(gold: Gold, split: str, document, findings, got_mode: str) -> DocScore:
    """Match one draft's findings against its gold instances."""
    instances = locate(gold, document.text)
    scored = [f for f in findings if scored_type(f.entity_type)]
    targets = [i for i in instances if i.span.action in FLAGGED]
    return DocScore(gold=gold, split=split, got_mode=got_mode, document=document,
                    outcomes=tuple(_outcome(i, scored) for i in instances),
                    predictions=tuple(_prediction(f, targets) for f in scored if f.action in FLAGGED))


@dataclass(frozen=True)
class Counts:
    """Span counts for one entity type or group."""

    support: int = 0
    recalled: int = 0
    exact: int = 0
    true_pos: int = 0
    false_pos: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        """Field-wise sum."""
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def precision(self) -> float | None:
        """Flagged findings that match a to-redact gold span; None when nothing was flagged."""
        flagged = self.true_pos + self.false_pos
        return self.true_pos / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        """To-redact gold spans some flagged finding covers; None without support."""
        return self.recalled / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall, when both are defined."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def _gold_counts(inst: Instance, got: str, matched) -> Counts:
    """The contribution of one to-redact gold instance."""
    if got not in FLAGGED:
        return Counts(support=1)
    exact = any(f.action in FLAGGED and (f.start, f.end) == (inst.start, inst.end) for f in matched)
    return Counts(support=1, recalled=1, exact=int(exact))


def type_counts(docs) -> dict[str, Counts]:
    """Counts per entity type over some scored drafts."""
    table: dict[str, Counts] = {}
    for doc in docs:
        for inst, got, matched in doc.outcomes:
            if inst.span.action in FLAGGED:
                table[inst.span.type] = table.get(inst.span.type, Counts()) + _gold_counts(inst, got, matched)
        for _f, typ, hit in doc.predictions:
            table[typ] = table.get(typ, Counts()) + Counts(true_pos=int(hit), false_pos=int(not hit))
    return dict(sorted(table.items()))


def group_counts(table: dict[str, Counts]) -> dict[str, Counts]:
    """Counts per group (identifiers, names, addresses, sensitive, all)."""
    return {name: sum((row for typ, row in table.items() if typ in GROUPS[name]), Counts())
            for name in ("identifiers", "names", "addresses", "sensitive", "all")}


def action_confusion(docs) -> Counter:
    """(expected action, got action) -> number of gold instances."""
    return Counter((inst.span.action, got) for doc in docs for inst, got, _ in doc.outcomes)


def keep_flagged(docs) -> list[tuple[DocScore, Instance, str]]:
    """Keep items (gold action none) that the engine flagged for redaction."""
    return [(doc, inst, got) for doc in docs for inst, got, _ in doc.outcomes
            if inst.span.action == "none" and got == "redact"]


def mode_confusion(docs) -> Counter:
    """(expected mode, got mode) -> number of drafts."""
    return Counter((d.gold.expected_mode, d.got_mode) for d in docs if d.error is None)


def mode_accuracy(docs) -> float | None:
    """Share of scored drafts whose recommended mode is the expected one."""
    scored = [d for d in docs if d.error is None]
    if not scored:
        return None
    return sum(d.got_mode == d.gold.expected_mode for d in scored) / len(scored)


def known_misses(docs) -> list[tuple[DocScore, Instance, str]]:
    """Gold instances recorded as known misses, with what the engine did now."""
    return [(doc, inst, got) for doc in docs for inst, got, _ in doc.outcomes if inst.span.known_miss]


def split_of(root: Path, gold_path: Path) -> str:
    """The split a draft belongs to: its first folder under root (dev, blind), else root's name."""
    root = Path(root)
    if root.is_file():
        return gold_path.parent.name
    parts = gold_path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else (root.resolve().name or str(root))


def review_and_score(gold: Gold, split: str, config, review) -> DocScore:
    """Review one draft and score it; a draft the engine cannot review comes back with an error."""
    from review.errors import InputError

    try:
        report = review(gold.document, config)
    except InputError as exc:
        return DocScore(gold=gold, split=split, error=exc.reason)
    except Exception as exc:  # an engine bug: score the rest, list this draft as not scored
        return DocScore(gold=gold, split=split, error=f"internal error ({type(exc).__name__})")
    return score_document(gold, split, report.document, report.findings, report.recommendation.mode)


def evaluate(root: Path, config=None, review=None) -> list[DocScore]:
    """Review every annotated draft under root with the public API and score it against its gold.

    Every gold problem (a span that does not occur, say) is collected and raised as one GoldError.
    """
    from review import review_file

    docs, problems = [], []
    for gold in load_golds(root):
        try:
            docs.append(review_and_score(gold, split_of(root, gold.path), config, review or review_file))
        except GoldError as exc:
            problems.append(str(exc))
    if problems:
        raise GoldError("invalid gold file(s):\n  " + "\n  ".join(problems))
    return docs
