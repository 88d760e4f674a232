"""Fixtures for the web app tests: one SQLite file filled once (the example article, the dev set
and a hostile article), an in-process TestClient, and a real uvicorn process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

TOKEN = "test-token-5f0c"
XSS_TEXT = ("<script>window.__xss=1</script> Putin & Trump <img src=x onerror=\"window.__xss=2\">\n\n"
            "MOSCOW, Feb 14, 2025 - Vladimir Putin met Donald Trump in Moscow on Friday. "
            "<script>window.__xss=3</script> The Kremlin said \"><svg onload=window.__xss=4> was nonsense. "
            "Protesters <b onmouseover=window.__xss=5>rallied</b> in Kyiv against the talks.\n")
XSS_DOC = "xss-attack"

with warnings.catch_warnings():  # starlette suggests httpx2; httpx works (imported once, here)
    warnings.simplefilter("ignore")
    import fastapi.testclient  # noqa: F401


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory):
    from tidings.settings import load_settings

    data_dir = tmp_path_factory.mktemp("web-data")
    return load_settings(env={}, data_dir=data_dir, db_url=f"sqlite:///{data_dir / 'web.db'}")


@pytest.fixture(scope="session")
def web_db(web_settings, pipeline, fixtures):
    """The example article, the 8 dev articles and an article full of script payloads, stored."""
    import dataclasses
    import datetime as dt

    from tidings.examples import example_path
    from tidings.ingest import read_text
    from tidings.runner import IngestSummary, ingest, record
    from tidings.store import Store

    with Store(web_settings) as store:
        summary = ingest([str(example_path()), str(fixtures / "articles.gold.jsonl")], web_settings, store,
                         pipeline)
        assert summary.ingested == 9, summary.as_dict()
        art = read_text(XSS_TEXT, doc_id=XSS_DOC)
        art = dataclasses.replace(art, published=dt.date(2025, 2, 14), published_source="override")
        record(pipeline.process_one(art), store, IngestSummary())
    return web_settings


@pytest.fixture(scope="module")
def client(web_db, pipeline):
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    with TestClient(create_app(web_db, token=TOKEN, pipeline=pipeline)) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(web_db, tmp_path_factory):
    """``tidings serve`` in a subprocess on a free port; yields its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "TIDINGS_API_TOKEN": TOKEN, "TIDINGS_DATA_DIR": str(web_db.data_dir)}
    env.pop("TIDINGS_PRIVATE_READS", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "tidings.cli", "--db", web_db.database_url, "serve",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                env=env, stdout=out, stderr=subprocess.STDOUT,
                                cwd=Path(__file__).resolve().parents[2])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"tidings serve exited ({proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("tidings serve did not start within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert TOKEN not in log.read_text(errors="replace"), "the token must never be logged"
