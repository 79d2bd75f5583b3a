"""The curated data kept beside the terms in `corpus/`, reviewed by people, read by retrieval.

- `questions.json`: for each clause, questions it answers in learners' words (doc2query),
  embedded as extra vectors that point to the clause.
- `out_of_scope.json`: questions the terms do not answer (help-center topics, chit-chat),
  embedded as negative examples: a question nearer to these than to any clause is declined.
- `vocabulary.json`: learners' words → the terms' words, added to the keyword (BM25) query.

Each file is optional; keys starting with `_` are notes for reviewers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

QUESTIONS = "questions.json"
OUT_OF_SCOPE = "out_of_scope.json"
VOCABULARY = "vocabulary.json"


@dataclass(frozen=True)
class Curated:
    questions: dict[str, list[str]] = field(default_factory=dict)
    out_of_scope: list[str] = field(default_factory=list)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)


def _read(directory: Path, name: str) -> dict:
    path = directory / name
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object")
    return {key: value for key, value in data.items() if not key.startswith("_")}


def load_curated(directory: Path, chunk_ids: set[str] | None = None) -> Curated:
    """Read the curated files in `directory`; with `chunk_ids`, refuse questions for unknown clauses."""
    questions = _read(directory, QUESTIONS)
    if chunk_ids is not None and (unknown := sorted(set(questions) - chunk_ids)):
        raise ValueError(f"{directory / QUESTIONS} names clauses that do not exist: {', '.join(unknown)}")
    vocabulary = {
        key.lower(): [str(word) for word in words] for key, words in _read(directory, VOCABULARY).items()
    }
    return Curated(
        questions={key: [str(q) for q in value] for key, value in questions.items()},
        out_of_scope=[str(q) for q in _read(directory, OUT_OF_SCOPE).get("questions", [])],
        vocabulary=vocabulary,
    )


def save_curated(curated: Curated, directory: Path) -> None:
    """Write the curated data an index was built with into that index, so a query reads the same ones."""
    (directory / QUESTIONS).write_text(json.dumps(curated.questions, ensure_ascii=False))
    (directory / OUT_OF_SCOPE).write_text(json.dumps({"questions": curated.out_of_scope}, ensure_ascii=False))
    (directory / VOCABULARY).write_text(json.dumps(curated.vocabulary, ensure_ascii=False))
