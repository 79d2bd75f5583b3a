"""Measuring the assistant on the fixed question set: reading it (`golden`), running it through the
same path as `/api/chat` (`runner`), retrieval variants and the decline rule's calibration
(`variants`), and the naive baseline they are measured against (`naive`).

It imports `assistant.conversation`, `assistant.search`, `assistant.terms` and `assistant.models`;
nothing imports it but the command line.
"""
