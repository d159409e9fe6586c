"""`visitready import-annex-a`: the return imported from the command line, problems listed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from models import annex, indicators
from models.store import Workspace

from .annex_files import LIST3, SAMPLE, workbook

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "import-annex-a", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_sample_is_imported_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "la.visitready"
    Workspace.create(path).close()
    done = _run(str(path), str(SAMPLE), "--as-at", "2021-03-31")
    assert done.returncode == 0, done.stderr
    assert "List 9: recognised" in done.stdout and "Imported 59 rows" in done.stdout
    with Workspace.open(path) as workspace:
        (only,) = annex.returns(workspace)
        assert len(indicators.stored_values(workspace, only.id)) == len(indicators.CATALOGUE)
    again = _run(str(path), str(SAMPLE), "--as-at", "2021-06-30")
    assert again.returncode == 1 and "already imported" in again.stderr


def test_problems_are_listed_and_nothing_imported_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "la.visitready"
    Workspace.create(path).close()
    rows = [LIST3,
            [1, "a) Male", "a) WBRI", "01/01/2015", None, "01/02/2021", "q) 6: Police", "b) No",
             1, "Team", "W"],
            [2, "a) Male", "a) WBRI", "not a date", None, "01/02/2021", "q) 6: Police", "b) No",
             1, "Team", "W"]]
    source = workbook(tmp_path / "l3.xlsx", {"Referrals": rows})
    done = _run(str(path), str(source), "--as-at", "2021-03-31")
    assert done.returncode == 1
    assert "List 3: Referrals, row 3, Date of Birth: \u201cnot a date\u201d" in done.stdout
    assert "--import-rest" in done.stderr
    with Workspace.open(path) as workspace:
        assert annex.returns(workspace) == []
    done = _run(str(path), str(source), "--as-at", "2021-03-31", "--import-rest")
    assert done.returncode == 0, done.stderr
    with Workspace.open(path) as workspace:
        assert [r.row_count for r in annex.returns(workspace)] == [1]


def test_a_bad_date_or_file_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "la.visitready"
    Workspace.create(path).close()
    assert _run(str(path), str(SAMPLE), "--as-at", "31/03/2021").returncode == 2
    text = tmp_path / "notes.xlsx"
    text.write_text("hello")
    done = _run(str(path), str(text), "--as-at", "2021-03-31")
    assert done.returncode == 1 and "not a spreadsheet" in done.stderr
