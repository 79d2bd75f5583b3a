"""Finding the clauses for a question: the sentence-transformers embedder (`embedder`), BM25 with
the vocabulary bridge (`bm25`), the saved index on disk (`index`) and the hybrid ranking over both
(`retrieval`).

It imports `assistant.terms` and `assistant.settings`, and knows nothing of HTTP, conversations
or rules.
"""
