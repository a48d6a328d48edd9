"""Plain text and Markdown: encoding detected reliably, one segment per non-empty line."""
from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer

from review.config import Config
from review.errors import CorruptFile
from review.model import Document, Location

MAX_CHAOS = 0.05
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes as (text, encoding): BOM first, then strict UTF-8, then strict GB18030.

    Chinese offices still save GBK/GB18030 files. Strict UTF-8 almost never
    succeeds on GB18030 bytes with Chinese text, so the order is safe; GB18030
    is a superset of GBK and GB2312. charset-normalizer is the last resort.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", " with BOM")
            except UnicodeDecodeError:
                raise CorruptFile(str(path), f"the file starts with a {encoding.replace('-sig', '')} byte-order "
                                             f"mark but is not valid {encoding.replace('-sig', '')} text") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    # A guess with "mess" (chaos) above 5% is mojibake: typically a file mixing UTF-8 and GBK lines.
    if best is None or best.chaos > MAX_CHAOS:
        raise CorruptFile(str(path), "cannot determine the text encoding (not UTF-8, GB18030 or another "
                                     "known encoding); save the file as UTF-8")
    return str(best), best.encoding


def line_pieces(text: str) -> list[tuple[str, Location]]:
    """(line, location) for every non-empty line, trailing white space cut, numbered from 1."""
    return [(line.rstrip(), Location(layer="body", line=number))
            for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def load(path: Path, data: bytes, config: Config) -> Document:
    """Load a .txt/.md file: one segment per non-empty line, with its line number."""
    from review.loaders import sha256_of

    text, encoding = decode_text(path, data)
    return Document.build(str(path), "txt", line_pieces(text), sha256_of(data), size=len(data),
                          metadata=(("encoding", encoding),))
