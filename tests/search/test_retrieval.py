"""Retrieval on the real model and the real index."""

import pytest

from assistant.search.retrieval import MODES, RRF_K, Retriever, _rrf


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_finds_the_coursera_plus_refund_clause(engine, mode):
    results = Retriever(engine.index, engine.embedder, mode).search(
        "coursera plus refund within 14 days", k=3
    )
    assert results.hits[0].chunk.id == "refund-policy/for-coursera-plus"
    assert results.relevant


def test_hits_carry_scores_and_their_best_sentences(engine):
    results = engine.retriever.search("can my brother use my login?")
    assert len(results.hits) == 5
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)
    for hit in results.hits:
        assert hit.sentences, hit.chunk.id
        for sentence in hit.best_sentences():
            assert sentence in hit.chunk.text
        cosines = [c for _, c in hit.sentences]
        assert cosines == sorted(cosines, reverse=True)


def test_an_unrelated_question_is_not_relevant(engine):
    results = engine.retriever.search("easy recipe for banana bread")
    assert not results.relevant
    assert len(results.hits) == 5


def test_a_question_of_stop_words_only_still_ranks(engine):
    results = Retriever(engine.index, engine.embedder, "bm25").search("the of and")
    assert len(results.hits) == 5 and not results.relevant


def test_an_unknown_mode_is_refused(engine):
    with pytest.raises(ValueError, match="mode must be one of"):
        Retriever(engine.index, engine.embedder, "magic")  # type: ignore[arg-type]


def test_rrf_rewards_rank_not_raw_score():
    import numpy as np

    contribution = _rrf(np.array([0.1, 0.9, 0.5]))
    assert contribution.tolist() == pytest.approx([1 / (RRF_K + 3), 1 / (RRF_K + 1), 1 / (RRF_K + 2)])
