import json
import os
import shutil

import faiss
import pytest

from assistant.engine import Engine
from assistant.search import index as index_module
from assistant.search.index import (
    FORMAT_VERSION,
    IndexCorrupt,
    IndexMissing,
    IndexProblem,
    IndexStale,
    build_index,
    current_path,
    load_index,
    open_index,
    stale_reason,
)


def test_a_build_writes_every_part_and_a_manifest(tmp_settings, fake_embedder):
    path = build_index(tmp_settings, fake_embedder)
    assert sorted(p.name for p in path.iterdir()) == [
        "bm25",
        "chunks.json",
        "dense.faiss",
        "languages",
        "manifest.json",
        "out_of_scope.json",
        "questions.json",
        "sentence_questions.json",
        "units.json",
        "vocabulary.json",
    ]
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["chunk_count"] == 57
    assert manifest["dimensions"] == fake_embedder.dimensions
    assert len(manifest["corpus_sha256"]) == 64
    assert current_path(tmp_settings.index_dir) == path
    loaded = load_index(tmp_settings.index_dir)
    assert len(loaded.chunks) == 57 and loaded.dense.ntotal == manifest["unit_count"]
    assert stale_reason(loaded, tmp_settings) is None


def test_a_missing_index_is_reported(tmp_settings):
    with pytest.raises(IndexMissing):
        load_index(tmp_settings.index_dir)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: (p / "dense.faiss").write_bytes((p / "dense.faiss").read_bytes()[:100]),
        lambda p: (p / "chunks.json").unlink(),
        lambda p: (p / "manifest.json").write_text("{not json"),
        lambda p: (p / "units.json").write_text("[]"),
        lambda p: next((p / "bm25").iterdir()).write_bytes(b"garbage"),
    ],
    ids=["truncated-faiss", "missing-chunks", "garbage-manifest", "edited-units", "garbage-bm25"],
)
def test_a_corrupt_index_is_detected(tmp_settings, fake_embedder, damage):
    path = build_index(tmp_settings, fake_embedder)
    damage(path)
    with pytest.raises(IndexCorrupt) as error:
        load_index(tmp_settings.index_dir)
    assert "\n" not in str(error.value)


def test_a_corpus_edit_makes_the_index_stale(tmp_settings, fake_embedder):
    build_index(tmp_settings, fake_embedder)
    page = next(tmp_settings.corpus_dir.glob("*.txt"))
    page.write_text(page.read_text().replace("within 14 days", "within 30 days"))
    assert (
        stale_reason(load_index(tmp_settings.index_dir), tmp_settings)
        == "the corpus changed since it was built"
    )


def test_a_model_change_makes_the_index_stale(tmp_settings, fake_embedder):
    build_index(tmp_settings, fake_embedder)
    other = tmp_settings.model_copy(update={"model": "some/other-model"})
    reason = stale_reason(load_index(tmp_settings.index_dir), other)
    assert reason is not None and "some/other-model" in reason


def cause(problem: str, settings, embedder) -> None:
    """Leave the index `missing`, `stale` (the corpus edited since) or `corrupt` (a part emptied)."""
    if problem == "missing":
        return
    first = build_index(settings, embedder)
    if problem == "stale":
        page = next(settings.corpus_dir.glob("*.txt"))
        page.write_text(page.read_text() + "\n")
    else:
        (first / "dense.faiss").write_bytes(b"")


@pytest.mark.parametrize("problem", ["missing", "stale", "corrupt"])
def test_open_rebuilds_a_missing_stale_or_corrupt_index(tmp_settings, fake_embedder, problem):
    cause(problem, tmp_settings, fake_embedder)
    calls = fake_embedder.calls
    loaded = open_index(tmp_settings, fake_embedder)
    assert fake_embedder.calls == calls + 1
    assert stale_reason(loaded, tmp_settings) is None


@pytest.mark.parametrize("problem", ["missing", "stale", "corrupt"])
def test_without_auto_build_the_error_is_one_line_naming_the_command(tmp_settings, fake_embedder, problem):
    cause(problem, tmp_settings, fake_embedder)
    settings = tmp_settings.model_copy(update={"auto_build": False})
    expected = {"missing": IndexMissing, "stale": IndexStale, "corrupt": IndexCorrupt}[problem]
    with pytest.raises(expected) as error:
        open_index(settings, fake_embedder)
    message = str(error.value)
    assert "\n" not in message and message.endswith("run `assistant index` to rebuild it")


def test_a_crash_during_a_build_leaves_the_current_index_untouched(tmp_settings, fake_embedder, monkeypatch):
    first = build_index(tmp_settings, fake_embedder)

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", crash)
    with pytest.raises(OSError):
        build_index(tmp_settings, fake_embedder)
    assert current_path(tmp_settings.index_dir) == first
    assert load_index(tmp_settings.index_dir).path == first
    assert not list(tmp_settings.index_dir.glob(".*.tmp"))


def test_old_builds_are_pruned_to_the_current_and_the_previous(tmp_settings, fake_embedder, monkeypatch):
    builds = []
    for number in range(4):
        monkeypatch.setattr(os, "getpid", lambda n=number: 1000 + n)
        builds.append(build_index(tmp_settings, fake_embedder))
    remaining = sorted(p for p in tmp_settings.index_dir.iterdir() if not p.name.startswith((".", "current")))
    assert builds[-1] in remaining and len(remaining) == 2
    assert remaining == builds[-2:]  # the current build and the one before it, not any older one
    assert index_module.current_path(tmp_settings.index_dir) == builds[-1]


def as_real_directory(index_dir) -> None:
    """`current` as `cp -rL` or an unpacked archive leaves it: a directory, not a link."""
    build = current_path(index_dir)
    (index_dir / "current").unlink()
    shutil.copytree(build, index_dir / "current")


def test_a_build_replaces_a_current_that_is_a_real_directory(tmp_settings, fake_embedder):
    build_index(tmp_settings, fake_embedder)
    as_real_directory(tmp_settings.index_dir)
    second = build_index(tmp_settings, fake_embedder)
    current = tmp_settings.index_dir / "current"
    assert current.is_symlink() and current_path(tmp_settings.index_dir) == second
    assert load_index(tmp_settings.index_dir).path == second
    assert not list(tmp_settings.index_dir.glob(".*.tmp"))


def test_auto_build_replaces_a_stale_current_that_is_a_real_directory(tmp_settings, fake_embedder):
    build_index(tmp_settings, fake_embedder)
    as_real_directory(tmp_settings.index_dir)
    page = next(tmp_settings.corpus_dir.glob("*.txt"))
    page.write_text(page.read_text() + "\n")  # stale: the engine builds at start
    engine = Engine.open(tmp_settings, embedder=fake_embedder)
    assert (tmp_settings.index_dir / "current").is_symlink()
    assert engine.index.path == current_path(tmp_settings.index_dir)
    assert stale_reason(engine.index, tmp_settings) is None
    assert not list(tmp_settings.index_dir.glob(".*.tmp"))


def test_a_current_that_cannot_be_replaced_is_one_line_and_leaves_no_link_behind(
    tmp_settings, fake_embedder, monkeypatch
):
    build_index(tmp_settings, fake_embedder)
    as_real_directory(tmp_settings.index_dir)
    real_replace = os.replace

    def refused(source, target):
        if str(target).endswith("current"):
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(IndexProblem) as error:
        build_index(tmp_settings, fake_embedder)
    message = str(error.value)
    assert "\n" not in message and "Permission denied" in message
    assert message.endswith("out of the way and run `assistant index` again")
    # The copy is put back where it was, still serving, and no temporary link is left.
    current = tmp_settings.index_dir / "current"
    assert current.is_dir() and not current.is_symlink() and (current / "manifest.json").exists()
    assert not list(tmp_settings.index_dir.glob(".*.tmp"))
