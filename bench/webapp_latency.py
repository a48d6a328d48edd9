"""Web app latency: upload of a 20-page .docx to findings shown (status done + document page rendered).

Run: .venv/bin/python bench/webapp_latency.py [--runs 5]
Uses the real app with its background worker (engine warmed at start), through Flask's test client.
"""
from __future__ import annotations

import argparse
import io
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from docx import Document


def twenty_pages() -> bytes:
    """A ~20-page inspection report with a name and a phone in every paragraph."""
    rng = random.Random(1)
    doc = Document()
    for page in range(20):
        doc.add_heading(f"第{page + 1}部分 检查情况", level=2)
        for i in range(14):
            doc.add_paragraph(f"经现场检查，该单位废水处理设施运行正常，在线监测数据符合排放标准，检查人员张建国联系电话"
                              f"1381234{rng.randint(1000, 9999)}，现场负责人李秀英表示将于{i + 1}日内完成整改。")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _logged_in_client(app):
    """A test client logged in as a reviewer created through the accounts API, and its CSRF token."""
    from webapp.accounts import add_user

    add_user(app.extensions["review_db"], "bench", "reviewer", "bench password")
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/auth/login").get_data(as_text=True))[1]
    client.post("/auth/login", data={"username": "bench", "password": "bench password", "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))[1]
    return client, token


def _one_upload(client, token, data: bytes, name: str) -> float:
    """Seconds from POSTing one file to its document page (with the findings) rendered."""
    started = time.perf_counter()
    answer = client.post("/documents/upload", data={"files": (io.BytesIO(data), name)},
                         headers={"Accept": "application/json", "X-CSRFToken": token},
                         content_type="multipart/form-data").get_json()
    doc = answer["documents"][0]
    while client.get(doc["status_url"]).get_json()["status"] in ("queued", "analysing"):
        time.sleep(0.02)
    page = client.get(doc["url"])
    elapsed = time.perf_counter() - started
    if page.status_code != 200 or "doc-text" not in page.get_data(as_text=True):
        raise RuntimeError(f"the document page did not render (HTTP {page.status_code})")
    return elapsed


def upload_to_findings(docx_path, tmp, runs: int = 3) -> float | None:
    """Median seconds from uploading `docx_path` to its findings shown, in the real app (None if absent).

    The app is built by its factory over a fresh data directory under `tmp`, with its background
    worker (warmed at start, as a served app is); each run uploads the file under a new name.
    """
    try:
        from webapp import create_app
    except ImportError:
        return None
    data = Path(docx_path).read_bytes()
    app = create_app({"DATA_DIR": str(Path(tmp) / "webapp-data")})
    try:
        app.extensions["review_tasks"].ready.wait(120)
        client, token = _logged_in_client(app)
        return statistics.median(_one_upload(client, token, data, f"bench-{i}.docx") for i in range(runs))
    finally:
        app.extensions["review_tasks"].shutdown()


def main() -> None:
    """Print per-run and median latency in milliseconds."""
    from webapp import create_app
    from webapp.accounts import add_user

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp})
        add_user(app.extensions["review_db"], "bench", "reviewer", "bench password")
        app.extensions["review_tasks"].ready.wait(120)
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/auth/login").get_data(as_text=True))[1]
        client.post("/auth/login", data={"username": "bench", "password": "bench password", "csrf_token": token})
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))[1]
        data, times, renders = twenty_pages(), [], []
        for run in range(args.runs):
            started = time.perf_counter()
            answer = client.post("/documents/upload", data={"files": (io.BytesIO(data), f"r{run}.docx")},
                                 headers={"Accept": "application/json", "X-CSRFToken": token},
                                 content_type="multipart/form-data").get_json()
            doc = answer["documents"][0]
            while client.get(doc["status_url"]).get_json()["status"] in ("queued", "analysing"):
                time.sleep(0.05)
            analysed = time.perf_counter()
            page = client.get(doc["url"])
            times.append((time.perf_counter() - started) * 1000)
            renders.append((time.perf_counter() - analysed) * 1000)
            assert page.status_code == 200 and "doc-text" in page.get_data(as_text=True)
        print(f"upload -> findings shown, 20-page .docx ({len(data) // 1024} KB): "
              f"runs {[round(t) for t in times]} ms, median {statistics.median(times):.0f} ms "
              f"(of which the document page: median {statistics.median(renders):.0f} ms)")
        app.extensions["review_tasks"].shutdown()


if __name__ == "__main__":
    main()
