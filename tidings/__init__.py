"""Tidings: political event data (PLOVER, CAMEO) from news articles, with evidence."""

__version__ = "0.1.0"
