"""A conversation read and answered: the dates (`dates`) and facts (`slots`) its messages give, the
rule answers and follow-up questions they lead to (`rule_answers`), what to quote of a clause
(`quotes`), when a learner asks for a person (`handoff`), and the reply that puts them together
(`chat`).

It imports `assistant.search`, `assistant.rules`, `assistant.terms` and `assistant.models`, and
knows nothing of HTTP.
"""
