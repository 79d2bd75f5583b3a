"""Messages in other languages glossed for the rules: their dates by dateparser in their own
language, the words that carry facts by the language's lexicon, the quick replies read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.conversation.glossing import LEXICONS, gloss, quick_replies
from assistant.conversation.slots import understand
from assistant.languages.supported import TRANSLATED
from assistant.models import Message

CASES = Path(__file__).parent / "lexicon_cases"
AS_OF = date(2025, 3, 12)


def read(*messages: str, language: str, as_of: date = AS_OF):
    return understand([Message(role="user", content=m) for m in messages], as_of, language)


def test_english_is_not_glossed():
    assert gloss("I paid on March 3", "en", AS_OF) == "I paid on March 3"


def test_a_spanish_refund_question_reads_as_the_rule_with_its_facts():
    understood = read("Compré Coursera Plus el 3 de marzo, ¿puedo pedir un reembolso?", language="es")
    assert understood.intent == "refund_eligibility"
    assert (understood.slots.product, understood.slots.payment_date) == ("coursera_plus", date(2025, 3, 3))
    # Retrieval still searches what the learner wrote.
    assert understood.turns == ("Compré Coursera Plus el 3 de marzo, ¿puedo pedir un reembolso?",)


@pytest.mark.parametrize(
    ("language", "message", "paid"),
    [
        ("es", "me suscribí a coursera plus hace 10 días, ¿me pueden reembolsar?", date(2025, 3, 2)),
        ("fr", "J'ai payé Coursera Plus il y a trois semaines, je peux être remboursé ?", date(2025, 2, 19)),
        ("hi", "मैंने 3 मार्च को Coursera Plus लिया था, refund मिल सकता है क्या?", date(2025, 3, 3)),
        ("de", "Ich habe Coursera Plus am 3. März gekauft, bekomme ich mein Geld zurück?", date(2025, 3, 3)),
    ],
)
def test_dates_are_read_in_the_messages_language(language, message, paid):
    understood = read(message, language=language)
    assert understood.intent == "refund_eligibility"
    assert understood.slots.payment_date == paid


def test_east_asian_dates_and_words_run_together_are_read():
    assert "march 3" in gloss("我在3月3日购买了Coursera Plus", "zh", AS_OF)
    assert " Coursera Plus" in gloss("我购买了Coursera Plus", "zh", AS_OF)


def test_a_quick_reply_comes_back_as_the_option_it_translates():
    spanish = quick_replies("es")
    assert set(spanish.values()) >= {"Coursera Plus", "Monthly subscription", "Specialization"}
    chosen = next(said for said, option in spanish.items() if option == "Specialization")
    assert gloss(chosen.upper(), "es", AS_OF) == "Specialization"


def test_a_policy_question_stays_a_lookup():
    assert read("¿Cuál es la política de reembolso de Coursera Plus?", language="es").intent is None


def test_every_language_written_has_a_lexicon():
    assert {path.stem for path in LEXICONS.glob("*.json")} >= set(TRANSLATED)


def _cases() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(CASES.glob("*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: f"{case['language']}:{case['messages'][-1][:40]}")
def test_the_lexicons_read_their_cases(case):
    understood = read(*case["messages"], language=case["language"], as_of=date.fromisoformat(case["as_of"]))
    assert understood.intent == case["intent"]
    # `is`: an amount of 0 is a fact, though it equals False.
    facts = {k: v for k, v in vars(understood.slots).items() if not (v is None or v is False or v == {})}
    for slot, want in case["slots"].items():
        if slot == "unclear":
            assert sorted(facts.get("unclear", {})) == sorted(want)
        elif isinstance(want, bool):
            assert facts.get(slot, False) == want, slot
        else:
            assert str(facts.get(slot)) == str(want), slot
