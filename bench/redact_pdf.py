"""PDF redaction cost: load, fake-redaction audit, and redact + residue check, for N-page PDFs.

Run: .venv/bin/python -m bench.redact_pdf [PAGES ...]   (default 10 50)
Each page: 40 Helvetica lines with a mobile number each, and one black box over text.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def build(path: Path, pages: int) -> Path:
    """The benchmark PDF."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for p in range(pages):
        c.setFont("Helvetica", 10)
        for i in range(40):
            c.drawString(50, 800 - 18 * i, f"Line {i} of page {p}: contact 138{p:04d}{i:04d} about case {p * 40 + i}")
        c.setFillGray(0)
        c.rect(200, 780, 60, 12, fill=1, stroke=0)
        c.showPage()
    c.save()
    return path


def timed(func):
    """(result, seconds) of one call."""
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def run(pages: int, folder: Path) -> str:
    """One Markdown table row for an N-page PDF."""
    from review import load, review_file
    from review.config import Config
    from review.pdfaudit import audit
    from review.redact import redact_report

    path = build(folder / f"bench-{pages}.pdf", pages)
    document, t_load = timed(lambda: load(path))
    findings, t_audit = timed(lambda: audit(document, Config()))
    report = review_file(path)
    result, t_redact = timed(lambda: redact_report(report, folder / f"out-{pages}.pdf"))
    return (f"| {pages} | {t_load:.2f} s | {t_audit:.2f} s | {t_redact:.2f} s | {result.redacted} | "
            f"{len(result.rasterised_pages)} |")


def main(argv=None) -> int:
    """Print the table."""
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [10, 50]
    print("| pages | load | PDF audit | redact + residue check | boxes | rasterised pages |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for pages in sizes:
            print(run(pages, Path(folder)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
