"""A conversation → a Reply: the clause that answers it, quoted verbatim, or an honest decline."""

from __future__ import annotations

from datetime import date

from assistant.computed import respond
from assistant.handoff import OFFER, wants_person
from assistant.retrieval import Hit, Results, Retriever
from assistant.schemas import Citation, Message, Reply, Retrieved
from assistant.slots import Understanding, understand

# A neighbouring sentence joins the quote when its score is within this of the best one's
# (tuned on the golden dev split's answer sentences: 0.12 quotes the answer 78% of the time).
QUOTE_MARGIN = 0.12
MAX_QUOTE_SENTENCES = 3
# A second clause is quoted too when its best cosine is within this of the first's.
SECOND_CLAUSE_MARGIN = 0.04

DECLINE = (
    "Coursera's terms don't cover this, so I can't answer it from them. "
    "The clauses that came closest are listed with this reply; for anything else, "
    "the Learner Help Center or a support agent can help."
)


def quote(hit: Hit) -> str:
    """The best sentence of a clause, widened to its neighbours while they are nearly as relevant.

    The result is one contiguous span of the clause text (never crossing a paragraph), so it is
    always a verbatim quote.
    """
    chunk = hit.chunk
    text = chunk.text
    scores = dict(hit.sentences)
    if not scores:
        return text
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
    return text[chunk.spans[first][0] : chunk.spans[last][1]]


def citation(n: int, hit: Hit) -> Citation:
    chunk = hit.chunk
    return Citation(n=n, id=chunk.id, title=chunk.title, quote=quote(hit), url=chunk.url)


def retrieved(results: Results) -> list[Retrieved]:
    return [
        Retrieved(id=h.chunk.id, title=h.chunk.title, text=h.chunk.text, score=h.score) for h in results.hits
    ]


class Chat:
    """Answers the latest user message of a conversation from the terms."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def reply(self, messages: list[Message], as_of: date | None = None) -> Reply:
        """The reply to the last user message; earlier user turns give context to a terse follow-on."""
        if wants_person(messages[-1].content):
            # Asked outright for a person: offer one, rather than quote a clause at them.
            return Reply(answer=OFFER, abstained=False, citations=[], retrieved=[], handoff=True)
        as_of = as_of or date.today()  # once: a conversation read at midnight keeps one day
        understood = understand(messages, as_of)
        if understood.intent is not None:
            return self.computed(understood, as_of)
        user_turns = [m.content for m in messages if m.role == "user"]
        results = self.retriever.search(user_turns[-1])
        if not results.relevant and len(user_turns) > 1:
            # "what about specializations?" only makes sense with the question before it.
            with_context = self.retriever.search(f"{user_turns[-2]} {user_turns[-1]}")
            if with_context.relevant:
                results = with_context
        return self.lookup(results)

    def computed(self, understood: Understanding, as_of: date) -> Reply:
        """A rule's answer, or its follow-up question.

        The first follow-up about a known product comes after the clause that answers in general
        ("within 14 days of your payment"), so the learner is not kept waiting for the exact date.
        """
        result = respond(understood, as_of, self.retriever.index.by_id)
        results = self.retriever.search(understood.question)
        answer, citations = result.answer, result.citations
        follow_up = result.follow_up
        if follow_up is not None and follow_up.slot != "product" and understood.pending is None:
            general = self.lookup(results)
            if not general.abstained:
                answer, citations = f"{general.answer}\n\n{result.answer}", general.citations
        return Reply(
            answer=answer,
            abstained=False,
            citations=citations,
            rule=result.rule,
            follow_up=result.follow_up,
            retrieved=retrieved(results),
        )

    def lookup(self, results: Results) -> Reply:
        """Quote the best clause, and the runner-up when it is nearly as relevant; or decline."""
        if not results.relevant:
            return Reply(
                answer=DECLINE, abstained=True, citations=[], retrieved=retrieved(results), handoff=True
            )
        best, *rest = results.hits
        cited = [best]
        if rest and best.dense > 0 and rest[0].dense >= best.dense - SECOND_CLAUSE_MARGIN:
            cited.append(rest[0])
        citations = [citation(n, hit) for n, hit in enumerate(cited, start=1)]
        lines = [f"According to {citations[0].title} [1]: “{citations[0].quote}”"]
        if len(citations) > 1:
            lines.append(f"Also relevant, {citations[1].title} [2]: “{citations[1].quote}”")
        return Reply(
            answer="\n\n".join(lines), abstained=False, citations=citations, retrieved=retrieved(results)
        )
