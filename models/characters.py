"""Characters a workspace refuses: the ones an XML document (Word, Excel) cannot hold."""

from __future__ import annotations

import re

from .errors import ValidationError

#: Control characters other than tab, newline and carriage return, the two non-characters
#: U+FFFE and U+FFFF, and lone surrogates: none can be written to a .docx or .xlsx.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def remove_unwritable(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return NOT_IN_XML.sub("", text)


def check_text(label: str, value: object) -> None:
    """Refuse a text value holding a character the exports could not write.

    Raises:
        ValidationError: naming the field and the character's code.
    """
    if not isinstance(value, str):
        return
    found = NOT_IN_XML.search(value)
    if found is None:
        return
    code = f"U+{ord(found.group()):04X}"
    raise ValidationError(
        f"{label}: contains an invisible control character ({code}), often pasted in from "
        "another program by accident.",
        "Retype the text, or paste it as plain text, then save again.",
    )
