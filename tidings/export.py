"""Write events as JSONL, JSON, CSV or a GDELT/Phoenix-style CAMEO TSV.

- ``jsonl``: one ``EventRecord.to_contract()`` per line (the shape ``shared/eval/score.py`` reads).
- ``json``: the same objects in one array.
- ``csv``: one flat row per event; lists (names, countries, sectors, contexts) joined by ``;``.
- ``cameo-tsv``: one row per dyad, with a header line. Dyads are actor x recipient pairs; a
  CONSULT without recipients gives every pair of its participants; any other event without
  recipients gives one row per actor with an empty target; an event without actors one row with
  empty source and target. Actor codes are ISO3 + sector (``USAGOV``). The date is ``YYYYMMDD``
  with ``00`` for an unknown month or day. The CAMEO code is the event's own, else the ontology's
  best code for its type, mode and contexts; the quad class is that of the code's CAMEO root as
  in Phoenix (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
  conflict). No Goldstein score (Tidings ships no Goldstein table).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations, product
from typing import Any, TextIO

from .errors import ConfigError, InputError
from .events.ontology import load_ontology
from .models import ActorRef, EventRecord

FORMATS = ("jsonl", "json", "csv", "cameo-tsv")

CSV_COLUMNS = (
    "doc_id", "event_id", "event_type", "mode", "status", "date", "date_precision",
    "actor_names", "actor_countries", "actor_sectors",
    "recipient_names", "recipient_countries", "recipient_sectors",
    "location_name", "location_country", "location_lat", "location_lon",
    "contexts", "cameo", "confidence", "evidence",
)
TSV_COLUMNS = (
    "event_id", "date", "source", "target", "cameo", "cameo_root", "cameo_root_name", "quad_class",
    "location", "country", "lat", "lon", "doc_id", "evidence",
)


def write_events(events: Iterable[EventRecord], fmt: str, out: TextIO) -> int:
    """Write ``events`` to ``out`` in ``fmt`` (one of :data:`FORMATS`); returns rows written."""
    writers: dict[str, Callable[[Iterable[EventRecord], TextIO], int]] = {
        "jsonl": _jsonl, "json": _json, "csv": _csv, "cameo-tsv": _cameo_tsv,
    }
    if fmt not in writers:
        raise ConfigError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return writers[fmt](events, out)


def _jsonl(events: Iterable[EventRecord], out: TextIO) -> int:
    n = 0
    for event in events:
        out.write(json.dumps(event.to_contract(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _json(events: Iterable[EventRecord], out: TextIO) -> int:
    records = [e.to_contract() for e in events]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(records)


def _joined(refs: Iterable[ActorRef], attr: str) -> str:
    return ";".join(getattr(r, attr) or "" for r in refs)


def _csv_row(e: EventRecord) -> dict[str, Any]:
    loc = e.location
    return {
        "doc_id": e.doc_id, "event_id": e.event_id, "event_type": e.event_type, "mode": e.mode or "",
        "status": e.status, "date": e.date.value if e.date else "",
        "date_precision": e.date.precision if e.date else "",
        "actor_names": _joined(e.actor, "name"), "actor_countries": _joined(e.actor, "country"),
        "actor_sectors": _joined(e.actor, "sector"),
        "recipient_names": _joined(e.recipient, "name"),
        "recipient_countries": _joined(e.recipient, "country"),
        "recipient_sectors": _joined(e.recipient, "sector"),
        "location_name": loc.name if loc else "", "location_country": (loc.country or "") if loc else "",
        "location_lat": _num(loc.lat) if loc else "", "location_lon": _num(loc.lon) if loc else "",
        "contexts": ";".join(e.contexts), "cameo": e.cameo or "", "confidence": round(e.confidence, 3),
        "evidence": e.evidence.clause.text,
    }


def _csv(events: Iterable[EventRecord], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(_csv_row(event))
        n += 1
    return n


def _num(value: float | None) -> str:
    return "" if value is None else repr(value)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def actor_code(ref: ActorRef | None) -> str:
    """ISO3 + sector, e.g. USAGOV; IGO + IGO is just IGO."""
    if ref is None:
        return ""
    country, sector = ref.country or "", ref.sector or ""
    return country if sector == country else country + sector


def cameo_date(value: str | None) -> str:
    """YYYY-MM-DD / YYYY-MM / YYYY -> YYYYMMDD with 00 for unknown parts."""
    if not value:
        return ""
    parts = value.split("-") + ["00", "00"]
    return parts[0] + parts[1].zfill(2) + parts[2].zfill(2)


def dyads(event: EventRecord) -> Iterator[tuple[ActorRef | None, ActorRef | None]]:
    if event.actor and event.recipient:
        yield from product(event.actor, event.recipient)
    elif event.event_type == "CONSULT" and len(event.actor) > 1:
        yield from combinations(event.actor, 2)
    elif event.actor:
        for ref in event.actor:
            yield ref, None
    else:
        for ref in event.recipient or (None,):
            yield None, ref


def cameo_code(event: EventRecord) -> str:
    if event.cameo:
        return event.cameo
    try:
        return load_ontology().cameo_for(event.event_type, event.mode, event.contexts)
    except InputError:
        return ""


def _cameo_tsv(events: Iterable[EventRecord], out: TextIO) -> int:
    onto = load_ontology()
    out.write("\t".join(TSV_COLUMNS) + "\n")
    n = 0
    for event in events:
        code = cameo_code(event)
        quad = onto.cameo_quad_class(code) if code else None
        loc = event.location
        common = [
            code, code[:2], (onto.cameo_root_name(code) or "") if code else "", str(quad or ""),
            _clean(loc.name) if loc else "", (loc.country or "") if loc else "",
            _num(loc.lat) if loc else "", _num(loc.lon) if loc else "",
            event.doc_id, _clean(event.evidence.clause.text),
        ]
        date = cameo_date(event.date.value if event.date else None)
        for source, target in dyads(event):
            out.write("\t".join([event.event_id, date, actor_code(source), actor_code(target), *common]) + "\n")
            n += 1
    return n
