"""The curated data kept beside the terms in `corpus/`, reviewed by people, read by retrieval.

- `questions.json`: for each clause, questions it answers in learners' words (doc2query),
  embedded as extra vectors that point to the clause.
- `sentence_questions.json`: for each clause, questions keyed by the opening words of the
  sentence that answers them, so a question points to its sentence as well as its clause.
- `out_of_scope.json`: questions the terms do not answer (help-center topics, chit-chat),
  embedded as negative examples: a question nearer to these than to any clause is declined.
- `vocabulary.json`: learners' words → the terms' words, added to the keyword (BM25) query.
- `languages/<code>.json`: the same in another language: questions native speakers wrote, keyed
  by the opening words of the English sentence that answers them, and questions the terms don't
  answer. Only the multilingual encoders embed them.

Each file is optional; keys starting with `_` are notes for reviewers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

QUESTIONS = "questions.json"
SENTENCE_QUESTIONS = "sentence_questions.json"
OUT_OF_SCOPE = "out_of_scope.json"
VOCABULARY = "vocabulary.json"
LANGUAGES = "languages"


@dataclass(frozen=True)
class InLanguage:
    """The curated questions of one language other than English."""

    sentence_questions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    out_of_scope: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Curated:
    questions: dict[str, list[str]] = field(default_factory=dict)
    # clause id → the opening words of one of its sentences → questions that sentence answers
    sentence_questions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    out_of_scope: list[str] = field(default_factory=list)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)
    # language code → its questions
    languages: dict[str, InLanguage] = field(default_factory=dict)

    def all_questions(self) -> dict[str, list[str]]:
        """Every question a clause answers, its own and its sentences', by clause id."""
        found: dict[str, list[str]] = {key: list(value) for key, value in self.questions.items()}
        for key, by_sentence in self.sentence_questions.items():
            found.setdefault(key, []).extend(q for questions in by_sentence.values() for q in questions)
        return found


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
    by_sentence = _read(directory, SENTENCE_QUESTIONS)
    for name, keyed in ((QUESTIONS, questions), (SENTENCE_QUESTIONS, by_sentence)):
        if chunk_ids is not None and (unknown := sorted(set(keyed) - chunk_ids)):
            raise ValueError(f"{directory / name} names clauses that do not exist: {', '.join(unknown)}")
    vocabulary = {
        key.lower(): [str(word) for word in words] for key, words in _read(directory, VOCABULARY).items()
    }
    languages = {}
    for path in sorted((directory / LANGUAGES).glob("*.json")):
        data = _read(path.parent, path.name)
        keyed = _by_sentence(data.get("sentence_questions", {}))
        if chunk_ids is not None and (unknown := sorted(set(keyed) - chunk_ids)):
            raise ValueError(f"{path} names clauses that do not exist: {', '.join(unknown)}")
        languages[path.stem] = InLanguage(keyed, [str(q) for q in data.get("out_of_scope", [])])
    return Curated(
        questions={key: [str(q) for q in value] for key, value in questions.items()},
        sentence_questions=_by_sentence(by_sentence),
        out_of_scope=[str(q) for q in _read(directory, OUT_OF_SCOPE).get("questions", [])],
        vocabulary=vocabulary,
        languages=languages,
    )


def _by_sentence(data: dict) -> dict[str, dict[str, list[str]]]:
    return {
        key: {str(opening): [str(q) for q in asked] for opening, asked in value.items()}
        for key, value in data.items()
    }


def save_curated(curated: Curated, directory: Path) -> None:
    """Write the curated data an index was built with into that index, so a query reads the same ones."""
    (directory / QUESTIONS).write_text(json.dumps(curated.questions, ensure_ascii=False))
    (directory / SENTENCE_QUESTIONS).write_text(json.dumps(curated.sentence_questions, ensure_ascii=False))
    (directory / OUT_OF_SCOPE).write_text(json.dumps({"questions": curated.out_of_scope}, ensure_ascii=False))
    (directory / VOCABULARY).write_text(json.dumps(curated.vocabulary, ensure_ascii=False))
    (directory / LANGUAGES).mkdir(exist_ok=True)
    for code, aids in curated.languages.items():
        data = {"sentence_questions": aids.sentence_questions, "out_of_scope": aids.out_of_scope}
        (directory / LANGUAGES / f"{code}.json").write_text(json.dumps(data, ensure_ascii=False))
