"""One error family for the whole library.

Library code raises these and never prints or exits; the CLI turns them into one line and an
exit code, the API (later) into one JSON shape. Bad *input* normally does not raise at all: it
becomes a skipped :class:`tidings.models.Result` with a reason.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base error: a short machine-readable ``code`` and a human message."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


class InputError(TidingsError):
    """An article or input file cannot be read or understood."""

    code = "input"
    exit_code = 1


class ResourceError(TidingsError):
    """A packaged or user resource (model, KB file, ontology table) is missing or invalid."""

    code = "resource"
    exit_code = 3


class ConfigError(TidingsError):
    """Settings or command-line options are invalid."""

    code = "config"
    exit_code = 2


class StoreError(TidingsError):
    """The database cannot be opened, migrated, read or written."""

    code = "store"
    exit_code = 4
