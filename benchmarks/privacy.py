"""The cost of keeping children's data safe, on a workspace of 20,000 evidence items.

Run by hand: ``python benchmarks/privacy.py [ROWS]`` (default 20000). Each figure is
compared with the bare library doing the same work in the same run:

- the check before an export (every scanned field of every record) against Python's
  ``re`` running the scanner's seven patterns over the same texts with nothing else;
- erasing one record (every copy, then VACUUM) against a bare sqlite3 VACUUM of the same
  file, which is most of the work;
- opening an encrypted copy and reading every evidence item against bare sqlcipher3
  doing the same read with the same key.

Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring  # noqa: E402
from keyring.backends import fail  # noqa: E402

from benchmarks.evidence_page import _fill  # noqa: E402
from models import entities as e  # noqa: E402
from models import personal_data as pd  # noqa: E402
from models.privacy import keys  # noqa: E402
from models.privacy.erasure import erase  # noqa: E402
from models.privacy.export_rule import check_before_export, record_texts  # noqa: E402
from models.store import Workspace  # noqa: E402

PASSPHRASE = "benchmark passphrase"
PATTERNS = (pd._EMAIL, pd._DOB, pd._NHS, pd._UPN, pd._NI, pd._PHONE, pd._POSTCODE)


def _timed(work: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main(rows: int) -> None:
    keyring.set_keyring(fail.Keyring())  # never the machine's own keyring
    folder = Path(tempfile.mkdtemp())
    path = folder / "big.visitready"
    _fill(path, rows)
    print(f"| step ({rows:,} evidence items) | ours s | bare s | ratio |")
    print("|---|---:|---:|---:|")

    with Workspace.open(path) as ws:
        visit = ws.latest_visit()
        assert visit is not None
        contents = ws.contents(visit.id)
        texts = [t for r in contents.evidence for _label, t in record_texts(r)]
        ours = _timed(lambda: check_before_export(ws, visit.id))
        read = _timed(lambda: ws.contents(visit.id))

        def bare_scan() -> None:
            for text in texts:
                for pattern in PATTERNS:
                    for _m in pattern.finditer(text):
                        pass

        bare = _timed(bare_scan) + read  # the check reads the visit too
        print(f"| check before export | {ours:.2f} | {bare:.2f} | {ours / bare:.1f} |")

        item = ws.add(e.EvidenceItem, title="Audit", evidence_type="Other", direction="Mixed",
                      status="Draft", summary="Jolene Bloggsworth, NHS 943 476 5919")
        ours = _timed(lambda: erase(ws, "evidence", item.id, ["Jolene Bloggsworth"]), runs=1)

    def bare_vacuum() -> None:
        connection = sqlite3.connect(path)
        connection.execute("VACUUM")
        connection.close()

    bare = _timed(bare_vacuum, runs=1)
    print(f"| erase one record (every copy, VACUUM) | {ours:.2f} | {bare:.2f} | "
          f"{ours / bare:.1f} |")

    def ours_read(passphrase: str | None) -> None:
        with Workspace.open(path, passphrase=passphrase) as ws:
            ws.all(e.EvidenceItem)

    def bare_read(driver: object, pragma: str) -> None:
        connection = driver.connect(str(path))  # type: ignore[attr-defined]
        if pragma:
            connection.execute(pragma)
        connection.execute("SELECT * FROM evidence").fetchall()
        connection.execute("SELECT * FROM evidence_theme").fetchall()
        connection.close()

    import sqlcipher3

    ours = _timed(lambda: ours_read(None))
    bare = _timed(lambda: bare_read(sqlite3, ""))
    print(f"| plain: open + read every item | {ours:.2f} | {bare:.2f} | {ours / bare:.1f} |")
    keys.encrypt_workspace(path, PASSPHRASE)
    pragma = f"PRAGMA key=\"x'{keys.find_key(path, PASSPHRASE).hex()}'\""
    ours = _timed(lambda: ours_read(PASSPHRASE))
    bare = _timed(lambda: bare_read(sqlcipher3, pragma))
    print(f"| encrypted: open (scrypt unlock) + read every item | {ours:.2f} | {bare:.2f} | "
          f"{ours / bare:.1f} |")
    print(f"(texts scanned: {len(texts):,}; "
          f"{sum(1 for t in texts if re.search(r'[0-9@]', t)):,} hold a digit or @)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
