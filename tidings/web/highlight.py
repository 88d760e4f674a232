"""Article text as escaped HTML with actors, event evidence, triggers and findings marked.

The text is cut at every span boundary; each piece is escaped (``markupsafe.escape``) and wrapped
in the marks that cover it. Actor mentions link to the actor page; the end of each evidence clause
gets a numbered link to the event's panel, so the page works without JavaScript. A cited span
(``mark``: start and end offsets, as the evidence links of stances, planned events and briefs give
them) is wrapped in ``<mark class="cited">``, the first piece with ``id="cited"``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape


def _attr(value: str) -> str:
    return str(escape(value))


def highlight(text: str, actors: list[dict[str, Any]], events: list[dict[str, Any]],
              findings: list[dict[str, Any]], actor_href: str = "/actors/",
              mark: tuple[int, int] | None = None) -> Markup:
    n = len(text)
    spans: list[tuple[int, int, str, Any]] = []
    if mark is not None and 0 <= mark[0] < mark[1] <= n:
        spans.append((mark[0], mark[1], "cite", None))
    cited_id = ' id="cited"'
    for a in actors:
        if 0 <= a["start"] < a["end"] <= n:
            spans.append((a["start"], a["end"], "actor", a))
    for e in events:
        if 0 <= e["clause_start"] < e["clause_end"] <= n:
            spans.append((e["clause_start"], e["clause_end"], "ev", e))
        if 0 <= e["trigger_start"] < e["trigger_end"] <= n:
            spans.append((e["trigger_start"], e["trigger_end"], "trigger", e))
    for f in findings:
        if 0 <= f["start"] < f["end"] <= n:
            spans.append((f["start"], f["end"], "finding", f))
    cuts = sorted({0, n, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    ends_at: dict[int, list[dict[str, Any]]] = {}
    for _s, e, kind, obj in spans:
        if kind == "ev":
            ends_at.setdefault(e, []).append(obj)
    out: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(text[lo:hi]))
        covering = [(s, e, k, o) for s, e, k, o in spans if s <= lo and hi <= e]
        act = min((c for c in covering if c[2] == "actor"), key=lambda c: c[1] - c[0], default=None)
        evs = [c[3] for c in covering if c[2] == "ev"]
        trig = any(c[2] == "trigger" for c in covering)
        finds = [c[3] for c in covering if c[2] == "finding"]
        if act is not None:
            a = act[3]
            title = f"{a['name']} ({a['country'] or '?'}/{a['sector'] or '?'}) via {a['resolved_by']}"
            piece = (f'<a class="actor" href="{_attr(actor_href + quote(a["key"], safe=""))}" '
                     f'title="{_attr(title)}">{piece}</a>')
        if trig:
            piece = f"<strong class=\"trigger\">{piece}</strong>"
        if finds:
            piece = f'<span class="finding" title="{_attr(finds[0]["message"])}">{piece}</span>'
        if evs:
            ids = " ".join(f"ev-{e['n']}" for e in evs)
            cls = "ev planned" if any(e["planned_act"] for e in evs) else "ev"
            piece = f'<mark class="{cls}" data-ev="{_attr(ids)}">{piece}</mark>'
        if any(c[2] == "cite" for c in covering):
            piece = f'<mark class="cited"{cited_id}>{piece}</mark>'
            cited_id = ""
        out.append(piece)
        for e in ends_at.get(hi, []):
            out.append(f'<sup class="evref"><a href="#ev-{e["n"]}" title="{_attr(e["event_type"])}">'
                       f'{e["n"]}</a></sup>')
    return Markup("".join(out))
