"""The Word briefing pack (python-docx), styled from a template."""

from __future__ import annotations

import io
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from models.briefing import GRADE_LIGHT, RAG_LIGHT, BriefingContent, ThemeSection, glossary_for
from models.errors import OutputFileError
from models.vocabulary import Rag

from .chart import chart_png
from .common import IsCancelled, Progress, Steps, safe_output

CONTENT_WIDTH_CM = 17.0


def write_briefing_pack(content: BriefingContent, path: Path, *, progress: Progress | None = None,
                        is_cancelled: IsCancelled | None = None) -> Path:
    """Write the briefing pack for ``content`` to ``path`` (.docx).

    Raises:
        OutputFileError: the file cannot be written, or the template is unusable.
        ExportCancelled: the user cancelled; no file is left behind.
    """
    steps = Steps(6 + len(content.sections), progress, is_cancelled)
    doc = _new_document(content.options.template)
    writer = _Pack(doc, content)
    steps.step("Cover and contents")
    writer.cover()
    writer.contents_field()
    steps.step("Visit overview")
    writer.overview()
    steps.step("Readiness summary")
    writer.readiness_summary()
    for section in content.sections:
        steps.step(f"Theme: {section.theme.name}")
        writer.theme_section(section)
    steps.step("Appendix")
    writer.appendix()
    steps.step("Glossary")
    writer.glossary()
    writer.marking_and_page_numbers()
    steps.step("Saving")
    with safe_output(Path(path)) as part:
        doc.save(str(part))
    return Path(path)


def _new_document(template: Path | None) -> DocxDocument:
    """A document with the template's styles and an empty body."""
    try:
        if template is None:
            source = resources.files("resources").joinpath("briefing_template.docx").read_bytes()
            doc = Document(io.BytesIO(source))
        else:
            doc = Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        raise OutputFileError(
            f"The Word template {template.name if template else ''} could not be read.",
            "Choose a .docx file saved by Word, or use the built-in style.",
        ) from exc
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def _shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _repeat_header(table: Table) -> None:
    row_props = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row_props.append(flag)


def _keep_row_together(row: Any) -> None:
    """A row is not split across two pages."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) that Word fills in."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            run.text = text or ""
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


class _Pack:
    def __init__(self, doc: DocxDocument, content: BriefingContent) -> None:
        self.doc = doc
        self.c = content
        names = {s.name for s in doc.styles}
        self.table_style = "Table Grid" if "Table Grid" in names else None
        self.table_text = "Table Text" if "Table Text" in names else "Normal"
        self.bullet = "List Bullet" if "List Bullet" in names else "Normal"
        self.has = names

    # -- building blocks -----------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str = "", *, bold_lead: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style if style in self.has else None)
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        if text:
            paragraph.add_run(text)
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.doc.add_paragraph(item, style=self.bullet)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]],
              widths_cm: Sequence[float], *, fills: Sequence[Sequence[str | None]] | None = None
              ) -> Table:
        """A table filled row by row (never cell by cell), header repeated on each page."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        if self.table_style:
            table.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # LibreOffice lays tables out from the grid, Word from the cells: set both.
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        for cell, text, width in zip(table.rows[0].cells, headers, widths_cm, strict=True):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = self.table_text
            paragraph.add_run(text).bold = True
            _shade(cell, "DCE6EC")
        _repeat_header(table)
        for r, values in enumerate(rows):
            row = table.add_row()
            _keep_row_together(row)
            cells = row.cells
            for col, (cell, value, width) in enumerate(zip(cells, values, widths_cm, strict=True)):
                cell.width = Cm(width)
                paragraph = cell.paragraphs[0]
                paragraph.style = self.table_text
                paragraph.add_run("" if value is None else str(value))
                fill = fills[r][col] if fills else None
                if fill:
                    _shade(cell, fill)
        self.doc.add_paragraph()
        return table

    # -- parts of the pack ---------------------------------------------------------------

    def cover(self) -> None:
        c = self.c
        for _ in range(6):
            self.doc.add_paragraph()
        self.para(c.authority.name or "Children's services", style="Subtitle")
        self.para(f"{c.visit.title}", style="Title")
        self.para("Briefing pack for leaders, staff and members", style="Subtitle")
        self.doc.add_paragraph()
        self.para(c.on_site, bold_lead="On site: ")
        focus = "; ".join(t.name for t in c.visit.themes) or "not yet known"
        self.para(focus, bold_lead="Focus: ")
        if c.visit.lead_inspector:
            self.para(c.visit.lead_inspector, bold_lead="Lead inspector: ")
        self.para(f"{c.produced_at:%d %B %Y}", bold_lead="Produced: ")
        self.para(f"{c.readiness.rag.value} ({c.readiness.score:.0%})",
                  bold_lead="Overall readiness: ")
        self.doc.add_paragraph()
        self.para(f"Protective marking: {c.marking}. Contains information about services for "
                  "vulnerable children. Do not forward outside the authority without the "
                  "information owner's agreement.")
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def contents_field(self) -> None:
        """A table of contents field; Word updates it (with page numbers) on open."""
        self.heading("Contents", 1)
        paragraph = self.doc.add_paragraph()
        _add_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u',
                   "Update this table to see page numbers (right-click, Update field).")
        for title in self._heading_titles():
            self.para(title)
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _heading_titles(self) -> list[str]:
        return (["1. Visit overview", "2. Readiness summary"]
                + [f"{n}. {s.theme.name}" for n, s in enumerate(self.c.sections, 3)]
                + ["Appendix A: Evidence list", "Appendix B: Glossary"])

    def overview(self) -> None:
        c, v = self.c, self.c.visit
        self.heading("1. Visit overview", 1)
        days = c.readiness.days_to_visit
        when = ("dates not yet known" if days is None else
                f"{days} days to go" if days > 0 else "on site today" if days == 0 else
                f"{-days} days ago")
        rows = [
            ("Visit", f"{v.title} ({v.status})"),
            ("On site", f"{c.on_site} \u2014 {when}"),
            ("Notice received", f"{v.notice_date:%d %B %Y}" if v.notice_date else "Not yet"),
            ("Lead inspector", v.lead_inspector or "Not yet known"),
            ("Inspection team", v.inspection_team or "Not yet known"),
            ("Focus themes", "; ".join(t.name for t in v.themes) or "Not yet known"),
            ("Last inspection", self._last_inspection()),
        ]
        self.table(("", ""), rows, (4.5, 12.5))
        logistics = [i for i in c.checklist if i.category in ("Logistics", "Communications")]
        if logistics:
            self.heading("Logistics and communications", 2)
            self.table(("Ref", "Item", "Owner", "Due", "Status"),
                       [(i.ref, i.item, i.owner, f"{i.due_date:%d %b}" if i.due_date else "",
                         i.status) for i in logistics],
                       (1.4, 7.6, 4.0, 1.8, 2.2))
        if v.headline_findings:
            self.para(v.headline_findings, bold_lead="Headline findings: ")

    def _last_inspection(self) -> str:
        a = self.c.authority
        if not a.last_inspection_date:
            return "Not recorded"
        return f"{a.last_inspection_date:%B %Y}: overall effectiveness {a.grade_overall or 'not recorded'}"

    def readiness_summary(self) -> None:
        c = self.c
        r = c.readiness
        self.heading("2. Readiness summary", 1)
        checklist = (f"{r.checklist_done} of {r.checklist_applicable} checklist items done"
                     if r.checklist_applicable else "no checklist items")
        self.para(f"Overall readiness is {r.rag.value} ({r.score:.0%}); {checklist}; "
                  f"{r.actions_overdue} improvement-plan actions overdue. The formula is the same "
                  "one the dashboard and the evidence log use.")
        if c.sign_off:
            self.para(c.sign_off, bold_lead="Sign-off. ")
        rows, fills = [], []
        for s in c.sections:
            t = s.readiness
            rag = t.rag.value + (" (set by hand)" if t.overridden else "")
            rows.append((s.theme.name, f"{t.score:.0%}", rag, t.approved_evidence,
                         t.case_samples_audited, _checklist_text(t.checklist_done,
                                                                 t.checklist_applicable),
                         t.actions_overdue))
            fills.append((None, None, RAG_LIGHT[t.rag], None, None, None, None))
        self.table(("Theme", "Score", "RAG", "Approved evidence", "Audited cases", "Checklist",
                    "Overdue actions"), rows, (5.0, 1.5, 2.6, 2.1, 1.9, 2.0, 1.9), fills=fills)
        self.doc.add_picture(io.BytesIO(chart_png(c.chart)), width=Cm(16))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = self.para(f"Figure 1. {c.chart.title}. Bars show the readiness score; the "
                            "word after each bar is its RAG.", style=self.table_text)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.heading("What is missing", 2)
        if c.gaps:
            self.table(("Kind", "What", "Record"),
                       [(g.kind.value, g.message, g.record_ref) for g in c.gaps],
                       (4.0, 11.2, 1.8))
        else:
            self.para("Nothing is missing.")

    def theme_section(self, s: ThemeSection) -> None:
        number = self.c.sections.index(s) + 3
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.heading(f"{number}. {s.theme.name}", 1)
        t = s.readiness
        self.para(f"{t.rag.value} ({t.score:.0%})" + (
            f" \u2014 set by hand: {s.theme.rag_override_reason}" if t.overridden else ""),
            bold_lead="Readiness: ")
        if t.reasons:
            self.para("; ".join(t.reasons) + ".", bold_lead="Holding it back: ")
        self.para(s.theme.owner or "Not assigned", bold_lead="Theme owner: ")
        self.heading("Self-evaluation", 2)
        for question, answer in (
            ("What do we know about the quality and impact of practice?", s.theme.what_we_know),
            ("How do we know it?", s.theme.how_we_know),
            ("What are we doing to improve?", s.theme.what_we_are_doing),
        ):
            self.para(question, style="Heading 3")
            self.para(answer or "Not yet written.")
        if s.theme.key_messages.strip():
            self.heading("Key messages", 2)
            self.bullets([m.strip() for m in s.theme.key_messages.splitlines() if m.strip()])
        self.heading("Indicators", 2)
        if s.indicators:
            self.table(("Measure", "Value", "Target", "England", "Stat. neighbours", "As at"),
                       [(i.measure, _num(i.value, i.unit), _num(i.target, i.unit),
                         _num(i.england, i.unit), _num(i.statistical_neighbours, i.unit),
                         f"{i.as_at:%d %b %Y}" if i.as_at else "") for i in s.indicators],
                       (6.2, 1.9, 1.9, 1.9, 2.6, 2.5))
        else:
            self.para("No indicators recorded for this theme.")
        self.heading("Evidence", 2)
        if s.evidence:
            self.table(("Ref", "Title", "Type", "As at", "What this shows", "Direction"),
                       [(x.ref, x.title, x.evidence_type, f"{x.as_at:%d %b %Y}" if x.as_at else "",
                         x.summary, x.direction) for x in s.evidence],
                       (1.3, 3.4, 2.2, 1.9, 5.6, 2.6))
        else:
            self.para("No evidence included in the pack for this theme.")
        self.heading("Case samples", 2)
        self._case_summary(s)
        self.heading("Findings and actions", 2)
        if not s.findings:
            self.para("No findings recorded against this theme.")
        for f in s.findings:
            self.para(f"\u201c{f.finding.text}\u201d",
                      bold_lead=f"{f.finding.ref} ({f.source}, {f.finding.kind.lower()}; latest "
                                f"view: {f.finding.latest_view.lower()}): ")
            if f.actions:
                self.table(("Action", "Owner", "Due", "Status", "RAG", "Progress"),
                           [(f"{a.ref} {a.description}", a.owner,
                             f"{a.due_date:%d %b %Y}" if a.due_date else "", a.status,
                             a.rag or "", a.progress) for a in f.actions],
                           (4.6, 3.0, 2.0, 1.8, 1.3, 4.3),
                           fills=[(None, None, None, None, RAG_LIGHT[Rag(a.rag)] if a.rag else None,
                                   None) for a in f.actions])
            else:
                self.para("No action recorded against this finding yet.")

    def _case_summary(self, s: ThemeSection) -> None:
        if not s.case_samples:
            self.para("No audited case samples for this visit.")
            return
        grades = s.readiness.grades
        self.para(f"{len(s.case_samples)} audited: " + ", ".join(
            f"{count} {grade.lower()}" for grade, count in grades.items() if count) + ".")
        if s.strengths:
            self.para("Strengths seen in audits", style="Heading 3")
            self.bullets(s.strengths)
        if s.areas_to_develop:
            self.para("Areas to develop", style="Heading 3")
            self.bullets(s.areas_to_develop)
        if self.c.options.include_case_detail:
            self.table(("Sample", "Cohort", "Age", "Audit", "Grade", "Strengths", "To develop"),
                       [(x.sample_ref, x.cohort, x.age_band, x.audit_type, x.overall_grade or "",
                         x.strengths, x.areas_to_develop) for x in s.case_samples],
                       (2.2, 2.0, 1.2, 1.9, 2.4, 3.65, 3.65),
                       fills=[(None, None, None, None, GRADE_LIGHT.get(x.overall_grade or ""),
                               None, None) for x in s.case_samples])

    def appendix(self) -> None:
        c = self.c
        new_section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        new_section.different_first_page_header_footer = False
        self.heading("Appendix A: Evidence list", 1)
        note = (f"All {len(c.evidence)} evidence items, with the same references as the Excel "
                "evidence log.")
        if c.excluded_personal_data:
            note += (f" {c.excluded_personal_data} item(s) flagged as containing personal data "
                     "are left out.")
        self.para(note)
        self.table(("Ref", "Title", "Themes", "Type", "As at", "Status"),
                   [(x.ref, x.title, ", ".join(t.code for t in x.themes), x.evidence_type,
                     f"{x.as_at:%d %b %Y}" if x.as_at else "", x.status) for x in c.evidence],
                   (1.3, 6.4, 2.0, 3.0, 2.2, 2.1))

    def glossary(self) -> None:
        self.heading("Appendix B: Glossary", 1)
        text = "\n".join(p.text for p in self.doc.paragraphs)
        text += "\n".join(cell.text for table in self.doc.tables for row in table.rows
                          for cell in row.cells)
        terms = glossary_for(text)
        self.table(("Abbreviation", "Meaning"), terms, (3.0, 14.0))

    def marking_and_page_numbers(self) -> None:
        """Marking in every header and footer; "Page X of Y" in every footer."""
        for section in self.doc.sections:
            section.different_first_page_header_footer = False
            header = section.header
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.text = ""
            run = paragraph.add_run(self.c.marking)
            run.bold = True
            run.font.size = Pt(9)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            footer = section.footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(f"{self.c.marking}    ")
            run.bold = True
            run.font.size = Pt(9)
            paragraph.add_run("Page ").font.size = Pt(9)
            _add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" of ").font.size = Pt(9)
            _add_field(paragraph, "NUMPAGES", "1")


def _checklist_text(done: int, applicable: int) -> str:
    return f"{done}/{applicable}" if applicable else "\u2014"


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "\u2014"
    text = f"{value:g}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()
