"""The language detector: sure on whole questions, silent rather than wrong on a word or two."""

from __future__ import annotations

import pytest

from assistant.languages.detect import detect


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("¿Puedo obtener un reembolso de mi suscripción a Coursera Plus?", "es"),
        ("Posso pedir reembolso da assinatura do Coursera Plus?", "pt"),
        ("Est-ce que je peux être remboursé pour Coursera Plus ?", "fr"),
        ("Kann ich mein Geld für Coursera Plus zurückbekommen?", "de"),
        ("Posso avere un rimborso per Coursera Plus?", "it"),
        ("क्या मुझे Coursera Plus का refund मिल सकता है?", "hi"),
        ("هل يمكنني استرداد أموالي من كورسيرا بلس؟", "ar"),
        ("Apakah saya bisa mendapatkan pengembalian dana Coursera Plus?", "id"),
        ("我可以申请 Coursera Plus 退款吗？", "zh"),
        ("Coursera Plus の返金はできますか？", "ja"),
        ("코세라 플러스 환불 받을 수 있나요?", "ko"),
        ("Могу ли я вернуть деньги за Coursera Plus?", "ru"),
        ("Coursera Plus için para iadesi alabilir miyim?", "tr"),
        ("Can I get a refund for Coursera Plus?", "en"),
        ("how do refunds work", "en"),
        ("Kan ik mijn geld terugkrijgen voor mijn abonnement?", "nl"),
    ],
)
def test_a_question_is_told_by_its_words(text, code):
    found = detect(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["ok", "yes", "Coursera Plus", "👍", "14", "https://coursera.org", ""])
def test_too_little_to_tell_is_none(text):
    assert detect(text) is None
