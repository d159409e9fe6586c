"""Opening: read-only files, workspaces that are busy elsewhere, and making a new one."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import dialect
from models import entities as e
from models.errors import WorkspaceBusy, WorkspaceReadOnly, WorkspaceUnavailable
from models.store import Workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def read_only_demo(demo: Workspace) -> Iterator[Path]:
    path = Path(demo.location)
    demo.close()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    yield path
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_file_opens_read_only_and_is_never_written(read_only_demo: Path) -> None:
    before = hashlib.sha256(read_only_demo.read_bytes()).hexdigest()
    with Workspace.open(read_only_demo) as ws:
        assert ws.read_only
        item = ws.all(e.EvidenceItem)[0]
        with pytest.raises(WorkspaceReadOnly, match="read-only") as refused:
            ws.update(e.EvidenceItem, item.id, item.version, title="Changed")
        assert "copy" in refused.value.hint
    assert hashlib.sha256(read_only_demo.read_bytes()).hexdigest() == before


def test_a_read_only_workspace_still_exports_both_files(read_only_demo: Path,
                                                        tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", str(read_only_demo), "--pack",
         str(tmp_path / "pack.docx"), "--log", str(tmp_path / "log.xlsx"), "--today",
         "2026-11-22"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pack.docx").is_file() and (tmp_path / "log.xlsx").is_file()
    assert "read-only" in done.stdout


def _hold_lock(path: Path, seconds: float, started: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    started.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


def test_reads_and_writes_wait_for_another_programs_lock(workspace: Workspace,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if workspace.is_encrypted:
        pytest.skip("the other program here is plain sqlite3, which cannot open an encrypted "
                    "file; encrypted workspaces take the same locks through the same engine")
    monkeypatch.setattr(dialect, "BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(dialect, "RETRY_DELAYS", (0.1, 0.2, 0.4, 0.8, 1.6))
    path = Path(workspace.location)
    with Workspace.open(path) as ws:
        started = threading.Event()
        holder = threading.Thread(target=_hold_lock, args=(path, 1.5, started))
        holder.start()
        assert started.wait(30), "the other program never took the lock"
        assert len(ws.all(e.Theme)) == 11  # waited, no "database is locked"
        holder.join()
        started.clear()
        holder = threading.Thread(target=_hold_lock, args=(path, 1.5, started))
        holder.start()
        assert started.wait(30), "the other program never took the lock"
        ws.add(e.EvidenceItem, title="Waited", evidence_type="Other", direction="Mixed",
               status="Draft")
        holder.join()
        assert ws.count(e.EvidenceItem) == 1


def test_a_lock_held_too_long_is_a_plain_refusal(workspace: Workspace,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if workspace.is_encrypted:
        pytest.skip("the other program here is plain sqlite3, which cannot open an encrypted "
                    "file; encrypted workspaces take the same locks through the same engine")
    monkeypatch.setattr(dialect, "BUSY_TIMEOUT", 0.1)
    monkeypatch.setattr(dialect, "RETRY_DELAYS", (0.1,))
    path = Path(workspace.location)
    with Workspace.open(path) as ws:
        started = threading.Event()
        holder = threading.Thread(target=_hold_lock, args=(path, 1.0, started))
        holder.start()
        assert started.wait(30), "the other program never took the lock"
        with pytest.raises(WorkspaceBusy) as refused:
            ws.add(e.EvidenceItem, title="Refused", evidence_type="Other", direction="Mixed",
                   status="Draft")
        with pytest.raises(WorkspaceBusy):
            ws.all(e.Theme)
        holder.join()
        assert "Try again" in refused.value.hint
        assert ws.count(e.EvidenceItem) == 0


def test_a_new_workspace_appears_only_when_complete(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new.visitready"

    def fail(*_args: object, **_kw: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(Workspace, "_seed_new", fail)
    with pytest.raises(RuntimeError):
        Workspace.create(target)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    with Workspace.create(target) as ws:
        assert len(ws.themes()) == 11
    assert [p.name for p in tmp_path.iterdir()] == ["new.visitready"]


def test_a_new_workspace_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "new.visitready"
    target.write_text("precious")
    with pytest.raises(WorkspaceUnavailable, match="already exists"):
        Workspace.create(target)
    assert target.read_text() == "precious"


@pytest.mark.skipif(os.name != "posix", reason="kill -9")
def test_kill_during_new_workspace_leaves_nothing_half_made(tmp_path: Path) -> None:
    script = ("import sys; from models.store import Workspace; print('ready', flush=True); "
              "Workspace.create(sys.argv[1]).close(); print('done', flush=True)")
    for trial in range(8):
        target = tmp_path / f"w{trial}.visitready"
        child = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(0.025 * trial)  # from the first migration to after the rename
        child.kill()
        child.wait()
        child.stdout.close()
        if target.exists():
            with Workspace.open(target) as ws:
                assert len(ws.themes()) == 11
    # Only finished workspaces ever carry the name; the half-made ones are hidden temporaries.
    assert all(p.name.startswith(".") or p.suffix == ".visitready" for p in tmp_path.iterdir())


def test_half_made_copies_left_by_an_old_crash_are_cleared(tmp_path: Path) -> None:
    old = tmp_path / ".new.visitready.abc123.creating"
    recent = tmp_path / ".new.visitready.def456.creating"
    for leftover in (old, recent):
        leftover.write_bytes(b"half made")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    Workspace.create(tmp_path / "new.visitready").close()
    assert not old.exists()
    assert recent.exists()  # perhaps another VisitReady making it right now


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kill -9 mid-save")
def test_a_read_only_file_left_mid_save_says_how_to_recover(tmp_path: Path) -> None:
    import signal

    path = tmp_path / "w.visitready"
    Workspace.create(path).close()
    pid = os.fork()
    if pid == 0:  # a save that stops half-way, leaving SQLite's journal beside the file
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA cache_size=1")
        connection.execute("BEGIN IMMEDIATE")
        for n in range(200):
            connection.execute("INSERT INTO workspace_info VALUES (?, ?)", (f"k{n}", "v" * 3000))
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(WorkspaceReadOnly, match="part-way"):
            Workspace.open(path)
        assert path.read_bytes() == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with Workspace.open(path) as ws:  # writable again: SQLite undoes the unfinished save
        assert len(ws.themes()) == 11


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_workspace_gets_the_folders_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        Workspace.create(tmp_path / "shared.visitready").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.visitready").stat().st_mode) == 0o664
