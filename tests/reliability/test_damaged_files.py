"""Damaged and foreign files. Promise: a plain message (never a raw error), and a refused file is
left byte-identical with no journal beside it; a file that does open reads without error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from models import entities as e
from models.errors import AppError, DamagedWorkspace
from models.records import KINDS
from models.store import Workspace
from tests.reliability.corpus import build_corpus, good_workspace


def _state(path: Path) -> tuple[str, list[str]]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"
    return digest, sorted(p.name for p in path.parent.iterdir()
                          if p.name.startswith(path.name) and p != path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    return build_corpus(good_workspace(folder / "good.visitready"), folder / "files")


def test_the_corpus_is_big_enough(corpus: dict[str, Path]) -> None:
    assert len(corpus) >= 25


def test_every_damaged_or_foreign_file_is_refused_plainly_and_left_untouched(
        corpus: dict[str, Path]) -> None:
    opened = []
    for name, path in corpus.items():
        before = _state(path)
        try:
            ws = Workspace.open(path)
        except AppError as refused:
            assert refused.message and refused.hint, name
            assert _state(path) == before, f"{name}: changed by a refused open"
            continue
        with ws:  # it opened: everything in it must read without a raw error
            for kind in KINDS.values():
                ws.all(kind.entity)
        opened.append(name)
    # Only damage SQLite cannot see may open, and then it reads cleanly.
    assert len(opened) <= 3, opened


@pytest.mark.parametrize("name", ["interior page zeroed", "theme table missing",
                                  "unfinished (no format marker)", "column missing"])
def test_named_damage_is_reported_as_damage(corpus: dict[str, Path], name: str) -> None:
    with pytest.raises(DamagedWorkspace, match="backup"):
        Workspace.open(corpus[name])


def test_a_good_workspace_still_opens(tmp_path: Path) -> None:
    path = good_workspace(tmp_path / "good.visitready", items=3)
    with Workspace.open(path) as ws:
        assert ws.count(e.EvidenceItem) == 3
