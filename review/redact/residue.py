"""The residue check: re-open an output with independent readers and look for every redacted value.

Values are compared "compacted" (white space and punctuation removed) so a
value split by spaces, dashes or Word runs is still caught. The redactors use
the same matcher (find_value) so what they replace is what this check looks for.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from review.redact.matching import MIN_VALUE_CHARS, ValueIndex, compact, find_value  # noqa: F401 (re-exported)

TAG = re.compile(r"<[^>]*>")


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


def _index(values) -> ValueIndex:
    """The values indexed for one-pass search, each found value reported by its label."""
    return values if isinstance(values, ValueIndex) else ValueIndex((v.text, v) for v in values)


def _search(texts, values, hits: list) -> None:
    """Add a Hit for every value found compacted (white space and punctuation ignored) in any text."""
    index = _index(values)
    for where, text in texts:
        hits.extend(Hit(v.label, where) for v in dict.fromkeys(p for _, _, p in index.spans(text)))


def _search_literal(texts, values, hits: list) -> None:
    """Add a Hit for every value occurring verbatim (attributes, raw markup: not compacted)."""
    index = _index(values)
    for where, text in texts:
        hits.extend(Hit(v.label, where) for v in dict.fromkeys(index.literal(text)))


def _search_bytes(chunks, values, hits: list) -> None:
    """Add a Hit for every value whose raw encoding occurs in any (where, bytes) pair."""
    index = _index(values)
    for where, data in chunks:
        hits.extend(Hit(v.label, where) for v in dict.fromkeys(index.in_bytes(data)))


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
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=False)
    for sheet in book.worksheets:
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        _search([(f"sheet {sheet.title!r} (cells)", cells)], values, hits)
    return hits


def check_pdf(path: Path, values) -> list[Hit]:
    """Residue in a PDF: pdfminer's text of every page, and the decompressed bytes of every object."""
    import pikepdf
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    hits: list[Hit] = []
    # Lines are grouped (a value split by kerning is whole again) but not boxes: that
    # clustering is quadratic per page and the order of lines does not matter here.
    text = extract_text(str(path), laparams=LAParams(boxes_flow=None))
    _search([("pdf text (pdfminer)", text)], values, hits)
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
    values = ValueIndex((v.text, v) for v in values)  # built once, searched in every part
    checker = CHECKERS[fmt or _format_of(path)]
    unique: dict[tuple[str, str], Hit] = {}
    for hit in checker(path, values):
        unique.setdefault((hit.label, hit.where), hit)
    return list(unique.values())
