"""The reliability suite in its long form: 200+ kill -9 trials, 8 writers x 50 adds, racing
updates, the damaged-file corpus, each against the bare library doing the same in the same run.

Run by hand: ``python benchmarks/reliability.py [KILL_TRIALS]`` (default 200); set
VISITREADY_TEST_POSTGRES to a server's URL to race writers on PostgreSQL too.
Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from models.errors import AppError  # noqa: E402
from models.store import Workspace  # noqa: E402
from tests.reliability.corpus import build_corpus, good_workspace  # noqa: E402
from tests.reliability.harness import (  # noqa: E402
    KillReport,
    concurrent_adds,
    concurrent_increments,
    fork,
    read_all,
)
from tests.reliability.harness import kill_trial as run_kill_trial  # noqa: E402


def bare_adds(path: Path, writers: int, adds_each: int) -> tuple[int, int, float]:
    """Plain sqlite3 (its default 5 s timeout, deferred transactions): added, refused, seconds."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, ref TEXT UNIQUE, title TEXT)")
    connection.execute("CREATE TABLE counter (n INTEGER)")
    connection.execute("INSERT INTO counter VALUES (0)")
    connection.commit()
    connection.close()

    def run_for(index: int):  # type: ignore[no-untyped-def]
        def run(say):  # type: ignore[no-untyped-def]
            db = sqlite3.connect(path)
            for n in range(adds_each):
                try:
                    number = db.execute("SELECT n FROM counter").fetchone()[0] + 1
                    db.execute("UPDATE counter SET n = ?", (number,))
                    db.execute("INSERT INTO item (ref, title) VALUES (?, ?)",
                               (f"E-{number:03d}", f"W{index}-{n}"))
                    db.commit()
                    say("added")
                except sqlite3.Error as exc:
                    db.rollback()
                    say("refused", str(exc))
            db.close()
        return run

    started = time.perf_counter()
    children = [fork(run_for(i)) for i in range(writers)]
    added = refused = 0
    for pid, read_fd in children:
        for message in read_all(read_fd):
            added += message[0] == "added"
            refused += message[0] == "refused"
        os.waitpid(pid, 0)
    return added, refused, time.perf_counter() - started


def bare_increments(path: Path, writers: int, each: int) -> int:
    """Plain read-modify-write with no version check: how many increments are lost."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE c (n INTEGER)")
    db.execute("INSERT INTO c VALUES (0)")
    db.commit()
    db.close()

    def run(say):  # type: ignore[no-untyped-def]
        mine = sqlite3.connect(path, timeout=30)
        for _ in range(each):
            number = mine.execute("SELECT n FROM c").fetchone()[0]
            mine.commit()
            time.sleep(0.001)  # the user's think time between reading and saving
            mine.execute("UPDATE c SET n = ?", (number + 1,))
            mine.commit()
        mine.close()

    children = [fork(run) for _ in range(writers)]
    for pid, read_fd in children:
        read_all(read_fd)
        os.waitpid(pid, 0)
    db = sqlite3.connect(path)
    final = db.execute("SELECT n FROM c").fetchone()[0]
    db.close()
    return writers * each - final


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    folder = Path(tempfile.mkdtemp(prefix="visitready-reliability-"))
    print(f"Working in {folder}")

    # 1. kill -9 during edits
    path = folder / "killed.visitready"
    Workspace.create(path).close()
    report = KillReport()
    started = time.perf_counter()
    for seed in range(trials):
        run_kill_trial(path, seed, report)
    print(f"\nkill -9 trials: {report.trials} in {time.perf_counter() - started:.0f} s, "
          f"{report.acknowledged} acknowledged edits")
    print(f"  integrity failures {len(report.integrity_failures)}, lost acknowledged edits "
          f"{len(report.lost_edits)}, raw errors {len(report.raw_errors)}")
    for problem in (report.integrity_failures + report.lost_edits + report.raw_errors)[:10]:
        print("   ", problem)

    # 2. 8 writers x 50 adds
    shared = folder / "shared.visitready"
    Workspace.create(shared).close()
    ours = concurrent_adds(lambda: Workspace.open(shared), writers=8, adds_each=50)
    b_added, b_refused, b_seconds = bare_adds(folder / "bare.sqlite", 8, 50)
    print("\n8 processes x 50 adds on one file:")
    print(f"  VisitReady: added {ours.added}, refused {ours.refused}, raw errors "
          f"{len(ours.raw_errors)}, {ours.seconds:.1f} s")
    print(f"  bare sqlite3: added {b_added}, refused {b_refused}, {b_seconds:.1f} s "
          f"(time ratio {ours.seconds / b_seconds:.1f}x)")

    # 3. racing read-modify-write
    race = folder / "race.visitready"
    Workspace.create(race).close()
    racing = concurrent_increments(lambda: Workspace.open(race), writers=8, increments_each=25)
    lost_bare = bare_increments(folder / "bare-race.sqlite", 8, 25)
    print(f"\n8 writers x 25 read-modify-write steps on one record (SQLite): lost updates "
          f"{racing.lost_updates} (conflicts caught and retried {racing.conflicts}), raw errors "
          f"{len(racing.raw_errors)}; bare sqlite3 without versions lost {lost_bare}")

    server = os.environ.get("VISITREADY_TEST_POSTGRES", "")
    if server:
        name = f"visitready_{uuid.uuid4().hex[:12]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        try:
            Workspace.connect(url).close()
            adds = concurrent_adds(lambda: Workspace.connect(url), writers=8, adds_each=50)
            pg_race = concurrent_increments(lambda: Workspace.connect(url), writers=8,
                                            increments_each=25)
            print(f"\nPostgreSQL: 8 x 50 adds: added {adds.added}, refused {adds.refused}, raw "
                  f"errors {len(adds.raw_errors)}, {adds.seconds:.1f} s; racing updates lost "
                  f"{pg_race.lost_updates}, raw errors {len(pg_race.raw_errors)}")
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()

    # 4. damaged and foreign files
    corpus = build_corpus(good_workspace(folder / "good.visitready"), folder / "corpus")
    refused = changed = raw = opened = 0
    for _name, file in corpus.items():
        before = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "-"
        try:
            Workspace.open(file).close()
            opened += 1
        except AppError:
            refused += 1
            after = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "-"
            changed += after != before
        except Exception:  # noqa: BLE001 - counting raw errors is the point
            raw += 1
    print(f"\nDamaged and foreign files: {len(corpus)}; refused plainly {refused}, opened "
          f"{opened}, changed by a refused open {changed}, raw errors {raw}")


if __name__ == "__main__":
    main()
