"""The readiness review as a Word document for the weekly readiness meeting: the one writer,
used by the review page, the export dialog and the command line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from models import dates
from models.briefing import BriefingContent
from models.review import ReviewDocument, ReviewItem, document_from_briefing
from models.vocabulary import counted

from .common import IsCancelled, Progress, Steps, safe_output
from .house_style import built_in_template, complete_styles, open_template
from .print_colours import HEADING_FILL, SEVERITY_FILL
from .safe_text import for_word
from .word_fields import add_field

#: The gap table: (heading, width in cm) on a landscape A4 page (25.7 cm between margins).
COLUMNS = (("Severity", 2.0), ("Due", 2.3), ("Record", 2.0), ("What is missing", 11.4),
           ("Owner", 4.2), ("Theme", 3.8))


def write_readiness_review(review: ReviewDocument | BriefingContent, path: Path, *,
                           progress: Progress | None = None,
                           is_cancelled: IsCancelled | None = None) -> Path:
    """Write the readiness review for the weekly meeting to ``path`` (.docx).

    It says the visit's readiness and why, each focus theme's RAG and the reason for it, the
    director's sign-off, then every gap with its severity, due date, record, owner and theme,
    grouped as chosen. Every piece of text passes the export text gate
    (``exporters.safe_text``); record text has passed the export rule for personal data when
    the document was built (``models.review``).

    Args:
        review: The document as the review page built it, or an export's content (the
            export dialog and the command line), grouped by owner, then theme.
        path: Where to write it.

    Raises:
        OutputFileError: the file cannot be written, or the template is unusable.
        ExportCancelled: the user cancelled; no file is left behind.
    """
    document = (review if isinstance(review, ReviewDocument)
                else document_from_briefing(review))
    steps = Steps(3, progress, is_cancelled)
    steps.step("Readiness review")
    doc = _new_document(document.template)
    _Review(doc, document).write()
    steps.step("Saving")
    with safe_output(Path(path)) as part:
        doc.save(str(part))
    steps.step("Done")
    return Path(path)


def _new_document(template: Path | None) -> DocxDocument:
    """A landscape document with the house style's styles and no body."""
    doc = built_in_template() if template is None else open_template(template)
    complete_styles(doc)
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    section = doc.sections[0]
    if section.orientation != WD_ORIENT.LANDSCAPE:
        # Landscape, so the "What is missing" column has room to be read.
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    return doc


class _Review:
    def __init__(self, doc: DocxDocument, review: ReviewDocument) -> None:
        self.doc = doc
        self.r = review
        self.styles = {s.name for s in doc.styles if s.name}

    def para(self, text: str = "", *, bold_lead: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style if style in self.styles else None)
        if bold_lead:
            paragraph.add_run(for_word(bold_lead)).bold = True
        if text:
            paragraph.add_run(for_word(text))
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.doc.add_heading(for_word(text), level=level)

    def write(self) -> None:
        r = self.r
        self.marking_and_page_numbers()
        self.para(r.authority, style="Subtitle")
        self.para(f"Readiness review: {r.visit_title}", style="Title")
        self.para(f"For the weekly readiness meeting, as at {dates.show(r.as_at)}; on site "
                  f"{r.on_site}. Internal: not part of the briefing pack.")
        self.para(r.visit_reason, bold_lead=f"Readiness {r.score:.0%} {r.rag}. ")
        self.para(r.sign_off, bold_lead="Sign-off. ")
        if r.left_out:
            self.para(f"{counted(r.left_out, 'record')} left out: their text may hold personal data.")
        self.heading("Focus themes", 1)
        if not r.theme_reasons:
            self.para("This visit has no focus themes yet.")
        for name, reason in r.theme_reasons:
            self.para(reason, bold_lead=f"{name}: ", style="List Bullet")
        self.heading("What is missing", 1)
        self.para(f"{counted(r.gap_count, 'gap')} for {counted(r.owners, 'owner')}"
                  + (f", grouped by {r.grouped_by}" if r.grouped_by else "")
                  + ". Severity: High (a theme is Red without it), Medium, Low.")
        if not r.gap_count:
            self.para("Nothing is missing.")
            return
        heading = None
        for group in r.groups:
            level = 2
            if group.heading and group.heading != heading:
                self.heading(group.heading, level)
                heading = group.heading
            if group.subheading:
                self.heading(group.subheading, level + 1)
            self.table(group.items)

    def table(self, items: Sequence[ReviewItem]) -> Table:
        """One group's gaps: rows added one by one (never ``table.cell(r, c)`` in a loop)."""
        table = self.doc.add_table(rows=0, cols=len(COLUMNS))
        if "Table Grid" in self.styles:
            table.style = "Table Grid"
        table.autofit = False
        widths = [Cm(w) for _h, w in COLUMNS]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid LibreOffice reads
        header = table.add_row()
        _repeat_as_header(header._tr)
        for cell, (text, _w), width in zip(header.cells, COLUMNS, widths, strict=True):
            cell.width = width
            run = cell.paragraphs[0].add_run(for_word(text))
            run.bold = True
            run.font.size = Pt(9)
            _fill(cell, HEADING_FILL)
        for item in items:
            row = table.add_row()
            _keep_whole(row._tr)
            cells = row.cells
            for column, (cell, text, width) in enumerate(zip(cells, (
                    item.severity_word, dates.show(item.due), item.record_ref, item.message,
                    item.owner, item.theme), widths, strict=True)):
                cell.width = width
                if column == 3:  # the kind of gap first, in bold, then the detail
                    lead = cell.paragraphs[0].add_run(for_word(f"{item.kind}. "))
                    lead.bold = True
                    lead.font.size = Pt(9)
                cell.paragraphs[0].add_run(for_word(text)).font.size = Pt(9)
            _fill(cells[0], SEVERITY_FILL[item.severity_word])
        self.para()
        return table

    def marking_and_page_numbers(self) -> None:
        """The marking in every header and footer; "Page X of Y" in the footer."""
        for section in self.doc.sections:
            for part, numbered in ((section.header, False), (section.footer, True)):
                part.is_linked_to_previous = False
                paragraph = part.paragraphs[0]
                paragraph.text = ""
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(for_word(self.r.marking + ("    " if numbered else "")))
                run.bold = True
                run.font.size = Pt(9)
                if numbered:
                    paragraph.add_run("Page ").font.size = Pt(9)
                    add_field(paragraph, "PAGE", size=Pt(9))
                    paragraph.add_run(" of ").font.size = Pt(9)
                    add_field(paragraph, "NUMPAGES", size=Pt(9))


def _fill(cell: object, colour: str) -> None:
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shade)  # type: ignore[attr-defined]


def _repeat_as_header(row: object) -> None:
    """The heading row repeats at the top of every page the table runs onto."""
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row.get_or_add_trPr().append(mark)  # type: ignore[attr-defined]


def _keep_whole(row: object) -> None:
    """A row is never split across two pages."""
    mark = OxmlElement("w:cantSplit")
    mark.set(qn("w:val"), "true")
    row.get_or_add_trPr().append(mark)  # type: ignore[attr-defined]
