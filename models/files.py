"""Temporary files made safely beside their final place (for workspaces, copies and exports)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(
    os, "O_BINARY", 0)


def exclusive_temporary(folder: Path, prefix: str, suffix: str) -> Path:
    """Create a new empty file in ``folder`` under an unused random name and return its path.

    Created exclusively (never an existing file, never through a link planted under the
    name), with the permissions a normal save would give (``0o666`` less the umask), unlike
    :func:`tempfile.mkstemp`'s owner-only files, so a workspace or export made this way can be
    shared like any other file in its folder.

    Raises:
        OSError: the folder cannot be written.
    """
    for _ in range(100):
        path = Path(folder) / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            os.close(os.open(path, _FLAGS, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {folder}")
