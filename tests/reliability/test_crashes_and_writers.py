"""kill -9 during edits, and many writers at once (fast form; benchmarks/reliability.py runs
the long one). Promises: integrity ok, no acknowledged edit lost, no lost update, no raw error,
no add refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.entities import EvidenceItem
from models.store import Workspace
from tests.reliability.harness import (
    KillReport,
    concurrent_adds,
    concurrent_increments,
    kill_trial,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its writers")


def test_twenty_kill_9_trials_lose_no_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "killed.visitready"
    Workspace.create(path).close()
    report = KillReport()
    for seed in range(20):
        kill_trial(path, seed, report)
    assert report.trials == 20
    assert report.acknowledged > 40  # the trials did real work before each kill
    assert report.integrity_failures == []
    assert report.lost_edits == []
    assert report.raw_errors == []


def test_writers_on_one_file_wait_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "shared.visitready"
    Workspace.create(path).close()
    report = concurrent_adds(lambda: Workspace.open(path), writers=6, adds_each=15)
    assert report.raw_errors == []
    assert report.refused == 0
    assert report.added == 90
    with Workspace.open(path) as ws:
        refs = [x.ref for x in ws.all(EvidenceItem)]
    assert len(refs) == len(set(refs)) == 90


def test_racing_writers_on_one_file_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "race.visitready"
    Workspace.create(path).close()
    report = concurrent_increments(lambda: Workspace.open(path), writers=4, increments_each=10)
    assert report.raw_errors == []
    assert report.lost_updates == 0




@pytest.mark.postgresql
def test_writers_on_postgresql_lose_nothing(url: str) -> None:
    Workspace.connect(url).close()
    adds = concurrent_adds(lambda: Workspace.connect(url), writers=6, adds_each=10)
    assert adds.raw_errors == [] and adds.refused == 0 and adds.added == 60
    race = concurrent_increments(lambda: Workspace.connect(url), writers=4, increments_each=10)
    assert race.raw_errors == []
    assert race.lost_updates == 0
