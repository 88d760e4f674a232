"""Model records <-> plain row dicts for the tables in :mod:`tidings.store.schema`."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..errors import InputError
from ..models import ActorRef, Article, EventDate, EventRecord, Evidence, Finding, Place, Span

UNDATED_DAY = "9999-12-31"  # events.sort_day of an article without a published date (sorts last)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents (for the actor filter)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def date_range(value: str | None) -> tuple[str, str] | None:
    """First and last day of a YYYY-MM-DD, YYYY-MM or YYYY date (None if unreadable)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        day = dt.date(year, month, int(parts[2])).isoformat()
        return day, day
    except (ValueError, IndexError):
        return None


def bound(value: str | dt.date | None, upper: bool) -> str | None:
    """A since/until argument as a YYYY-MM-DD string (a partial date widens to its range)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    rng = date_range(str(value))
    if rng is None:
        raise InputError(f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY")
    return rng[1] if upper else rng[0]


def _span(prefix: str, span: Span | None) -> dict[str, Any]:
    return {f"{prefix}start": span.start if span else None, f"{prefix}end": span.end if span else None,
            f"{prefix}text": span.text if span else None}


def article_row(article: Article, doc_id: str, content_hash: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "content_hash": content_hash, "title": article.title or "",
        "text": article.text, "published": article.published,
        "published_source": article.published_source, "url": article.url, "source": article.source,
        "author": article.author, "site": article.site, "path": article.path, "fmt": article.fmt,
        "body_start": article.body_start, "warnings": list(article.warnings), "ingested_at": now,
    }


def entity_row(ref: ActorRef, position: int) -> dict[str, Any]:
    return {
        "position": position, "name": ref.name, "kb_id": ref.kb_id, "wikidata": ref.wikidata,
        "country": ref.country, "sector": ref.sector, "kind": ref.kind, "office": ref.office,
        "resolved_by": ref.resolved_by, **_span("", ref.span),
    }


def participant_rows(event: EventRecord) -> list[dict[str, Any]]:
    rows = []
    for role, refs in (("actor", event.actor), ("recipient", event.recipient)):
        for i, ref in enumerate(refs):
            row = entity_row(ref, i)
            row.update(role=role, search=fold(f"{ref.name} {ref.kb_id or ''}"))
            rows.append(row)
    return rows


def event_row(event: EventRecord, event_id: str, published: dt.date | None) -> dict[str, Any]:
    when = date_range(event.date.value) if event.date else None
    if when is None and published is not None:
        when = (published.isoformat(), published.isoformat())
    loc, ev = event.location, event.evidence
    return {
        "sort_day": published.isoformat() if published else UNDATED_DAY,
        "event_id": event_id, "event_type": event.event_type, "mode": event.mode,
        "status": event.status,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        **_span("date_", event.date.span if event.date else None),
        "when_start": when[0] if when else None, "when_end": when[1] if when else None,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "location_geonames_id": loc.geonames_id if loc else None,
        "location_feature": loc.feature if loc else None,
        **_span("location_", loc.span if loc else None),
        "contexts": list(event.contexts), "cameo": event.cameo, "confidence": event.confidence,
        "coder": event.coder,
        **_span("sentence_", ev.sentence), **_span("clause_", ev.clause), **_span("trigger_", ev.trigger),
    }


def finding_row(finding: Finding) -> dict[str, Any]:
    return {"kind": finding.kind, "message": finding.message, "kb_id": finding.kb_id,
            **_span("", finding.span)}


# --- rows -> records ---------------------------------------------------------------------------

def _to_span(row: Mapping[str, Any], prefix: str) -> Span | None:
    if row[f"{prefix}start"] is None:
        return None
    return Span(row[f"{prefix}start"], row[f"{prefix}end"], row[f"{prefix}text"])


def to_article(row: Mapping[str, Any]) -> Article:
    return Article(
        doc_id=row["doc_id"], text=row["text"], title=row["title"], published=row["published"],
        published_source=row["published_source"], url=row["url"], source=row["source"],
        author=row["author"], site=row["site"], path=row["path"], fmt=row["fmt"],
        body_start=row["body_start"], content_hash=row["content_hash"],
        warnings=tuple(row["warnings"] or ()),
    )


def to_actor(row: Mapping[str, Any]) -> ActorRef:
    return ActorRef(
        name=row["name"], country=row["country"], sector=row["sector"], kind=row["kind"],
        span=Span(row["start"], row["end"], row["text"]), kb_id=row["kb_id"],
        wikidata=row["wikidata"], office=row["office"], resolved_by=row["resolved_by"],
    )


def to_finding(row: Mapping[str, Any], doc_id: str) -> Finding:
    return Finding(doc_id=doc_id, kind=row["kind"], message=row["message"],
                   span=Span(row["start"], row["end"], row["text"]), kb_id=row["kb_id"])


def to_event(row: Mapping[str, Any], doc_id: str, participants: list[Mapping[str, Any]]) -> EventRecord:
    ordered = sorted(participants, key=lambda p: p["position"])
    date = None
    if row["date_value"] is not None:
        date = EventDate(row["date_value"], row["date_precision"], _to_span(row, "date_"))
    location = None
    if row["location_name"] is not None:
        location = Place(
            name=row["location_name"], country=row["location_country"], lat=row["location_lat"],
            lon=row["location_lon"], geonames_id=row["location_geonames_id"],
            feature=row["location_feature"], span=_to_span(row, "location_"),
        )
    return EventRecord(
        event_id=row["event_id"], doc_id=doc_id, event_type=row["event_type"], mode=row["mode"],
        status=row["status"],
        actor=tuple(to_actor(p) for p in ordered if p["role"] == "actor"),
        recipient=tuple(to_actor(p) for p in ordered if p["role"] == "recipient"),
        date=date, location=location,
        evidence=Evidence(_to_span(row, "sentence_"), _to_span(row, "clause_"), _to_span(row, "trigger_")),
        contexts=tuple(row["contexts"] or ()), cameo=row["cameo"], confidence=row["confidence"],
        coder=row["coder"],
    )
