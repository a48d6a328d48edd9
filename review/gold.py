"""Gold annotations of the sample drafts: the format of samples/README.md, parsed and located.

A gold file NAME.gold.yaml sits beside its draft NAME.EXT and lists every personal-data span with
its type, role and expected action. Problems raise GoldError (exit 2) naming the file and the
field or the span index, never a document value.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from review.entities import ENTITY_TYPES
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


class GoldError(ReviewError):
    """A gold file is invalid: the message names the file and the field (exit 2)."""


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
    if value is None:
        raise GoldError(f"{path}: {where}: missing; valid: {', '.join(sorted(valid))}")
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
    if not isinstance(text, str) or not text.strip():
        # YAML reads 021-... as text but 13916283475 as a number and 0123 as 83: insist on quotes.
        raise GoldError(f"{path}: {where}.text: missing, empty or not a quoted string")
    known = raw.get("known_miss")
    return GoldSpan(
        index=index, text=text,
        type=_choice(path, f"{where}.type", raw.get("type"), ENTITY_TYPES),
        role=_choice(path, f"{where}.role", raw.get("role"), ROLES),
        action=_choice(path, f"{where}.action", raw.get("action"), ACTIONS),
        occurrences=_picked(path, where, raw.get("occurrences", "all")),
        known_miss=None if known is None else str(known))


def _picked(path, where: str, occurrences) -> tuple[int, ...] | None:
    """`occurrences`: None for all, else the 1-based indices asked for."""
    if occurrences == "all":
        return None
    if not (isinstance(occurrences, list) and occurrences
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in occurrences)):
        raise GoldError(f"{path}: {where}.occurrences: must be 'all' or a list of 1-based indices")
    return tuple(occurrences)


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


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _whole(text: str, start: int, end: int) -> bool:
    """False when an ASCII letter or digit continues the value on either side.

    "12345" inside the VIN LB37624S6ML012345 is not the hotline 12345. Chinese text has no
    word boundaries, so a span starting or ending with a Han character is not checked there.
    """
    if _ascii_alnum(text[start]) and start > 0 and _ascii_alnum(text[start - 1]):
        return False
    return not (_ascii_alnum(text[end - 1]) and end < len(text) and _ascii_alnum(text[end]))


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every whole, non-overlapping occurrence of needle in text."""
    out, at = [], text.find(needle)
    while at >= 0:
        if _whole(text, at, at + len(needle)):
            out.append(at)
        at = text.find(needle, at + (len(needle) if out and out[-1] == at else 1))
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

