"""Rebuild resources/briefing_template.docx: the house style of the briefing pack.

Run by hand when the style changes; the .docx is committed. Councils can give
VisitReady their own template instead; it needs the same style names (Title,
Subtitle, Heading 1-3, Normal, List Bullet, Table Grid), and any it lacks fall
back to Word's defaults.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

TEAL = RGBColor(0x0B, 0x4F, 0x6C)
INK = RGBColor(0x22, 0x22, 0x22)
TARGET = Path(__file__).resolve().parents[1] / "resources" / "briefing_template.docx"


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13, 14), ("Heading 3", 11, 10)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = TEAL
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name = "Arial"
    title.font.size = Pt(30)
    title.font.color.rgb = TEAL
    title.font.bold = True
    subtitle = styles["Subtitle"]
    subtitle.font.name = "Arial"
    subtitle.font.size = Pt(16)
    subtitle.font.color.rgb = INK
    subtitle.font.italic = False

    if "Table Text" not in [s.name for s in styles]:
        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(9)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.0
    # The template carries styles only: remove the empty first paragraph.
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("}p"):
            body.remove(child)
    doc.core_properties.title = "VisitReady briefing pack"
    doc.core_properties.author = "VisitReady"
    doc.save(TARGET)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
