"""Story grouping: near-duplicates and follow-ups grouped, unrelated articles not; P/R on the corpus."""

from __future__ import annotations

from itertools import combinations

from sqlalchemy import select

from tidings import analysis
from tidings.analysis import stories as st
from tidings.store.schema import ArticleRow

from .conftest import gold_stories


def _assignment(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(ArticleRow.doc_id, analysis.MEMBERS.c.story_id)
                            .join(analysis.MEMBERS, analysis.MEMBERS.c.article_id == ArticleRow.id)).all()
    return dict(rows)


def pairwise_pr(pred: dict[str, int], gold: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision/recall: over article pairs put in the same story."""
    docs = sorted(gold)
    same_pred = {(a, b) for a, b in combinations(docs, 2) if pred[a] == pred[b]}
    same_gold = {(a, b) for a, b in combinations(docs, 2) if gold[a] == gold[b]}
    tp = len(same_pred & same_gold)
    return (tp / len(same_pred) if same_pred else 1.0), (tp / len(same_gold) if same_gold else 1.0)


def test_minhash_estimates_jaccard():
    a = st.shingles("the quick brown fox jumps over the lazy dog near the river bank today " * 3)
    b = st.shingles("the quick brown fox jumps over the lazy cat near the river bank today " * 3)
    exact = len(a & b) / len(a | b)
    assert abs(st.similarity(st.minhash(a), st.minhash(b)) - exact) < 0.15
    assert st.similarity(st.minhash(a), st.minhash(a)) == 1.0
    assert len(st.band_buckets(st.minhash(a))) == st.BANDS


def test_near_duplicates_and_follow_ups_grouped(corpus_db):
    store, _, _ = corpus_db
    got = _assignment(store)
    seed = got["seed-2025-02-13-trump-putin"]
    assert got["wire-2025-02-13-trump-putin-a"] == seed
    assert got["wire-2025-02-13-trump-putin-b"] == seed
    assert got["follow-2025-02-14-kremlin-confirms-call"] == seed
    assert got["follow-2025-08-16-alaska-summit-held"] == got["follow-2025-08-09-alaska-summit-planned"]
    assert got["follow-2025-10-22-budapest-summit-cancelled"] == got["follow-2025-10-17-budapest-summit-planned"]
    assert got["follow-2025-01-26-gaza-second-release"] == got["dev-2025-01-20-gaza-ceasefire-begins"]
    # unrelated articles stay apart; the Trump-Putin summits months apart are different stories
    assert len({got[d] for d in ("dev-2025-03-16-belgrade-protest", "dev-2025-06-28-drc-rwanda-agreement",
                                 "dev-2025-08-11-armenia-azerbaijan-declaration", "dev-2025-01-20-gaza-ceasefire-begins",
                                 "seed-2025-02-13-trump-putin", "follow-2025-08-09-alaska-summit-planned",
                                 "follow-2025-10-17-budapest-summit-planned")}) == 7
    detail = analysis.story(store, "seed-2025-02-13-trump-putin")
    relations = {a["doc_id"]: (a["relation"], a["related_doc_id"]) for a in detail["articles"]}
    assert relations["wire-2025-02-13-trump-putin-a"] == ("near-duplicate", "seed-2025-02-13-trump-putin")
    assert relations["follow-2025-02-14-kremlin-confirms-call"][0] == "follow-up"
    assert detail["first_published"] == "2025-02-13" and "Donald Trump" in detail["actors"]


def test_clustering_precision_recall(corpus_db):
    store, _, _ = corpus_db
    p, r = pairwise_pr(_assignment(store), gold_stories())
    print(f"\nstory clustering on the test corpus ({len(gold_stories())} articles): "
          f"pairwise precision {p:.3f}, recall {r:.3f}")
    assert p >= 0.9 and r >= 0.75


def test_rebuild_matches_incremental(corpus_db):
    store, _, _ = corpus_db
    before = _assignment(store)
    summary = analysis.rebuild(store)
    after = _assignment(store)
    assert summary.articles == len(before)
    groups = lambda a: sorted(sorted(d for d in a if a[d] == s) for s in set(a.values()))  # noqa: E731
    assert groups(after) == groups(before)
    assert analysis.update(store, list(before)).articles == 0  # already indexed: nothing to do
