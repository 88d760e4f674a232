"""Scoring of event output against gold articles, exactly as ``spec/events.md`` defines it.

Per article, system events are matched one-to-one to gold events by a maximum matching (required
gold events first); lenient = same type and dyad countries (CONSULT: the participant set),
strict = lenient plus every named gold entity found by surname. Optional gold events earn and
cost nothing. Also a type-only F1 and, over lenient matches, mode/status/date/location accuracy.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def entities(value) -> list[dict]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    out: list[dict] = []
    for v in value:
        if isinstance(v, list):
            out.extend(entities(v))
        elif isinstance(v, dict):
            out.append(v)
    return out


def _countries(ents) -> frozenset:
    return frozenset((e.get("country") or "").upper() for e in ents if e.get("country"))


def _surname(name: str) -> str:
    parts = fold(name).replace("-", " ").split()
    return parts[-1] if parts else ""


def lenient(g: dict, s: dict) -> bool:
    if g.get("event_type") != s.get("event_type"):
        return False
    ga, gr = entities(g.get("actor")), entities(g.get("recipient"))
    sa, sr = entities(s.get("actor")), entities(s.get("recipient"))
    if g["event_type"] == "CONSULT":
        return _countries(ga + gr) == _countries(sa + sr)
    if _countries(ga) != _countries(sa):
        return False
    return not gr or _countries(gr) == _countries(sr)


def strict(g: dict, s: dict) -> bool:
    if not lenient(g, s):
        return False
    names = " | ".join(fold(" ".join(str(e.get(k) or "") for k in ("name", "text", "id", "wikidata")))
                       for e in entities(s.get("actor")) + entities(s.get("recipient")))
    return all(_surname(e["name"]) in names for e in entities(g.get("actor")) + entities(g.get("recipient"))
               if e.get("name"))


def _date_ok(g: dict, s: dict) -> bool:
    gd, sd = g.get("date"), s.get("date")
    if isinstance(sd, dict):
        sd = sd.get("value") or sd.get("start")
    if not gd:
        return not sd
    return bool(sd) and str(sd)[: len(gd)] == gd


def _location_ok(g: dict, s: dict) -> bool:
    gl, sl = g.get("location"), s.get("location")
    if not gl:
        return not sl
    return bool(sl) and (sl.get("country") or "").upper() == (gl.get("country") or "").upper()


def match(gold: list[dict], system: list[dict], same: Callable[[dict, dict], bool]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching by augmenting paths, required gold events first."""
    edges = [[si for si, s in enumerate(system) if same(g, s)] for g in gold]
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set) -> bool:
        for si in edges[gi]:
            if si in seen:
                continue
            seen.add(si)
            if si not in owner or augment(owner[si], seen):
                owner[si] = gi
                return True
        return False

    for gi in sorted(range(len(gold)), key=lambda i: bool(gold[i].get("optional"))):
        augment(gi, set())
    return sorted((gi, si) for si, gi in owner.items())


def by_doc(rows: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if "events" in row:
            out[str(row["doc_id"])].extend(row["events"])
        else:
            out[str(row.get("doc_id"))].append(row)
    return out


def prf(tp: int, n_sys: int, n_gold: int) -> dict:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "system": n_sys, "gold": n_gold}


def score(gold_rows: list[dict], sys_rows: Iterable[dict]) -> dict:
    system = by_doc(sys_rows)
    result: dict = {}
    for label, same in (("lenient", lenient), ("strict", strict)):
        tp = n_sys = n_gold = 0
        attrs: Counter = Counter()
        for doc in gold_rows:
            g, s = doc.get("events", []), system.get(str(doc["doc_id"]), [])
            pairs = match(g, s, same)
            opt = sum(1 for gi, _ in pairs if g[gi].get("optional"))
            tp += len(pairs) - opt
            n_sys += len(s) - opt
            n_gold += sum(1 for e in g if not e.get("optional"))
            for gi, si in pairs:
                attrs["pairs"] += 1
                attrs["mode"] += (g[gi].get("mode") or None) == (s[si].get("mode") or None)
                attrs["status"] += (g[gi].get("status") or "occurred") == (s[si].get("status") or "occurred")
                attrs["date"] += _date_ok(g[gi], s[si])
                attrs["location"] += _location_ok(g[gi], s[si])
        result[label] = prf(tp, n_sys, n_gold)
        if label == "lenient":
            n = attrs.pop("pairs", 0) or 1
            result["attributes_of_lenient_matches"] = {k: round(attrs[k] / n, 4)
                                                       for k in ("mode", "status", "date", "location")}
    tp = n_sys = n_gold = 0
    for doc in gold_rows:
        gt = Counter(e["event_type"] for e in doc.get("events", []) if not e.get("optional"))
        opt = Counter(e["event_type"] for e in doc.get("events", []) if e.get("optional"))
        st = Counter(e.get("event_type") for e in system.get(str(doc["doc_id"]), []))
        extra = (st - gt) & opt
        tp += sum((gt & st).values())
        n_sys += sum(st.values()) - sum(extra.values())
        n_gold += sum(gt.values())
    result["type_only"] = prf(tp, n_sys, n_gold)
    result["articles"] = len(gold_rows)
    return result


def load_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# -- stances -------------------------------------------------------------------------------------
_STANCE_STOP = {"the", "a", "an", "of", "to", "for", "and", "on", "in", "with", "by", "any", "its", "their", "his",
                "her", "from", "at", "as", "into", "about", "over", "s"}


def _issue_words(issue: str | None) -> set[str]:
    import re

    words = re.findall(r"[a-z0-9][a-z0-9\-]*", fold(issue))
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words if w not in _STANCE_STOP}


def stance_lenient(g: dict, s: dict) -> bool:
    """Same holder country, same position, and the issues share a content word."""
    gh, sh = entities(g.get("holder")), entities(s.get("holder"))
    if _countries(gh) != _countries(sh) or g.get("position") != s.get("position"):
        return False
    return bool(_issue_words(g.get("issue")) & _issue_words(s.get("issue")))


def stance_strict(g: dict, s: dict) -> bool:
    """Lenient, and the gold holder's name (its last word) is found in the system holder."""
    if not stance_lenient(g, s):
        return False
    names = " | ".join(fold(" ".join(str(e.get(k) or "") for k in ("name", "text", "id")))
                       for e in entities(s.get("holder")))
    return all(_surname(e["name"]) in names for e in entities(g.get("holder")) if e.get("name"))


def score_stances(gold_rows: list[dict], sys_rows: Iterable[dict]) -> dict:
    """Stance P/R/F1 (micro over articles), one-to-one matching as for events."""
    system: dict[str, list[dict]] = defaultdict(list)
    for row in sys_rows:
        if "stances" in row:
            system[str(row["doc_id"])].extend(row["stances"])
        elif "holder" in row:
            system[str(row.get("doc_id"))].append(row)
    result: dict = {}
    for label, same in (("lenient", stance_lenient), ("strict", stance_strict)):
        tp = n_sys = n_gold = 0
        for doc in gold_rows:
            g, s = doc.get("stances", []), system.get(str(doc["doc_id"]), [])
            tp += len(match(g, s, same))
            n_sys += len(s)
            n_gold += len(g)
        result[label] = prf(tp, n_sys, n_gold)
    result["articles"] = len(gold_rows)
    return result
