"""The routers, one module per part of the API: chat, clauses, health, rules, the OpenAI-compatible
API, support (feedback, hand-off, tickets, gaps), admin, metrics and the pages.

A router imports `assistant.service` modules (never another router) and the packages below it.
"""
