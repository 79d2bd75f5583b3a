"""The terms themselves: the scraped page cleaned and parsed into sections (`page`), the sections
cut into clauses with stable ids and sentence spans (`chunks`), and the curated data kept beside
them in `corpus/`: questions in learners' words, a vocabulary bridge and out-of-scope examples
(`curated`).

It imports nothing of the assistant's own but `assistant.terms`.
"""
