"""A conversation's languages: detected from its turns, asked for by the client, or English."""

from __future__ import annotations

from assistant.conversation.language import choose


def test_the_latest_turn_decides():
    chosen = choose(["Can I get a refund?", "¿Y si compré una especialización?"])
    assert (chosen.speaks, chosen.reads, chosen.detected, chosen.note) == ("es", "es", "es", None)


def test_a_turn_too_short_to_tell_keeps_the_conversations_language():
    chosen = choose(["¿Puedo pedir un reembolso de Coursera Plus?", "sí"])
    assert (chosen.speaks, chosen.reads) == ("es", "es")


def test_without_any_turn_to_tell_by_the_client_decides_then_english():
    assert choose(["ok"], requested="pt-BR").speaks == "pt"
    assert choose(["ok"], accept="fr-CH, fr;q=0.9").speaks == "fr"
    assert choose(["ok"]).speaks == "en"


def test_the_learners_own_language_beats_the_browsers():
    assert choose(["¿Puedo pedir un reembolso?"], accept="de").speaks == "es"


def test_a_language_asked_for_outright_is_spoken_whatever_the_question_is_in():
    chosen = choose(["Can I get a refund for Coursera Plus?"], requested="es")
    assert (chosen.speaks, chosen.reads) == ("es", "en")


def test_an_unsupported_language_is_read_but_answered_in_english_saying_so():
    chosen = choose(["Kan ik mijn geld terugkrijgen voor mijn Coursera Plus abonnement?"])
    assert (chosen.speaks, chosen.reads, chosen.detected) == ("en", "nl", "nl")
    assert chosen.note == "I can't write in Dutch yet, so this answer is in English."
