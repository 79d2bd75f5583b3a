import json

import pytest

from assistant.search.bm25 import tokenize
from assistant.settings import ROOT
from assistant.terms.chunks import chunk_documents
from assistant.terms.curated import load_curated, save_curated
from assistant.terms.page import load_documents

CHUNKS = chunk_documents(load_documents(ROOT / "corpus"))


def test_the_reviewed_aids_cover_every_clause():
    aids = load_curated(ROOT / "corpus", {c.id for c in CHUNKS})
    assert {c.id for c in CHUNKS} == set(aids.questions)
    assert all(len(questions) >= 8 for questions in aids.questions.values())
    assert len(aids.out_of_scope) >= 80
    assert len(aids.vocabulary) >= 80


def test_the_bridge_only_points_at_words_the_terms_use():
    aids = load_curated(ROOT / "corpus")
    terms_words = {word for chunk in CHUNKS for word in tokenize(chunk.title + " " + chunk.text)}
    for phrase, words in aids.vocabulary.items():
        assert set(tokenize(" ".join(words))) <= terms_words, phrase


def test_questions_for_a_clause_that_does_not_exist_are_refused(tmp_path):
    (tmp_path / "questions.json").write_text(json.dumps({"refund-policy/gone": ["where did it go?"]}))
    with pytest.raises(ValueError, match="refund-policy/gone"):
        load_curated(tmp_path, {"refund-policy"})


def test_missing_files_mean_no_aids_and_notes_are_skipped(tmp_path):
    (tmp_path / "vocabulary.json").write_text(json.dumps({"_about": "note", "Money Back": ["refund"]}))
    aids = load_curated(tmp_path)
    assert aids.questions == {} and aids.out_of_scope == []
    assert aids.vocabulary == {"money back": ["refund"]}


def test_aids_round_trip_through_an_index_directory(tmp_path):
    aids = load_curated(ROOT / "corpus")
    save_curated(aids, tmp_path)
    assert load_curated(tmp_path) == aids
