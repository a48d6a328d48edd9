"""Background analysis behind a small TaskQueue interface that a real task queue can replace.

The default ThreadTaskQueue runs analyses on an in-process pool and warms the
engine (rule pack, tokenizer) when the app starts, so the first upload is as
fast as the rest. A failed analysis records why (the InputError reason, which
never quotes the document) and keeps the upload.
"""
from __future__ import annotations

import atexit
import json
import logging
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from sqlalchemy import select

from review.errors import InputError
from webapp.db import documents, now, transaction
from webapp.store import set_state

log = logging.getLogger(__name__)
# Touches every lazily loaded part of the engine: names (jieba part-of-speech), IDs, phones, addresses.
WARM_UP_LINES = ("行政处罚决定书", "当事人：张建国，男，身份证号码：110101199003074518，联系电话：13812345678。",
                 "检查人员李秀英表示将于3日内完成整改，住址上海市宝山区杨行镇某路1号。")


class TaskQueue(Protocol):
    """What the app needs from a task queue: accept a document id to analyse."""

    def submit(self, document_id: int) -> None:
        """Schedule the analysis of one stored upload."""

    def shutdown(self) -> None:
        """Stop accepting work and wait for running analyses."""


class SyncTaskQueue:
    """Runs each analysis at once, in the caller's thread (tests, scripts)."""

    def __init__(self, app):
        self.app = app

    def submit(self, document_id: int) -> None:
        """Analyse now."""
        analyse(self.app, document_id)

    def shutdown(self) -> None:
        """Nothing to stop."""


class NullTaskQueue:
    """Accepts nothing: for command-line tools that open the app without analysing (documents stay queued)."""

    def submit(self, document_id: int) -> None:
        """Leave the document queued for the next server start."""

    def shutdown(self) -> None:
        """Nothing to stop."""


class ThreadTaskQueue:
    """An in-process pool of analysis threads; analyses wait for the warm-up instead of repeating it."""

    def __init__(self, app, threads: int = 2):
        self.app = app
        self.ready = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="review-analysis")
        self.pool.submit(self._warm_up)

    def _warm_up(self) -> None:
        """Warm the engine, then let analyses run."""
        try:
            warm_up()
        finally:
            self.ready.set()

    def _analyse(self, document_id: int) -> None:
        """One analysis, after the warm-up."""
        self.ready.wait(timeout=120)
        analyse(self.app, document_id)

    def submit(self, document_id: int) -> None:
        """Queue an analysis."""
        self.pool.submit(self._analyse, document_id)

    def shutdown(self) -> None:
        """Wait for running analyses, drop the queued ones (they are requeued at next start)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def warm_up() -> None:
    """Load the rule pack, tokenizers and the .docx reader once so the first real upload does not pay for it."""
    from docx import Document

    from review import review_file

    try:
        with tempfile.TemporaryDirectory() as tmp:
            draft = Document()
            for line in WARM_UP_LINES:
                draft.add_paragraph(line)
            draft.save(Path(tmp) / "warm-up.docx")
            review_file(Path(tmp) / "warm-up.docx")
    except Exception as exc:  # a broken engine shows up on the first real analysis with its reason
        log.warning("engine warm-up failed (%s)", type(exc).__name__)


def analyse(app, document_id: int) -> None:
    """Analyse one stored upload and save the report, or record why it failed."""
    with app.app_context():
        engine = app.extensions["review_db"]
        with engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if row is None:
            return
        with transaction(engine) as conn:
            set_state(conn, document_id, status="analysing", stage="analysing", error=None)
        try:
            values = _run(app, row)
        except InputError as exc:
            values = dict(status="failed", stage="failed", error=exc.reason)
        except Exception as exc:  # the message may quote content: keep only the kind
            log.error("analysis of document %s failed (%s)", document_id, type(exc).__name__)
            values = dict(status="failed", stage="failed", error=f"internal error ({type(exc).__name__})")
        with transaction(engine) as conn:
            set_state(conn, document_id, **values)


def _run(app, row) -> dict:
    """The engine's report for a stored upload, as the columns to save."""
    from review import review_file

    started = time.perf_counter()
    path = Path(app.config["DATA_DIR"]) / "uploads" / row.stored_name
    report = review_file(path, app.extensions["review_config"])
    report = replace(report, file=row.display_name)
    segments = [{"text": s.text, "offset": s.offset, "location": s.location.to_dict()}
                for s in report.document.segments]
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    return dict(status="to_review", stage="done", error=None, engine_mode=report.recommendation.mode,
                report_json=json.dumps(report.to_dict(), ensure_ascii=False),
                segments_json=json.dumps(segments, ensure_ascii=False), counts_json=json.dumps(counts),
                analysis_ms=round((time.perf_counter() - started) * 1000, 1), analysed=now())


def requeue_unfinished(app, queue) -> None:
    """Documents left queued or analysing by a previous run are analysed again."""
    engine = app.extensions["review_db"]
    with engine.connect() as conn:
        ids = [r.id for r in conn.execute(select(documents.c.id)
                                          .where(documents.c.status.in_(("queued", "analysing"))))]
    for doc_id in ids:
        queue.submit(doc_id)


def init_app(app) -> None:
    """Start the configured queue and pick up unfinished work."""
    if app.config["WORKER"] == "none":
        app.extensions["review_tasks"] = NullTaskQueue()
        return
    if app.config["WORKER"] == "sync":
        queue = SyncTaskQueue(app)
    else:
        queue = ThreadTaskQueue(app, app.config["WORKER_THREADS"])
        atexit.register(queue.shutdown)
    app.extensions["review_tasks"] = queue
    requeue_unfinished(app, queue)
