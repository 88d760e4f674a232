"""Stance storage and queries; quick-read briefs (md/html/json) for an article and a story."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import time

from tidings.analysis import list_stories
from tidings.analysis.brief import build_brief, render_brief
from tidings.analysis.stances import holder_history, stances_by_issue
from tidings.models import ActorRef, Span, Stance
from tidings.runner import IngestSummary, record
from tidings.store import Store

SEED = "seed-2025-02-13-trump-putin"


def gold_stances(result, gold: dict) -> tuple[Stance, ...]:
    """Hand-made Stance records from the seed gold ``stances`` (evidence located in the text, holder
    resolved to the article's actor mention of that name when there is one)."""
    text = result.article.text
    out = []
    for i, g in enumerate(gold["stances"]):
        start = text.index(g["evidence"])
        h = g["holder"]
        ref = next((a for a in result.actors if a.name == h["name"]), None) or ActorRef(
            h["name"], h["country"], h["sector"], "group", Span(start, start, ""))
        out.append(Stance(f"{result.doc_id}-s{i + 1}", result.doc_id, ref, g["issue"],
                          g["issue"].casefold(), g["position"], Span(start, start + len(g["evidence"]), g["evidence"])))
    return tuple(out)


def _store_with_gold_stances(tmp_path, pipeline, seed_gold, fixtures) -> Store:
    from tidings.ingest import iter_articles
    from tidings.settings import Settings

    (art,) = list(iter_articles([str(fixtures / "seed.gold.jsonl")], Settings()))
    result = pipeline.process_one(art)
    result = dataclasses.replace(result, stances=gold_stances(result, seed_gold))
    store = Store(f"sqlite:///{tmp_path / 'gold.db'}")
    summary = IngestSummary()
    record(result, store, summary)
    # a later article where the defence secretary's position on the same issue moves
    later_text = "Hegseth softens line\n\nHegseth said a return to pre-2014 borders could be discussed."
    ev = "a return to pre-2014 borders could be discussed"
    hegseth = next(s for s in result.stances if "2014" in s.issue).holder
    later = dataclasses.replace(
        result, doc_id="later-1", events=(), findings=(), actors=(),
        article=dataclasses.replace(result.article, doc_id="later-1", text=later_text, title="Hegseth softens line",
                                    published=dt.date(2025, 3, 1), body_start=22, content_hash="later-1"),
        stances=(Stance("later-1-s1", "later-1", hegseth, "return to pre-2014 borders", "return to pre-2014 borders",
                        "conditional", Span(later_text.index(ev), later_text.index(ev) + len(ev), ev), quote=False,
                        via=None),))
    record(later, store, summary)
    return store


def test_stances_stored_and_queried(tmp_path, pipeline, seed_gold, fixtures):
    with _store_with_gold_stances(tmp_path, pipeline, seed_gold, fixtures) as store:
        groups = stances_by_issue(store, issue="pre-2014")
        assert [g.issue_key for g in groups] == ["return to pre-2014 borders"]
        (h,) = groups[0].holders
        assert h.holder == "Pete Hegseth" and h.changed and h.position == "conditional"
        assert [(d.isoformat(), s.position) for d, s in h.history] == [("2025-02-13", "oppose"),
                                                                       ("2025-03-01", "conditional")]
        assert [g.issue_key for g in holder_history(store, "zelenskyy")] == [
            "sovereignty and territorial integrity of ukraine"]
        assert {h.holder for g in stances_by_issue(store, holder="UKR") for h in g.holders} == {
            "Volodymyr Zelenskyy", "Ukrainian leadership"}


def _assert_example_brief(text: str) -> None:
    low = text.lower()
    assert low.count("consult/phone") >= 2  # both calls
    assert "saudi arabia" in low and "planned" in low
    assert "moscow" in low and "invitation" in low
    assert "former president" in low  # the fact-check finding
    assert "secretary of defense" in low  # the defence secretary, with his office on the date


def _assert_stance_parts(text: str) -> None:
    low = text.lower()
    assert "zelenskyy" in low and "territorial integrity" in low  # Zelenskyy's position
    assert "pre-2014 borders" in low and "pete hegseth" in low  # the defence secretary's remark


def test_example_brief_with_gold_stances(tmp_path, pipeline, seed_gold, fixtures):
    with _store_with_gold_stances(tmp_path, pipeline, seed_gold, fixtures) as store:
        md = render_brief(store, SEED, "md")
    _assert_example_brief(md)
    _assert_stance_parts(md)


def test_example_brief_from_pipeline(corpus_db):
    """The stance parts rely on the NLP step's stance extraction (Result.stances)."""
    store, _, _ = corpus_db
    md = render_brief(store, SEED, "md")
    _assert_example_brief(md)
    _assert_stance_parts(md)
    b = build_brief(store, SEED)
    assert 3 <= len(b["summary"]) <= 5
    cites = {c["n"]: c for c in b["citations"]}
    text = store.article(SEED).article.text
    for s in b["summary"]:  # every summary sentence is an evidence span of the article, cited
        (n,) = s["citations"]
        c = cites[n]
        assert c["doc_id"] == SEED and text[c["start"]:c["end"]].strip() == s["text"]
    planned = [t for t in b["timeline"] if t["planned"]]
    assert any(t["place"] == "Saudi Arabia" for t in planned) and any(t["place"] == "Moscow" for t in planned)


def test_brief_formats_and_escaping(corpus_db):
    store, _, _ = corpus_db
    data = json.loads(render_brief(store, SEED, "json"))
    assert data["kind"] == "article" and data["summary"] and data["findings"]
    page = render_brief(store, SEED, "html")
    assert page.startswith("<!doctype html>")
    apostrophe_title = "Trump's Diplomatic Engagement"
    assert html.escape(apostrophe_title) in page and apostrophe_title not in page  # text is escaped
    assert "<script" not in page


def test_story_brief_and_timing(corpus_db):
    store, _, _ = corpus_db
    stories = list_stories(store, limit=None)
    times = []
    for s in stories:
        t0 = time.perf_counter()
        render_brief(store, str(s["id"]), "md")
        times.append(time.perf_counter() - t0)
    print(f"\nbrief generation: {len(times)} stories, mean {1000 * sum(times) / len(times):.1f} ms, "
          f"max {1000 * max(times):.1f} ms per story")
    b = build_brief(store, SEED and "story-" + SEED)
    assert b["kind"] == "story" and len(b["articles"]) >= 4
    # wire copies do not repeat: one finding listed with a citation per copy, no near-identical summary lines
    (finding,) = [f for f in b["findings"] if f["text"] == "former President"]
    assert len(finding["citations"]) >= 3
    assert len({s["text"][:60] for s in b["summary"]}) == len(b["summary"])
    assert max(times) < 2.0
