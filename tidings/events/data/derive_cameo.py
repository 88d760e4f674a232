"""Derive ``cameo_plover.tsv`` from PLOVER's ``CAMEO2PLOVER-2021.txt`` (how the shipped table was made).

usage: python tidings/events/data/derive_cameo.py CAMEO2PLOVER-2021.txt > tidings/events/data/cameo_plover.tsv

Source: https://github.com/openeventdata/PLOVER (commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f),
``CAMEO2PLOVER-2021.txt`` (PLOVER manual Draft 0.8, 17 September 2021, edited by Philip Schrodt),
licensed CC BY-SA 4.0. The derived table is shared under the same licence.

Steps, in order (standard library only; the output is deterministic):

1. Read ``CODE: TYPE, mode, context[; context] # description`` lines; skip comments, blank lines,
   the two-digit section headers (``04: CONSULT``) and the ``~~~~~`` trailer. Whitespace around
   every field is stripped (the source has ``access ``, ``ban `` ...).
2. Rename PLOVER draft names to the current (2023, POLECAT) ones as the plover-gsr README says:
   DEMAND->REQUEST, DISAPPROVE->ACCUSE (mode disapprove), INVESTIGATE->ACCUSE (mode investigate),
   FIGHT->ASSAULT.
3. Rename contexts that the current list does not have: humanitarian->human_security,
   democracy->pro_democracy.
4. Apply the per-code corrections in ``OVERRIDES`` (modes the current PLOVER no longer has, e.g.
   ``ease``/``ban``/``assassinate``, and codes whose description contradicts the mode, e.g. 124
   "Decline to yield" coded ``change``). Each changed row says what changed in its last column.
5. Keep the first row of a duplicated code (175 appears twice).

The ontology loader (``tidings.events.ontology``) validates every row of the result against the
PLOVER table (type known, mode allowed for the type, contexts known).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SOURCE_REPO = "openeventdata/PLOVER"
SOURCE_COMMIT = "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"

TYPE_RENAMES = {  # old name -> (new name, mode if the old name implied one)
    "DEMAND": ("REQUEST", None),
    "DISAPPROVE": ("ACCUSE", "disapprove"),
    "INVESTIGATE": ("ACCUSE", "investigate"),
    "FIGHT": ("ASSAULT", None),
}
CONTEXT_RENAMES = {"humanitarian": "human_security", "democracy": "pro_democracy"}

# code -> {field: new value}; fields: type, mode ("" = none), contexts (tuple)
OVERRIDES: dict[str, dict] = {
    "0842": {"mode": "release"},  # "return" is not a RETREAT mode; returning property is a release
    "085": {"mode": ""},  # "ease" is no longer a mode (the source's own note at 0813)
    "105": {"mode": "yield"},  # "Demand that target yields"
    "112": {"mode": "allege"},  # "Accuse": the allege mode
    "124": {"mode": "yield"},  # "Decline to yield"
    "1241": {"mode": "yield"},  # "Decline to ease administrative sanctions"
    "1242": {"mode": "yield"},  # "Decline to ease popular dissent"
    "132": {"mode": "restrict"},  # "ban" is not a THREATEN mode
    "1321": {"mode": "restrict"},  # "political" is not a THREATEN mode
    "1322": {"mode": "restrict"},  # "ban" is not a THREATEN mode
    "163": {"type": "SANCTION", "mode": "", "contexts": ("economic",)},  # sanctions/embargoes are SANCTION
    "1712": {"mode": "destroy"},  # "Destroy property"
    "1722": {"mode": "restrict"},  # "ban" is not a COERCE mode
    "175": {"mode": "crowd-control", "contexts": ("repression",)},  # source row has context as mode
    "1823": {"mode": "beat"},  # "Kill by physical assault"
    "185": {"mode": "targeted"},  # "assassinate" is now "targeted"
    "186": {"mode": "targeted"},
    "195": {"mode": "aerial"},  # "Employ aerial weapons"
    "200": {"mode": ""},  # "massacre" is not a mode
    "201": {"mode": ""},  # "cleansing" is not a mode
    "202": {"mode": ""},
    "203": {"mode": ""},
}

LINE = re.compile(r"^(\d{3,4}):\s*([^,#]+),([^,#]*),?([^#]*)(?:#\s*(.*))?$")
HEADER = (
    "# CAMEO code -> PLOVER event type, mode and contexts.\n"
    f"# Derived from CAMEO2PLOVER-2021.txt in https://github.com/{SOURCE_REPO} (commit {SOURCE_COMMIT}),\n"
    "# PLOVER manual Draft 0.8 (2021-09-17, ed. Philip Schrodt), licensed CC BY-SA 4.0; this derived\n"
    "# table is shared under CC BY-SA 4.0 too. How it was derived: tidings/events/data/derive_cameo.py.\n"
    "# code<TAB>type<TAB>mode<TAB>contexts (comma-separated)<TAB>CAMEO description<TAB>changes from the source\n"
)


def derive(lines: list[str]) -> list[tuple[str, str, str, str, str, str]]:
    """Rows (code, type, mode, contexts, description, changes) in source order."""
    rows: list[tuple[str, str, str, str, str, str]] = []
    seen: set[str] = set()
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("~") or re.match(r"^\d\d:", line):
            continue
        m = LINE.match(line)
        if not m:
            raise ValueError(f"line {lineno}: cannot read {line!r}")
        code, etype, mode, contexts, desc = (g.strip() if g else "" for g in m.groups())
        if code in seen:
            continue
        seen.add(code)
        changes = []
        ctx = tuple(c.strip() for c in contexts.split(";") if c.strip())
        if etype in TYPE_RENAMES:
            new, implied = TYPE_RENAMES[etype]
            changes.append(f"type {etype}->{new}")
            etype, mode = new, mode or implied or ""
        renamed = tuple(CONTEXT_RENAMES.get(c, c) for c in ctx)
        if renamed != ctx:
            changes.append("contexts " + ",".join(ctx) + "->" + ",".join(renamed))
            ctx = renamed
        for key, value in OVERRIDES.get(code, {}).items():
            old = {"type": etype, "mode": mode, "contexts": ctx}[key]
            if key == "type":
                etype = value
            elif key == "mode":
                mode = value
            else:
                ctx = value
            show = ",".join(old) if isinstance(old, tuple) else old
            new_show = ",".join(value) if isinstance(value, tuple) else value
            changes.append(f"{key} {show or '-'}->{new_show or '-'}")
        rows.append((code, etype, mode, ",".join(ctx), desc, "; ".join(changes)))
    return rows


def render(rows: list[tuple[str, ...]]) -> str:
    return HEADER + "".join("\t".join(row) + "\n" for row in rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    text = Path(argv[0]).read_text(encoding="utf-8")
    sys.stdout.write(render(derive(text.splitlines())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
