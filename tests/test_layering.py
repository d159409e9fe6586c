"""The domain, the exporters and the importers stay free of Qt (they run headless, in CI and on servers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_models_exporters_and_importers_do_not_import_qt() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import models, exporters, importers\n"
        "for pkg in (models, exporters, importers):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations.' in info.name: continue\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""
