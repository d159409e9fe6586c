"""Paragraph styles of one Word document, looked up once by name instead of on every paragraph."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph


class ParagraphStyles:
    """The paragraph styles of ``doc`` by name, resolved when the writer starts.

    python-docx resolves a style name on every ``add_paragraph(style=...)`` and compares
    it with the default style by scanning every style in the document (about a
    millisecond each with a full template); a pack sets a style on hundreds of
    paragraphs. This writes the same ``w:pStyle`` python-docx would (none for the
    default style), from a table built once per document.
    """

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_name = default.name if default is not None else "Normal"
        self._ids: dict[str, str | None] = {}
        self._names: dict[str, str] = {}
        for style in doc.styles:
            if style.type != WD_STYLE_TYPE.PARAGRAPH or not style.name:
                continue
            is_default = default is not None and style == default
            self._ids.setdefault(style.name, None if is_default else style.style_id)
            self._names.setdefault(style.style_id, style.name)

    def style_id(self, style: str | BaseStyle) -> str | None:
        """The id to write for ``style`` (a name or a style); None for the default style.

        Raises:
            KeyError: the document has no paragraph style of that name.
        """
        name = style.name if isinstance(style, BaseStyle) else style
        if name not in self._ids:
            raise KeyError(f"no paragraph style named {name!r}")
        return self._ids[name]

    def add_paragraph(self, text: str = "", style: str | BaseStyle | None = None) -> Paragraph:
        """``doc.add_paragraph(text, style)``, the same XML without the per-call look-up."""
        paragraph = self.doc.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def add_heading(self, text: str, level: int) -> Paragraph:
        """``doc.add_heading(text, level)``: Title for level 0, else Heading ``level``."""
        if not 0 <= level <= 9:
            raise ValueError(f"level must be in range 0-9, got {level}")
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def name_of(self, paragraph: Paragraph) -> str:
        """The name of ``paragraph``'s style, as ``paragraph.style.name`` gives it."""
        style_id = paragraph._p.style
        if style_id is None:
            return self.default_name
        return self._names.get(style_id, self.default_name)
