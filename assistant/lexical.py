"""The BM25 side of retrieval: one tokenizer for clauses and queries, and the index over clauses."""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from assistant.chunks import Chunk

# bm25s logs each build at DEBUG through a handler of its own.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# A clause's heading path says what it is about in few words, so it counts this many times
# over against its body text.
TITLE_WEIGHT = 2


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, Snowball-stemmed: `refunds for payments` → `refund payment`."""
    tokens = bm25s.tokenize([text], stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False)
    return list(tokens[0])


def chunk_tokens(chunk: Chunk) -> list[str]:
    """What BM25 indexes for a clause: its heading path, weighted, then its text."""
    title = " ".join(chunk.path)
    return tokenize(title) * TITLE_WEIGHT + tokenize(chunk.text)


class Lexical:
    """BM25 (Lucene variant) over the clauses, scoring every clause for a query.

    The vocabulary bridge adds the terms' words for a learner's ("money back" → refund) to the
    query, so BM25 can match clauses that never use the learner's words.
    """

    def __init__(self, model: bm25s.BM25, size: int, vocabulary: dict[str, list[str]] | None = None) -> None:
        self.model = model
        self.size = size
        self.vocabulary = vocabulary or {}
        self._bridge = [
            (re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"), tokenize(" ".join(words)))
            for phrase, words in self.vocabulary.items()
        ]

    @classmethod
    def build(cls, chunks: list[Chunk]) -> Lexical:
        model = bm25s.BM25()
        model.index([chunk_tokens(chunk) for chunk in chunks], show_progress=False)
        return cls(model, len(chunks))

    def save(self, directory: Path) -> None:
        self.model.save(str(directory))

    @classmethod
    def load(cls, directory: Path, size: int, vocabulary: dict[str, list[str]] | None = None) -> Lexical:
        return cls(bm25s.BM25.load(str(directory)), size, vocabulary)

    def query_tokens(self, query: str, bridge: bool = True) -> list[str]:
        """The query's tokens, plus the terms' words for any learner's words it uses."""
        tokens = tokenize(query)
        if bridge:
            lowered = query.lower()
            for pattern, words in self._bridge:
                if pattern.search(lowered):
                    tokens.extend(word for word in words if word not in tokens)
        return tokens

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """One BM25 score per clause, in index order; zeros when no query word is in the vocabulary."""
        known = [token for token in query_tokens if token in self.model.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.model.get_scores(known), dtype=np.float32)
