"""Database errors in plain words: never the statement, its values or the record's text.

A driver's error message quotes the SQL and, on PostgreSQL, the offending value
("value too long for type character varying(40)" with the row in DETAIL). Those
words must not reach the log file or the screen, so the store turns every database
error into one of these before anything else sees it.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError

from ..errors import AppError


class DatabaseRefused(AppError):
    """The database refused a change; the message names the kind of problem only."""

    title = "Change not saved"


def plain_error(exc: DBAPIError) -> DatabaseRefused:
    """The plain message for a database error: its class of problem and SQLSTATE, no text."""
    orig = exc.orig
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or ""
    kind = type(orig).__name__ if orig is not None else type(exc).__name__
    if isinstance(exc, IntegrityError):
        what = "it conflicts with another record or a required link is missing"
    elif code.startswith("22"):
        what = "a value does not fit its field"
    else:
        what = "the database refused it"
    detail = f" ({kind}{' ' + code if code else ''})"
    return DatabaseRefused(f"The change was not saved: {what}{detail}.",
                           "Check the entry and try again; if it happens again, tell your "
                           "support team (the log names the kind of error, never your text).")
