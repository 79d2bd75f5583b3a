"""A conversation → a Reply: the clause that answers it, quoted verbatim, or an honest decline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.conversation import reading, refusals
from assistant.conversation.glossing import gloss
from assistant.conversation.handoff import OFFER, cited, last_question, wants_person
from assistant.conversation.language import choose
from assistant.conversation.normalise import normalised
from assistant.conversation.quotes import citation, introduced
from assistant.conversation.rule_answers import respond
from assistant.conversation.slots import Understanding, product_mention, understand
from assistant.languages.catalogues import N_, speaking
from assistant.languages.catalogues import gettext as _
from assistant.models import Citation, Message, Reply, Retrieved, RuleAnswer, Understood, day_of
from assistant.search.retrieval import FollowOn, Results, Retriever

# Questions looked back at for a cited reply (to hand to a person): each one is answered again.
TRIES = 3

# A second clause is quoted too when its best cosine is within this of the first's.
SECOND_CLAUSE_MARGIN = 0.04

# A part of a long message is read as part of its question when it comes this close to some
# clause, and no further below the closest part than MARGIN (tuned on the golden dev split's
# lookups wrapped in unrelated paragraphs, and its messages of several questions).
RELEVANT = 0.40
MARGIN = 0.25

# What is said of a message that is no question about the terms, by what it is.
REFUSED = {
    "instructions": N_(
        "I answer only from Coursera's terms, so I have no instructions or settings of my own to show. "
        "Ask me about the terms: refunds, your account, what you may post, certificates…"
    ),
    "code": N_(
        "That looks like code or a database query, not a question about Coursera's terms, "
        "so I can't answer it."
    ),
    "gibberish": N_("I couldn't find a question in that. Ask me about Coursera's terms in your own words."),
    "orders": N_(
        "I only answer questions about Coursera's terms, quoting them, and I don't take instructions "
        "to say anything else."
    ),
}

# Said of one question among several that the terms don't answer.
NOT_COVERED = N_("Coursera's terms don't cover this.")

DECLINE = N_(
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
        # Every heading of the terms, to tell a section asked for by name that does not exist.
        self.headings = frozenset(part for chunk in retriever.index.chunks for part in chunk.path)

    def reply(
        self,
        messages: list[Message],
        as_of: date | None = None,
        language: str | None = None,
        accept: str | None = None,
    ) -> Reply:
        """The reply to the last user message, read with the conversation before it, in the
        conversation's language (see `assistant.conversation.language`: `language` is the BCP 47
        tag the client asked for, `accept` its Accept-Language header)."""
        messages = [m.model_copy(update={"content": normalised(m.content)}) for m in messages]
        chosen = choose([m.content for m in messages if m.role == "user"], language, accept)
        as_of = day_of(as_of)  # once: a conversation read at midnight keeps one day
        with speaking(chosen.speaks):
            reply = self.reply_in(messages, as_of, chosen.reads)
        answer = f"{chosen.note}\n\n{reply.answer}" if chosen.note else reply.answer
        understood = reply.understood.model_copy(update={"language": chosen.detected})
        return reply.model_copy(
            update={"answer": answer, "language": chosen.speaks, "understood": understood}
        )

    def reply_in(self, messages: list[Message], as_of: date, reads: str) -> Reply:
        """The reply to the last user message, its questions read as `reads`: each question it asks
        answered in turn, the first as a follow-up of the turns before as far as it leans on them."""
        if wants_person(gloss(messages[-1].content, reads, as_of)):
            # Asked outright for a person: offer one, rather than quote a clause at them.
            return Reply(answer=_(OFFER), abstained=False, citations=[], retrieved=[], handoff=True)
        judged = refusals.verdict(messages[-1].content, self.headings)
        if judged.refusal is not None:
            return self.refuse(judged, reads)
        messages[-1] = messages[-1].model_copy(update={"content": judged.text})  # its orders cut away
        users = [m.content for m in messages if m.role == "user"]
        asked = self.questions(users[-1], reads)
        earlier = reading.topic_turns(users[:-1])
        context = " ".join(reading.gist(turn) for turn in earlier)
        # The words announcing a new subject may stand in a sentence of their own, left out of asked.
        leaning = reading.dependence(asked[0]) if context and not reading.starts_anew(users[-1]) else 0.0
        if reading.acknowledges(users[-1]) and not reading.continues(asked[0]):
            leaning *= reading.ACKNOWLEDGED
        follow_on = FollowOn(_swapped(context, asked[0]), leaning, self.quoted_before(messages))
        if len(asked) == 1:
            reply = self.answer(messages, asked[0], follow_on, as_of, reads)
        else:
            replies = []
            for number, question in enumerate(asked):
                if number:  # a later question of the message follows on from the one before it
                    follow_on = FollowOn(asked[number - 1], reading.dependence_within(question))
                alone = [*messages[:-1], Message(role="user", content=question)]
                replies.append(self.answer(alone, question, follow_on, as_of, reads))
            asked, replies = _merged(asked, replies)
            reply = replies[0] if len(replies) == 1 else _together(asked, replies)
        shown = Understood(
            context=earlier if leaning > 0 else [],
            questions=asked if len(asked) > 1 or reading.is_long(users[-1]) else [],
        )
        return reply.model_copy(update={"understood": shown})

    def answer(
        self, messages: list[Message], question: str, follow_on: FollowOn, as_of: date, reads: str
    ) -> Reply:
        """The reply to one question (the last turn, or one question of it): a rule's answer when the
        conversation asks for one, else the clause that answers it read with its context."""
        understood = understand(messages, as_of, reads)
        if understood.intent is not None:
            # What retrieval looks for: the rule question's turns, the last one read for its question.
            query = " ".join([*understood.turns[:-1], question])
            return self.computed(understood, as_of, query, reads)
        searched = reading.searched(question)
        return self.lookup(self.retriever.search(searched, follow_on=follow_on, language=reads))

    def quoted_before(self, messages: list[Message]) -> frozenset[str]:
        """The clauses the assistant's last reply quoted, found by their quotes: the client sends
        the reply back, and each quote is an exact span of one clause."""
        last = next((m.content for m in reversed(messages[:-1]) if m.role == "assistant"), "")
        quotes = _QUOTE.findall(last)
        return frozenset(c.id for c in self.retriever.index.chunks if any(q in c.text for q in quotes))

    def questions(self, turn: str, reads: str) -> list[str]:
        """The questions a turn asks, in order. A short turn is one question; a long one is read
        part by part, the parts that come nowhere near the terms dropped, and each statement
        joined to the question it leads to."""
        if not reading.is_long(turn):
            return [turn]
        parts = reading.parts(turn)
        closeness = self.retriever.relevance(parts, reads)
        # A statement must come near the best part to count; a question only near the terms.
        floor = max(RELEVANT, max(closeness) - MARGIN)
        kept = [
            part
            for part, close in zip(parts, closeness, strict=True)
            if close >= (RELEVANT if reading.asks(part) else floor)
        ]
        found: list[str] = []
        waiting: list[str] = []  # statements that lead to the next question
        for part in kept:
            if reading.asks(part) and found and reading.restates(part):
                found[-1] = f"{found[-1]} {part}"  # "…? like, is that allowed?" is the same question
            elif reading.asks(part):
                found.append(" ".join([*waiting, part]))
                waiting = []
            else:
                waiting.append(part)
        if waiting:  # statements after the last question (or no question at all) join it
            found = [*found[:-1], " ".join([*found[-1:], *waiting])]
        return found or [turn]

    def computed(self, understood: Understanding, as_of: date, query: str, reads: str) -> Reply:
        """A rule's answer, or its follow-up question.

        A follow-up question comes after the clause that answers in general ("within 14 days of
        your payment", or, with no product known yet, "once you have earned a course certificate…"),
        so every reply quotes something and the learner is not kept waiting for the exact date.
        """
        result = respond(understood, as_of, self.retriever.index.by_id)
        results = self.retriever.search(query, language=reads)
        answer, citations = result.answer, result.citations
        follow_up = result.follow_up
        if follow_up is not None:
            general = self.lookup(results, runner_up=False)  # one clause: the question comes next
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

    def lookup(self, results: Results, runner_up: bool = True) -> Reply:
        """Quote the best clause, and the runner-up when it is nearly as relevant; or decline."""
        if not results.relevant:
            return Reply(
                answer=_(DECLINE), abstained=True, citations=[], retrieved=retrieved(results), handoff=True
            )
        best, *rest = results.hits
        cited = [best]
        if runner_up and rest and best.dense > 0 and rest[0].dense >= best.dense - SECOND_CLAUSE_MARGIN:
            cited.append(rest[0])
        citations = [citation(n, hit) for n, hit in enumerate(cited, start=1)]
        lines = [introduced(c.title, c.n, c.quote, also=c.n > 1) for c in citations]
        return Reply(
            answer="\n\n".join(lines), abstained=False, citations=citations, retrieved=retrieved(results)
        )

    def refuse(self, judged: refusals.Verdict, reads: str) -> Reply:
        """A decline that says why: what the message was, or that the section it asks for isn't there."""
        shown = Understood(refusal=judged.refusal)
        if judged.refusal != "no_such_section":
            return Reply(
                answer=_(REFUSED[judged.refusal or ""]),
                abstained=True,
                citations=[],
                retrieved=[],
                understood=shown,
            )
        results = self.retriever.search(judged.named, language=reads)
        closest = "; ".join(hit.chunk.title for hit in results.hits[:3])
        answer = _("The terms have no section called “{name}”. The closest clauses are: {closest}.").format(
            name=judged.named, closest=closest
        )
        return Reply(
            answer=answer, abstained=True, citations=[], retrieved=retrieved(results), understood=shown
        )

    def last_cited_reply(self, messages: Sequence[Message], as_of: date | None = None) -> Reply | None:
        """The assistant's last reply that cited the terms, worked out again from the transcript (the
        chat is deterministic for a conversation and a day). Looks back at most `TRIES` questions."""
        end, as_of = len(messages), day_of(as_of)
        for _attempt in range(TRIES):
            position = last_question(messages[:end])
            if position is None:
                break
            reply = self.reply(list(messages[: position + 1]), as_of)
            if cited(reply):
                return reply
            end = position
        return None


def _swapped(context: str, turn: str) -> str:
    """The context with its product replaced by the one a follow-up names ("what about monthly
    ones?" after "are Coursera Plus subscriptions refundable?")."""
    before, now = product_mention(context.lower()), product_mention(turn.lower())
    if before is None or now is None or before[0] == now[0]:
        return context
    return context[: before[1]] + turn[now[1] : now[2]] + context[before[2] :]


def _first_cited(reply: Reply) -> str | None:
    return reply.citations[0].id if reply.citations else None


def _merged(asked: list[str], replies: list[Reply]) -> tuple[list[str], list[Reply]]:
    """Neighbouring questions answered by the same clause are one question said twice ("can I
    share my account? like is that allowed?"): they become one, answered as the first was."""
    kept_asked, kept = [asked[0]], [replies[0]]
    for question, reply in zip(asked[1:], replies[1:], strict=True):
        if _first_cited(reply) is not None and _first_cited(reply) == _first_cited(kept[-1]):
            kept_asked[-1] = f"{kept_asked[-1]} {question}"
            continue
        kept_asked.append(question)
        kept.append(reply)
    return kept_asked, kept


_MARKER = re.compile(r"\[(\d+)\]")
_QUOTE = re.compile(r"“([^”]{12,})”")


def _renumbered(reply: Reply, offset: int) -> tuple[str, list[Citation], RuleAnswer | None]:
    """A reply's answer, citations and rule with every citation number moved up by `offset`."""
    answer = _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", reply.answer)

    def moved(citations: list[Citation]) -> list[Citation]:
        return [c.model_copy(update={"n": c.n + offset}) for c in citations]

    rule = reply.rule.model_copy(update={"citations": moved(reply.rule.citations)}) if reply.rule else None
    return answer, moved(reply.citations), rule


def _together(asked: list[str], replies: list[Reply]) -> Reply:
    """Several answers as one reply: numbered in the order asked, each with its own citations."""
    lines: list[str] = []
    citations: list[Citation] = []
    rule: RuleAnswer | None = None
    for number, (question, reply) in enumerate(zip(asked, replies, strict=True), start=1):
        if reply.abstained:
            lines.append(f"{number}. “{question}”: {_(NOT_COVERED)}")
            continue
        answer, cited, ruled = _renumbered(reply, len(citations))
        lines.append(f"{number}. {answer}")
        citations += cited
        rule = rule or ruled
    seen: dict[str, Retrieved] = {}
    for reply in replies:
        for item in reply.retrieved[:3]:
            seen.setdefault(item.id, item)
    return Reply(
        answer="\n\n".join(lines),
        abstained=all(reply.abstained for reply in replies),
        citations=citations,
        rule=rule,
        follow_up=next((reply.follow_up for reply in replies if reply.follow_up), None),
        retrieved=list(seen.values())[:5],
        handoff=any(reply.abstained for reply in replies),
    )
