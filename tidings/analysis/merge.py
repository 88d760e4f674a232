"""Event mentions -> events: one merged record per real-world event, with all its mentions.

Two mentions (or a mention and a merged event) are the same event when

- the PLOVER type and mode are the same;
- the participants are compatible: their country sets overlap and one contains the other (or
  their Jaccard similarity is at least 0.5), and the same holds for their KB ids when both name
  people or organisations the KB knows (a side with no KB ids is compatible with any);
- the dates are compatible: both dated -> equal at the coarser precision (``2025-02`` matches
  ``2025-02-13``); an undated mention stands for its article's published date, give or take
  :data:`UNDATED_SLACK_DAYS`;
- the places are compatible: either has none, or both are in the same country.

Merging is incremental: a new mention is compared with the merged events of its type whose day
range is near its own (an indexed range query), joins the first compatible one or starts a new
one. ``n_sources`` counts distinct ``Article.source`` (else ``site``, else the article itself);
``first_reported`` is the earliest published date among the mentions. Per-mention records stay in
``events``; ``merged_event_mentions`` links them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ..models import EventRecord
from ..store import rows
from ..store.analysis import MergedEventRow, MergedMentionRow
from ..store.schema import ArticleRow, EventRow

UNDATED_SLACK_DAYS = 7
MERGED = MergedEventRow.__table__
MENTIONS = MergedMentionRow.__table__
EVENTS = EventRow.__table__
ARTICLES = ArticleRow.__table__
_PREC = {"day": 3, "month": 2, "year": 1}


@dataclass
class Mention:
    """One stored event with what merging needs from its article."""

    row_id: int
    event: EventRecord
    published: dt.date | None
    source: str

    @property
    def people(self) -> set[str]:
        return {r.kb_id for r in (*self.event.actor, *self.event.recipient) if r.kb_id}

    @property
    def countries(self) -> set[str]:
        return {r.country for r in (*self.event.actor, *self.event.recipient) if r.country}

    def day_range(self) -> tuple[str, str] | None:
        if self.event.date:
            return rows.date_range(self.event.date.value)
        if self.published:
            lo = self.published - dt.timedelta(days=UNDATED_SLACK_DAYS)
            hi = self.published + dt.timedelta(days=UNDATED_SLACK_DAYS)
            return lo.isoformat(), hi.isoformat()
        return None


def source_key(source: str | None, site: str | None, doc_id: str) -> str:
    """The independent source of an article: its source, else its site, else the article itself."""
    return rows.fold((source or site or f"article:{doc_id}").strip())


def _sets_compatible(a: set[str], b: set[str], *, empty_ok: bool) -> bool:
    if not a or not b:
        return empty_ok
    inter = a & b
    if not inter:
        return False
    return a <= b or b <= a or len(inter) / len(a | b) >= 0.5


def _dates_compatible(a_value: str | None, a_prec: str | None, a_pub: dt.date | None,
                      b_value: str | None, b_prec: str | None, b_pub: dt.date | None) -> bool:
    if a_value and b_value:
        n = min(_PREC.get(a_prec or "day", 3), _PREC.get(b_prec or "day", 3))
        return a_value.split("-")[:n] == b_value.split("-")[:n]
    if not a_value and not b_value:
        if a_pub and b_pub:
            return abs((a_pub - b_pub).days) <= UNDATED_SLACK_DAYS
        return True
    value, pub = (a_value, b_pub) if a_value else (b_value, a_pub)
    if pub is None:
        return True
    rng = rows.date_range(value)
    if rng is None:
        return True
    lo = dt.date.fromisoformat(rng[0]) - dt.timedelta(days=UNDATED_SLACK_DAYS)
    hi = dt.date.fromisoformat(rng[1]) + dt.timedelta(days=UNDATED_SLACK_DAYS)
    return lo <= pub <= hi


@dataclass
class Merged:
    """A merged event being built or loaded (mirrors a ``merged_events`` row)."""

    id: int | None
    event_type: str
    mode: str | None
    people: set[str]
    countries: set[str]
    date_value: str | None
    date_precision: str | None
    published: dt.date | None  # the earliest report: stands for the date when undated
    location_country: str | None
    row: dict[str, Any] = field(default_factory=dict)

    def accepts(self, m: Mention) -> bool:
        ev = m.event
        if ev.event_type != self.event_type:
            return False
        if ev.mode != self.mode:
            return False
        if not _sets_compatible(m.countries, self.countries, empty_ok=False):
            return False
        if not _sets_compatible(m.people, self.people, empty_ok=True):
            return False
        loc = ev.location.country if ev.location else None
        if loc and self.location_country and loc != self.location_country:
            return False
        return _dates_compatible(ev.date.value if ev.date else None, ev.date.precision if ev.date else None,
                                 m.published, self.date_value, self.date_precision, self.published)


def compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions report the same event (the rules in the module docstring)."""
    return _from_mention(None, a).accepts(b)


def _from_mention(merged_id: int | None, m: Mention) -> Merged:
    ev = m.event
    return Merged(merged_id, ev.event_type, ev.mode, set(m.people), set(m.countries),
                  ev.date.value if ev.date else None, ev.date.precision if ev.date else None,
                  m.published, ev.location.country if ev.location else None)


def _from_row(r: Any) -> Merged:
    people = {p for p in r["identities"] if not (len(p) == 3 and p.isupper())}
    countries = {p for p in r["identities"] if len(p) == 3 and p.isupper()}
    first = dt.date.fromisoformat(r["first_reported"]) if r["first_reported"] else None
    return Merged(r["id"], r["event_type"], r["mode"], people, countries, r["date_value"], r["date_precision"],
                  first, r["location_country"], dict(r))


def load_mentions(conn: Connection, article_ids: Sequence[int]) -> list[Mention]:
    """The stored events of these articles, in article and sentence order."""
    from ..store import reader

    out: list[Mention] = []
    for i in range(0, len(article_ids), 500):
        chunk = list(article_ids[i:i + 500])
        stmt = (select(*EVENTS.c, ARTICLES.c.doc_id.label("article_doc_id"), ARTICLES.c.published,
                       ARTICLES.c.source, ARTICLES.c.site)
                .join(ARTICLES, ARTICLES.c.id == EVENTS.c.article_id).where(EVENTS.c.article_id.in_(chunk))
                .order_by(ARTICLES.c.published.asc().nulls_last(), ARTICLES.c.id, EVENTS.c.sentence_start,
                          EVENTS.c.id))
        ev_rows = conn.execute(stmt).mappings().all()
        parts = reader.participants_by_event(conn, [r["id"] for r in ev_rows])
        for r in ev_rows:
            ev = rows.to_event(r, r["article_doc_id"], parts.get(r["id"], []))
            src = source_key(r["source"], r["site"], r["article_doc_id"])
            out.append(Mention(r["id"], ev, r["published"], src))
    return out


def merge_mentions(conn: Connection, mentions: Sequence[Mention]) -> set[int]:
    """Attach each mention to a compatible merged event (or a new one); returns touched ids.

    The candidate merged events of the batch (same types, within the batch's date window) are read
    once and kept up to date in memory while the batch is merged, so the cost per batch depends on
    the events in that window, not on one query per mention."""
    touched: set[int] = set()
    windows = {}
    for m in mentions:
        rng = m.day_range()
        windows[m.row_id] = None if rng is None else (
            (dt.date.fromisoformat(rng[0]) - dt.timedelta(days=UNDATED_SLACK_DAYS)).isoformat(),
            (dt.date.fromisoformat(rng[1]) + dt.timedelta(days=UNDATED_SLACK_DAYS)).isoformat())
    cache: dict[str, list[Merged]] = {}
    for etype in {m.event.event_type for m in mentions}:
        spans = [windows[m.row_id] for m in mentions if m.event.event_type == etype]
        stmt = select(MERGED).where(MERGED.c.event_type == etype)
        if all(w is not None for w in spans):
            stmt = stmt.where(MERGED.c.when_end >= min(w[0] for w in spans),
                              MERGED.c.when_start <= max(w[1] for w in spans))
        cache[etype] = [_from_row(r) for r in conn.execute(stmt.order_by(MERGED.c.id)).mappings()]
    # candidates share a country with the mention (merged events need one in common): index them
    by_country: dict[str, dict[str, set[int]]] = {}
    for etype, cands in cache.items():
        idx = by_country.setdefault(etype, {})
        for i, cand in enumerate(cands):
            for c in cand.countries:
                idx.setdefault(c, set()).add(i)
    links: list[dict[str, int]] = []
    for m in mentions:
        window = windows[m.row_id]
        etype = m.event.event_type
        cands = cache[etype]
        idx = by_country[etype]
        positions = sorted(set().union(*(idx.get(c, set()) for c in m.countries))) if m.countries else []
        target, at = None, -1
        for i in positions:
            cand = cands[i]
            r = cand.row
            if window is not None and not (r["when_end"] is not None and r["when_start"] is not None
                                           and r["when_end"] >= window[0] and r["when_start"] <= window[1]):
                continue
            if cand.accepts(m):
                target, at = cand, i
                break
        if target is None:
            target_id = _insert_new(conn, m)
            row = conn.execute(select(MERGED).where(MERGED.c.id == target_id)).mappings().one()
            cands.append(_from_row(row))
            at = len(cands) - 1
        else:
            target_id = target.id
            values = _extend(conn, target, m)
            cands[at] = _from_row({**target.row, **values})
        for c in cands[at].countries:
            idx.setdefault(c, set()).add(at)
        links.append({"merged_id": target_id, "event_row_id": m.row_id})
        touched.add(target_id)
    if links:
        conn.execute(insert(MENTIONS), links)
    return touched


def _participants(ev: EventRecord) -> list[dict[str, Any]]:
    return [{"name": r.name, "id": r.kb_id, "country": r.country, "role": role}
            for role, refs in (("actor", ev.actor), ("recipient", ev.recipient)) for r in refs]


def _insert_new(conn: Connection, m: Mention) -> int:
    ev = m.event
    rng = m.day_range() or (None, None)
    pub = m.published.isoformat() if m.published else None
    return conn.execute(insert(MERGED).values(
        event_type=ev.event_type, mode=ev.mode, status=ev.status, statuses=[ev.status],
        date_value=ev.date.value if ev.date else None, date_precision=ev.date.precision if ev.date else None,
        when_start=rng[0], when_end=rng[1],
        location_name=ev.location.name if ev.location else None,
        location_country=ev.location.country if ev.location else None,
        location_feature=ev.location.feature if ev.location else None,
        participants=_participants(ev), identities=sorted(m.people | m.countries), n_mentions=1,
        n_sources=1, sources=[m.source], first_reported=pub, first_doc_id=ev.doc_id,
    ).returning(MERGED.c.id)).scalar_one()


def _finer(a: str | None, b: str | None) -> bool:
    return _PREC.get(a or "", 0) > _PREC.get(b or "", 0)


def _extend(conn: Connection, target: Merged, m: Mention) -> dict[str, Any]:
    r, ev = target.row, m.event
    values: dict[str, Any] = {"n_mentions": r["n_mentions"] + 1}
    statuses = list(r["statuses"] or [])
    if ev.status not in statuses:
        values["statuses"] = statuses + [ev.status]
    sources = list(r["sources"] or [])
    if m.source not in sources:
        values["sources"] = sources + [m.source]
        values["n_sources"] = len(sources) + 1
    idents = set(r["identities"] or ()) | m.people | m.countries
    if idents != set(r["identities"] or ()):
        values["identities"] = sorted(idents)
        known = {(p["id"] or p["name"]) for p in r["participants"]}
        values["participants"] = list(r["participants"]) + [p for p in _participants(ev)
                                                             if (p["id"] or p["name"]) not in known]
    if ev.date and (r["date_value"] is None or _finer(ev.date.precision, r["date_precision"])):
        rng = rows.date_range(ev.date.value)
        values.update(date_value=ev.date.value, date_precision=ev.date.precision,
                      when_start=rng[0] if rng else r["when_start"], when_end=rng[1] if rng else r["when_end"])
    if ev.location and (r["location_name"] is None or (r["location_feature"] == "country"
                                                       and ev.location.feature != "country")):
        values.update(location_name=ev.location.name, location_country=ev.location.country,
                      location_feature=ev.location.feature)
    pub = m.published.isoformat() if m.published else None
    if pub and (r["first_reported"] is None or pub < r["first_reported"]):
        values.update(first_reported=pub, first_doc_id=ev.doc_id, status=ev.status)
    conn.execute(update(MERGED).where(MERGED.c.id == target.id).values(**values))
    return values
