"""The drift guard: every pin is in its clause, and a changed clause fails loudly, naming the rule."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.engine import Engine
from assistant.rules import RULES, Pin, PinDrift, check_pins
from assistant.search.index import build_index
from assistant.settings import ROOT, Settings
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import load_documents


def test_every_pin_matches_the_current_terms() -> None:
    check_pins(chunk_documents(load_documents(ROOT / "corpus")))


def test_pins_are_short_phrases() -> None:
    for rule in RULES.values():
        assert rule.pins, rule.name
        for pin in rule.pins:
            assert 3 <= len(pin.quote.split()) <= 30, (rule.name, pin.quote)


def _edit_corpus(settings: Settings, old: str, new: str) -> None:
    edited = 0
    for path in settings.corpus_dir.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
            edited += 1
    assert edited, f"{old!r} is not in the corpus"


def test_a_changed_clause_stops_the_build_and_names_the_rule(tmp_settings: Settings, fake_embedder) -> None:
    _edit_corpus(tmp_settings, "within 14 days of your payment", "within 30 days of your payment")
    with pytest.raises(PinDrift) as caught:
        build_index(tmp_settings, fake_embedder, check_pins)
    message = str(caught.value)
    assert "refund_eligibility" in message
    assert "refund-policy/for-coursera-plus" in message
    assert "within 14 days of your payment" in message
    assert fake_embedder.calls == 0  # it failed before the slow part
    assert not (tmp_settings.index_dir / "current").exists()


def test_a_changed_amount_is_reported(tmp_settings: Settings, fake_embedder) -> None:
    _edit_corpus(tmp_settings, "twenty u.s. dollars ($20)", "fifty u.s. dollars ($50)")
    with pytest.raises(PinDrift, match=r"rule liability_cap: .*terms-of-use/limitation-of-liability"):
        build_index(tmp_settings, fake_embedder, check_pins)


def test_a_removed_clause_is_reported(tmp_settings: Settings, fake_embedder) -> None:
    # Renaming the heading takes the clause's id away: the pins on it point at nothing.
    _edit_corpus(tmp_settings, "## for coursera plus", "## for coursera premium")
    with pytest.raises(
        PinDrift, match=r"rule refund_eligibility: the clause refund-policy/for-coursera-plus it pins is gone"
    ):
        build_index(tmp_settings, fake_embedder, check_pins)


def test_the_guard_runs_when_the_app_starts(tmp_settings: Settings, fake_embedder, monkeypatch) -> None:
    build_index(tmp_settings, fake_embedder, check_pins)
    Engine.open(tmp_settings, embedder=fake_embedder)  # the real rules: fine
    rule = RULES["minimum_age"]
    drifted = dataclasses.replace(rule, pins=(*rule.pins, Pin(rule.pins[0].chunk_id, "under the age of 16")))
    monkeypatch.setitem(RULES, "minimum_age", drifted)
    with pytest.raises(PinDrift, match="rule minimum_age: the pinned quote 'under the age of 16'"):
        Engine.open(tmp_settings, embedder=fake_embedder)
