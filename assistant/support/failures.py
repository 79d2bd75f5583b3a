"""Why the database failed, in words that hold none of what learners typed: the first line of the
driver's own message, such as "database or disk is full"."""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError

# The engines are made with hide_parameters=True, so SQLAlchemy's text shows no values; but a
# driver's message may quote one (PostgreSQL: 'invalid input syntax for type integer: "..."'),
# so whatever it quotes is withheld too.
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def database_reason(error: BaseException) -> str | None:
    """The driver's reason for `error` (a SQLAlchemy DBAPIError), or None for any other error."""
    if not isinstance(error, DBAPIError) or error.orig is None:
        return None
    lines = str(error.orig).strip().splitlines()
    first = lines[0].strip() if lines else ""
    return _QUOTED.sub('"…"', first) or type(error.orig).__name__
