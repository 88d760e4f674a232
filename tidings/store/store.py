"""``Store``: the one door to the database (SQLite by default, PostgreSQL unchanged).

Every write is one transaction: an article with all its actors, events, participants and
findings is stored whole or not at all, and nothing already stored is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..models import ActorRef, Article, EventRecord, Finding, Result
from ..settings import Settings
from . import kbqueries, migrations, reader, rows, writer
from .engine import build_engine
from .schema import (
    INGEST_STATUSES,
    SCHEMA_VERSION,
    ActorRow,
    ArticleRow,
    EventRow,
    FindingRow,
    IngestLogRow,
    ParticipantRow,
    SchemaVersion,
)
from .writer import SaveOutcome

__all__ = ["IngestEntry", "SaveOutcome", "Store", "StoredArticle"]


@dataclass(frozen=True)
class StoredArticle:
    article: Article
    actors: tuple[ActorRef, ...]
    events: tuple[EventRecord, ...]
    findings: tuple[Finding, ...]
    ingested_at: dt.datetime


@dataclass(frozen=True)
class IngestEntry:
    id: int
    at: dt.datetime
    source: str | None
    doc_id: str | None
    status: str
    reason: str | None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Store:
    """``Store(settings_or_url)``; creates or upgrades the schema (Alembic migrations). Use as a context manager or
    call :meth:`close`."""

    def __init__(self, settings_or_url: Settings | str) -> None:
        url = settings_or_url.database_url if isinstance(settings_or_url, Settings) else settings_or_url
        self.engine = build_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=True)
        try:
            self._ensure_schema()
        except StoreError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open database {self.url}: {_short(exc)}") from exc

    @classmethod
    def open(cls, url: Settings | str) -> Store:
        return cls(url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_schema(self) -> None:
        """Bring the database to the latest migration (see :mod:`tidings.store.migrations`)."""
        migrations.upgrade(self.engine)
        with self.engine.begin() as conn:
            version = conn.execute(select(func.max(SchemaVersion.version))).scalar()
            if version is None:
                conn.execute(insert(SchemaVersion).values(version=SCHEMA_VERSION,
                                                          applied_at=dt.datetime.now(dt.UTC)))
            elif version > SCHEMA_VERSION:
                raise StoreError(f"database {self.url} has schema version {version}; this Tidings "
                                 f"knows version {SCHEMA_VERSION} (upgrade Tidings)")

    def schema_version(self) -> int:
        with self._read() as conn:
            return conn.execute(select(func.max(SchemaVersion.version))).scalar_one()

    # --- transactions ------------------------------------------------------------------------

    def _read(self):
        try:
            return self.engine.connect()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.url}: {_short(exc)}") from exc

    def _write(self, results: list[Result]) -> list[SaveOutcome]:
        """All of ``results`` in one transaction, or nothing (StoreError)."""
        try:
            with self.engine.begin() as conn:
                return writer.write_results(conn, results)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot save {', '.join(r.doc_id for r in results[:3])}"
                             f"{' ...' if len(results) > 3 else ''}: {_short(exc)}") from exc

    # --- writing -----------------------------------------------------------------------------

    def save(self, result: Result) -> SaveOutcome:
        """Store one Result (article, actors, events, participants, findings) in one transaction.

        Returns ``stored`` or ``duplicate`` (same content hash already stored: only an ingest-log
        row is written); a skipped/failed Result only gets a log row. Raises StoreError when the
        write fails, leaving the database as it was.
        """
        return self._write([result])[0]

    def save_many(self, results: Iterable[Result], batch_size: int = 200) -> list[SaveOutcome]:
        """Store many Results with bulk inserts, one transaction per ``batch_size`` articles.

        When a batch fails it is retried one article per transaction; an article that still
        fails is reported as ``failed`` (and logged) without touching the others.
        """
        outcomes: list[SaveOutcome] = []
        for batch in _batches(results, batch_size):
            try:
                outcomes += self._write(batch)
            except StoreError:
                outcomes += [self._save_or_fail(r) for r in batch]
        return outcomes

    def _save_or_fail(self, result: Result) -> SaveOutcome:
        try:
            return self.save(result)
        except StoreError as exc:
            self.log(writer.source_of(result), result.doc_id, "failed", exc.message)
            return SaveOutcome("failed", result.doc_id, result.doc_id, reason=exc.message)

    def log(self, source: str | None, doc_id: str | None, status: str, reason: str | None = None) -> None:
        """Record an input in the ingest log (status: ingested, duplicate, skipped, failed)."""
        if status not in INGEST_STATUSES:
            raise StoreError(f"bad ingest status {status!r} (one of {', '.join(INGEST_STATUSES)})")
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(IngestLogRow).values(
                    writer.log_row(dt.datetime.now(dt.UTC), source, doc_id, status, reason)))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the ingest log: {_short(exc)}") from exc

    # --- reading -----------------------------------------------------------------------------

    def has_hash(self, content_hash: str) -> bool:
        return bool(self.known_hashes([content_hash]))

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """The given content hashes that are already stored (looked up in batches)."""
        with self._read() as conn:
            return set(writer.existing(conn, ArticleRow.content_hash, hashes))

    def events(self, actor: str | None = None, event_type: str | Iterable[str] | None = None,
               status: str | Iterable[str] | None = None, since: str | dt.date | None = None,
               until: str | dt.date | None = None, article: str | None = None,
               country: str | None = None, limit: int | None = None, offset: int = 0,
               dyad: str | tuple[str, str] | None = None) -> list[EventRecord]:
        """Stored events, filtered; see :mod:`tidings.store.reader` for the exact rules
        (``dyad="USA-RUS"``: a participant from each country, in either order)."""
        stmt = reader.event_query(actor=actor, event_type=event_type, status=status, since=since,
                                  until=until, article=article, country=country, dyad=dyad,
                                  limit=limit, offset=offset)
        with self._read() as conn:
            return self._guard(reader.read_events, conn, stmt)

    def article(self, doc_id: str) -> StoredArticle | None:
        with self._read() as conn:
            row = conn.execute(select(ArticleRow.__table__).where(ArticleRow.doc_id == doc_id)).mappings().first()
            if row is None:
                return None
            actors = conn.execute(select(ActorRow.__table__).where(ActorRow.article_id == row["id"])
                                  .order_by(ActorRow.position)).mappings().all()
            findings = conn.execute(select(FindingRow.__table__).where(FindingRow.article_id == row["id"])
                                    .order_by(FindingRow.id)).mappings().all()
            events = self._guard(reader.read_events, conn, reader.event_query(article=doc_id))
        return StoredArticle(
            article=rows.to_article(row),
            actors=tuple(rows.to_actor(a) for a in actors),
            events=tuple(events),
            findings=tuple(rows.to_finding(f, doc_id) for f in findings),
            ingested_at=_aware(row["ingested_at"]),
        )

    def articles(self, limit: int | None = 100, offset: int = 0) -> list[Article]:
        """Stored articles, newest published first (undated last), then by storage order."""
        stmt = (select(ArticleRow.__table__)
                .order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id)
                .limit(limit).offset(offset))
        with self._read() as conn:
            return [rows.to_article(r) for r in conn.execute(stmt).mappings()]

    def stats(self) -> dict[str, Any]:
        """Row counts, events by type and status, ingest-log entries by status."""
        with self._read() as conn:
            def count(model) -> int:
                return conn.execute(select(func.count()).select_from(model)).scalar_one()

            def by(column) -> dict[str, int]:
                return dict(conn.execute(select(column, func.count()).group_by(column).order_by(column)).all())

            return {
                "articles": count(ArticleRow), "actors": count(ActorRow), "events": count(EventRow),
                "participants": count(ParticipantRow), "findings": count(FindingRow),
                "ingest_log": count(IngestLogRow),
                "events_by_type": by(EventRow.event_type), "events_by_status": by(EventRow.status),
                "ingest_by_status": by(IngestLogRow.status),
            }

    def ingest_log(self, limit: int | None = 100) -> list[IngestEntry]:
        """Newest first."""
        stmt = select(IngestLogRow.__table__).order_by(IngestLogRow.id.desc()).limit(limit)
        with self._read() as conn:
            return [IngestEntry(r["id"], _aware(r["at"]), r["source"], r["doc_id"], r["status"], r["reason"])
                    for r in conn.execute(stmt).mappings()]

    # --- knowledge-base queries (tidings kb unknown, tidings export --findings) ---------------

    def unknown_actors(self, limit: int | None = 50) -> list[kbqueries.UnknownActor]:
        """People mentioned in stored articles but not in the KB, most mentioned first, each with
        counts and one example in context."""
        with self._read() as conn:
            return self._guard(kbqueries.unknown_people, conn, limit)

    def findings(self, article: str | None = None, kind: str | None = None,
                 limit: int | None = None) -> list[Finding]:
        """Stored fact-check findings in storage order, optionally of one article or kind."""
        with self._read() as conn:
            return self._guard(kbqueries.findings, conn, article, kind, limit)

    def _guard(self, fn, conn: Connection, *args):
        try:
            return fn(conn, *args)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self.url}: {_short(exc)}") from exc


def _batches(results: Iterable[Result], size: int) -> Iterator[list[Result]]:
    batch: list[Result] = []
    for result in results:
        batch.append(result)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _short(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0]
