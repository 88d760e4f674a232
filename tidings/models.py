"""Plain, frozen records that flow through Tidings.

Everything past the NLP step is one of these: character offsets into ``Article.text`` and plain
values, never spaCy objects, so they serialise to JSON and SQL and compare equal in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

STATUSES = ("occurred", "planned", "possible", "negated", "denied", "historical")
Status = Literal["occurred", "planned", "possible", "negated", "denied", "historical"]
Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Article:
    """One news article as read from disk, before any NLP.

    ``text`` is what the pipeline analyses and what every offset points into. ``body_start`` is
    the offset where the story proper begins (after a title line and dateline kept in ``text``);
    events are only extracted from ``text[body_start:]``.
    """

    doc_id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    # where ``published`` came from: "metadata", "dateline", "file-mtime", "override", "none"
    published_source: str = "none"
    url: str | None = None
    source: str | None = None
    author: str | None = None
    site: str | None = None
    path: str | None = None
    fmt: str = "text"  # text | html | jsonl | feed
    body_start: int = 0
    content_hash: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A character span of ``Article.text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Office:
    """An office held by a person over a period (ISO dates; None = open)."""

    office_id: str
    title: str
    country: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class ActorRef:
    """An actor as found in the text and resolved against the knowledge base.

    ``kind`` is person, country, org (international or domestic organisation) or group (a
    collective such as "Ukrainian officials"). Unknown people keep ``kb_id=None`` and whatever
    the text says about them (country from an adjective, sector from a title).
    """

    name: str
    country: str | None
    sector: str | None
    kind: str
    span: Span
    kb_id: str | None = None
    wikidata: str | None = None
    office: str | None = None
    resolved_by: str = "name"  # name | alias | title | role | adjective | metonym | pronoun | ner

    def to_contract(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "sector": self.sector,
                "id": self.kb_id, "wikidata": self.wikidata, "text": self.span.text}


@dataclass(frozen=True)
class EventDate:
    """A resolved date at its precision: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY."""

    value: str
    precision: Precision
    span: Span | None = None  # the expression it was read from; None when inherited


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str = "country"  # country | city | region | site
    span: Span | None = None


@dataclass(frozen=True)
class Evidence:
    """Where an event is stated: its sentence and the clause (trigger and arguments)."""

    sentence: Span
    clause: Span
    trigger: Span


@dataclass(frozen=True)
class EventRecord:
    event_id: str
    doc_id: str
    event_type: str
    mode: str | None
    status: Status
    actor: tuple[ActorRef, ...]
    recipient: tuple[ActorRef, ...]
    date: EventDate | None
    location: Place | None
    evidence: Evidence
    contexts: tuple[str, ...] = ()
    cameo: str | None = None
    confidence: float = 0.5
    coder: str = "rules"

    def to_contract(self) -> dict[str, Any]:
        """The event in the shape of ``spec/events.md`` (what ``score.py`` reads)."""
        return {
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "status": self.status,
            "actor": [a.to_contract() for a in self.actor],
            "recipient": [a.to_contract() for a in self.recipient],
            "date": self.date.value if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "location": (
                {"name": self.location.name, "country": self.location.country,
                 "lat": self.location.lat, "lon": self.location.lon}
                if self.location else None
            ),
            "context": list(self.contexts),
            "cameo": self.cameo,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.clause.text,
            "evidence_start": self.evidence.clause.start,
            "evidence_end": self.evidence.clause.end,
            "sentence": self.evidence.sentence.text,
            "coder": self.coder,
        }


@dataclass(frozen=True)
class Finding:
    """A fact check: the article's wording contradicts the knowledge base on its date."""

    doc_id: str
    kind: str  # e.g. "office-mismatch"
    message: str
    span: Span
    kb_id: str | None = None


@dataclass(frozen=True)
class Stance:
    """Who stands where on which issue, with the evidence.

    ``issue`` is a short normalised phrase ("territorial integrity of Ukraine"); ``issue_key`` groups
    the same issue across articles. ``position`` is support, oppose or conditional. ``quote`` tells
    a direct quote from a paraphrase; ``via`` names who reported it ("his spokesperson").
    """

    stance_id: str
    doc_id: str
    holder: ActorRef
    issue: str
    issue_key: str
    position: Literal["support", "oppose", "conditional"]
    evidence: Span
    quote: bool = False
    via: str | None = None
    confidence: float = 0.5

    def to_contract(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "stance_id": self.stance_id, "holder": self.holder.to_contract(),
                "issue": self.issue, "issue_key": self.issue_key, "position": self.position,
                "evidence": self.evidence.text, "evidence_start": self.evidence.start,
                "evidence_end": self.evidence.end, "quote": self.quote, "via": self.via,
                "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class Result:
    """What processing one article produced. ``status`` is ok, skipped or failed."""

    doc_id: str
    status: Literal["ok", "skipped", "failed"]
    article: Article | None = None
    actors: tuple[ActorRef, ...] = ()
    events: tuple[EventRecord, ...] = ()
    findings: tuple[Finding, ...] = ()
    stances: tuple[Stance, ...] = ()
    reason: str | None = None
    warnings: tuple[str, ...] = field(default=())


def to_plain(obj: Any) -> Any:
    """Dataclass (or nested) -> JSON-friendly dict, dates as ISO strings."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_plain(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj
