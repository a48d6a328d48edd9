"""Background analysis: the thread pool analyses uploads; work left queued is picked up at the next start."""
from __future__ import annotations

import time

from sqlalchemy import select

from webapp import create_app
from webapp.db import documents, transaction
from webapp.store import create_document

from .conftest import TEST_CONFIG


def wait_for(predicate, seconds: float = 60.0) -> bool:
    """Poll until predicate() is true or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def status(app, doc_id: int) -> str:
    """A document's status, read straight from the database."""
    with app.extensions["review_db"].connect() as conn:
        return conn.execute(select(documents.c.status).where(documents.c.id == doc_id)).scalar_one()


def test_thread_pool_analyses_in_the_background(app, auth):
    threaded = create_app({**TEST_CONFIG, "DATA_DIR": app.config["DATA_DIR"], "WORKER": "thread"})
    auth._client = threaded.test_client()
    auth.login("alice")
    doc = auth.upload("后台.txt", "联系电话13812345678".encode()).get_json()["documents"][0]
    try:
        assert wait_for(lambda: status(threaded, doc["id"]) == "to_review")
    finally:
        threaded.extensions["review_tasks"].shutdown()


def test_work_left_queued_is_analysed_at_the_next_start(app):
    upload = app.config["DATA_DIR"] + "/uploads/left.txt"
    with open(upload, "w", encoding="utf-8") as handle:
        handle.write("联系电话13812345678\n")
    with transaction(app.extensions["review_db"]) as conn:
        doc_id = create_document(conn, 1, "left.txt", "left.txt", "txt", 30, "0" * 64)
    restarted = create_app({**TEST_CONFIG, "DATA_DIR": app.config["DATA_DIR"]})
    assert status(restarted, doc_id) == "to_review"
