"""Texts → L2-normalised vectors with a sentence-transformers model, loaded on first use."""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Nothing may be fetched at run time: the model is a local path.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def normalise_query(text: str) -> str:
    """The cache key: the model is uncased and ignores spacing, so neither may split the cache."""
    return re.sub(r"\s+", " ", text).strip().lower()


class Embedder:
    """A sentence-transformers model with a query cache; the model loads lazily, on first encode."""

    def __init__(self, model_path: str, cache_size: int = 4096) -> None:
        if not model_path:
            raise ValueError("model_path must name a sentence-transformers model")
        if cache_size < 0:
            raise ValueError("cache_size must be >= 0")
        self.model_path = model_path
        self.cache_size = cache_size
        self._model: SentenceTransformer | None = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        # The fast tokenizer is not safe to call from several threads at once.
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(self.model_path, device="cpu")
        return self._model

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Encode many texts (for indexing): shape (len(texts), dimensions), float32, unit length."""
        model = self.model
        with self._lock:
            vectors = model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def encode_query(self, text: str) -> np.ndarray:
        """Encode one query, served from the cache when the same text was asked before."""
        key = normalise_query(text)
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        vector = self.encode([key])[0]
        vector.setflags(write=False)
        if self.cache_size:
            with self._cache_lock:
                self._cache[key] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return vector
