"""The benchmark: one run, one corpus, every figure issue 8 asks for.

    .venv/bin/python -m bench.run [--quick] [--out bench/out]

Prints a Markdown table and writes bench/out/results.json. Medians of
several repetitions; everything runs on one core (single process, no threads).
Throughput is chars per CPU second of this process (time.process_time): on a
shared machine wall time also counts the other processes' turns. Cold start
and the web app are wall-clock figures (CPU seconds are given beside them).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus, paragraphs, write_docx, write_pdf

ROOT = Path(__file__).resolve().parent.parent


def best_of(func, repeat: int = 3, clock=time.process_time) -> float:
    """Median time (CPU seconds by default) of `repeat` calls of func()."""
    times = []
    for _ in range(repeat):
        start = clock()
        func()
        times.append(clock() - start)
    return statistics.median(times)


class NameTimer:
    """Adds up the CPU time spent in the Chinese name recognizer (the `names` figure inside recognize)."""

    def __enter__(self):
        from review.names import ChineseNameRecognizer

        self.cls, self.original, self.seconds = ChineseNameRecognizer, ChineseNameRecognizer.analyze, 0.0

        def timed(recognizer, *args, **kwargs):
            start = time.process_time()
            try:
                return self.original(recognizer, *args, **kwargs)
            finally:
                self.seconds += time.process_time() - start

        self.cls.analyze = timed
        return self

    def __exit__(self, *exc):
        self.cls.analyze = self.original


def stage_throughput(text: str) -> dict:
    """chars/s of review_text for the whole analysis and for each pipeline stage."""
    from review import text_document
    from review.config import Config
    from review.pipeline import STAGES
    from review.recommend import recommend

    config = Config()
    text_document(text[:2000])  # warm caches (rule pack, engines, jieba)
    from review import review_text
    review_text(text[:5000])
    from review import gcpause

    timings = {"segmentation": 0.0}
    start = time.process_time()
    document = text_document(text)
    timings["segmentation"] = time.process_time() - start
    findings: list = []
    with gcpause.paused(), NameTimer() as names:  # as pipeline.analyse runs the stages
        for name, stage in STAGES:
            start = time.process_time()
            findings = stage(document, findings, config)
            timings[name] = time.process_time() - start
    start = time.process_time()
    recommend(document, tuple(findings), config)
    timings["recommendation"] = time.process_time() - start
    total = sum(timings.values())
    out = {name: len(text) / t if t > 0 else float("inf") for name, t in timings.items()}
    out["of which names (in recognize)"] = len(text) / names.seconds if names.seconds else float("inf")
    out["full"] = len(text) / total
    out["findings"] = len(findings)
    return out


def review_text_rate(text: str, repeat: int = 3) -> float:
    """chars/s of review.review_text on `text` (median of repeats)."""
    from review import review_text

    return len(text) / best_of(lambda: review_text(text), repeat)


def stock_rates(text_paragraphs: list[str], whole: str) -> dict:
    """chars/s of stock presidio-zh paragraph by paragraph, and on one long text."""
    from bench.stock_presidio import build_stock_analyzer

    analyzer = build_stock_analyzer()
    analyzer.analyze(text_paragraphs[0], language="zh")
    chars = sum(len(p) for p in text_paragraphs)
    per_para = chars / best_of(lambda: [analyzer.analyze(p, language="zh") for p in text_paragraphs], 1)
    one_call = len(whole) / best_of(lambda: analyzer.analyze(whole, language="zh"), 1)
    return {"per_paragraph": per_para, "one_call": one_call, "one_call_chars": len(whole)}


def floor_rate(text: str) -> float:
    """chars/s of the combined ten-pattern regex pass."""
    from bench.stock_presidio import regex_floor

    scan = regex_floor()
    return len(text) / best_of(lambda: scan(text), 5)


def cold_start(tmp: Path) -> tuple[float, float]:
    """Median (wall seconds, CPU seconds) of `review check` on a two-page draft in a fresh process."""
    import resource

    draft = tmp / "two-pages.txt"
    draft.write_text(corpus(2400, seed=3), encoding="utf-8")
    exe = [str(ROOT / ".venv" / "bin" / "review")] if (ROOT / ".venv/bin/review").exists() else \
        [sys.executable, "-m", "review.cli"]
    walls, cpus = [], []
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*exe, "check", str(draft)], capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def peak_memory_mb(chars: int) -> float:
    """Peak resident memory (MB) of a fresh process reviewing `chars` characters."""
    code = ("import resource,sys; from bench.corpus import corpus; from review import review_text; "
            f"t=corpus({chars}); review_text(t); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def loading_rates(tmp: Path) -> dict:
    """chars/s of review.load on a 20-page .docx and a 20-page .pdf."""
    from review import load

    out = {}
    for fmt, writer in (("docx", write_docx), ("pdf", write_pdf)):
        path = writer(tmp / f"twenty-pages.{fmt}")
        document = load(path)
        out[fmt] = document.chars / best_of(lambda p=path: load(p), 3)
        out[f"{fmt}_chars"] = document.chars
    return out


def webapp_latency(tmp: Path) -> float | None:
    """Seconds from uploading a 20-page .docx to its findings being available (None if no web app)."""
    try:
        from bench.webapp_latency import upload_to_findings
    except ImportError:
        return None
    return upload_to_findings(write_docx(tmp / "upload-20-pages.docx"), tmp)


def scaling(sizes) -> dict:
    """chars/s of review_text at each size (one run each above 1M characters)."""
    return {size: review_text_rate(corpus(size), 1 if size >= 1_000_000 else 3) for size in sizes}


def run(quick: bool) -> dict:
    """Every figure, in one dictionary."""
    sizes = (2_000, 20_000, 100_000, 1_000_000) if quick else (2_000, 20_000, 100_000, 1_000_000, 10_000_000)
    text = corpus(1_000_000)
    sample = paragraphs(200_000)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        results = {
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "load_average_at_start": os.getloadavg(),
            "stages": stage_throughput(text),
            "stock": stock_rates(sample, corpus(160_000)),
            "floor": floor_rate(text),
            "scaling": scaling(sizes),
            "cold_start_s": cold_start(tmp),
            "peak_memory_mb": peak_memory_mb(1_000_000 if quick else 10_000_000),
            "peak_memory_chars": 1_000_000 if quick else 10_000_000,
            "loading": loading_rates(tmp),
            "webapp_upload_s": webapp_latency(tmp),
        }
    ours_para = review_text_rate("\n".join(sample), 3)
    results["ours_on_stock_sample"] = ours_para
    results["ratio_vs_stock"] = ours_para / results["stock"]["per_paragraph"]
    results["ratio_vs_floor"] = results["stages"]["full"] / results["floor"]
    return results


def fmt_rate(value: float) -> str:
    """A chars/s figure in K or M."""
    return f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.0f}K"


def markdown(r: dict) -> str:
    """The results as the Markdown table published in bench/README.md."""
    s, st = r["stages"], r["stock"]
    rows = [("review_text, full analysis (1M-char corpus)", fmt_rate(s["full"]) + " chars/s")]
    rows += [(f"  stage: {name}", fmt_rate(s[name]) + " chars/s") for name in s if name not in ("full", "findings")]
    rows += [("  findings on the 1M-char corpus", f"{s['findings']:,}")]
    rows += [
        ("stock presidio-zh, paragraph by paragraph", fmt_rate(st["per_paragraph"]) + " chars/s"),
        (f"stock presidio-zh, one call on {st['one_call_chars'] // 1000}K chars", fmt_rate(st["one_call"]) + " chars/s"),
        ("review_text on the same paragraphs", fmt_rate(r["ours_on_stock_sample"]) + " chars/s"),
        ("ratio: ours / stock presidio per paragraph", f"{r['ratio_vs_stock']:.1f}x"),
        ("regex floor (one combined pass, 10 patterns)", fmt_rate(r["floor"]) + " chars/s"),
        ("ratio: ours / regex floor", f"{r['ratio_vs_floor']:.2f}"),
    ]
    rows += [(f"scaling: {size:,} chars", fmt_rate(rate) + " chars/s") for size, rate in r["scaling"].items()]
    rows += [
        ("cold `review check`, two-page draft (median of 5)",
         f"{r['cold_start_s'][0]:.2f} s wall ({r['cold_start_s'][1]:.2f} s CPU)"),
        (f"peak memory, {r['peak_memory_chars']:,}-char input", f"{r['peak_memory_mb']:.0f} MB"),
        (f"load .docx (20 pages, {r['loading']['docx_chars']:,} chars)", fmt_rate(r["loading"]["docx"]) + " chars/s"),
        (f"load .pdf (20 pages, {r['loading']['pdf_chars']:,} chars)", fmt_rate(r["loading"]["pdf"]) + " chars/s"),
        ("web app: upload 20-page .docx to findings", "n/a" if r["webapp_upload_s"] is None
         else f"{r['webapp_upload_s']:.2f} s"),
    ]
    load = ", ".join(f"{x:.1f}" for x in r.get("load_average_at_start", ()))
    lines = [f"Machine: {r['machine']} (load average at start: {load})", "",
             "| measure | result |", "| --- | --- |"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 10M-character run")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"), help="directory for results.json")
    args = parser.parse_args(argv)
    results = run(args.quick)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
