"""The help pages shipped with VisitReady (package data), for the app and the exports."""

from __future__ import annotations

import re
from importlib import resources

#: Name of each page, as the Help menu offers it, and its file in resources/help.
PAGES = {"User guide": "user-guide.md", "How readiness is worked out": "readiness.md"}


def page_text(title: str) -> str:
    """One help page, as Markdown."""
    return resources.files("resources").joinpath("help", PAGES[title]).read_text("utf-8")


def plain_lines(title: str) -> list[str]:
    """A page as plain lines of text (no Markdown marks), for a sheet or a message."""
    lines = []
    for line in page_text(title).splitlines():
        line = re.sub(r"\*\*|`|^#+\s*", "", line).rstrip()
        if set(line) <= {"|", "-", " "} and line:
            continue  # a table's rule line
        lines.append(re.sub(r"\s*\|\s*", "  |  ", line).strip(" |"))
    return lines
