"""Word fields (PAGE, NUMPAGES, TOC) that Word and LibreOffice fill in, for every document
VisitReady writes."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph


def add_field(paragraph: Paragraph, instruction: str, placeholder: str | None = "1", *,
              size: Length | None = None, finished: bool = True) -> None:
    """Append a field to ``paragraph``: its code, what shows until the reader updates it
    (``placeholder``; None for nothing), then its end unless ``finished`` is False (the
    caller then writes the field's content and calls :func:`end_field`)."""
    parts: list[tuple[str, str | None]] = [("begin", None), ("instr", instruction),
                                           ("separate", None)]
    if placeholder is not None:
        parts.append(("text", placeholder))
    if finished:
        parts.append(("end", None))
    for kind, text in parts:
        run = paragraph.add_run()
        if size is not None:
            run.font.size = size
        if kind == "text":
            run.text = text or ""
            continue
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = _field_char(kind)
        run._r.append(element)


def end_field(paragraph: Paragraph) -> None:
    """Close a field opened with ``finished=False``."""
    paragraph.add_run()._r.append(_field_char("end"))


def _field_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element
