"""The `assistant` command: build the index, ask questions, serve the app, run the evaluation."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from assistant.engine import Engine
from assistant.models import Citation, problem_text
from assistant.rules import PinDrift
from assistant.search.index import IndexProblem
from assistant.search.retrieval import MODES
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.search.embedder import Embedder
    from assistant.support.gaps import GapReport
    from assistant.support.insights import Insights
    from assistant.support.store import Store

app = typer.Typer(
    help="Answers questions from Coursera's terms of use, quoting the clauses it rests on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


USAGE = 2  # the exit code for a command used wrongly, as click has it
# The served retrievers, and the evaluation's naive baseline to compare them with.
RETRIEVERS = ("naive", *MODES)


def _fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr, then exit with `code`."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _check_mode(retriever: str) -> None:
    if retriever not in RETRIEVERS:
        raise typer.BadParameter(f"--retriever must be one of {', '.join(RETRIEVERS)}")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a real date written YYYY-MM-DD") from None


def _engine(mode: str = "hybrid") -> Engine:
    settings = Settings()
    try:
        engine = Engine.open(settings, "hybrid" if mode == "naive" else mode)  # type: ignore[arg-type]
    except (IndexProblem, PinDrift) as problem:
        _fail(str(problem))
    if mode == "naive":
        from assistant.evaluation.naive import NaiveRetriever

        return engine.with_retriever(NaiveRetriever.over(engine.index, engine.embedder, settings.corpus_dir))
    return engine


def _print_sources(citations: Iterable[Citation]) -> None:
    """Each cited clause, numbered as in the answer, with its link."""
    for cited in citations:
        typer.echo(f"[{cited.n}] {cited.title}\n    {cited.url}")


def _store(settings: Settings) -> Store:
    from sqlalchemy import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from assistant.support.store import Store, StoreProblem

    try:
        return Store.open(settings.database)
    except (SQLAlchemyError, StoreProblem, OSError) as problem:
        where = make_url(settings.database).render_as_string(hide_password=True)
        reason = str(problem).splitlines()[0]
        _fail(f"can't use the database {where}: {reason}")


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@app.command()
def index(
    if_needed: Annotated[
        bool, typer.Option("--if-needed", help="Only build when missing, stale or corrupt.")
    ] = False,
) -> None:
    """Build the index from corpus/ into index/ (chunks, FAISS, BM25, manifest)."""
    from assistant.engine import multilingual_for
    from assistant.rules import check_pins
    from assistant.search.embedder import Embedder
    from assistant.search.index import build_index, load_fresh_index

    settings = Settings()
    if if_needed:
        try:
            loaded = load_fresh_index(settings)
        except IndexProblem as problem:
            typer.echo(f"Rebuilding: {problem}.")
        else:
            typer.echo(f"Index {loaded.build_id} is up to date.")
            return
    started = time.perf_counter()
    try:
        path = build_index(settings, Embedder(settings.model_path), check_pins, multilingual_for(settings))
    except (IndexProblem, PinDrift) as problem:
        _fail(str(problem))
    manifest = json.loads((path / "manifest.json").read_text())
    multilingual = manifest["multilingual_model"]
    typer.echo(
        f"Built {path}: {manifest['chunk_count']} clauses, {manifest['unit_count']} vectors"
        + (f" (and the multilingual units for {multilingual})" if multilingual else "")
        + f" in {time.perf_counter() - started:.1f} s."
    )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in your own words.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole reply as JSON.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Compute dates against this day (YYYY-MM-DD).")
    ] = None,
    retriever: Annotated[str, typer.Option(help=f"One of {', '.join(RETRIEVERS)}.")] = "hybrid",
    language: Annotated[
        str | None, typer.Option(help="Answer in this language (es, pt-BR…); default: the question's.")
    ] = None,
) -> None:
    """Answer one question from the terms, with the clauses it quotes."""
    from pydantic import ValidationError

    from assistant.models import Message

    day = _parse_date(as_of) or date.today()
    _check_mode(retriever)
    try:
        message = Message(role="user", content=question)
    except ValidationError as error:
        _fail(f"the question {problem_text(error.errors()[0])}")
    reply = _engine(retriever).chat.reply([message], day, language)
    if as_json:
        typer.echo(reply.model_dump_json(indent=2))
        return
    typer.echo(reply.answer)
    if reply.citations:
        typer.echo("")
    _print_sources(reply.citations)


@app.command()
def read(
    messages: Annotated[
        list[str], typer.Argument(help="The user's turns, oldest first.", show_default=False)
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Read dates against this day (YYYY-MM-DD).")
    ] = None,
    language: Annotated[str | None, typer.Option(help="The language the client asks for.")] = None,
) -> None:
    """How a conversation is read, without searching: its language, each turn as the rules read it
    (glossed into English), the rule it asks for and the facts it gives. For writing lexicons."""
    from assistant.conversation.glossing import gloss
    from assistant.conversation.language import choose
    from assistant.conversation.slots import understand
    from assistant.models import Message

    day = _parse_date(as_of) or date.today()
    chosen = choose(messages, language)
    typer.echo(
        f"language: detected {chosen.detected or 'none'}, read as {chosen.reads}, answered in {chosen.speaks}"
    )
    for message in messages:
        typer.echo(f"gloss: {gloss(message, chosen.reads, day)}")
    understood = understand([Message(role="user", content=m) for m in messages], day, chosen.reads)
    given = vars(understood.slots).items()
    facts = {name: value for name, value in given if not (value is None or value is False or value == {})}
    typer.echo(f"rule: {understood.intent or 'none (a lookup)'}")
    for name, value in facts.items():
        typer.echo(f"  {name}: {value}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes, each with its own model.")] = 1,
) -> None:
    """Serve the chat, the API and the pages, building the index first if it is missing or stale."""
    from assistant.service.app import create_app
    from assistant.service.middleware.auth import make_token
    from assistant.service.server import limit_malloc_arenas, run, server_config

    limit_malloc_arenas()  # before the engine starts its threads
    # The workers read their settings from the environment, so the options go there too.
    for name, value in (("ASSISTANT_HOST", host), ("ASSISTANT_PORT", port)):
        if value is not None:
            os.environ[name] = str(value)
    settings = Settings()
    host, port = settings.host, settings.port
    # Open (and if need be build) the index here, before uvicorn: a problem is then one line
    # on stderr rather than a lifespan traceback, and several workers never race to build it.
    engine = _engine()
    _store(settings).close()  # the database likewise: created or migrated once, or one line
    if workers > 1 and not settings.agent_token:
        # Every worker must take the same token: made here once, handed to them all.
        os.environ["ASSISTANT_AGENT_TOKEN"] = make_token(None)[0]
        print(
            f"Agent console: http://{host}:{port}/agent?token={os.environ['ASSISTANT_AGENT_TOKEN']}",
            flush=True,
        )
    if workers == 1:
        run(server_config(settings, create_app(settings, engine=engine)))
    else:
        run(server_config(settings, "assistant.service.app:app_from_environment", workers))


@app.command(name="eval")
def evaluate(
    retriever: Annotated[str, typer.Option(help=f"One of {', '.join(RETRIEVERS)}.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    variants: Annotated[
        bool, typer.Option("--variants", help="Measure every retrieval variant side by side.")
    ] = False,
    calibrate: Annotated[
        bool, typer.Option("--calibrate", help="Show how the decline rule is set on dev.")
    ] = False,
    golden_dir: Annotated[
        Path, typer.Option("--golden", help="The directory of the question set.", file_okay=False)
    ] = Path("tests/golden"),
) -> None:
    """Run the golden question set: recall@1/3/5, MRR@5, decline and false-decline rates, per split,
    and the rule cases' accuracy."""
    from assistant.evaluation import variants as measured
    from assistant.evaluation.golden import load_golden, load_rule_cases
    from assistant.evaluation.runner import evaluate as run
    from assistant.evaluation.runner import evaluate_rules, format_report, format_rule_report

    _check_mode(retriever)
    if not golden_dir.is_dir():
        _fail(f"no question set at {golden_dir}: run from the project's root, or give --golden DIR", USAGE)
    golden = load_golden(golden_dir)
    engine = _engine(retriever)
    if variants:
        corpus = engine.settings.corpus_dir
        rows = [(v, *measured.run_variant(engine.retriever, v, golden, corpus)) for v in measured.VARIANTS]
        typer.echo(measured.format_variants(rows))
        return
    if calibrate:
        typer.echo(measured.format_calibration(measured.calibrate(engine.retriever, golden)))
        if golden.translated:
            in_languages = measured.calibrate_languages(engine.retriever, golden)
            typer.echo(measured.format_language_calibration(in_languages))
        return
    report = run(engine.chat, golden)
    rules = evaluate_rules(engine.chat, load_rule_cases(golden_dir))
    if as_json:
        typer.echo(json.dumps({**report.as_dict(), "rules": rules.as_dict()}, indent=2))
    else:
        typer.echo(format_report(report, f"retriever: {retriever}"))
        typer.echo(format_rule_report(rules))


def _options(args: list[str]) -> dict[str, str]:
    """`--payment-date 2025-03-01 --violated-terms` → field names and values (a bare flag means true)."""
    values: dict[str, str] = {}
    position = 0
    while position < len(args):
        arg = args[position]
        if not arg.startswith("--") or len(arg) == 2:
            _fail(f"unexpected argument {arg!r}: give each fact as --field value", USAGE)
        key, has_value, value = arg[2:].partition("=")
        if not has_value:
            following = args[position + 1] if position + 1 < len(args) else None
            if following is None or following.startswith("--"):
                value = "true"  # a bare flag, e.g. --violated-terms
            else:
                value, position = following, position + 1
        values[key.replace("-", "_")] = value
        position += 1
    return values


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def rule(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The rule to run.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole outcome as JSON.")] = False,
) -> None:
    """Run one rule on the facts given as --field value options, and cite the clauses it applies.

    Rules: refund_eligibility, registration_expiry, specialization_deadline, liability_cap, claim_deadline,
    minimum_age (GET /api/rules lists their fields). Dates are YYYY-MM-DD; --as-of defaults to today.

    assistant rule refund_eligibility --product coursera_plus --payment-date 2025-03-01 --as-of 2025-03-10
    """
    from pydantic import ValidationError

    from assistant.rules import RULES
    from assistant.terms.chunks import chunk_documents
    from assistant.terms.page import load_documents

    chosen = RULES.get(name)
    if chosen is None:
        _fail(f"no rule is named {name!r}; the rules are {', '.join(RULES)}", USAGE)
    values = _options(ctx.args)
    fields = chosen.inputs.model_fields
    unknown = [key for key in values if key not in fields]
    if unknown:
        known = ", ".join("--" + field.replace("_", "-") for field in fields)
        _fail(f"{name} has no field --{unknown[0].replace('_', '-')}; its fields are {known}", USAGE)
    try:
        inputs = chosen.validate(values)
    except ValidationError as error:
        problems = [
            f"--{'.'.join(map(str, p['loc'])).replace('_', '-')}: " + problem_text(p)
            for p in error.errors(include_url=False)
        ]
        _fail("; ".join(problems), USAGE)
    # The clauses straight from the corpus (milliseconds), not from the index: a rule needs no
    # model, and loading torch would make a one-line answer take seconds.
    clauses = {chunk.id: chunk for chunk in chunk_documents(load_documents(Settings().corpus_dir))}
    try:
        outcome = chosen.run(inputs, clauses)
    except PinDrift as drift:
        _fail(str(drift))
    if as_json:
        typer.echo(outcome.model_dump_json(indent=2))
        return
    typer.echo(chosen.headline(inputs, outcome))
    typer.echo(outcome.explanation)
    typer.echo("")
    _print_sources(outcome.citations)


report = typer.Typer(
    help="Reports for the support team, from what the assistant has recorded.", no_args_is_help=True
)
app.add_typer(report, name="report")


def _embedder(settings: Settings) -> Embedder:
    from assistant.search.embedder import Embedder

    return Embedder(settings.model_path)


def format_gaps(found: GapReport) -> str:
    """The gap report as text: each topic with its counts and the questions as asked."""
    since = found.since.date().isoformat()
    if not found.gaps:
        return f"No question was declined or rated down since {since}."
    topics = "topic" if len(found.gaps) == 1 else "topics"
    lines = [
        f"Content gaps since {since}: {found.questions} questions declined or rated down, "
        f"in {len(found.gaps)} {topics}."
    ]
    for number, gap in enumerate(found.gaps, start=1):
        asked = "question" if gap.questions == 1 else "questions"
        lines += [
            "",
            f"{number}. {gap.questions} {asked} ({gap.declined} declined, {gap.rated_down} rated down), "
            f"last on {gap.last_asked.date().isoformat()}",
        ]
        lines += [
            f"   “{example.question}”" + (f" ×{example.count}" if example.count > 1 else "")
            for example in gap.examples
        ]
    return "\n".join(lines)


@report.command()
def gaps(
    days: Annotated[int, typer.Option(min=1, max=366, help="How many days back to look.")] = 30,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many topics.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Group the questions the terms left unanswered, declined or rated down, by topic.

    Each topic comes with its counts and the questions as learners put them, the biggest topic
    first: what the terms leave learners asking."""
    from assistant.support.gaps import gap_report

    settings = Settings()
    store = _store(settings)
    try:
        # The model loads only when there is something to group.
        found = gap_report(store, lambda texts: _embedder(settings).encode(texts), days, limit)
    finally:
        store.close()
    typer.echo(found.model_dump_json(indent=2) if as_json else format_gaps(found))


def _since(value: str) -> date:
    """`30d` (the last 30 days, today among them) or a day written YYYY-MM-DD."""
    value = value.strip()
    days = re.fullmatch(r"(\d{1,4})d", value)
    if days and int(days[1]) >= 1:
        return datetime.now(UTC).date() - timedelta(days=int(days[1]) - 1)
    day = _parse_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    if day is None:
        raise typer.BadParameter(f"{value!r} is not a number of days (30d) or a day (YYYY-MM-DD)")
    return day


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "     –"


def format_insights(found: Insights) -> str:
    """The totals with their shares, then the top lists: clauses, rules, languages, hours."""
    totals = found.totals
    days = (found.until - found.since).days + 1
    lines = [f"Insights from {found.since} to {found.until} ({days} days, UTC)", ""]
    rated = totals.thumbs_up + totals.thumbs_down
    rows = [
        ("Questions", totals.questions, ""),
        ("Answered from a clause", totals.answered, _share(totals.answered, totals.questions)),
        ("Answered by a rule", totals.rule, _share(totals.rule, totals.questions)),
        ("Declined", totals.declined, _share(totals.declined, totals.questions)),
        ("Asked for a fact", totals.follow_up, _share(totals.follow_up, totals.questions)),
        ("Asked for a person", totals.asked_for_person, _share(totals.asked_for_person, totals.questions)),
        ("Handed off (tickets)", totals.handoffs, _share(totals.handoffs, totals.questions)),
        ("Thumbs up", totals.thumbs_up, _share(totals.thumbs_up, rated) + " of ratings"),
        ("Thumbs down", totals.thumbs_down, _share(totals.thumbs_down, rated) + " of ratings"),
    ]
    lines += [f"{label:<23}{number:>9,}  {share}".rstrip() for label, number, share in rows]

    def top(title: str, entries: list[tuple[str, int]]) -> None:
        lines.extend(["", title])
        lines.extend(f"  {number:>7,}  {name}" for name, number in entries)
        if not entries:
            lines.append("  none")

    top("Top cited clauses", [(f"{c.title} ({c.id})", c.count) for c in found.top_clauses])
    top("Rules used", list(found.rules.items()))
    top("Languages", list(found.languages.items()))
    busiest = sorted((h for h in found.hours if h.questions), key=lambda h: -h.questions)[:3]
    top("Busiest hours (UTC)", [(f"{h.hour:02d}:00–{h.hour:02d}:59", h.questions) for h in busiest])
    return "\n".join(lines)


@report.command()
def insights(
    since: Annotated[
        str, typer.Option(help="The first day: 30d (the last 30 days) or a day written YYYY-MM-DD.")
    ] = "30d",
    until: Annotated[str | None, typer.Option(help="The last day, YYYY-MM-DD (default: today, UTC).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """What came in over a range of days and what became of it: the totals with their shares, then
    the clauses cited most, the rules used, the languages asked in and the busiest hours.

    The content gaps of the same days: assistant report gaps."""
    from assistant.support.insights import BadRange, count, day_range
    from assistant.terms.chunks import chunk_documents
    from assistant.terms.page import load_documents

    settings = Settings()
    try:
        first, last = day_range(_since(since), _parse_date(until))
    except BadRange as problem:
        _fail(f"--{problem.field}: {problem.message}", USAGE)
    # The clauses' titles straight from the corpus (milliseconds): no model to load.
    titles = {chunk.id: chunk.title for chunk in chunk_documents(load_documents(settings.corpus_dir))}
    store = _store(settings)
    try:
        found = count(store, first, last, titles)
    finally:
        store.close()
    typer.echo(found.model_dump_json(indent=2, exclude={"gaps"}) if as_json else format_insights(found))


if __name__ == "__main__":
    sys.exit(app())
