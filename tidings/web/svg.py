"""Layouts for the server-rendered SVG views (timeline, network): plain coordinates that the
templates draw. No JavaScript and no network access needed."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

QUAD_COLOURS = {1: "#2f7ed8", 2: "#2a9d4b", 3: "#e08a00", 4: "#c0392b", 0: "#888888"}


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def timeline_layout(items: list[dict[str, Any]], width: int = 960, lane_h: int = 34,
                    left: int = 120, right: int = 50, top: int = 30) -> dict[str, Any]:
    """Dots on lanes (one per event type), x by day; events on the same day and lane stack."""
    dated = [e for e in items if e.get("when")]
    lanes = sorted({e["event_type"] for e in dated})
    if not dated:
        return {"width": width, "height": 60, "lanes": [], "dots": [], "ticks": [], "clamped": 0}
    days = [_day(e["when"]) for e in dated]
    ordered = sorted(days)
    lo, hi = ordered[0], ordered[-1]
    # a few far-off events (a 1992 treaty among 2025 news) would squash the rest: start the axis at
    # the 5th percentile instead and draw the earlier ones at the left edge
    p5 = ordered[len(ordered) // 20]
    if (p5 - lo).days > 2 * max((hi - p5).days, 1):
        lo = p5
    clamped = sum(1 for d in days if d < lo)
    span = max((hi - lo).days, 1)
    inner = width - left - right

    def x_of(d: dt.date) -> float:
        d = max(d, lo)
        if lo == hi:
            return left + inner / 2
        return left + inner * (d - lo).days / span

    stack: dict[tuple[str, dt.date], int] = {}
    lane_y = {t: top + i * lane_h + lane_h / 2 for i, t in enumerate(lanes)}
    dots = []
    for e, d in zip(dated, days, strict=True):
        k = stack.get((e["event_type"], d), 0)
        stack[(e["event_type"], d)] = k + 1
        dots.append({"x": round(x_of(d) + (k % 5) * 7, 1), "y": round(lane_y[e["event_type"]] - 8 + (k // 5) * 7, 1),
                     "colour": QUAD_COLOURS.get(e.get("quad_class") or 0), "planned": e["planned_act"],
                     "clamped": d < lo, "e": e})
    n_ticks = 1 if lo == hi else min(6, span + 1)
    ticks = []
    for i in range(n_ticks):
        d = lo + dt.timedelta(days=round(span * i / max(n_ticks - 1, 1))) if lo != hi else lo
        ticks.append({"x": round(x_of(d), 1), "label": d.isoformat()})
    height = top + len(lanes) * lane_h + 30
    return {"width": width, "height": height, "left": left, "right": width - right,
            "lanes": [{"name": t, "y": lane_y[t]} for t in lanes], "dots": dots, "ticks": ticks,
            "axis_y": height - 24, "clamped": clamped}


def network_layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
                   size: int = 900) -> dict[str, Any]:
    """Nodes on a circle (busiest first), edges as curves coloured by quad class, width by count."""
    c = size / 2
    radius = size / 2 - 150
    pos: dict[str, tuple[float, float]] = {}
    out_nodes = []
    max_deg = max((n["degree"] for n in nodes), default=1)
    for i, n in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        pos[n["id"]] = (x, y)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        lx = x + 14 * math.cos(angle)
        ly = y + 14 * math.sin(angle) + 4
        out_nodes.append({**n, "x": round(x, 1), "y": round(y, 1),
                          "r": round(4 + 10 * math.sqrt(n["degree"] / max_deg), 1),
                          "lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor})
    max_count = max((e["count"] for e in edges), default=1)
    out_edges = []
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        # bend each quad class a different amount so parallel edges stay apart
        bend = 0.12 + 0.08 * ((e["quad_class"] or 1) - 1)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        qx, qy = mx + (c - mx) * bend * 2, my + (c - my) * bend * 2
        out_edges.append({**e, "d": f"M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {x2:.1f},{y2:.1f}",
                          "colour": QUAD_COLOURS.get(e["quad_class"] or 0),
                          "w": round(1 + 7 * math.log1p(e["count"]) / math.log1p(max_count), 2)})
    return {"size": size, "nodes": out_nodes, "edges": out_edges, "colours": QUAD_COLOURS}
