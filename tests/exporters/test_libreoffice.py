"""LibreOffice opens both documents: a file it cannot open is broken."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters.excel import write_evidence_log
from exporters.word import write_briefing_pack
from models.briefing import BriefingContent

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                       reason="LibreOffice is not installed (CI installs it)"),
]


def _to_pdf(document: Path, tmp_path: Path) -> Path:
    assert SOFFICE is not None, "CI must install LibreOffice (see .ci/run)"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(document)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / (document.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice could not open {document.name}"
    return pdf


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_libreoffice_opens_the_briefing_pack(content: BriefingContent, tmp_path: Path) -> None:
    pack = write_briefing_pack(content, tmp_path / "pack.docx")
    assert _pages(_to_pdf(pack, tmp_path)) >= 8


def test_libreoffice_opens_the_evidence_log(content: BriefingContent, tmp_path: Path) -> None:
    log = write_evidence_log(content, tmp_path / "log.xlsx")
    assert _pages(_to_pdf(log, tmp_path)) >= 5
