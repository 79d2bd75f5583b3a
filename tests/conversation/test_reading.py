"""Reading a turn before anything is searched: its parts, which ask, and how much it leans back."""

from __future__ import annotations

import pytest

from assistant.conversation import reading


def test_pleasantries_are_dropped_and_joined_questions_cut_in_two():
    assert reading.parts("Hi there! Thanks. Can I share my account, and are degrees refundable?") == [
        "Can I share my account",
        "are degrees refundable?",
    ]
    assert reading.parts(
        "three qs: can i join a class action against coursera, who picks the arbitrator, and is it secret?"
    ) == ["three qs: can i join a class action against coursera", "who picks the arbitrator", "is it secret?"]


@pytest.mark.parametrize(
    "sentence",
    [
        "if I cancel, can I still use it?",  # a condition, then the question: one piece
        "Can I share my account or lend my login to my brother?",
        "is it ok if my roommate uses my account or if i just give her my password?",
    ],
)
def test_one_question_is_never_cut(sentence):
    assert reading.parts(sentence) == [sentence]


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("quick ones: can my sister log in", True),
        ("and how long do i have to bring a legal claim", True),
        ("If I bought it through Google Play how do refunds work.", True),
        ("1. can i get a refund on a guided project", True),
        ("I want to know whether I can sue", True),
        ("My manager suggested I brush up on project management, so here I am.", False),
        ("Bought the 'Learning How to Learn' course in January.", False),  # a title is no question
        ("This is the best course.", False),
    ],
)
def test_what_asks_something(sentence, asks):
    assert reading.asks(sentence) is asks


def test_a_long_message_is_read_part_by_part():
    assert not reading.is_long("can I get a refund for my course?")
    assert reading.is_long("I love the course. Can I get a refund?")
    assert reading.is_long(" ".join(["word"] * (reading.LONG_WORDS + 1)))


@pytest.mark.parametrize(
    ("turn", "low", "high"),
    [
        ("and for a specialization?", 0.9, 1.0),  # a continuation, and says little of its own
        ("do they have to tell me first?", 0.9, 1.0),  # a pronoun: it points back
        ("ok, different question: can I sue Coursera in my own country?", 0.0, 0.0),
        ("sorry, I meant sharing my login, not my certificate", 0.2, 0.4),
        # a long question of its own leans less
        ("is coursera allowed to use the quiz results of every learner in its research studies", 0.2, 0.4),
    ],
)
def test_how_much_a_turn_leans_on_the_one_before(turn, low, high):
    assert low <= reading.dependence(turn) <= high


def test_a_later_question_of_a_message_leans_only_if_it_says_little():
    assert reading.dependence_within("and how long do i have to bring a legal claim against them") == 0.0
    assert reading.dependence_within("and for a specialization?") > 0


def test_what_is_searched_of_a_turn():
    assert reading.searched("different topic. if someone sues coursera") == "if someone sues coursera"
    assert (
        reading.searched("sorry, I meant sharing my login, not my certificate")
        == "sorry, I meant sharing my login"
    )
    assert reading.searched("can I share my login?") == "can I share my login?"


def test_acknowledging_then_asking_and_announcing_a_new_subject():
    assert reading.acknowledges("good to know. is coursera allowed to use my quiz results?")
    assert not reading.acknowledges("good to know")
    assert reading.starts_anew("Ok. On another note, I put a fake job in my profile.")
    assert reading.continues("what about guided projects?")


def test_the_turns_a_follow_up_continues_reach_back_to_where_the_subject_started():
    earlier = [
        "Is arbitration mandatory for every dispute with coursera or can i still go to court?",
        "can i refund my plus sub",
        "coursera plus",
    ]
    assert reading.topic_turns(earlier) == ["can i refund my plus sub", "coursera plus"]
    assert reading.topic_turns([]) == []
    assert len(reading.topic_turns(["a", "b", "c", "d", "e"])) == reading.MAX_CONTEXT_TURNS


def test_an_earlier_turn_contributes_its_questions():
    assert reading.gist("Hi! I love the course. Can I share my account?") == "Can I share my account?"
    assert reading.gist("I want a refund.") == "I want a refund."


def test_the_same_question_put_again_is_told_apart_from_a_new_one():
    assert reading.restates("like, is that allowed?")
    assert reading.restates("or is that breaking the rules")
    assert not reading.restates("and are degree programs refundable?")


def test_also_adds_a_question_of_its_own_but_not_a_continuation():
    assert reading.dependence("also how old do you have to be to use coursera") == 0.0
    assert reading.dependence("also, what about specializations?") > 0.5
    assert reading.dependence("anyway is there an honor code i have to follow") == 0.0


def test_a_conditional_question_asks():
    assert reading.asks("and if i finish the specialization will the subscription stop by itself")
