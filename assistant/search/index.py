"""The saved index: a directory with one file per part and a manifest that says what built it.

    index/
      current -> 20250310T120000-1a2b3c4d     (symlink, swapped atomically)
      20250310T120000-1a2b3c4d/
        manifest.json   model, corpus sha256, counts, dimensions, format version, file checksums
        chunks.json     the clauses
        units.json      which clause (and sentence or question) each vector stands for
        dense.faiss     inner-product index over unit-length MiniLM vectors
        bm25/           the BM25 index over the clauses
        questions.json, sentence_questions.json, out_of_scope.json, vocabulary.json   the curated data
        languages/      the curated questions in other languages
        multilingual/   units.json, and <encoder>.faiss for each multilingual encoder: the same units,
                        with the other languages' questions among them

A build is written to a temporary directory, renamed into place, and only then made
`current`, so a crash never leaves half an index where a reader will look.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from assistant.search import vector_cache
from assistant.search.bm25 import Lexical
from assistant.search.embedder import Embedder
from assistant.search.multilingual import Multilingual
from assistant.search.native import NativeLexical
from assistant.settings import Settings
from assistant.terms import curated as curated_files
from assistant.terms.chunks import Chunk, chunk_documents
from assistant.terms.curated import Curated, load_curated, save_curated
from assistant.terms.page import corpus_sha256, load_documents

log = logging.getLogger(__name__)

# Bump when the chunking, the units or the files change shape: older indexes become stale.
# (4: the naive baseline's windows left the index for the evaluation; 5: questions that point to
# a sentence; 6: BM25 reads the questions too; 7: the page's capitals restored; 8: the multilingual
# units and vectors.)
FORMAT_VERSION = 8
CURRENT = "current"
_PARTS = (
    "chunks.json",
    "units.json",
    "dense.faiss",
    "bm25",
    curated_files.QUESTIONS,
    curated_files.SENTENCE_QUESTIONS,
    curated_files.OUT_OF_SCOPE,
    curated_files.VOCABULARY,
    curated_files.LANGUAGES,
)
MULTILINGUAL = "multilingual"


class IndexProblem(Exception):
    """The index cannot be used as it is; the message says why in one line."""


class IndexMissing(IndexProblem):
    pass


class IndexStale(IndexProblem):
    pass


class IndexCorrupt(IndexProblem):
    pass


# What a vector stands for.
WHOLE, TITLED_SENTENCE, BARE_SENTENCE, QUESTION, NEGATIVE, SENTENCE_QUESTION = 0, 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Units:
    """What each dense vector stands for: a clause, one of its sentences, a question it answers (one
    of its sentences', for a sentence question), or (at the end, clause -1) a question the terms
    don't answer.

    Sentences are embedded twice: under their heading path, to rank clauses, and bare, to pick
    the sentences to quote within a clause (where the shared heading would only add noise).
    """

    chunk: np.ndarray  # clause position, per vector; -1 for out-of-scope examples
    # sentence position in that clause (the answering one, for a sentence question), the question's
    # position for a clause question, or -1 for the whole clause
    sentence: np.ndarray
    kind: np.ndarray  # WHOLE, TITLED_SENTENCE, BARE_SENTENCE, QUESTION, SENTENCE_QUESTION or NEGATIVE
    # The language each text is in ("en" for the terms and the English questions); None: all English.
    language: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, list]:
        data: dict[str, list] = {
            "chunk": self.chunk.tolist(),
            "sentence": self.sentence.tolist(),
            "kind": self.kind.tolist(),
        }
        if self.language is not None:
            data["language"] = list(self.language)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, list]) -> Units:
        chunk, sentence, kind = (np.array(data[key], dtype=np.int32) for key in ("chunk", "sentence", "kind"))
        language = tuple(data["language"]) if "language" in data else None
        return cls(chunk, sentence, kind, language=language)


@dataclass
class MultilingualVectors:
    """The units as the multilingual encoders see them: English and the other languages' questions,
    one FAISS index per encoder (in the order of `Multilingual.encoders`)."""

    model: str
    units: Units
    dense: list[faiss.Index]


@dataclass
class Index:
    """Everything retrieval needs, loaded in memory."""

    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    units: Units
    dense: faiss.Index
    lexical: Lexical
    multilingual: MultilingualVectors | None = None
    # BM25 over each language's own questions, beside the multilingual vectors.
    native: NativeLexical | None = None

    def __post_init__(self) -> None:
        self.by_id: dict[str, Chunk] = {chunk.id: chunk for chunk in self.chunks}

    @property
    def build_id(self) -> str:
        return self.path.name


def unit_texts(chunks: list[Chunk], curated: Curated) -> tuple[list[str], Units]:
    """The texts to embed, clause by clause (the whole clause, each sentence titled and bare, the
    questions it answers), then the out-of-scope examples."""
    texts: list[str] = []
    rows: list[tuple[int, int, int]] = []
    for position, chunk in enumerate(chunks):
        texts.append(f"{chunk.title}: {chunk.text}")
        rows.append((position, -1, WHOLE))
        for number, sentence in enumerate(chunk.sentences):
            texts.extend([f"{chunk.title}: {sentence}", sentence])
            rows.extend([(position, number, TITLED_SENTENCE), (position, number, BARE_SENTENCE)])
        for number, question in enumerate(curated.questions.get(chunk.id, [])):
            texts.append(question)
            rows.append((position, number, QUESTION))
        for opening, questions in curated.sentence_questions.get(chunk.id, {}).items():
            answering = answering_sentence(chunk, opening)
            texts.extend(questions)
            rows.extend((position, answering, SENTENCE_QUESTION) for _ in questions)
    for number, question in enumerate(curated.out_of_scope):
        texts.append(question)
        rows.append((-1, number, NEGATIVE))
    columns = np.array(rows, dtype=np.int32).T
    return texts, Units(columns[0], columns[1], columns[2])


def multilingual_unit_texts(chunks: list[Chunk], curated: Curated) -> tuple[list[str], Units]:
    """The English units (as `unit_texts`), each clause's run followed by the questions other
    languages ask of its sentences, and the out-of-scope examples of every language at the end."""
    english, units = unit_texts(chunks, curated)
    texts: list[str] = []
    rows: list[tuple[int, int, int]] = []
    languages: list[str] = []
    negatives = [i for i, kind in enumerate(units.kind) if kind == NEGATIVE]
    clause_rows = [i for i, kind in enumerate(units.kind) if kind != NEGATIVE]
    by_clause: dict[int, list[int]] = {}
    for i in clause_rows:
        by_clause.setdefault(int(units.chunk[i]), []).append(i)
    for position, chunk in enumerate(chunks):
        for i in by_clause.get(position, []):
            texts.append(english[i])
            rows.append((position, int(units.sentence[i]), int(units.kind[i])))
            languages.append("en")
        for code, aids in sorted(curated.languages.items()):
            for opening, questions in aids.sentence_questions.get(chunk.id, {}).items():
                answering = answering_sentence(chunk, opening)
                texts.extend(questions)
                rows.extend((position, answering, SENTENCE_QUESTION) for _ in questions)
                languages.extend(code for _ in questions)
    for i in negatives:
        texts.append(english[i])
        rows.append((-1, int(units.sentence[i]), NEGATIVE))
        languages.append("en")
    for code, aids in sorted(curated.languages.items()):
        for number, question in enumerate(aids.out_of_scope):
            texts.append(question)
            rows.append((-1, number, NEGATIVE))
            languages.append(code)
    columns = np.array(rows, dtype=np.int32).T
    return texts, Units(columns[0], columns[1], columns[2], tuple(languages))


def answering_sentence(chunk: Chunk, opening: str) -> int:
    """The position of the one sentence of `chunk` that starts with `opening` (case aside)."""
    found = [
        n for n, sentence in enumerate(chunk.sentences) if sentence.casefold().startswith(opening.casefold())
    ]
    if len(found) != 1:
        how = "no" if not found else "more than one"
        raise ValueError(
            f"{curated_files.SENTENCE_QUESTIONS}: {how} sentence of {chunk.id} starts with {opening!r}"
        )
    return found[0]


def _sha256(path: Path) -> str:
    """Digest of a file, or of a directory's file names and contents."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if file.is_file():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


# Checks a build's clauses before the slow part; raising stops the build (the drift guard).
CheckChunks = Callable[[list[Chunk]], None]


def build_index(
    settings: Settings,
    embedder: Embedder,
    check: CheckChunks | None = None,
    multilingual: Multilingual | None = None,
) -> Path:
    """Chunk the corpus, embed and index it (with the multilingual encoders too, when given), and
    make the result `current`. Returns its directory."""
    started = time.perf_counter()
    chunks = chunk_documents(load_documents(settings.corpus_dir))
    if check is not None:
        check(chunks)
    curated = load_curated(settings.corpus_dir, {chunk.id for chunk in chunks})
    texts, units = unit_texts(chunks, curated)
    vectors = embedder.encode(texts)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)

    sha = corpus_sha256(settings.corpus_dir)
    # Sortable by time, unique across processes and across builds in the same second.
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%f") + f"-{sha[:8]}-{os.getpid()}"
    root = settings.index_dir
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{build_id}.tmp"
    tmp.mkdir()
    try:
        (tmp / "chunks.json").write_text(json.dumps([c.to_dict() for c in chunks], ensure_ascii=False))
        (tmp / "units.json").write_text(json.dumps(units.to_dict()))
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        Lexical.build(chunks, curated.all_questions()).save(tmp / "bm25")
        save_curated(curated, tmp)
        parts = list(_PARTS)
        if multilingual is not None:
            parts += _build_multilingual(tmp / MULTILINGUAL, chunks, curated, multilingual, settings)
        manifest = {
            "format_version": FORMAT_VERSION,
            "model": settings.model_name,
            "multilingual_model": multilingual.name if multilingual else "",
            "corpus_sha256": sha,
            "chunk_count": len(chunks),
            "unit_count": len(texts),
            "dimensions": int(vectors.shape[1]),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.perf_counter() - started, 2),
            "files": {name: _sha256(tmp / name) for name in parts},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        final = root / build_id
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _point_current_at(root, final)
    _prune(root, keep={final.name})
    log.info("built index %s: %d clauses, %d vectors", final, len(chunks), len(texts))
    return final


def _build_multilingual(
    directory: Path, chunks: list[Chunk], curated: Curated, multilingual: Multilingual, settings: Settings
) -> list[str]:
    """Embed the multilingual units with each encoder; the index parts written."""
    texts, units = multilingual_unit_texts(chunks, curated)
    directory.mkdir()
    (directory / "units.json").write_text(json.dumps(units.to_dict(), ensure_ascii=False))
    parts = [f"{MULTILINGUAL}/units.json"]
    for encoder in multilingual.encoders:
        started = time.perf_counter()
        vectors = vector_cache.cached(encoder.passages, encoder.name, texts, settings.vector_cache_dir)
        dense = faiss.IndexFlatIP(vectors.shape[1])
        dense.add(vectors)
        faiss.write_index(dense, str(directory / f"{_file_name(encoder.name)}.faiss"))
        parts.append(f"{MULTILINGUAL}/{_file_name(encoder.name)}.faiss")
        log.info(
            "embedded %d multilingual units with %s in %.1fs",
            len(texts),
            encoder.name,
            time.perf_counter() - started,
        )
    return parts


def _file_name(model: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in model)


def _point_current_at(root: Path, target: Path) -> None:
    """Swap the `current` symlink in one rename, so readers see the old build or the new, never neither.

    A `current` that is a real directory (a build copied with `cp -rL`, or unpacked from an
    archive) can't be renamed over: it is moved aside, the link put in its place, and the copy
    removed, so `current` is missing only for that moment. Raises IndexProblem, in one line,
    when `current` can't be replaced; no temporary link is left behind.
    """
    current = root / CURRENT
    link = root / f".{CURRENT}.{os.getpid()}.tmp"
    aside = root / f".{CURRENT}.{os.getpid()}.replaced.tmp"
    link.unlink(missing_ok=True)
    try:
        link.symlink_to(target.name)
        if current.is_dir() and not current.is_symlink():
            log.warning(
                "%s was a directory, not a link to a build: replacing it with a link to %s",
                current,
                target.name,
            )
            current.rename(aside)
            try:
                os.replace(link, current)
            except OSError:
                aside.rename(current)  # put the copy back rather than leave no index at all
                raise
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(link, current)
    except OSError as error:
        raise IndexProblem(
            f"could not point {current} at the new build {target.name} ({error.strerror or error}): "
            f"move {current} out of the way and run `assistant index` again"
        ) from None
    finally:
        link.unlink(missing_ok=True)


def _prune(root: Path, keep: set[str]) -> None:
    """Remove older builds and leftovers of crashed ones (but not a build under way elsewhere)."""
    builds = sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and p.name[:1].isdigit())
    for old in builds[:-2]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(".*.tmp"):
        if time.time() - tmp.stat().st_mtime > 3600:
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)


def current_path(index_dir: Path) -> Path:
    """The directory `current` points at."""
    return (index_dir / CURRENT).resolve()


def load_index(index_dir: Path) -> Index:
    """Load the current build, checking every part against the manifest's checksums."""
    link = index_dir / CURRENT
    if not link.exists():
        raise IndexMissing(f"no index at {index_dir}")
    path = link.resolve()
    try:
        manifest = json.loads((path / "manifest.json").read_text())
        files = manifest["files"]
        if missing := [name for name in _PARTS if name not in files]:
            raise IndexCorrupt(f"index {path.name}: its manifest lists no {missing[0]}")
        for name in files:
            if not (path / name).exists():
                raise IndexCorrupt(f"index {path.name} lacks {name}")
            if _sha256(path / name) != files[name]:
                raise IndexCorrupt(f"index {path.name}: {name} does not match its checksum")
        chunks = [Chunk.from_dict(d) for d in json.loads((path / "chunks.json").read_text())]
        units = Units.from_dict(json.loads((path / "units.json").read_text()))
        dense = faiss.read_index(str(path / "dense.faiss"))
        curated = load_curated(path)
        lexical = Lexical.load(path / "bm25", len(chunks), curated.vocabulary)
        if (
            len(chunks) != manifest["chunk_count"]
            or dense.ntotal != manifest["unit_count"]
            or len(units.chunk) != dense.ntotal
        ):
            raise IndexCorrupt(f"index {path.name}: counts disagree with its manifest")
        multilingual = _load_multilingual(path, manifest)
        native = NativeLexical(chunks, curated.languages) if multilingual else None
    except IndexProblem:
        raise
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        raise IndexCorrupt(f"index {path.name} cannot be read ({type(error).__name__}: {error})") from error
    return Index(path, manifest, chunks, units, dense, lexical, multilingual, native)


def _load_multilingual(path: Path, manifest: dict[str, Any]) -> MultilingualVectors | None:
    model = manifest.get("multilingual_model") or ""
    if not model:
        return None
    directory = path / MULTILINGUAL
    units = Units.from_dict(json.loads((directory / "units.json").read_text()))
    dense = [faiss.read_index(str(directory / f"{_file_name(name)}.faiss")) for name in model.split("+")]
    if any(index.ntotal != len(units.chunk) for index in dense):
        raise IndexCorrupt(f"index {path.name}: the multilingual vectors disagree with their units")
    return MultilingualVectors(model, units, dense)


def stale_reason(index: Index, settings: Settings) -> str | None:
    """Why this index no longer matches the corpus, model or code, or None when it is fresh."""
    manifest = index.manifest
    if manifest.get("format_version") != FORMAT_VERSION:
        return (
            f"it was built by index format {manifest.get('format_version')}, this code reads {FORMAT_VERSION}"
        )
    if manifest.get("model") != settings.model_name:
        return f"it was built with {manifest.get('model')}, the setting is {settings.model_name}"
    built, wanted = manifest.get("multilingual_model") or "off", settings.multilingual_name or "off"
    if built != wanted:
        return f"its multilingual encoders are {built}, the setting is {wanted}"
    if manifest.get("corpus_sha256") != corpus_sha256(settings.corpus_dir):
        return "the corpus changed since it was built"
    return None


def load_fresh_index(settings: Settings) -> Index:
    """Load the current build, raising IndexStale (the bare reason) when it no longer matches."""
    index = load_index(settings.index_dir)
    reason = stale_reason(index, settings)
    if reason is not None:
        raise IndexStale(reason)
    return index


def open_index(
    settings: Settings,
    embedder: Embedder,
    check: CheckChunks | None = None,
    multilingual: Multilingual | None = None,
) -> Index:
    """Load a fresh index, building it first when it is missing, stale or corrupt (if allowed)."""
    try:
        return load_fresh_index(settings)
    except IndexStale as stale:
        problem: IndexProblem = IndexStale(f"the index is stale: {stale}")
    except IndexProblem as error:
        problem = error
    if not settings.auto_build:
        raise type(problem)(f"{problem}; run `assistant index` to rebuild it")

    def checked(chunks: list[Chunk]) -> None:
        # Said once the drift guard has passed, so a build refused for drift says only why.
        if check is not None:
            check(chunks)
        log.warning("%s; building it now", problem)

    build_index(settings, embedder, checked, multilingual)
    return load_index(settings.index_dir)
