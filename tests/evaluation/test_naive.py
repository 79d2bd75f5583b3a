"""The naive baseline: fixed windows cut when it is evaluated, answering through the chat's interface."""

from assistant.conversation.chat import Chat
from assistant.evaluation.naive import OVERLAP, WINDOW, NaiveRetriever, windows_over
from assistant.models import Message
from assistant.settings import ROOT
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import cleaned_text, load_documents


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
    naive = NaiveRetriever.over(engine.index, engine.embedder, ROOT / "corpus")
    results = naive.search("coursera plus refund 14 days")
    assert [h.chunk.id for h in results.hits][:3].count("refund-policy/for-coursera-plus") == 1
    assert len({h.chunk.id for h in results.hits}) == 5
    reply = Chat(naive).reply([Message(role="user", content="can i get a refund for coursera plus?")])
    assert reply.citations and reply.citations[0].quote in reply.answer


def test_the_baseline_is_no_part_of_the_serving_index(engine):
    assert not list(engine.index.path.glob("naive*"))
    assert "window_count" not in engine.index.manifest
