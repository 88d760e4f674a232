"""Shared fixtures: the spaCy-backed pipeline is built once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((FIXTURES / "seed.gold.jsonl").read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="session")
def dev_gold() -> list[dict]:
    lines = (FIXTURES / "articles.gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    from tidings.settings import load_settings

    return load_settings(env={}, data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def pipeline(settings):
    from tidings.pipeline import Pipeline

    return Pipeline.build(settings)
