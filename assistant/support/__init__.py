"""What the support team works from: the store of recorded replies, feedback and tickets
(`store`, with their shapes in `records`), the writer thread that records off the request path
(`writer`), the bytes of a serialised reply (`reply_bytes`), what a learner is told when a ticket
opens (`tickets`), the content-gap report (`gaps`) and why the database failed, in words that hold
no learner's text (`failures`).

It imports `assistant.models` and `assistant.search` (for the gap report's embedder), never the
HTTP layer.
"""
