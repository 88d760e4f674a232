"""Event merging across articles (source counts, mentions kept) and planned-event status."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from tidings import analysis
from tidings.analysis.merge import compatible, load_mentions
from tidings.models import Article
from tidings.store.schema import ArticleRow, EventRow


def _merged_with(store, doc_id: str, event_type: str, mode: str | None, people: set[str]):
    with store.engine.connect() as conn:
        rows = analysis.merged_for_docs(conn, [doc_id])
    return [r for r in rows if r["event_type"] == event_type and r["mode"] == mode
            and people <= set(r["identities"])]


def test_phone_call_merged_across_sources(corpus_db):
    store, _, _ = corpus_db
    (call,) = _merged_with(store, "seed-2025-02-13-trump-putin", "CONSULT", "phone", {"donald-trump", "vladimir-putin"})
    docs = {m["doc_id"] for m in call["mentions"]}
    # the example, its two wire copies, the Kremlin follow-up (dated the 12th) and the Riyadh report ("2025-02")
    assert {"seed-2025-02-13-trump-putin", "wire-2025-02-13-trump-putin-a", "wire-2025-02-13-trump-putin-b",
            "follow-2025-02-14-kremlin-confirms-call", "dev-2025-02-19-riyadh-us-russia-talks"} <= docs
    assert call["n_sources"] >= 4 and call["n_mentions"] >= len(docs)
    assert call["first_reported"] == "2025-02-13" and call["first_doc_id"] == "seed-2025-02-13-trump-putin"
    assert call["date_value"] == "2025-02-12"  # the most precise date reported
    # the other call (Trump-Zelenskyy) is a different event
    other = _merged_with(store, "seed-2025-02-13-trump-putin", "CONSULT", "phone", {"volodymyr-zelenskyy"})
    assert other and other[0]["id"] != call["id"]


def test_per_mention_records_kept(corpus_db):
    store, _, _ = corpus_db
    with store.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
        linked = conn.execute(select(func.count()).select_from(analysis.MENTIONS)).scalar_one()
        merged = conn.execute(select(func.count()).select_from(analysis.MERGED)).scalar_one()
    assert events == linked  # every mention kept and linked once
    assert merged < events  # wire copies and follow-ups collapse


def test_compatibility_rules(corpus_db):
    store, _, _ = corpus_db
    with store.engine.connect() as conn:
        ids = conn.execute(select(ArticleRow.id).where(ArticleRow.doc_id.in_(
            ["seed-2025-02-13-trump-putin", "follow-2025-08-16-alaska-summit-held"]))).scalars().all()
        ms = load_mentions(conn, ids)
    calls = [m for m in ms if m.event.event_type == "CONSULT" and m.event.mode == "phone"]
    putin = next(m for m in calls if "vladimir-putin" in m.people)
    zel = next(m for m in calls if "volodymyr-zelenskyy" in m.people)
    assert compatible(putin, putin) and not compatible(putin, zel)
    held = next(m for m in ms if m.event.doc_id.startswith("follow") and m.event.event_type == "CONSULT")
    assert not compatible(putin, held)  # different mode
    moved = dataclasses.replace(putin, published=dt.date(2025, 8, 16))
    assert not compatible(putin, moved)  # undated, reported six months apart


def _planned(store, **want):
    rows = analysis.planned_events(store)
    return [r for r in rows if all(r[k] == v for k, v in want.items())]


def test_planned_meeting_held(corpus_db):
    store, _, _ = corpus_db
    alaska = [r for r in analysis.planned_events(store) if r["first_doc_id"] == "follow-2025-08-09-alaska-summit-planned"]
    assert alaska and all(r["planned_status"] == "held" for r in alaska)
    link = alaska[0]["links"][-1]
    assert link["status"] == "held" and link["doc_id"].startswith("follow-2025-08-16-alaska-summit-held")
    assert "met in Alaska" in link["text"] and link["published"] == "2025-08-16"


def test_planned_cancelled_and_postponed(corpus_db):
    store, _, _ = corpus_db
    (budapest,) = _planned(store, first_doc_id="follow-2025-10-17-budapest-summit-planned", event_type="AGREE")
    assert budapest["planned_status"] == "cancelled"
    assert "cancelled his planned meeting" in budapest["links"][-1]["text"]
    (visit,) = _planned(store, first_doc_id="follow-2025-02-16-zelenskyy-saudi-visit")
    assert visit["planned_status"] == "postponed"
    assert {link["doc_id"] for link in visit["links"]} == {"dev-2025-02-19-riyadh-us-russia-talks",
                                                            "wire-2025-02-19-riyadh-copy"}
    # the example's planned Saudi summit: nothing later says it happened (the Riyadh talks were officials')
    saudi = [r for r in _planned(store, first_doc_id="seed-2025-02-13-trump-putin", event_type="AGREE")
             if r["location_country"] == "SAU"]
    assert saudi and saudi[0]["planned_status"] == "pending"


def test_denial_keeps_claim_and_denial(tmp_path, pipeline):
    """A later article reporting the planned meeting as denied: status disputed, both kept."""
    from tidings.runner import IngestSummary, record
    from tidings.store import Store

    plan = Article("plan-1", "Trump and Putin agree to meet in Budapest\n\nU.S. President Donald Trump said on "
                   "Thursday that he and Russian President Vladimir Putin had agreed to meet in Budapest.",
                   title="Trump and Putin agree to meet in Budapest", published=dt.date(2025, 10, 17),
                   source="A", body_start=43, content_hash="h-plan")
    res = pipeline.process_one(plan)
    meet = next(e for e in res.events if e.event_type == "AGREE" and e.mode == "meet")
    text = "Kremlin denies summit\n\n" + meet.evidence.sentence.text
    shift = len("Kremlin denies summit\n\n") - meet.evidence.sentence.start
    sp = lambda s: dataclasses.replace(s, start=s.start + shift, end=s.end + shift)  # noqa: E731
    denial_event = dataclasses.replace(
        meet, event_id="deny-1-e1", doc_id="deny-1", status="denied",
        evidence=dataclasses.replace(meet.evidence, sentence=sp(meet.evidence.sentence),
                                     clause=sp(meet.evidence.clause), trigger=sp(meet.evidence.trigger)))
    denial = dataclasses.replace(res, doc_id="deny-1", events=(denial_event,), findings=(), stances=(),
                                 actors=(), article=Article("deny-1", text, title="Kremlin denies summit",
                                                            published=dt.date(2025, 10, 19), source="B",
                                                            body_start=23, content_hash="h-deny"))
    with Store(f"sqlite:///{tmp_path / 'deny.db'}") as store:
        summary = IngestSummary()
        record(res, store, summary)
        record(denial, store, summary)
        analysis.update(store, summary.doc_ids)
        (row,) = [r for r in analysis.planned_events(store) if r["event_type"] == "AGREE"]
        assert row["planned_status"] == "disputed"
        assert set(row["statuses"]) >= {"occurred", "denied"}  # the claim and the denial, both kept
        assert {m["doc_id"] for m in row["mentions"]} == {"plan-1", "deny-1"}
        assert row["links"][-1]["doc_id"] == "deny-1"
