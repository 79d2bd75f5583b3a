"""The pages render, escape what they are given, and the terms page has an element per clause id."""

from __future__ import annotations

from html.parser import HTMLParser

from assistant.service.routes.pages import outline
from assistant.settings import ROOT


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
    for path in ["/", "/widget", "/agent", "/agent/insights", "/terms"]:
        html = client.get(path, headers=agent).text
        scripts = parsed(html).scripts
        # Ours, or a library vendored beside them (with its licence).
        assert scripts and all(
            s.get("src", "").startswith(("/static/js/", "/static/vendor/")) for s in scripts
        )
        assert "<script>" not in html and "style=" not in html, path
        for script in scripts:
            assert client.get(script["src"]).status_code == 200, script


def test_the_vendored_chart_library_comes_with_its_licences():
    vendored = ROOT / "web" / "static" / "vendor" / "chartjs"
    assert "Chart.js v4" in (vendored / "chart.umd.min.js").read_text()[:200]
    for licence in ("LICENSE.md", "LICENSE-kurkle-color.md"):
        assert "Permission is hereby granted" in (vendored / licence).read_text()


def test_the_console_pages_link_to_each_other_and_stay_locked_without_the_token(client):
    agent = {"Authorization": f"Bearer {client.app.state.agent_token}"}
    console = client.get("/agent", headers=agent).text
    assert 'href="/agent/insights"' in console
    insights = client.get("/agent/insights", headers=agent).text
    assert 'href="/agent" aria-current="true"' in insights  # the top bar: within the console
    assert '<a href="/agent/insights" aria-current="page">Insights</a>' in insights
    for path in ("/agent/insights", "/agent/replies"):
        locked = client.get(path)
        assert locked.status_code == 401 and "This page is for support agents" in locked.text, path


def test_recorded_replies_are_read_back_as_text(client):
    agent = {"Authorization": f"Bearer {client.app.state.agent_token}"}
    hostile = "<img src=x onerror=alert(1)> can I pay in bitcoin?"
    asked = client.post("/api/chat", json={"messages": [{"role": "user", "content": hostile}]}).json()
    client.app.state.recorder.flush()
    unknown = "f" * 32
    page = client.get(f"/agent/replies?id={asked['id']}&id={unknown}", headers=agent)
    assert page.status_code == 200
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert (
        f'data-reply="{asked["id"]}"' in page.text
        and "1 of the replies asked for is not recorded" in page.text
    )
    refused = client.get("/agent/replies?id=not-an-id", headers=agent)
    assert refused.status_code == 422 and refused.json()["detail"].startswith("id.0: ")
    too_many = client.get("/agent/replies?" + "&".join([f"id={unknown}"] * 51), headers=agent)
    assert too_many.status_code == 422


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
