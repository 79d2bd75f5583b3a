"""The pages: learner chat, the widget and its embed script, the agent console with its insights and
recorded replies, and the terms viewer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import StringConstraints

from assistant.languages.catalogues import N_, gettext, ngettext, speaking, strings_used_in
from assistant.languages.supported import ENGLISH, LANGUAGES, from_accept_language, supported
from assistant.service.dependencies import AgentPage, StoreDep
from assistant.settings import ROOT
from assistant.support.gaps import REPLY_IDS
from assistant.terms.chunks import Chunk, display_title
from assistant.terms.page import slug

WEB = ROOT / "web"
STATIC = WEB / "static"

# Autoescape on for every template, whatever its extension: user text only ever lands as text.
# Their words come from the gettext catalogues, in the language being spoken as they render.
_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(WEB / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    extensions=["jinja2.ext.i18n"],
)
_environment.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
templates = Jinja2Templates(env=_environment)

# The widget's accent colour lands in a CSS custom property, so only a hex colour gets through.
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
DEFAULT_WIDGET_TITLE = N_("Ask about the terms")
# Where the catalogue's messages for the pages' scripts are used (web/static/js/i18n.js).
SCRIPTS = "web/static/js/"

# A reply's id, as the recorder makes them (`models.new_id`).
ReplyId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC), name="static")


@dataclass(frozen=True)
class Heading:
    """A heading of the terms: `level` 1 is a document; `anchor` is set on a heading with no clause."""

    level: int
    text: str
    anchor: str | None = None


@dataclass(frozen=True)
class Entry:
    """One step down the terms page: the headings that open before a clause, then the clause."""

    headings: tuple[Heading, ...]
    chunk: Chunk
    own_heading: Heading | None  # the clause's own heading (its first part only)

    @property
    def groups(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The clause's blocks, each with where it starts in the clause's text (for marking a
        quote), consecutive list items gathered so they print as one list."""
        groups: list[tuple[str, list[tuple[str, int]]]] = []
        offset = 0
        for block in self.chunk.blocks:
            if groups and groups[-1][0] == block.kind:
                groups[-1][1].append((block.text, offset))
            else:
                groups.append((block.kind, [(block.text, offset)]))
            offset += len(block.text) + len("\n\n")  # Chunk.text joins its blocks so
        return groups


def outline(chunks: list[Chunk]) -> list[Entry]:
    """The clauses in document order, each with the headings to print before it.

    A section with no text of its own ("Using Coursera") has no clause, so its heading gets
    an anchor of the same slug scheme, for the table of contents to link to.
    """
    entries: list[Entry] = []
    previous: tuple[str, ...] = ()
    for chunk in chunks:
        if chunk.path == previous:
            entries.append(Entry((), chunk, None))  # a later part of the same section
            continue
        shared = 0
        while shared < min(len(previous), len(chunk.path) - 1) and previous[shared] == chunk.path[shared]:
            shared += 1
        headings = []
        for depth in range(shared + 1, len(chunk.path)):
            anchor = "/".join(slug(part) for part in chunk.path[:depth])
            headings.append(Heading(depth, display_title(chunk.path[depth - 1 : depth]), anchor))
        own = Heading(len(chunk.path), display_title(chunk.path[-1:]))
        entries.append(Entry(tuple(headings), chunk, own))
        previous = chunk.path
    return entries


def contents(entries: list[Entry]) -> list[tuple[Heading, str, list[tuple[Heading, str]]]]:
    """The table of contents: each document with its sections, each with the id it links to."""
    toc: list[tuple[Heading, str, list[tuple[Heading, str]]]] = []
    for entry in entries:
        for heading in (*entry.headings, *([entry.own_heading] if entry.own_heading else [])):
            target = heading.anchor or entry.chunk.id
            if heading.level == 1:
                toc.append((heading, target, []))
            elif heading.level == 2 and toc:
                toc[-1][2].append((heading, target))
    return toc


# A learner page's language: `?lang=` (the widget's `data-lang` passes it on), else the
# browser's Accept-Language, else English. An unknown or malformed one is no error: English.
Lang = Annotated[str | None, Query(max_length=35, description="A BCP 47 tag: the page's language.")]


def _page(request: Request, template: str, lang: str | None = None, **context: object) -> HTMLResponse:
    """A page in `lang` (English for the agent's), and the translations its script writes."""
    language = LANGUAGES[lang or ENGLISH]
    with speaking(language.code):
        page_context = {
            "lang": language.code,
            "dir": "rtl" if language.rtl else "ltr",
            "js_locale": language.web_locale,
            "interface": strings_used_in(language.code, SCRIPTS),
            "asked_language": None,
            **context,
        }
        return templates.TemplateResponse(request, template, page_context)


def _learner_language(request: Request, lang: str | None) -> str:
    return supported(lang) or from_accept_language(request.headers.get("accept-language")) or ENGLISH


@router.get("/", response_class=HTMLResponse)
def learner_chat(request: Request, lang: Lang = None) -> HTMLResponse:
    """The learner chat page, in the learner's language."""
    language = _learner_language(request, lang)
    return _page(request, "chat.html", language, page="chat", asked_language=supported(lang))


@router.get("/widget", response_class=HTMLResponse)
def widget(
    request: Request,
    title: Annotated[str, Query(max_length=80)] = "",
    accent: Annotated[str, Query(max_length=7)] = "",
    lang: Lang = None,
) -> HTMLResponse:
    """The chat as it runs inside the embed script's iframe."""
    language = _learner_language(request, lang)
    with speaking(language):
        title = title.strip() or gettext(DEFAULT_WIDGET_TITLE)
    return _page(
        request,
        "widget.html",
        language,
        page="widget",
        title=title,
        accent=accent if _HEX_COLOUR.fullmatch(accent) else "",
        asked_language=supported(lang),
    )


@router.get("/widget.js")
def widget_script() -> FileResponse:
    """The embed script: `<script src=".../widget.js" defer></script>` adds the chat launcher to a page."""
    # Sites embed this URL directly, so it is cached briefly: a fix reaches them within minutes.
    return FileResponse(
        STATIC / "widget.js", media_type="text/javascript", headers={"Cache-Control": "public, max-age=300"}
    )


@router.get("/agent", response_class=HTMLResponse)
def agent_console(request: Request, _: AgentPage) -> HTMLResponse:
    """The support agent's console: open tickets, and for a question the answer, its quotes, the
    retrieval and the rule's working. Agent token required."""
    return _page(request, "agent.html", page="agent")


@router.get("/agent/insights", response_class=HTMLResponse)
def insights_page(request: Request, _: AgentPage) -> HTMLResponse:
    """The support lead's dashboard: volume, outcomes, ratings, clauses, rules, languages, hours and
    content gaps over a range of days, as charts with their tables. Agent token required."""
    return _page(request, "insights.html", page="insights")


@router.get("/agent/replies", response_class=HTMLResponse)
def recorded_replies(
    request: Request,
    _: AgentPage,
    store: StoreDep,
    id: Annotated[list[ReplyId], Query(max_length=REPLY_IDS)] = [],  # noqa: B006 (FastAPI copies it)
) -> HTMLResponse:
    """Recorded replies read back, the newest first: the questions behind a content gap, with what
    the assistant said and how it was rated. Agent token required."""
    found = store.reviewed(id)
    return _page(request, "replies.html", page="replies", replies=found, missing=len(set(id)) - len(found))


def locked(request: Request, error: Exception) -> HTMLResponse:
    """The 401 for an agent page without the token: how to get in, as a page."""
    response = _page(request, "locked.html", page="locked")
    response.status_code = 401
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


@router.get("/terms", response_class=HTMLResponse)
def terms(request: Request, lang: Lang = None) -> HTMLResponse:
    """The whole cleaned terms, one element per clause id, with a table of contents. The page
    around them speaks the learner's language; the terms stay in English."""
    entries = outline(request.app.state.engine.index.chunks)
    language = _learner_language(request, lang)
    return _page(request, "terms.html", language, page="terms", entries=entries, toc=contents(entries))
