from assistant.search.bm25 import TITLE_WEIGHT, Lexical, chunk_tokens, tokenize
from assistant.settings import ROOT
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import load_documents

CHUNKS = chunk_documents(load_documents(ROOT / "corpus"))


def test_tokens_are_stemmed_without_stop_words():
    assert tokenize("Refunds for the payments") == ["refund", "payment"]


def test_the_heading_counts_more_than_the_body():
    chunk = next(c for c in CHUNKS if c.id == "refund-policy/for-coursera-plus")
    title = tokenize("refund policy for coursera plus")
    assert chunk_tokens(chunk)[: len(title) * TITLE_WEIGHT] == title * TITLE_WEIGHT


def test_the_bridge_adds_the_terms_words_for_a_learners():
    lexical = Lexical.build(CHUNKS)
    bridged = Lexical(
        lexical.model, lexical.size, {"decompile": ["reverse", "engineer"], "money back": ["refund"]}
    )
    plain = tokenize("can I decompile it")
    assert bridged.query_tokens("can I decompile it") == plain + tokenize("reverse engineer")
    assert bridged.query_tokens("can I decompile it", bridge=False) == plain
    assert "refund" in bridged.query_tokens("I want my money back")
    assert "refund" not in bridged.query_tokens("I want my moneyback")  # phrases match on word boundaries


def test_the_bridge_lets_bm25_find_a_clause_in_other_words():
    plain = Lexical.build(CHUNKS)
    bridged = Lexical(plain.model, plain.size, {"decompile": ["reverse", "engineer"]})
    position = next(
        i for i, c in enumerate(CHUNKS) if c.id == "acceptable-use-policy/you-also-arent-allowed-to"
    )
    assert plain.scores(plain.query_tokens("decompile the app")).argmax() != position
    assert bridged.scores(bridged.query_tokens("decompile the app")).argmax() == position


def test_unknown_words_score_nothing():
    lexical = Lexical.build(CHUNKS)
    assert lexical.scores(["zzzz"]).sum() == 0 and lexical.scores([]).sum() == 0
