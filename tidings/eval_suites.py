"""Evaluation suites that run the pipeline on gold data and score it (the library side of
``tidings eval``). Scoring rules live in :mod:`tidings.evaluate`; this module runs the pipeline,
adds per-type figures, a type confusion table and the mismatch lists for error analysis.

Only the ``gold`` suite (whole articles in the format of ``spec/events.md``) is here so far.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .evaluate import lenient, load_jsonl, match, prf, score, score_stances
from .ingest import read_jsonl_line


@dataclass
class GoldReport:
    """Scores of one gold file plus what is needed to see where they come from."""

    path: str
    scores: dict
    stances: dict
    per_type: dict[str, dict]
    confusion: dict[str, dict[str, int]]
    missed: list[dict] = field(default_factory=list)  # required gold events no system event matched
    spurious: list[dict] = field(default_factory=list)  # system events matching no gold event

    def as_dict(self) -> dict:
        return {"path": self.path, "events": self.scores, "stances": self.stances, "per_type": self.per_type,
                "confusion": self.confusion, "missed": self.missed, "spurious": self.spurious}


def per_type(gold_rows: list[dict], system: dict[str, list[dict]]) -> dict[str, dict]:
    """Lenient precision/recall/F1 per PLOVER type (optional gold events earn and cost nothing)."""
    tp: Counter = Counter()
    n_sys: Counter = Counter()
    n_gold: Counter = Counter()
    for doc in gold_rows:
        g, s = doc.get("events", []), system.get(str(doc["doc_id"]), [])
        pairs = match(g, s, lenient)
        optional_hits = {si for gi, si in pairs if g[gi].get("optional")}
        for gi, _ in pairs:
            if not g[gi].get("optional"):
                tp[g[gi]["event_type"]] += 1
        for si, ev in enumerate(s):
            if si not in optional_hits:
                n_sys[ev.get("event_type")] += 1
        for ev in g:
            if not ev.get("optional"):
                n_gold[ev["event_type"]] += 1
    types = sorted(set(n_gold) | set(n_sys))
    return {t: prf(tp[t], n_sys[t], n_gold[t]) for t in types}


def confusion(gold_rows: list[dict], system: dict[str, list[dict]]) -> dict[str, dict[str, int]]:
    """gold type -> system type counts, pairing each required gold event with a system event whose
    evidence sentence contains the gold evidence (same type first); '-' when none was produced."""
    table: dict[str, Counter] = defaultdict(Counter)
    for doc in gold_rows:
        s = system.get(str(doc["doc_id"]), [])
        used: set[int] = set()
        for g in doc.get("events", []):
            if g.get("optional"):
                continue
            evidence = g.get("evidence") or ""
            candidates = [si for si, ev in enumerate(s) if si not in used and evidence
                          and (evidence in (ev.get("sentence") or "") or (ev.get("evidence") or "") in evidence)]
            candidates.sort(key=lambda si: s[si].get("event_type") != g["event_type"])
            if candidates:
                used.add(candidates[0])
                table[g["event_type"]][s[candidates[0]].get("event_type")] += 1
            else:
                table[g["event_type"]]["-"] += 1
    return {g: dict(c) for g, c in sorted(table.items())}


def mismatches(gold_rows: list[dict], system: dict[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    missed, spurious = [], []
    for doc in gold_rows:
        g, s = doc.get("events", []), system.get(str(doc["doc_id"]), [])
        pairs = match(g, s, lenient)
        hit_g = {gi for gi, _ in pairs}
        hit_s = {si for _, si in pairs}
        for gi, ev in enumerate(g):
            if gi not in hit_g and not ev.get("optional"):
                missed.append({"doc_id": doc["doc_id"], "event_type": ev["event_type"], "mode": ev.get("mode"),
                               "actor": [a.get("country") for a in ev.get("actor", [])],
                               "recipient": [a.get("country") for a in ev.get("recipient", [])],
                               "evidence": ev.get("evidence")})
        for si, ev in enumerate(s):
            if si not in hit_s:
                spurious.append({"doc_id": doc["doc_id"], "event_type": ev.get("event_type"), "mode": ev.get("mode"),
                                 "actor": [a.get("country") for a in ev.get("actor", [])],
                                 "recipient": [a.get("country") for a in ev.get("recipient", [])],
                                 "evidence": ev.get("evidence"), "sentence": ev.get("sentence")})
    return missed, spurious


def run_gold(pipeline, path: str | Path) -> GoldReport:
    """Run the pipeline on every article of a gold file and score events and stances."""
    gold = load_jsonl(path)
    events: dict[str, list[dict]] = defaultdict(list)
    stances: list[dict] = []
    lines: Iterable[str] = Path(path).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        result = pipeline.process_one(read_jsonl_line(line, path=str(path), lineno=i))
        for ev in result.events:
            events[str(result.doc_id)].append(ev.to_contract())
        stances.extend(s.to_contract() for s in result.stances)
    flat = [e for evs in events.values() for e in evs]
    missed, spurious = mismatches(gold, events)
    return GoldReport(str(path), score(gold, flat), score_stances(gold, stances), per_type(gold, events),
                      confusion(gold, events), missed, spurious)
