"""Status over time for planned events: pending, held, postponed, cancelled or disputed.

A *planned event* is a merged event that is a meeting agreed or announced (AGREE, mode meet,
reported as occurred/planned/possible) or any event reported with status ``planned``. Its status
comes from what later articles say (an article is *later* when it is not one of the planned event's
own articles and was published on or after its first report, within :data:`HORIZON_DAYS`):

- **held**: a CONSULT (not a phone call) reported as occurred with compatible participants (see
  :mod:`tidings.analysis.merge`; when the plan names people the KB knows, the CONSULT must name
  them too), the same place country when both have one, and a date on or after
  the first report (and compatible with the expected date when one was given); a planned CONSULT
  whose own merged event later gets an ``occurred`` mention counts the same way;
- **postponed** / **cancelled**: a later REJECT/meet, or any later event whose sentence says
  postponed, delayed, rescheduled / cancelled, called off, scrapped, with compatible participants
  and place (the wording decides which; a REJECT/meet without either word means cancelled);
- **disputed**: a later mention of the same event reported as denied; the claim and the denial
  are both kept as links.

The current status is that of the most recent link (by the linking article's date); every link is
kept with its evidence (article, offsets, sentence).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select

from ..store import rows
from ..store.analysis import PlannedStatusRow
from ..store.schema import ArticleRow, EventRow, ParticipantRow
from .merge import MENTIONS, MERGED, _dates_compatible, _sets_compatible

HORIZON_DAYS = 60
POSTPONED = re.compile(r"\b(postpon\w*|delay(?:ed|s)?|put off|push(?:ed|es)? back|reschedul\w*)\b", re.I)
CANCELLED = re.compile(r"\b(cancel\w*|call(?:ed|s|ing)? off|scrap(?:ped|s)?|abandon\w*)\b", re.I)
STATUS = PlannedStatusRow.__table__
EVENTS = EventRow.__table__
ARTICLES = ArticleRow.__table__
PARTS = ParticipantRow.__table__
_RANK = {"disputed": 0, "postponed": 1, "cancelled": 2, "held": 3}


def is_planned(row: Any) -> bool:
    statuses = set(row["statuses"] or ())
    if row["event_type"] == "AGREE" and row["mode"] == "meet":
        return bool(statuses & {"occurred", "planned", "possible"})
    return "planned" in statuses


def _split(identities: Iterable[str]) -> tuple[set[str], set[str]]:
    ids = set(identities or ())
    countries = {i for i in ids if len(i) == 3 and i.isupper()}
    return ids - countries, countries


def _mentions(conn: Connection, merged_id: int) -> list[dict[str, Any]]:
    stmt = (select(EVENTS.c.id, EVENTS.c.event_type, EVENTS.c.status, EVENTS.c.sentence_start,
                   EVENTS.c.sentence_end, EVENTS.c.sentence_text, EVENTS.c.clause_text, EVENTS.c.location_name,
                   ARTICLES.c.doc_id, ARTICLES.c.published)
            .join(MENTIONS, MENTIONS.c.event_row_id == EVENTS.c.id)
            .join(ARTICLES, ARTICLES.c.id == EVENTS.c.article_id)
            .where(MENTIONS.c.merged_id == merged_id)
            .order_by(ARTICLES.c.published.asc().nulls_last(), EVENTS.c.sentence_start))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _link(status: str, r: Any, merged_id: int | None = None) -> dict[str, Any]:
    pub = r["published"]
    return {"status": status, "merged_id": merged_id, "doc_id": r["doc_id"],
            "published": pub.isoformat() if isinstance(pub, dt.date) else pub,
            "start": r["sentence_start"], "end": r["sentence_end"], "text": r["sentence_text"]}


def _place_ok(a: str | None, b: str | None) -> bool:
    return not a or not b or a == b


def _horizon(planned: Any) -> dt.date | None:
    """The last day a later report can bear on a plan: 60 days after its first report, or two weeks
    after its expected date when that is later."""
    if not planned["first_reported"]:
        return None
    horizon = dt.date.fromisoformat(planned["first_reported"]) + dt.timedelta(days=HORIZON_DAYS)
    expected = planned["date_value"] if "planned" in (planned["statuses"] or ()) else None
    rng = rows.date_range(expected) if expected else None
    if rng and dt.date.fromisoformat(rng[1]) + dt.timedelta(days=14) > horizon:
        horizon = dt.date.fromisoformat(rng[1]) + dt.timedelta(days=14)
    return horizon


def load_outcomes(conn: Connection, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Events published in [first, last] that may postpone or cancel a plan (a REJECT/meet, or a
    sentence saying postponed/cancelled), with their participants: loaded once per refresh."""
    stmt = (select(EVENTS.c.id, EVENTS.c.event_type, EVENTS.c.mode, EVENTS.c.status, EVENTS.c.location_country,
                   EVENTS.c.sentence_start, EVENTS.c.sentence_end, EVENTS.c.sentence_text, EVENTS.c.clause_text,
                   ARTICLES.c.doc_id, ARTICLES.c.published)
            .join(ARTICLES, ARTICLES.c.id == EVENTS.c.article_id)
            .where(ARTICLES.c.published >= first, ARTICLES.c.published <= last,
                   EVENTS.c.event_type.in_(("REJECT", "AGREE", "CONSULT", "RETREAT")),
                   EVENTS.c.when_end >= first.isoformat()))
    found = []
    for r in conn.execute(stmt).mappings():
        postponed = bool(POSTPONED.search(r["sentence_text"]) or POSTPONED.search(r["clause_text"]))
        if (r["event_type"] == "REJECT" and r["mode"] == "meet") or postponed or CANCELLED.search(r["sentence_text"]):
            found.append({**r, "postponed": postponed, "people": set(), "countries": set()})
    by_id = {r["id"]: r for r in found}
    ids = list(by_id)
    for i in range(0, len(ids), 500):
        for p in conn.execute(select(PARTS.c.event_id, PARTS.c.kb_id, PARTS.c.country)
                              .where(PARTS.c.event_id.in_(ids[i:i + 500]))):
            if p.kb_id:
                by_id[p.event_id]["people"].add(p.kb_id)
            if p.country:
                by_id[p.event_id]["countries"].add(p.country)
    return found


def load_consults(conn: Connection, first: dt.date, last: dt.date) -> list[Any]:
    """Merged in-person CONSULT events first reported in [first, last]: the candidates for "held"."""
    stmt = select(MERGED).where(MERGED.c.event_type == "CONSULT",
                                MERGED.c.first_reported >= first.isoformat(),
                                MERGED.c.first_reported <= last.isoformat(),
                                or_(MERGED.c.mode.is_(None), MERGED.c.mode != "phone"))
    return list(conn.execute(stmt).mappings())


def links_for(conn: Connection, planned: Any, outcomes: list[dict[str, Any]] | None = None,
              consults: list[Any] | None = None) -> list[dict[str, Any]]:
    """Every later report that bears on one planned merged event, oldest first (``outcomes``: the
    candidate postponing/cancelling events, from :func:`load_outcomes`, when already loaded)."""
    mentions = _mentions(conn, planned["id"])
    first = dt.date.fromisoformat(planned["first_reported"]) if planned["first_reported"] else None
    # the articles that first reported the plan cannot also report its outcome
    own_docs = {m["doc_id"] for m in mentions if m["published"] == first}
    people, countries = _split(planned["identities"])
    expected = planned["date_value"] if "planned" in (planned["statuses"] or ()) else None
    horizon = _horizon(planned)
    out: list[dict[str, Any]] = []

    def later(pub: dt.date | None, doc_id: str) -> bool:
        if doc_id in own_docs or first is None or pub is None:
            return False
        return first <= pub <= horizon

    # mentions of the planned event itself: held (planned CONSULT later reported) or denied
    for m in mentions:
        if m["doc_id"] not in own_docs and m["published"] and first and m["published"] > first:
            if m["status"] == "occurred" and m["event_type"] == "CONSULT":
                out.append(_link("held", m, planned["id"]))
            elif m["status"] == "denied":
                out.append(_link("disputed", m, planned["id"]))

    if first is None:
        return out
    # held: a later CONSULT (not by phone) reported as occurred
    if consults is None:
        consults = load_consults(conn, first, horizon)
    for r in consults:
        if r["id"] == planned["id"] or not (first.isoformat() <= r["first_reported"] <= horizon.isoformat()):
            continue
        if "occurred" not in (r["statuses"] or ()):
            continue
        # a CONSULT already reported with the plan (or a wire copy of that report) is not its outcome,
        # unless it was itself reported as planned first
        if "planned" not in (r["statuses"] or ()) and (
                r["first_reported"] < first.isoformat()
                or (r["first_reported"] == first.isoformat() and r["first_doc_id"] in own_docs)):
            continue
        p2, c2 = _split(r["identities"])
        # a meeting of named people is held only when those people meet
        if not (_sets_compatible(countries, c2, empty_ok=False) and _sets_compatible(people, p2, empty_ok=not people)):
            continue
        if not _place_ok(planned["location_country"], r["location_country"]):
            continue
        if expected and r["date_value"] and not _dates_compatible(expected, planned["date_precision"], None,
                                                                  r["date_value"], r["date_precision"], None):
            continue
        if planned["when_start"] and r["when_end"] and r["when_end"] < planned["when_start"]:
            continue
        for m in _mentions(conn, r["id"]):
            if m["status"] == "occurred" and later(m["published"], m["doc_id"]):
                out.append(_link("held", m, r["id"]))
                break

    # postponed / cancelled: later events saying so about the same participants and place
    if outcomes is None:
        outcomes = load_outcomes(conn, first, horizon)
    for r in outcomes:
        if not later(r["published"], r["doc_id"]):
            continue
        p2, c2 = r["people"], r["countries"]
        if not (_sets_compatible(countries, c2, empty_ok=False) and _sets_compatible(people, p2, empty_ok=True)):
            continue
        if not _place_ok(planned["location_country"], r["location_country"]):
            continue
        status = "postponed" if r["postponed"] and not CANCELLED.search(r["clause_text"]) else "cancelled"
        out.append(_link(status, r))
    seen: set[tuple[str, str]] = set()
    unique = []
    for link in sorted(out, key=lambda link: (link["published"] or "", _RANK[link["status"]], link["start"])):
        if (link["status"], link["doc_id"]) not in seen:
            seen.add((link["status"], link["doc_id"]))
            unique.append(link)
    return unique


def refresh(conn: Connection, since: dt.date | None = None, countries: set[str] | None = None) -> int:
    """Recompute the status of planned events first reported on/after ``since - HORIZON`` (all when
    None). With ``countries`` (the participant countries of a new batch of articles), only plans
    that share a country with the batch are reassessed: nothing else can have changed. Returns how
    many planned events were (re)assessed."""
    stmt = select(MERGED).where(or_(MERGED.c.event_type == "AGREE", MERGED.c.statuses.is_not(None)))
    if since is not None:
        stmt = stmt.where(MERGED.c.first_reported >= (since - dt.timedelta(days=HORIZON_DAYS)).isoformat())
    planned = [r for r in conn.execute(stmt).mappings() if is_planned(r)]
    if countries is not None:
        planned = [r for r in planned if _split(r["identities"])[1] & countries or not _split(r["identities"])[1]]
    ids = [r["id"] for r in planned]
    for i in range(0, len(ids), 500):
        conn.execute(delete(STATUS).where(STATUS.c.planned_id.in_(ids[i:i + 500])))
    firsts = [dt.date.fromisoformat(r["first_reported"]) for r in planned if r["first_reported"]]
    last = max((_horizon(r) for r in planned if r["first_reported"]), default=None)
    outcomes = load_outcomes(conn, min(firsts), last) if firsts else []
    consults = load_consults(conn, min(firsts), last) if firsts else []
    values = []
    for r in planned:
        links = links_for(conn, r, outcomes, consults)
        values.append({"planned_id": r["id"], "status": links[-1]["status"] if links else "pending", "links": links})
    if values:
        conn.execute(insert(STATUS), values)
    return len(values)
