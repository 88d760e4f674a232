"""The whole path on real text: the seed article, the dev gold set, batching and odd input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tidings.evaluate import score
from tidings.examples import example_path
from tidings.ingest import iter_articles, read_jsonl_line
from tidings.models import Article, Result, to_plain

# lenient F1 on the 8 dev articles measured 0.610 on 2026-11-25 (rule coder); the floor sits a little under it
DEV_LENIENT_F1_FLOOR = 0.56


@pytest.fixture(scope="module")
def seed_article(settings) -> Article:
    items = list(iter_articles([str(example_path())], settings))
    assert len(items) == 1 and isinstance(items[0], Article)
    return items[0]


@pytest.fixture(scope="module")
def seed_result(pipeline, seed_article) -> Result:
    return pipeline.process_one(seed_article)


@pytest.fixture(scope="module")
def gold_articles(settings, seed_gold, dev_gold) -> list[Article]:
    rows = [seed_gold] + dev_gold
    return [read_jsonl_line(json.dumps(row), lineno=i, settings=settings) for i, row in enumerate(rows, 1)]


def names(refs) -> set[str]:
    return {a.name for a in refs}


def find(result: Result, etype: str, mode: str | None, actor: set[str], recipient: set[str] = frozenset()):
    return [e for e in result.events if e.event_type == etype and e.mode == mode
            and names(e.actor) == actor and names(e.recipient) == set(recipient)]


TRUMP, PUTIN, ZEL = "Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy"


# --- the seed article ---------------------------------------------------------------------------

def test_seed_is_read_with_date_and_body(seed_article, seed_gold):
    assert seed_article.doc_id == seed_gold["doc_id"]
    assert seed_article.published == dt.date(2025, 2, 13)
    assert seed_article.body_start > 0
    assert "Feb" in seed_article.text[:seed_article.body_start]


def test_seed_result_ok(seed_result, seed_article):
    assert seed_result.status == "ok", seed_result.reason
    assert seed_result.article == seed_article
    assert seed_result.events and seed_result.actors


def test_seed_phone_calls(seed_result):
    for partner in (PUTIN, ZEL):
        found = find(seed_result, "CONSULT", "phone", {TRUMP, partner})
        assert found, f"no CONSULT/phone Trump+{partner}"
        assert all(e.status == "occurred" for e in found)


def test_seed_planned_meeting_in_saudi_arabia(seed_result):
    found = [e for e in seed_result.events if e.event_type == "AGREE" and e.mode == "meet"
             and e.location is not None and e.location.country == "SAU"]
    assert found
    assert {TRUMP, PUTIN} <= names(found[0].actor) | names(found[0].recipient)
    assert found[0].status == "occurred"  # the agreement occurred; the meeting is its content


def test_seed_invitation_to_moscow(seed_result):
    found = find(seed_result, "AGREE", "meet", {PUTIN}, {TRUMP})
    moscow = [e for e in found if e.location is not None and e.location.name == "Moscow"]
    assert moscow and moscow[0].location.country == "RUS"


def test_seed_zelenskyy_refuses_to_yield(seed_result):
    assert find(seed_result, "REJECT", "yield", {ZEL})


def test_seed_single_former_president_finding(seed_result):
    assert len(seed_result.findings) == 1
    f = seed_result.findings[0]
    assert f.kind == "office-mismatch" and f.kb_id == "donald-trump"
    assert "Trump" in f.message and "former" in f.message
    assert seed_result.article.text[f.span.start:f.span.end] == f.span.text
    assert "former" in f.span.text.lower()


def test_seed_resolves_roles_on_the_article_date(seed_result):
    by_text = {a.span.text: a for a in seed_result.actors}
    assert by_text["The U.S. defense secretary"].name == "Pete Hegseth"
    assert by_text["The U.S. defense secretary"].resolved_by == "role"
    assert by_text["the special envoy for Russia and Ukraine"].name == "Keith Kellogg"


def test_seed_offsets_point_into_text(seed_result):
    text = seed_result.article.text
    for a in seed_result.actors:
        assert text[a.span.start:a.span.end] == a.span.text
    for e in seed_result.events:
        ev = e.evidence
        for span in (ev.sentence, ev.clause, ev.trigger):
            assert text[span.start:span.end] == span.text
        assert ev.sentence.start <= ev.clause.start <= ev.trigger.start
        assert ev.trigger.end <= ev.sentence.end and ev.clause.end <= ev.sentence.end
        for ref in e.actor + e.recipient:
            assert text[ref.span.start:ref.span.end] == ref.span.text
        if e.location is not None and e.location.span is not None:
            assert text[e.location.span.start:e.location.span.end] == e.location.span.text


def test_seed_no_event_from_title_or_dateline(seed_result):
    body = seed_result.article.body_start
    for e in seed_result.events:
        assert e.evidence.clause.start >= body
        assert e.evidence.trigger.start >= body


def test_seed_event_ids_unique_and_contract_shape(seed_result):
    ids = [e.event_id for e in seed_result.events]
    assert len(ids) == len(set(ids))
    for e in seed_result.events:
        c = e.to_contract()
        assert c["doc_id"] == seed_result.doc_id
        assert seed_result.article.text[c["evidence_start"]:c["evidence_end"]] == c["evidence"]


def test_seed_scores_at_least_the_issue_floor(seed_result, seed_gold):
    res = score([seed_gold], [e.to_contract() for e in seed_result.events])
    assert res["lenient"]["tp"] >= 5
    assert res["strict"]["tp"] >= 5


# --- dev gold -----------------------------------------------------------------------------------

def test_dev_gold_lenient_f1_floor(pipeline, gold_articles, dev_gold):
    system = []
    for article in gold_articles[1:]:
        result = pipeline.process_one(article)
        assert result.status == "ok", result.reason
        system.extend(e.to_contract() for e in result.events)
    res = score(dev_gold, system)
    assert res["articles"] == 8
    assert res["lenient"]["f1"] >= DEV_LENIENT_F1_FLOOR, res["lenient"]


# --- batching -----------------------------------------------------------------------------------

def signature(results: list[Result]):
    return [(r.doc_id, r.status, [(e.event_type, tuple(a.name for a in e.actor), tuple(a.name for a in e.recipient),
                                   e.evidence) for e in r.events]) for r in results]


def test_process_workers_two_matches_one(pipeline, gold_articles):
    one = list(pipeline.process(gold_articles, workers=1))
    two = list(pipeline.process(gold_articles, workers=2))
    assert [r.doc_id for r in one] == [a.doc_id for a in gold_articles]
    assert signature(two) == signature(one)
    assert sum(len(r.events) for r in one) > 0


def test_process_equals_process_one(pipeline, gold_articles):
    streamed = list(pipeline.process(gold_articles[:3]))
    single = [pipeline.process_one(a) for a in gold_articles[:3]]
    assert streamed == single


# --- odd input ----------------------------------------------------------------------------------

def _survives(result: Result) -> None:
    assert result.status in ("ok", "failed")
    if result.status == "failed":
        assert result.reason
    json.dumps(to_plain(result))


def test_empty_text(pipeline):
    r = pipeline.process_one(Article(doc_id="empty", text=""))
    _survives(r)
    assert r.events == ()


def test_title_only(pipeline):
    title = "Putin meets Trump in Riyadh"
    r = pipeline.process_one(Article(doc_id="title", text=title, title=title, body_start=len(title),
                                     published=dt.date(2025, 2, 13)))
    _survives(r)
    assert r.events == ()  # the title is not the body


def test_many_repetitions(pipeline):
    # a short sentence keeps this affordable: extraction is currently quadratic in sentences
    r = pipeline.process_one(Article(doc_id="rep", text="It rained. " * 5000, published=dt.date(2025, 3, 16)))
    _survives(r)


def test_results_are_json_serialisable(seed_result):
    plain = to_plain(seed_result)
    back = json.loads(json.dumps(plain))
    assert back["status"] == "ok"
    assert back["article"]["published"] == "2025-02-13"
    assert len(back["events"]) == len(seed_result.events)
    assert back["events"][0]["evidence"]["trigger"]["text"] == seed_result.events[0].evidence.trigger.text
