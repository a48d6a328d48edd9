"""Plain text and Markdown: the masked text, written as UTF-8."""
from __future__ import annotations

from pathlib import Path

from review.redact.matching import ValueIndex


def target_index(targets) -> ValueIndex:
    """Targets indexed by value for one-pass search (an index is passed through)."""
    return targets if isinstance(targets, ValueIndex) else ValueIndex((t.text, t) for t in targets)


def replace_values(text: str, targets) -> tuple[str, int]:
    """`text` with every occurrence of every target value replaced by its mask; and the count."""
    spans = target_index(targets).spans(text)
    for start, end, target in reversed(spans):
        text = text[:start] + target.mask + text[end:]
    return text, len(spans)


def write(src: Path, out: Path, document, targets, options):
    """Write the masked text to `out` in UTF-8 (whatever the source encoding was)."""
    from review.loaders.txt import decode_text
    from review.redact import RedactionResult

    text, encoding = decode_text(src, src.read_bytes())
    masked, count = replace_values(text, target_index(targets))
    out.write_text(masked, encoding="utf-8", newline="")
    notes = () if encoding.lower().startswith("utf-8") else (f"source was {encoding}; output written as UTF-8",)
    return RedactionResult(out, count, (), notes)
