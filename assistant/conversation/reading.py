"""How a user turn is read before anything is searched: its sentences, which of them ask something,
and how much the turn leans on the turns before it.

Pure text work, no model: the chat weighs these readings against retrieval (`chat.py`).
"""

from __future__ import annotations

import re
from functools import cache

import pysbd

from assistant.search.bm25 import tokenize

# A message longer than this (in words) is read sentence by sentence even when it is one paragraph.
LONG_WORDS = 30

# Greetings, thanks and acknowledgements: they say nothing a clause could answer.
_PLEASANTRY = re.compile(
    r"^\W*(?:hi+|hello|hey|hiya|dear \w+|good (?:morning|afternoon|evening)|greetings|"
    r"thanks?(?: (?:you|so much|a lot))?(?: in advance)?|thx|ty|cheers|ok(?:ay)?|k|cool|great|nice|"
    r"fine|sure|alright|got it|gotcha|i see|understood|sorry|hmm+|um+|oh|ah|wow|perfect|noted|yes|no|yeah|"
    r"nope|good to know|makes sense|that helps|i understand|interesting|ugh|damn|great\W+thanks)"
    r"(?:\W+(?:there|team|coursera|all|everyone|guys|folks|again|then|so|thanks|thank you|thx))*\W*$",
    re.IGNORECASE,
)
# A sentence asks something: a question mark; a question word or auxiliary first (after a list
# mark, a conjunction or a "two things:" label); a question inside it ("…, how do refunds work");
# or a request for information said as a statement ("I want to know whether…").
_LEAD = r"^\W*(?:(?:\d+[.)]|[-*•]|[^.?!:]{1,30}:|and|also|so|but|or|plus|then|oh|ok(?:ay)?|well|like)\W+)*"
_ASKS = re.compile(
    r"\?|" + _LEAD + r"(?:what|how|why|who|whom|whose|where|when|which|can|could|may|might|must|shall|"
    r"should|will|would|is|are|am|was|were|do|does|did|has|have|had|isn'?t|aren'?t|don'?t|doesn'?t|"
    r"won'?t|can'?t|any(?:one|body)?|pls|please)\b|"
    r"\b(?:how|what|why|when|where|who|which)\s+(?:do|does|did|can|could|is|are|was|were|would|will|"
    r"should|much|long|many|often)\b|"
    r"\b(?:can|could|may|do|does|did|is|are|am|will|would|should)\s+(?:i|we|you|they|coursera|there|"
    r"it|my|someone|anyone)\b|"
    # "…if I finish the specialization will the subscription stop?"
    r"\bif\b[^,?.]{3,80}?,?\s+(?:can|could|will|would|do|does|is|are|should|may)\s+\w+|"
    r"\b(?:i (?:want|need|would like|'d like) to know|i(?:'m| am) (?:wondering|curious|not sure)|"
    r"tell me|let me know|explain|is it (?:ok|okay|allowed|possible|legal|true|fine)|am i allowed)\b",
    re.IGNORECASE,
)
# "…, and are degree programs refundable?": a second question joined to the first inside one sentence.
_JOINED = re.compile(
    r"(?:[,;]\s*|\s+)(?:and|also|plus|oh and|and also)\s+(?:also\s+)?"
    r"(?=(?:can|could|do|does|did|is|are|will|would|should|may|what|how|when|where|who|which|why)\b)",
    re.IGNORECASE,
)

# "can I join a class action, who picks the arbitrator, and…": a comma before a question word
# lists another question, when the sentence began as one.
_LISTED_QUESTION = re.compile(
    r",\s+(?=(?:who|what|when|where|why|how|which|can|could|do|does|is|are|will|would|should)\b)", re.I
)
_OPENS_AS_QUESTION = re.compile(
    _LEAD + r"(?:what|how|why|who|where|when|which|can|could|do|does|is|are)\b", re.I
)

# A turn that opens like this continues the one before ("and for a specialization?").
_CONTINUES = re.compile(
    r"^\W*(?:and|but|so|also|or|plus|then|too|same|even|except|unless|if|what about|how about|"
    r"what if|what happens if|in that case|does that|is that|is it|do they|can they|would that|"
    r"will that|ok(?:ay)?,? (?:and|but|so|what)|and if|and what|same for|same with)\b",
    re.IGNORECASE,
)
# "Also, …" adds a question; "that", "it", "they"… point back to what came before.
_ALSO = re.compile(r"^\W*(?:also|and also|oh and|plus|additionally)\b\W*", re.I)
_REFERS = re.compile(r"\b(?:it|its|they|them|their|that|this|those|these|there|one|ones|same)\b", re.I)
# "…? or is that against the rules?": the same question put again, in other words.
_RESTATES = re.compile(
    r"^\W*(?:or|and|like|so|i mean|i\.e\.?)?\W*(?:is|would|will|does|could|can|isn'?t|wouldn'?t)\s+"
    r"(?:that|it|this|doing that|doing this)\b",
    re.I,
)

# A turn that corrects the one before restates the question itself ("sorry, I meant my login, not
# my certificate"): it leans on it less, and what it says it does not mean is no part of it.
_CORRECTS = re.compile(
    r"^\W*(?:no+|sorry|oops|wait|actually|i mean|i meant|what i meant|let me (?:rephrase|narrow))\b", re.I
)
_NOT_MEANT = re.compile(
    r"[,;]?\s*\b(?:and )?not (?:the |my |a |an |to the |about the |about )?[\w' -]{1,40}?(?=[,.;!?]|$)", re.I
)
CORRECTS_WEIGHT = 0.3
# A turn that opens with an acknowledgement leans this much as far as it otherwise would, unless
# what follows opens as a continuation.
ACKNOWLEDGED = 0.5

# ...and a turn that says this starts a subject of its own.
_NEW_SUBJECT = re.compile(
    r"\b(?:different|another|unrelated|separate|new|other|random|one more|last)\s+(?:question|topic|"
    r"thing|subject|issue|matter|note)\b|\bon (?:another|a different|an unrelated) note\b|\bby the way\b|"
    r"\bbtw\b|\bunrelated\b|\bchanging (?:the )?(?:subject|topic)\b|\bswitching gears\b|\bmoving on\b|"
    r"\banyways?\b|\bone more (?:question|thing)\b|\banother thing\b|\bon a (?:different|separate) note\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
# The words that list a message's next question: "and", "also", "and separately", "oh and"…
_LISTED = re.compile(
    r"^\W*(?:(?:and|also|plus|oh|separately|secondly|second|lastly|finally|then)\b\W*)+", re.I
)

# How much a turn's reading leans on the turn before, by what it says of itself (tuned on the
# golden conversations' dev split): a plain turn half, one that opens as a continuation fully,
# a short one more, a long one less; a turn that announces a new subject not at all.
BASE_WEIGHT = 0.5
CONTINUES_WEIGHT = 0.5
SHORT_WEIGHT = 0.2
LONG_WEIGHT = 0.2
SHORT_WORDS, LONG_CONTENT_WORDS = 3, 8


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[str]:
    """The text's sentences, line breaks counting as ends too; blank ones dropped."""
    found: list[str] = []
    for line in text.splitlines():
        if line.strip():
            found += [s.strip() for s in _segmenter().segment(line) if s.strip()]
    return found


def is_pleasantry(sentence: str) -> bool:
    return _PLEASANTRY.fullmatch(sentence) is not None


def asks(sentence: str) -> bool:
    """Whether a sentence asks something (rather than tells)."""
    return _ASKS.search(sentence) is not None


def parts(text: str) -> list[str]:
    """The sentences that may matter, pleasantries dropped, and a sentence joining two questions
    ("can I share my account, and are degrees refundable?") cut in two."""
    found: list[str] = []
    for sentence in sentences(text):
        if is_pleasantry(sentence):
            continue
        pieces = [piece.strip(" ,;") for piece in _JOINED.split(sentence)]
        for piece in filter(None, pieces):
            listed = _LISTED_QUESTION.split(piece) if _OPENS_AS_QUESTION.match(piece) else [piece]
            if all(content_words(item) >= 2 for item in listed):
                found += listed
            else:
                found.append(piece)
    return found or [text.strip()]


def is_long(text: str) -> bool:
    """Whether a turn should be read part by part: several sentences, or one very long one."""
    return len(parts(text)) > 1 or len(_WORD.findall(text)) > LONG_WORDS


def content_words(text: str) -> int:
    """How many words of `text` say something: stop words aside, as BM25 counts them."""
    return len(tokenize(text))


def dependence(turn: str) -> float:
    """How much `turn` leans on the turn before it, from 0 (a subject of its own) to 1 (it makes
    sense only with what came before)."""
    if _NEW_SUBJECT.search(turn):
        return 0.0
    if _CORRECTS.search(turn):
        return CORRECTS_WEIGHT
    if _ALSO.match(turn) and not _CONTINUES.search(_ALSO.sub("", turn)) and not _REFERS.search(turn):
        return 0.0  # "also, how old do you have to be?": one more question, of its own
    return _leaning(turn, BASE_WEIGHT + CONTINUES_WEIGHT * bool(_CONTINUES.search(turn)))


def acknowledges(turn: str) -> bool:
    """Whether a turn opens by acknowledging the last answer ("ok thanks. …", "good to know. …"),
    which is how people often close one subject before asking about the next."""
    found = sentences(turn)
    return len(found) > 1 and is_pleasantry(found[0])


def continues(turn: str) -> bool:
    """Whether a turn opens as a continuation of the one before ("and…", "what about…")."""
    return _CONTINUES.search(turn) is not None


def restates(question: str) -> bool:
    """Whether a question only puts the one before it again ("like, is that allowed?")."""
    return _RESTATES.search(question) is not None and content_words(question) <= 3


def starts_anew(turn: str) -> bool:
    """Whether a turn says it changes the subject ("different question: …"), anywhere in it."""
    return _NEW_SUBJECT.search(turn) is not None


def dependence_within(question: str) -> float:
    """How much a later question of a message leans on the question before it. "And"/"also" only
    list the questions there, so they count for nothing; what is left must still say something of
    its own to stand alone ("and for a specialization?" does not)."""
    rest = _LISTED.sub("", question)
    if _NEW_SUBJECT.search(rest):
        return 0.0
    return _leaning(rest, CONTINUES_WEIGHT * bool(_CONTINUES.search(rest)))


def _leaning(turn: str, weight: float) -> float:
    said = content_words(turn)
    if said <= SHORT_WORDS:
        weight += SHORT_WEIGHT
    elif said > LONG_CONTENT_WORDS:
        weight -= LONG_WEIGHT
    return min(max(weight, 0.0), 1.0)


def searched(turn: str) -> str:
    """What to search for of a turn: without the words announcing a new subject ("ok, different
    question: …"), and without what a correction says it does not mean ("…, not my certificate")."""
    match = _NEW_SUBJECT.search(turn)
    if match is not None:
        rest = turn[match.end() :].lstrip(" :,.-–—")
        turn = rest if content_words(rest) >= 2 else turn
    if _CORRECTS.search(turn):
        kept = _NOT_MEANT.sub("", turn)
        turn = kept if content_words(kept) >= 2 else turn
    return turn


# At most this many earlier user turns are read with a follow-up.
MAX_CONTEXT_TURNS = 3
# A follow-up's context keeps at most this many characters of each earlier turn (its questions).
CONTEXT_CHARS = 300


def gist(turn: str) -> str:
    """What an earlier turn contributes as context: the sentences that ask something (else all),
    pleasantries dropped, cut to `CONTEXT_CHARS`."""
    found = parts(turn)
    asking = [piece for piece in found if asks(piece)] or found
    return " ".join(asking)[-CONTEXT_CHARS:]


def topic_turns(earlier: list[str]) -> list[str]:
    """The earlier user turns a follow-up continues, oldest first: the one before it, and before
    that each turn the next one leaned on, back to where the subject started."""
    chosen: list[str] = []
    for position in range(len(earlier) - 1, -1, -1):
        turn = earlier[position]
        chosen.insert(0, turn)
        if len(chosen) == MAX_CONTEXT_TURNS or dependence(turn) <= BASE_WEIGHT:
            break
    return chosen
