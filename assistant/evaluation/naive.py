"""The baseline a generic RAG tutorial gives: fixed 1,000-character windows with 200 overlap,
embedded with the same model, flat search. Kept to measure our retrieval against, in one run.

The windows are cut and embedded when the baseline is evaluated: they are no part of the
serving index. A window's hits are credited to the clauses its characters overlap, most overlap
first, so the baseline is scored on the same clause ids as everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import faiss
import numpy as np

from assistant.search.embedder import Embedder
from assistant.search.index import Index
from assistant.search.retrieval import Config, Retriever
from assistant.terms.chunks import Chunk
from assistant.terms.page import cleaned_text, load_documents

WINDOW = 1000
OVERLAP = 200
# The baseline's decline rule, calibrated on the golden dev split like the others'.
CONFIG = Config(negatives=False, decline_below=0.2338)


@dataclass
class Windows:
    """The windows' texts and, for each, the clause ids it overlaps (most first)."""

    texts: list[str]
    chunk_ids: list[list[str]]


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
    return Windows(texts, chunk_ids)


class NaiveRetriever(Retriever):
    """Clauses ranked by their best window; quotes and declines are chosen as the dense retriever's."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        windows: Windows,
        config: Config = CONFIG,
        vectors: faiss.Index | None = None,
    ) -> None:
        super().__init__(index, embedder, "dense", config)
        self.windows = windows
        if vectors is None:
            encoded = embedder.encode(windows.texts)
            vectors = faiss.IndexFlatIP(encoded.shape[1])
            vectors.add(encoded)
        self.vectors = vectors
        self._position = {chunk.id: i for i, chunk in enumerate(index.chunks)}

    @classmethod
    def over(cls, index: Index, embedder: Embedder, corpus_dir: Path) -> NaiveRetriever:
        """The baseline over the cleaned terms of `corpus_dir`, the corpus `index` was built from."""
        return cls(index, embedder, windows_over(cleaned_text(load_documents(corpus_dir)), index.chunks))

    def with_config(self, **changes) -> NaiveRetriever:
        return NaiveRetriever(
            self.index, self.embedder, self.windows, replace(self.config, **changes), self.vectors
        )

    def _dense_scores(self, query: str, unit_scores: np.ndarray) -> np.ndarray:
        """Each clause scored by the best window that overlaps it (the baseline's flat search)."""
        vector = self.embedder.encode_query(query).reshape(1, -1)
        scores, ids = self.vectors.search(vector, self.vectors.ntotal)
        out = np.full(len(self.index.chunks), -1.0, dtype=np.float32)
        # Walk windows best first; a clause takes its first (best) window's score, and within a
        # window the clause with most overlap ranks first.
        bump = 1e-4
        for score, window in zip(scores[0], ids[0], strict=True):
            for rank, chunk_id in enumerate(self.windows.chunk_ids[window]):
                i = self._position[chunk_id]
                if out[i] < 0:
                    out[i] = score - bump * rank
        return out
