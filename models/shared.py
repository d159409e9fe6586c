"""A shared workspace's address from plain fields, and failures explained in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import URL, create_engine, text
from sqlalchemy.exc import OperationalError

from .errors import ValidationError, WorkspaceUnavailable
from .store import Workspace


@dataclass(frozen=True)
class SharedAddress:
    """Where a shared workspace is: server, port, database, user (and password if any)."""

    server: str
    port: int
    database: str
    user: str
    password: str = ""

    def url(self) -> str:
        """The database URL, built safely (no need to escape anything by hand)."""
        missing = [name for name, value in (("the server", self.server),
                                            ("the database", self.database),
                                            ("your user name", self.user))
                   if not value.strip()]
        if missing:
            raise ValidationError("Fill in " + " and ".join(missing) + ".",
                                  "Your IT team can tell you what to type.")
        return URL.create("postgresql+psycopg", username=self.user.strip(),
                          password=self.password or None, host=self.server.strip(),
                          port=self.port, database=self.database.strip()
                          ).render_as_string(hide_password=False)


def _plain(exc: OperationalError, address: SharedAddress) -> WorkspaceUnavailable:
    """What a connection failure means for the person typing, and what to do next."""
    said = str(exc.orig).lower()
    if "password" in said or "authentication" in said:
        return WorkspaceUnavailable(f"The server refused the login for {address.user}.",
                                    "Check your user name and password.")
    if "does not exist" in said and "database" in said:
        return WorkspaceUnavailable(f"The server has no database called {address.database}.",
                                    "Check the database name with your IT team.")
    if "could not translate host name" in said or "name or service not known" in said \
            or "nodename nor servname" in said:
        return WorkspaceUnavailable(f"No server called {address.server} could be found.",
                                    "Check the server name for typing mistakes.")
    return WorkspaceUnavailable(
        f"The server {address.server} did not answer on port {address.port}.",
        "Check the server name and port, and that you are on your organisation's network.")


def check_connection(address: SharedAddress) -> None:
    """Connect once and ask the server a trivial question.

    Raises:
        ValidationError: a field is empty.
        WorkspaceUnavailable: the server could not be reached or refused; said plainly.
    """
    try:
        engine = create_engine(address.url(), connect_args={"connect_timeout": 5})
    except ImportError as exc:
        raise WorkspaceUnavailable(
            "This copy of VisitReady cannot talk to a database server: its PostgreSQL "
            "driver is not installed.",
            "Ask your IT team to install VisitReady with its 'postgresql' option.") from exc
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as exc:
        raise _plain(exc, address) from exc
    finally:
        engine.dispose()


def open_shared(address: SharedAddress) -> Workspace:
    """Check the connection, then open (or set up) the shared workspace."""
    check_connection(address)
    return Workspace.connect(address.url())
