"""Against a real ``tidings serve`` (uvicorn) process on 127.0.0.1."""

from __future__ import annotations

import httpx

from .conftest import TOKEN, XSS_DOC

SEED = "seed-2025-02-13-trump-putin"


def test_reads_over_http(server):
    with httpx.Client(base_url=server, timeout=10) as http:
        d = http.get("/api/v1/events", params={"actor": "Putin", "limit": 2}).json()
        assert d["total"] > 2 and len(d["items"]) == 2 and d["next_offset"] == 2
        page = http.get(f"/articles/{SEED}", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "Saudi Arabia" in page.text
        assert "server" not in page.headers  # no server banner
        assert http.get("/static/style.css").status_code == 200
        assert http.get("/api/v1/openapi.json").json()["info"]["title"] == "Tidings"
        xss = http.get(f"/articles/{XSS_DOC}", headers={"Accept": "text/html"}).text
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in xss and "<script>window" not in xss
        missing = http.get("/api/v1/articles/none")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_writes_over_http(server):
    body = {"text": "Polish Prime Minister Donald Tusk met Volodymyr Zelenskyy in Warsaw on Monday.",
            "title": "Tusk meets Zelenskyy", "published": "2025-03-03"}
    with httpx.Client(base_url=server, timeout=60) as http:
        for headers in ({}, {"Authorization": "Bearer nope"}):
            resp = http.post("/api/v1/articles", json=body, headers=headers)
            assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"
        ok = http.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 201, ok.text
        doc_id = ok.json()["articles"][0]["doc_id"]
        assert http.get(f"/api/v1/articles/{doc_id}").json()["title"] == "Tusk meets Zelenskyy"
