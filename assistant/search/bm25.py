"""The BM25 side of retrieval: one tokenizer for clauses and queries, and the index over clauses."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from assistant.terms.chunks import Chunk

# bm25s logs each build at DEBUG through a handler of its own.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# A clause's heading path says what it is about in few words, so it counts this many times
# over against its body text.
TITLE_WEIGHT = 2


# bm25s's own tokenizer, applied to one text at a time: its batch API costs more per query
# (a progress bar object per call) than the whole BM25 scoring does.
_WORD = re.compile(r"(?u)\b\w\w+\b")
_STOPWORDS = frozenset(STOPWORDS_EN)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop words dropped, Snowball-stemmed: `refunds for payments` → `refund payment`."""
    words = [word for word in _WORD.findall(text.lower()) if word not in _STOPWORDS]
    return _stemmer().stemWords(words)


def chunk_tokens(chunk: Chunk, questions: Iterable[str] = ()) -> list[str]:
    """What BM25 indexes for a clause: its heading path, weighted, then its text, then the words of
    the questions it answers (doc2query: learners' words the clause itself never uses)."""
    title = " ".join(chunk.path)
    return tokenize(title) * TITLE_WEIGHT + tokenize(chunk.text) + [t for q in questions for t in tokenize(q)]


class Lexical:
    """BM25 (Lucene variant) over the clauses, scoring every clause for a query.

    The vocabulary bridge adds the terms' words for a learner's ("money back" → refund) to the
    query, so BM25 can match clauses that never use the learner's words.
    """

    def __init__(self, model: bm25s.BM25, size: int, vocabulary: dict[str, list[str]] | None = None) -> None:
        self.model = model
        self.size = size
        vocabulary = vocabulary or {}
        self._bridge = {phrase: tokenize(" ".join(words)) for phrase, words in vocabulary.items()}
        # One pass over the query finds every phrase (longest first, so "money back" beats "money").
        phrases = sorted(vocabulary, key=len, reverse=True)
        self._phrases = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)") if phrases else None
        )

    @classmethod
    def build(cls, chunks: list[Chunk], questions: Mapping[str, list[str]] | None = None) -> Lexical:
        """BM25 over the clauses, each with the questions it answers (by clause id), if given."""
        questions = questions or {}
        model = bm25s.BM25()
        model.index(
            [chunk_tokens(chunk, questions.get(chunk.id, ())) for chunk in chunks], show_progress=False
        )
        return cls(model, len(chunks))

    def save(self, directory: Path) -> None:
        self.model.save(str(directory))

    @classmethod
    def load(cls, directory: Path, size: int, vocabulary: dict[str, list[str]] | None = None) -> Lexical:
        return cls(bm25s.BM25.load(str(directory)), size, vocabulary)

    def query_tokens(self, query: str, bridge: bool = True) -> list[str]:
        """The query's tokens, plus the terms' words for any learner's words it uses."""
        tokens = tokenize(query)
        if bridge and self._phrases is not None:
            for phrase in self._phrases.findall(query.lower()):
                tokens.extend(word for word in self._bridge[phrase] if word not in tokens)
        return tokens

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """One BM25 score per clause, in index order; zeros when no query word is in the vocabulary."""
        known = [token for token in query_tokens if token in self.model.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.model.get_scores(known), dtype=np.float32)
