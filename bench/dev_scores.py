"""Score the pipeline on gold articles: events (as shared/eval/score.py) and stances.

usage: python bench/dev_scores.py GOLD.jsonl [GOLD.jsonl ...] [--json]

Runs the full pipeline (no database) on each gold article and scores its events and stances with
``tidings.evaluate`` (the same rules as the shared scorer; stances: holder country, position and
issue overlap, strict adds the holder's name).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tidings.evaluate import load_jsonl, score, score_stances  # noqa: E402
from tidings.ingest import read_jsonl_line  # noqa: E402
from tidings.pipeline import Pipeline  # noqa: E402
from tidings.settings import load_settings  # noqa: E402


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pipeline = Pipeline.build(load_settings())
    report = {}
    for path in paths:
        gold = load_jsonl(path)
        events, stances = [], []
        for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            result = pipeline.process_one(read_jsonl_line(line, path=path, lineno=i))
            events.extend(e.to_contract() for e in result.events)
            stances.extend(s.to_contract() for s in result.stances)
        report[path] = {"events": score(gold, events), "stances": score_stances(gold, stances)}
    if "--json" in argv:
        print(json.dumps(report, indent=2))
        return 0
    for path, res in report.items():
        print(f"== {path} ({res['events']['articles']} articles)")
        for kind in ("events", "stances"):
            for k in ("lenient", "strict") + (("type_only",) if kind == "events" else ()):
                r = res[kind][k]
                print(f"{kind:8s} {k:9s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                      f"(tp {r['tp']}, system {r['system']}, gold {r['gold']})")
        a = res["events"]["attributes_of_lenient_matches"]
        print("matched  " + "  ".join(f"{k} {v:.3f}" for k, v in a.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
