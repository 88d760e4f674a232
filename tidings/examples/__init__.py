"""The bundled example article (``tidings`` can be tried without any input of one's own)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

EXAMPLE_NAME = "seed-2025-02-13-trump-putin.txt"


def example_path() -> Path:
    """Path of the bundled example: a 2025-02-13 article on Trump, Putin and Ukraine."""
    return Path(str(files(__package__).joinpath(EXAMPLE_NAME)))
