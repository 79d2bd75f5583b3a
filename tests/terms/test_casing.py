"""The page's own capitals, restored in cleaning: sentence starts, "I", names, acronyms, headings."""

from __future__ import annotations

import importlib.util
import pickle
import re
from functools import cache
from pathlib import Path

import pytest

from assistant.settings import ROOT
from assistant.terms.casing import sentence_case, title_case
from assistant.terms.chunks import chunk_documents
from assistant.terms.page import cleaned_text, load_documents

# Words the truecase model usually writes with a capital that are plain words in the terms, each
# reviewed in its sentence: list marks and "e.g.", and words the page writes in lower case.
KEPT_LOWER = {
    "e", "g", "b", "c", "i", "ii",  # "e.g.", "(b)", "(c)", "(i)", "(ii)"
    # "federal and state courts", "based on statute, regulation, constitution"
    "federal", "continental", "constitution", "internet",
    "note", "subscriptions",  # "Please note that…", "For subscriptions to individual specializations"
    "www", "adr",  # www.adr.org
}  # fmt: skip


@cache
def cleaned() -> str:
    return cleaned_text(load_documents(ROOT / "corpus"))


@pytest.mark.parametrize(
    ("expected"),
    [
        # sentence starts and list items
        "Coursera offers products and services provided by Coursera, Inc., our subsidiaries",
        '. These Terms of Use ("Terms") govern your use of our website',
        "Please read these terms carefully",
        "Share your password, let anyone besides yourself access your account",
        "Attempt to access any other user's account.",
        "Harrasses others.",
        "2012-12-22: Removed section on Minnesota students",
        # names
        "Coursera Plus",
        "MasterTrack",
        "HackerOne",
        "Apple App Store",
        "Learner Help Center",
        "Santa Clara County, California",
        "Digital Millennium Copyright Act",
        "American Arbitration Association",
        "(the “AAA Rules”)",
        "Content Providers",
        "Coursera for Business, Coursera for Governments or organizations, Coursera for Refugees",
        "Acceptable Use Policy",
        "Honor Code",
        "our Refund Policy",
        "the refund policy applicable to that third party marketplace",  # a marketplace's, not ours
        "381 E. Evelyn Ave Mountain View, CA 94041",
        "1625 N. Market Blvd., Suite S-202, Sacramento, California 95834",
        "California Department of Consumer Affairs",
        "January 1, 2021",
        "continental United States",
        # acronyms, and addresses left alone
        "the DMCA provides",
        "U.S. copyright law",
        "twenty U.S. dollars ($20)",
        "security@coursera.org",
        "http://www.copyright.gov/legislation/dmca.pdf",
        "Via email: copyright@coursera.org",
        # what stays lower case
        "(i) the scope, applicability, or enforceability",
        "e.g., in-app purchases",
        "Coursera reserves the right to change any fees",
    ],
)
def test_the_cleaned_terms_read_like_the_published_page(expected):
    assert expected in cleaned(), expected


@pytest.mark.parametrize(
    ("heading", "cased"),
    [
        ("for coursera plus", "For Coursera Plus"),
        ("who may use our services", "Who May Use Our Services"),
        ("degree and mastertrack certificate programs", "Degree and MasterTrack Certificate Programs"),
        ("notice for california users", "Notice for California Users"),
        (
            "for one-time course and specialization purchases",
            "For One-Time Course and Specialization Purchases",
        ),
    ],
)
def test_headings_are_in_title_case(heading, cased):
    assert title_case(heading) == cased


def test_casing_keeps_the_length_so_spans_stay_spans():
    text = 'i think so. the dmca (see www.adr.org) says: "terms" apply, e.g. this; (i) that.'
    cased = sentence_case(text)
    assert len(cased) == len(text) and cased.lower() == text.lower()
    assert cased.startswith("I think so. The DMCA (see www.adr.org)")
    assert "e.g. this; (i) that." in cased


def test_clause_titles_read_like_the_page(engine):
    titles = {chunk.id: chunk.title for chunk in chunk_documents(load_documents(ROOT / "corpus"))}
    assert titles["refund-policy/for-coursera-plus"] == "Refund Policy › For Coursera Plus"
    assert titles["terms-of-use/using-coursera/who-may-use-our-services"] == (
        "Terms of Use › Using Coursera › Who May Use Our Services"
    )
    assert engine.index.by_id["honor-code"].title == "Honor Code"


@cache
def usually_capitalised() -> dict[str, str]:
    """From the truecase package's counts of how English text writes each word: the words whose
    commonest form has a capital, and that form (`california` → `California`)."""
    spec = importlib.util.find_spec("truecase")
    assert spec is not None and spec.submodule_search_locations
    counts = Path(next(iter(spec.submodule_search_locations))) / "data" / "english.dist"
    with counts.open("rb") as file:
        data = pickle.load(file)
    uni, forms = data["uni_dist"], data["word_casing_lookup"]
    found = {}
    for word, casings in forms.items():
        best = max(casings, key=lambda form: uni.get(form, 0))
        if best != word and uni.get(best, 0) > 2 * uni.get(word, 0):
            found[word] = best
    return found


def test_every_name_in_the_terms_is_written_as_a_name():
    """A word of the terms that English usually writes with a capital, and that cleaning left in
    lower case, is a name missing from terms/casing.py's list (or a word to review into KEPT_LOWER)."""
    capital = usually_capitalised()
    missed = sorted(
        {
            word
            for word in re.findall(r"[A-Za-z][A-Za-z'-]*", cleaned())
            if word == word.lower() and word in capital and word not in KEPT_LOWER
        }
    )
    assert not missed, f"written in lower case but usually a name: {missed}"
