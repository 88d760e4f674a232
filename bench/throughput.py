"""Throughput of `tidings ingest` against spaCy's own `nlp.pipe`, measured in the same run.

usage: python bench/throughput.py [--articles N] [--workers 1,2] [--pg URL] [--no-sqlite]
                                 [--no-analysis] [--save-every N] [--json PATH]

The corpus (bench/corpus.py, cached under bench/.cache/) is the dev gold articles plus generated
stories composed from templates and the knowledge base. For each worker count the benchmark
times, in one process and one run:

1. spaCy's own ``nlp.pipe`` over the texts (``n_process`` = workers), the limit Tidings can reach;
2. ``tidings ingest`` end to end into a fresh SQLite file (read the JSONL file, skip known
   hashes, parse, resolve actors, extract events and stances, write everything);
3. the same into a fresh PostgreSQL database when ``--pg URL`` or ``TIDINGS_TEST_PG_URL`` is given
   (``bash tests/store/pg_local.sh`` starts a throwaway server and prints its URL).

It prints articles/s, words/s, the ratio to spaCy's speed at the same worker count (wall time,
and CPU time of this process plus spaCy's children, which is steadier on a shared machine), and
the peak RSS of each process (the main one and spaCy's worker children, sampled from /proc
VmHWM). The model, knowledge base and gazetteer are loaded once before timing, as a long-running
ingest would. The stories update that ingest runs after each saved batch is timed separately
(``--no-analysis`` leaves it out); ``--save-every 1`` reproduces per-article transactions.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus as bench_corpus  # noqa: E402

from tidings.models import Article  # noqa: E402
from tidings.pipeline import Pipeline  # noqa: E402
from tidings.runner import ingest  # noqa: E402
from tidings.settings import load_settings  # noqa: E402
from tidings.store import Store  # noqa: E402


# -- memory -----------------------------------------------------------------------------------------
def _status_kb(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    """Direct and indirect children of ``pid`` (from /proc/*/stat)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        out += kids
        frontier += kids
    return out


class PeakRSS:
    """Samples the peak resident set (VmHWM) of this process and its children while running."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakRSS:
        try:  # reset this process's high-water mark so each phase reports its own peak
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _sample(self) -> None:
        me = os.getpid()
        for pid in [me, *_children(me)]:
            kb = _status_kb(pid, "VmHWM")
            if kb is not None:
                self.peaks[pid] = max(self.peaks.get(pid, 0), kb)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    @property
    def main_mb(self) -> float:
        return self.peaks.get(os.getpid(), 0) / 1024

    @property
    def children_mb(self) -> list[float]:
        """Peaks of child processes big enough to be spaCy workers (over 100 MB), largest first."""
        return sorted((kb / 1024 for pid, kb in self.peaks.items() if pid != os.getpid() and kb > 100 * 1024),
                      reverse=True)

    def describe(self) -> str:
        kids = self.children_mb
        return f"main {self.main_mb:.0f} MB" + (f", workers {' / '.join(f'{k:.0f}' for k in kids)} MB" if kids else "")


# -- databases --------------------------------------------------------------------------------------
class FreshPostgres:
    """A new, empty database on the server at ``url`` for one run, dropped afterwards."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.base = make_url(url)
        self.name = f"tidings_bench_{uuid.uuid4().hex[:8]}"
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")

    def __enter__(self) -> str:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.base.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


# -- runs -------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Row:
    what: str
    workers: int
    seconds: float
    articles: int
    words: int
    rss: PeakRSS
    cpu: float = 0.0  # CPU seconds, this process and its finished children (spaCy's workers)
    events: int | None = None
    analysis: float | None = None  # seconds of it in tidings.analysis.update (stories, merging)

    def line(self, spacy: Row | None) -> str:
        ratio = f"{spacy.seconds / self.seconds:5.2f}" if spacy else "  -  "
        cpu = f" (CPU {spacy.cpu / self.cpu:4.2f})" if spacy else ""
        return (f"{self.what:<23} {self.workers:>2}  {self.articles / self.seconds:6.1f} art/s "
                f"{self.words / self.seconds:7.0f} words/s  ratio {ratio}{cpu}  CPU {self.cpu:6.1f} s  "
                f"peak RSS {self.rss.describe()}"
                + (f"  [stories update {self.analysis:.1f} s]" if self.analysis else ""))

    def as_dict(self, spacy: Row | None) -> dict:
        spacy_s = spacy.seconds if spacy else None
        return {"what": self.what, "workers": self.workers, "seconds": round(self.seconds, 2),
                "cpu_seconds": round(self.cpu, 2), "analysis_update_seconds": self.analysis and round(self.analysis, 2),
                "cpu_ratio_to_spacy": round(spacy.cpu / self.cpu, 3) if spacy else None,
                "articles_per_s": round(self.articles / self.seconds, 2),
                "words_per_s": round(self.words / self.seconds), "events": self.events,
                "ratio_to_spacy": round(spacy_s / self.seconds, 3) if spacy_s else None,
                "rss_main_mb": round(self.rss.main_mb), "rss_workers_mb": [round(k) for k in self.rss.children_mb]}


def time_spacy(pipeline: Pipeline, texts: list[str], workers: int, words: int) -> Row:
    nlp, batch = pipeline.nlp, pipeline.settings.batch_size
    with PeakRSS() as rss:
        t0, c0 = time.perf_counter(), _cpu()
        for _ in nlp.pipe(texts, batch_size=batch, n_process=workers):
            pass
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return Row("spaCy nlp.pipe", workers, seconds, len(texts), words, rss, cpu)


def time_ingest(pipeline: Pipeline, src: Path, url: str, workers: int, label: str, n: int, words: int,
                data_dir: Path, save_every: int | None = None) -> Row:
    settings = load_settings(data_dir=data_dir, db_url=url, workers=workers)
    pipe = dataclasses.replace(pipeline, settings=dataclasses.replace(pipeline.settings, workers=workers))
    with Store.open(settings.database_url) as store, PeakRSS() as rss:
        ANALYSIS_SECONDS[0] = 0.0
        t0, c0 = time.perf_counter(), _cpu()
        summary = ingest([str(src)], settings, store, pipe,
                         **({"save_every": save_every} if save_every else {}))
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    if summary.ingested != n:
        raise SystemExit(f"{label}: ingested {summary.ingested} of {n} ({summary.as_dict()})")
    return Row(label, workers, seconds, n, words, rss, cpu, events=summary.events, analysis=ANALYSIS_SECONDS[0])


ANALYSIS_SECONDS = [0.0]  # time spent in tidings.analysis.update during the current ingest run


def _time_analysis_update(disable: bool) -> None:
    """Wrap the runner's call to ``tidings.analysis.update`` to time it (or skip it)."""
    import tidings.runner as runner

    analysis = getattr(runner, "analysis", None)
    if analysis is None or not hasattr(analysis, "update"):
        return
    original = analysis.update

    class Timed:
        def __getattr__(self, name):
            return getattr(analysis, name)

        @staticmethod
        def update(store, doc_ids):
            if disable:
                return None
            t0 = time.perf_counter()
            try:
                return original(store, doc_ids)
            finally:
                ANALYSIS_SECONDS[0] += time.perf_counter() - t0

    runner.analysis = Timed()


def _cpu() -> float:
    """CPU seconds used so far by this process and its waited-for children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--pg", default=os.environ.get("TIDINGS_TEST_PG_URL"),
                    help="PostgreSQL server URL (default: $TIDINGS_TEST_PG_URL; skipped when unset)")
    ap.add_argument("--no-sqlite", action="store_true", help="skip the SQLite runs")
    ap.add_argument("--save-every", type=int, default=None,
                    help="articles per write transaction (default: the runner's; 1 = the old per-article saves)")
    ap.add_argument("--no-analysis", action="store_true",
                    help="leave out the stories/merge update that ingest runs after each saved batch "
                         "(tidings.analysis.update), to time the extraction path alone")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",")]
    _time_analysis_update(disable=args.no_analysis)

    rows = bench_corpus.load(args.articles)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    n = len(rows)
    results: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "corpus.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        settings = load_settings(data_dir=tmp_path, db_url=f"sqlite:///{tmp}/warm.db")
        pipeline = Pipeline.build(settings)
        for text in texts[:20]:  # warm up: vocabulary, matchers, lazily loaded tables
            pipeline.analyse(pipeline.nlp(text), Article(doc_id="warm-up", text=text))
        print(f"corpus: {n} articles, {words} words ({words / n:.0f} per article); "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; model {settings.model}")
        for w in worker_counts:
            spacy_row = time_spacy(pipeline, texts, w, words)
            print(spacy_row.line(None), flush=True)
            runs = [spacy_row]
            if not args.no_sqlite:
                url = f"sqlite:///{tmp}/bench-{w}.db"
                runs.append(time_ingest(pipeline, src, url, w, "tidings ingest SQLite", n, words, tmp_path,
                                            args.save_every))
                print(runs[-1].line(spacy_row), flush=True)
            if args.pg:
                with FreshPostgres(args.pg) as url:
                    runs.append(time_ingest(pipeline, src, url, w, "tidings ingest Postgres", n, words,
                                                tmp_path, args.save_every))
                print(runs[-1].line(spacy_row), flush=True)
            results += [r.as_dict(spacy_row if r is not spacy_row else None) for r in runs]
    if args.json:
        args.json.write_text(json.dumps({"articles": n, "words": words, "cpus": os.cpu_count(),
                                         "load_average_end": os.getloadavg(),
                                         "runs": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
