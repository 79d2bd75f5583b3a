"""A fake embedder, for unit tests of code around the model only: retrieval quality, the golden set
and the API tests run on the real model."""

from __future__ import annotations

import hashlib
import re

import numpy as np


class FakeEmbedder:
    """Hashed bag of words: deterministic and instant. Only for tests of code around the model."""

    dimensions = 64

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class FakeEncoder(FakeEmbedder):
    """A fake multilingual encoder (the `Encoder` protocol): hashed words too, so a question finds
    the units that share its words, in any language."""

    def __init__(self, name: str = "fake", languages: frozenset[str] | None = None) -> None:
        super().__init__()
        self.name = name
        self.languages = languages

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)
