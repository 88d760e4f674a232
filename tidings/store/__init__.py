"""Storage: SQLAlchemy schema and the :class:`Store` (save Results, query events)."""

from .store import IngestEntry, SaveOutcome, Store, StoredArticle

__all__ = ["IngestEntry", "SaveOutcome", "Store", "StoredArticle"]
