"""Texts → L2-normalised vectors with a sentence-transformers model, loaded on first use."""

from __future__ import annotations

import os
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
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


class Batcher:
    """Encodes the queries that arrive together in one model call.

    One thread runs the model. While it encodes a batch, new queries queue up and go together
    as the next batch: a lone query waits for nothing, and under load one call serves many
    requests (a batch of 16 costs a few single calls, not sixteen).
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], max_batch: int = 32) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be >= 1")
        self._encode = encode
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[str, Future[np.ndarray]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, text: str) -> np.ndarray:
        """The vector for `text`, once the batch it joined has been encoded."""
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="encoder", daemon=True)
                    self._thread.start()
        future: Future[np.ndarray] = Future()
        self._queue.put((text, future))
        return future.result()

    def _run(self) -> None:
        while True:
            items = [self._queue.get()]
            while len(items) < self.max_batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            texts = list(dict.fromkeys(text for text, _ in items))  # the same question once
            try:
                vectors = dict(zip(texts, self._encode(texts), strict=True))
            except BaseException as error:  # the requests waiting on it must hear of it
                for _, future in items:
                    future.set_exception(error)
                continue
            for text, future in items:
                future.set_result(vectors[text])


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
        self.batcher = Batcher(self.encode)
        self.cache_hits = 0

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

    def encode_queries(self, texts: list[str]) -> list[np.ndarray]:
        """Encode several queries (the sentences of a long message) in one model call, through the
        cache, so each of them asked again alone costs no second encode."""
        keys = [normalise_query(text) for text in texts]
        with self._cache_lock:
            known = {key: self._cache[key] for key in keys if key in self._cache}
        missing = list(dict.fromkeys(key for key in keys if key not in known))
        if missing:
            for key, vector in zip(missing, self.encode(missing), strict=True):
                vector.setflags(write=False)
                known[key] = vector
                self._remember(key, vector)
        return [known[key] for key in keys]

    def _remember(self, key: str, vector: np.ndarray) -> None:
        if self.cache_size:
            with self._cache_lock:
                self._cache[key] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)

    def encode_query(self, text: str) -> np.ndarray:
        """Encode one query, served from the cache when the same text was asked before."""
        key = normalise_query(text)
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                self.cache_hits += 1
                return cached
        vector = self.batcher.submit(key)
        vector.setflags(write=False)
        self._remember(key, vector)
        return vector
