"""Vectors already computed, kept between index builds: a model gives the same text the same vector,
so a build embeds only the texts it has not seen (a fresh clone embeds all of them once).

One `.npz` file per model, `<model>.npz` under the cache directory, holding the texts' digests
and their vectors. A file that can't be read is ignored (and rewritten), never trusted in part.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _path(directory: Path, model: str) -> Path:
    return directory / (re.sub(r"[^\w.-]+", "_", model).strip("_") + ".npz")


def _read(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError) as error:
        log.warning("ignoring the vector cache %s (%s)", path, error)
        return {}


def cached(
    encode: Callable[[list[str]], np.ndarray], model: str, texts: list[str], directory: Path | None
) -> np.ndarray:
    """`encode(texts)`, computing only the texts the cache for `model` lacks (no cache: all of them)."""
    if directory is None or not texts:
        return encode(texts)
    path = _path(directory, model)
    known = _read(path)
    keys = [_digest(text) for text in texts]
    missing = list(dict.fromkeys(key for key in keys if key not in known))
    if missing:
        by_key = dict(zip(keys, texts, strict=True))
        for key, vector in zip(missing, encode([by_key[key] for key in missing]), strict=True):
            known[key] = vector
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        # Only what this build uses is kept, so the file doesn't grow with every corpus edit.
        kept = list(dict.fromkeys(keys))
        np.savez(tmp, keys=np.array(kept), vectors=np.stack([known[key] for key in kept]))
        os.replace(tmp, path)  # a reader sees the old file or the new one, whole
    return np.stack([known[key] for key in keys]).astype(np.float32)
