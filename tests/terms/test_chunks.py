import pytest

from assistant.settings import ROOT
from assistant.terms.chunks import MAX_PART_CHARS, chunk_documents, display_title
from assistant.terms.page import load_documents
from assistant.terms.sentences import sentence_spans

REQUIRED_IDS = [
    "terms-of-use",
    "terms-of-use/thank-you-for-using-coursera",
    "terms-of-use/using-coursera/who-may-use-our-services",
    "terms-of-use/using-coursera/our-license-to-you",
    "terms-of-use/content-offerings/no-academic-credit",
    "terms-of-use/your-content/user-content",
    "terms-of-use/paid-services-from-coursera",
    "terms-of-use/paid-services-from-coursera/degree-and-mastertrack-certificate-programs",
    "terms-of-use/limitation-of-liability",
    "terms-of-use/limitation-of-liability#2",
    "terms-of-use/binding-arbitration-and-class-action-waiver",
    "terms-of-use/binding-arbitration-and-class-action-waiver#4",
    "terms-of-use/general-terms/notice-for-california-users",
    "acceptable-use-policy",
    "acceptable-use-policy/you-also-arent-allowed-to",
    "copyright-and-trademark-policy",
    "refund-policy",
    "refund-policy/for-month-to-month-subscriptions",
    "refund-policy/for-coursera-plus",
    "refund-policy/for-one-time-course-and-specialization-purchases",
    "refund-policy/for-one-time-course-and-specialization-purchases#2",
    "refund-policy/for-one-time-course-and-specialization-purchases#3",
    "refund-policy/for-guided-projects",
    "refund-policy/for-degree-and-mastertrack-certificate-programs",
    "refund-policy/for-other-paid-services",
    "refund-policy/third-party-marketplaces",
    "honor-code",
    "revisions",
]


@pytest.fixture(scope="module")
def chunks():
    return chunk_documents(load_documents(ROOT / "corpus"))


def test_the_ids_other_programs_rely_on_exist(chunks):
    ids = {c.id for c in chunks}
    missing = [i for i in REQUIRED_IDS if i not in ids]
    assert not missing


def test_ids_are_unique_slugs_of_the_heading_path(chunks):
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    for chunk in chunks:
        assert chunk.id.split("#")[0].count("/") == len(chunk.path) - 1
        assert all(ch.isalnum() or ch in "-/#" for ch in chunk.id), chunk.id
        assert chunk.url == f"/terms#{chunk.id}"


def test_no_page_furniture_reaches_a_chunk(chunks):
    for chunk in chunks:
        text = (chunk.title + " " + chunk.text).lower()
        for furniture in ("data:image", "top online courses", "google play", "join for free", "](", "**"):
            assert furniture not in text, (chunk.id, furniture)


def test_long_sections_split_on_paragraph_boundaries(chunks):
    for chunk in chunks:
        assert len(chunk.text) <= MAX_PART_CHARS or len(chunk.blocks) == 1, chunk.id
    arbitration = [c for c in chunks if c.id.startswith("terms-of-use/binding-arbitration")]
    assert [c.id.split("#")[-1] for c in arbitration[1:]] == ["2", "3", "4", "5", "6"]
    assert arbitration[1].title == "Terms of Use › Binding Arbitration and Class Action Waiver (part 2)"


def test_sentences_are_exact_spans_of_the_chunk(chunks):
    for chunk in chunks:
        assert chunk.sentences, chunk.id
        for start, end in chunk.spans:
            sentence = chunk.text[start:end]
            assert sentence == sentence.strip() and sentence
    plus = next(c for c in chunks if c.id == "refund-policy/for-coursera-plus")
    assert plus.sentences[0] == (
        "To get a full refund of your Coursera Plus subscription payment, submit a refund request "
        "via the Learner Help Center within 14 days of your payment."
    )


def test_sentence_splitting_keeps_abbreviations_and_initials():
    text = "Fees are in U.S. dollars. Write to 1625 N. Market Blvd., Suite S-202. Thanks."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Fees are in U.S. dollars.",
        "Write to 1625 N. Market Blvd., Suite S-202.",
        "Thanks.",
    ]


def test_titles_join_the_heading_path():
    assert display_title(("Refund Policy", "For Coursera Plus")) == "Refund Policy › For Coursera Plus"
    assert display_title(("Acceptable Use Policy", "You Also Aren't Allowed To:")) == (
        "Acceptable Use Policy › You Also Aren't Allowed To"
    )


def test_chunks_round_trip_through_json(chunks):
    from assistant.terms.chunks import Chunk

    for chunk in chunks:
        assert Chunk.from_dict(chunk.to_dict()) == chunk
