"""What to quote of a clause: its best sentences, as one verbatim span of the cleaned terms."""

from __future__ import annotations

from assistant.languages.catalogues import current
from assistant.languages.catalogues import gettext as _
from assistant.languages.supported import ENGLISH
from assistant.models import Citation
from assistant.search.retrieval import Hit

# A neighbouring sentence joins the quote when its score is within this of the best one's
# (tuned on the golden dev split's answer sentences: 0.12 quotes the answer as often as 0.18 does,
# in shorter quotes; 0.06 less often).
QUOTE_MARGIN = 0.12
MAX_QUOTE_SENTENCES = 3


def quote_span(hit: Hit) -> tuple[int, int]:
    """Where to quote a clause: its best sentence, widened to its neighbours while they are nearly
    as relevant. One contiguous span of the clause text (never crossing a paragraph), so the quote
    is always verbatim."""
    chunk = hit.chunk
    scores = dict(hit.sentences)
    if not scores:
        return 0, len(chunk.text)
    best, best_score = hit.sentences[0]
    first = last = best

    while last - first + 1 < MAX_QUOTE_SENTENCES:
        candidates = [
            position
            for position in (first - 1, last + 1)
            if position in scores
            and scores[position] >= best_score - QUOTE_MARGIN
            and chunk.same_paragraph(min(position, best), max(position, best))
        ]
        if not candidates:
            break
        pick = max(candidates, key=scores.__getitem__)
        first, last = min(first, pick), max(last, pick)
    return chunk.spans[first][0], chunk.spans[last][1]


def citation(n: int, hit: Hit) -> Citation:
    """Citation `n`: the clause, its quote, and a link that opens the terms at the quote."""
    chunk = hit.chunk
    start, end = quote_span(hit)
    return Citation(
        n=n, id=chunk.id, title=chunk.title, quote=chunk.text[start:end], url=chunk.quote_url(start, end)
    )


def introduced(title: str, n: int, quote: str, also: bool = False) -> str:
    """A quote with the words that introduce it: the clause and its number, and (in any language
    but English) that what follows is the English text of the terms, which governs."""
    if current() == ENGLISH:
        intro = _("Also relevant, {title} [{n}]:") if also else _("According to {title} [{n}]:")
    elif also:
        intro = _("Also relevant, {title}, in the English text of the terms [{n}]:")
    else:
        intro = _("According to {title}, in the English text of the terms [{n}]:")
    return f"{intro.format(title=title, n=n)} “{quote}”"
