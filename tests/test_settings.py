"""Settings: defaults, and precedence defaults < TOML file < TIDINGS_* environment < overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.settings import DEFAULT_MODEL, Settings, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(monkeypatch, tmp_path):
    s = load_settings(env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert s.data_dir == tmp_path / "xdg" / "tidings"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "real"))
    assert load_settings(env={}).data_dir != tmp_path / "real" / "tidings"  # only the env passed in counts
    assert s.db_url is None
    assert s.model == DEFAULT_MODEL
    assert s.workers == 1
    assert s.batch_size == 32
    assert s.max_article_chars == 2_000_000
    assert s.max_file_bytes == 50_000_000
    assert s.kb_overlay is None


def test_database_url_defaults_to_sqlite_under_data_dir(tmp_path):
    s = load_settings(env={}, data_dir=tmp_path / "d")
    assert s.database_url == f"sqlite:///{tmp_path / 'd' / 'tidings.db'}"
    assert load_settings(env={}, data_dir=tmp_path, db_url="sqlite:///x.db").database_url == "sqlite:///x.db"


def test_precedence_defaults_file_env_overrides(tmp_path):
    cfg = write(tmp_path / "settings.toml", 'workers = 2\nbatch_size = 8\nmodel = "file-model"\n'
                                            f'data_dir = "{tmp_path / "from-file"}"\n')
    # file over defaults
    s = load_settings(cfg, env={})
    assert (s.workers, s.batch_size, s.model, s.data_dir) == (2, 8, "file-model", tmp_path / "from-file")
    assert s.max_file_bytes == Settings().max_file_bytes  # untouched default
    # env over file (only where set; empty values are unset)
    env = {"TIDINGS_WORKERS": "3", "TIDINGS_MODEL": "", "TIDINGS_DATA_DIR": str(tmp_path / "from-env")}
    s = load_settings(cfg, env=env)
    assert (s.workers, s.batch_size, s.model, s.data_dir) == (3, 8, "file-model", tmp_path / "from-env")
    # overrides over env; None means "not given"
    s = load_settings(cfg, env=env, workers=4, model=None, batch_size=16)
    assert (s.workers, s.batch_size, s.model, s.data_dir) == (4, 16, "file-model", tmp_path / "from-env")


def test_config_file_from_env_and_tidings_table(tmp_path):
    cfg = write(tmp_path / "c.toml", "[tidings]\nworkers = 5\nmax_article_chars = 1000\n")
    s = load_settings(env={"TIDINGS_CONFIG": str(cfg)})
    assert s.workers == 5
    assert s.max_article_chars == 1000


def test_db_from_env(tmp_path):
    s = load_settings(env={"TIDINGS_DB": "sqlite:///env.db"}, data_dir=tmp_path)
    assert s.database_url == "sqlite:///env.db"
    s = load_settings(env={"TIDINGS_DB": "sqlite:///env.db"}, data_dir=tmp_path, db_url="sqlite:///flag.db")
    assert s.database_url == "sqlite:///flag.db"


def test_unknown_key_in_file_is_named(tmp_path):
    cfg = write(tmp_path / "c.toml", "workers = 2\nwrokers = 3\n")
    with pytest.raises(ConfigError, match="wrokers"):
        load_settings(cfg, env={})
    cfg = write(tmp_path / "t.toml", "[tidings]\ncolour = 'blue'\n")
    with pytest.raises(ConfigError, match="colour"):
        load_settings(cfg, env={})


def test_unknown_override_rejected():
    with pytest.raises(ConfigError, match="nonsense"):
        load_settings(env={}, nonsense=1)


@pytest.mark.parametrize("where", ["file", "env", "override"])
def test_bad_int(tmp_path, where):
    cfg = write(tmp_path / "c.toml", 'workers = "many"\n') if where == "file" else None
    env = {"TIDINGS_WORKERS": "many"} if where == "env" else {}
    overrides = {"workers": "many"} if where == "override" else {}
    with pytest.raises(ConfigError, match="workers"):
        load_settings(cfg, env=env, **overrides)


@pytest.mark.parametrize("value", ["0", "-2"])
def test_workers_below_one(value):
    with pytest.raises(ConfigError, match="workers"):
        load_settings(env={"TIDINGS_WORKERS": value})
    with pytest.raises(ConfigError, match="workers"):
        load_settings(env={}, workers=int(value))


def test_batch_size_below_one():
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings(env={}, batch_size=0)


def test_missing_config_file(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="nope.toml"):
        load_settings(missing, env={})
    with pytest.raises(ConfigError, match="nope.toml"):
        load_settings(env={"TIDINGS_CONFIG": str(missing)})


def test_invalid_toml(tmp_path):
    cfg = write(tmp_path / "broken.toml", "workers = = 2\n")
    with pytest.raises(ConfigError, match="broken.toml"):
        load_settings(cfg, env={})


def test_config_error_is_a_tidings_error_with_exit_code(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "missing.toml", env={})
    assert info.value.exit_code == 2
    assert info.value.to_dict()["error"]["code"] == "config"


def test_settings_replace_ignores_none(tmp_path):
    s = load_settings(env={}, data_dir=tmp_path)
    assert s.replace(workers=None, model="m").model == "m"
    assert s.replace(workers=None).workers == 1


@pytest.mark.parametrize("bad", ["2.7", "true"])
def test_non_integer_workers_in_file_is_an_error(tmp_path, bad):
    cfg = tmp_path / "t.toml"
    cfg.write_text(f"workers = {bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="workers"):
        load_settings(cfg, env={})
