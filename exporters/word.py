"""The Word briefing pack (python-docx), styled from a template; the readiness review is
exporters/review_word.py."""

from __future__ import annotations

import datetime as dt
import io
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from models.briefing import (
    BriefingContent,
    IndicatorTrend,
    ThemeSection,
    glossary_for,
)
from models.characters import remove_unwritable
from models.on_site import when as slot_when
from models.vocabulary import Grade, Rag, SlotKind, counted

from .annex_word import annex_indicators_for_theme, sampling_appendix
from .chart import sparkline_png, timeline_png
from .common import IsCancelled, Progress, Steps, safe_output
from .house_style import built_in_template, complete_styles, open_template
from .print_colours import BORDER, DRAFT_FILL, GRADE_LIGHT, HEADING_FILL, MISSING_FILL, RAG_LIGHT
from .safe_text import for_word
from .word_fields import add_field, end_field
from .word_styles import ParagraphStyles

CONTENT_WIDTH_CM = 17.0
#: Tables with at most this many rows are kept on one page.
SHORT_TABLE_ROWS = 8
#: Fill of table heading rows, and of cells that call out something missing.


def _text(value: object) -> str:
    """Every piece of text the pack and the review print passes through here, once: the
    export text gate (``exporters.safe_text``) removes what Word cannot hold."""
    return for_word(value)


def _date(value: dt.date | None, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def write_briefing_pack(content: BriefingContent, path: Path, *, progress: Progress | None = None,
                        is_cancelled: IsCancelled | None = None) -> Path:
    """Write the briefing pack for ``content`` to ``path`` (.docx).

    The audience in the document control chooses the sections (see
    ``models.briefing.SECTIONS``); members' versions carry no case detail.

    Raises:
        OutputFileError: the file cannot be written, or the template is unusable.
        ExportCancelled: the user cancelled; no file is left behind.
    """
    steps = Steps(10 + len(content.sections), progress, is_cancelled)
    doc = _new_document(content.options.template)
    writer = _Pack(doc, content)
    steps.step("Cover and contents")
    writer.cover()
    writer.contents_field()
    for part, title, build in (("summary", "Executive summary", writer.executive_summary),
                               ("story", "The story so far", writer.story),
                               ("progress", "Progress against the last letter", writer.progress),
                               ("changes", "What changed since the last pack", writer.changes)):
        steps.step(title)
        if content.shows(part) and (part != "changes" or content.changes is not None):
            build()
    if content.shows("themes"):
        for section in content.sections:
            steps.step(f"Theme: {section.theme.name}")
            writer.theme_section(section)
    steps.step("Workforce, partners and voice")
    if content.shows("topics"):
        writer.topics()
    steps.step("The days on site")
    if content.shows("on_site"):
        writer.on_site()
    steps.step("Areas not in focus")
    if content.shows("not_in_focus"):
        writer.not_in_focus()
    steps.step("Appendices")
    if content.shows("evidence_appendix"):
        writer.evidence_appendix()
    if content.shows("case_appendix"):
        writer.case_appendix()
    writer.glossary()
    writer.finish_contents()
    writer.marking_and_page_numbers()
    steps.step("Saving")
    with safe_output(Path(path)) as part:
        doc.save(str(part))
    return Path(path)


def _new_document(template: Path | None) -> DocxDocument:
    """A document with the template's styles (completed from the built-in ones) and no body."""
    doc = built_in_template() if template is None else open_template(template)
    doc.added_styles = complete_styles(doc)  # type: ignore[attr-defined]
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


@dataclass(frozen=True)
class Picture:
    """A small image in a table cell (a sparkline)."""

    png: bytes
    width_cm: float
    height_cm: float


Cell = str | Picture | None


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


@cache
def _measuring_font(size_pt: float) -> Any:
    """Bold DejaVu Sans at ``size_pt``, loaded once: loading it is most of a measurement."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                                     weight="bold")))
    font.set_size(size_pt, 72)
    return font


#: The measuring font holds the last word set on it: one measurement at a time.
_MEASURING = threading.Lock()


@lru_cache(maxsize=1 << 16)  # a 20,000-item pack measures each reference once
def _word_width_cm(word: str, size_pt: float) -> float:
    """Width of ``word`` in bold DejaVu Sans: the widest font LibreOffice falls back to."""
    width = _composed_width(word, size_pt)
    if width is None:
        width = _laid_out_width(word, size_pt)[0]
    return width / 64 / 72 * 2.54


def _laid_out_width(text: str, size_pt: float) -> tuple[int, int]:
    """The font's own layout of ``text`` (shaped, hinted): its width in 1/64 points and the
    number of glyphs it became (fewer than the characters where a ligature formed)."""
    font = _measuring_font(size_pt)
    with _MEASURING, warnings.catch_warnings():
        # A character the font lacks measures as a blank box: near enough to fit a column.
        warnings.simplefilter("ignore", UserWarning)
        font.set_text(text, 0.0)
        return int(font.get_width_height()[0]), int(font.get_num_glyphs())


@cache
def _advance(char: str, size_pt: float) -> int:
    return _laid_out_width(char, size_pt)[0]


@cache
def _kerning(pair: str, size_pt: float) -> int | None:
    """How much the font moves the second character of ``pair`` towards the first (1/64 pt),
    or None where the two become one glyph (a ligature: "fi", "fl", "ff")."""
    width, glyphs = _laid_out_width(pair, size_pt)
    return width - _advance(pair[0], size_pt) - _advance(pair[1], size_pt) if glyphs == 2 else None


def _composed_width(word: str, size_pt: float) -> int | None:
    """A word's width from its characters' advances and the kerning of each pair, or None
    where that is not the font's own layout (other than ASCII, or a ligature).

    Laying a word out loads and hints every glyph again, about 0.17 ms for a reference:
    most of a 1,000-item pack's first export went on its 1,000 references. For printable
    ASCII the layout is the sum of those advances and kernings, to the 1/64 point
    (tests/exporters/test_fast_writers.py checks it word by word against the layout), and
    each character and pair is laid out once.
    """
    if not word or not (word.isascii() and word.isprintable()) or " " in word:
        return None
    width = _advance(word[0], size_pt)
    for n in range(1, len(word)):
        kern = _kerning(word[n - 1:n + 1], size_pt)
        if kern is None:
            return None
        width += kern + _advance(word[n], size_pt)
    return width


#: Left and right cell margins (Word and LibreOffice both use 0.19 cm) and a little air.
CELL_PADDING_CM = 0.38 + 0.2


#: Longest body word (in characters) a column is widened for; longer ones (links) may wrap.
BODY_WORD_LIMIT = 13


def fit_widths(headers: Sequence[str], widths: Sequence[float], size_pt: float = 9,
               rows: Sequence[Sequence[object]] = ()) -> list[float]:
    """Column widths where every heading's longest word fits on one line.

    Columns too narrow for a heading word grow; the room comes from the columns
    with space to spare, in proportion to that space, so the total stays the same.
    Body words of up to BODY_WORD_LIMIT characters ("improvement") are fitted too.
    """
    longest: list[set[str]] = [set(_text(h).split()) for h in headers]
    if rows:
        best = [0] * len(headers)
        for values in rows:
            for n, value in enumerate(values):
                if isinstance(value, str):
                    for word in remove_unwritable(value).split():
                        size = len(word)
                        if best[n] <= size <= BODY_WORD_LIMIT:
                            if size > best[n]:
                                best[n] = size
                            longest[n].add(word)
        longest = [{w for w in words if len(w) >= best[n] - 1 or w in _text(headers[n]).split()}
                   for n, words in enumerate(longest)]
    need = [max((_word_width_cm(w, size_pt) for w in words), default=0.0) + CELL_PADDING_CM
            for words in longest]
    fitted = [max(w, n) for w, n in zip(widths, need, strict=True)]
    excess = sum(fitted) - sum(widths)
    spare = [max(f - n, 0.0) for f, n in zip(fitted, need, strict=True)]
    room = sum(spare)
    if excess > 0 and room > 0:
        share = min(excess / room, 1.0)
        fitted = [f - s * share for f, s in zip(fitted, spare, strict=True)]
    return fitted


class _Pack:
    def __init__(self, doc: DocxDocument, content: BriefingContent) -> None:
        self.doc = doc
        self.c = content
        styles = {s.name: s for s in doc.styles}
        self.has = set(styles)
        self.table_style_id = styles["Table Grid"].style_id if "Table Grid" in styles else None
        self.table_text_id = (styles["Table Text"].style_id if "Table Text" in styles
                              else None)
        self.bullet = styles.get("List Bullet") or styles["Normal"]
        self.styles = ParagraphStyles(doc)
        # A list style copied in from the built-in template has no numbering: write the bullet.
        self.bullet_mark = ("\u2022 " if "List Bullet" in getattr(doc, "added_styles", ())
                            else "")
        self._after_table = False
        self._chapter = 0
        self._appendix = 0
        self._written: list[str] = []
        self._toc: Paragraph | None = None
        self._figures = 0
        self._last_id: int | None = None
        self._seen = 0

    # -- building blocks -----------------------------------------------------------

    def chapter(self, title: str, *, appendix: bool = False) -> str:
        """A numbered (or lettered) top-level heading that starts a new page."""
        if appendix:
            self._appendix += 1
            text = f"Appendix {chr(64 + self._appendix)}: {title}"
        else:
            self._chapter += 1
            text = f"{self._chapter}. {title}"
        paragraph = self.heading(text, 1)
        paragraph.paragraph_format.page_break_before = True
        return text

    def heading(self, text: str, level: int) -> Paragraph:
        self._after_table = False
        self._written.append(text)
        return self.styles.add_heading(_text(text), level)

    def para(self, text: str = "", *, bold_lead: str = "", style: str | None = None) -> Paragraph:
        paragraph = self.styles.add_paragraph(style=style if style in self.has else None)
        if self._after_table:
            paragraph.paragraph_format.space_before = Pt(8)
            self._after_table = False
        if bold_lead:
            paragraph.add_run(_text(bold_lead)).bold = True
        if text:
            paragraph.add_run(_text(text))
        self._written.append(f"{bold_lead}{text}")
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            paragraph = self.styles.add_paragraph(_text(self.bullet_mark + item),
                                                  style=self.bullet)
            if self._after_table:
                paragraph.paragraph_format.space_before = Pt(8)
                self._after_table = False
            self._written.append(item)

    def picture(self, png: bytes, width_cm: float, caption: str) -> None:
        self._figures += 1
        # What doc.add_picture writes, keeping the paragraph instead of listing them all.
        shown = self.doc.add_paragraph()
        shown.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        shown.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shown.paragraph_format.keep_with_next = True
        note = self.para(f"Figure {self._figures}. {caption}", style="Table Text")
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Cell | object]],
              widths_cm: Sequence[float], *, fills: Sequence[Sequence[str | None]] | None = None,
              header: bool = True) -> Any:
        """A table built in one pass as XML: no per-cell python-docx calls or style lookups.

        Column widths are fitted so no heading breaks inside a word, and set on
        both the grid (LibreOffice) and each cell (Word); the layout is fixed so
        neither program re-flows them. The heading row repeats on every page and
        no row is split across two pages.
        """
        widths = (fit_widths(headers, widths_cm, rows=rows) if header
                  else fit_widths([""] * len(widths_cm), widths_cm, rows=rows))
        twips = [_twips(w) for w in widths]
        style = f'<w:pStyle w:val="{self.table_text_id}"/>' if self.table_text_id else ""
        # A short table is kept on one page: each row keeps with the next.
        keep = len(rows) <= SHORT_TABLE_ROWS
        para_props = f"<w:pPr>{style}{'<w:keepNext/>' if keep else ''}</w:pPr>"
        last_props = f"<w:pPr>{style}</w:pPr>"
        out = [f"<w:tbl {nsdecls('w', 'r', 'wp', 'a', 'pic')}><w:tblPr>"]
        if self.table_style_id:
            out.append(f'<w:tblStyle w:val="{self.table_style_id}"/>')
        out.append(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
                   '<w:tblBorders>' + "".join(
                       f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
                       for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
                   + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
                   '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
                   'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>')
        out.extend(f'<w:gridCol w:w="{t}"/>' for t in twips)
        out.append("</w:tblGrid>")
        cell_props = [f'<w:tcW w:w="{t}" w:type="dxa"/>' for t in twips]

        def cell(value: object, col: int, fill: str | None, bold: bool,
                 props: str = para_props) -> str:
            shade = (f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "")
            if isinstance(value, Picture):
                body = f"<w:r>{self._inline(value)}</w:r>"
            else:
                text = _text(value)
                self._written.append(text)
                run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
                body = "<w:br/>".join(
                    f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                    for line in text.split("\n"))
                body = f"<w:r>{run_props}{body}</w:r>" if text else ""
            return f"<w:tc><w:tcPr>{cell_props[col]}{shade}</w:tcPr><w:p>{props}{body}</w:p></w:tc>"

        if header:
            out.append('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>')
            out.extend(cell(h, n, HEADING_FILL, True) for n, h in enumerate(headers))
            out.append("</w:tr>")
        for r, values in enumerate(rows):
            row_fills = fills[r] if fills else None
            props = last_props if r == len(rows) - 1 else para_props
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            out.extend(cell(value, n, row_fills[n] if row_fills else None, False, props)
                       for n, value in enumerate(values))
            out.append("</w:tr>")
        out.append("</w:tbl>")
        table = parse_xml("".join(out))
        if self._after_table:
            spacer = OxmlElement("w:p")
            self._append(spacer)
        else:
            self._keep_last_paragraph_with_next()
        # lxml moves a parsed subtree into another document in time that grows faster than
        # its size (2.3 s for a 20,000-row table, 0.14 s for 5,000): the table goes in bare,
        # then its rows one by one, which stays linear.
        table_rows = table.findall(qn("w:tr"))
        for row in table_rows:
            table.remove(row)
        self._append(table)
        table.extend(table_rows)
        self._after_table = True
        return table

    def _keep_last_paragraph_with_next(self) -> None:
        """The line that introduces a table stays on the table's page."""
        body = self.doc.element.body
        sect = body.find(qn("w:sectPr"))
        last = sect.getprevious() if sect is not None else (body[-1] if len(body) else None)
        if last is not None and last.tag == qn("w:p"):
            Paragraph(last, self.doc._body).paragraph_format.keep_with_next = True

    def _append(self, element: Any) -> None:
        body = self.doc.element.body
        sect = body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)

    def _inline(self, picture: Picture) -> str:
        """A picture's ``w:inline``, as python-docx's ``new_pic_inline`` makes it but with an id
        of its own: python-docx takes the largest id in the document plus one, so the pictures
        of a table still being built all got the same id (and it read the whole document for
        each picture)."""
        part = self.doc.part
        r_id, image = part.get_or_add_image(io.BytesIO(picture.png))
        cx, cy = image.scaled_dimensions(Cm(picture.width_cm), Cm(picture.height_cm))
        inline = CT_Inline.new_pic_inline(self._new_picture_id(), r_id, image.filename, cx, cy)
        return f"<w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing>"

    def _new_picture_id(self) -> int:
        """One more than every id in the document and every id this writer handed out.

        Only what was added to the body since the last call is read (pictures python-docx
        adds itself, the timeline and the Annex A trends, go into new paragraphs and tables
        at the end), so the pictures of a large pack cost nothing per row.
        """
        body = self.doc.element.body
        if self._last_id is None:
            self._last_id = self.doc.part.next_id - 1
        else:
            self._last_id = max([self._last_id, *(int(n) for child in body[self._seen:]
                                                  for n in child.xpath(".//@id")
                                                  if n.isdigit())])
        self._seen = len(body) - (1 if len(body) and body[-1].tag == qn("w:sectPr") else 0)
        self._last_id += 1
        return self._last_id

    def key_values(self, rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (4.5, 12.5)
                   ) -> None:
        """A two-column table of labels (bold, shaded) and values, with no heading row."""
        self.table(("", ""), [(k, x) for k, x in rows], widths, header=False,
                   fills=[(HEADING_FILL, None)] * len(rows))

    # -- cover and contents --------------------------------------------------------------

    def cover(self) -> None:
        c, control = self.c, self.c.control
        for _ in range(3):
            self.doc.add_paragraph()
        self.para(c.authority.name or "Children's services", style="Subtitle")
        self.para(f"{c.visit.title}", style="Title")
        audience = {"Members": "elected members", "Leaders": "leaders",
                    "Staff": "staff"}[control.audience]
        self.para(f"Briefing pack for {audience}", style="Subtitle")
        if not control.is_final:
            self.para("DRAFT \u2014 not for circulation beyond the distribution list below.",
                      bold_lead="")
        self.para(c.on_site, bold_lead="On site: ")
        self.para("; ".join(t.name for t in c.visit.themes) or "not yet known",
                  bold_lead="Focus: ")
        self.heading("Document control", 2)
        rows = [
            ("Status", control.status),
            ("Version", control.version),
            ("Author", control.author or "Not named"),
            ("Approved by", control.approved_by or "Not yet approved"),
            ("Approved on", _date(control.approved_on, "%d %B %Y") or "\u2014"),
            ("Audience", {"Members": "Members (no case detail)",
                          "Leaders": "Leaders (all sections)",
                          "Staff": "Staff (no members' lines or internal progress)"}
             [control.audience]),
            ("Distribution", "\n".join(control.distribution) or "Not set"),
            ("Protective marking", c.marking),
            ("Produced", f"{c.produced_at:%d %B %Y %H:%M} from {c.workspace_name}"),
        ]
        if c.snapshot is not None:
            rows.append(("Frozen as presented",
                         f"Snapshot {c.snapshot.id}, {c.snapshot.frozen_at:%d %B %Y %H:%M}\n"
                         f"SHA-256 {c.snapshot.data_sha256}"))
        self.key_values(rows)
        self.para(f"Protective marking: {c.marking}. Contains information about services for "
                  "vulnerable children. Do not forward outside the distribution list without "
                  "the information owner's agreement.")

    def contents_field(self) -> None:
        """One TOC field; its shown result (filled in at the end) lists the headings.

        Word rebuilds it with page numbers on open (updateFields); LibreOffice
        shows the result as written, so it is the real list of headings, not a
        placeholder, and there is no second hand-written copy.
        """
        heading = self.heading("Contents", 1)
        heading.paragraph_format.page_break_before = True
        self._toc = self.doc.add_paragraph()
        add_field(self._toc, 'TOC \\o "1-2" \\h \\z \\u', placeholder=None, finished=False)
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def finish_contents(self) -> None:
        """Write the TOC field's result: one line per level 1 and 2 heading, then end the field."""
        assert self._toc is not None
        entries, after = [], False
        for p in self.doc.paragraphs:
            if p._p is self._toc._p:
                after = True
            elif after and (name := self.styles.name_of(p)) in ("Heading 1", "Heading 2"):
                entries.append((p.text, 1 if name == "Heading 1" else 2))
        anchor = self._toc
        for n, (text, level) in enumerate(entries):
            if n:
                element = OxmlElement("w:p")
                anchor._p.addnext(element)
                anchor = Paragraph(element, anchor._parent)
            anchor.paragraph_format.left_indent = Cm(0 if level == 1 else 0.6)
            anchor.paragraph_format.space_after = Pt(2)
            anchor.add_run(_text(text)).bold = level == 1
        end_field(anchor)

    # -- the summary and the story -----------------------------------------------------------

    def executive_summary(self) -> None:
        c, r = self.c, self.c.readiness
        s = c.summary
        assert s is not None
        self.chapter("Executive summary")
        checklist = (f"{r.checklist_done} of {r.checklist_applicable} checklist items done"
                     if r.checklist_applicable else "no checklist yet")
        days = r.days_to_visit
        when = ("dates not yet known" if days is None else f"{days} days to go" if days > 0
                else "on site today" if days == 0 else f"{-days} days ago")
        self.para(f"Overall {r.rag.value.lower()} ({r.score:.0%}) for {c.visit.title} "
                  f"({c.on_site}, {when}); {checklist}; {r.actions_overdue} improvement-plan "
                  "actions overdue.", bold_lead="Where we are. ")
        if c.sign_off:
            self.para(c.sign_off, bold_lead="Sign-off. ")
        self.para(s.rag_rule, style="Table Text")
        self.table(("Focus theme", "RAG", "Score", "What holds it back"),
                   [(x.theme.name, x.readiness.rag.value, f"{x.readiness.score:.0%}",
                     "; ".join(x.readiness.reasons[:2]) or "Nothing") for x in c.sections],
                   (5.2, 1.8, 1.6, 8.4),
                   fills=[(None, RAG_LIGHT[x.readiness.rag], None, None) for x in c.sections])
        for title, items in (("What has changed since the last letter", s.since_last_letter),
                             ("What inspectors are likely to test", s.likely_to_test),
                             ("Top risks", s.top_risks or ("No theme below green.",))):
            self.para(title, style="Heading 3")
            self.bullets(items)
        if c.shows("lines_to_take"):
            self.para("Lines to take for members", style="Heading 3")
            self.bullets(s.lines_to_take or ("Not yet written: add them to the visit.",))

    def story(self) -> None:
        c, a = self.c, self.c.authority
        self.chapter("The story so far")
        when = f" ({a.last_inspection_date:%B %Y})" if a.last_inspection_date else ""
        self.heading(f"The inspection's judgements{when}", 2)
        grades = [("The impact of leaders on social work practice", a.grade_leaders),
                  ("Children who need help and protection", a.grade_help_and_protection),
                  ("Children in care", a.grade_children_in_care),
                  ("Care leavers", a.grade_care_leavers),
                  ("Overall effectiveness", a.grade_overall)]
        self.table(("Judgement", "Grade"), [(j, g or "Not recorded") for j, g in grades],
                   (10.0, 7.0), fills=[(None, GRADE_LIGHT.get(g or "")) for _, g in grades])
        self.heading("Each visit's focus and headline findings", 2)
        self.table(("Visit", "On site", "Focus", "Headline findings"),
                   [(x.title, x.when, x.focus, x.headline) for x in c.story],
                   (3.0, 3.2, 4.8, 6.0))
        events = [(x.start, x.title.replace("Monitoring visit", "Visit")) for x in c.story
                  if x.start is not None]
        if events:
            self.picture(_timeline(tuple(events)), 16.0,
                         "The inspection and each monitoring visit.")

    def progress(self) -> None:
        c = self.c
        self.chapter("Progress against the last letter")
        self.para("Every finding to act on from the letters and the inspection, newest first: "
                  "the actions that answer it, who owns them, when they are due, the measure's "
                  "baseline, current value and target, and the evidence of impact so far.")
        gaps = [row for row in c.progress if row.missing]
        if gaps:
            self.para("; ".join(f"{row.finding.ref} has no {' or '.join(row.missing)}"
                                for row in gaps) + ".",
                      bold_lead="Needs an action, owner or date: ")
        else:
            self.para("Every finding has an action with an owner and a due date.",
                      bold_lead="Called out: ")
        rows, fills = [], []
        last = None
        for row in c.progress:
            first = row.finding.id != last
            last = row.finding.id
            finding = (f"{row.finding.ref} ({row.source}) {row.finding.text}" if first else "")
            a = row.action
            if a is None:
                rows.append((finding, "No action yet", "None named", "No date", "", ""))
                fills.append((None, MISSING_FILL, MISSING_FILL, MISSING_FILL, None, None))
                continue
            measure = " \u2192 ".join(x or "\u2014" for x in (a.baseline, a.current_value,
                                                              a.target))
            rows.append((finding, a.description, a.owner or "None named",
                         _date(a.due_date) or "No date",
                         f"{a.indicator}: {measure}" if a.indicator else measure,
                         a.impact_evidence or a.progress))
            fills.append((None, None, MISSING_FILL if not a.owner else None,
                          MISSING_FILL if not a.due_date else None, None, None))
        self.table(("Finding", "Action", "Owner", "Due", "Baseline \u2192 now \u2192 target",
                    "Impact evidence"), rows, (4.1, 3.6, 2.4, 1.9, 2.6, 2.4), fills=fills)

    def changes(self) -> None:
        ch = self.c.changes
        assert ch is not None
        self.chapter("What changed since the last pack")
        self.para(f"Since the final pack {ch.visit_title} version {ch.version}, frozen on "
                  f"{ch.frozen_at:%d %B %Y}: {len(ch.added)} records added, {len(ch.changed)} "
                  f"changed, {len(ch.closed)} closed and {len(ch.removed)} removed.")
        rows = [(what, r.kind, r.ref, _short(r.title, 90))
                for what, records in (("Added", ch.added), ("Changed", ch.changed),
                                      ("Closed", ch.closed), ("Removed", ch.removed))
                for r in records]
        if rows:
            self.table(("Change", "Record", "Ref", "Title"), rows, (2.2, 3.0, 1.8, 10.0))

    # -- themes ------------------------------------------------------------------------------

    def theme_section(self, s: ThemeSection) -> None:
        self.chapter(s.theme.name)
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
            self.para("Key messages", style="Heading 3")
            self.bullets([m.strip() for m in s.theme.key_messages.splitlines() if m.strip()])
        self.heading("Indicators", 2)
        self.indicators(s.trends, "No indicators recorded for this theme.")
        annex_indicators_for_theme(self, self.c, s.theme.code)
        self.heading("Evidence", 2)
        self.evidence_table(s.evidence, "No approved evidence for this theme yet.")
        self.heading("Case audits", 2)
        self._case_summary(s)
        self.heading("What is still open", 2)
        if not s.open_actions and not s.open_checklist:
            self.para("Nothing: every action and checklist item for this theme is finished.")
        if s.open_actions:
            self.table(("Open action", "Owner", "Due", "RAG"),
                       [(a.description, a.owner, _date(a.due_date), a.rag or "")
                        for a in s.open_actions], (9.0, 4.6, 2.0, 1.4),
                       fills=[(None, None, None, RAG_LIGHT[Rag(a.rag)] if a.rag else None)
                              for a in s.open_actions])
        if s.open_checklist:
            self.table(("Still to do before the visit", "Owner", "Due", "Status"),
                       [(i.item, i.owner, _date(i.due_date), i.status)
                        for i in s.open_checklist], (9.0, 4.4, 2.0, 1.6))

    def indicators(self, trends: Sequence[IndicatorTrend], empty: str) -> None:
        if not trends:
            self.para(empty)
            return
        rows = []
        for trend in trends:
            values = tuple(p[1] for p in trend.points)
            spark = Picture(_sparkline(values, trend.target, trend.lower_is_better), 2.5, 0.72)
            rows.append((trend.measure, spark, _num(trend.baseline, trend.unit),
                         _num(trend.now, trend.unit), _num(trend.target, trend.unit),
                         _num(trend.england, trend.unit)))
        self.table(("Measure", "Trend", "Baseline", "Now", "Target", "England"), rows,
                   (5.9, 2.9, 2.0, 1.9, 2.0, 2.3),
                   fills=[(None, None, None, None if t.on_target is None else
                           RAG_LIGHT[Rag.GREEN] if t.on_target else RAG_LIGHT[Rag.RED],
                           None, None) for t in trends])
        self.para("Trend runs from the first recorded value (baseline) to the latest; the dashed "
                  "line is the target. Now is shaded green when it meets the target, red when "
                  "it does not.", style="Table Text")

    def evidence_table(self, items: Sequence[Any], empty: str) -> None:
        if not items:
            self.para(empty)
            return
        drafts = self.c.options.include_drafts
        if drafts:
            self.para("Draft and verified evidence is included on purpose; each item's status "
                      "is shown.", style="Table Text")
            self.table(("Ref", "Title", "Type", "As at", "What this shows", "Status"),
                       [(x.ref, x.title, x.evidence_type, _date(x.as_at), x.summary, x.status)
                        for x in items], (1.4, 3.6, 2.2, 2.0, 5.8, 2.0),
                       fills=[(None, None, None, None, None,
                               None if x.status == "Approved" else DRAFT_FILL) for x in items])
        else:
            self.table(("Ref", "Title", "Type", "As at", "What this shows"),
                       [(x.ref, x.title, x.evidence_type, _date(x.as_at), x.summary)
                        for x in items], (1.4, 4.0, 2.4, 2.0, 7.2))

    def _case_summary(self, s: ThemeSection) -> None:
        if not s.case_samples:
            self.para("No audited case samples for this visit.")
            return
        grades = s.readiness.grades
        self.para(f"{len(s.case_samples)} cases audited for this visit.")
        order = [g.value for g in Grade]
        self.table(("Grade", "Cases", "Share"),
                   [(g, grades.get(g, 0), f"{grades.get(g, 0) / len(s.case_samples):.0%}")
                    for g in order], (8.0, 2.5, 2.5),
                   fills=[(GRADE_LIGHT.get(g), None, None) for g in order])
        if not self.c.shows("audit_findings"):
            return  # members see the grades only: audit notes are about single cases
        if s.strengths:
            self.para("Strengths seen in audits", style="Heading 3")
            self.bullets(s.strengths)
        if s.areas_to_develop:
            self.para("Areas to develop", style="Heading 3")
            self.bullets(s.areas_to_develop)
        if self.c.shows("case_detail"):
            self.table(("Sample", "Cohort", "Age", "Audit", "Grade", "Strengths", "To develop"),
                       [(x.sample_ref, x.cohort, x.age_band, x.audit_type, x.overall_grade or "",
                         x.strengths, x.areas_to_develop) for x in s.case_samples],
                       (2.4, 2.0, 1.3, 2.1, 2.4, 3.4, 3.4),
                       fills=[(None, None, None, None, GRADE_LIGHT.get(x.overall_grade or ""),
                               None, None) for x in s.case_samples])

    def topics(self) -> None:
        self.chapter("Workforce, partners and children's and families' voice")
        for topic in self.c.topics:
            self.heading(topic.title, 2)
            if topic.evidence:
                self.table(("Evidence", "Type", "What this shows"),
                           [(x.title, x.evidence_type, x.summary) for x in topic.evidence],
                           (5.0, 2.8, 9.2))
            else:
                self.para("No approved evidence of this kind yet.")
            if topic.trends:
                self.indicators(topic.trends, "")

    # -- the days on site, other areas ------------------------------------------------------------

    def on_site(self) -> None:
        c = self.c
        self.chapter("The days on site")
        slots = c.slots
        groups = (("Timetable: who meets the inspectors when",
                   (SlotKind.MEETING, SlotKind.OTHER)),
                  ("Daily catch-ups", (SlotKind.CATCH_UP,)),
                  ("Case holders' availability", (SlotKind.CASE_HOLDERS,)))
        for title, kinds in groups:
            self.heading(title, 2)
            chosen = [x for x in slots if x.kind in kinds]
            if chosen:
                self.table(("When", "What", "Who", "Where"),
                           [(slot_when(x), x.activity, x.people, x.place) for x in chosen],
                           (3.6, 5.6, 4.6, 3.2))
            else:
                self.para("Not planned yet: add it to the visit's on-site timetable.")
        self.heading("Cases inspectors chose or asked about", 2)
        cases = c.inspector_cases
        if cases:
            self.table(("Visit", "Sample", "Cohort", "Our grade", "How", "Outcome"),
                       [(x.visit.title if x.visit else "", x.sample_ref, x.cohort,
                         x.overall_grade or "Not audited",
                         "; ".join(w for w, on in (("chosen by inspectors",
                                                    x.selected_by == "Inspector"),
                                                   ("seen", x.seen_by_inspectors),
                                                   ("referred back",
                                                    x.referred_back_by_inspectors)) if on),
                         x.inspector_outcome or "Not recorded") for x in cases],
                       (2.4, 2.2, 3.1, 2.4, 2.4, 4.5),
                       fills=[(None, None, None, GRADE_LIGHT.get(x.overall_grade or ""), None,
                               None) for x in cases])
        else:
            self.para("Inspectors have not chosen or asked about any case yet.")

    def not_in_focus(self) -> None:
        self.chapter("Areas not in focus")
        self.para("Inspectors check that other areas have not declined. One line each:")
        lines = []
        for t in self.c.not_in_focus:
            last = next((x.title for x in reversed(self.c.story)
                         if t.theme.name in x.focus.split(", ")), "not yet looked at")
            lines.append(f"{t.theme.name}: {t.rag.value.lower()} ({t.score:.0%}); last in focus: "
                         f"{last}; {t.actions_overdue} overdue actions.")
        self.bullets(lines or ["Every theme is in focus for this visit."])

    # -- appendices ---------------------------------------------------------------------------------

    def evidence_appendix(self) -> None:
        c = self.c
        scope = ("every theme" if c.options.all_themes_appendix else
                 "the themes this pack covers (" + ", ".join(s.theme.code for s in c.sections)
                 + ")")
        self.chapter("Evidence", appendix=True)
        kind = "evidence items" if c.options.include_drafts else "approved evidence items"
        note = (f"{len(c.appendix_evidence)} {kind} for {scope}, with the same references as "
                "the Excel evidence log.")
        if c.excluded_personal_data:
            left = c.excluded_personal_data
            note += (f" {counted(left, 'item')} flagged as containing personal data "
                     f"{'is' if left == 1 else 'are'} left out.")
        self.para(note)
        self.table(("Ref", "Title", "Themes", "Type", "As at", "Status"),
                   [(x.ref, x.title, ", ".join(t.code for t in x.themes), x.evidence_type,
                     _date(x.as_at), x.status) for x in c.appendix_evidence],
                   (1.4, 6.3, 2.0, 3.0, 2.2, 2.1))

    def case_appendix(self) -> None:
        c = self.c
        self.chapter("Case samples", appendix=True)
        audited = [x for x in c.case_samples if x.audited]
        self.para(f"{len(audited)} audited case samples for {c.visit.title}. Pseudonymised: "
                  "sample references only, with an age band; no names, dates of birth or "
                  "local case numbers.")
        self.table(("Sample", "Themes", "Cohort", "Age band", "Audit", "Grade"),
                   [(x.sample_ref, ", ".join(t.code for t in x.themes), x.cohort, x.age_band,
                     f"{x.audit_type}, {_date(x.audit_date)}", x.overall_grade or "")
                    for x in audited], (2.6, 2.0, 3.2, 2.0, 3.8, 3.4),
                   fills=[(None, None, None, None, None, GRADE_LIGHT.get(x.overall_grade or ""))
                          for x in audited])
        sampling_appendix(self, c)

    def glossary(self) -> None:
        self.chapter("Glossary", appendix=True)
        terms = glossary_for("\n".join(self._written))
        self.table(("Abbreviation", "Meaning"), terms, (3.4, 13.6))

    # -- headers and footers --------------------------------------------------------------------------

    def marking_and_page_numbers(self) -> None:
        """Marking in every header and footer; "Page X of Y" in every footer."""
        for section in self.doc.sections:
            section.different_first_page_header_footer = False
            header = section.header
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.text = ""
            run = paragraph.add_run(_text(self.c.marking))
            run.bold = True
            run.font.size = Pt(9)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            footer = section.footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(_text(f"{self.c.marking}    "))
            run.bold = True
            run.font.size = Pt(9)
            paragraph.add_run("Page ").font.size = Pt(9)
            add_field(paragraph, "PAGE")
            paragraph.add_run(" of ").font.size = Pt(9)
            add_field(paragraph, "NUMPAGES")


# Drawing a chart is most of a small pack's time; the same figures give the same picture
# (the PNG bytes depend on nothing else), so a pack exported again, or the next audience's
# version, reuses them.
@lru_cache(maxsize=256)
def _sparkline(values: tuple[float, ...], target: float | None, lower_is_better: bool) -> bytes:
    return sparkline_png(values, target, lower_is_better=lower_is_better)


@lru_cache(maxsize=16)
def _timeline(events: tuple[tuple[dt.date, str], ...]) -> bytes:
    return timeline_png(events)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "\u2014"
    text = f"{value:g}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()
