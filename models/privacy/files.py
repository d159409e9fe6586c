"""Attachment file names the workspace keeps: a safe base name, never a path."""

from __future__ import annotations

import re
import unicodedata

#: The longest attachment name kept (characters, extension included).
MAX_NAME_LENGTH = 120
#: Used when nothing of the given name is left once it is made safe.
FALLBACK_NAME = "attachment"

# Names Windows reserves for devices, with or without an extension.
_DEVICE_NAMES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                 *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
                 "COM\u00b9", "COM\u00b2", "COM\u00b3", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3"}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_file_name(name: str | None) -> str:
    """The base name an attachment is kept under: no folders, no drive, no ``..``,
    no device name (``CON``, ``NUL.txt`` …), no control characters, at most
    :data:`MAX_NAME_LENGTH` characters with the extension kept.

    >>> safe_file_name("../../etc/passwd")
    'passwd'
    >>> safe_file_name("C:\\\\Users\\\\x\\\\CON.txt")
    '_CON.txt'
    """
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]  # the last part of any path, either separator
    text = re.sub(r"^[A-Za-z]:", "", text)  # a drive left without a separator ("C:x.txt")
    text = _UNSAFE.sub("_", text)
    text = text.strip().strip(".").strip()  # no "..", no trailing dots or spaces (Windows)
    if not text:
        return FALLBACK_NAME
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.split(".")[0].strip().upper() in _DEVICE_NAMES or text.upper() in _DEVICE_NAMES:
        text = "_" + text
        stem = "_" + stem
    if len(text) > MAX_NAME_LENGTH:
        ext = ext[:16]
        keep = MAX_NAME_LENGTH - (len(ext) + 1 if ext else 0)
        text = stem[:keep].rstrip(" .") + (f".{ext}" if ext else "")
    return text
