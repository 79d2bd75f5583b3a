"""The ASGI middleware in front of the routes: telemetry, security headers, the agent token's
cookie, the guards (size, rate, load, deadline) and the reply cache, with the request-body reader
the last two share.

Each is plain ASGI, so it costs a request next to nothing; they import `assistant.service` and the
packages below it, never a router.
"""
