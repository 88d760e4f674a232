"""Every unnamed official in the dev gold ``notes`` is resolved to the right person by the pipeline.

The list is read off the notes of tests/fixtures/seed.gold.jsonl and articles.gold.jsonl by hand:
(article doc_id, the text span the pipeline tags, the KB person).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.models import Article

UNNAMED = [
    # "Putin's spokesperson (Dmitry Peskov) and the U.S. defense secretary (Pete Hegseth) are not named"
    ("seed-2025-02-13-trump-putin", "his spokesperson", "dmitry-peskov"),
    ("seed-2025-02-13-trump-putin", "The U.S. defense secretary", "pete-hegseth"),
    # "Qatar's prime minister (Sheikh Mohammed bin Abdulrahman Al Thani) is not named"
    ("dev-2025-01-20-gaza-ceasefire-begins", "Qatar's prime minister", "mohammed-bin-abdulrahman-al-thani"),
    # "Unnamed: 'the U.S. president' in Zelenskyy's reply is Trump"
    ("dev-2025-02-19-riyadh-us-russia-talks", "the U.S. president", "donald-trump"),
    # "The Kremlin spokesman is Dmitry Peskov"
    ("dev-2025-03-12-jeddah-talks", "Its spokesman", "dmitry-peskov"),
    # "Unnamed: the leaders of France, Germany, Britain and Poland; Ukraine's foreign minister"
    ("dev-2025-05-17-istanbul-talks", "France", "emmanuel-macron"),
    ("dev-2025-05-17-istanbul-talks", "Germany", "friedrich-merz"),
    ("dev-2025-05-17-istanbul-talks", "Britain", "keir-starmer"),
    ("dev-2025-05-17-istanbul-talks", "Poland", "donald-tusk"),
    ("dev-2025-05-17-istanbul-talks", "Ukraine's foreign minister", "andrii-sybiha"),
    # "Unnamed: the senior adviser to Iran's supreme leader is Ali Akbar Velayati"
    ("dev-2025-08-11-armenia-azerbaijan-declaration", "A senior adviser to Iran's supreme leader",
     "ali-akbar-velayati"),
    # "'Her Rwandan counterpart' is Olivier Nduhungirehe"
    ("dev-2025-06-28-drc-rwanda-agreement", "Her Rwandan counterpart", "olivier-nduhungirehe"),
]


@pytest.fixture(scope="module")
def results(pipeline, seed_gold, dev_gold):
    out = {}
    for art in [seed_gold, *dev_gold]:
        article = Article(art["doc_id"], art["text"], published=dt.date.fromisoformat(art["published"]))
        out[art["doc_id"]] = pipeline.process_one(article)
    return out


@pytest.mark.parametrize("doc_id,text,person", UNNAMED)
def test_unnamed_official_resolved(results, doc_id, text, person):
    res = results[doc_id]
    assert res.status == "ok", res.reason
    hits = [a for a in res.actors if text in a.span.text]
    assert hits, f"no actor for {text!r} in {doc_id}"
    assert person in {a.kb_id for a in hits}, hits
