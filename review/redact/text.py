"""Plain text and Markdown: the masked text, written as UTF-8."""
from __future__ import annotations

from pathlib import Path


def replace_values(text: str, targets) -> tuple[str, int]:
    """`text` with every occurrence of every target value replaced by its mask; and the count."""
    from review.redact.residue import find_value

    count = 0
    for target in targets:  # longest first (unique_values), so a short value never splits a longer one
        spans = find_value(text, target.text)
        for start, end in reversed(spans):
            text = text[:start] + target.mask + text[end:]
        count += len(spans)
    return text, count


def write(src: Path, out: Path, document, targets, options):
    """Write the masked text to `out` in UTF-8 (whatever the source encoding was)."""
    from review.loaders.txt import decode_text
    from review.redact import RedactionResult

    text, encoding = decode_text(src, src.read_bytes())
    masked, count = replace_values(text, targets)
    out.write_text(masked, encoding="utf-8", newline="")
    notes = () if encoding.lower().startswith("utf-8") else (f"source was {encoding}; output written as UTF-8",)
    return RedactionResult(out, count, (), notes)
