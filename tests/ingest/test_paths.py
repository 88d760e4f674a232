from __future__ import annotations

import os

from tidings.ingest import Skipped, count_inputs, expand_paths, iter_articles
from tidings.ingest.paths import Missing, doc_id_for, file_stem


def _tree(root):
    files = ["b.txt", "a.txt", "sub/c.txt", "sub/deep/d.md", ".hidden.txt", ".git/config.txt",
             "sub/.cache/e.txt", "z.html"]
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Title {name}\n\nBody of {name}.\n")
    return root


def _rel(root, files):
    return [os.path.relpath(f, root) for f in files]


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    root = _tree(tmp_path)
    assert _rel(root, expand_paths([str(root)])) == ["a.txt", "b.txt", "sub/c.txt", "sub/deep/d.md", "z.html"]
    assert count_inputs([str(root)]) == 5


def test_globs_including_double_star(tmp_path):
    root = _tree(tmp_path)
    assert _rel(root, expand_paths([str(root / "*.txt")])) == ["a.txt", "b.txt"]
    assert _rel(root, expand_paths([str(root / "**" / "*.txt")])) == ["a.txt", "b.txt", "sub/c.txt"]
    assert _rel(root, expand_paths([str(root / "su?")])) == ["sub/c.txt", "sub/deep/d.md"]


def test_no_match_and_empty_directory(tmp_path, settings):
    (tmp_path / "empty").mkdir()
    args = [str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing"), str(tmp_path / "empty")]
    records = list(iter_articles(args, settings))
    assert records == [
        Skipped(args[0], "no such file or no match"),
        Skipped(args[1], "no such file or no match"),
        Skipped(args[2], "directory has no files"),
    ]
    assert count_inputs(args) == 0


def test_same_file_named_twice_is_read_once(tmp_path, settings):
    root = _tree(tmp_path)
    args = [str(root / "a.txt"), str(root), str(root / "*.txt")]
    files = list(expand_paths(args))
    assert _rel(root, files) == ["a.txt", "b.txt", "sub/c.txt", "sub/deep/d.md", "z.html"]
    docs = [r.doc_id for r in iter_articles(args, settings)]
    assert docs == ["a", "b", "c", "d", "z"]


def test_single_string_path_is_accepted(tmp_path, settings):
    root = _tree(tmp_path)
    assert [r.doc_id for r in iter_articles(str(root / "a.txt"), settings)] == ["a"]


def test_stems_and_doc_ids():
    assert file_stem("x/Some Story.TXT.gz") == "Some Story"
    assert file_stem("x/README") == "README"
    assert file_stem(".env") == ".env"
    assert doc_id_for("x/Some Story (draft)_v2.txt") == "some-story-draft-v2"
    assert doc_id_for("x/Çà va.html") == "ca-va"
    assert doc_id_for("x/Новости.txt").startswith("doc-")
    assert doc_id_for(None, fallback="abc") == doc_id_for(None, fallback="abc") != doc_id_for(None, fallback="x")


def test_missing_is_not_a_file():
    assert list(expand_paths(["/definitely/not/here"])) == [Missing("/definitely/not/here")]
