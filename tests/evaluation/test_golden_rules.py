"""The golden rule conversations: every one must end in its expected outcome or follow-up."""

from __future__ import annotations

from assistant.evaluation.golden import load_rule_cases
from assistant.evaluation.runner import evaluate_rules, format_rule_report
from assistant.rules import RULES
from tests.helpers.golden import GOLDEN_DIR


def test_the_rule_cases_are_many_and_varied():
    cases = load_rule_cases(GOLDEN_DIR)
    assert len(cases) >= 36
    assert sum(len(case.messages) > 1 for case in cases) >= 10
    assert len({case.id for case in cases}) == len(cases)
    named = {case.expected.get("rule") for case in cases}
    assert named >= set(RULES)  # every rule has a case
    assert any("follow_up" in case.expected for case in cases)


def test_rule_accuracy_is_100_percent(engine):
    report = evaluate_rules(engine.chat, load_rule_cases(GOLDEN_DIR))
    assert report.passed == report.total, format_rule_report(report)
