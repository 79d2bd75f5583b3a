"""The `assistant` command: build the index, ask questions, serve the app, run the evaluation."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import date
from typing import Annotated, NoReturn

import typer

from assistant.engine import Engine
from assistant.index import IndexProblem
from assistant.retrieval import MODES
from assistant.settings import Settings

app = typer.Typer(
    help="Answers questions from Coursera's terms of use, quoting the clauses it rests on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a real date written YYYY-MM-DD") from None


def _engine(mode: str = "hybrid") -> Engine:

    try:
        return Engine.open(Settings(), mode)  # type: ignore[arg-type]
    except IndexProblem as problem:
        _fail(str(problem))


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def index(
    if_needed: Annotated[bool, typer.Option("--if-needed", help="Only build when missing, stale or corrupt.")] = False,
) -> None:
    """Build the index from corpus/ into index/ (chunks, FAISS, BM25, manifest)."""
    from assistant.embedder import Embedder
    from assistant.index import build_index, load_index, stale_reason

    settings = Settings()
    if if_needed:
        try:
            loaded = load_index(settings.index_dir)
            reason = stale_reason(loaded, settings)
        except IndexProblem as problem:
            reason = str(problem)
        if reason is None:
            typer.echo(f"Index {loaded.build_id} is up to date.")
            return
        typer.echo(f"Rebuilding: {reason}.")
    started = time.perf_counter()
    path = build_index(settings, Embedder(settings.model_path))
    manifest = json.loads((path / "manifest.json").read_text())
    typer.echo(
        f"Built {path}: {manifest['chunk_count']} clauses, {manifest['unit_count']} vectors "
        f"in {time.perf_counter() - started:.1f} s."
    )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in your own words.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole reply as JSON.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Compute dates against this day (YYYY-MM-DD).")] = None,
    retriever: Annotated[str, typer.Option(help=f"One of {', '.join(MODES)}.")] = "hybrid",
) -> None:
    """Answer one question from the terms, with the clauses it quotes."""
    from pydantic import ValidationError

    from assistant.schemas import Message

    day = _parse_date(as_of) or date.today()
    if retriever not in MODES:
        raise typer.BadParameter(f"--retriever must be one of {', '.join(MODES)}")
    try:
        message = Message(role="user", content=question)
    except ValidationError as error:
        _fail(f"the question {error.errors()[0]['msg'].removeprefix('Value error, ')}")
    reply = _engine(retriever).chat.reply([message], day)
    if as_json:
        typer.echo(reply.model_dump_json(indent=2))
        return
    typer.echo(reply.answer)
    if reply.citations:
        typer.echo("")
    for cited in reply.citations:
        typer.echo(f"[{cited.n}] {cited.title}\n    {cited.url}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes, each with its own model.")] = 1,
) -> None:
    """Serve the chat, the API and the pages, building the index first if it is missing or stale."""
    import uvicorn

    from assistant.app import create_app

    settings = Settings()
    # Open (and if need be build) the index here, before uvicorn: a problem is then one line
    # on stderr rather than a lifespan traceback, and several workers never race to build it.
    engine = _engine()
    bind = {"host": host or settings.host, "port": port or settings.port, "log_level": "info"}
    if workers == 1:
        uvicorn.run(create_app(settings, engine=engine), **bind)
    else:
        uvicorn.run("assistant.app:app_from_environment", factory=True, workers=workers, **bind)


@app.command(name="eval")
def evaluate(
    retriever: Annotated[str, typer.Option(help=f"One of {', '.join(MODES)}.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Run the golden question set: recall@1/3/5, MRR@5, decline and false-decline rates."""
    from assistant.evaluation import evaluate as run, format_report, load_golden

    if retriever not in MODES:
        raise typer.BadParameter(f"--retriever must be one of {', '.join(MODES)}")
    report = run(_engine(retriever).chat, load_golden())
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        typer.echo(format_report(report, f"retriever: {retriever}"))


if __name__ == "__main__":
    sys.exit(app())
