"""Query → ranked clauses: dense (FAISS) and BM25 rankings fused, each hit with its best sentences."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import faiss
import numpy as np

from assistant.search.bm25 import tokenize
from assistant.search.embedder import Embedder
from assistant.search.index import (
    BARE_SENTENCE,
    NEGATIVE,
    QUESTION,
    SENTENCE_QUESTION,
    TITLED_SENTENCE,
    WHOLE,
    Index,
    Units,
)
from assistant.search.multilingual import Multilingual
from assistant.terms.chunks import Chunk

ENGLISH = "en"

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")

# Reciprocal-rank fusion (Cormack, Clarke & Büttcher, 2009): score = Σ 1 / (RRF_K + rank).
# The constant 60 is theirs; it flattens the head of each ranking so that neither list's
# first place outweighs agreement between the two further down.
RRF_K = 60

# Choosing what to quote, a sentence scores its meaning (its own cosine or, weighted by this, that
# of the best question pointing to it: 1 takes the better of the two) plus the query's words it
# holds, weighted by that. Tuned on the golden dev split's answer sentences, which the quote holds
# 78% of the time on its own cosine and 0.8 of the words, 90% with the questions and 0.4.
QUOTE_QUESTION_WEIGHT = 1.0
QUOTE_LEXICAL_WEIGHT = 0.4


@dataclass(frozen=True)
class Config:
    """How clauses are scored. The defaults are the variant `assistant eval` measured best."""

    # Which vectors speak for a clause: the whole clause, its titled sentences, its questions.
    grains: frozenset[int] = field(
        default_factory=lambda: frozenset({WHOLE, TITLED_SENTENCE, QUESTION, SENTENCE_QUESTION})
    )
    fusion: Literal["rrf", "weighted"] = "weighted"
    # Weighted fusion: dense cosine × this + saturated BM25 × (1 − this).
    dense_weight: float = 0.7
    # BM25 score at which the saturated BM25 reaches one half (bm25 / (bm25 + this)).
    bm25_half: float = 6.0
    bridge: bool = True
    negatives: bool = True
    # Decline when the nearest out-of-scope example beats the best clause by more than this.
    negative_margin: float = 0.01
    # Below this best cosine (BM25 score for mode bm25) no clause is about the question.
    decline_below: float = 0.4699


# The decline rule per mode, as `assistant eval --calibrate --retriever MODE` sets it on the
# golden set's dev split: decline the most out-of-scope questions while falsely declining at most
# 1% of the in-scope ones, with the widest gap either side. For hybrid: 14/14 declined, 0/135
# falsely; the threshold 0.3861 sits halfway between the nearest in-scope question (0.4902) and
# the nearest out-of-scope one the threshold declines (0.2821); the examples decline the rest.
DEFAULTS: dict[Mode, Config] = {
    "dense": Config(negatives=False, bridge=False, decline_below=0.3861),
    "bm25": Config(negatives=False, decline_below=2.6362),
    "hybrid": Config(),
}


# The decline rule for questions in other languages, (decline_below, negative_margin) on the
# multilingual scores, per language as `assistant eval --calibrate` sets it on the golden dev split
# ("*": a language without golden questions of its own).
# A question in another language is scored by the multilingual cosine and BM25 over the learners'
# questions in that language (`assistant.search.native`), weighted so. Measured on the golden dev
# split's 233 lookups in 13 languages: R@1 .893 by the cosine alone, .936–.944 for weights .80–.90
# with the half at 2 or 5 (its questions are short, so their scores are low).
LANGUAGE_DENSE_WEIGHT = 0.85
LANGUAGE_BM25_HALF = 2.0

# One rule per set of encoders: USE and e5 together read all but Hindi and Indonesian, e5 alone those.
_BOTH, _E5_ONLY = (0.7793, -0.01), (0.8661, 0.02)
LANGUAGE_DECLINE: dict[str, tuple[float, float]] = {
    "*": _BOTH,
    **dict.fromkeys(["ar", "de", "es", "fr", "it", "ja", "ko", "pt", "ru", "tr", "zh"], _BOTH),
    **dict.fromkeys(["hi", "id"], _E5_ONLY),
}


@dataclass(frozen=True)
class FollowOn:
    """What a follow-up question is read with: the earlier turns it continues, how much it leans on
    them (0 to 1), and the clauses the assistant's last reply quoted, which it likely asks more of."""

    text: str = ""
    weight: float = 0.0
    quoted: frozenset[str] = frozenset()


# A clause the last reply quoted gains this much of a follow-up's weight (tuned on the golden
# conversations' dev split: MRR .935 at 0, .938 at 0.02, and R@1 falls from .898 to .848 at 0.05).
QUOTED_BOOST = 0.02


@dataclass(frozen=True)
class Hit:
    """A clause, how well it matched, and which of its sentences matched best."""

    chunk: Chunk
    score: float
    dense: float
    bm25: float
    sentences: tuple[tuple[int, float], ...]  # (sentence position, cosine), best first

    def best_sentences(self, n: int = 3) -> list[str]:
        texts = self.chunk.sentences
        return [texts[position] for position, _ in self.sentences[:n]]


@dataclass(frozen=True)
class Results:
    """The ranked hits and whether the best of them is relevant enough to answer from."""

    hits: list[Hit]
    confidence: float  # the best clause's cosine (BM25 score for mode bm25)
    nearest_out_of_scope: float  # cosine of the closest out-of-scope example, or 0
    relevant: bool


class Space:
    """One embedding space: the units its vectors stand for, and how a query scores against each.

    English is MiniLM's space; the other languages share the multilingual encoders' space, whose
    units also hold the questions native speakers wrote. Retrieval reads both the same way.
    """

    def __init__(
        self, units: Units, grains: frozenset[int], scores: Callable[[list[str], str], np.ndarray]
    ) -> None:
        self.units = units
        self.scores = scores  # (texts, their language) → one row of unit scores per text
        clause_units = units.chunk >= 0
        # Vectors are stored clause by clause: each clause's first vector starts its run.
        self.starts = np.flatnonzero(np.r_[True, np.diff(units.chunk[clause_units]) != 0])
        self.clause_units = int(clause_units.sum())
        self.ranking = np.isin(units.kind[clause_units], list(grains))
        self.negative = units.kind == NEGATIVE
        self.quotable = units.kind == BARE_SENTENCE
        self.pointing = units.kind == SENTENCE_QUESTION

    def clause_scores(self, unit_scores: np.ndarray) -> np.ndarray:
        """Each clause's best score among the vectors that speak for it."""
        ranking = np.where(self.ranking, unit_scores[: self.clause_units], -1.0)
        return np.maximum.reduceat(ranking, self.starts)


def _all_scores(index: faiss.Index, vectors: np.ndarray) -> np.ndarray:
    """Cosine of each query vector with every vector of `index` (exhaustive inner-product search)."""
    total = index.ntotal
    scores, ids = index.search(np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1), total)
    out = np.empty((len(vectors), total), dtype=np.float32)
    np.put_along_axis(out, ids, scores, axis=1)
    return out


def combined(rows: list[np.ndarray]) -> np.ndarray:
    """Several encoders' scores for the same units as one: each standardised over the units (their
    scales differ), averaged, and put back on the first one's scale so thresholds read alike."""
    if len(rows) == 1:
        return rows[0]
    first = rows[0]
    standard = np.mean([(row - row.mean()) / (row.std() or 1.0) for row in rows], axis=0)
    return (first.mean() + first.std() * standard).astype(np.float32)


class Retriever:
    """Ranks the index's clauses for a query by `mode`: dense, BM25, or both fused.

    A query in another language than English is read in the multilingual space (when the index has
    one): by its dense scores alone, since BM25 knows only the terms' English words, and declined
    by that language's calibration.
    """

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        mode: Mode = "hybrid",
        config: Config | None = None,
        multilingual: Multilingual | None = None,
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.index = index
        self.embedder = embedder
        self.mode = mode
        self.config = config or DEFAULTS[mode]
        self.english = Space(index.units, self.config.grains, self._english_scores)
        self.multilingual = multilingual if index.multilingual is not None else None
        self.other = (
            Space(index.multilingual.units, self.config.grains, self._multilingual_scores)
            if index.multilingual is not None and multilingual is not None
            else None
        )
        self._sentence_tokens = [[set(tokenize(text)) for text in chunk.sentences] for chunk in index.chunks]
        document_frequency = Counter(word for chunk in index.chunks for word in set(tokenize(chunk.text)))
        self._idf = {word: math.log(1 + len(index.chunks) / df) for word, df in document_frequency.items()}

    def with_config(self, **changes) -> Retriever:
        """The same retriever scoring by another configuration (for measuring variants)."""
        return type(self)(
            self.index, self.embedder, self.mode, replace(self.config, **changes), self.multilingual
        )

    def reads(self, language: str) -> bool:
        """Whether a question in `language` is read in the multilingual space."""
        return language != ENGLISH and self.other is not None

    def config_for(self, language: str) -> Config:
        """The configuration a question in `language` is scored and declined by."""
        if not self.reads(language):
            return self.config
        calibrated = LANGUAGE_DECLINE.get(language, LANGUAGE_DECLINE["*"])
        return replace(
            self.config,
            decline_below=calibrated[0],
            negative_margin=calibrated[1],
            dense_weight=LANGUAGE_DENSE_WEIGHT,
            bm25_half=LANGUAGE_BM25_HALF,
        )

    def search(
        self, query: str, k: int = 5, follow_on: FollowOn | None = None, language: str = ENGLISH
    ) -> Results:
        """The top `k` clauses for `query`, best first.

        A follow-up is read with what it continues: every score blended, the query alone counting
        `1 - weight` and read after the earlier turns `weight` (one encode more, only when the
        weight is not zero), and the clauses last quoted raised a little.
        """
        if self.reads(language):
            return self._search_in(self.other, query, k, follow_on, language)  # type: ignore[arg-type]
        return self._search_in(self.english, query, k, follow_on, ENGLISH)

    def _search_in(
        self, space: Space, query: str, k: int, follow_on: FollowOn | None, language: str
    ) -> Results:
        weight = follow_on.weight if follow_on and follow_on.text else 0.0
        n = len(self.index.chunks)
        config = self.config_for(language)
        english = space is self.english
        native = self.index.native
        mode: Mode = self.mode
        if not english:  # the multilingual space, with BM25 over the language's own questions
            mode = "hybrid" if mode == "hybrid" and native is not None and native.knows(language) else "dense"

        def lexical_scores(text: str) -> tuple[np.ndarray, list[str]]:
            if not english:
                return native.scores(text, language), []  # type: ignore[union-attr]
            words = self.index.lexical.query_tokens(text, config.bridge)
            return self.index.lexical.scores(words), words

        dense_on, bm25_on = mode != "bm25", mode in ("bm25", "hybrid")
        unit_scores = space.scores([query], language)[0] if dense_on else np.zeros(len(space.units.chunk))
        lexical, words = lexical_scores(query) if bm25_on else (np.zeros(n, dtype=np.float32), [])
        if follow_on is not None and weight > 0:
            joined = f"{follow_on.text} {query}"
            if dense_on:
                unit_scores = (1 - weight) * unit_scores + weight * space.scores([joined], language)[0]
            if bm25_on:
                joined_lexical, joined_words = lexical_scores(joined)
                lexical = (1 - weight) * lexical + weight * joined_lexical
                words = words + [word for word in joined_words if word not in words]
        if not dense_on:
            dense = np.zeros(n, dtype=np.float32)
        elif english:
            dense = self._dense_scores(query, unit_scores)
        else:
            dense = space.clause_scores(unit_scores)

        if mode == "bm25":
            fused, confidence = lexical, float(lexical.max())
        elif mode == "dense":
            fused, confidence = dense, float(dense.max())
        elif config.fusion == "rrf":
            fused, confidence = _rrf(dense) + _rrf(lexical), float(dense.max())
        else:
            saturated = lexical / (lexical + config.bm25_half)
            fused = config.dense_weight * dense + (1 - config.dense_weight) * saturated
            confidence = float(dense.max())
        if follow_on is not None and weight > 0 and follow_on.quoted:
            quoted = [i for i, chunk in enumerate(self.index.chunks) if chunk.id in follow_on.quoted]
            fused = fused.copy()
            fused[quoted] += QUOTED_BOOST * weight

        negatives = unit_scores[space.negative]
        nearest_out = float(negatives.max()) if config.negatives and negatives.size else 0.0
        relevant = confidence >= config.decline_below and nearest_out <= confidence + config.negative_margin

        order = np.argsort(-fused, kind="stable")[:k]
        hits = [
            Hit(
                chunk=self.index.chunks[i],
                score=round(float(fused[i]), 4),
                dense=round(float(dense[i]), 4),
                bm25=round(float(lexical[i]), 4),
                sentences=self._sentences(space, i, unit_scores, set(words), mode),
            )
            for i in order
        ]
        return Results(hits, confidence, nearest_out, relevant)

    def relevance(self, texts: list[str], language: str = ENGLISH) -> list[float]:
        """How close each text comes to any clause (its best dense score), the texts encoded
        together: for telling a long message's questions from the words around them."""
        if self.mode == "bm25" and not self.reads(language):
            lexical = self.index.lexical
            return [float(lexical.scores(lexical.query_tokens(text)).max()) for text in texts]
        space = self.other if self.reads(language) else self.english
        assert space is not None
        return [float(space.clause_scores(row).max()) for row in space.scores(texts, language)]

    def _english_scores(self, texts: list[str], language: str = ENGLISH) -> np.ndarray:
        """MiniLM's cosine of each text with every English unit; one text through the query batcher."""
        if len(texts) == 1:
            vectors = self.embedder.encode_query(texts[0]).reshape(1, -1)
        else:
            vectors = np.stack(self.embedder.encode_queries(texts))
        return _all_scores(self.index.dense, vectors)

    def _multilingual_scores(self, texts: list[str], language: str) -> np.ndarray:
        """The multilingual encoders' scores of each text with every multilingual unit, combined over
        the encoders that read the language."""
        assert self.multilingual is not None and self.index.multilingual is not None
        dense = self.index.multilingual.dense
        rows = []
        for vectors in self.multilingual.encode_queries(texts, language):
            rows.append(
                combined(
                    [
                        _all_scores(dense[n], v.reshape(1, -1))[0]
                        for n, v in enumerate(vectors)
                        if v is not None
                    ]
                )
            )
        return np.stack(rows)

    def _dense_scores(self, query: str, unit_scores: np.ndarray) -> np.ndarray:
        """Each clause's dense score for `query` (the baseline ranks by windows instead)."""
        return self.english.clause_scores(unit_scores)

    def _sentences(
        self, space: Space, position: int, unit_scores: np.ndarray, words: set[str], mode: Mode
    ) -> tuple[tuple[int, float], ...]:
        """The clause's sentences ranked for quoting: bare-sentence cosine plus the share of the
        query's (bridged, IDF-weighted) words each contains, so "decompile" finds "reverse engineer"."""
        units = space.units
        weight = sum(self._idf.get(word, 0.0) for word in words) or 1.0
        lexical = [
            sum(self._idf.get(word, 0.0) for word in tokens & words) / weight
            for tokens in self._sentence_tokens[position]
        ]
        if mode == "bm25":
            scored = list(enumerate(lexical))
        else:
            here = units.chunk == position
            mask = here & space.quotable
            asked = here & space.pointing
            # The best question pointing to each sentence (sentence questions, doc2query).
            pointed: dict[int, float] = {}
            for s, c in zip(units.sentence[asked], unit_scores[asked], strict=True):
                pointed[int(s)] = max(pointed.get(int(s), -1.0), float(c))
            scored = []
            for s, c in zip(units.sentence[mask], unit_scores[mask], strict=True):
                meaning = max(float(c), pointed.get(int(s), -1.0))
                blended = (1 - QUOTE_QUESTION_WEIGHT) * float(c) + QUOTE_QUESTION_WEIGHT * meaning
                scored.append((int(s), blended + QUOTE_LEXICAL_WEIGHT * lexical[s]))
        return tuple((s, round(c, 4)) for s, c in sorted(scored, key=lambda item: -item[1]))


def _rrf(scores: np.ndarray) -> np.ndarray:
    """Reciprocal-rank-fusion contribution of one ranking, per clause."""
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return 1.0 / (RRF_K + ranks)
