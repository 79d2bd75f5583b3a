"""Where the sentences of a text begin and end: for casing the page, and for the clauses' spans."""

from __future__ import annotations

import re
from functools import cache

import pysbd


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in `text`, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    for piece in _segmenter().segment(text):
        start, end = piece.start, piece.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        # pysbd ends a sentence after a lone initial ("1625 N. Market Blvd."): rejoin it.
        if spans and re.search(r"(?:^|\s)[A-Za-z]\.$", text[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
