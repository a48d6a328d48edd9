"""Score the engine against the gold-annotated samples (samples/README.md describes the format).

Span-level, overlap matching: a finding matches a gold span when their character
ranges in Document.text overlap and their entity types agree (aliases below).
Gold files are validated first; a problem raises GoldError (exit 2) naming the
file and the field, never a document value.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from review.entities import ENTITY_TYPES, category_of
from review.errors import ReviewError
from review.model import ACTIONS, MODES

GOLD_SUFFIX = ".gold.yaml"
DOCUMENT_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".xlsx", ".csv")
DOC_TYPES = frozenset("""
penalty_decision_company penalty_decision_person eia_approval eia_announcement permit complaint_reply
informant_reward notice_to_company meeting_minutes request_for_instructions internal_report
normative_document draft_for_comment press_release list_publication typical_cases monitoring_data
work_plan inspection_record radiation_source_list english_reply other""".split())
ROLES = frozenset("""
official penalized_company company legal_representative company_contact company_address penalized_person
complainant informant witness private_person applicant_person minor home_address hotline office_phone office_contact
masked other""".split())
LANGUAGES = ("zh", "en", "mixed")
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


class GoldError(ReviewError):
    """A gold file is invalid: the message names the file and the field (exit 2)."""


def types_agree(a: str, b: str) -> bool:
    """True when two entity types count as the same for matching."""
    return a == b or any(a in group and b in group for group in ALIASES)


def scored_type(entity_type: str) -> bool:
    """True for the entity types span scoring looks at."""
    return category_of(entity_type) == "personal" and entity_type in ENTITY_TYPES \
        and entity_type not in UNSCORED_TYPES


@dataclass(frozen=True)
class GoldSpan:
    """One `spans:` entry of a gold file."""

    index: int
    text: str
    type: str
    role: str
    action: str
    occurrences: tuple[int, ...] | None = None
    known_miss: str | None = None


@dataclass(frozen=True)
class Gold:
    """A parsed gold file and the draft it annotates."""

    path: Path
    document: Path
    doc_type: str
    expected_mode: str
    language: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class Instance:
    """One occurrence of a gold span in the document text."""

    span: GoldSpan
    start: int
    end: int


def find_gold_files(root: Path) -> list[Path]:
    """Every gold file under `root` (or `root` itself), sorted."""
    root = Path(root)
    if root.is_file():
        return [root] if root.name.endswith(GOLD_SUFFIX) else []
    return sorted(p for p in root.rglob("*" + GOLD_SUFFIX) if p.is_file())


def document_for(gold_path: Path) -> Path:
    """The draft a gold file annotates: NAME.gold.yaml -> NAME.<ext> beside it."""
    stem = gold_path.name[: -len(GOLD_SUFFIX)]
    found = [gold_path.with_name(stem + ext) for ext in DOCUMENT_SUFFIXES
             if gold_path.with_name(stem + ext).is_file()]
    if len(found) != 1:
        problem = "no draft" if not found else "more than one draft"
        raise GoldError(f"{gold_path}: {problem} named {stem}.<{'|'.join(s[1:] for s in DOCUMENT_SUFFIXES)}> beside it")
    return found[0]


def _choice(path, where: str, value, valid) -> str:
    """Check one enumerated field, naming the file, the field and the valid values."""
    if value not in valid:
        shown = value if isinstance(value, str) and len(value) < 40 else type(value).__name__
        raise GoldError(f"{path}: {where}: {shown!r} is not valid; valid: {', '.join(sorted(valid))}")
    return value


def _parse_span(path, index: int, raw) -> GoldSpan:
    """One spans[] entry, validated."""
    where = f"spans[{index}]"
    if not isinstance(raw, dict):
        raise GoldError(f"{path}: {where}: must be a mapping with text, type, role, action")
    unknown = set(raw) - {"text", "type", "role", "action", "occurrences", "known_miss", "note"}
    if unknown:
        raise GoldError(f"{path}: {where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    text = raw.get("text")
    if not isinstance(text, (str, int)) or not str(text).strip():
        raise GoldError(f"{path}: {where}.text: missing or empty (quote numbers as strings)")
    occurrences = raw.get("occurrences", "all")
    if occurrences == "all":
        occurrences = None
    elif not (isinstance(occurrences, list) and occurrences
              and all(isinstance(n, int) and n >= 1 for n in occurrences)):
        raise GoldError(f"{path}: {where}.occurrences: must be 'all' or a list of 1-based indices")
    known = raw.get("known_miss")
    return GoldSpan(
        index=index, text=str(text),
        type=_choice(path, f"{where}.type", raw.get("type"), ENTITY_TYPES),
        role=_choice(path, f"{where}.role", raw.get("role"), ROLES),
        action=_choice(path, f"{where}.action", raw.get("action"), ACTIONS),
        occurrences=None if occurrences is None else tuple(occurrences),
        known_miss=None if known is None else str(known))


def parse_gold(path: Path) -> Gold:
    """Read and validate one gold file (the draft must exist beside it)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GoldError(f"{path}: cannot read the gold file ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: must be a mapping with doc_type, expected_mode, spans")
    unknown = set(data) - {"doc_type", "expected_mode", "language", "spans", "notes"}
    if unknown:
        raise GoldError(f"{path}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    spans = data.get("spans") or []
    if not isinstance(spans, list):
        raise GoldError(f"{path}: spans: must be a list")
    return Gold(
        path=path, document=document_for(path),
        doc_type=_choice(path, "doc_type", data.get("doc_type"), DOC_TYPES),
        expected_mode=_choice(path, "expected_mode", data.get("expected_mode"), MODES),
        language=_choice(path, "language", data.get("language", "zh"), LANGUAGES),
        spans=tuple(_parse_span(path, i, raw) for i, raw in enumerate(spans, start=1)))


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every (non-overlapping) occurrence of needle in text."""
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + len(needle))
    return out


def locate(gold: Gold, text: str) -> list[Instance]:
    """Every gold instance in the document text; a span that does not occur is a GoldError."""
    instances = []
    for span in gold.spans:
        starts = _occurrences(text, span.text)
        if not starts:
            raise GoldError(f"{gold.path}: spans[{span.index}] ({span.type}): text does not occur in "
                            f"the extracted text of {gold.document.name}")
        picks = span.occurrences or range(1, len(starts) + 1)
        for n in picks:
            if n > len(starts):
                raise GoldError(f"{gold.path}: spans[{span.index}].occurrences: asks for occurrence {n} "
                                f"but the text occurs {len(starts)} time(s)")
            instances.append(Instance(span, starts[n - 1], starts[n - 1] + len(span.text)))
    return instances


@dataclass
class DocScore:
    """What one draft contributed: matched pairs, misses, false alarms, mode."""

    gold: Gold
    split: str
    got_mode: str | None = None
    error: str | None = None
    document: object = None
    # (instance, got action: redact|review|none|missed, the findings that matched it)
    outcomes: list = field(default_factory=list)
    # (finding, attributed type, matched a to-redact gold span?)
    predictions: list = field(default_factory=list)

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


def score_document(gold: Gold, split: str, document, findings, got_mode: str) -> DocScore:
    """Match one draft's findings against its gold instances."""
    result = DocScore(gold=gold, split=split, got_mode=got_mode, document=document)
    instances = locate(gold, document.text)
    scored = [f for f in findings if scored_type(f.entity_type)]
    for inst in instances:
        matched = [f for f in scored if _overlaps(inst, f) and types_agree(inst.span.type, f.entity_type)]
        got = _strongest(matched)
        if inst.span.action == "none" and got not in FLAGGED:
            # Redacting a keep item is wrong whatever type the engine gave it.
            flagged = [f for f in scored if _overlaps(inst, f) and f.action in FLAGGED]
            got = _strongest(flagged) if flagged else got
        result.outcomes.append((inst, got, matched))
    targets = [i for i in instances if i.span.action in FLAGGED]
    for f in scored:
        if f.action not in FLAGGED:
            continue
        hit = next((i for i in targets if _overlaps(i, f) and types_agree(i.span.type, f.entity_type)), None)
        result.predictions.append((f, hit.span.type if hit else f.entity_type, hit is not None))
    return result


@dataclass
class Counts:
    """Span counts for one entity type or group."""

    support: int = 0
    recalled: int = 0
    exact: int = 0
    true_pos: int = 0
    false_pos: int = 0

    def add(self, other: "Counts") -> None:
        """Accumulate another Counts into this one."""
        for name in ("support", "recalled", "exact", "true_pos", "false_pos"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

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


def type_counts(docs) -> dict[str, Counts]:
    """Counts per entity type over some scored drafts."""
    table: dict[str, Counts] = {}
    for doc in docs:
        for inst, got, matched in doc.outcomes:
            if inst.span.action not in FLAGGED:
                continue
            row = table.setdefault(inst.span.type, Counts())
            row.support += 1
            if got in FLAGGED:
                row.recalled += 1
                row.exact += any(f.start == inst.start and f.end == inst.end for f in matched)
        for _f, typ, hit in doc.predictions:
            row = table.setdefault(typ, Counts())
            row.true_pos += hit
            row.false_pos += not hit
    return dict(sorted(table.items()))


def group_counts(table: dict[str, Counts]) -> dict[str, Counts]:
    """Counts per group (identifiers, names, addresses, sensitive, all)."""
    out = {}
    for name in ("identifiers", "names", "addresses", "sensitive", "all"):
        total = Counts()
        for typ, row in table.items():
            if typ in GROUPS[name]:
                total.add(row)
        out[name] = total
    return out


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


def load_golds(root: Path) -> list[Gold]:
    """Parse every gold file under root; all problems are reported together in one GoldError."""
    golds, problems = [], []
    for path in find_gold_files(root):
        try:
            golds.append(parse_gold(path))
        except GoldError as exc:
            problems.append(str(exc))
    if problems:
        raise GoldError("invalid gold file(s):\n  " + "\n  ".join(problems))
    if not golds:
        raise GoldError(f"{root}: no gold files (*{GOLD_SUFFIX}) found")
    return golds


def evaluate(root: Path, config=None, review=None) -> list[DocScore]:
    """Review every annotated draft under root with the public API and score it against its gold."""
    from review import review_file
    from review.errors import InputError

    review = review or review_file
    docs, problems = [], []
    for gold in load_golds(root):
        split = split_of(root, gold.path)
        try:
            report = review(gold.document, config)
        except InputError as exc:
            docs.append(DocScore(gold=gold, split=split, error=exc.reason))
            continue
        try:
            docs.append(score_document(gold, split, report.document, report.findings,
                                       report.recommendation.mode))
        except GoldError as exc:
            problems.append(str(exc))
    if problems:
        raise GoldError("invalid gold file(s):\n  " + "\n  ".join(problems))
    return docs
