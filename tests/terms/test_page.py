from assistant.settings import ROOT
from assistant.terms.page import clean_inline, corpus_sha256, fix_mojibake, load_documents, parse_terms

SEED = ROOT / "corpus" / "000_301237c834e4df28.txt"


def test_the_corpus_holds_the_seed_page_byte_for_byte():
    shared = ROOT.parent / "shared" / "seed" / SEED.name
    if shared.exists():
        assert SEED.read_bytes() == shared.read_bytes()
    assert len(SEED.read_bytes()) == 57886


def test_the_six_documents_come_out_in_order():
    titles = [d.title for d in load_documents(ROOT / "corpus")]
    assert titles == [
        "Terms of Use",
        "Acceptable Use Policy",
        "Copyright and Trademark Policy",
        "Refund Policy",
        "Honor Code",
        "Revisions",
    ]


def test_headings_nest_sections_and_subsections():
    terms = load_documents(ROOT / "corpus")[0]
    using = next(s for s in terms.children if s.title == "Using Coursera")
    assert [c.title for c in using.children] == ["Who May Use Our Services", "Our License to You"]
    assert using.children[0].path == ("Terms of Use", "Using Coursera", "Who May Use Our Services")


def test_mojibake_is_repaired():
    assert fix_mojibake("if youâre taking") == "if you’re taking"
    assert fix_mojibake("the âaaa rulesâ), as") == "the “aaa rules”), as"
    assert fix_mojibake("each a âclaim,â and") == "each a “claim,” and"
    text = "\n".join(b.text for d in load_documents(ROOT / "corpus") for s in d.walk() for b in s.blocks)
    assert "â" not in text
    assert "you’re taking a course through your company" in text.lower()


def test_markdown_becomes_plain_text():
    assert (
        clean_inline("please [contact us](https://www.coursera.org/about/contact) now")
        == "please contact us now"
    )
    assert clean_inline("**any use or access** by _anyone_") == "any use or access by anyone"
    assert clean_inline("see <http://www.copyright.gov/legislation/dmca.pdf>.") == (
        "see http://www.copyright.gov/legislation/dmca.pdf."
    )


def test_hard_wrapped_lines_and_hyphenated_breaks_are_rejoined():
    sections = parse_terms("# doc\n\nwe provide world-\nclass content\nto you.\n")
    assert sections[0].blocks[0].text == "We provide world-class content to you."


def test_navigation_logos_and_footer_are_dropped():
    page = (
        "[![coursera](data:image/svg+xml;base64,AAAA)](/)\n\n  * [browse](/browse)\n\n"
        "# terms of use\n\nthe terms.\n\n## coursera footer\n\n### top online courses\n\n  * [x](/learn/x)\n"
    )
    (document,) = parse_terms(page)
    assert [b.text for b in document.blocks] == ["The terms."]
    assert document.children == []


def test_list_items_are_blocks_of_their_own():
    (document,) = parse_terms("# policy\n\n#### you may not:\n\n  * cheat.\n  * lie.\n")
    assert [(b.kind, b.text) for b in document.children[0].blocks] == [("li", "Cheat."), ("li", "Lie.")]


def test_the_corpus_digest_changes_with_any_edit(tmp_settings):
    before = corpus_sha256(tmp_settings.corpus_dir)
    page = next(tmp_settings.corpus_dir.glob("*.txt"))
    page.write_text(page.read_text() + "\n")
    assert corpus_sha256(tmp_settings.corpus_dir) != before
