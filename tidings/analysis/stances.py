"""Storage-side stance helpers: who stands where on an issue, and how a holder's position moved.

Stances are extracted at the NLP step (``Result.stances``) and stored with their article
(``stances`` table). Here they are grouped across articles by ``issue_key`` and per holder (KB id,
else folded name), and a holder's positions on one issue are put in date order with the changes
marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..models import Stance
from ..store import rows
from ..store.analysis import read_stances


def holder_key(stance: Stance) -> str:
    return stance.holder.kb_id or rows.fold(stance.holder.name)


@dataclass
class HolderPosition:
    """One holder on one issue: the latest position and the dated history behind it."""

    holder: str
    holder_id: str | None
    country: str | None
    position: str
    history: list[tuple[dt.date | None, Stance]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return len({s.position for _, s in self.history}) > 1

    def as_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "holder_id": self.holder_id, "country": self.country,
                "position": self.position, "changed": self.changed,
                "history": [{"date": d.isoformat() if d else None, "position": s.position, "doc_id": s.doc_id,
                             "evidence": s.evidence.text, "start": s.evidence.start, "end": s.evidence.end,
                             "quote": s.quote, "via": s.via} for d, s in self.history]}


@dataclass
class IssueGroup:
    issue_key: str
    issue: str  # the most frequent wording
    holders: list[HolderPosition]

    def as_dict(self) -> dict[str, Any]:
        return {"issue_key": self.issue_key, "issue": self.issue, "holders": [h.as_dict() for h in self.holders]}


def group_stances(dated: list[tuple[Stance, dt.date | None]]) -> list[IssueGroup]:
    """Group (stance, date) pairs by issue, then holder; the latest dated position is current."""
    by_issue: dict[str, list[tuple[Stance, dt.date | None]]] = {}
    for s, d in dated:
        by_issue.setdefault(s.issue_key or rows.fold(s.issue), []).append((s, d))
    groups = []
    for key, items in by_issue.items():
        wordings: dict[str, int] = {}
        holders: dict[str, HolderPosition] = {}
        for s, d in sorted(items, key=lambda sd: (sd[1] or dt.date.min, sd[0].evidence.start)):
            wordings[s.issue] = wordings.get(s.issue, 0) + 1
            hp = holders.setdefault(holder_key(s), HolderPosition(s.holder.name, s.holder.kb_id,
                                                                  s.holder.country, s.position))
            hp.history.append((d, s))
            hp.position = s.position
        issue = max(wordings, key=lambda w: (wordings[w], -len(w)))
        groups.append(IssueGroup(key, issue, sorted(holders.values(), key=lambda h: (h.position, h.holder))))
    return sorted(groups, key=lambda g: (-len(g.holders), g.issue_key))


def stances_by_issue(store, issue: str | None = None, holder: str | None = None,
                     article: str | None = None) -> list[IssueGroup]:
    """Who stands where (optionally on issues matching ``issue``, for holders matching ``holder``)."""
    with store.engine.connect() as conn:
        return group_stances(read_stances(conn, issue=issue, holder=holder, article=article))


def holder_history(store, holder: str, issue: str | None = None) -> list[IssueGroup]:
    """A holder's positions over time, per issue (``changed`` marks a move)."""
    return stances_by_issue(store, issue=issue, holder=holder)
