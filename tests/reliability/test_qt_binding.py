"""The Qt binding must not give back references to None it never took (the app would abort).

PySide6 6.12.0 on Python 3.11 releases a reference to ``None`` on every call that
returns nothing; when the count reaches zero the interpreter aborts with
``Fatal Python error: none_dealloc``, taking the window (and whatever the user was
typing) with it. Each case runs in its own interpreter so that an abort fails the
test instead of ending the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).with_name("binding_cases.py")
#: Enough rounds to use up every reference to None a fresh interpreter holds (about 5,000)
#: at one lost reference per call, with room to spare.
CYCLES = 40


def run_case(case: str, cycles: int = CYCLES) -> dict[str, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(CASES), case, str(cycles)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (
        f"the process running {case!r} died (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", ["tree_clear", "select_each_row", "select_ranges",
                                  "void_calls"])
def test_binding_keeps_count_of_none(case: str) -> None:
    """Promise: repeating the call neither aborts the process nor lowers None's count."""
    seen = run_case(case)
    assert seen["lowest"] >= seen["start"], (
        f"{case}: references to None fell from {seen['start']} to {seen['lowest']}")
    # From Python 3.12 None is immortal; the binding's own count of live wrappers is
    # what shows a leak or a double release there.
    assert seen["wrappers_end"] <= seen["wrappers_start"] + 5, seen
