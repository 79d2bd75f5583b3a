import json

import numpy as np

from assistant.chunks import chunk_documents
from assistant.corpus import cleaned_text, load_documents
from assistant.naive import OVERLAP, WINDOW, Windows, windows_over
from assistant.retrieval import Retriever
from assistant.settings import ROOT


def test_windows_are_fixed_size_with_overlap_and_credit_the_clauses_they_cover():
    documents = load_documents(ROOT / "corpus")
    chunks = chunk_documents(documents)
    text = cleaned_text(documents)
    windows = windows_over(text, chunks)
    assert all(len(t) <= WINDOW for t in windows.texts)
    assert windows.texts[0] == text[:WINDOW]
    assert windows.texts[1] == text[WINDOW - OVERLAP : 2 * WINDOW - OVERLAP]
    assert windows.texts[-1].endswith(text[-50:])
    credited = {cid for ids in windows.chunk_ids for cid in ids}
    assert credited == {c.id for c in chunks}
    for window, ids in zip(windows.texts, windows.chunk_ids, strict=True):
        first = next(c for c in chunks if c.id == ids[0])
        # The clause credited first shares text with the window (a 40-character run at least).
        assert any(window[i : i + 40] in first.text for i in range(0, max(len(window) - 40, 1), 10))


def test_the_naive_baseline_answers_through_the_same_interface(engine):
    results = Retriever(engine.index, engine.embedder, "naive").search("coursera plus refund 14 days")
    assert [h.chunk.id for h in results.hits][:3].count("refund-policy/for-coursera-plus") == 1
    assert len({h.chunk.id for h in results.hits}) == 5


def test_the_index_keeps_each_windows_clauses_and_vector_but_not_its_text(tmp_path):
    windows = Windows([["a"], ["a", "b"]], ["the first window", "the second"])
    windows.add(np.eye(2, dtype=np.float32))
    windows.save(tmp_path)
    assert json.loads((tmp_path / "naive.json").read_text()) == {"chunk_ids": [["a"], ["a", "b"]]}
    loaded = Windows.load(tmp_path)
    assert loaded.chunk_ids == [["a"], ["a", "b"]] and loaded.texts == []
    assert loaded.dense is not None and loaded.dense.ntotal == 2
