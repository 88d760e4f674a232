"""Ingest beyond one machine, on Dask: partition the input, process partitions on the workers
(each loads the model once), write to the shared store or to Parquet shards.

``ingest_distributed`` is the entry point (``tidings ingest --dask``); ``load_shards`` imports
Parquet shards into any store (``tidings load``). Needs the ``distributed`` extra:
``pip install 'tidings[distributed]'``.
"""

from .partition import Partition, Piece, plan, read_partition
from .run import Output, default_workers, ingest_distributed, parse_output
from .shards import TABLES, find_shards, load_shards, read_shard, write_shard

__all__ = [
    "TABLES", "Output", "Partition", "Piece", "default_workers", "find_shards", "ingest_distributed",
    "load_shards", "parse_output", "plan", "read_partition", "read_shard", "write_shard",
]
