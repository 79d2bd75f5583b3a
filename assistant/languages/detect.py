"""Which language a message is written in: py3langid's naive Bayes model (shipped in the package,
97 languages), read with a prior for English and for the languages the assistant writes.

Measured on the golden questions (`assistant eval` prints it): whole messages 99.8% right in the
other languages and 3 of 1,119 English turns misread; their first three words 87% right, 1.5%
wrong and the rest too short to tell. A message too short to tell says nothing, and the
conversation keeps the language it had.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from assistant.languages.supported import ENGLISH, LANGUAGES

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Most questions come in English, and a short English question often scores close to French or
# Spanish; a language the assistant doesn't write must be plainly that language to be believed.
# (Chosen on the golden questions: ×3 and ×0.1 misread the fewest English turns while keeping
# 87% of three-word messages in other languages.)
ENGLISH_PRIOR = 3.0
UNSUPPORTED_PRIOR = 0.1
# The share of the probability the best language needs; below it, the message is too short to tell.
CONFIDENT = 0.5
# Fewer letters than this (names and numbers aside) can't be told apart.
MIN_LETTERS = 4
# Closer than the model can tell apart in a few words: Malay is read as Indonesian.
SAME_AS = {"ms": "id"}

# Names that are the same in every language say nothing about which one it is.
_NAMES = re.compile(
    r"coursera(?:\s*plus|\s*\+)?|mastertrack|app\s*store|google\s*play|play\s*store|iphone|android|"
    r"https?://\S+|www\.\S+|\S+@\S+",
    re.IGNORECASE,
)
_NOT_LETTERS = re.compile(r"[\W\d_]+")


@dataclass(frozen=True)
class Detected:
    code: str  # an ISO 639 code: one of LANGUAGES, or a language the assistant doesn't write
    confidence: float

    @property
    def supported(self) -> bool:
        return self.code in LANGUAGES


_LOADING = threading.Lock()


@cache
def _identifier() -> LanguageIdentifier:
    # Loading takes seconds: under the lock, the requests that arrive meanwhile wait for one load
    # rather than each making its own.
    with _LOADING:
        return _loaded()


@cache
def _loaded() -> LanguageIdentifier:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect(text: str) -> Detected | None:
    """The language of `text`, or None when it is too short or too mixed to tell."""
    words = _NAMES.sub(" ", text)
    if len(_NOT_LETTERS.sub("", words)) < MIN_LETTERS:
        return None
    weighted: dict[str, float] = {}
    for code, probability in _identifier().rank(words):
        code = SAME_AS.get(code, code)
        prior = ENGLISH_PRIOR if code == ENGLISH else 1.0 if code in LANGUAGES else UNSUPPORTED_PRIOR
        weighted[code] = weighted.get(code, 0.0) + probability * prior
    total = sum(weighted.values())
    best = max(weighted, key=weighted.__getitem__)
    share = weighted[best] / total if total else 0.0
    if share < CONFIDENT or best == "zxx":  # zxx: "no linguistic content"
        return None
    return Detected(best, round(share, 3))
