"""A conversation → a Reply: the clause that answers it, quoted verbatim, or an honest decline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.conversation.handoff import OFFER, cited, last_question, wants_person
from assistant.conversation.quotes import citation
from assistant.conversation.rule_answers import respond
from assistant.conversation.slots import Understanding, understand
from assistant.models import Message, Reply, Retrieved, day_of
from assistant.search.retrieval import Results, Retriever

# Questions looked back at for a cited reply (to hand to a person): each one is answered again.
TRIES = 3

# A second clause is quoted too when its best cosine is within this of the first's.
SECOND_CLAUSE_MARGIN = 0.04

DECLINE = (
    "Coursera's terms don't cover this, so I can't answer it from them. "
    "The clauses that came closest are listed with this reply; for anything else, "
    "the Learner Help Center or a support agent can help."
)


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
        as_of = day_of(as_of)  # once: a conversation read at midnight keeps one day
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

    def last_cited_reply(self, messages: Sequence[Message], as_of: date | None = None) -> Reply | None:
        """The assistant's last reply that cited the terms, worked out again from the transcript (the
        chat is deterministic for a conversation and a day). Looks back at most `TRIES` questions."""
        end, as_of = len(messages), day_of(as_of)
        for _ in range(TRIES):
            position = last_question(messages[:end])
            if position is None:
                break
            reply = self.reply(list(messages[: position + 1]), as_of)
            if cited(reply):
                return reply
            end = position
        return None
