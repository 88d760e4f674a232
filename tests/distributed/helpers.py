"""Partition functions for the tests; importable by the Dask worker processes."""

from __future__ import annotations

import os
import signal

from tidings.distributed.worker import process_partition


def kill_once(part, job, *, marker: str, index: int = 1):
    """Do the partition's work (shards written, or rows committed), then SIGKILL this worker
    process before the result gets back, the first time partition ``index`` runs: the worst moment
    to die. The marker file makes the retry succeed."""
    outcome = process_partition(part, job)
    if part.index == index and not os.path.exists(marker):
        with open(marker, "w") as fh:
            fh.write(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return outcome
