import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text, update

from tidings.errors import InputError, StoreError
from tidings.models import Result
from tidings.settings import Settings
from tidings.store import Store
from tidings.store.schema import SchemaVersion, metadata

from .factory import TEXT, make_result, variant


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as s:
        yield s


def dump(store: Store) -> dict:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(select(t).order_by(*t.primary_key.columns)).all()
                for t in metadata.sorted_tables}


def test_open_creates_schema_and_version(db_url):
    with Store.open(db_url) as s:
        assert s.schema_version() == 1
        assert s.stats()["articles"] == 0
    with Store(db_url) as s, s.engine.connect() as conn:  # reopening keeps one version row
        assert conn.execute(select(SchemaVersion.version)).scalars().all() == [1]


def test_sqlite_pragmas_and_parent_dir(tmp_path):
    path = tmp_path / "a" / "b" / "t.db"
    with Store(Settings(data_dir=tmp_path, db_url=f"sqlite:///{path}")) as s:
        assert path.exists()
        with s.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_default_settings_url(tmp_path):
    with Store(Settings(data_dir=tmp_path / "data")) as s:
        assert (tmp_path / "data" / "tidings.db").exists()
        assert s.stats()["events"] == 0


def test_newer_schema_version_refused(db_url):
    with Store(db_url) as s, s.engine.begin() as conn:
        conn.execute(update(SchemaVersion).values(version=99))
    with pytest.raises(StoreError, match="schema version 99"):
        Store(db_url)


def test_bad_url():
    with pytest.raises(StoreError):
        Store("nosuchdb://x")


def test_save_round_trip(store):
    result = make_result()
    out = store.save(result)
    assert (out.status, out.doc_id, out.renamed, out.events) == ("stored", "doc-1", False, 3)
    stored = store.article("doc-1")
    assert stored.article == result.article
    assert stored.actors == result.actors
    assert stored.events == result.events
    assert stored.findings == result.findings
    assert stored.ingested_at.tzinfo is not None
    assert store.events() == list(result.events)
    assert store.article("nope") is None
    assert [e.status for e in store.ingest_log()] == ["ingested"]


def test_duplicate_writes_only_a_log_row(store):
    store.save(make_result())
    before = dump(store)
    out = store.save(make_result("doc-other"))  # same text -> same hash
    assert out.status == "duplicate" and out.existing_doc_id == "doc-1"
    after = dump(store)
    assert len(after.pop("ingest_log")) == len(before.pop("ingest_log")) + 1
    assert after == before
    assert store.ingest_log(1)[0].status == "duplicate"


def test_same_doc_id_other_content_is_renamed(store):
    store.save(make_result())
    other = variant("doc-1", 2)
    out = store.save(other)
    h8 = other.article.content_hash[:8]
    assert out.status == "stored" and out.renamed and out.doc_id == f"doc-1~{h8}"
    assert out.requested_doc_id == "doc-1"
    events = store.events(article=out.doc_id)
    assert [e.event_id for e in events] == [f"doc-1~{h8}-e1", f"doc-1~{h8}-e2", f"doc-1~{h8}-e3"]
    assert {e.doc_id for e in events} == {out.doc_id}
    assert store.article(out.doc_id).article.doc_id == out.doc_id
    assert len(store.events(article="doc-1")) == 3


@pytest.mark.parametrize("breaker", ["status", "duplicate-event", "confidence"])
def test_failed_save_leaves_db_unchanged(store, breaker):
    store.save(make_result())
    before = dump(store)
    bad = variant("doc-2", 2)
    if breaker == "status":
        bad = variant("doc-2", 2, status_override="bogus")
    elif breaker == "duplicate-event":
        bad = dataclasses.replace(bad, events=bad.events + bad.events[:1])
    else:
        ev = dataclasses.replace(bad.events[-1], confidence=7.0)
        bad = dataclasses.replace(bad, events=bad.events[:-1] + (ev,))
    with pytest.raises(StoreError):
        store.save(bad)
    assert dump(store) == before


def test_event_id_clash_with_stored_event_fails_whole_article(store):
    store.save(make_result())
    before = dump(store)
    clash = variant("doc-2", 2)
    clash = dataclasses.replace(clash, events=(dataclasses.replace(clash.events[0], event_id="doc-1-e1"),))
    with pytest.raises(StoreError):
        store.save(clash)
    assert dump(store) == before


def test_save_many_batches_and_falls_back(store):
    results = [variant(f"d{i}", i) for i in range(7)]
    results.insert(3, variant("bad", 100, status_override="bogus"))
    results.append(make_result("d-dup", text=results[0].article.text))  # in-batch duplicate
    results.append(variant("d1", 1001))  # in-batch doc_id clash
    results.append(Result(doc_id="skipme", status="skipped", reason="empty text"))
    outcomes = store.save_many(results, batch_size=4)
    assert [o.status for o in outcomes] == (["stored"] * 3 + ["failed"] + ["stored"] * 4
                                            + ["duplicate", "stored", "skipped"])
    assert outcomes[-2].renamed and outcomes[-2].doc_id.startswith("d1~")
    assert store.article("bad") is None
    stats = store.stats()
    assert stats["articles"] == 8
    assert stats["events"] == 24 and stats["participants"] == 8 * 5
    assert stats["ingest_by_status"] == {"duplicate": 1, "failed": 1, "ingested": 8, "skipped": 1}
    failed = [e for e in store.ingest_log() if e.status == "failed"]
    assert failed[0].doc_id == "bad" and failed[0].reason


def test_save_many_against_stored_duplicates(store):
    store.save(make_result())
    outcomes = store.save_many([make_result("again"), variant("new", 1)])
    assert [o.status for o in outcomes] == ["duplicate", "stored"]


def test_hashes(store):
    r = make_result()
    assert not store.has_hash(r.article.content_hash)
    store.save(r)
    assert store.has_hash(r.article.content_hash)
    many = [f"h{i}" for i in range(1200)] + [r.article.content_hash]
    assert store.known_hashes(many) == {r.article.content_hash}
    assert store.known_hashes([]) == set()


def test_log_and_skipped(store):
    store.log("/in/x.html", "x", "skipped", "too large")
    out = store.save(Result(doc_id="y", status="failed", reason="boom"))
    assert out.status == "failed"
    log = store.ingest_log()
    assert [(e.doc_id, e.status, e.reason) for e in log] == [("y", "failed", "boom"),
                                                            ("x", "skipped", "too large")]
    assert log[1].source == "/in/x.html"
    with pytest.raises(StoreError):
        store.log(None, None, "weird")


@pytest.fixture
def filled(store):
    store.save(make_result("a", published=dt.date(2025, 2, 13)))
    store.save(variant("b", 1, published=dt.date(2024, 5, 1)))
    store.save(variant("c", 2, published=None, events=1))
    return store


def ids(events):
    return [e.event_id for e in events]


def test_events_order_and_paging(filled):
    assert ids(filled.events()) == ["b-e1", "b-e2", "b-e3", "a-e1", "a-e2", "a-e3", "c-e1"]
    assert ids(filled.events(limit=2, offset=2)) == ["b-e3", "a-e1"]


def test_events_filters(filled):
    assert ids(filled.events(event_type="CONSULT")) == ["b-e1", "a-e1", "c-e1"]
    assert ids(filled.events(event_type=["ACCUSE", "PROTEST"], article="a")) == ["a-e2", "a-e3"]
    assert filled.events(status="planned") == []
    assert ids(filled.events(country="ukr", article="a")) == ["a-e3"]


def test_events_actor_filter(filled):
    assert ids(filled.events(actor="RUS", article="a")) == ["a-e1"]
    assert ids(filled.events(actor="UKR", article="a")) == ["a-e2", "a-e3"]  # participant country
    assert ids(filled.events(actor="putin", article="a")) == ["a-e1"]  # name or kb_id
    assert ids(filled.events(actor="Zélensky", article="a")) == ["a-e2"]  # accents folded
    assert ids(filled.events(actor="TRUMP", article="a")) == ["a-e1", "a-e2"]  # 5 letters: a name
    assert filled.events(actor="100%_") == []


def test_events_dates(filled):
    # a-e1 2025-02-12 (day), a-e2 2025-02 (month), a-e3 no date -> published 2025-02-13
    assert ids(filled.events(article="a", since="2025-02-13")) == ["a-e2", "a-e3"]
    assert ids(filled.events(article="a", until="2025-02-12")) == ["a-e1", "a-e2"]
    assert ids(filled.events(article="a", since="2025-03")) == []
    assert ids(filled.events(article="a", since=dt.date(2025, 2, 1), until="2025-02")) == ["a-e1", "a-e2", "a-e3"]
    assert ids(filled.events(since="2025")) == ["b-e1", "b-e2", "a-e1", "a-e2", "a-e3", "c-e1"]
    # b-e3 has no date: its article's published date 2024-05-01 counts
    assert ids(filled.events(until="2024-12-31")) == ["b-e3"]
    with pytest.raises(InputError):
        filled.events(since="last tuesday")


def test_articles_and_stats(filled):
    assert [a.doc_id for a in filled.articles()] == ["a", "b", "c"]
    assert [a.doc_id for a in filled.articles(limit=1, offset=1)] == ["b"]
    stats = filled.stats()
    assert stats["articles"] == 3 and stats["events"] == 7 and stats["findings"] == 3
    assert stats["events_by_type"] == {"ACCUSE": 2, "CONSULT": 3, "PROTEST": 2}
    assert stats["events_by_status"] == {"occurred": 7}


def test_article_without_hash_gets_one(store):
    r = make_result()
    r = dataclasses.replace(r, article=dataclasses.replace(r.article, content_hash=""))
    assert store.save(r).status == "stored"
    assert len(store.article("doc-1").article.content_hash) == 64
    assert store.save(r).status == "duplicate"
    assert TEXT in store.article("doc-1").article.text
