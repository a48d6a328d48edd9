"""Build the .docx and .pdf samples from their source text in samples/sources/*.yaml.

    .venv/bin/python samples/build_binaries.py          # rebuild every binary sample
    .venv/bin/python samples/build_binaries.py --check  # exit 1 if a committed binary is stale

The output is deterministic (fixed zip timestamps and document properties, reportlab's
invariant mode), so rebuilding gives byte-identical files and the binaries can be committed:
`review eval` never needs to run this script.

Source format (YAML):
  kind: docx | pdf
  output: dev/NAME.docx            (relative to samples/)
  core: {author: ..., last_modified_by: ..., title: ...}   (document properties)
  header: [lines]    footer: [lines]        (docx)
  body: a list of blocks (docx):
    "text"                                  a paragraph
    {table: [[cell, ...], ...]}             a table, first row as header
    {text: "...", comment: {author, text}}  a paragraph with a comment on it
    {runs: ["plain", {del: "..."}, {ins: "..."}], author: ...}   tracked changes
  lines: [...] (pdf): one drawn line each; "# text" is a centred title; "---" starts a new page
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FIXED_TIME = dt.datetime(2024, 11, 1, 9, 0, 0)
ZIP_TIME = (2024, 11, 1, 9, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# PDF page layout (A4, points)
PAGE_W, PAGE_H = 595.27, 841.89
MARGIN, FONT, SIZE, TITLE_SIZE, LEADING = 60, "STSong-Light", 11, 15, 19


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _tracked(paragraph, kind: str, text: str, author: str, rev: int) -> None:
    """Append a w:ins or w:del element holding one run of text to a paragraph."""
    from docx.oxml import OxmlElement

    change = OxmlElement(f"w:{kind}")
    change.set(_w("id"), str(rev))
    change.set(_w("author"), author)
    change.set(_w("date"), FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"))
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if kind == "del" else "w:t")
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    node.text = text
    run.append(node)
    change.append(run)
    paragraph._p.append(change)


def _docx_block(doc, block, rev: list) -> None:
    """Add one body block (paragraph, table, commented or tracked paragraph)."""
    if isinstance(block, str):
        doc.add_paragraph(block)
    elif "table" in block:
        rows = block["table"]
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = str(value)
    elif "runs" in block:
        para = doc.add_paragraph()
        for part in block["runs"]:
            if isinstance(part, str):
                para.add_run(part)
            else:
                kind = "del" if "del" in part else "ins"
                rev[0] += 1
                _tracked(para, kind, part[kind], block.get("author", "Author"), rev[0])
    else:
        para = doc.add_paragraph()
        run = para.add_run(block["text"])
        note = block.get("comment")
        if note:
            doc.add_comment(run, text=note["text"], author=note["author"], initials=note.get("initials", ""))


def build_docx(source: dict) -> bytes:
    """A .docx from a source dict, with fixed document properties."""
    import docx

    doc = docx.Document()
    section = doc.sections[0]
    for line in source.get("header", []):
        section.header.add_paragraph(line)
    for line in source.get("footer", []):
        section.footer.add_paragraph(line)
    rev = [0]
    for block in source["body"]:
        _docx_block(doc, block, rev)
    props = doc.core_properties
    for key, value in (source.get("core") or {}).items():
        setattr(props, key, value)
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _normalise_zip(out.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that identical content gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_pdf(source: dict) -> bytes:
    """A text-layer PDF (CID font STSong-Light, no download) from a list of lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=0)
    meta = source.get("core") or {}
    pdf.setAuthor(meta.get("author", ""))
    pdf.setTitle(meta.get("title", ""))
    y = PAGE_H - MARGIN
    for line in source["lines"]:
        if line == "---" or y < MARGIN:
            pdf.showPage()
            y = PAGE_H - MARGIN
            if line == "---":
                continue
        _draw_line(pdf, str(line), y, source["output"])
        y -= LEADING
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_line(pdf, line: str, y: float, name: str) -> None:
    """Draw one line (a centred title when it starts with '# '); refuse lines that overflow."""
    from reportlab.pdfbase import pdfmetrics

    title = line.startswith("# ")
    text, size = (line[2:], TITLE_SIZE) if title else (line, SIZE)
    width = pdfmetrics.stringWidth(text, FONT, size)
    if width > PAGE_W - 2 * MARGIN:
        raise SystemExit(f"{name}: line too long for the page ({width:.0f}pt): split it in the source")
    pdf.setFont(FONT, size)
    if title:
        pdf.drawCentredString(PAGE_W / 2, y, text)
    else:
        pdf.drawString(MARGIN, y, text)


def build(source: dict) -> bytes:
    """The bytes of one binary sample."""
    return build_docx(source) if source["kind"] == "docx" else build_pdf(source)


def main(argv=None) -> int:
    """Build (or with --check, verify) every binary sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a committed binary differs")
    args = parser.parse_args(argv)
    stale = []
    for path in sorted(SOURCES.glob("*.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = HERE / source["output"]
        data = build(source)
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(str(target.relative_to(HERE)))
            continue
        target.write_bytes(data)
        print(f"wrote {target.relative_to(HERE)} ({len(data)} bytes)")
    for name in stale:
        print(f"stale: {name} (run samples/build_binaries.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
