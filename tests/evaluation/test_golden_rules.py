"""The golden rule conversations: every English one must end in its expected outcome or
follow-up; those in other languages keep their floors (tests/golden/floors.json)."""

from __future__ import annotations

import json

import pytest

from assistant.evaluation.golden import load_rule_cases
from assistant.evaluation.runner import RuleReport, evaluate_rules, format_rule_report
from assistant.rules import RULES
from tests.helpers.golden import GOLDEN_DIR

FLOORS = json.loads((GOLDEN_DIR / "floors.json").read_text())["rules_in_languages"]


def test_the_rule_cases_are_many_and_varied():
    cases = load_rule_cases(GOLDEN_DIR)
    assert len(cases) >= 36
    assert sum(len(case.messages) > 1 for case in cases) >= 10
    assert len({case.id for case in cases}) == len(cases)
    named = {case.expected.get("rule") for case in cases}
    assert named >= set(RULES)  # every rule has a case
    assert any("follow_up" in case.expected for case in cases)
    assert len({case.language for case in cases} - {"en"}) >= 5


@pytest.fixture(scope="module")
def report(engine) -> RuleReport:
    return evaluate_rules(engine.chat, load_rule_cases(GOLDEN_DIR))


def test_rule_accuracy_is_100_percent_in_english(report):
    english = report.by_language["en"]
    assert all(passed == total for passed, total in english.values()), format_rule_report(report)


def test_rule_cases_in_other_languages_keep_their_floors(report):
    # Per split, over every language but English: each language has only four to six cases.
    for split, floor in FLOORS.items():
        if split.startswith("_"):
            continue
        counts = [splits[split] for code, splits in report.by_language.items() if code != "en"]
        passed, total = sum(p for p, _ in counts), sum(t for _, t in counts)
        assert passed / total >= floor, f"{split}: {passed}/{total}\n{format_rule_report(report)}"
