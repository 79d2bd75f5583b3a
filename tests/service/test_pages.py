"""The pages render, escape what they are given, and the terms page has an element per clause id."""

from __future__ import annotations

from html.parser import HTMLParser

from assistant.service.routes.pages import outline


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "script":
            self.scripts.append(attributes)


def parsed(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


def test_the_terms_page_has_an_element_for_every_clause(client, engine):
    response = client.get("/terms")
    assert response.status_code == 200
    ids = parsed(response.text).ids
    assert len(ids) == len(set(ids)), "ids are unique"
    assert {chunk.id for chunk in engine.index.chunks} <= set(ids)
    assert 'id="terms-of-use/limitation-of-liability#2"' in response.text


def test_the_terms_outline_prints_each_heading_once_in_order(engine):
    entries = outline(engine.index.chunks)
    assert [entry.chunk.id for entry in entries] == [chunk.id for chunk in engine.index.chunks]
    using = next(e for e in entries if e.chunk.id == "terms-of-use/using-coursera/who-may-use-our-services")
    assert [(h.level, h.text, h.anchor) for h in using.headings] == [
        (2, "Using Coursera", "terms-of-use/using-coursera")
    ]
    part_two = next(e for e in entries if e.chunk.id == "terms-of-use/limitation-of-liability#2")
    assert part_two.headings == () and part_two.own_heading is None


def test_pages_load_only_their_own_scripts(client):
    agent = {"Authorization": f"Bearer {client.app.state.agent_token}"}  # the console is agent-only
    for path in ["/", "/widget", "/agent", "/terms"]:
        html = client.get(path, headers=agent).text
        scripts = parsed(html).scripts
        assert scripts and all(s.get("src", "").startswith("/static/js/") for s in scripts), path
        assert "<script>" not in html and "style=" not in html, path


def test_the_widget_escapes_its_title_and_refuses_a_bad_accent(client):
    response = client.get("/widget", params={"title": "<img src=x onerror=alert(1)>", "accent": "red;x"})
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert 'data-accent=""' in response.text
    assert 'data-accent="#0b6bcb"' in client.get("/widget", params={"accent": "#0b6bcb"}).text


def test_the_embed_script_is_served_as_javascript(client):
    response = client.get("/widget.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert "TermsAssistantWidget" in response.text
    assert "max-age" in response.headers["cache-control"]
