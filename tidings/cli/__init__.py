"""The ``tidings`` command: a thin layer over the library.

Settings are built once (defaults < config file < TIDINGS_* env < flags) in ``common`` and passed
down. A :class:`~tidings.errors.TidingsError` becomes one line on stderr and its exit code. Each
command group lives in its own module and registers itself on ``app`` when imported here.
"""

from __future__ import annotations

from . import (  # noqa: F401  (registers the commands)
    analysis,  # noqa: F401  (registers stories, story, planned, stances, brief, analyse)
    core,
    db,  # noqa: F401  (registers `tidings db`)
    evaluate,  # noqa: F401  (registers `tidings eval`)
    kb,
    load,  # noqa: F401  (registers `tidings load`; `ingest --dask` lives there too)
    serve,  # noqa: F401  (registers `tidings serve`)
)
from .common import app


def main() -> None:  # console-script entry point
    app()


__all__ = ["app", "main"]
