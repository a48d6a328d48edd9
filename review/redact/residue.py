"""The residue check: re-open an output with independent readers and look for every redacted value.

Values are compared "compacted" (white space and punctuation removed) so a
value split by spaces, dashes or Word runs is still caught. The redactors use
the same matcher (find_value) so what they replace is what this check looks for.
"""
from __future__ import annotations

import html
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Shorter values cannot be searched for without matching everywhere.
MIN_VALUE_CHARS = 2
TAG = re.compile(r"<[^>]*>")


def _dropped(ch: str) -> bool:
    """White space and punctuation are ignored when comparing values."""
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZC"


def compact(text: str) -> str:
    """The text without white space and punctuation, casefolded."""
    return "".join(ch for ch in text if not _dropped(ch)).casefold()


def find_value(text: str, value: str) -> list[tuple[int, int]]:
    """Spans of `text` that equal `value` once both are compacted (non-overlapping, left to right)."""
    needle = compact(value)
    if len(needle) < MIN_VALUE_CHARS:
        return []
    kept = [i for i, ch in enumerate(text) if not _dropped(ch)]
    haystack = "".join(text[i] for i in kept).casefold()
    spans, pos = [], haystack.find(needle)
    while pos >= 0:
        spans.append((kept[pos], kept[pos + len(needle) - 1] + 1))
        pos = haystack.find(needle, pos + len(needle))
    return spans


@dataclass(frozen=True)
class Value:
    """One redacted value: the plaintext (never printed) and how to name it (its mask)."""

    text: str
    label: str


@dataclass(frozen=True)
class Hit:
    """A redacted value found in the output: named by its mask and where it was found."""

    label: str
    where: str

    def __str__(self) -> str:
        return f"{self.label} still present in {self.where}"


def _search(texts, values, hits: list) -> None:
    """Add a Hit for every value found in any (where, text) pair."""
    for where, text in texts:
        packed = compact(text)
        for value in values:
            needle = compact(value.text)
            if len(needle) >= MIN_VALUE_CHARS and needle in packed:
                hits.append(Hit(value.label, where))


def _search_literal(texts, values, hits: list) -> None:
    """Add a Hit for every value occurring verbatim (attributes, raw markup: not compacted)."""
    for where, text in texts:
        for value in values:
            if len(compact(value.text)) >= MIN_VALUE_CHARS and value.text.casefold() in text.casefold():
                hits.append(Hit(value.label, where))


def _byte_forms(value: str) -> list[bytes]:
    """Encodings a value can take inside binary parts and PDF strings."""
    return [value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be")]


def _search_bytes(chunks, values, hits: list) -> None:
    """Add a Hit for every value whose raw encoding occurs in any (where, bytes) pair."""
    for where, data in chunks:
        for value in values:
            if len(compact(value.text)) >= MIN_VALUE_CHARS and any(f in data for f in _byte_forms(value.text)):
                hits.append(Hit(value.label, where))


RUN_TEXT = re.compile(r"<(?:w:t|w:delText|w:instrText|t)(?:\s[^>]*)?>([^<]*)<")


def check_zip(path: Path, values) -> list[Hit]:
    """Residue in a .docx/.xlsx: every XML part with tags stripped, its runs' text concatenated
    (both compacted), and its raw markup (attributes, verbatim); other parts as bytes."""
    hits: list[Hit] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if not (name.endswith(".xml") or name.endswith(".rels")):
                _search_bytes([(f"{name} (binary)", data)], values, hits)
                continue
            raw = data.decode("utf-8", errors="replace")
            runs = "".join(RUN_TEXT.findall(raw))
            _search([(f"{name} (text)", html.unescape(TAG.sub("", raw))),
                     (f"{name} (runs)", html.unescape(runs))], values, hits)
            _search_literal([(f"{name} (markup)", html.unescape(raw))], values, hits)
    return hits


def check_xlsx(path: Path, values) -> list[Hit]:
    """Residue in a workbook: the package parts, and every cell value as openpyxl reads it."""
    import openpyxl

    hits = check_zip(path, values)
    book = openpyxl.load_workbook(path, data_only=False)
    for sheet in book.worksheets:
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        _search([(f"sheet {sheet.title!r} (cells)", cells)], values, hits)
    return hits


def check_pdf(path: Path, values) -> list[Hit]:
    """Residue in a PDF: pdfminer's text of every page, and the decompressed bytes of every object."""
    import pikepdf
    from pdfminer.high_level import extract_text

    hits: list[Hit] = []
    _search([("pdf text (pdfminer)", extract_text(str(path)))], values, hits)
    with pikepdf.open(path) as pdf:
        chunks = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append((f"pdf object {obj.objgen[0]} (stream)", obj.read_bytes()))
                except pikepdf.PdfError:
                    chunks.append((f"pdf object {obj.objgen[0]} (raw stream)", obj.read_raw_bytes()))
            chunks.append((f"pdf object {obj.objgen[0]}", bytes(obj.unparse())))
        chunks.append(("pdf trailer", bytes(pdf.trailer.unparse())))
    _search_bytes(chunks, values, hits)
    return hits


def check_text(path: Path, values) -> list[Hit]:
    """Residue in a text or CSV output (written as UTF-8)."""
    hits: list[Hit] = []
    _search([(path.name, path.read_bytes().decode("utf-8", errors="replace"))], values, hits)
    return hits


CHECKERS = {"docx": check_zip, "xlsx": check_xlsx, "pdf": check_pdf, "txt": check_text, "csv": check_text}


def _format_of(path: Path) -> str:
    """The output's format, from its bytes (the same sniffing the loaders use)."""
    from review.loaders import sniff_format

    return sniff_format(path, path.read_bytes())


def check_residue(path, values, fmt: str | None = None) -> list[Hit]:
    """Every redacted value still recoverable from the file at `path` (empty list: clean).

    `values` are Value objects or plain strings (then labelled by display_mask).
    """
    from review.masks import display_mask

    path = Path(path)
    values = [v if isinstance(v, Value) else Value(v, display_mask(v)) for v in values]
    checker = CHECKERS[fmt or _format_of(path)]
    unique: dict[tuple[str, str], Hit] = {}
    for hit in checker(path, values):
        unique.setdefault((hit.label, hit.where), hit)
    return list(unique.values())
