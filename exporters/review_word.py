"""The readiness review as a Word document for the weekly readiness meeting."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Inches, Pt

from models import dates
from models.review import Review, ReviewItem

from .common import safe_output

#: Column widths on a landscape page: Severity, Due, Owner, Theme, What, Record.
WIDTHS = (Inches(0.8), Inches(0.95), Inches(1.3), Inches(1.4), Inches(3.7), Inches(0.85))


def write_readiness_review(review: Review, groups: Sequence[tuple[str, Sequence[ReviewItem]]],
                           path: Path, *, authority: str, marking: str) -> Path:
    """Write the review: the visit's RAG, each focus theme's reason, then the gaps by group.

    ``groups`` is what the review page shows (one unnamed group when not grouped),
    so the document matches the screen the meeting looked at.
    """
    r = review.readiness
    with safe_output(path) as part:
        doc = Document()
        section = doc.sections[0]
        # Landscape, so the "What" column has room to be read.
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.header.paragraphs[0].text = marking
        section.footer.paragraphs[0].text = marking
        doc.add_heading(f"Readiness review: {r.visit.title}", 0)
        doc.add_paragraph(f"{authority}. Readiness {r.score:.0%}, {r.rag.value}"
                          + (f"; {r.days_to_visit} days to the visit"
                             if r.days_to_visit is not None else "")
                          + f". As at {dates.show(r.today)}.")
        doc.add_heading("Focus themes", 1)
        for name, reason in review.theme_reasons:
            doc.add_paragraph(f"{name} \u2014 {reason}", style="List Bullet")
        doc.add_heading("What is missing", 1)
        for name, items in groups:
            if name:
                doc.add_heading(f"{name} ({len(items)})", 2)
            table = doc.add_table(rows=1, cols=6)
            table.style = "Table Grid"
            table.autofit = False
            for column, width in zip(table.columns, WIDTHS, strict=True):
                column.width = width  # the grid LibreOffice reads
            for cell, text in zip(table.rows[0].cells, ("Severity", "Due", "Owner", "Theme",
                                                        "What", "Record"), strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
                cell.paragraphs[0].runs[0].font.size = Pt(9)
            for _item in items:
                table.add_row()
            for row in table.rows:
                for cell, width in zip(row.cells, WIDTHS, strict=True):
                    cell.width = width
            for item, row in zip(items, table.rows[1:], strict=True):
                cells = row.cells
                for cell, text in zip(cells, (item.severity_word, dates.show(item.due),
                                              item.owner, item.theme, item.message,
                                              item.record_ref), strict=True):
                    cell.text = text
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(9)
        doc.save(str(part))
    return path
