"""Read queries for the knowledge-base commands: unknown people and fact-check findings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from ..models import Finding
from . import rows
from .schema import ActorRow, ArticleRow, FindingRow


@dataclass(frozen=True)
class UnknownActor:
    """A person mentioned in stored articles but not in the knowledge base (``kb_id`` is null)."""

    name: str
    mentions: int
    articles: int
    country: str | None  # the commonest country the text gave them
    sector: str | None
    example_doc_id: str
    example: str  # the mention in its context


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    snippet = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + snippet + ("…" if b < len(text) else "")


def unknown_people(conn: Connection, limit: int | None = 50) -> list[UnknownActor]:
    unknown = (ActorRow.kind == "person") & ActorRow.kb_id.is_(None)
    stmt = (select(ActorRow.name, func.count().label("n"), func.count(func.distinct(ActorRow.article_id)))
            .where(unknown).group_by(ActorRow.name).order_by(func.count().desc(), ActorRow.name).limit(limit))
    out = []
    for name, n, n_articles in conn.execute(stmt).all():
        attrs = conn.execute(select(ActorRow.country, ActorRow.sector, func.count()).where(
            unknown & (ActorRow.name == name)).group_by(ActorRow.country, ActorRow.sector)
            .order_by(func.count().desc())).first()
        ex = conn.execute(select(ArticleRow.doc_id, ArticleRow.text, ActorRow.start, ActorRow.end)
                          .join(ArticleRow, ArticleRow.id == ActorRow.article_id)
                          .where(unknown & (ActorRow.name == name)).order_by(ActorRow.id).limit(1)).first()
        out.append(UnknownActor(name, n, n_articles, attrs[0] if attrs else None, attrs[1] if attrs else None,
                                ex[0], _context(ex[1], ex[2], ex[3])))
    return out


def findings(conn: Connection, article: str | None = None, kind: str | None = None,
             limit: int | None = None) -> list[Finding]:
    stmt = (select(FindingRow.__table__, ArticleRow.doc_id.label("doc_id"))
            .join(ArticleRow, ArticleRow.id == FindingRow.article_id).order_by(FindingRow.id))
    if article:
        stmt = stmt.where(ArticleRow.doc_id == article)
    if kind:
        stmt = stmt.where(FindingRow.kind == kind)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [rows.to_finding(r, r["doc_id"]) for r in conn.execute(stmt).mappings()]
