"""Synthetic Results for store and export tests."""

from __future__ import annotations

import datetime as dt
import hashlib

from tidings.models import ActorRef, Article, EventDate, EventRecord, Evidence, Finding, Place, Result, Span

TEXT = ("Trump talks to Putin\n\nDonald Trump spoke with Vladimir Putin by phone on Wednesday. "
        "Volodymyr Zelenskyy criticised the call. Protesters rallied in Kyiv.")


def span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def actor(name: str, country: str | None, sector: str | None = "GOV", kb_id: str | None = None,
          text: str = TEXT, kind: str = "person") -> ActorRef:
    return ActorRef(name=name, country=country, sector=sector, kind=kind,
                    span=span(text, name) if name in text else Span(0, 5, text[:5]),
                    kb_id=kb_id, wikidata=f"Q{abs(hash(name)) % 1000}" if kb_id else None,
                    office="president" if kb_id else None, resolved_by="name")


TRUMP = actor("Donald Trump", "USA", kb_id="trump")
PUTIN = actor("Vladimir Putin", "RUS", kb_id="putin")
ZELENSKYY = actor("Volodymyr Zelenskyy", "UKR", kb_id="zelenskyy")


def make_result(doc_id: str = "doc-1", text: str = TEXT, published: dt.date | None = dt.date(2025, 2, 13),
                events: int = 3, status_override: str | None = None, n_extra: int = 0) -> Result:
    """An ok Result with a CONSULT (day date), an ACCUSE (month date), a PROTEST (no date)."""
    art = Article(doc_id=doc_id, text=text, title=text.split("\n")[0], published=published,
                  published_source="metadata", url=f"https://example.org/{doc_id}", source="Example",
                  author="A. Writer", site="example.org", path=f"/data/{doc_id}.txt", fmt="text",
                  body_start=text.index("\n\n") + 2,
                  content_hash=hashlib.sha256(text.encode()).hexdigest(), warnings=("w1",))
    s1 = span(TEXT, "Donald Trump spoke with Vladimir Putin by phone on Wednesday.")
    s2 = span(TEXT, "Volodymyr Zelenskyy criticised the call.")
    s3 = span(TEXT, "Protesters rallied in Kyiv.")
    kyiv = Place("Kyiv", "UKR", 50.45, 30.52, 703448, "city", span(TEXT, "Kyiv"))
    evs = [
        EventRecord(f"{doc_id}-e1", doc_id, "CONSULT", "phone", status_override or "occurred",
                    (TRUMP, PUTIN), (), EventDate("2025-02-12", "day", span(TEXT, "Wednesday")), None,
                    Evidence(s1, s1, span(TEXT, "spoke")), ("diplomatic",), "041", 0.9, "rules"),
        EventRecord(f"{doc_id}-e2", doc_id, "ACCUSE", "disapprove", "occurred", (ZELENSKYY,), (TRUMP,),
                    EventDate("2025-02", "month"), None,
                    Evidence(s2, span(TEXT, "criticised the call"), span(TEXT, "criticised")),
                    (), "111", 0.7, "rules"),
        EventRecord(f"{doc_id}-e3", doc_id, "PROTEST", "demo", "occurred",
                    (actor("Protesters", "UKR", "CVL", kind="group"),), (), None, kyiv,
                    Evidence(s3, s3, span(TEXT, "rallied")), ("human_rights", "rights_freedoms"), None, 0.6),
    ][:events]
    for i in range(n_extra):
        evs.append(EventRecord(f"{doc_id}-x{i}", doc_id, "AGREE", "meet", "planned", (TRUMP,), (PUTIN,),
                               EventDate("2025", "year"), None, Evidence(s1, s1, span(TEXT, "spoke")),
                               (), "036", 0.5))
    return Result(doc_id=doc_id, status="ok", article=art, actors=(TRUMP, PUTIN, ZELENSKYY),
                  events=tuple(evs),
                  findings=(Finding(doc_id, "office-mismatch", "Trump was not president", span(TEXT, "Donald Trump"),
                                    "trump"),))


def variant(doc_id: str, n: int, **kw) -> Result:
    """A Result with different text (so a different content hash)."""
    return make_result(doc_id, text=TEXT + f" (variant {n})", **kw)
