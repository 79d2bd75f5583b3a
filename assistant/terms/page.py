"""Clean the scraped terms page and parse it into a tree of sections.

The page is Markdown scraped from coursera.org: navigation and base64 logos before the
first document heading, a link-heavy footer after the last one, hard-wrapped lines, mojibake,
and every letter lower-cased. What comes out is only the terms: documents › sections ›
subsections, each holding paragraphs and list items as clean text in the page's own capitals.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import ftfy
from slugify import slugify

from assistant.terms.casing import sentence_case, title_case

# Headings whose section, and everything after it, is page furniture rather than terms.
FOOTER_HEADINGS = {"coursera footer"}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_BULLET = re.compile(r"^\s*[*+-]\s+(.*)$")
_RULE = re.compile(r"^\s*(\* *){3,}$|^\s*-{3,}\s*$")
_IMAGE_LINK = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")


@dataclass(frozen=True)
class Block:
    """One paragraph (`p`) or list item (`li`) of clean text."""

    kind: Literal["p", "li"]
    text: str


@dataclass
class Section:
    """A heading and what stands under it, before the next heading of the same or higher level."""

    title: str
    level: int  # 1 = document, 2 = section, 3 = subsection
    path: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def slug_path(self) -> tuple[str, ...]:
        return tuple(slug(part) for part in self.path)

    def walk(self):
        """This section, then every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def slug(text: str) -> str:
    """A stable, URL-safe id part: `for coursera plus` → `for-coursera-plus`."""
    return slugify(text, replacements=[["'", ""], ["’", ""]])


def fix_mojibake(text: str) -> str:
    """Repair mis-decoded UTF-8 (`youâre` → `you’re`).

    ftfy fixes what can be recovered. This scrape also dropped the C1 continuation bytes
    of curly quotes (U+2019 became `â` alone), which no decoder can undo, so the lone `â`
    left behind is put back by context: inside a word it was an apostrophe, before a word
    an opening quote, after one a closing quote.
    """
    text = ftfy.fix_text(text, normalization="NFC")
    text = re.sub(r"(?<=\w)â(?=\w)", "\u2019", text)
    text = re.sub(r"â(?=\w)", "\u201c", text)
    return re.sub(r"(?<=[\w.,)])â", "\u201d", text)


def clean_inline(text: str) -> str:
    """Markdown inline markup → plain text: links keep their words, emphasis loses its marks."""
    text = _IMAGE_LINK.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def _join_wrapped(lines: list[str]) -> str:
    """Undo hard wrapping; a line broken after a hyphen (`world-`/`class`) is rejoined without a space."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if not out:
            out = line
        elif re.search(r"[a-z]-$", out) and line[:1].isalpha():
            out += line
        else:
            out += " " + line
    return out


def parse_terms(raw: str) -> list[Section]:
    """Parse one scraped page into its documents (level-1 sections), dropping the page furniture."""
    lines = fix_mojibake(raw).splitlines()
    documents: list[Section] = []
    stack: list[Section] = []
    pending: list[str] = []
    pending_kind: Literal["p", "li"] = "p"

    def flush() -> None:
        nonlocal pending
        if pending and stack:
            text = clean_inline(_join_wrapped(pending))
            if text:
                stack[-1].blocks.append(Block(pending_kind, sentence_case(text)))
        pending = []

    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            flush()
            title = clean_inline(heading.group(2))
            if title.lower() in FOOTER_HEADINGS:
                break
            title = title_case(title)
            level = min(len(heading.group(1)), 3)
            if level > 1 and not stack:
                continue  # a heading in the navigation, before the first document
            while stack and stack[-1].level >= level:
                stack.pop()
            path = (*stack[-1].path, title) if stack else (title,)
            section = Section(title=title, level=level, path=path)
            (stack[-1].children if stack else documents).append(section)
            stack.append(section)
        elif not stack:
            continue  # navigation and logos before the first document heading
        elif not line.strip() or _RULE.match(line):
            flush()
        elif bullet := _BULLET.match(line):
            flush()
            pending, pending_kind = [bullet.group(1)], "li"
        else:
            if not pending:
                pending_kind = "p"
            pending.append(line)
    flush()
    return documents


def cleaned_text(documents: list[Section]) -> str:
    """The whole cleaned terms as one text: every heading and block, in order. Quotes come from here."""
    parts: list[str] = []
    for document in documents:
        for section in document.walk():
            parts.append(section.title)
            parts.extend(block.text for block in section.blocks)
    return "\n\n".join(parts)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The scraped pages the terms are read from, in a stable order."""
    return sorted(corpus_dir.glob("*.txt"))


def load_documents(corpus_dir: Path) -> list[Section]:
    """Every document of every page in the corpus directory."""
    files = corpus_files(corpus_dir)
    if not files:
        raise FileNotFoundError(f"no *.txt terms pages in {corpus_dir}")
    documents: list[Section] = []
    for path in files:
        documents.extend(parse_terms(path.read_text(encoding="utf-8")))
    return documents


def corpus_sha256(corpus_dir: Path) -> str:
    """One digest over every input file of the index, so any edit marks the index stale."""
    digest = hashlib.sha256()
    for path in sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix in {".txt", ".json"}):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
