"""Quick bulk-insert check (not a unit test): events/s through Store.save_many.

usage: .venv/bin/python -m tests.store.bench_bulk [DB_URL] [ARTICLES] [EVENTS_PER_ARTICLE]
(default: a temporary SQLite file, 500 articles x 20 events)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tidings.store import Store

from .factory import TEXT, make_result


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = (argv[0] if argv else "") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        n_articles = int(argv[1]) if len(argv) > 1 else 500
        per = int(argv[2]) if len(argv) > 2 else 20
        run = time.time_ns()
        results = [make_result(f"bench-{run}-{i}", text=f"{TEXT} ({run}-{i})", n_extra=per - 3)
                   for i in range(n_articles)]
        n_events = sum(len(r.events) for r in results)
        with Store(url) as store:
            start = time.perf_counter()
            outcomes = store.save_many(results, batch_size=200)
            took = time.perf_counter() - start
            assert all(o.status == "stored" for o in outcomes), {o.status for o in outcomes}
        print(f"{store.url}: {n_articles} articles, {n_events} events in {took:.2f}s "
              f"= {n_events / took:,.0f} events/s")


if __name__ == "__main__":
    main(sys.argv[1:])
