"""Write Results to the database: one call writes whole articles or nothing.

``write_results(conn, results)`` runs inside the caller's transaction and inserts every table with
one executemany per table for the whole batch; the caller commits or rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import JSON, Connection, func, insert, select

from ..models import Result
from . import analysis, rows
from .schema import ActorRow, ArticleRow, EventRow, FindingRow, IngestLogRow, ParticipantRow

CHUNK = 500  # values per IN (...) lookup


@dataclass(frozen=True)
class SaveOutcome:
    """What ``Store.save`` did with one Result.

    ``status``: stored, duplicate (same content already stored as ``existing_doc_id``; nothing
    written but a log row), skipped or failed (the Result was not ok, or the write failed; only a
    log row). ``doc_id`` is the id it is stored under: ``"{doc_id}~{hash[:8]}"`` when another
    article already had the requested id (``renamed`` is then True).
    """

    status: Literal["stored", "duplicate", "skipped", "failed"]
    doc_id: str
    requested_doc_id: str
    renamed: bool = False
    events: int = 0
    existing_doc_id: str | None = None
    reason: str | None = None


def content_hash(result: Result) -> str:
    art = result.article
    assert art is not None
    return art.content_hash or hashlib.sha256(art.text.encode("utf-8")).hexdigest()


def source_of(result: Result) -> str | None:
    art = result.article
    if art is None:
        return None
    return art.path or art.url or art.source


def log_row(now: dt.datetime, source: str | None, doc_id: str | None, status: str,
            reason: str | None) -> dict[str, Any]:
    return {"at": now, "source": source, "doc_id": doc_id, "status": status, "reason": reason}


def existing(conn: Connection, column, values: Iterable[str], *extra) -> dict[str, Any]:
    """{value: first extra column} for the values of ``column`` already stored."""
    values = list(dict.fromkeys(values))
    found: dict[str, Any] = {}
    for i in range(0, len(values), CHUNK):
        chunk = values[i:i + CHUNK]
        for row in conn.execute(select(column, *extra).where(column.in_(chunk))):
            found[row[0]] = row[1] if extra else True
    return found


def _renamed_event_id(event_id: str, old: str, new: str, suffix: str) -> str:
    return new + event_id[len(old):] if event_id.startswith(old) else f"{event_id}~{suffix}"


def write_results(conn: Connection, results: Sequence[Result]) -> list[SaveOutcome]:
    """Insert ok Results (with article) and log rows for the rest; raises on any database error."""
    now = dt.datetime.now(dt.UTC)
    ok = [r for r in results if r.status == "ok" and r.article is not None]
    hashes = {id(r): content_hash(r) for r in ok}  # also the set of ok Results, by identity
    stored_hashes = existing(conn, ArticleRow.content_hash, hashes.values(), ArticleRow.doc_id)
    taken_ids = set(existing(conn, ArticleRow.doc_id, (r.article.doc_id for r in ok)))

    outcomes: list[SaveOutcome] = []
    logs: list[dict[str, Any]] = []
    plan: list[tuple[Result, str, str]] = []  # (result, stored doc_id, hash)
    for result in results:
        if id(result) not in hashes:
            status = "failed" if result.status == "failed" else "skipped"
            reason = result.reason or ("no article" if result.status == "ok" else None)
            outcomes.append(SaveOutcome(status, result.doc_id, result.doc_id, reason=reason))
            logs.append(log_row(now, source_of(result), result.doc_id, status, reason))
            continue
        art, h = result.article, hashes[id(result)]
        if h in stored_hashes:
            first = stored_hashes[h]
            reason = f"same content as {first}"
            outcomes.append(SaveOutcome("duplicate", art.doc_id, art.doc_id, existing_doc_id=first,
                                        reason=reason))
            logs.append(log_row(now, source_of(result), art.doc_id, "duplicate", reason))
            continue
        doc_id = art.doc_id
        if doc_id in taken_ids:
            doc_id = f"{art.doc_id}~{h[:8]}"
        stored_hashes[h] = doc_id
        taken_ids.add(doc_id)
        plan.append((result, doc_id, h))
        renamed = doc_id != art.doc_id
        reason = f"doc_id {art.doc_id} already taken by other content" if renamed else None
        outcomes.append(SaveOutcome("stored", doc_id, art.doc_id, renamed=renamed,
                                    events=len(result.events), reason=reason))
        logs.append(log_row(now, source_of(result), doc_id, "ingested", reason))

    if plan:
        _insert_articles(conn, plan, now)
    if logs:
        conn.execute(insert(IngestLogRow), logs)
    return outcomes


def _insert_articles(conn: Connection, plan: list[tuple[Result, str, str]], now: dt.datetime) -> None:
    article_rows = [rows.article_row(r.article, doc_id, h, now) for r, doc_id, h in plan]
    ids = _insert_returning_ids(conn, ArticleRow, "doc_id", article_rows)
    actors, events, findings, stances = [], [], [], []
    event_refs: dict[str, Any] = {}
    for result, doc_id, h in plan:
        art_id = ids[doc_id]
        old = result.article.doc_id
        actors += [{**rows.entity_row(a, i), "article_id": art_id} for i, a in enumerate(result.actors)]
        findings += [{**rows.finding_row(f), "article_id": art_id} for f in result.findings]
        stances += [{**row, "article_id": art_id} for row in analysis.stance_rows(
            result.stances, None if doc_id == old else
            (lambda sid, old=old, doc_id=doc_id, h=h: _renamed_event_id(sid, old, doc_id, h[:8])))]
        for ev in result.events:
            event_id = ev.event_id if doc_id == old else _renamed_event_id(ev.event_id, old, doc_id, h[:8])
            events.append({**rows.event_row(ev, event_id, result.article.published), "article_id": art_id})
            event_refs[event_id] = ev
    bulk_insert(conn, ActorRow, actors)
    bulk_insert(conn, FindingRow, findings)
    bulk_insert(conn, analysis.StanceRow, stances)
    if events:
        event_ids = _insert_returning_ids(conn, EventRow, "event_id", events)
        bulk_insert(conn, ParticipantRow, [
            {**p, "event_id": event_ids[eid]}
            for eid, ev in event_refs.items()
            for p in rows.participant_rows(ev)
        ])


def _insert_returning_ids(conn: Connection, model, key: str, values: list[dict[str, Any]]) -> dict[str, int]:
    """Insert ``values`` and return {row[key]: id}.

    PostgreSQL: ids are reserved from the table's sequence first and the rows copied in
    (:func:`bulk_insert`). SQLite, when this transaction already holds the write lock (anything
    but the articles, which are inserted first): ids are ``max(id) + 1 ...``, which is what
    SQLite would assign, and the rows go in with a plain executemany. Otherwise one multi-row
    ``INSERT .. RETURNING``.
    """
    table = model.__table__
    if conn.dialect.name == "postgresql":
        seq = func.pg_get_serial_sequence(table.name, "id")
        reserved = conn.execute(select(func.nextval(seq)).select_from(
            func.generate_series(1, len(values)))).scalars().all()
        for row, new_id in zip(values, reserved, strict=True):
            row["id"] = new_id
        bulk_insert(conn, model, values)
        return {row[key]: row["id"] for row in values}
    if conn.dialect.name == "sqlite" and model is not ArticleRow:
        first = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
        for i, row in enumerate(values):
            row["id"] = first + i
        conn.execute(insert(table), values)
        return {row[key]: row["id"] for row in values}
    return dict(conn.execute(insert(table).returning(table.c[key], table.c.id), values).all())


COPY_MIN_ROWS = 20  # fewer rows: a plain executemany is as quick as a COPY


def bulk_insert(conn: Connection, model, values: list[dict[str, Any]]) -> None:
    """Insert ``values`` (dicts with the same keys) into ``model``'s table in this transaction.

    On PostgreSQL (psycopg 3) with at least COPY_MIN_ROWS rows: ``COPY .. FROM STDIN``, column
    defaults applied here; elsewhere an executemany.
    """
    if not values:
        return
    table = model.__table__
    if (conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg"
            or len(values) < COPY_MIN_ROWS):
        conn.execute(insert(table), values)
        return
    first = values[0]
    columns = [c for c in table.columns if c.name in first or c.default is not None]
    fillers = [(c.name, isinstance(c.type, JSON), c.default) for c in columns]
    names = ", ".join(conn.dialect.identifier_preparer.quote(c.name) for c in columns)
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in values:
                out = []
                for name, is_json, default in fillers:
                    value = row[name] if name in row else _default(default)
                    out.append(json.dumps(value) if is_json and value is not None else value)
                copy.write_row(out)
    finally:
        cursor.close()


def _default(default) -> Any:
    """The value a SQLAlchemy column default gives a row without one (None when there is none)."""
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)  # SQLAlchemy wraps zero-argument callables to take a context
    return default.arg if default.is_scalar else None
