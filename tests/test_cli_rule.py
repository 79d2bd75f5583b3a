"""`assistant rule NAME --field value ...` and the rule line of `assistant eval`, with their exact output."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from assistant import cli
from assistant.evaluation import golden
from assistant.models import Message
from assistant.rules import RULES

runner = CliRunner()


def test_a_rule_prints_a_short_summary_and_its_sources():
    result = runner.invoke(
        cli.app,
        [
            "rule",
            "refund_eligibility",
            "--product",
            "coursera_plus",
            "--payment-date",
            "2025-03-01",
            "--as-of",
            "2025-03-10",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Yes: you can get a full refund until March 15, 2025 (5 days left).\n"
        "A full refund is offered until 14 days after payment (March 1, 2025).\n"
        "\n"
        "[1] Refund Policy › For Coursera Plus\n"
        "    /terms?quote=0-148#refund-policy/for-coursera-plus\n"
    )


def test_fields_may_be_written_with_equals_and_flags_stand_alone():
    result = runner.invoke(
        cli.app,
        [
            "rule",
            "refund_eligibility",
            "--product=course",
            "--payment_date=2025-03-01",
            "--violated-terms",
            "--as-of=2025-03-05",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    assert outcome["eligible"] is None and outcome["reason"] == "terms_violated"
    assert outcome["citations"][0]["id"] == "refund-policy"


def test_json_prints_the_whole_outcome():
    result = runner.invoke(
        cli.app, ["rule", "liability_cap", "--fees-paid-last-6-months-usd", "12", "--json"]
    )
    assert result.exit_code == 0
    outcome = json.loads(result.output)
    assert outcome["cap_usd"] == 20 and outcome["basis"] == "twenty_dollars"
    assert {"explanation", "steps", "citations"} <= set(outcome)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["rule", "refund_eligibility", "--product", "course", "--payment-date", "2025-02-30"],
            "error: --payment-date: 2025-02-30 is not a real calendar date\n",
        ),
        (
            ["rule", "refund_eligibility", "--prodcut", "course"],
            "error: refund_eligibility has no field --prodcut; its fields are --as-of, --product, "
            "--payment-date, "
            "--launch-date, --certificate-date, --refund-window-days, --purchased-via, --free-trial, "
            "--violated-terms\n",
        ),
        (
            ["rule", "minimum_age", "--birth-date", "2030-01-01", "--as-of", "2025-03-10"],
            "error: --birth-date: 2030-01-01 is after as_of (2025-03-10): nobody is born after the day it is "
            "checked on\n",
        ),
        (
            ["rule", "refund_elegibility"],
            "error: no rule is named 'refund_elegibility'; the rules are refund_eligibility, "
            "registration_expiry, "
            "specialization_deadline, liability_cap, claim_deadline, minimum_age\n",
        ),
        (
            ["rule", "minimum_age", "2013-01-01"],
            "error: unexpected argument '2013-01-01': give each fact as --field value\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(args, message):
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_help_comes_from_the_docstring():
    result = runner.invoke(cli.app, ["rule", "--help"])
    assert result.exit_code == 0
    assert "Run one rule on the facts given as --field value options" in result.output
    for name in RULES:
        assert name in result.output


def test_eval_prints_the_rule_accuracy_and_its_failures(engine, monkeypatch):
    monkeypatch.setattr(cli, "_engine", lambda mode="hybrid": engine)
    small = golden.Golden(
        lookups=[golden.Lookup("lk-x1", "coursera plus refund window", ("refund-policy/for-coursera-plus",))],
        out_of_scope=[],
    )
    question = (
        Message(role="user", content="I paid for Coursera Plus on March 1, can I still get a refund?"),
    )
    cases = [
        golden.RuleCase(
            "rule-x1",
            question,
            date(2025, 3, 10),
            {"rule": "refund_eligibility", "outcome": {"eligible": True}},
        ),
        golden.RuleCase(
            "rule-x2",
            question,
            date(2025, 3, 10),
            {"rule": "refund_eligibility", "outcome": {"days_left": 4}},
        ),
    ]
    monkeypatch.setattr(golden, "load_golden", lambda *a: small)
    monkeypatch.setattr(golden, "load_rule_cases", lambda *a: cases)
    result = runner.invoke(cli.app, ["eval"])
    assert result.exit_code == 0, result.output
    tail = result.output.splitlines()[-3:]
    assert tail == [
        "rule accuracy: 1/2",
        "  en: dev 1/2, test 0/0",  # then each language's, by split
        "  rule-x2: 'I paid for Coursera Plus on March 1, can I still get a refund?' → outcome.days_left 5 "
        "(want 4)",
    ]
