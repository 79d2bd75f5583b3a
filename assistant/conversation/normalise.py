"""A message as it is read, not as it was typed to slip past a reader: compatibility forms folded
(NFKC: fullwidth letters, ligatures), markup tags read past, invisible characters and bidi
controls dropped, and letters
of another script that look like Latin ones put back inside Latin words ("Cоursеrа" with Cyrillic
о and е), with Unicode's confusables data through `confusable_homoglyphs`.

A word wholly in another script ("возврат") is left as it is: only mixed words are mended.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables

# Invisible in every script: zero-width space, word joiner, byte order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# Bidi controls (embeddings, overrides, isolates, marks): they reorder what is shown, not what is said.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Zero-width (non-)joiners shape Indic and Arabic script and emoji; inside a Latin word they only hide it.
_JOINER_IN_LATIN = re.compile("(?<=[A-Za-z])[\u200c\u200d]+(?=[A-Za-z])")
_WORD = re.compile(r"\w+")
# Markup is text to read past, not to render: "<script>…</script> can I get a refund?".
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


@cache
def _latin_for(character: str) -> str | None:
    """The Latin letter a character passes for, when Unicode's confusables data names one."""
    found = confusables.is_confusable(character, greedy=True, preferred_aliases=["latin"])
    for item in found or ():
        for glyph in item["homoglyphs"]:
            if len(glyph["c"]) == 1 and categories.alias(glyph["c"]) == "LATIN":
                return glyph["c"]
    return None


def _mend(word: str) -> str:
    """A word mixing Latin letters with look-alikes from another script, in Latin letters only."""
    if not confusables.is_mixed_script(word) or "LATIN" not in categories.unique_aliases(word):
        return word
    return "".join(
        character
        if categories.alias(character) in ("LATIN", "COMMON")
        else (_latin_for(character) or character)
        for character in word
    )


def normalised(text: str) -> str:
    """`text` as the assistant reads it."""
    text = _TAG.sub("\n", unicodedata.normalize("NFKC", text))  # a tag ends what came before it
    text = _BIDI.sub("", _INVISIBLE.sub("", text))
    text = _JOINER_IN_LATIN.sub("", text)
    return _WORD.sub(lambda match: _mend(match.group(0)), text)
