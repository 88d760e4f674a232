"""The PLOVER ontology and its CAMEO mapping, loaded once from packaged data files.

``load_ontology()`` reads ``data/plover.tsv`` (types, quad category, modes, contexts, statuses,
sectors), ``data/cameo_plover.tsv`` (CAMEO code -> PLOVER, derived from PLOVER's
CAMEO2PLOVER-2021 table, CC BY-SA 4.0; see ``data/README-cameo.md``), ``data/cameo_prefer.tsv``
and ``data/cameo_roots.tsv``; every row is validated and a bad one raises :class:`ResourceError`
naming file and line. The result is immutable.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from ..errors import InputError, ResourceError

DATA = "tidings.events"  # files live in its data/ folder
QUADS = {("verbal", "cooperation"): 1, ("material", "cooperation"): 2,
         ("verbal", "conflict"): 3, ("material", "conflict"): 4}


@dataclass(frozen=True)
class EventType:
    name: str
    category: str  # verbal | material
    polarity: str  # cooperation | conflict
    modes: tuple[str, ...]
    description: str

    @property
    def quad(self) -> str:
        """E.g. "verbal cooperation"."""
        return f"{self.category} {self.polarity}"

    @property
    def quad_class(self) -> int:
        """Phoenix/GDELT quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
        return QUADS[(self.category, self.polarity)]


@dataclass(frozen=True)
class CameoRow:
    code: str
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Ontology:
    event_types: Mapping[str, EventType]
    contexts: tuple[str, ...]
    statuses: tuple[str, ...]
    sectors: Mapping[str, str]
    extra_countries: Mapping[str, str]
    cameo: Mapping[str, CameoRow]
    cameo_roots: Mapping[str, tuple[int, str]]  # "01" -> (quad class, name)
    cameo_prefer: Mapping[tuple[str, str | None], str]

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self.event_types)

    def _type(self, event_type: str) -> EventType:
        try:
            return self.event_types[event_type]
        except KeyError:
            raise InputError(f"unknown PLOVER event type {event_type!r}") from None

    def modes(self, event_type: str) -> tuple[str, ...]:
        return self._type(event_type).modes

    def quad(self, event_type: str) -> str:
        return self._type(event_type).quad

    def is_valid(self, event_type: str, mode: str | None = None) -> bool:
        et = self.event_types.get(event_type)
        return et is not None and (mode is None or mode in et.modes)

    def cameo_for(self, event_type: str, mode: str | None = None, contexts: Iterable[str] = ()) -> str:
        """The best CAMEO code for a PLOVER event.

        Among the table rows of that type and mode (no mode: the rows without one), a row sharing
        the most contexts wins; otherwise Tidings' preferred code for (type, mode), otherwise the
        most general row (shortest code, then lowest). A mode the table lacks falls back to the
        type's code.
        """
        self._type(event_type)
        wanted = set(contexts)
        rows = [r for r in self.cameo.values() if r.event_type == event_type and r.mode == mode]
        if wanted and rows:
            scored = [(len(wanted & set(r.contexts)), r) for r in rows]
            best = max(s for s, _ in scored)
            if best:
                return min((r for s, r in scored if s == best), key=_generality).code
        if (event_type, mode) in self.cameo_prefer:
            return self.cameo_prefer[(event_type, mode)]
        if rows:
            return min(rows, key=_generality).code
        if mode is not None:
            return self.cameo_for(event_type, None, wanted)
        return min((r for r in self.cameo.values() if r.event_type == event_type), key=_generality).code

    def plover_for(self, cameo_code: str) -> tuple[str, str | None, tuple[str, ...]] | None:
        """(type, mode, contexts) for a CAMEO code; an unknown sub-code falls back to its parent
        (``0412`` -> ``041``), a root to its ``x0`` code. None for codes PLOVER dropped (01, 02)."""
        code = (cameo_code or "").strip()
        while code:
            row = self.cameo.get(code) or (self.cameo.get(code + "0") if len(code) == 2 else None)
            if row:
                return row.event_type, row.mode, row.contexts
            code = code[:-1] if len(code) > 3 else (code[:2] if len(code) == 3 else "")
        return None

    def cameo_root(self, cameo_code: str) -> str:
        return cameo_code[:2]

    def cameo_root_name(self, cameo_code: str) -> str | None:
        root = self.cameo_roots.get(cameo_code[:2])
        return root[1] if root else None

    def cameo_quad_class(self, cameo_code: str) -> int | None:
        """Phoenix quad class of a CAMEO code's root (1-4)."""
        root = self.cameo_roots.get(cameo_code[:2])
        return root[0] if root else None


def _generality(row: CameoRow) -> tuple[int, str]:
    return len(row.code), row.code


def _rows(name: str, min_fields: int) -> Iterable[tuple[int, list[str]]]:
    try:
        text = resources.files(DATA).joinpath("data", name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ResourceError(f"ontology file {name}: cannot read ({exc})") from exc
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < min_fields:
            raise ResourceError(f"{name}:{lineno}: expected at least {min_fields} tab-separated fields")
        yield lineno, fields


def _load_plover() -> dict:
    name = "plover.tsv"
    types: dict[str, EventType] = {}
    lists: dict[str, list[str]] = {"context": [], "status": []}
    codes: dict[str, dict[str, str]] = {"sector": {}, "country": {}}
    for lineno, f in _rows(name, 2):
        kind = f[0]
        where = f"{name}:{lineno}"
        if kind == "type":
            if len(f) < 5 or not f[1].isupper() or (f[2], f[3]) not in QUADS:
                raise ResourceError(f"{where}: bad type row (type NAME verbal|material cooperation|conflict modes)")
            if f[1] in types:
                raise ResourceError(f"{where}: duplicate type {f[1]}")
            modes = tuple(m.strip() for m in f[4].split(",") if m.strip())
            if len(set(modes)) != len(modes):
                raise ResourceError(f"{where}: duplicate mode for {f[1]}")
            types[f[1]] = EventType(f[1], f[2], f[3], modes, f[5] if len(f) > 5 else "")
        elif kind in lists:
            if f[1] in lists[kind]:
                raise ResourceError(f"{where}: duplicate {kind} {f[1]!r}")
            lists[kind].append(f[1])
        elif kind in codes:
            if not (f[1].isupper() and len(f[1]) == 3):
                raise ResourceError(f"{where}: {kind} code must be three capital letters")
            codes[kind][f[1]] = f[2] if len(f) > 2 else ""
        else:
            raise ResourceError(f"{where}: unknown row kind {kind!r}")
    if not types or not lists["context"] or not lists["status"] or not codes["sector"]:
        raise ResourceError(f"{name}: types, contexts, statuses and sectors are all required")
    from ..models import STATUSES

    if tuple(lists["status"]) != STATUSES:
        raise ResourceError(f"{name}: statuses {lists['status']} differ from tidings.models.STATUSES")
    return {"types": types, "contexts": tuple(lists["context"]), "statuses": tuple(lists["status"]),
            "sectors": codes["sector"], "countries": codes["country"]}


def _check_event(where: str, types: Mapping[str, EventType], etype: str, mode: str | None) -> None:
    if etype not in types:
        raise ResourceError(f"{where}: unknown PLOVER type {etype!r}")
    if mode is not None and mode not in types[etype].modes:
        raise ResourceError(f"{where}: mode {mode!r} is not allowed for {etype}")


def _check_code(where: str, code: str, roots: Mapping[str, tuple[int, str]]) -> None:
    if not (code.isdigit() and 3 <= len(code) <= 4 and code[:2] in roots):
        raise ResourceError(f"{where}: bad CAMEO code {code!r}")


def _load_roots() -> dict[str, tuple[int, str]]:
    name = "cameo_roots.tsv"
    roots: dict[str, tuple[int, str]] = {}
    for lineno, (root, quad, label, *_) in _rows(name, 3):
        if not (len(root) == 2 and root.isdigit()) or quad not in {"1", "2", "3", "4"} or root in roots:
            raise ResourceError(f"{name}:{lineno}: bad or duplicate root row")
        roots[root] = (int(quad), label)
    if sorted(roots) != [f"{i:02d}" for i in range(1, 21)]:
        raise ResourceError(f"{name}: expected the 20 CAMEO roots 01..20")
    return roots


def _load_cameo(types: Mapping[str, EventType], contexts: tuple[str, ...],
                roots: Mapping[str, tuple[int, str]]) -> dict[str, CameoRow]:
    name = "cameo_plover.tsv"
    table: dict[str, CameoRow] = {}
    for lineno, f in _rows(name, 2):
        where = f"{name}:{lineno}"
        f += [""] * (5 - len(f))
        code, etype, mode = f[0], f[1], f[2] or None
        _check_code(where, code, roots)
        _check_event(where, types, etype, mode)
        ctx = tuple(c for c in f[3].split(",") if c)
        unknown = [c for c in ctx if c not in contexts]
        if unknown:
            raise ResourceError(f"{where}: unknown context(s) {unknown}")
        if code in table:
            raise ResourceError(f"{where}: duplicate CAMEO code {code}")
        table[code] = CameoRow(code, etype, mode, ctx, f[4])
    missing = [t for t in types if not any(r.event_type == t for r in table.values())]
    if missing:
        raise ResourceError(f"{name}: no CAMEO code for {missing}")
    return table


def _load_prefer(types: Mapping[str, EventType], roots: Mapping[str, tuple[int, str]],
                 cameo: Mapping[str, CameoRow]) -> dict[tuple[str, str | None], str]:
    name = "cameo_prefer.tsv"
    prefer: dict[tuple[str, str | None], str] = {}
    for lineno, f in _rows(name, 3):
        where = f"{name}:{lineno}"
        etype, mode, code = f[0], f[1] or None, f[2]
        _check_event(where, types, etype, mode)
        _check_code(where, code, roots)
        if code not in cameo:
            raise ResourceError(f"{where}: CAMEO code {code} is not in cameo_plover.tsv")
        prefer[(etype, mode)] = code
    return prefer


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The packaged PLOVER ontology and CAMEO mapping (validated, cached, read-only)."""
    plover = _load_plover()
    roots = _load_roots()
    cameo = _load_cameo(plover["types"], plover["contexts"], roots)
    prefer = _load_prefer(plover["types"], roots, cameo)
    return Ontology(
        event_types=MappingProxyType(plover["types"]),
        contexts=plover["contexts"],
        statuses=plover["statuses"],
        sectors=MappingProxyType(plover["sectors"]),
        extra_countries=MappingProxyType(plover["countries"]),
        cameo=MappingProxyType(cameo),
        cameo_roots=MappingProxyType(roots),
        cameo_prefer=MappingProxyType(prefer),
    )
