"""The languages the assistant speaks: which ones (`supported`), telling which one a message is in
(`detect`), the gettext catalogues every sentence it writes comes from (`catalogues`, with the `.po`
files in `locales/`), dates and numbers the way each language writes them (`formats`), and each
language's words for the facts a rule needs (`lexicons/`).

The terms exist only in English and the English text governs: quotes stay English; only the
assistant's own words are translated. It imports nothing of the assistant's own, so that the rules,
which write outcomes, may use it.
"""
