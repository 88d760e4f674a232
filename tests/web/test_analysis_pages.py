"""Stories, planned events, stances and briefs: the pages and their JSON twins (TestClient)."""

from __future__ import annotations

import re

from .conftest import XSS_DOC
from .test_api import HTML, SEED, error_of

PLANNED_STATUSES = {"pending", "held", "postponed", "cancelled", "disputed"}


def _seed_story(client) -> dict:
    story = client.get(f"/api/v1/articles/{SEED}").json()["story"]
    assert story and story["relation"] in ("first", "near-duplicate", "follow-up")
    return story


def _html(client, path: str) -> str:
    resp = client.get(path, headers=HTML)
    assert resp.status_code == 200, (path, resp.text[:500])
    assert resp.headers["content-type"].startswith("text/html") and "Content-Security-Policy" in resp.headers
    assert "https://" not in resp.text.split("<main")[0]
    return resp.text


def test_stances_json_and_page(client):
    d = client.get("/api/v1/stances").json()
    assert d["total"] >= 5 and d["items"] and d["filters"] == {"issue": None, "holder": None}
    text = client.get(f"/api/v1/articles/{SEED}").json()["text"]
    borders = client.get("/api/v1/stances", params={"issue": "pre-2014"}).json()
    assert borders["total"] == 1
    group = borders["items"][0]
    assert group["issue"] == "returning to pre-2014 borders"
    (hegseth,) = group["holders"]
    assert hegseth["holder_id"] == "pete-hegseth" and hegseth["position"] == "oppose" and not hegseth["changed"]
    (h,) = hegseth["history"]
    assert h["doc_id"] == SEED and h["date"] == "2025-02-13" and text[h["start"]:h["end"]] == h["evidence"]
    by_holder = client.get("/api/v1/stances", params={"holder": "zelenskyy"}).json()
    assert by_holder["items"] and all(hp["holder_id"] == "volodymyr-zelenskyy"
                                      for g in by_holder["items"] for hp in g["holders"])
    paged = client.get("/api/v1/stances", params={"limit": 2, "offset": 1}).json()
    assert [g["issue_key"] for g in paged["items"]] == [g["issue_key"] for g in d["items"][1:3]]
    page = _html(client, "/stances?issue=pre-2014")
    assert "returning to pre-2014 borders" in page and "Pete Hegseth" in page
    assert f'/articles/{SEED}?mark={h["start"]}-{h["end"]}#cited' in page
    assert "No stances match" in _html(client, "/stances?holder=nobody-holds-this")
    error_of(client.get("/api/v1/stances", params={"limit": 0}), 422, "validation")


def test_article_and_actor_show_stances(client):
    art = client.get(f"/api/v1/articles/{SEED}").json()
    mine = {(s["holder_id"], s["issue"]) for s in art["stances"]}
    assert ("pete-hegseth", "returning to pre-2014 borders") in mine
    for s in art["stances"]:
        assert s["doc_id"] == SEED and art["text"][s["start"]:s["end"]] == s["evidence"]
    page = _html(client, f"/articles/{SEED}")
    assert f'href="/articles/{SEED}/brief"' in page and 'id="stances"' in page and "pre-2014 borders" in page
    s = next(s for s in art["stances"] if s["holder_id"] == "pete-hegseth")
    marked = _html(client, f"/articles/{SEED}?mark={s['start']}-{s['end']}")
    cited = re.search(r'<mark class="cited" id="cited">(.*?)</mark>', marked)
    assert cited and "returning to" in cited.group(1)
    assert 'id="cited"' not in _html(client, f"/articles/{SEED}?mark=junk")  # unreadable: ignored
    putin = client.get("/api/v1/actors/vladimir-putin").json()["stances"]
    assert putin and all(h["holder_id"] == "vladimir-putin" for g in putin for h in g["holders"])
    assert any(g["issue"] == "closer cooperation between the two nations" for g in putin)
    actor_page = _html(client, "/actors/pete-hegseth")
    assert 'id="stances"' in actor_page and "returning to pre-2014 borders" in actor_page
    assert client.get("/api/v1/actors/Ukraine").json()["stances"] is not None


def test_stories_list_and_detail(client):
    d = client.get("/api/v1/stories").json()
    assert d["total"] == len(d["items"]) >= 5
    for s in d["items"]:
        assert {"id", "story_key", "title", "first_published", "last_published", "n_articles", "actors"} <= set(s)
    assert [s["last_published"] or "" for s in d["items"]] == sorted((s["last_published"] or "" for s in d["items"]),
                                                                    reverse=True)
    ref = _seed_story(client)
    story = client.get(f"/api/v1/stories/{ref['id']}").json()
    assert story["id"] == ref["id"] and SEED in {a["doc_id"] for a in story["articles"]}
    assert story["first_published"] <= "2025-02-13" <= story["last_published"]
    assert "Vladimir Putin" in story["actors"]
    summit = [e for e in story["events"] if e["location_name"] == "Saudi Arabia" and e["event_type"] == "AGREE"]
    assert summit and summit[0]["n_sources"] >= 1 and summit[0]["n_mentions"] == len(summit[0]["mentions"])
    assert summit[0]["planned"] and summit[0]["planned_status"] in PLANNED_STATUSES
    assert client.get(f"/api/v1/stories/{story['story_key']}").json()["id"] == story["id"]
    assert client.get("/api/v1/stories", params={"q": story["title"][:12]}).json()["total"] >= 1
    page = _html(client, f"/stories/{story['id']}")
    assert "Saudi Arabia" in page and f'href="/stories/{story["id"]}/brief"' in page and "Merged events" in page
    assert story["title"].split(":")[0].replace("'", "&#39;") in _html(client, "/stories")
    error_of(client.get("/api/v1/stories/999999"), 404, "not_found")
    error_of(client.get("/api/v1/stories/no-such-story"), 404, "not_found")
    missing = client.get("/stories/999999", headers=HTML)
    assert missing.status_code == 404 and "not_found" in missing.text


def test_planned_events(client):
    d = client.get("/api/v1/planned").json()
    assert d["total"] == len(d["items"]) == sum(d["counts"].values()) >= 1
    assert set(d["counts"]) == PLANNED_STATUSES
    for ev in d["items"]:
        assert ev["planned_status"] in PLANNED_STATUSES and ev["mentions"]
        for link in ev["links"]:
            assert {"status", "doc_id", "start", "end", "text"} <= set(link)
    summit = [e for e in d["items"] if e["location_name"] == "Saudi Arabia"]
    assert summit and {p["id"] for p in summit[0]["participants"]} >= {"donald-trump", "vladimir-putin"}
    pending = client.get("/api/v1/planned", params={"status": "pending"}).json()
    assert pending["total"] == d["counts"]["pending"]
    assert all(e["planned_status"] == "pending" for e in pending["items"])
    error_of(client.get("/api/v1/planned", params={"status": "someday"}), 400, "bad_request")
    page = _html(client, "/planned")
    assert "Saudi Arabia" in page and "ps-pending" in page and "?mark=" in page
    assert _html(client, "/planned?status=held")


def test_briefs(client):
    b = client.get(f"/api/v1/briefs/{SEED}").json()
    assert b["kind"] == "article" and b["ref"] == SEED and 3 <= len(b["summary"]) <= 5
    assert any(t["place"] == "Saudi Arabia" and t["planned"] for t in b["timeline"])
    assert any(f["text"] == "former President" for f in b["findings"])
    assert {c["n"] for c in b["citations"]} == set(range(1, len(b["citations"]) + 1))
    story_id = _seed_story(client)["id"]
    sb = client.get(f"/api/v1/briefs/{story_id}").json()
    assert sb["kind"] == "story" and sb["story_id"] == story_id and SEED in {a["doc_id"] for a in sb["articles"]}
    page = _html(client, f"/articles/{SEED}/brief")
    for want in ("Saudi Arabia", "Moscow", "pre-2014 borders", "former President", 'id="c1"', "?mark="):
        assert want in page, want
    spage = _html(client, f"/stories/{story_id}/brief")
    assert "Brief of story" in spage and "Saudi Arabia" in spage
    error_of(client.get("/api/v1/briefs/no-such-thing"), 404, "not_found")
    for path in ("/articles/no-such-doc/brief", "/stories/999999/brief"):
        resp = client.get(path, headers=HTML)
        assert resp.status_code == 404 and "not_found" in resp.text, path
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/stances", "/api/v1/stories", "/api/v1/stories/{ref}", "/api/v1/planned",
                 "/api/v1/briefs/{ref}"):
        assert path in spec["paths"], path


def test_analysis_pages_escape_script(client):
    from tidings.analysis.brief import render_brief

    b = client.get(f"/api/v1/briefs/{XSS_DOC}").json()
    assert "<script>window.__xss=1</script>" in b["title"]  # stored as written; escaped when shown
    story_id = client.get(f"/api/v1/articles/{XSS_DOC}").json()["story"]["id"]
    for path in (f"/articles/{XSS_DOC}/brief", f"/stories/{story_id}/brief", f"/stories/{story_id}", "/stories",
                 "/planned", "/stances", f"/articles/{XSS_DOC}?mark=0-40"):
        body = _html(client, path).split("<main", 1)[1]
        assert "<script>window" not in body and "<img src=x" not in body and "<svg onload" not in body, path
    brief_page = _html(client, f"/articles/{XSS_DOC}/brief")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in brief_page
    # the analysis layer's own HTML renderer escapes too
    store = client.app.state.store
    rendered = render_brief(store, XSS_DOC, "html")
    assert "<script>window" not in rendered and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in rendered
