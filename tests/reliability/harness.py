"""Attacks shared by the reliability tests (fast form) and benchmarks/reliability.py (long form).

Each child is forked, so a trial costs milliseconds rather than a new interpreter. Children
report through a pipe: a line before each step ("doing") and one after it returns
("done"), so the parent knows exactly which edits were acknowledged when the child died.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import entities as e
from models.errors import AppError, ConflictError, WorkspaceBusy
from models.store import Workspace


@dataclass
class KillReport:
    """What the kill trials found."""

    trials: int = 0
    acknowledged: int = 0
    integrity_failures: list[str] = field(default_factory=list)
    lost_edits: list[str] = field(default_factory=list)
    raw_errors: list[str] = field(default_factory=list)


def _child(run: Callable[[Callable[..., None]], None], write_fd: int) -> None:
    """Run in the forked child: never returns."""
    code = 0

    def say(*message: Any) -> None:
        os.write(write_fd, (json.dumps(message) + "\n").encode())

    try:
        run(say)
    except BaseException as exc:  # reported to the parent, which decides
        say("error", type(exc).__name__, str(exc)[:300], isinstance(exc, AppError))
        code = 1
    os._exit(code)


def fork(run: Callable[[Callable[..., None]], None]) -> tuple[int, int]:
    """Start ``run(say)`` in a forked child; returns (pid, read end of its pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(run, write_fd)
    os.close(write_fd)
    return pid, read_fd


def read_all(read_fd: int) -> list[list[Any]]:
    chunks = []
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    lines = b"".join(chunks).decode().split("\n")
    return [json.loads(line) for line in lines[:-1] if line]  # the last may be cut off


def _edits(path: Path, seed: int) -> Callable[[Callable[..., None]], None]:
    def run(say: Callable[..., None]) -> None:
        rng = random.Random(seed)
        with Workspace.open(path, who=f"trial {seed}") as ws:
            themes = [t.id for t in ws.themes()]
            mine: list[str] = []
            for n in range(100_000):
                step = rng.random()
                if step < 0.45 or not mine:
                    title = f"K{seed}-{n}"
                    say("doing", "add", title)
                    item = ws.add(e.EvidenceItem, title=title, evidence_type="Other",
                                  direction="Mixed", status="Draft", themes=[rng.choice(themes)])
                    mine.append(item.ref)
                    say("done", "add", title, item.ref)
                elif step < 0.85:
                    ref = rng.choice(mine)
                    item = ws.by_ref(e.EvidenceItem, ref)
                    assert item is not None
                    summary = f"S{seed}-{n}"
                    linked = sorted(rng.sample(themes, 2))
                    say("doing", "set", ref, summary, linked)
                    ws.update(e.EvidenceItem, item.id, item.version, summary=summary,
                              themes=linked)
                    say("done", "set", ref, summary, linked)
                else:
                    ref = rng.choice(mine)
                    item = ws.by_ref(e.EvidenceItem, ref)
                    assert item is not None
                    name = f"A{seed}-{n}.txt"
                    say("doing", "attach", ref, name)
                    ws.attach_bytes(item.id, name, rng.randbytes(rng.randint(10, 30_000)))
                    say("done", "attach", ref, name)
    return run


def kill_trial(path: Path, seed: int, report: KillReport) -> None:
    """Edit ``path`` in a child, kill -9 it at a random moment, then check what survived."""
    rng = random.Random(seed)
    pid, read_fd = fork(_edits(path, seed))
    time.sleep(rng.uniform(0.1, 0.5))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    messages = read_all(read_fd)
    report.trials += 1
    errors = [m for m in messages if m[0] == "error"]
    report.raw_errors.extend(f"trial {seed}: {m}" for m in errors)
    try:
        ws = Workspace.open(path)
    except AppError as exc:
        report.integrity_failures.append(f"trial {seed}: {exc}")
        return
    with ws:
        check = sqlite3.connect(path)
        try:
            result = check.execute("PRAGMA integrity_check").fetchall()
        finally:
            check.close()
        if result != [("ok",)]:
            report.integrity_failures.append(f"trial {seed}: {result[:3]}")
        in_flight = messages[-1] if messages and messages[-1][0] == "doing" else None
        _check_acknowledged(ws, seed, messages, in_flight, report)


def _check_acknowledged(ws: Workspace, seed: int, messages: list[list[Any]],
                        in_flight: list[Any] | None, report: KillReport) -> None:
    latest: dict[str, tuple[str, list[int]]] = {}
    attached: dict[str, set[str]] = {}
    for message in messages:
        if message[0] != "done":
            continue
        report.acknowledged += 1
        if message[1] == "add":
            latest.setdefault(message[3], ("", []))
        elif message[1] == "set":
            latest[message[2]] = (message[3], message[4])
        elif message[1] == "attach":
            attached.setdefault(message[2], set()).add(message[3])
    for ref, (summary, linked) in latest.items():
        item = ws.by_ref(e.EvidenceItem, ref)
        if item is None:
            report.lost_edits.append(f"trial {seed}: {ref} missing")
            continue
        state = (item.summary, sorted(t.id for t in item.themes))
        allowed = [(summary, linked)]
        if in_flight and in_flight[1] == "set" and in_flight[2] == ref:
            allowed.append((in_flight[3], in_flight[4]))
        if summary == "" and not linked:
            continue  # only its adding was acknowledged
        if state not in [(s, sorted(ln)) for s, ln in allowed]:
            report.lost_edits.append(f"trial {seed}: {ref} is {state}, acknowledged {allowed}")
    for ref, names in attached.items():
        item = ws.by_ref(e.EvidenceItem, ref)
        have = {a.file_name for a in item.attachments} if item else set()
        if not names <= have:
            report.lost_edits.append(f"trial {seed}: {ref} lost attachments {names - have}")


@dataclass
class WriterReport:
    """What concurrent writers found."""

    writers: int
    adds_each: int
    added: int = 0
    refused: int = 0
    raw_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def concurrent_adds(open_workspace: Callable[[], Workspace], writers: int,
                    adds_each: int) -> WriterReport:
    """``writers`` processes each adding ``adds_each`` evidence items at the same time."""
    report = WriterReport(writers, adds_each)

    def run_for(index: int) -> Callable[[Callable[..., None]], None]:
        def run(say: Callable[..., None]) -> None:
            with open_workspace() as ws:
                for n in range(adds_each):
                    try:
                        ws.add(e.EvidenceItem, title=f"W{index}-{n}", evidence_type="Other",
                               direction="Mixed", status="Draft")
                        say("added")
                    except WorkspaceBusy:
                        say("refused")
        return run

    started = time.perf_counter()
    children = [fork(run_for(i)) for i in range(writers)]
    for pid, read_fd in children:
        for message in read_all(read_fd):
            if message[0] == "added":
                report.added += 1
            elif message[0] == "refused":
                report.refused += 1
            else:
                report.raw_errors.append(str(message))
        os.waitpid(pid, 0)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class UpdateReport:
    """Read-modify-write races on one record: every increment must survive."""

    writers: int
    increments_each: int
    final: int = 0
    conflicts: int = 0
    raw_errors: list[str] = field(default_factory=list)

    @property
    def lost_updates(self) -> int:
        return self.writers * self.increments_each - self.final


def concurrent_increments(open_workspace: Callable[[], Workspace], writers: int,
                          increments_each: int) -> UpdateReport:
    """Each writer adds one to a counter kept in a record, retrying when told it is stale.

    Half the writers change only the record's links (plus the counter by a link-only
    step first), so versions must move on link changes too.
    """
    report = UpdateReport(writers, increments_each)
    with open_workspace() as ws:
        item = ws.add(e.EvidenceItem, title="Counter", evidence_type="Other",
                      direction="Mixed", status="Draft", period="0")
        themes = [t.id for t in ws.themes()]

    def run_for(index: int) -> Callable[[Callable[..., None]], None]:
        def run(say: Callable[..., None]) -> None:
            with open_workspace() as mine:
                for _ in range(increments_each):
                    while True:
                        record = mine.get(e.EvidenceItem, item.id)
                        try:
                            mine.update(e.EvidenceItem, item.id, record.version,
                                        period=str(int(record.period) + 1),
                                        themes=[themes[(index + int(record.period)) % 11]])
                            break
                        except ConflictError:
                            say("conflict")
                        except WorkspaceBusy:
                            say("busy")
        return run

    children = [fork(run_for(i)) for i in range(writers)]
    for pid, read_fd in children:
        for message in read_all(read_fd):
            if message[0] == "conflict":
                report.conflicts += 1
            elif message[0] != "busy":
                report.raw_errors.append(str(message))
        os.waitpid(pid, 0)
    with open_workspace() as ws:
        report.final = int(ws.get(e.EvidenceItem, item.id).period)
    return report
