"""BM25 over the learners' own questions in each language (`corpus/languages/<code>.json`), for a
question asked in that language.

The multilingual encoders blur the words that tell two clauses apart ("Telegram", "arbitraje",
"PDF", "afiliado"); the learners' questions of a language hold those words, each question keyed to
the clause that answers it. A clause scores as its best-matching question. Words are stemmed with
the Snowball stemmer PyStemmer ships for the language; Chinese, Japanese and Korean, written
without spaces between words, are read in overlapping pairs of characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import bm25s
import numpy as np
import regex
import Stemmer

from assistant.terms.chunks import Chunk
from assistant.terms.curated import InLanguage

SNOWBALL = {
    "ar": "arabic",
    "de": "german",
    "es": "spanish",
    "fr": "french",
    "hi": "hindi",
    "id": "indonesian",
    "it": "italian",
    "pt": "portuguese",
    "ru": "russian",
    "tr": "turkish",
}
UNSPACED = frozenset({"ja", "ko", "zh"})
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# In the unspaced scripts, a run of their characters apart from Latin words and figures beside it.
_EAST_ASIAN = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
_RUN = regex.compile(rf"[{_EAST_ASIAN}]+|[^\W{_EAST_ASIAN}]+")


@cache
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    return Stemmer.Stemmer(SNOWBALL[language]) if language in SNOWBALL else None


def tokenize(text: str, language: str) -> list[str]:
    """The words of `text` as the language's index holds them."""
    text = text.lower()
    if language in UNSPACED:
        pairs: list[str] = []
        for run in _RUN.findall(text):
            if len(run) < 2 or not regex.match(rf"[{_EAST_ASIAN}]", run):
                pairs.append(run)
            else:
                pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
        return pairs
    words = _WORD.findall(text)
    stemmer = _stemmer(language)
    return stemmer.stemWords(words) if stemmer else words


class NativeLexical:
    """One BM25 index per language over its questions, each question standing for its clause."""

    def __init__(self, chunks: Sequence[Chunk], languages: Mapping[str, InLanguage]) -> None:
        self.size = len(chunks)
        position = {chunk.id: n for n, chunk in enumerate(chunks)}
        self._indexes: dict[str, tuple[bm25s.BM25, np.ndarray]] = {}
        for code, aids in languages.items():
            documents, owners = [], []
            for clause, by_sentence in aids.sentence_questions.items():
                for questions in by_sentence.values():
                    for question in questions:
                        documents.append(tokenize(question, code))
                        owners.append(position[clause])
            if documents:
                model = bm25s.BM25()
                model.index(documents, show_progress=False)
                self._indexes[code] = (model, np.array(owners, dtype=np.int64))

    def knows(self, language: str) -> bool:
        return language in self._indexes

    def scores(self, query: str, language: str) -> np.ndarray:
        """Each clause's best BM25 score among the language's questions (zeros for a language
        without questions of its own, or a query none of whose words they hold)."""
        clauses = np.zeros(self.size, dtype=np.float32)
        if language not in self._indexes:
            return clauses
        model, owners = self._indexes[language]
        words = tokenize(query, language)
        if not words:
            return clauses
        np.maximum.at(clauses, owners, model.get_scores(words).astype(np.float32))
        return clauses
