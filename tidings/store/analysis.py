"""Tables and queries for the analysis layer: stances, article signatures, stories, merged events
and the status of planned events.

The tables live on the same ``Base`` metadata as :mod:`tidings.store.schema`, so
``Store._ensure_schema`` (``create_all``) creates them; they are additive (an older database gets
them on its next open). Stances are written with their article, in the same transaction
(:func:`stance_rows`, called from :mod:`tidings.store.writer`); everything else is derived data
that :mod:`tidings.analysis` (re)builds and may delete and rewrite at will.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..models import ActorRef, Span, Stance
from . import rows
from .schema import ArticleRow, Base, _EntityColumns, _in

POSITIONS = ("support", "oppose", "conditional")
PLANNED_STATUSES = ("pending", "held", "postponed", "cancelled", "disputed")


class StanceRow(_EntityColumns, Base):
    """One stance; the holder is stored in the ActorRef columns (name, kb_id, country, ...)."""

    __tablename__ = "stances"
    __table_args__ = (
        CheckConstraint(_in("stance_position", POSITIONS), name="ck_stances_position"),
        Index("ix_stances_issue_key", "issue_key"),
        Index("ix_stances_holder_kb", "kb_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    stance_id: Mapped[str] = mapped_column(String, unique=True)
    issue: Mapped[str] = mapped_column(Text)
    issue_key: Mapped[str] = mapped_column(String)
    stance_position: Mapped[str] = mapped_column(String)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    quote: Mapped[bool] = mapped_column(Boolean, default=False)
    via: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    search: Mapped[str] = mapped_column(Text)  # folded "holder name kb_id"


class ArticleSignatureRow(Base):
    """The MinHash signature of an article's body and the story it was put in."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    minhash: Mapped[list[Any]] = mapped_column(JSON)
    n_shingles: Mapped[int] = mapped_column(Integer)
    entities: Mapped[list[Any]] = mapped_column(JSON)  # kb ids and countries named in the article


class LshBucketRow(Base):
    """LSH band buckets: articles whose signatures agree on one band share a row key."""

    __tablename__ = "lsh_buckets"
    __table_args__ = (Index("ix_lsh_bucket", "band", "bucket"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    band: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[str] = mapped_column(String)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class TopicKeyRow(Base):
    """Actor-pair keys of an article's events (for finding follow-ups), with its published date."""

    __tablename__ = "topic_keys"
    __table_args__ = (Index("ix_topic_key", "key", "published"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String)
    published: Mapped[str | None] = mapped_column(String)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_key: Mapped[str] = mapped_column(String, unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    first_published: Mapped[str | None] = mapped_column(String, index=True)
    last_published: Mapped[str | None] = mapped_column(String, index=True)
    n_articles: Mapped[int] = mapped_column(Integer, default=0)
    actors: Mapped[list[Any]] = mapped_column(JSON, default=list)


class StoryMemberRow(Base):
    __tablename__ = "story_members"
    __table_args__ = (CheckConstraint(_in("relation", ("first", "near-duplicate", "follow-up")),
                                      name="ck_story_relation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    relation: Mapped[str] = mapped_column(String)
    related_article_id: Mapped[int | None] = mapped_column(Integer)
    similarity: Mapped[float] = mapped_column(Float, default=1.0)


class MergedEventRow(Base):
    """One real-world event: the mentions of it across articles merged."""

    __tablename__ = "merged_events"
    __table_args__ = (Index("ix_merged_type_when", "event_type", "when_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String)
    mode: Mapped[str | None] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)  # the status of the earliest mention
    statuses: Mapped[list[Any]] = mapped_column(JSON, default=list)  # all statuses reported
    date_value: Mapped[str | None] = mapped_column(String)
    date_precision: Mapped[str | None] = mapped_column(String)
    when_start: Mapped[str | None] = mapped_column(String)
    when_end: Mapped[str | None] = mapped_column(String)
    location_name: Mapped[str | None] = mapped_column(Text)
    location_country: Mapped[str | None] = mapped_column(String)
    location_feature: Mapped[str | None] = mapped_column(String)
    participants: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{name, id, country, role}]
    identities: Mapped[list[Any]] = mapped_column(JSON, default=list)  # kb ids / countries
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    first_reported: Mapped[str | None] = mapped_column(String)
    first_doc_id: Mapped[str | None] = mapped_column(String)


class MergedMentionRow(Base):
    __tablename__ = "merged_event_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("merged_events.id", ondelete="CASCADE"), index=True)
    event_row_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)


class PlannedStatusRow(Base):
    """The current status of a planned event (a merged AGREE/meet or planned CONSULT) and why."""

    __tablename__ = "planned_status"
    __table_args__ = (CheckConstraint(_in("status", PLANNED_STATUSES), name="ck_planned_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    planned_id: Mapped[int] = mapped_column(ForeignKey("merged_events.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String)
    # every link found, oldest first: [{status, merged_id, doc_id, published, start, end, text}]
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)


STANCES = StanceRow.__table__
ARTICLES = ArticleRow.__table__


def stance_rows(stances: Iterable[Stance], rename=None) -> list[dict[str, Any]]:
    """Row dicts for ``stances`` (without ``article_id``); ``rename`` maps a stance_id when the
    article was stored under another doc_id."""
    out = []
    for i, s in enumerate(stances):
        row = rows.entity_row(s.holder, i)
        del row["position"]
        row.update(
            stance_id=rename(s.stance_id) if rename else s.stance_id, issue=s.issue, issue_key=s.issue_key,
            stance_position=s.position, evidence_start=s.evidence.start, evidence_end=s.evidence.end,
            evidence_text=s.evidence.text, quote=bool(s.quote), via=s.via, confidence=float(s.confidence),
            search=rows.fold(f"{s.holder.name} {s.holder.kb_id or ''}"),
        )
        out.append(row)
    return out


def to_stance(row: Any, doc_id: str) -> Stance:
    holder = ActorRef(name=row["name"], country=row["country"], sector=row["sector"], kind=row["kind"],
                      span=Span(row["start"], row["end"], row["text"]), kb_id=row["kb_id"],
                      wikidata=row["wikidata"], office=row["office"], resolved_by=row["resolved_by"])
    return Stance(stance_id=row["stance_id"], doc_id=doc_id, holder=holder, issue=row["issue"],
                  issue_key=row["issue_key"], position=row["stance_position"],
                  evidence=Span(row["evidence_start"], row["evidence_end"], row["evidence_text"]),
                  quote=bool(row["quote"]), via=row["via"], confidence=row["confidence"])


def read_stances(conn: Connection, *, article: str | None = None, issue: str | None = None,
                 holder: str | None = None) -> list[tuple[Stance, dt.date | None]]:
    """Stored stances with their article's published date, oldest first.

    ``issue`` matches (folded, substring) the issue phrase or its key; ``holder`` a substring of the
    holder's name or KB id, or an ISO3 country code (three capitals).
    """
    stmt = select(*STANCES.c, ARTICLES.c.doc_id.label("article_doc_id"), ARTICLES.c.published).join(
        ARTICLES, ARTICLES.c.id == STANCES.c.article_id)
    if article is not None:
        stmt = stmt.where(ARTICLES.c.doc_id == article)
    if holder:
        if len(holder) == 3 and holder.isupper():
            stmt = stmt.where(STANCES.c.country == holder)
        else:
            stmt = stmt.where(STANCES.c.search.contains(rows.fold(holder.strip()), autoescape=True))
    stmt = stmt.order_by(ARTICLES.c.published.asc().nulls_last(), ARTICLES.c.id, STANCES.c.evidence_start)
    out = []
    needle = rows.fold(issue.strip()) if issue else None
    for r in conn.execute(stmt).mappings():
        if needle and needle not in rows.fold(r["issue"]) and needle not in rows.fold(r["issue_key"]):
            continue
        out.append((to_stance(r, r["article_doc_id"]), r["published"]))
    return out
