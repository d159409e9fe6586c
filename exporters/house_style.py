"""A council's own Word template: checked when chosen, completed from the built-in one if needed."""

from __future__ import annotations

import copy
import io
from importlib import resources
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from models.errors import OutputFileError

#: Paragraph and table styles the briefing pack uses by name.
PACK_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
               "List Bullet", "Table Text", "Table Grid")


def _style_names(doc: DocxDocument) -> set[str]:
    return {s.name for s in doc.styles if s.name}


def built_in_template() -> DocxDocument:
    source = resources.files("resources").joinpath("briefing_template.docx").read_bytes()
    return Document(io.BytesIO(source))


def open_template(path: Path) -> DocxDocument:
    """Read a .docx template.

    Raises:
        OutputFileError: it cannot be read as a Word document.
    """
    try:
        return Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise OutputFileError(
            f"The Word template {Path(path).name} could not be read.",
            "Choose a .docx file saved by Word, or use the built-in style.",
        ) from exc


def missing_styles(path: Path) -> list[str]:
    """The pack's styles a template lacks (they are taken from the built-in template).

    Raises:
        OutputFileError: the template cannot be read.
    """
    names = _style_names(open_template(path))
    return [name for name in PACK_STYLES if name not in names]


def complete_styles(doc: DocxDocument) -> list[str]:
    """Add to ``doc`` each pack style it lacks, copied from the built-in template.

    A copied list style loses its numbering (that lives in another part of the
    file), so the pack writes its own bullet character for it.

    Returns:
        The names of the styles added.
    """
    have = _style_names(doc)
    wanted = [name for name in PACK_STYLES if name not in have]
    if not wanted:
        return []
    source = built_in_template().styles
    added = []
    for name in wanted:
        try:
            style = source[name]
        except KeyError:
            continue
        element = copy.deepcopy(style.element)
        for numbering in element.findall(f".//{qn('w:numPr')}"):
            numbering.getparent().remove(numbering)
        doc.styles.element.append(element)
        added.append(name)
    return added
