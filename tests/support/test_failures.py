"""A database error's reason as logged: the driver's first line, with anything it quotes withheld."""

from sqlalchemy.exc import OperationalError

from assistant.support.failures import database_reason


def error(message: str) -> OperationalError:
    return OperationalError("INSERT INTO tickets ...", {"transcript": "hidden"}, Exception(message))


def test_the_reason_is_the_drivers_first_line():
    assert database_reason(error("database or disk is full")) == "database or disk is full"
    assert database_reason(error("disk I/O error\nDETAIL: more")) == "disk I/O error"


def test_whatever_the_driver_quotes_is_withheld():
    said = database_reason(error('invalid input syntax for type integer: "my cat Zanzibar"'))
    assert said == 'invalid input syntax for type integer: "…"'


def test_other_errors_have_no_database_reason():
    assert database_reason(ValueError("my cat Zanzibar")) is None
