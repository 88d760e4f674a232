"""The JSON API (and the HTML pages' status codes) with FastAPI's TestClient on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import TOKEN, XSS_DOC

SEED = "seed-2025-02-13-trump-putin"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HTML = {"Accept": "text/html"}


def error_of(resp, status: int, code: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_articles_list_paging_and_search(client):
    d = client.get("/api/v1/articles").json()
    assert d["total"] >= 10 and d["offset"] == 0 and len(d["items"]) == d["total"]
    page = client.get("/api/v1/articles", params={"limit": 3, "offset": 3}).json()
    assert [a["doc_id"] for a in page["items"]] == [a["doc_id"] for a in d["items"][3:6]]
    assert page["next_offset"] == 6 and page["prev_offset"] == 0
    found = client.get("/api/v1/articles", params={"q": "face-to-face meeting"}).json()
    assert [a["doc_id"] for a in found["items"]] == [SEED]
    by_actor = client.get("/api/v1/articles", params={"actor": "vladimir-putin"}).json()
    assert SEED in {a["doc_id"] for a in by_actor["items"]} and by_actor["total"] < d["total"]
    dated = client.get("/api/v1/articles", params={"since": "2025-05", "until": "2025-06-30"}).json()
    assert dated["items"] and all("2025-05-01" <= a["published"] <= "2025-06-30" for a in dated["items"])


def test_article_has_text_actors_events_findings(client):
    d = client.get(f"/api/v1/articles/{SEED}").json()
    assert d["text"].startswith("Trump's Diplomatic Engagement") and d["published"] == "2025-02-13"
    assert any(a["id"] == "vladimir-putin" for a in d["actors"])
    summit = [e for e in d["events"] if (e["location"] or {}).get("name") == "Saudi Arabia"]
    assert summit and summit[0]["event_type"] == "AGREE" and summit[0]["mode"] == "meet"
    assert summit[0]["planned_act"] is True
    assert d["findings"] and d["findings"][0]["kind"] == "office-mismatch"
    assert any(e["findings"] for e in d["events"])  # attached to the event of the same sentence
    for e in d["events"]:
        assert d["text"][e["evidence_start"]:e["evidence_end"]] == e["evidence"]


def test_events_filters(client):
    everything = client.get("/api/v1/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) > 50
    putin = client.get("/api/v1/events", params={"actor": "Putin", "limit": 500}).json()
    assert 0 < putin["total"] < everything["total"]
    for e in putin["items"]:
        assert any("Putin" in p["name"] for p in e["actor"] + e["recipient"])
    agree = client.get("/api/v1/events", params={"type": "agree", "status": "occurred"}).json()
    assert agree["filters"] == {"type": "AGREE", "status": "occurred"}
    assert all(e["event_type"] == "AGREE" and e["status"] == "occurred" for e in agree["items"])
    sau = client.get("/api/v1/events", params={"country": "sau"}).json()
    assert sau["total"] >= 1 and all(e["location"]["country"] == "SAU" for e in sau["items"])
    place = client.get("/api/v1/events", params={"place": "saudi"}).json()
    assert {e["event_id"] for e in place["items"]} >= {e["event_id"] for e in sau["items"] if
                                                        e["location"]["name"] == "Saudi Arabia"}
    usa = client.get("/api/v1/events", params={"actor": "USA", "limit": 500}).json()
    assert all(any(p["country"] == "USA" for p in e["actor"] + e["recipient"]) for e in usa["items"])
    window = client.get("/api/v1/events", params={"since": "2025-03", "until": "2025-03"}).json()
    assert window["total"] > 0 and all(e["when"] <= "2025-03-31" for e in window["items"])


def test_event_downloads_follow_the_filter(client):
    total = client.get("/api/v1/events", params={"actor": "Putin"}).json()["total"]
    resp = client.get("/events.csv", params={"actor": "Putin"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == total and all("Putin" in r["actor_names"] + r["recipient_names"] for r in rows)
    lines = client.get("/api/v1/events", params={"actor": "Putin", "format": "jsonl"}).text.splitlines()
    assert len(lines) == total and json.loads(lines[0])["event_id"]
    assert len(client.get("/events.jsonl").text.splitlines()) == client.get("/api/v1/events").json()["total"]


def test_actor_page_data(client):
    d = client.get("/api/v1/actors/vladimir-putin").json()
    assert d["name"] == "Vladimir Putin" and d["kb"]["type"] == "person"
    titles = {o["title"] for o in d["kb"]["offices"]}
    assert "President of Russia" in titles and any(o["current"] for o in d["kb"]["offices"])
    assert d["as_actor"] > 0 and d["events"]["total"] == len(d["events"]["items"])
    assert all(e["role"] in ("actor", "recipient") for e in d["events"]["items"])
    assert "donald-trump" in {c["key"] for c in d["counterparties"]}
    assert SEED in {a["doc_id"] for a in d["articles"]["items"]}
    search = client.get("/api/v1/actors", params={"q": "putin"}).json()
    assert "vladimir-putin" in {a["key"] for a in search["items"]}
    assert error_of(client.get("/api/v1/actors/nobody-at-all"), 404, "not_found")


def test_timeline_and_network(client):
    tl = client.get("/api/v1/timeline", params={"article": SEED}).json()
    assert tl["total"] == len(tl["items"]) and any(e["planned_act"] for e in tl["items"])
    net = client.get("/api/v1/network").json()
    assert net["events"] > 0 and net["nodes"] and net["edges"]
    ids = {n["id"] for n in net["nodes"]}
    for e in net["edges"]:
        assert e["source"] in ids and e["target"] in ids and e["quad_class"] in (1, 2, 3, 4)
        assert e["count"] == sum(e["types"].values())
    pair = [e for e in net["edges"] if {e["source"], e["target"]} == {"donald-trump", "vladimir-putin"}]
    assert pair and sum(e["count"] for e in pair) >= 2
    small = client.get("/api/v1/network", params={"actor": "Putin", "max_edges": 2}).json()
    assert len(small["edges"]) <= 2


def test_pages_render(client):
    for path in ("/", "/articles", f"/articles/{SEED}", "/events", "/events?actor=Putin&type=AGREE",
                 "/actors", "/actors?q=trump", "/actors/vladimir-putin", "/actors/Ukraine", "/timeline",
                 f"/timeline?article={SEED}", "/network", "/ingest", "/api/v1/docs", "/articles?q=ceasefire"):
        resp = client.get(path, headers=HTML)
        assert resp.status_code == 200, path
        assert resp.headers["content-type"].startswith("text/html")
        assert "Content-Security-Policy" in resp.headers
        assert "https://" not in resp.text.split("<main")[0], "no CDN: everything is served locally"
    page = client.get(f"/articles/{SEED}", headers=HTML).text
    assert 'id="ev-1"' in page and "meeting planned" in page and "Saudi Arabia" in page
    missing = client.get("/articles/nope", headers=HTML)
    assert missing.status_code == 404 and "not_found" in missing.text


def test_openapi_and_error_shape(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/articles", "/api/v1/articles/{doc_id}", "/api/v1/events", "/api/v1/actors",
                 "/api/v1/timeline", "/api/v1/network"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/v1/articles"]
    error_of(client.get("/api/v1/nothing-here"), 404, "not_found")
    error_of(client.get("/api/v1/events", params={"limit": 0}), 422, "validation")
    error_of(client.get("/api/v1/events", params={"since": "someday"}), 400, "bad_request")
    error_of(client.delete("/api/v1/articles"), 405, "method_not_allowed")
    error_of(client.get("/api/v1/articles/unknown-doc"), 404, "not_found")


def test_article_text_is_escaped(client):
    page = client.get(f"/articles/{XSS_DOC}", headers=HTML).text
    body = page.split("<main", 1)[1]
    assert "<script>window" not in body and "onerror=" not in body.replace("onerror=&#34;", "")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in body
    assert "<img" not in body and "<svg onload" not in body and "<b onmouseover" not in body
    for path in ("/articles", "/events", f"/timeline?article={XSS_DOC}", "/", "/ingest"):
        html = client.get(path, headers=HTML).text
        assert "<script>window" not in html and "<img src=x" not in html, path
    data = client.get(f"/api/v1/articles/{XSS_DOC}").json()
    assert "<script>window.__xss=1</script>" in data["text"]  # stored as written; escaped when shown


# --- writes ---------------------------------------------------------------------------------------

WRITES = [
    ("post", "/api/v1/articles", {"json": {"text": "Putin met Trump."}}),
    ("post", "/api/v1/articles", {"files": {"file": ("a.txt", b"Putin met Trump.", "text/plain")}}),
    ("post", "/ingest", {"files": {"file": ("a.txt", b"Putin met Trump.", "text/plain")}}),
    ("post", "/ingest", {"data": {"text": "Putin met Trump."}}),
]


@pytest.mark.parametrize(("method", "path", "kw"), WRITES)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": "Bearer " + TOKEN[:-1]}])
def test_writes_need_the_token(client, method, path, kw, headers):
    before = client.get("/api/v1/stats").json()["stats"]["articles"]
    resp = getattr(client, method)(path, headers={**headers, "Accept": "application/json"}, **kw)
    error_of(resp, 401, "unauthorized")
    assert resp.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/stats").json()["stats"]["articles"] == before


def test_form_with_wrong_token_field_is_refused(client):
    resp = client.post("/ingest", data={"text": "Putin met Trump.", "token": "nope"}, headers=HTML)
    assert resp.status_code == 401 and "unauthorized" in resp.text


def test_writes_disabled_without_operator_token(web_db, pipeline):
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    with TestClient(create_app(web_db, token=None, token_env="TIDINGS_TEST_NO_SUCH_VAR", pipeline=pipeline)) as c:
        error_of(c.post("/api/v1/articles", json={"text": "x"}, headers={"Authorization": "Bearer "}), 403)
        error_of(c.post("/api/v1/articles", json={"text": "x"}, headers=AUTH), 403, "forbidden")


def test_ingest_json_then_duplicate(client):
    body = {"title": "Erdogan hosts talks", "published": "2025-03-01", "source": "Test wire",
            "text": "ANKARA, March 1, 2025 - Turkish President Recep Tayyip Erdogan met Ukrainian President "
                    "Volodymyr Zelenskyy in Ankara on Saturday. Erdogan offered to host peace talks."}
    resp = client.post("/api/v1/articles", json=body, headers=AUTH)
    assert resp.status_code == 201, resp.text
    d = resp.json()
    assert d["summary"]["ingested"] == 1 and d["articles"][0]["events"]
    doc_id = d["articles"][0]["doc_id"]
    stored = client.get(f"/api/v1/articles/{doc_id}").json()
    assert stored["title"] == "Erdogan hosts talks" and stored["published"] == "2025-03-01"
    assert stored["source"] == "Test wire"
    again = client.post("/api/v1/articles", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["summary"]["duplicates"] == 1


def test_ingest_upload_and_limits(client, web_db, tmp_path):
    html = (b"<html><head><title>Macron calls Starmer</title></head><body><article><h1>Macron calls Starmer</h1>"
            b"<p>PARIS, April 2, 2025 - French President Emmanuel Macron spoke with British Prime Minister "
            b"Keir Starmer by phone on Wednesday about Ukraine.</p><p>Macron met Starmer in London on Thursday.</p>"
            b"</article></body></html>")
    resp = client.post("/api/v1/articles", files={"file": ("../../etc/evil name.html", html, "text/html")},
                       data={"published": "2025-04-02"}, headers=AUTH)
    assert resp.status_code == 201, resp.text
    d = resp.json()
    assert d["articles"][0]["doc_id"] == "evil-name" and d["articles"][0]["events"]
    assert d["articles"][0]["published"] == "2025-04-02"
    assert sorted(p.name for p in web_db.data_dir.iterdir() if not p.name.startswith("web.db")) == []
    big = b"x" * (5_000_000 + 70_000)
    error_of(client.post("/api/v1/articles", files={"file": ("big.txt", big)}, headers=AUTH), 413, "too_large")
    error_of(client.post("/api/v1/articles", content=b"text", headers={**AUTH, "Content-Type": "text/plain"}),
             415, "unsupported")
    error_of(client.post("/api/v1/articles", json={"text": ""}, headers=AUTH), 422, "validation")
    error_of(client.post("/api/v1/articles", json={"text": "x", "published": "soon"}, headers=AUTH), 422)
    error_of(client.post("/api/v1/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}),
             400, "bad_request")
    error_of(client.post("/api/v1/articles", data={"title": "no text"}, headers=AUTH), 400, "bad_request")


def test_ingest_form_page(client):
    resp = client.post("/ingest", data={"token": TOKEN, "title": "Scholz visits Kyiv",
                                        "text": "German Chancellor Olaf Scholz met Volodymyr Zelenskyy in Kyiv."},
                       headers=HTML)
    assert resp.status_code == 200 and "ingested <b>1</b>" in resp.text and "Scholz visits Kyiv" in resp.text


def test_private_reads(web_db, pipeline):
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    with TestClient(create_app(web_db, token=TOKEN, private_reads=True, pipeline=pipeline)) as c:
        error_of(c.get("/api/v1/articles"), 401, "unauthorized")
        assert c.get("/api/v1/articles", headers=AUTH).status_code == 200
        resp = c.get("/events", headers=HTML, follow_redirects=False)
        assert resp.status_code == 303 and resp.headers["location"].startswith("/login")
        assert c.get("/static/style.css").status_code == 200
        assert c.post("/login", data={"token": "bad", "next": "/events"}).status_code == 401
        ok = c.post("/login", data={"token": TOKEN, "next": "https://evil.example/"}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        assert "httponly" in ok.headers["set-cookie"].lower()
        assert c.get("/events", headers=HTML).status_code == 200
