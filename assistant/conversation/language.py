"""Which language a conversation is in: the one the assistant writes its own words in, and the one
its latest question is read in.

The latest user turn is detected first; a turn too short to tell ("yes", "Coursera Plus") keeps the
conversation's language, detected from the turns before it. Without any turn to tell by, the
language the client asked for (`language` in the request, the widget's `data-lang`) or else its
`Accept-Language` decides, and English is the last resort. A language the assistant doesn't write
is still read (the multilingual encoders read about a hundred), but answered in English, saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.languages.detect import detect
from assistant.languages.supported import ENGLISH, LANGUAGES, english_name, from_accept_language, supported

# Said, in English, when the learner writes in a language the assistant doesn't write yet.
UNSUPPORTED = "I can't write in {name} yet, so this answer is in English."


@dataclass(frozen=True)
class Languages:
    """How a conversation's languages were chosen."""

    speaks: str  # the assistant's own words: one of LANGUAGES
    reads: str  # the latest question's language, which retrieval reads it in
    detected: str | None  # what the user turns were detected as, if they could be told
    note: str | None = None  # the English sentence saying an unsupported language got English


def choose(user_turns: Sequence[str], requested: str | None = None, accept: str | None = None) -> Languages:
    """The languages to answer `user_turns` (oldest first) in; `requested` is a BCP 47 tag the
    client asked for, `accept` its Accept-Language header."""
    detected = None
    for turn in reversed(user_turns):
        found = detect(turn)
        if found is not None:
            detected = found.code
            break
    asked = supported(requested)
    if detected is None:
        speaks = asked or from_accept_language(accept) or ENGLISH
        return Languages(speaks=speaks, reads=speaks, detected=None)
    if detected in LANGUAGES:
        # Someone writing one language on a page set to another (Accept-Language) is answered in
        # theirs, unless the client asked for a language outright.
        return Languages(speaks=asked or detected, reads=detected, detected=detected)
    if asked is not None:
        return Languages(speaks=asked, reads=detected, detected=detected)
    note = UNSUPPORTED.format(name=english_name(detected))
    return Languages(speaks=ENGLISH, reads=detected, detected=detected, note=note)
