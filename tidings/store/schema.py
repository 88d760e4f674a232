"""The database schema (SQLAlchemy 2 declarative models), the same on SQLite and PostgreSQL.

Spans are stored as ``*_start``/``*_end``/``*_text`` column triples. ``events.when_start`` and
``events.when_end`` are the first and last day (``YYYY-MM-DD``) the event may fall on: its date
widened to its precision (``2025-02`` -> 2025-02-01 .. 2025-02-28), or the article's published
date when the event has no date (set at save time); date filters compare against them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..models import STATUSES

SCHEMA_VERSION = 1
INGEST_STATUSES = ("ingested", "duplicate", "skipped", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String, unique=True)
    content_hash: Mapped[str] = mapped_column(String, unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str] = mapped_column(String, default="none")
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String)
    author: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String)
    path: Mapped[str | None] = mapped_column(Text)
    fmt: Mapped[str] = mapped_column(String, default="text")
    body_start: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class _EntityColumns:
    """The ActorRef columns shared by actor mentions and event participants."""

    name: Mapped[str] = mapped_column(Text)
    kb_id: Mapped[str | None] = mapped_column(String)
    wikidata: Mapped[str | None] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String)
    sector: Mapped[str | None] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    office: Mapped[str | None] = mapped_column(String)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    resolved_by: Mapped[str] = mapped_column(String)


class ActorRow(_EntityColumns, Base):
    __tablename__ = "actors"
    __table_args__ = (Index("ix_actors_kb_id", "kb_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="ck_events_status"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="ck_events_confidence"),
        Index("ix_events_when", "when_start", "when_end"),
        # the listing order of Store.events, unfiltered and within one event type (paging)
        Index("ix_events_order", "sort_day", "article_id", "sentence_start", "id"),
        Index("ix_events_type_order", "event_type", "sort_day", "article_id", "sentence_start", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String, unique=True)
    event_type: Mapped[str] = mapped_column(String)
    mode: Mapped[str | None] = mapped_column(String)
    status: Mapped[str] = mapped_column(String, index=True)
    date_value: Mapped[str | None] = mapped_column(String, index=True)
    date_precision: Mapped[str | None] = mapped_column(String)
    date_start: Mapped[int | None] = mapped_column(Integer)
    date_end: Mapped[int | None] = mapped_column(Integer)
    date_text: Mapped[str | None] = mapped_column(Text)
    when_start: Mapped[str | None] = mapped_column(String)
    when_end: Mapped[str | None] = mapped_column(String)
    location_name: Mapped[str | None] = mapped_column(Text)
    location_country: Mapped[str | None] = mapped_column(String, index=True)
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_geonames_id: Mapped[int | None] = mapped_column(Integer)
    location_feature: Mapped[str | None] = mapped_column(String)
    location_start: Mapped[int | None] = mapped_column(Integer)
    location_end: Mapped[int | None] = mapped_column(Integer)
    location_text: Mapped[str | None] = mapped_column(Text)
    contexts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    cameo: Mapped[str | None] = mapped_column(String)
    confidence: Mapped[float] = mapped_column(Float)
    coder: Mapped[str] = mapped_column(String)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    clause_start: Mapped[int] = mapped_column(Integer)
    clause_end: Mapped[int] = mapped_column(Integer)
    clause_text: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(Text)
    # the article's published day, "9999-12-31" when undated (rows.UNDATED_DAY): a copy of the
    # first key of the listing order, so that an index on events alone serves ORDER BY .. LIMIT
    sort_day: Mapped[str | None] = mapped_column(String)


class ParticipantRow(_EntityColumns, Base):
    __tablename__ = "event_participants"
    __table_args__ = (
        CheckConstraint(_in("role", ("actor", "recipient")), name="ck_participants_role"),
        Index("ix_participants_country", "country", "event_id"),
        Index("ix_participants_kb_id", "kb_id"),
        Index("ix_participants_name", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    # lower-cased, accent-folded "name kb_id" for the actor filter
    search: Mapped[str] = mapped_column(Text)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String, index=True)
    message: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kb_id: Mapped[str | None] = mapped_column(String)


class IngestLogRow(Base):
    __tablename__ = "ingest_log"
    __table_args__ = (CheckConstraint(_in("status", INGEST_STATUSES), name="ck_ingest_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    doc_id: Mapped[str | None] = mapped_column(String, index=True)
    status: Mapped[str] = mapped_column(String)
    reason: Mapped[str | None] = mapped_column(Text)


metadata = Base.metadata
