from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML_DIR = FIXTURES / "html"
FOOTER = "More Quick Read Articles »"


def load_gold(name: str = "articles.gold.jsonl") -> dict[str, dict]:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return {d["doc_id"]: d for d in map(json.loads, fh)}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    return load_gold()


@pytest.fixture(scope="session")
def seed() -> dict:
    return next(iter(load_gold("seed.gold.jsonl").values()))
