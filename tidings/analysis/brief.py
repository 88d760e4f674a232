"""Quick-read briefs for an article or a story, composed from stored records only.

``build_brief(store, ref)`` collects what is stored for an article (doc_id) or a story (id,
``story-...`` key) and returns a plain dict; ``render_brief`` writes it as Markdown, HTML (every
text escaped) or JSON. Nothing is generated: the summary is an *extractive* selection of 3-5
evidence sentences (event, stance and finding sentences, scored by what they report and kept
apart from near-repeats), each with a citation ``[n]`` that names the article and character
offsets; the timeline lists the merged events by date with planned items marked and their current
status; the who-stands-where table comes from the stored stances; actors are shown with the office
they held on the article's date (knowledge base, else the stored mention's office); fact-check
findings close it. Deterministic and offline.

An optional polish step (:func:`polish`) rewrites the summary wording through an
OpenAI-compatible endpoint, only when asked for and configured (``TIDINGS_LLM_URL``, optional
``TIDINGS_LLM_MODEL``/``TIDINGS_LLM_KEY``); the extractive summary and its citations are kept.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..errors import ConfigError
from ..models import Span
from ..store.analysis import read_stances
from ..store.schema import ArticleRow
from . import find_story, merged_for_docs, planned, story_articles
from .stances import group_stances

TYPE_WEIGHT = {"CONSULT": 3.0, "AGREE": 2.5, "REJECT": 2.5, "CONCEDE": 2.5, "ASSAULT": 2.5, "THREATEN": 2.0,
               "RETREAT": 2.0, "SANCTION": 2.0, "PROTEST": 2.0, "ACCUSE": 1.5, "REQUEST": 1.5, "SUPPORT": 1.5,
               "AID": 1.5, "COERCE": 2.0, "MOBILIZE": 1.5, "COOPERATE": 1.5}
MAX_SUMMARY = 5
MIN_SUMMARY = 3
MAX_TIMELINE = 12
_WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+|\n+")


@dataclass
class _Citations:
    items: list[dict[str, Any]] = field(default_factory=list)
    index: dict[tuple[str, int, int], int] = field(default_factory=dict)

    def cite(self, doc_id: str, start: int, end: int, text: str) -> int:
        key = (doc_id, start, end)
        if key not in self.index:
            self.items.append({"n": len(self.items) + 1, "doc_id": doc_id, "start": start, "end": end,
                               "text": text})
            self.index[key] = len(self.items)
        return self.index[key]


def sentence_around(text: str, start: int, end: int, floor: int = 0) -> Span:
    """The sentence of ``text`` containing ``[start, end)`` (a simple boundary rule)."""
    lo = floor
    for m in _SENT_END.finditer(text, floor, start):
        lo = m.end()
    m = _SENT_END.search(text, end)
    hi = m.start() if m else len(text)
    if m and text[m.start():m.end()].strip() and text[m.start()] in "\"”’)":
        hi += 1
    return Span(lo, hi, text[lo:hi].strip())


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _articles(conn, doc_ids: list[str]) -> list[dict[str, Any]]:
    table = ArticleRow.__table__
    stmt = (select(table.c.id, table.c.doc_id, table.c.title, table.c.text, table.c.published, table.c.source,
                   table.c.site, table.c.body_start).where(table.c.doc_id.in_(doc_ids))
            .order_by(table.c.published.asc().nulls_last(), table.c.id))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _participant_names(ev: dict[str, Any]) -> str:
    names = list(dict.fromkeys(p["name"] for p in ev["participants"]))
    return ", ".join(names) or "(unnamed)"


def _event_label(ev: dict[str, Any]) -> str:
    return ev["event_type"] + (f"/{ev['mode']}" if ev["mode"] else "")


def _is_planned(ev: dict[str, Any]) -> bool:
    return planned.is_planned(ev)


def build_brief(store, ref: str) -> dict[str, Any]:
    """The brief's content for an article doc_id or a story reference, as a plain dict."""
    from ..store.schema import ActorRow, FindingRow
    from . import SIGS, update

    art_table = ArticleRow.__table__
    with store.engine.connect() as conn:
        one = conn.execute(select(art_table.c.doc_id, SIGS.c.article_id).outerjoin(
            SIGS, SIGS.c.article_id == art_table.c.id).where(art_table.c.doc_id == ref)).first()
    if one is not None and one[1] is None:  # stored without analysis (e.g. by `demo`): index it now
        update(store, [ref])
    with store.engine.connect() as conn:
        one = one[0] if one is not None else None
        story = None
        if one is not None:
            doc_ids = [one]
            kind = "article"
        else:
            story = find_story(conn, ref)
            if story is None:
                raise ConfigError(f"no article or story {ref!r} (run `tidings analyse` if stories are missing)")
            doc_ids = [a["doc_id"] for a in story_articles(conn, story["id"])]
            kind = "story"
        arts = _articles(conn, doc_ids)
        by_doc = {a["doc_id"]: a for a in arts}
        by_id = {a["id"]: a for a in arts}
        merged = merged_for_docs(conn, doc_ids)
        dated_stances = [sd for d in doc_ids for sd in read_stances(conn, article=d)]
        actor_rows = conn.execute(select(ActorRow.__table__).where(
            ActorRow.__table__.c.article_id.in_(list(by_id)))).mappings().all()
        finding_rows = conn.execute(select(FindingRow.__table__).where(
            FindingRow.__table__.c.article_id.in_(list(by_id))).order_by(FindingRow.__table__.c.id)).mappings().all()

    cites = _Citations()
    first = arts[0] if arts else None
    brief: dict[str, Any] = {
        "kind": kind, "ref": ref if kind == "story" else doc_ids[0],
        "story_id": story["id"] if story else None,
        "title": (story["title"] if story else first["title"]) if first else "",
        "published": first["published"].isoformat() if first and first["published"] else None,
        "last_published": arts[-1]["published"].isoformat() if arts and arts[-1]["published"] else None,
        "articles": [{"doc_id": a["doc_id"], "title": a["title"],
                      "published": a["published"].isoformat() if a["published"] else None,
                      "source": a["source"] or a["site"]} for a in arts],
        "generated_by": "extractive",
    }

    # --- candidate sentences for the summary ---------------------------------------------------
    cands: dict[tuple[str, int, int], dict[str, Any]] = {}

    def add(doc_id: str, sent: Span, score: float, what: str) -> None:
        key = (doc_id, sent.start, sent.end)
        c = cands.setdefault(key, {"doc_id": doc_id, "span": sent, "score": 0.0, "what": set()})
        if what not in c["what"]:
            c["score"] += score
            c["what"].add(what)

    for ev in merged:
        weight = TYPE_WEIGHT.get(ev["event_type"], 1.0) + 0.5 * min(ev["n_sources"], 4)
        if _is_planned(ev):
            weight += 1.0
        for m in ev["mentions"]:
            if m["doc_id"] in by_doc:
                add(m["doc_id"], Span(m["sentence_start"], m["sentence_end"], m["sentence_text"].strip()), weight,
                    f"event:{ev['id']}")
    for s, _ in dated_stances:
        a = by_doc[s.doc_id]
        add(s.doc_id, sentence_around(a["text"], s.evidence.start, s.evidence.end, a["body_start"]), 2.5,
            f"stance:{s.stance_id}")
    for f in finding_rows:
        a = by_id[f["article_id"]]
        add(a["doc_id"], sentence_around(a["text"], f["start"], f["end"], a["body_start"]), 1.0, f"finding:{f['id']}")

    order = {d: i for i, d in enumerate(doc_ids)}
    ranked = sorted(cands.values(), key=lambda c: (-c["score"], order[c["doc_id"]], c["span"].start))
    chosen: list[dict[str, Any]] = []
    for c in ranked:
        words = _words(c["span"].text)
        if any(len(words & w) / max(1, len(words | w)) > 0.5 for w in (_words(x["span"].text) for x in chosen)):
            continue  # a near-repeat (wire copy) of a chosen sentence
        chosen.append(c)
        if len(chosen) >= MAX_SUMMARY:
            break
    chosen.sort(key=lambda c: (by_doc[c["doc_id"]]["published"] or dt.date.max, order[c["doc_id"]], c["span"].start))
    brief["summary"] = [{"text": c["span"].text, "citations": [cites.cite(c["doc_id"], c["span"].start, c["span"].end,
                                                                           c["span"].text)]}
                        for c in chosen]

    # --- timeline ----------------------------------------------------------------------------
    key_events = sorted(merged, key=lambda e: (-(TYPE_WEIGHT.get(e["event_type"], 1.0) + e["n_sources"]
                                                 + (1.5 if _is_planned(e) else 0)), e["id"]))[:MAX_TIMELINE]
    timeline = []
    for ev in key_events:
        ours = [m for m in ev["mentions"] if m["doc_id"] in by_doc] or ev["mentions"]
        # cite the mention that says where, when the merged event has a place
        mention = next((m for m in ours if ev["location_name"] and m["location_name"] == ev["location_name"]), ours[0])
        clause_cite = cites.cite(mention["doc_id"], mention["sentence_start"], mention["sentence_end"],
                                 mention["sentence_text"].strip())
        is_plan = _is_planned(ev)
        timeline.append({
            "date": ev["date_value"] or ev["first_reported"],
            "date_precision": ev["date_precision"] or ("reported" if ev["first_reported"] else None),
            "event": _event_label(ev), "participants": _participant_names(ev),
            "place": ev["location_name"], "status": ev["status"], "statuses": ev["statuses"],
            "planned": is_plan, "planned_status": (ev["planned_status"] or "pending") if is_plan else None,
            "sources": ev["n_sources"], "mentions": ev["n_mentions"], "first_reported": ev["first_reported"],
            "evidence": mention["clause_text"], "citations": [clause_cite],
        })
    timeline.sort(key=lambda t: (t["date"] or "9999", t["event"]))
    brief["timeline"] = timeline

    # --- who stands where ------------------------------------------------------------------
    table = []
    for group in group_stances(dated_stances):
        for h in group.holders:
            d, s = h.history[-1]
            table.append({"issue": group.issue, "issue_key": group.issue_key, "holder": h.holder,
                          "holder_id": h.holder_id, "country": h.country, "position": h.position,
                          "changed": h.changed, "quote": s.quote, "via": s.via, "evidence": s.evidence.text,
                          "citations": [cites.cite(s.doc_id, s.evidence.start, s.evidence.end, s.evidence.text)]})
    brief["stances"] = table

    # --- actors with their offices on the date ------------------------------------------------
    brief["actors"] = _actors(actor_rows, by_id)

    # --- findings ----------------------------------------------------------------------------
    findings: dict[tuple[str, str], dict[str, Any]] = {}
    for f in finding_rows:  # the same finding in wire copies is listed once, with every citation
        entry = findings.setdefault((f["kind"], f["text"]), {"kind": f["kind"], "message": f["message"],
                                                              "text": f["text"], "citations": []})
        entry["citations"].append(cites.cite(by_id[f["article_id"]]["doc_id"], f["start"], f["end"], f["text"]))
    brief["findings"] = list(findings.values())
    brief["citations"] = cites.items
    return brief


def _actors(actor_rows: Iterable[Any], by_id: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    from ..kb import load_kb

    kb = load_kb()
    seen: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for a in actor_rows:
        if a["kind"] != "person" or not a["kb_id"]:
            continue
        counts[a["kb_id"]] = counts.get(a["kb_id"], 0) + 1
        if a["kb_id"] in seen:
            continue
        on = by_id[a["article_id"]]["published"]
        offices = []
        person = kb.person(a["kb_id"])
        if person is not None:
            offices = [o.title for o, _ in kb.offices_held(a["kb_id"], on)]
        if not offices and a["office"]:
            od = kb.office(a["office"])
            offices = [od.title if od else a["office"]]
        seen[a["kb_id"]] = {"name": person.name if person else a["name"], "id": a["kb_id"], "country": a["country"],
                            "offices": offices, "on": on.isoformat() if on else None}
    return sorted(seen.values(), key=lambda x: (-counts[x["id"]], x["name"]))


# --- rendering -------------------------------------------------------------------------------------

def _cite_md(ns: list[int]) -> str:
    return "".join(f"[{n}]" for n in ns)


def to_markdown(b: dict[str, Any]) -> str:
    lines = [f"# {b['title'] or b['ref']}", ""]
    span = b["published"] or "undated"
    if b["last_published"] and b["last_published"] != b["published"]:
        span += f" to {b['last_published']}"
    srcs = sorted({a["source"] for a in b["articles"] if a["source"]})
    lines += [f"*{b['kind'].capitalize()} `{b['ref']}` · {span} · {len(b['articles'])} article(s)"
              + (f" · sources: {', '.join(srcs)}" if srcs else "") + "*", "", "## Summary", ""]
    lines += [" ".join(f"{s['text']} {_cite_md(s['citations'])}" for s in b["summary"]) or "(nothing to summarise)", ""]
    if b.get("polished"):
        lines += ["*Polished wording (LLM, same citations):* " + b["polished"], ""]
    lines += ["## Timeline", ""]
    for t in b["timeline"]:
        plan = f" **planned ({t['planned_status']})**" if t["planned"] else ""
        place = f" in {t['place']}" if t["place"] else ""
        date = t["date"] or "undated"
        if t["date_precision"] == "reported":
            date += " (reported)"
        lines.append(f"- **{date}** · {t['event']}{plan}: {t['participants']}{place} — “{t['evidence']}” "
                     f"({t['sources']} source(s)) {_cite_md(t['citations'])}")
    lines += ["", "## Who stands where", ""]
    if b["stances"]:
        lines += ["| Issue | Holder | Position | Evidence |", "|---|---|---|---|"]
        for s in b["stances"]:
            kind = "quote" if s["quote"] else "paraphrase"
            via = f", via {s['via']}" if s["via"] else ""
            ev = s["evidence"].replace("|", "\\|")
            lines.append(f"| {s['issue']} | {s['holder']} | {s['position']}{' (changed)' if s['changed'] else ''} "
                         f"| “{ev}” ({kind}{via}) {_cite_md(s['citations'])} |")
    else:
        lines.append("(no stances recorded)")
    lines += ["", "## Actors", ""]
    for a in b["actors"]:
        off = "; ".join(a["offices"]) if a["offices"] else "no office on record"
        lines.append(f"- {a['name']} ({a['country'] or '?'}): {off} (on {a['on'] or '?'})")
    lines += ["", "## Fact checks", ""]
    lines += [f"- {f['message']} (“{f['text']}”) {_cite_md(f['citations'])}" for f in b["findings"]] or ["(none)"]
    lines += ["", "## Sources", ""]
    lines += [f"[{c['n']}] {c['doc_id']} {c['start']}-{c['end']}" for c in b["citations"]]
    return "\n".join(lines) + "\n"


def to_html(b: dict[str, Any]) -> str:
    e = html.escape

    def cite(ns: list[int]) -> str:
        return "".join(f'<sup><a href="#c{n}">[{n}]</a></sup>' for n in ns)

    parts = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(b['title'] or b['ref'])}</title></head><body>",
             f"<h1>{e(b['title'] or b['ref'])}</h1>",
             f"<p><em>{e(b['kind'])} {e(str(b['ref']))} · {e(b['published'] or 'undated')}"
             f" · {len(b['articles'])} article(s)</em></p>", "<h2>Summary</h2><p>"]
    parts.append(" ".join(f"{e(s['text'])}{cite(s['citations'])}" for s in b["summary"]))
    parts.append("</p><h2>Timeline</h2><ul>")
    for t in b["timeline"]:
        plan = f" <strong>planned ({e(t['planned_status'])})</strong>" if t["planned"] else ""
        place = f" in {e(t['place'])}" if t["place"] else ""
        parts.append(f"<li><strong>{e(t['date'] or 'undated')}</strong> · {e(t['event'])}{plan}: "
                     f"{e(t['participants'])}{place} — “{e(t['evidence'])}” ({t['sources']} source(s))"
                     f"{cite(t['citations'])}</li>")
    parts.append("</ul><h2>Who stands where</h2>")
    if b["stances"]:
        parts.append("<table><tr><th>Issue</th><th>Holder</th><th>Position</th><th>Evidence</th></tr>")
        for s in b["stances"]:
            parts.append(f"<tr><td>{e(s['issue'])}</td><td>{e(s['holder'])}</td><td>{e(s['position'])}</td>"
                         f"<td>“{e(s['evidence'])}”{cite(s['citations'])}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>(no stances recorded)</p>")
    parts.append("<h2>Actors</h2><ul>")
    for a in b["actors"]:
        parts.append(f"<li>{e(a['name'])} ({e(a['country'] or '?')}): "
                     f"{e('; '.join(a['offices']) or 'no office on record')}</li>")
    parts.append("</ul><h2>Fact checks</h2><ul>")
    parts += [f"<li>{e(f['message'])} (“{e(f['text'])}”){cite(f['citations'])}</li>" for f in b["findings"]]
    parts.append("</ul><h2>Sources</h2><ol>")
    parts += [f'<li id="c{c["n"]}">{e(c["doc_id"])} {c["start"]}-{c["end"]}: {e(c["text"])}</li>'
              for c in b["citations"]]
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


def render_brief(store, ref: str, fmt: str = "md", *, polish_summary: bool = False) -> str:
    """The brief for an article or story as ``md``, ``html`` or ``json``."""
    if fmt not in ("md", "html", "json"):
        raise ConfigError(f"unknown brief format {fmt!r} (md, html or json)")
    b = build_brief(store, ref)
    if polish_summary:
        b["polished"] = polish(b)
    if fmt == "json":
        return json.dumps(b, ensure_ascii=False, indent=2, default=str) + "\n"
    return to_html(b) if fmt == "html" else to_markdown(b)


def polish(b: dict[str, Any], timeout: float = 30.0) -> str | None:
    """Reword the extractive summary through an OpenAI-compatible chat endpoint (opt-in).

    Needs ``TIDINGS_LLM_URL`` (e.g. ``http://localhost:8000/v1``); without it this raises
    ConfigError. The model is told to keep every fact and citation marker.
    """
    import urllib.request

    url = os.environ.get("TIDINGS_LLM_URL")
    if not url:
        raise ConfigError("--polish needs TIDINGS_LLM_URL (an OpenAI-compatible endpoint); briefs work without it")
    text = " ".join(f"{s['text']} {_cite_md(s['citations'])}" for s in b["summary"])
    body = {"model": os.environ.get("TIDINGS_LLM_MODEL", "default"), "temperature": 0,
            "messages": [{"role": "system", "content": "Rewrite this news summary for clarity in at most five "
                          "sentences. Do not add facts. Keep every [n] citation marker after the claim it supports."},
                         {"role": "user", "content": text}]}
    req = urllib.request.Request(url.rstrip("/") + "/chat/completions", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {os.environ['TIDINGS_LLM_KEY']}"}
                                             if os.environ.get("TIDINGS_LLM_KEY") else {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - user-configured endpoint
            return json.loads(resp.read())["choices"][0]["message"]["content"].strip()
    except Exception as exc:  # noqa: BLE001 - polishing is optional; the extractive brief stands
        return f"(polish failed: {type(exc).__name__})"


__all__ = ["build_brief", "polish", "render_brief", "sentence_around", "to_html", "to_markdown"]
