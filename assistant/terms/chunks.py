"""Turn the section tree into retrievable chunks with stable ids and sentence spans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from assistant.terms.page import Block, Section
from assistant.terms.sentences import sentence_spans

# MiniLM reads at most 256 word pieces (about 1,000 characters); longer sections are split
# on paragraph boundaries into parts no longer than this, so each part is embedded whole.
MAX_PART_CHARS = 1000


@dataclass(frozen=True)
class Chunk:
    """A clause: one section, or one part of a long section, with its sentences located in `text`."""

    id: str
    title: str
    path: tuple[str, ...]
    blocks: tuple[Block, ...]
    spans: tuple[tuple[int, int], ...]

    @cached_property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    def same_paragraph(self, first: int, last: int) -> bool:
        """Whether no paragraph break lies between sentence `first`'s end and sentence `last`'s start."""
        return "\n\n" not in self.text[self.spans[first][1] : self.spans[last][0]]

    @property
    def url(self) -> str:
        return f"/terms#{self.id}"

    def quote_url(self, start: int, end: int) -> str:
        """The terms viewer at this clause, with text[start:end] marked: the quote a citation shows."""
        return f"/terms?quote={start}-{end}#{self.id}"

    @property
    def sentences(self) -> list[str]:
        text = self.text
        return [text[start:end] for start, end in self.spans]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "path": list(self.path),
            "blocks": [{"kind": b.kind, "text": b.text} for b in self.blocks],
            "spans": [list(span) for span in self.spans],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(
            id=data["id"],
            title=data["title"],
            path=tuple(data["path"]),
            blocks=tuple(Block(b["kind"], b["text"]) for b in data["blocks"]),
            spans=tuple((int(s), int(e)) for s, e in data["spans"]),
        )


def display_title(path: Iterable[str]) -> str:
    """`("Refund Policy", "For Coursera Plus")` → `Refund Policy › For Coursera Plus`."""
    return " › ".join(part.rstrip(":") for part in path)


def _parts(blocks: list[Block]) -> list[list[Block]]:
    """Pack consecutive blocks into parts of at most MAX_PART_CHARS (a longer block stands alone)."""
    parts: list[list[Block]] = []
    size = 0
    for block in blocks:
        if parts and size + len(block.text) <= MAX_PART_CHARS:
            parts[-1].append(block)
            size += len(block.text) + 2
        else:
            parts.append([block])
            size = len(block.text)
    return parts


def make_chunk(chunk_id: str, path: tuple[str, ...], blocks: list[Block], part: int = 1) -> Chunk:
    """A chunk from consecutive blocks, with its sentences located block by block."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for block in blocks:
        spans.extend((offset + s, offset + e) for s, e in sentence_spans(block.text))
        offset += len(block.text) + 2
    title = display_title(path) + (f" (part {part})" if part > 1 else "")
    return Chunk(id=chunk_id, title=title, path=path, blocks=tuple(blocks), spans=tuple(spans))


def chunk_documents(documents: list[Section]) -> list[Chunk]:
    """Every section with text becomes one chunk, or `id`, `id#2`, `id#3`… when it is long."""
    chunks: list[Chunk] = []
    for document in documents:
        for section in document.walk():
            if not section.blocks:
                continue
            base = "/".join(section.slug_path)
            for number, blocks in enumerate(_parts(section.blocks), start=1):
                chunk_id = base if number == 1 else f"{base}#{number}"
                chunks.append(make_chunk(chunk_id, section.path, blocks, number))
    ids = [chunk.id for chunk in chunks]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"two sections share the id(s) {sorted(duplicates)}")
    return chunks
