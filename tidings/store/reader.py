"""Read events back from the database as :class:`EventRecord` values.

Filter rules (``event_query``):

- ``actor``: three capital letters (``USA``) match a participant's (actor or recipient) country;
  anything else matches, case- and accent-insensitively, a substring of a participant's name or
  knowledge-base id.
- ``since``/``until`` (``date`` or ``YYYY-MM-DD``/``YYYY-MM``/``YYYY``): an event is kept when the
  days it may fall on overlap ``[since, until]``. A month or year precision date covers its whole
  month or year (``2025-02`` is kept by ``since="2025-02-13"``); an event without a date uses its
  article's published date; an event with neither is left out whenever a bound is given.
- ``dyad`` (``"USA-RUS"`` or ``("USA", "RUS")``): a country pair, in either order: the event has
  a participant from the one country and another participant from the other (actor or
  recipient; ``"USA-USA"``: two participants from the USA).
- ``country``: the event's location country; ``article``: the article's doc_id.

Order is stable: article published date (undated last), article id, sentence start, event id;
``events.sort_day`` holds the first key so that indexes serve it (``ix_events_order``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, select

from ..errors import InputError
from ..models import EventRecord
from . import rows
from .schema import ArticleRow, EventRow, ParticipantRow

EVENTS = EventRow.__table__
ARTICLES = ArticleRow.__table__
PARTICIPANTS = ParticipantRow.__table__
ISO3 = re.compile(r"[A-Z]{3}")
CHUNK = 500


def _one_or_many(column, value: str | Iterable[str]):
    if isinstance(value, str):
        return column == value
    return column.in_(list(value))


def event_query(*, actor: str | None = None, event_type: str | Iterable[str] | None = None,
                status: str | Iterable[str] | None = None, since: str | dt.date | None = None,
                until: str | dt.date | None = None, article: str | None = None,
                country: str | None = None, dyad: str | tuple[str, str] | None = None,
                limit: int | None = None, offset: int = 0) -> Select:
    stmt = select(*EVENTS.c, ARTICLES.c.doc_id.label("article_doc_id")).join(
        ARTICLES, ARTICLES.c.id == EVENTS.c.article_id)
    if event_type is not None:
        stmt = stmt.where(_one_or_many(EVENTS.c.event_type, event_type))
    if status is not None:
        stmt = stmt.where(_one_or_many(EVENTS.c.status, status))
    if article is not None:
        stmt = stmt.where(ARTICLES.c.doc_id == article)
    if country is not None:
        stmt = stmt.where(EVENTS.c.location_country == country.upper())
    if since is not None:
        stmt = stmt.where(EVENTS.c.when_end >= rows.bound(since, upper=False))
    if until is not None:
        stmt = stmt.where(EVENTS.c.when_start <= rows.bound(until, upper=True))
    if actor:
        if ISO3.fullmatch(actor):  # IN: the country index finds the few matching participants
            stmt = stmt.where(EVENTS.c.id.in_(select(PARTICIPANTS.c.event_id)
                                              .where(PARTICIPANTS.c.country == actor)))
        else:  # EXISTS: a substring needs a scan; walk events in order, stop at the page's end
            cond = PARTICIPANTS.c.search.contains(rows.fold(actor.strip()), autoescape=True)
            stmt = stmt.where(select(PARTICIPANTS.c.id).where(
                PARTICIPANTS.c.event_id == EVENTS.c.id, cond).exists())
    if dyad:
        a, b = parse_dyad(dyad)
        p1, p2 = PARTICIPANTS.alias("p1"), PARTICIPANTS.alias("p2")
        pairs = (select(p1.c.event_id).join(p2, (p2.c.event_id == p1.c.event_id) & (p2.c.id != p1.c.id))
                 .where(p1.c.country == a, p2.c.country == b))
        stmt = stmt.where(EVENTS.c.id.in_(pairs))
    stmt = stmt.order_by(EVENTS.c.sort_day, EVENTS.c.article_id, EVENTS.c.sentence_start, EVENTS.c.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    return stmt


def parse_dyad(value: str | tuple[str, str]) -> tuple[str, str]:
    """``"USA-RUS"``, ``"usa,rus"`` or ``("USA", "RUS")`` -> ("USA", "RUS"); InputError otherwise."""
    parts = re.split(r"[-,/ ]+", value.strip()) if isinstance(value, str) else list(value)
    pair = tuple(p.strip().upper() for p in parts if p and p.strip())
    if len(pair) != 2 or not all(ISO3.fullmatch(p) for p in pair):
        raise InputError(f"dyad: expected two ISO3 country codes like USA-RUS, got {value!r}")
    return pair[0], pair[1]


def participants_by_event(conn: Connection, event_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(event_ids), CHUNK):
        chunk = event_ids[i:i + CHUNK]
        for p in conn.execute(select(PARTICIPANTS).where(PARTICIPANTS.c.event_id.in_(chunk))).mappings():
            out[p["event_id"]].append(p)
    return out


def read_events(conn: Connection, stmt: Select) -> list[EventRecord]:
    event_rows = conn.execute(stmt).mappings().all()
    parts = participants_by_event(conn, [r["id"] for r in event_rows])
    return [rows.to_event(r, r["article_doc_id"], parts.get(r["id"], [])) for r in event_rows]
