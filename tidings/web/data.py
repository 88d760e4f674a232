"""One data function per page: each returns a plain, JSON-ready dict that feeds both the HTML page
and its ``/api/v1/...`` twin (as datasette does).

Everything here reads through SQLAlchemy Core on the :class:`~tidings.store.Store` engine, with
paging (``limit``/``offset``/``total``) and the same filter rules as ``Store.events`` (see
:mod:`tidings.store.reader`). Big views (timeline, network) are bounded or aggregated in SQL so
that pages stay fast with many thousands of articles.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, distinct, func, literal, or_, select

from ..errors import InputError
from ..events.ontology import load_ontology
from ..models import STATUSES, ActorRef, EventRecord, to_plain
from ..store import Store
from ..store import reader as sreader
from ..store import rows as srows
from ..store.schema import ActorRow, ArticleRow, EventRow, FindingRow, ParticipantRow

ARTICLES = ArticleRow.__table__
EVENTS = EventRow.__table__
PARTS = ParticipantRow.__table__
ACTORS = ActorRow.__table__
FINDINGS = FindingRow.__table__

MAX_LIMIT = 500
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
FUTURE = ("planned", "possible")


class NotFound(InputError):
    code = "not_found"


# --- filters and paging --------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    limit: int = 50
    offset: int = 0

    @classmethod
    def of(cls, limit: int | None, offset: int | None, default: int = 50) -> Page:
        limit = default if limit is None else limit
        offset = offset or 0
        if limit < 1 or limit > MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}", code="bad_request")
        if offset < 0:
            raise InputError("offset must be 0 or more", code="bad_request")
        return cls(limit, offset)

    def info(self, total: int) -> dict[str, Any]:
        nxt = self.offset + self.limit if self.offset + self.limit < total else None
        prev = max(0, self.offset - self.limit) if self.offset > 0 else None
        return {"total": total, "limit": self.limit, "offset": self.offset, "next_offset": nxt,
                "prev_offset": prev}


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None
    event_type: str | None = None
    status: str | None = None
    country: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None

    def clean(self) -> EventFilter:
        def norm(v: str | None) -> str | None:
            v = (v or "").strip()
            return v or None

        f = EventFilter(**{k: norm(v) for k, v in self.__dict__.items()})
        for name in ("since", "until"):
            value = getattr(f, name)
            if value is not None and srows.date_range(value) is None:
                raise InputError(f"{name}: bad date {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)",
                                 code="bad_request")
        if f.event_type:
            f = _replace(f, event_type=f.event_type.upper())
        if f.country:
            f = _replace(f, country=f.country.upper())
        return f

    def params(self) -> dict[str, str]:
        """The non-empty filters, as query parameters (``type`` for ``event_type``)."""
        out = {("type" if k == "event_type" else k): v for k, v in self.__dict__.items() if v}
        return out

    def statement(self, *, limit: int | None = None, offset: int = 0) -> Select:
        stmt = sreader.event_query(actor=self.actor, event_type=self.event_type, status=self.status,
                                   since=self.since, until=self.until, article=self.article,
                                   country=self.country, limit=limit, offset=offset)
        if self.place:
            stmt = stmt.where(_like(EVENTS.c.location_name, self.place))
        return stmt


def _replace(f: EventFilter, **kw: Any) -> EventFilter:
    return EventFilter(**{**f.__dict__, **kw})


def _like(column, text: str):
    """Case-insensitive substring match (LIKE is case-insensitive for ASCII on SQLite)."""
    return column.ilike(f"%{_escape(text)}%", escape="\\")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _count(conn, stmt: Select) -> int:
    inner = stmt.order_by(None).limit(None).offset(None).with_only_columns(EVENTS.c.id)
    return conn.execute(select(func.count()).select_from(inner.subquery())).scalar_one()


# --- events as plain dicts -------------------------------------------------------------------------

def _actor(a: ActorRef) -> dict[str, Any]:
    return {"name": a.name, "id": a.kb_id, "key": actor_key(a.kb_id, a.name), "country": a.country,
            "sector": a.sector, "kind": a.kind, "office": a.office, "wikidata": a.wikidata,
            "text": a.span.text, "start": a.span.start, "end": a.span.end, "resolved_by": a.resolved_by}


def actor_key(kb_id: str | None, name: str) -> str:
    """The actor page key: the KB id when there is one, else the name."""
    return kb_id or name


def quad_of(event_type: str) -> int | None:
    et = load_ontology().event_types.get(event_type)
    return et.quad_class if et else None


def planned_act(ev: EventRecord, published: dt.date | str | None) -> bool:
    """True when what the event is about lies ahead: a planned or possible event, or an agreement to
    meet (AGREE/meet) whose meeting is dated after publication or not dated at all."""
    if ev.status in FUTURE:
        return True
    if ev.event_type == "AGREE" and ev.mode == "meet" and ev.status == "occurred":
        if ev.date is None:
            return True
        pub = published.isoformat() if isinstance(published, dt.date) else published
        rng = srows.date_range(ev.date.value)
        return bool(pub and rng and rng[1] > pub)
    return False


def event_dict(ev: EventRecord, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """An event with every field, plus ``when`` (the day it is placed on), article title and
    ``planned_act`` (see :func:`planned_act`)."""
    extra = extra or {}
    d = ev.to_contract()
    d["actor"] = [_actor(a) for a in ev.actor]
    d["recipient"] = [_actor(a) for a in ev.recipient]
    d["date_text"] = ev.date.span.text if ev.date and ev.date.span else None
    d["location"] = to_plain(ev.location) if ev.location else None
    d["clause_start"], d["clause_end"] = ev.evidence.clause.start, ev.evidence.clause.end
    d["sentence_start"], d["sentence_end"] = ev.evidence.sentence.start, ev.evidence.sentence.end
    d["trigger"] = ev.evidence.trigger.text
    d["trigger_start"], d["trigger_end"] = ev.evidence.trigger.start, ev.evidence.trigger.end
    d["quad_class"] = quad_of(ev.event_type)
    d["quad"] = QUAD_NAMES.get(d["quad_class"] or 0)
    published = extra.get("published")
    d["when"] = extra.get("when_start")
    d["article_title"] = extra.get("title")
    d["article_published"] = published.isoformat() if isinstance(published, dt.date) else published
    d["planned_act"] = planned_act(ev, published)
    return d


def _read_events(conn, stmt: Select) -> list[dict[str, Any]]:
    """The events of ``stmt`` (an event query, paged). The page's ids are found first on narrow rows,
    then only those events are read whole: sorting 100,000 wide rows to keep 50 is what is slow."""
    return _read_ids(conn, [r[0] for r in conn.execute(stmt.with_only_columns(EVENTS.c.id))])


def _read_ids(conn, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    stmt = sreader.event_query().where(EVENTS.c.id.in_(ids)).add_columns(ARTICLES.c.published, ARTICLES.c.title)
    event_rows = conn.execute(stmt).mappings().all()
    parts = sreader.participants_by_event(conn, [r["id"] for r in event_rows])
    out = []
    for r in event_rows:
        ev = srows.to_event(r, r["article_doc_id"], parts.get(r["id"], []))
        out.append(event_dict(ev, {"when_start": r["when_start"], "published": r["published"],
                                   "title": r["title"]}))
    return out


# --- pages -----------------------------------------------------------------------------------------

def home(store: Store) -> dict[str, Any]:
    return {"stats": store.stats()}


def articles(store: Store, *, q: str | None = None, actor: str | None = None, source: str | None = None,
             since: str | None = None, until: str | None = None, page: Page = Page(),
             kb: Any = None) -> dict[str, Any]:
    """Stored articles, newest first, searched by full text (title or text), actor mentioned (a KB
    id, a name the KB resolves — "Putin" — or an actor's exact name), source and date range."""
    filters = {"q": (q or "").strip() or None, "actor": (actor or "").strip() or None,
               "source": (source or "").strip() or None, "since": (since or "").strip() or None,
               "until": (until or "").strip() or None}
    conds = []
    if filters["q"]:
        conds.append(or_(_like(ARTICLES.c.title, filters["q"]), _like(ARTICLES.c.text, filters["q"])))
    if filters["source"]:
        conds.append(or_(_like(ARTICLES.c.source, filters["source"]), _like(ARTICLES.c.site, filters["source"])))
    if filters["since"]:
        conds.append(ARTICLES.c.published >= _day(filters["since"], upper=False, name="since"))
    if filters["until"]:
        conds.append(ARTICLES.c.published <= _day(filters["until"], upper=True, name="until"))
    if filters["actor"]:
        a = filters["actor"]
        ids = {a}
        if kb is not None:
            ids |= {ans.id for ans in kb.lookup(a)[:3] if ans.kind in ("person", "org")}
        conds.append(ARTICLES.c.id.in_(select(ACTORS.c.article_id).where(
            or_(ACTORS.c.kb_id.in_(sorted(ids)), ACTORS.c.name == a))))
    where = and_(*conds) if conds else literal(True)
    n_events = (select(func.count()).select_from(EVENTS).where(EVENTS.c.article_id == ARTICLES.c.id)
                .scalar_subquery())
    stmt = (select(ARTICLES.c.doc_id, ARTICLES.c.title, ARTICLES.c.published, ARTICLES.c.source,
                   ARTICLES.c.site, ARTICLES.c.url, func.substr(ARTICLES.c.text, ARTICLES.c.body_start + 1, 240)
                   .label("snippet"), n_events.label("events"))
            .where(where).order_by(ARTICLES.c.published.desc().nulls_last(), ARTICLES.c.id)
            .limit(page.limit).offset(page.offset))
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(ARTICLES).where(where)).scalar_one()
        items = [{**r, "published": r["published"].isoformat() if r["published"] else None}
                 for r in conn.execute(stmt).mappings()]
    return {"filters": filters, "items": items, **page.info(total)}


def _day(value: str, *, upper: bool, name: str) -> dt.date:
    rng = srows.date_range(value)
    if rng is None:
        raise InputError(f"{name}: bad date {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)", code="bad_request")
    return dt.date.fromisoformat(rng[1] if upper else rng[0])


def article(store: Store, doc_id: str) -> dict[str, Any]:
    """One article: text, metadata, actors, events (every field) and fact-check findings; each
    finding is also attached to the events whose sentence contains it."""
    stored = store.article(doc_id)
    if stored is None:
        raise NotFound(f"no article {doc_id!r}")
    a = stored.article
    with store.engine.connect() as conn:
        events = _read_events(conn, sreader.event_query(article=doc_id))
        stances_ = article_stances(conn, doc_id)
        story_ = _story_of(conn, doc_id)
    findings = [{"kind": f.kind, "message": f.message, "kb_id": f.kb_id, "text": f.span.text,
                 "start": f.span.start, "end": f.span.end} for f in stored.findings]
    for i, ev in enumerate(events, 1):
        ev["n"] = i
        ev["findings"] = [f for f in findings if ev["sentence_start"] <= f["start"] < ev["sentence_end"]]
    return {
        "doc_id": a.doc_id, "title": a.title, "text": a.text, "published": a.published.isoformat() if a.published else None,
        "published_source": a.published_source, "url": a.url, "source": a.source, "author": a.author,
        "site": a.site, "path": a.path, "fmt": a.fmt, "body_start": a.body_start,
        "content_hash": a.content_hash, "warnings": list(a.warnings),
        "ingested_at": stored.ingested_at.isoformat(),
        "actors": [_actor(x) for x in stored.actors], "events": events, "findings": findings,
        "stances": stances_, "story": story_,
    }


def _story_of(conn, doc_id: str) -> dict[str, Any] | None:
    """The story an article belongs to (None before the analysis has run)."""
    from ..analysis import MEMBERS, STORIES

    row = conn.execute(select(STORIES.c.id, STORIES.c.story_key, STORIES.c.title, STORIES.c.n_articles,
                              MEMBERS.c.relation)
                       .join(MEMBERS, MEMBERS.c.story_id == STORIES.c.id)
                       .join(ARTICLES, ARTICLES.c.id == MEMBERS.c.article_id)
                       .where(ARTICLES.c.doc_id == doc_id)).mappings().first()
    return dict(row) if row else None


def events(store: Store, f: EventFilter, page: Page = Page()) -> dict[str, Any]:
    f = f.clean()
    with store.engine.connect() as conn:
        items, total = _page_and_total(conn, f.statement(limit=page.limit, offset=page.offset))
        if total is None:
            total = _count(conn, f.statement())
    return {"filters": f.params(), "items": items, **page.info(total)}


def _page_and_total(conn, stmt: Select) -> tuple[list[dict[str, Any]], int | None]:
    """The page's events and the filter's total (the total counted without the page's order)."""
    ids = [r[0] for r in conn.execute(stmt.with_only_columns(EVENTS.c.id))]
    total = _count(conn, stmt) if ids or stmt._offset_clause is None else None
    return _read_ids(conn, ids), total


def iter_event_records(store: Store, f: EventFilter, chunk: int = 1000):
    """Every event of a filter as EventRecords, read a chunk at a time (for downloads)."""
    f = f.clean()
    offset = 0
    while True:
        with store.engine.connect() as conn:
            batch = sreader.read_events(conn, f.statement(limit=chunk, offset=offset))
        yield from batch
        if len(batch) < chunk:
            return
        offset += chunk


def timeline(store: Store, f: EventFilter, page: Page = Page(limit=100)) -> dict[str, Any]:
    """Events of a filter laid out in time (by the first day each may fall on); undated events (no
    date and no article date) are listed apart. Planned/possible events are flagged."""
    data = events(store, f, page)
    dated = [e for e in data["items"] if e["when"]]
    days = sorted({e["when"] for e in dated})
    data["undated"] = [e for e in data["items"] if not e["when"]]
    data["range"] = {"start": days[0], "end": days[-1]} if days else None
    data["types"] = sorted({e["event_type"] for e in data["items"]})
    return data


def _node_key(alias):
    return func.coalesce(alias.c.kb_id, alias.c.name)


def network(store: Store, f: EventFilter, *, max_edges: int = 150, max_events: int = 5000) -> dict[str, Any]:
    """Who interacts with whom: one edge per (actor, recipient, PLOVER quad class) with its event
    count; events without recipients link their actors pairwise. Aggregated in SQL over the latest
    ``max_events`` events of the filter (by article date; narrow the filter to see older ones)."""
    f = f.clean()
    with store.engine.connect() as conn:
        total_events = _count(conn, f.statement())
    ids = (f.statement().order_by(None).with_only_columns(EVENTS.c.id)
           .order_by(ARTICLES.c.published.desc().nulls_last(), EVENTS.c.id.desc()).limit(max_events).subquery())
    a = PARTS.alias("a")
    b = PARTS.alias("b")
    has_recipient = select(PARTS.c.id).where(PARTS.c.event_id == a.c.event_id, PARTS.c.role == "recipient").exists()
    pair_cond = or_(
        and_(b.c.role == "recipient"),
        and_(b.c.role == "actor", b.c.position > a.c.position, ~has_recipient),
    )
    stmt = (select(_node_key(a).label("src"), func.max(a.c.name).label("src_name"),
                   func.max(a.c.country).label("src_country"), _node_key(b).label("dst"),
                   func.max(b.c.name).label("dst_name"), func.max(b.c.country).label("dst_country"),
                   EVENTS.c.event_type, func.count(distinct(EVENTS.c.id)).label("n"))
            .select_from(a.join(b, and_(a.c.event_id == b.c.event_id, pair_cond))
                         .join(EVENTS, EVENTS.c.id == a.c.event_id))
            .where(a.c.role == "actor", a.c.event_id.in_(select(ids.c.id)),
                   _node_key(a) != _node_key(b))
            .group_by(_node_key(a), _node_key(b), EVENTS.c.event_type))
    with store.engine.connect() as conn:
        agg = conn.execute(stmt).mappings().all()
    edges: dict[tuple[str, str, int], dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for r in agg:
        quad = quad_of(r["event_type"]) or 0
        key = (r["src"], r["dst"], quad)
        e = edges.setdefault(key, {"source": r["src"], "target": r["dst"], "quad_class": quad,
                                   "quad": QUAD_NAMES.get(quad), "count": 0, "types": {}})
        e["count"] += r["n"]
        e["types"][r["event_type"]] = e["types"].get(r["event_type"], 0) + r["n"]
        for k, name, country in ((r["src"], r["src_name"], r["src_country"]),
                                 (r["dst"], r["dst_name"], r["dst_country"])):
            node = nodes.setdefault(k, {"id": k, "name": name, "country": country, "degree": 0})
            node["degree"] += r["n"]
    edge_list = sorted(edges.values(), key=lambda e: (-e["count"], e["source"], e["target"]))
    truncated = len(edge_list) > max_edges
    edge_list = edge_list[:max_edges]
    keep = {e["source"] for e in edge_list} | {e["target"] for e in edge_list}
    node_list = sorted((n for n in nodes.values() if n["id"] in keep), key=lambda n: (-n["degree"], n["id"]))
    return {"filters": f.params(), "events": total_events, "events_used": min(total_events, max_events),
            "nodes": node_list, "edges": edge_list, "truncated": truncated, "quads": QUAD_NAMES}


def actor(store: Store, key: str, kb: Any, page: Page = Page()) -> dict[str, Any]:
    """An actor (KB id, or the name of an actor without one): KB record and offices held, events as
    actor and recipient (paged), counterparties, and the articles that mention them."""
    is_kb = kb is not None and (kb.person(key) or kb.org(key))
    match_p = (PARTS.c.kb_id == key) if is_kb else or_(PARTS.c.kb_id == key,
                                                         and_(PARTS.c.kb_id.is_(None), PARTS.c.name == key))
    match_a = (ACTORS.c.kb_id == key) if is_kb else or_(ACTORS.c.kb_id == key,
                                                         and_(ACTORS.c.kb_id.is_(None), ACTORS.c.name == key))
    ev_ids = select(PARTS.c.event_id).where(match_p)
    base = sreader.event_query().where(EVENTS.c.id.in_(ev_ids))
    with store.engine.connect() as conn:
        items, total = _page_and_total(conn, sreader.event_query(limit=page.limit, offset=page.offset)
                                       .where(EVENTS.c.id.in_(ev_ids)))
        if total is None:
            total = _count(conn, base)
        roles = conn.execute(select(PARTS.c.role, func.count(distinct(PARTS.c.event_id)))
                             .where(match_p).group_by(PARTS.c.role)).all()
        # whoever shares an event with this actor
        me = PARTS.alias("me")
        other = PARTS.alias("other")
        cp = conn.execute(
            select(_node_key(other).label("key"), func.max(other.c.name).label("name"),
                   func.max(other.c.country).label("country"), me.c.role.label("my_role"),
                   other.c.role.label("their_role"), func.count(distinct(other.c.event_id)).label("n"))
            .select_from(me.join(other, and_(other.c.event_id == me.c.event_id, other.c.id != me.c.id)))
            .where(me.c.id.in_(select(PARTS.c.id).where(match_p)), _node_key(other) != key)
            .group_by(_node_key(other), me.c.role, other.c.role)).mappings().all()
        mention = (select(ACTORS.c.article_id, func.count().label("mentions")).where(match_a)
                   .group_by(ACTORS.c.article_id).subquery())
        arts = conn.execute(
            select(ARTICLES.c.doc_id, ARTICLES.c.title, ARTICLES.c.published, mention.c.mentions,
                   func.count().over().label("n_articles"))
            .join(mention, mention.c.article_id == ARTICLES.c.id)
            .order_by(ARTICLES.c.published.desc().nulls_last(), ARTICLES.c.id).limit(50)).mappings().all()
        n_articles = arts[0]["n_articles"] if arts else 0
        name_row = conn.execute(select(PARTS.c.name, PARTS.c.country, PARTS.c.sector, PARTS.c.kind)
                                .where(match_p).limit(1)).mappings().first()
        stance_groups = holder_stances(conn, key, bool(is_kb))
        if name_row is None:
            name_row = conn.execute(select(ACTORS.c.name, ACTORS.c.country, ACTORS.c.sector, ACTORS.c.kind)
                                    .where(match_a).limit(1)).mappings().first()
    if not is_kb and name_row is None and not stance_groups:
        raise NotFound(f"no actor {key!r}")
    counterparties: dict[str, dict[str, Any]] = {}
    for r in cp:
        c = counterparties.setdefault(r["key"], {"key": r["key"], "name": r["name"], "country": r["country"],
                                                 "events": 0, "as_their_actor": 0, "as_their_recipient": 0,
                                                 "alongside": 0})
        c["events"] += r["n"]
        if r["my_role"] == "recipient" and r["their_role"] == "actor":
            c["as_their_recipient"] += r["n"]  # they acted on me
        elif r["my_role"] == "actor" and r["their_role"] == "recipient":
            c["as_their_actor"] += r["n"]  # I acted on them
        else:
            c["alongside"] += r["n"]
    role_counts = {role: n for role, n in roles}
    for ev in items:
        ev["role"] = ("actor" if any(p["key"] == key for p in ev["actor"]) else
                      "recipient" if any(p["key"] == key for p in ev["recipient"]) else None)
    return {
        "key": key, "kb": _kb_record(kb, key) if is_kb else None,
        "name": (is_kb and _kb_name(kb, key)) or (name_row["name"] if name_row else key),
        "country": name_row["country"] if name_row else None, "sector": name_row["sector"] if name_row else None,
        "kind": name_row["kind"] if name_row else None,
        "as_actor": role_counts.get("actor", 0), "as_recipient": role_counts.get("recipient", 0),
        "events": {"items": items, **page.info(total)},
        "counterparties": sorted(counterparties.values(), key=lambda c: (-c["events"], c["name"] or ""))[:50],
        "articles": {"items": [{"doc_id": r["doc_id"], "title": r["title"], "mentions": r["mentions"],
                                "published": r["published"].isoformat() if r["published"] else None}
                               for r in arts], "total": n_articles},
        "stances": stance_groups,
    }


def _kb_name(kb: Any, key: str) -> str | None:
    rec = kb.person(key) or kb.org(key)
    return rec.name if rec else None


def _kb_record(kb: Any, key: str) -> dict[str, Any] | None:
    person = kb.person(key)
    if person is not None:
        offices = []
        for term in sorted(kb.terms_of(key), key=lambda t: t.start or dt.date.min, reverse=True):
            office = kb.office(term.office_id)
            offices.append({"office_id": term.office_id, "title": office.title if office else term.office_id,
                            "country": office.country if office else None,
                            "sector": office.sector if office else None,
                            "start": term.start.isoformat() if term.start else None,
                            "end": term.end.isoformat() if term.end else None,
                            "current": term.covers(None), "note": term.note or None, "source": term.source})
        return {"type": "person", "id": person.id, "name": person.name, "aliases": list(person.aliases),
                "country": person.country, "gender": person.gender,
                "birth": person.birth.isoformat() if person.birth else None,
                "death": person.death.isoformat() if person.death else None,
                "wikidata": person.wikidata, "source": person.source, "offices": offices}
    org = kb.org(key)
    if org is not None:
        return {"type": "org", "id": org.id, "name": org.name, "aliases": list(org.aliases),
                "country": org.country, "sector": org.sector, "org_type": org.type, "wikidata": org.wikidata,
                "source": org.source, "offices": []}
    return None


def actor_search(store: Store, q: str, kb: Any, limit: int = 20) -> dict[str, Any]:
    """Actors whose name or KB id contains ``q`` (from event participants), with event counts."""
    q = (q or "").strip()
    stmt = (select(_node_key(PARTS).label("key"), func.max(PARTS.c.name).label("name"),
                   func.max(PARTS.c.country).label("country"), func.count(distinct(PARTS.c.event_id)).label("events"))
            .group_by(_node_key(PARTS)).order_by(func.count(distinct(PARTS.c.event_id)).desc()).limit(limit))
    if q:
        stmt = stmt.where(PARTS.c.search.contains(srows.fold(q), autoescape=True))
    with store.engine.connect() as conn:
        items = [dict(r) for r in conn.execute(stmt).mappings()]
    kb_hits = []
    if kb is not None and q:
        for ans in kb.lookup(q)[:5]:
            if ans.kind in ("person", "org"):
                kb_hits.append({"key": ans.id, "name": ans.name, "country": ans.country, "kind": ans.kind,
                                "office": ans.office.title if ans.office else None})
    return {"q": q, "items": items, "kb": kb_hits}


def facets() -> dict[str, list[str]]:
    """Values for the filter drop-downs (event types and statuses)."""
    return {"types": list(load_ontology().types), "statuses": list(STATUSES)}


def group_by_day(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in items:
        out[e["when"] or ""].append(e)
    return dict(out)


# --- analysis: stances, stories, planned events, briefs ---------------------------------------------

def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _stance_dict(s: Any, date: dt.date | None) -> dict[str, Any]:
    return {"stance_id": s.stance_id, "doc_id": s.doc_id, "date": _iso(date), "holder": s.holder.name,
            "holder_id": s.holder.kb_id, "holder_key": actor_key(s.holder.kb_id, s.holder.name),
            "country": s.holder.country, "issue": s.issue, "issue_key": s.issue_key, "position": s.position,
            "evidence": s.evidence.text, "start": s.evidence.start, "end": s.evidence.end, "quote": s.quote,
            "via": s.via, "confidence": round(s.confidence, 3)}


def _group_dict(group: Any) -> dict[str, Any]:
    d = group.as_dict()
    for h in d["holders"]:
        h["key"] = actor_key(h["holder_id"], h["holder"])
    return d


def stances(store: Store, *, issue: str | None = None, holder: str | None = None,
            page: Page = Page()) -> dict[str, Any]:
    """Who stands where per issue (issues with the most holders first), each holder with the dated
    history of their positions and the evidence (article and character offsets)."""
    from ..analysis.stances import stances_by_issue

    filters = {"issue": (issue or "").strip() or None, "holder": (holder or "").strip() or None}
    groups = stances_by_issue(store, issue=filters["issue"], holder=filters["holder"])
    items = [_group_dict(g) for g in groups[page.offset:page.offset + page.limit]]
    return {"filters": filters, "items": items, **page.info(len(groups))}


def article_stances(conn, doc_id: str) -> list[dict[str, Any]]:
    from ..store.analysis import read_stances

    return [_stance_dict(s, d) for s, d in read_stances(conn, article=doc_id)]


def holder_stances(conn, key: str, is_kb: bool) -> list[dict[str, Any]]:
    """An actor's stances grouped per issue, each with its position history (``changed`` marks a move)."""
    from ..analysis.stances import group_stances
    from ..store.analysis import read_stances

    def mine(s: Any) -> bool:
        if is_kb:
            return s.holder.kb_id == key
        return s.holder.kb_id == key or (s.holder.kb_id is None and srows.fold(s.holder.name) == srows.fold(key))

    dated = [(s, d) for s, d in read_stances(conn, holder=key) if mine(s)]
    return [_group_dict(g) for g in group_stances(dated)]


def stories(store: Store, *, q: str | None = None, min_articles: int = 1, page: Page = Page()) -> dict[str, Any]:
    """Stories (groups of articles on one development), most recent first."""
    from ..analysis import STORIES

    filters = {"q": (q or "").strip() or None, "min_articles": min_articles if min_articles > 1 else None}
    where = STORIES.c.n_articles >= min_articles
    if filters["q"]:
        where = and_(where, _like(STORIES.c.title, filters["q"]))
    stmt = (select(STORIES).where(where).order_by(STORIES.c.last_published.desc().nulls_last(),
                                                  STORIES.c.id.desc())
            .limit(page.limit).offset(page.offset))
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(STORIES).where(where)).scalar_one()
        items = [dict(r) for r in conn.execute(stmt).mappings()]
    return {"filters": filters, "items": items, **page.info(total)}


def _merged_dict(ev: dict[str, Any]) -> dict[str, Any]:
    from ..analysis import planned as aplanned

    ev = dict(ev)
    ev["planned"] = aplanned.is_planned(ev)
    if ev["planned"] and not ev.get("planned_status"):
        ev["planned_status"] = "pending"
    for m in ev.get("mentions") or ():
        m["published"] = _iso(m["published"])
    for link in ev.get("links") or ():
        link["published"] = _iso(link.get("published"))
    ev["quad_class"] = quad_of(ev["event_type"])
    return ev


def story(store: Store, ref: str) -> dict[str, Any]:
    """One story: title, time span, articles (first, near-duplicates, follow-ups), main actors and
    merged events (most-reported first) with their source counts and every mention."""
    from .. import analysis

    got = analysis.story(store, ref)
    if got is None:
        raise NotFound(f"no story {ref!r}")
    for a in got["articles"]:
        a["published"] = _iso(a["published"])
        a["similarity"] = round(a["similarity"], 3) if a["similarity"] is not None else None
    got["events"] = [_merged_dict(e) for e in got["events"]]
    return got


def planned(store: Store, *, status: str | None = None, page: Page = Page()) -> dict[str, Any]:
    """Planned events (agreed meetings, planned visits) by first report, with their current status
    (pending, held, postponed, cancelled, disputed) and the later reports that decided it."""
    from ..analysis import MERGED, STATUS
    from ..analysis import planned as aplanned
    from ..store.analysis import PLANNED_STATUSES

    status = (status or "").strip().lower() or None
    if status is not None and status not in PLANNED_STATUSES:
        raise InputError(f"status: expected one of {', '.join(PLANNED_STATUSES)}, got {status!r}",
                         code="bad_request")
    where = STATUS.c.status == status if status else literal(True)
    stmt = (select(MERGED, STATUS.c.status.label("planned_status"), STATUS.c.links)
            .join(STATUS, STATUS.c.planned_id == MERGED.c.id).where(where)
            .order_by(MERGED.c.first_reported.asc().nulls_last(), MERGED.c.id)
            .limit(page.limit).offset(page.offset))
    with store.engine.connect() as conn:
        counts = dict(conn.execute(select(STATUS.c.status, func.count()).group_by(STATUS.c.status)).all())
        total = counts.get(status, 0) if status else sum(counts.values())
        items = []
        for r in conn.execute(stmt).mappings():
            d = dict(r)
            d["mentions"] = aplanned._mentions(conn, d["id"])
            items.append(_merged_dict(d))
    return {"filters": {"status": status}, "counts": {s: counts.get(s, 0) for s in PLANNED_STATUSES},
            "items": items, **page.info(total)}


def brief(store: Store, ref: str, kind: str | None = None) -> dict[str, Any]:
    """The brief (extractive summary with citations, timeline, who stands where, actors with their
    offices, fact checks, sources) of an article (doc_id) or a story (id or key); ``kind`` restricts
    the lookup to one of them."""
    from ..analysis import find_story
    from ..analysis.brief import build_brief

    with store.engine.connect() as conn:
        is_article = kind != "story" and conn.execute(
            select(ARTICLES.c.id).where(ARTICLES.c.doc_id == ref)).first() is not None
        found = None if is_article or kind == "article" else find_story(conn, ref)
    if is_article:
        return build_brief(store, ref)
    if found is None:
        what = {"article": "article", "story": "story"}.get(kind or "", "article or story")
        raise NotFound(f"no {what} {ref!r}")
    b = build_brief(store, found["story_key"])
    b["story_id"] = found["id"]
    return b
