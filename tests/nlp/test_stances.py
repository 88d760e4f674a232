"""Stance extraction on the example article and scoring against the gold stances."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.evaluate import score_stances
from tidings.examples import example_path
from tidings.ingest import iter_articles, read_jsonl_line
from tidings.models import Article, to_plain


@pytest.fixture(scope="module")
def seed_result(pipeline, settings):
    article = next(a for a in iter_articles([str(example_path())], settings) if isinstance(a, Article))
    return pipeline.process_one(article)


def by_holder(result):
    return {(s.holder.name, s.position): s for s in result.stances}


def test_seed_stances(seed_result):
    found = by_holder(seed_result)
    zel = found[("Volodymyr Zelenskyy", "support")]
    assert "territorial integrity" in zel.issue and "Ukraine" in zel.issue
    heg = found[("Pete Hegseth", "oppose")]
    assert "pre-2014 borders" in heg.issue
    assert found[("Vladimir Putin", "support")].issue.startswith("closer cooperation")
    assert ("Ukrainian leadership", "oppose") in found
    assert ("Donald Trump", "support") in found
    text = seed_result.article.text
    for s in seed_result.stances:
        assert text[s.evidence.start:s.evidence.end] == s.evidence.text
        assert s.issue_key and s.stance_id.startswith("st-")
    to_plain(seed_result.stances)  # serialisable


def test_seed_stances_score_against_gold(seed_result, seed_gold):
    rows = [s.to_contract() for s in seed_result.stances]
    for r in rows:
        r["doc_id"] = seed_gold["doc_id"]
    res = score_stances([seed_gold], rows)
    assert res["lenient"]["recall"] >= 0.8 and res["lenient"]["precision"] >= 0.8


def test_dev_stance_floor(pipeline, fixtures, dev_gold):
    """A regression floor a little under the measured dev figure (lenient F1 0.36 on 2026-11-25)."""
    rows = []
    for i, line in enumerate((fixtures / "articles.gold.jsonl").read_text(encoding="utf-8").splitlines()):
        result = pipeline.process_one(read_jsonl_line(line, lineno=i + 1))
        rows.extend(s.to_contract() for s in result.stances)
    assert score_stances(dev_gold, rows)["lenient"]["f1"] >= 0.3


def test_reported_through_spokesperson(pipeline):
    art = Article(doc_id="x", text="Putin, through his spokesperson, expressed a desire for closer cooperation "
                  "with the United States.", published=dt.date(2025, 2, 13))
    (st,) = pipeline.process_one(art).stances
    assert st.holder.name == "Vladimir Putin" and st.position == "support"
    assert st.via == "his spokesperson"


def test_stance_scoring_rules():
    gold = [{"doc_id": "d", "stances": [
        {"holder": {"name": "Pete Hegseth", "country": "USA"}, "issue": "return to pre-2014 borders",
         "position": "oppose"}]}]
    good = {"doc_id": "d", "holder": {"name": "Pete Hegseth", "country": "USA"},
            "issue": "returning to pre-2014 borders", "position": "oppose"}
    assert score_stances(gold, [good])["strict"]["f1"] == 1.0
    wrong_position = {**good, "position": "support"}
    assert score_stances(gold, [wrong_position])["lenient"]["tp"] == 0
    unrelated_issue = {**good, "issue": "sanctions"}
    assert score_stances(gold, [unrelated_issue])["lenient"]["tp"] == 0
    other_person = {**good, "holder": {"name": "Marco Rubio", "country": "USA"}}
    res = score_stances(gold, [other_person])
    assert res["lenient"]["tp"] == 1 and res["strict"]["tp"] == 0
