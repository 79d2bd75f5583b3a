"""A support assistant for Coursera's terms: every answer quotes the clause it rests on, or is a
deterministic rule's result, or says honestly that the terms don't cover the question.

The pipeline runs one way: `terms` (the page cleaned into clauses) → `search` (embedder, BM25,
index, retrieval) → `conversation` (messages read, answered with `rules`) → the `Reply` of
`models`. `service` serves it over HTTP, `support` keeps what was said, `evaluation` measures
it, and `engine` wires the pipeline for `cli` and `service`.
"""
