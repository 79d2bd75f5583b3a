"""A message as it is read: look-alike letters, invisible characters, bidi controls and markup."""

from __future__ import annotations

import pytest

from assistant.conversation.normalise import normalised


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "do you r\u0435fund gu\u0456ded pr\u043ejects?",
            "do you refund guided projects?",
        ),  # Cyrillic е, і, о
        ("minimum \u0430ge to use \u0441oursera?", "minimum age to use coursera?"),
        ("\uff23\uff4f\uff55\uff52\uff53\uff45\uff52\uff41 plus", "Coursera plus"),  # fullwidth
        ("re\u200bfund for cour\u200dsera", "refund for coursera"),  # zero-width space and joiner
        ("\u202ecan i share my account\u202c", "can i share my account"),  # a bidi override
        ("\u2066refund\u2069 policy", "refund policy"),  # isolates
        ("<script>alert(1)</script> can I get a refund?", "\nalert(1)\n can I get a refund?"),
    ],
)
def test_what_was_typed_to_slip_past_is_read_plainly(typed, read):
    assert normalised(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "возврат за курс",  # a word wholly in another script stays as it is
        "मेरा बेटा 12 साल का है",
        "هل يمكنني استرداد المبلغ؟",
        "naïve café crème",
        "family 👨\u200d👩\u200d👧",  # joiners shape emoji: kept outside Latin words
    ],
)
def test_honest_text_in_any_script_is_left_as_it_is(text):
    assert normalised(text) == text
