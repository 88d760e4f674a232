"""Parquet shards: Results <-> one Parquet file per table per partition, and loading them.

Layout under the output directory (one file per partition in each table's folder, named by the
partition key, so a retried partition overwrites its own shard)::

    DIR/articles/part-<key>.parquet       one row per article (with its text)
    DIR/actors/part-<key>.parquet         actor mentions (content_hash, doc_id, ordinal, ...)
    DIR/events/part-<key>.parquet         one row per event
    DIR/participants/part-<key>.parquet   event actors and recipients (event_id, role, ordinal, ...)
    DIR/findings/part-<key>.parquet       fact-check findings
    DIR/stances/part-<key>.parquet        stances (holder_* columns for the holder)
    DIR/log/part-<key>.parquet            inputs that were skipped or failed, with the reason

Every child row carries the article's ``content_hash`` (the join key) and ``doc_id``. Each file is
written to a hidden temporary name and renamed into place; the ``articles`` file is written last
and is what marks a shard complete, so a reader never sees half a partition.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ConfigError
from ..models import ActorRef, Article, EventDate, EventRecord, Evidence, Finding, Place, Result, Span, Stance

TABLES = ("articles", "actors", "events", "participants", "findings", "stances", "log")
CHILD_TABLES = TABLES[1:-1]

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_ENTITY = [("name", _S), ("country", _S), ("sector", _S), ("kind", _S), ("kb_id", _S), ("wikidata", _S),
           ("office", _S), ("resolved_by", _S), ("start", _I), ("end", _I), ("text", _S)]
_KEYS = [("content_hash", _S), ("doc_id", _S)]


def _spans(*prefixes: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{p}_{k}", t) for p in prefixes for k, t in (("start", _I), ("end", _I), ("text", _S))]


SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        *_KEYS, ("title", _S), ("text", _S), ("published", pa.date32()), ("published_source", _S),
        ("url", _S), ("source", _S), ("author", _S), ("site", _S), ("path", _S), ("fmt", _S),
        ("body_start", _I), ("warnings", pa.list_(_S)), ("n_events", _I)]),
    "actors": pa.schema([*_KEYS, ("ordinal", _I), *_ENTITY]),
    "events": pa.schema([
        *_KEYS, ("ordinal", _I), ("event_id", _S), ("event_type", _S), ("mode", _S), ("status", _S),
        ("date_value", _S), ("date_precision", _S), *_spans("date"), ("published", pa.date32()),
        ("location_name", _S), ("location_country", _S), ("location_lat", _F), ("location_lon", _F),
        ("location_geonames_id", _I), ("location_feature", _S), *_spans("location"),
        ("contexts", pa.list_(_S)), ("cameo", _S), ("confidence", _F), ("coder", _S),
        *_spans("sentence", "clause", "trigger")]),
    "participants": pa.schema([*_KEYS, ("event_id", _S), ("role", _S), ("ordinal", _I), *_ENTITY]),
    "findings": pa.schema([*_KEYS, ("ordinal", _I), ("kind", _S), ("message", _S), ("kb_id", _S),
                           ("start", _I), ("end", _I), ("text", _S)]),
    "stances": pa.schema([
        *_KEYS, ("ordinal", _I), ("stance_id", _S), *[(f"holder_{k}", t) for k, t in _ENTITY],
        ("issue", _S), ("issue_key", _S), ("position", _S), *_spans("evidence"), ("quote", _B),
        ("via", _S), ("confidence", _F)]),
    "log": pa.schema([("source", _S), ("doc_id", _S), ("status", _S), ("reason", _S)]),
}


# --- records -> rows ---------------------------------------------------------------------------

def _span(prefix: str, span: Span | None) -> dict[str, Any]:
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None,
            f"{prefix}_text": span.text if span else None}


def _entity(ref: ActorRef, prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}name": ref.name, f"{prefix}country": ref.country, f"{prefix}sector": ref.sector,
            f"{prefix}kind": ref.kind, f"{prefix}kb_id": ref.kb_id, f"{prefix}wikidata": ref.wikidata,
            f"{prefix}office": ref.office, f"{prefix}resolved_by": ref.resolved_by,
            f"{prefix}start": ref.span.start, f"{prefix}end": ref.span.end, f"{prefix}text": ref.span.text}


def result_rows(result: Result) -> dict[str, list[dict[str, Any]]]:
    """The rows of one ok Result, by table."""
    art = result.article
    assert art is not None and result.status == "ok"
    keys = {"content_hash": art.content_hash, "doc_id": art.doc_id}
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["articles"].append({
        **keys, "title": art.title, "text": art.text, "published": art.published,
        "published_source": art.published_source, "url": art.url, "source": art.source,
        "author": art.author, "site": art.site, "path": art.path, "fmt": art.fmt,
        "body_start": art.body_start, "warnings": list(art.warnings), "n_events": len(result.events)})
    out["actors"] = [{**keys, "ordinal": i, **_entity(a)} for i, a in enumerate(result.actors)]
    out["findings"] = [{**keys, "ordinal": i, "kind": f.kind, "message": f.message, "kb_id": f.kb_id,
                        "start": f.span.start, "end": f.span.end, "text": f.span.text}
                       for i, f in enumerate(result.findings)]
    out["stances"] = [{**keys, "ordinal": i, "stance_id": s.stance_id, **_entity(s.holder, "holder_"),
                       "issue": s.issue, "issue_key": s.issue_key, "position": s.position,
                       **_span("evidence", s.evidence), "quote": s.quote, "via": s.via,
                       "confidence": s.confidence} for i, s in enumerate(result.stances)]
    for i, ev in enumerate(result.events):
        loc, evid = ev.location, ev.evidence
        out["events"].append({
            **keys, "ordinal": i, "event_id": ev.event_id, "event_type": ev.event_type, "mode": ev.mode,
            "status": ev.status, "date_value": ev.date.value if ev.date else None,
            "date_precision": ev.date.precision if ev.date else None,
            **_span("date", ev.date.span if ev.date else None), "published": art.published,
            "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
            "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
            "location_geonames_id": loc.geonames_id if loc else None,
            "location_feature": loc.feature if loc else None, **_span("location", loc.span if loc else None),
            "contexts": list(ev.contexts), "cameo": ev.cameo, "confidence": ev.confidence, "coder": ev.coder,
            **_span("sentence", evid.sentence), **_span("clause", evid.clause), **_span("trigger", evid.trigger)})
        for role, refs in (("actor", ev.actor), ("recipient", ev.recipient)):
            out["participants"] += [{**keys, "event_id": ev.event_id, "role": role, "ordinal": j, **_entity(r)}
                                    for j, r in enumerate(refs)]
    return out


# --- rows -> records ---------------------------------------------------------------------------

def _to_span(row: dict[str, Any], prefix: str) -> Span | None:
    if row[f"{prefix}_start"] is None:
        return None
    return Span(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"])


def _to_entity(row: dict[str, Any], prefix: str = "") -> ActorRef:
    def g(k: str) -> Any:
        return row[prefix + k]

    return ActorRef(name=g("name"), country=g("country"), sector=g("sector"), kind=g("kind"),
                    span=Span(g("start"), g("end"), g("text")), kb_id=g("kb_id"), wikidata=g("wikidata"),
                    office=g("office"), resolved_by=g("resolved_by"))


def _to_event(row: dict[str, Any], participants: list[dict[str, Any]]) -> EventRecord:
    parts = sorted(participants, key=lambda p: p["ordinal"])
    date = (EventDate(row["date_value"], row["date_precision"], _to_span(row, "date"))
            if row["date_value"] is not None else None)
    loc = None
    if row["location_name"] is not None:
        loc = Place(name=row["location_name"], country=row["location_country"], lat=row["location_lat"],
                    lon=row["location_lon"], geonames_id=row["location_geonames_id"],
                    feature=row["location_feature"], span=_to_span(row, "location"))
    return EventRecord(
        event_id=row["event_id"], doc_id=row["doc_id"], event_type=row["event_type"], mode=row["mode"],
        status=row["status"], actor=tuple(_to_entity(p) for p in parts if p["role"] == "actor"),
        recipient=tuple(_to_entity(p) for p in parts if p["role"] == "recipient"), date=date, location=loc,
        evidence=Evidence(_to_span(row, "sentence"), _to_span(row, "clause"), _to_span(row, "trigger")),
        contexts=tuple(row["contexts"] or ()), cameo=row["cameo"], confidence=row["confidence"],
        coder=row["coder"])


def results_from_tables(tables: dict[str, list[dict[str, Any]]]) -> list[Result]:
    """Rebuild the Results of one shard (in article order) from its tables' rows."""
    by: dict[str, dict[str, list[dict[str, Any]]]] = {t: defaultdict(list) for t in CHILD_TABLES}
    for table in CHILD_TABLES:
        for row in tables.get(table, ()):
            by[table][row["content_hash"]].append(row)
    results = []
    for a in tables["articles"]:
        h = a["content_hash"]
        article = Article(
            doc_id=a["doc_id"], text=a["text"], title=a["title"] or "", published=a["published"],
            published_source=a["published_source"], url=a["url"], source=a["source"], author=a["author"],
            site=a["site"], path=a["path"], fmt=a["fmt"], body_start=a["body_start"], content_hash=h,
            warnings=tuple(a["warnings"] or ()))

        def ordered(table: str, h: str = h) -> list[dict[str, Any]]:
            return sorted(by[table].get(h, ()), key=lambda row: row["ordinal"])

        parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in by["participants"].get(h, ()):
            parts[p["event_id"]].append(p)
        results.append(Result(
            article.doc_id, "ok", article=article,
            actors=tuple(_to_entity(r) for r in ordered("actors")),
            events=tuple(_to_event(r, parts[r["event_id"]]) for r in ordered("events")),
            findings=tuple(Finding(doc_id=article.doc_id, kind=r["kind"], message=r["message"],
                                   span=Span(r["start"], r["end"], r["text"]), kb_id=r["kb_id"])
                           for r in ordered("findings")),
            stances=tuple(Stance(stance_id=r["stance_id"], doc_id=article.doc_id,
                                 holder=_to_entity(r, "holder_"), issue=r["issue"], issue_key=r["issue_key"],
                                 position=r["position"], evidence=_to_span(r, "evidence"), quote=r["quote"],
                                 via=r["via"], confidence=r["confidence"])
                          for r in ordered("stances")),
            warnings=article.warnings))
    return results


# --- files -------------------------------------------------------------------------------------

def shard_name(key: str) -> str:
    return f"part-{key[:32]}.parquet"


def write_shard(out_dir: str | os.PathLike, key: str, results: Iterable[Result],
                problems: Sequence[tuple[str, str | None, str, str]] = ()) -> Path:
    """Write one partition's shard (every table) atomically per file, ``articles`` last; returns
    the articles file. ``problems``: (source, doc_id, status, reason) for the log table."""
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for result in results:
        for table, rows in result_rows(result).items():
            tables[table] += rows
    tables["log"] = [{"source": s, "doc_id": d, "status": st, "reason": r} for s, d, st, r in problems]
    root = Path(out_dir)
    name = shard_name(key)
    for table in (*TABLES[1:], "articles"):
        folder = root / table
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / name
        tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
        try:
            pq.write_table(pa.Table.from_pylist(tables[table], schema=SCHEMAS[table]), tmp)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
    return root / "articles" / name


def find_shards(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """The complete shards (their ``articles`` files) named by ``paths``: output directories, an
    ``articles`` folder, or articles shard files; sorted, no repeats."""
    found: list[Path] = []
    for arg in paths:
        p = Path(arg)
        if p.is_file() and p.suffix == ".parquet":
            found.append(p)
        elif (p / "articles").is_dir():
            found += sorted((p / "articles").glob("part-*.parquet"))
        elif p.is_dir() and p.name == "articles":
            found += sorted(p.glob("part-*.parquet"))
        else:
            raise ConfigError(f"{arg}: not a shard directory (no articles/ folder) or a .parquet shard")
    return list(dict.fromkeys(p.resolve() for p in found))


def read_shard(articles_file: Path) -> tuple[list[Result], list[dict[str, Any]]]:
    """The Results of a shard and its log rows."""
    root, name = articles_file.parent.parent, articles_file.name
    tables = {"articles": pq.read_table(articles_file).to_pylist()}
    for table in (*CHILD_TABLES, "log"):
        f = root / table / name
        tables[table] = pq.read_table(f).to_pylist() if f.exists() else []
    return results_from_tables(tables), tables["log"]


def load_shards(paths: Sequence[str | os.PathLike], store, *, progress: Callable[[str, str], None] | None = None,
                shards: list[Path] | None = None):
    """Import shards into ``store``; articles already stored (same content hash) are skipped, so
    loading twice adds nothing. Returns an IngestSummary (ingested, duplicates, failed)."""
    from ..runner import IngestSummary

    summary = IngestSummary()
    for shard in shards if shards is not None else find_shards(paths):
        try:
            results, _log = read_shard(shard)
        except (OSError, pa.ArrowException, KeyError) as exc:
            summary.failed += 1
            summary.problems.append((str(shard), f"unreadable shard ({type(exc).__name__}: {exc})"))
            if progress:
                progress(str(shard), "failed")
            continue
        known = store.known_hashes(r.article.content_hash for r in results)
        fresh = [r for r in results if r.article.content_hash not in known]
        summary.duplicates += len(results) - len(fresh)
        for result, outcome in zip(fresh, store.save_many(fresh, batch_size=max(1, len(fresh))), strict=True):
            _count(summary, result, outcome)
        if progress:
            progress(str(shard), "loaded")
    from .run import update_analysis

    update_analysis(store, summary.doc_ids)
    return summary


def _count(summary, result: Result, outcome) -> None:
    if outcome.status == "stored":
        summary.ingested += 1
        summary.events += len(result.events)
        summary.doc_ids.append(outcome.doc_id)
    elif outcome.status == "duplicate":
        summary.duplicates += 1
    else:
        summary.failed += 1
        summary.problems.append((result.article.path or result.doc_id, outcome.reason or outcome.status))

