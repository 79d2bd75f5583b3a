"""The baseline a generic RAG tutorial gives: fixed 1,000-character windows with 200 overlap,
embedded with the same model, flat search. Kept to measure our retrieval against, in one run.

A window's hits are credited to the clauses its characters overlap, most overlap first, so the
baseline is scored on the same clause ids as everything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from assistant.chunks import Chunk

WINDOW = 1000
OVERLAP = 200


@dataclass
class Windows:
    """The clause ids each window overlaps (most first), and the windows' vectors.

    Their texts are there only while building, to embed: a query needs the ids and vectors alone,
    so the index keeps no texts (and ignores those an older build kept).
    """

    chunk_ids: list[list[str]]
    texts: list[str] = field(default_factory=list)
    dense: faiss.Index | None = field(default=None, repr=False)

    def add(self, vectors: np.ndarray) -> None:
        self.dense = faiss.IndexFlatIP(vectors.shape[1])
        self.dense.add(vectors)

    def save(self, directory: Path) -> None:
        assert self.dense is not None, "add the windows' vectors before saving"
        faiss.write_index(self.dense, str(directory / "naive.faiss"))
        (directory / "naive.json").write_text(json.dumps({"chunk_ids": self.chunk_ids}))

    @classmethod
    def load(cls, directory: Path) -> Windows:
        data = json.loads((directory / "naive.json").read_text())
        return cls(data["chunk_ids"], dense=faiss.read_index(str(directory / "naive.faiss")))


def windows_over(text: str, chunks: list[Chunk]) -> Windows:
    """Cut `text` (the cleaned terms) into overlapping windows and credit each to its clauses."""
    located: list[tuple[int, int, str]] = []
    cursor = 0
    for chunk in chunks:
        start = text.index(chunk.text, cursor)
        cursor = start + len(chunk.text)
        located.append((start, cursor, chunk.id))
    texts, chunk_ids = [], []
    step = WINDOW - OVERLAP
    for start in range(0, max(len(text) - OVERLAP, 1), step):
        end = min(start + WINDOW, len(text))
        overlaps = [(min(end, e) - max(start, s), cid) for s, e, cid in located if s < end and e > start]
        texts.append(text[start:end])
        chunk_ids.append([cid for size, cid in sorted(overlaps, key=lambda o: -o[0]) if size > 0])
    return Windows(chunk_ids, texts)
