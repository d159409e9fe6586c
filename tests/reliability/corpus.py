"""A corpus of damaged and foreign files, built from one good workspace (used by tests and benchmarks)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from models import entities as e
from models.store import Workspace

PAGE = 4096


def good_workspace(path: Path, *, items: int = 150) -> Path:
    """A workspace with enough records to span many pages."""
    with Workspace.create(path, who="tester", authority="Test Council") as ws:
        themes = [t.id for t in ws.themes()]
        for n in range(items):
            ws.add(e.EvidenceItem, title=f"Audit summary {n}", evidence_type="Audit summary",
                   direction="Mixed", status="Approved", themes=themes[n % 5: n % 5 + 2],
                   summary=f"Practice improving in team {n}. " * 12)
    return path


def _sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.isolation_level = None
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def _pages(path: Path) -> int:
    return path.stat().st_size // PAGE


def build_corpus(good: Path, folder: Path, seed: int = 8) -> dict[str, Path]:
    """Write each damaged or foreign file into ``folder``; returns name -> path."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    def copy(name: str) -> Path:
        target = folder / f"{name}.visitready"
        shutil.copy(good, target)
        made[name] = target
        return target

    def raw(name: str, content: bytes) -> None:
        target = folder / f"{name}.visitready"
        target.write_bytes(content)
        made[name] = target

    size = good.stat().st_size
    head = good.read_bytes()
    raw("empty", b"")
    raw("header only", head[:16])
    raw("first 100 bytes", head[:100])
    raw("first page only", head[:PAGE])
    raw("first half", head[: size // 2])
    raw("last page missing", head[: size - PAGE])
    raw("random after header", head[:16] + rng.randbytes(PAGE * 8))
    raw("random bytes", rng.randbytes(PAGE * 4))
    raw("text file", b"Notes from the improvement board\n" * 50)
    raw("png picture", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000))
    zipped = folder / "zip archive.visitready"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    made["zip archive"] = zipped

    other = folder / "another program.visitready"
    _sql(other, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
         "INSERT INTO notes (body) VALUES ('hello')")
    made["another program"] = other
    empty_db = folder / "empty database.visitready"
    _sql(empty_db, "CREATE TABLE t (x)", "DROP TABLE t")
    made["empty database"] = empty_db

    _sql(copy("theme table missing"), "PRAGMA foreign_keys=OFF", "DROP TABLE theme")
    _sql(copy("column missing"), "ALTER TABLE export_record DROP COLUMN options")
    _sql(copy("no schema version"), "DROP TABLE alembic_version")
    _sql(copy("unfinished (no format marker)"), "DELETE FROM workspace_info WHERE key = 'format'")
    _sql(copy("another format marker"), "UPDATE workspace_info SET value = 'Other' "
                                        "WHERE key = 'format'")
    _sql(copy("newer version"), "UPDATE alembic_version SET version_num = '9999'")

    pages = _pages(good)
    target = copy("interior page zeroed")
    _overwrite(target, PAGE * (pages // 2), bytes(PAGE))
    target = copy("interior page random")
    _overwrite(target, PAGE * (pages // 3), rng.randbytes(PAGE))
    target = copy("page headers scrambled")
    for page in range(2, pages, 3):
        _overwrite(target, PAGE * page, bytes([rng.choice([0x01, 0x03, 0x07, 0x09])]))
    target = copy("catalogue page damaged")
    _overwrite(target, 100, rng.randbytes(PAGE - 100))
    target = copy("page size field broken")
    _overwrite(target, 16, b"\x00\x03")
    target = copy("last page zeroed")
    _overwrite(target, PAGE * (pages - 1), bytes(PAGE))
    target = copy("cell pointers broken")
    for page in range(3, pages, 5):
        _overwrite(target, PAGE * page + 8, rng.randbytes(40))

    directory = folder / "a folder.visitready"
    directory.mkdir()
    made["a folder"] = directory
    dangling = folder / "dangling link.visitready"
    try:
        os.symlink(folder / "nowhere.visitready", dangling)
        made["dangling link"] = dangling
    except OSError:  # Windows without the right to make links
        pass
    return made


#: What every file in the corpus is opened with.
Opener = Callable[[Path], Workspace]
