"""The command line, invoked as a user would, with its exact output."""

import json

import pytest
from typer.testing import CliRunner

from assistant import cli
from assistant.evaluation import golden

runner = CliRunner()


@pytest.fixture
def shared_engine(engine, monkeypatch):
    """Reuse the session's engine rather than loading the model once per command."""
    monkeypatch.setattr(cli, "_engine", lambda mode="hybrid": engine)
    return engine


def test_ask_prints_the_quoted_answer_and_its_sources(shared_engine):
    result = runner.invoke(cli.app, ["ask", "how do I get my money back for coursera plus?"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "According to Refund Policy › For Coursera Plus [1]: “To get a full refund of your Coursera Plus "
        "subscription payment, submit a refund request via the Learner Help Center within 14 days of your "
        "payment.”\n"
        "\n"
        "[1] Refund Policy › For Coursera Plus\n"
        "    /terms?quote=0-148#refund-policy/for-coursera-plus\n"
    )


def test_ask_json_prints_the_api_reply(shared_engine):
    result = runner.invoke(
        cli.app, ["ask", "what is the capital of australia?", "--json", "--as-of", "2025-03-10"]
    )
    assert result.exit_code == 0
    reply = json.loads(result.output)
    assert reply["abstained"] is True and len(reply["retrieved"]) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "hi", "--as-of", "2025-02-30"], "'2025-02-30' is not a real date written YYYY-MM-DD"),
        (["ask", "   "], "error: the question must not be blank"),
        (["ask", "hi", "--retriever", "magic"], "--retriever must be one of naive, dense, bm25, hybrid"),
    ],
)
def test_ask_refuses_bad_input_in_one_line(shared_engine, args, message):
    result = runner.invoke(cli.app, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_index_if_needed_leaves_a_fresh_index_alone(engine):
    result = runner.invoke(cli.app, ["index", "--if-needed"])
    assert result.exit_code == 0
    assert result.output == f"Index {engine.index.build_id} is up to date.\n"


def test_eval_prints_the_table_and_the_failures(shared_engine, monkeypatch):
    small = golden.Golden(
        lookups=[
            golden.Lookup("lk-x1", "coursera plus refund window", ("refund-policy/for-coursera-plus",)),
            golden.Lookup("lk-x2", "coursera plus refund window", ("honor-code",)),
        ],
        out_of_scope=[golden.OutOfScope("oos-x1", "banana bread recipe", near=False)],
    )
    monkeypatch.setattr(golden, "load_golden", lambda *a: small)
    result = runner.invoke(cli.app, ["eval"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "retriever: hybrid"
    assert "R@1" in lines[1] and "MRR@5" in lines[1]
    assert "1 failing question(s):" in result.output
    assert "lk-x2" in result.output and "want honor-code" in result.output


def test_help_comes_from_the_docstrings():
    result = runner.invoke(cli.app, ["ask", "--help"])
    assert "Answer one question from the terms, with the clauses it quotes." in result.output
