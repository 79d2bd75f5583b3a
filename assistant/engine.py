"""The assembled assistant: model, index, retriever and chat, opened once and shared by app and CLI."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.conversation.chat import Chat
from assistant.models import Message
from assistant.rules import check_pins
from assistant.search.embedder import Embedder
from assistant.search.index import Index, IndexStale, load_fresh_index, open_index
from assistant.search.multilingual import Multilingual, encoders_for
from assistant.search.retrieval import Config, Mode, Retriever
from assistant.settings import Settings


@dataclass
class Engine:
    settings: Settings
    embedder: Embedder
    multilingual: Multilingual | None
    index: Index
    retriever: Retriever
    chat: Chat

    @classmethod
    def open(
        cls,
        settings: Settings,
        mode: Mode = "hybrid",
        embedder: Embedder | None = None,
        multilingual: Multilingual | None = None,
    ) -> Engine:
        """Load (building if needed) the index and wire the pipeline on top of it."""
        embedder = embedder or Embedder(settings.model_path)
        multilingual = multilingual or multilingual_for(settings)
        # The drift guard runs on the clauses before a build embeds them, naming the rule that drifted.
        index = open_index(settings, embedder, check_pins, multilingual)
        return cls._wired(settings, embedder, multilingual, index, mode)

    def reopened(self) -> Engine:
        """An engine on the current index build, sharing this one's model: for a hot swap.

        It only loads: a missing, stale or corrupt build raises IndexProblem (and a drifted pin
        PinDrift), so the caller keeps serving with the engine it has.
        """
        try:
            index = load_fresh_index(self.settings)
        except IndexStale as stale:
            raise IndexStale(f"the new index is stale: {stale}") from None
        return self._wired(
            self.settings, self.embedder, self.multilingual, index, self.retriever.mode, self.retriever.config
        )

    @classmethod
    def _wired(
        cls,
        settings: Settings,
        embedder: Embedder,
        multilingual: Multilingual | None,
        index: Index,
        mode: Mode,
        config: Config | None = None,
    ) -> Engine:
        """The retriever and chat wired on a loaded index."""
        # The drift guard: a rule must never quote a clause that is no longer there.
        check_pins(index.chunks)
        retriever = Retriever(index, embedder, mode, config, multilingual)
        return cls(settings, embedder, multilingual, index, retriever, Chat(retriever))

    def with_retriever(self, retriever: Retriever) -> Engine:
        """The same engine answering through another retriever (the evaluation's baseline)."""
        return replace(self, retriever=retriever, chat=Chat(retriever))

    def warm_up(self) -> None:
        """Load the models and everything read lazily (the language detector, the catalogues, the
        lexicons, dateparser's languages) by answering a question in English, Spanish and Hindi
        (every multilingual encoder), so the first learners do not wait for them: the detector
        alone takes seconds to load."""
        for question in ("Can I get a refund?", "¿Puedo pedir un reembolso?", "क्या मुझे रिफंड मिल सकता है?"):
            self.chat.reply([Message(role="user", content=question)])


def multilingual_for(settings: Settings) -> Multilingual | None:
    """The multilingual encoders the settings name, or None when they are off."""
    encoders = encoders_for(settings.multilingual_name)
    return Multilingual(encoders) if encoders else None
