"""Word .docx: redacted spans replaced inside their runs, formatting kept, hidden layers removed.

Order matters: the export policies run first (comments, tracked changes, hidden
and invisible text, metadata), then every redacted value is replaced in each
paragraph of every part (body, tables, text boxes, headers, footers, notes),
across run boundaries, then a last pass masks values left in any other text
or attribute of any XML part (hyperlink targets, alt text, properties).
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from review.redact.docx_policies import clear_metadata, remove_comments, remove_hidden_text, resolve_tracked_changes
from review.redact.ooxml import W, XML_SPACE, Package
from review.redact.text import replace_values, target_index

TEXT_TAGS = (W + "t", W + "delText", W + "instrText", W + "delInstrText")
# DrawingML paragraphs (SmartArt, chart titles, shapes without a Word text box) hold runs of a:t.
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _own_text_nodes(paragraph) -> list:
    """The text elements of a paragraph, leaving out those of paragraphs nested in it (text boxes)."""
    if paragraph.tag == A + "p":
        return list(paragraph.iter(A + "t"))
    nodes = []
    for node in paragraph.iter(*TEXT_TAGS):
        owner = next(node.iterancestors(W + "p"), None)
        if owner is paragraph:
            nodes.append(node)
    return nodes


def _replace_span(nodes, start: int, end: int, mask: str) -> None:
    """Replace characters start..end of the nodes' joined text: the mask goes in the first node."""
    pos, first = 0, True
    for node in nodes:
        text = node.text or ""
        lo, hi = pos, pos + len(text)
        pos = hi
        if hi <= start or lo >= end or not text:
            continue
        a, b = max(start, lo) - lo, min(end, hi) - lo
        node.text = text[:a] + (mask if first else "") + text[b:]
        node.set(XML_SPACE, "preserve") if node.tag in (W + "t", W + "delText") else None
        first = False


def mask_paragraph(paragraph, targets) -> int:
    """Replace every target value in one paragraph, across runs; the number of replacements."""
    nodes = _own_text_nodes(paragraph)
    if not nodes:
        return 0
    spans = target_index(targets).spans("".join(n.text or "" for n in nodes))
    for start, end, target in reversed(spans):
        _replace_span(nodes, start, end, target.mask)
    return len(spans)


def _mask_everything_else(package: Package, targets) -> int:
    """Mask values left in any text, tail or attribute of any XML part; the number of replacements."""
    count = 0
    for name in package.xml_names():
        for element in package.tree(name).iter(etree.Element):
            for attr in ("text", "tail"):
                value = getattr(element, attr)
                if value and value.strip():
                    masked, n = replace_values(value, targets)
                    if n:
                        setattr(element, attr, masked)
                        count += n
            for key, value in element.attrib.items():
                masked, n = replace_values(value, targets)
                if n:
                    element.set(key, masked)
                    count += n
    return count


def _mask_values(package: Package, targets) -> int:
    """Replace the values in every Word and DrawingML paragraph (across runs), then anywhere else."""
    count = 0
    for name in package.xml_names():
        for paragraph in package.tree(name).iter(W + "p", A + "p"):
            count += mask_paragraph(paragraph, targets)
    return count + _mask_everything_else(package, targets)


def write(src: Path, out: Path, document, targets, options):
    """Write a redacted copy of a .docx (see the module docstring for the order of the passes)."""
    from review.redact import RedactionResult

    package = Package(src)
    targets = target_index(targets)
    notes = []
    comments = remove_comments(package)
    changes = resolve_tracked_changes(package, options.tracked_changes)
    hidden, invisible = remove_hidden_text(package)
    cleared = clear_metadata(package)
    count = _mask_values(package, targets) if targets else 0
    for n, what in ((comments, "comment(s) removed"), (changes, f"tracked change(s) {options.tracked_changes}ed"),
                    (hidden, "hidden-text run(s) removed"), (invisible, "invisible-text run(s) removed"),
                    (len(cleared), "personal document propert(ies) cleared")):
        if n:
            notes.append(f"{n} {what}")
    package.save(out)
    return RedactionResult(out, count, (), tuple(notes))
