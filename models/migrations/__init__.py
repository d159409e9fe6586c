"""Schema migrations (Alembic), applied when a workspace is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from ..errors import WorkspaceTooNew


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of VisitReady knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of VisitReady knows."""
    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the workspace schema up to ``revision``, one transaction per migration.

    Raises:
        WorkspaceTooNew: the workspace names a revision this version does not
            know, i.e. it was written by a newer VisitReady. Nothing is changed.
    """
    cfg = _config()
    refuse_if_too_new(engine)
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def refuse_if_too_new(engine: Engine) -> None:
    """Raise WorkspaceTooNew when the workspace names a revision this version does not know."""
    script = ScriptDirectory.from_config(_config())
    found = current_revision(engine)
    known = {rev.revision for rev in script.walk_revisions()}
    if found is not None and found not in known:
        raise WorkspaceTooNew(
            f"This workspace was saved by a newer version of VisitReady (schema {found}).",
            "Install the latest VisitReady to open it. The file has not been changed.",
        )
