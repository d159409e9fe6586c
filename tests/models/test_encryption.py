"""Encryption at rest: the file shows none of its text, opens with the keyring or the
passphrase, and a wrong passphrase changes nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from models import entities as e
from models.errors import WorkspaceUnavailable
from models.privacy import keys
from models.privacy.keys import PassphraseNeeded, WrongPassphrase
from models.store import Workspace
from tests.keyring_memory import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"
SECRET = "Jolene Bloggsworth, NHS 943 476 5919"


def _plain(tmp_path: Path) -> Path:
    path = tmp_path / "council.visitready"
    with Workspace.create(path, who="qa", authority="Exampleshire") as ws:
        item = ws.add(e.EvidenceItem, title="Front door audit", evidence_type="Other",
                      direction="Mixed", status="Draft", summary=SECRET)
        ws.attach_bytes(item.id, "notes.txt", SECRET.encode() * 100)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_encrypted_workspace_shows_none_of_its_text(tmp_path: Path) -> None:
    path = _plain(tmp_path)
    assert SECRET.encode() in path.read_bytes()
    keys.encrypt_workspace(path, PASSPHRASE)
    data = path.read_bytes()
    for text in (SECRET, "Front door audit", "Exampleshire", "Children in care", "SQLite format"):
        assert text.encode() not in data
    assert not path.with_name(path.name + ".encrypting").exists()
    assert PASSPHRASE.encode() not in keys.key_file(path).read_bytes()
    with Workspace.open(path) as ws:  # the key is in the keyring
        assert ws.is_encrypted and ws.all(e.EvidenceItem)[0].summary == SECRET


def test_without_the_keyring_the_passphrase_opens_it(tmp_path: Path) -> None:
    path = _plain(tmp_path)
    keyring.set_keyring(fail.Keyring())  # a headless Linux machine: no keyring at all
    keys.encrypt_workspace(path, PASSPHRASE)
    with pytest.raises(PassphraseNeeded) as asked:
        Workspace.open(path)
    assert "recovery passphrase" in asked.value.hint
    with Workspace.open(path, passphrase=PASSPHRASE) as ws:
        assert ws.all(e.EvidenceItem)[0].summary == SECRET


def test_a_wrong_passphrase_is_clear_and_changes_nothing(tmp_path: Path,
                                                        memory_keyring: MemoryKeyring) -> None:
    path = _plain(tmp_path)
    keys.encrypt_workspace(path, PASSPHRASE)
    memory_keyring.passwords.clear()  # another computer: the key is not here
    before = (_digest(path), _digest(keys.key_file(path)))
    with pytest.raises(WrongPassphrase) as refused:
        Workspace.open(path, passphrase="not the passphrase at all")
    assert "has not been changed" in refused.value.hint
    assert (_digest(path), _digest(keys.key_file(path))) == before
    # The right one opens it and puts the key in this computer's keyring.
    Workspace.open(path, passphrase=PASSPHRASE).close()
    Workspace.open(path).close()


def test_a_failed_conversion_leaves_the_plain_workspace(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _plain(tmp_path)
    before = _digest(path)
    counts = iter([{"evidence": 1}, {"evidence": 0}])
    monkeypatch.setattr(keys, "_row_counts", lambda _connection: next(counts))
    with pytest.raises(WorkspaceUnavailable):
        keys.encrypt_workspace(path, PASSPHRASE)
    assert _digest(path) == before and not keys.key_file(path).exists()
    assert not path.with_name(path.name + ".encrypting").exists()
    with Workspace.open(path) as ws:
        assert not ws.is_encrypted


def test_a_short_passphrase_is_refused(tmp_path: Path) -> None:
    from models.errors import ValidationError

    path = _plain(tmp_path)
    with pytest.raises(ValidationError):
        keys.encrypt_workspace(path, "short")
    assert not keys.key_file(path).exists()


def test_save_a_copy_of_an_encrypted_workspace(tmp_path: Path) -> None:
    path = _plain(tmp_path)
    keys.encrypt_workspace(path, PASSPHRASE)
    with Workspace.open(path) as ws:
        copy = ws.save_copy(tmp_path / "copy.visitready")
    assert SECRET.encode() not in copy.read_bytes()
    with Workspace.open(copy, passphrase=PASSPHRASE) as again:
        assert again.all(e.EvidenceItem)[0].summary == SECRET


def test_demo_and_export_commands_take_a_passphrase_file(tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    path = tmp_path / "demo.visitready"
    # No keyring in the commands' environment: the passphrase alone must work.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    run = [sys.executable, str(ROOT / "main.py")]
    made = subprocess.run([*run, "demo", str(path), "--today", "2026-11-22",
                           "--passphrase-file", str(secret)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    assert b"Children in care" not in path.read_bytes()
    log = tmp_path / "log.xlsx"
    without = subprocess.run([*run, "export", str(path), "--log", str(log)],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert without.returncode == 1 and "--passphrase-file" in without.stderr
    done = subprocess.run([*run, "export", str(path), "--log", str(log), "--passphrase-file",
                           str(secret), "--today", "2026-11-22"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert log.exists()
