"""The analyst's picture over stored articles: stories, merged events, planned-event status,
stances and briefs.

- :func:`update` (called by :func:`tidings.runner.ingest` after saving) indexes new articles,
  puts them in stories, merges their event mentions and refreshes the planned events they may
  bear on, all in one transaction. :func:`rebuild` drops the derived tables' rows and redoes
  everything in publication order (``tidings analyse``).
- :func:`list_stories`, :func:`story`, :func:`planned_events` read the results back;
  :mod:`tidings.analysis.stances` groups stances; :mod:`tidings.analysis.brief` renders briefs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from ..store.analysis import (
    ArticleSignatureRow,
    LshBucketRow,
    MergedEventRow,
    MergedMentionRow,
    PlannedStatusRow,
    StoryMemberRow,
    StoryRow,
    TopicKeyRow,
)
from ..store.schema import ActorRow, ArticleRow
from . import merge, planned
from . import stories as _stories

__all__ = ["UpdateSummary", "list_stories", "planned_events", "rebuild", "story", "story_articles", "update"]

ARTICLES = ArticleRow.__table__
SIGS = ArticleSignatureRow.__table__
MEMBERS = StoryMemberRow.__table__
STORIES = StoryRow.__table__
MERGED = MergedEventRow.__table__
MENTIONS = MergedMentionRow.__table__
STATUS = PlannedStatusRow.__table__
ACTORS = ActorRow.__table__
_DERIVED = (PlannedStatusRow, MergedMentionRow, MergedEventRow, StoryMemberRow, StoryRow, TopicKeyRow,
            LshBucketRow, ArticleSignatureRow)


@dataclass
class UpdateSummary:
    articles: int = 0
    new_stories: int = 0
    near_duplicates: int = 0
    follow_ups: int = 0
    merged_events: int = 0
    planned: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _entities(conn, article_id: int) -> set[str]:
    out = set()
    for kb_id, country in conn.execute(select(ACTORS.c.kb_id, ACTORS.c.country)
                                       .where(ACTORS.c.article_id == article_id)):
        if kb_id or country:
            out.add(kb_id or country)
    return out


def update(store, doc_ids: Iterable[str]) -> UpdateSummary:
    """Index, group and merge these stored articles (those not yet indexed), in one transaction."""
    summary = UpdateSummary()
    doc_ids = list(dict.fromkeys(doc_ids))
    if not doc_ids:
        return summary
    with store.engine.begin() as conn:
        arts = []
        for i in range(0, len(doc_ids), 500):
            stmt = (select(ARTICLES.c.id, ARTICLES.c.doc_id, ARTICLES.c.title, ARTICLES.c.text,
                           ARTICLES.c.body_start, ARTICLES.c.published)
                    .where(ARTICLES.c.doc_id.in_(doc_ids[i:i + 500]),
                           ARTICLES.c.id.not_in(select(SIGS.c.article_id))))
            arts += [dict(r) for r in conn.execute(stmt).mappings()]
        arts.sort(key=lambda a: (a["published"] or dt.date.max, a["id"]))
        if not arts:
            return summary
        mentions = merge.load_mentions(conn, [a["id"] for a in arts])
        by_article: dict[str, list] = {}
        for m in mentions:
            by_article.setdefault(m.event.doc_id, []).append(m.event)
        touched_stories: set[int] = set()
        for a in arts:
            got = _stories.assign(conn, a, by_article.get(a["doc_id"], []), _entities(conn, a["id"]))
            touched_stories.add(got.story_id)
            summary.articles += 1
            if got.relation == "first":
                summary.new_stories += 1
            elif got.relation == "near-duplicate":
                summary.near_duplicates += 1
            else:
                summary.follow_ups += 1
        for sid in touched_stories:
            _stories.refresh_story(conn, sid)
        summary.merged_events = len(merge.merge_mentions(conn, mentions))
        dates = [a["published"] for a in arts if a["published"]]
        touched = {a.country for m in mentions for a in m.event.actor + m.event.recipient if a.country}
        touched |= {m.event.location.country for m in mentions if m.event.location and m.event.location.country}
        summary.planned = planned.refresh(conn, min(dates) if dates else None, countries=touched)
    return summary


def rebuild(store, batch: int = 500) -> UpdateSummary:
    """Forget all stories, signatures, merged events and planned statuses; redo them for every
    stored article in publication order."""
    with store.engine.begin() as conn:
        for model in _DERIVED:
            conn.execute(delete(model.__table__))
        doc_ids = [r[0] for r in conn.execute(select(ARTICLES.c.doc_id).order_by(
            ARTICLES.c.published.asc().nulls_last(), ARTICLES.c.id))]
    total = UpdateSummary()
    for i in range(0, len(doc_ids), batch):
        got = update(store, doc_ids[i:i + batch])
        for k, v in got.as_dict().items():
            setattr(total, k, getattr(total, k) + v)
    with store.engine.connect() as conn:
        total.merged_events = conn.execute(select(func.count()).select_from(MERGED)).scalar_one()
        total.planned = conn.execute(select(func.count()).select_from(STATUS)).scalar_one()
    return total


# --- reading -------------------------------------------------------------------------------------

def list_stories(store, limit: int | None = 50, min_articles: int = 1) -> list[dict[str, Any]]:
    """Stories, most recent first (by last article date), with their size and main actors."""
    stmt = (select(STORIES).where(STORIES.c.n_articles >= min_articles)
            .order_by(STORIES.c.last_published.desc().nulls_last(), STORIES.c.id.desc()).limit(limit))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def find_story(conn, ref: str) -> dict[str, Any] | None:
    """A story by numeric id, ``story-...`` key, or the doc_id of one of its articles."""
    stmt = None
    if ref.isdigit():
        stmt = select(STORIES).where(STORIES.c.id == int(ref))
    elif ref.startswith("story-"):
        stmt = select(STORIES).where(STORIES.c.story_key == ref)
    else:
        sid = conn.execute(select(MEMBERS.c.story_id).join(ARTICLES, ARTICLES.c.id == MEMBERS.c.article_id)
                           .where(ARTICLES.c.doc_id == ref)).scalar()
        if sid is not None:
            stmt = select(STORIES).where(STORIES.c.id == sid)
    row = conn.execute(stmt).mappings().first() if stmt is not None else None
    return dict(row) if row else None


def story_articles(conn, story_id: int) -> list[dict[str, Any]]:
    stmt = (select(ARTICLES.c.doc_id, ARTICLES.c.title, ARTICLES.c.published, ARTICLES.c.source,
                   ARTICLES.c.site, MEMBERS.c.relation, MEMBERS.c.similarity, MEMBERS.c.related_article_id)
            .join(MEMBERS, MEMBERS.c.article_id == ARTICLES.c.id).where(MEMBERS.c.story_id == story_id)
            .order_by(ARTICLES.c.published.asc().nulls_last(), ARTICLES.c.id))
    out = [dict(r) for r in conn.execute(stmt).mappings()]
    ids = {r["related_article_id"] for r in out if r["related_article_id"]}
    names = dict(conn.execute(select(ARTICLES.c.id, ARTICLES.c.doc_id).where(ARTICLES.c.id.in_(ids))).all()) if ids else {}
    for r in out:
        r["related_doc_id"] = names.get(r.pop("related_article_id"))
    return out


def story(store, ref: str) -> dict[str, Any] | None:
    """One story with its articles and its merged events (most-reported first)."""
    with store.engine.connect() as conn:
        row = find_story(conn, ref)
        if row is None:
            return None
        row["articles"] = story_articles(conn, row["id"])
        row["events"] = merged_for_docs(conn, [a["doc_id"] for a in row["articles"]])
    return row


def merged_for_docs(conn, doc_ids: list[str]) -> list[dict[str, Any]]:
    """Merged events with a mention in these articles, with every mention (also from elsewhere)."""
    from ..store.schema import EventRow

    events = EventRow.__table__
    ids = conn.execute(select(MENTIONS.c.merged_id).distinct()
                       .join(events, events.c.id == MENTIONS.c.event_row_id)
                       .join(ARTICLES, ARTICLES.c.id == events.c.article_id)
                       .where(ARTICLES.c.doc_id.in_(doc_ids))).scalars().all()
    if not ids:
        return []
    rows = [dict(r) for r in conn.execute(select(MERGED).where(MERGED.c.id.in_(ids))).mappings()]
    status = dict(conn.execute(select(STATUS.c.planned_id, STATUS.c.status).where(STATUS.c.planned_id.in_(ids))).all())
    for r in rows:
        r["planned_status"] = status.get(r["id"])
        r["mentions"] = planned._mentions(conn, r["id"])
        for m in r["mentions"]:
            m["published"] = m["published"].isoformat() if m["published"] else None
    rows.sort(key=lambda r: (-r["n_sources"], -r["n_mentions"], r["first_reported"] or "", r["id"]))
    return rows


def planned_events(store, status: str | None = None) -> list[dict[str, Any]]:
    """Planned events with their current status and linking evidence, by first report."""
    stmt = (select(MERGED, STATUS.c.status.label("planned_status"), STATUS.c.links)
            .join(STATUS, STATUS.c.planned_id == MERGED.c.id)
            .order_by(MERGED.c.first_reported.asc().nulls_last(), MERGED.c.id))
    if status:
        stmt = stmt.where(STATUS.c.status == status)
    with store.engine.connect() as conn:
        out = []
        for r in conn.execute(stmt).mappings():
            d = dict(r)
            d["mentions"] = planned._mentions(conn, d["id"])
            for m in d["mentions"]:
                m["published"] = m["published"].isoformat() if m["published"] else None
            out.append(d)
        return out
