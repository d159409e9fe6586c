"""The records of a workspace, as SQLAlchemy 2 typed classes (portable SQL only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every workspace table."""


def _link(name: str, left: str, right: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True),
    )


visit_theme = _link("visit_theme", "visit", "theme")
evidence_theme = _link("evidence_theme", "evidence", "theme")
case_sample_theme = _link("case_sample_theme", "case_sample", "theme")
finding_theme = _link("finding_theme", "finding", "theme")
action_finding = _link("action_finding", "action", "finding")
action_evidence = _link("action_evidence", "action", "evidence")
checklist_evidence = _link("checklist_evidence", "checklist_item", "evidence")
finding_evidence = _link("finding_evidence", "finding", "evidence")


class Versioned:
    """Columns every editable record carries.

    ``version`` is SQLAlchemy's version counter: an UPDATE names the version
    it read, so a write based on a stale copy changes no row and fails.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)

    # Ids are never reused after a delete (SQLite would otherwise reuse the
    # highest one), so an undo or another writer's stale id cannot hit a new record.
    __table_args__ = {"sqlite_autoincrement": True}

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class WorkspaceInfo(Base):
    """Key/value facts about the workspace file itself (format marker, creator)."""

    __tablename__ = "workspace_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class ReferenceCounter(Base):
    """Last number issued per reference prefix; only ever goes up."""

    __tablename__ = "reference_counter"
    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)


class AuthorityProfile(Versioned, Base):
    """The local authority and its last inspection."""

    __tablename__ = "authority"
    name: Mapped[str] = mapped_column(String(200), default="")
    last_inspection_date: Mapped[dt.date | None] = mapped_column(Date)
    grade_leaders: Mapped[str | None] = mapped_column(String(40))
    grade_help_and_protection: Mapped[str | None] = mapped_column(String(40))
    grade_children_in_care: Mapped[str | None] = mapped_column(String(40))
    grade_care_leavers: Mapped[str | None] = mapped_column(String(40))
    grade_overall: Mapped[str | None] = mapped_column(String(40))
    public_contacts: Mapped[str] = mapped_column(Text, default="")
    retention_months: Mapped[int] = mapped_column(Integer, default=12)
    attachment_limit_mb: Mapped[int] = mapped_column(Integer, default=100)


class Theme(Versioned, Base):
    """A focus area (built-in from the catalogue, or added by the authority)."""

    __tablename__ = "theme"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    judgement: Mapped[str] = mapped_column(String(120))
    typical_indicators: Mapped[str] = mapped_column(Text, default="")
    built_in: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str] = mapped_column(String(120), default="")
    what_we_know: Mapped[str] = mapped_column(Text, default="")
    how_we_know: Mapped[str] = mapped_column(Text, default="")
    what_we_are_doing: Mapped[str] = mapped_column(Text, default="")
    key_messages: Mapped[str] = mapped_column(Text, default="")
    rag_override: Mapped[str | None] = mapped_column(String(8))
    rag_override_reason: Mapped[str] = mapped_column(Text, default="")


class Visit(Versioned, Base):
    """A monitoring visit (or the inspection itself)."""

    __tablename__ = "visit"
    number: Mapped[int] = mapped_column(Integer)
    visit_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    notice_date: Mapped[dt.date | None] = mapped_column(Date)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    lead_inspector: Mapped[str] = mapped_column(String(120), default="")
    inspection_team: Mapped[str] = mapped_column(Text, default="")
    verbal_feedback: Mapped[str] = mapped_column(Text, default="")
    headline_findings: Mapped[str] = mapped_column(Text, default="")
    lines_to_take: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[Theme]] = relationship(
        secondary=visit_theme, order_by=Theme.sort_order, lazy="selectin"
    )

    @property
    def title(self) -> str:
        """How leaders name the visit ("Monitoring visit 4")."""
        if self.visit_type == "ILACS inspection":
            return "ILACS inspection"
        return f"{self.visit_type} {self.number}"


class EvidenceItem(Versioned, Base):
    """A piece of evidence for one or more themes."""

    __tablename__ = "evidence"
    title: Mapped[str] = mapped_column(String(300))
    evidence_type: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(200), default="")
    as_at: Mapped[dt.date | None] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(80), default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    include_in_pack: Mapped[bool] = mapped_column(Boolean, default=True)
    contains_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    review_date: Mapped[dt.date | None] = mapped_column(Date)
    #: Who moved it to Verified, and to Approved, and when (kept by models/approvals.py).
    verified_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    themes: Mapped[list[Theme]] = relationship(
        secondary=evidence_theme, order_by=Theme.sort_order, lazy="selectin"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", order_by="Attachment.id",
        lazy="selectin",
    )
    #: Findings this evidence shows progress on; the same links as Finding.evidence.
    findings: Mapped[list[Finding]] = relationship(
        secondary="finding_evidence", order_by="Finding.id", lazy="selectin",
        back_populates="evidence"
    )


class Attachment(Base):
    """A link, or a copy of a file kept inside the workspace with its SHA-256."""

    __tablename__ = "attachment"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    link: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    evidence: Mapped[EvidenceItem] = relationship(back_populates="attachments")

    @property
    def is_copy(self) -> bool:
        return bool(self.sha256)


class AttachmentContent(Base):
    """The bytes of a stored copy, apart so that lists never load them."""

    __tablename__ = "attachment_content"
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CaseSample(Versioned, Base):
    """An audited case, pseudonymised: no name, no date of birth, no address."""

    __tablename__ = "case_sample"
    sample_ref: Mapped[str] = mapped_column(String(40))
    local_case_id: Mapped[str] = mapped_column(String(40), default="")
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id", ondelete="SET NULL"))
    cohort: Mapped[str] = mapped_column(String(40))
    age_band: Mapped[str] = mapped_column(String(20), default="")
    team: Mapped[str] = mapped_column(String(120), default="")
    worker_role: Mapped[str] = mapped_column(String(80), default="")
    selected_by: Mapped[str] = mapped_column(String(20))
    how_chosen: Mapped[str | None] = mapped_column(String(30))
    audit_type: Mapped[str] = mapped_column(String(20))
    audit_date: Mapped[dt.date | None] = mapped_column(Date)
    auditor: Mapped[str] = mapped_column(String(120), default="")
    overall_grade: Mapped[str | None] = mapped_column(String(40))
    grade_childs_voice: Mapped[str | None] = mapped_column(String(40))
    grade_assessment: Mapped[str | None] = mapped_column(String(40))
    grade_planning: Mapped[str | None] = mapped_column(String(40))
    grade_management_oversight: Mapped[str | None] = mapped_column(String(40))
    grade_timeliness: Mapped[str | None] = mapped_column(String(40))
    grade_multi_agency: Mapped[str | None] = mapped_column(String(40))
    grade_impact: Mapped[str | None] = mapped_column(String(40))
    grade_recording: Mapped[str | None] = mapped_column(String(40))
    strengths: Mapped[str] = mapped_column(Text, default="")
    areas_to_develop: Mapped[str] = mapped_column(Text, default="")
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    seen_by_inspectors: Mapped[bool] = mapped_column(Boolean, default=False)
    referred_back_by_inspectors: Mapped[bool] = mapped_column(Boolean, default=False)
    inspector_outcome: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[Theme]] = relationship(
        secondary=case_sample_theme, order_by=Theme.sort_order, lazy="selectin"
    )
    visit: Mapped[Visit | None] = relationship(lazy="joined")
    case_actions: Mapped[list[CaseAction]] = relationship(
        back_populates="case_sample", cascade="all, delete-orphan", order_by="CaseAction.id",
        lazy="selectin",
    )

    @property
    def audited(self) -> bool:
        """A sample counts as audited once it has an audit date and an overall grade."""
        return self.audit_date is not None and bool(self.overall_grade)


# The per-area grade columns, in AuditArea order.
AREA_GRADE_FIELDS: tuple[str, ...] = (
    "grade_childs_voice",
    "grade_assessment",
    "grade_planning",
    "grade_management_oversight",
    "grade_timeliness",
    "grade_multi_agency",
    "grade_impact",
    "grade_recording",
)


class CaseAction(Base):
    """A follow-up action set by a case audit, with its due date."""

    __tablename__ = "case_action"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    case_sample_id: Mapped[int] = mapped_column(ForeignKey("case_sample.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    case_sample: Mapped[CaseSample] = relationship(back_populates="case_actions")


class Finding(Versioned, Base):
    """A finding from a visit letter or the inspection report, kept verbatim."""

    __tablename__ = "finding"
    text: Mapped[str] = mapped_column(Text)
    source_visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(40))
    judgement: Mapped[str] = mapped_column(String(120))
    latest_view: Mapped[str] = mapped_column(String(40))
    themes: Mapped[list[Theme]] = relationship(
        secondary=finding_theme, order_by=Theme.sort_order, lazy="selectin"
    )
    source_visit: Mapped[Visit | None] = relationship(lazy="joined")
    #: Evidence of progress on the finding; the same links as EvidenceItem.findings.
    evidence: Mapped[list[EvidenceItem]] = relationship(
        secondary=finding_evidence, order_by=EvidenceItem.id, lazy="selectin",
        back_populates="findings"
    )


class Action(Versioned, Base):
    """An improvement-plan action answering one or more findings."""

    __tablename__ = "action"
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    rag: Mapped[str | None] = mapped_column(String(8))
    progress: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(String(200), default="")
    baseline: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[str] = mapped_column(String(40), default="")
    current_value: Mapped[str] = mapped_column(String(40), default="")
    impact_evidence: Mapped[str] = mapped_column(Text, default="")
    governance_forum: Mapped[str] = mapped_column(String(120), default="")
    last_reviewed: Mapped[dt.date | None] = mapped_column(Date)
    closure_criteria: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[list[Finding]] = relationship(
        secondary=action_finding, order_by=Finding.id, lazy="selectin"
    )
    evidence: Mapped[list[EvidenceItem]] = relationship(
        secondary=action_evidence, order_by=EvidenceItem.id, lazy="selectin"
    )


class ChecklistItem(Versioned, Base):
    """One thing to get ready before a visit."""

    __tablename__ = "checklist_item"
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Its place in the plan: days before the visit's first day on site (negative: after it);
    #: None for a date fixed by hand, which re-planning leaves alone (models/checklist_plan.py).
    days_before_visit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Whether those days are working days (weekends and England bank holidays skipped).
    working_days: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    theme: Mapped[Theme | None] = relationship(lazy="joined")
    visit: Mapped[Visit] = relationship(lazy="joined")
    evidence: Mapped[list[EvidenceItem]] = relationship(
        secondary=checklist_evidence, order_by=EvidenceItem.id, lazy="selectin"
    )


class IndicatorSnapshot(Versioned, Base):
    """One measure's value at a date, with its target and comparators."""

    __tablename__ = "indicator"
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    measure: Mapped[str] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="%")
    as_at: Mapped[dt.date | None] = mapped_column(Date)
    target: Mapped[float | None] = mapped_column(Float)
    england: Mapped[float | None] = mapped_column(Float)
    statistical_neighbours: Mapped[float | None] = mapped_column(Float)
    direction_of_good: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(40))
    theme: Mapped[Theme | None] = relationship(lazy="joined")

    @property
    def on_target(self) -> bool | None:
        """Whether the value meets the target, in the measure's direction of good."""
        if self.value is None or self.target is None:
            return None
        if self.direction_of_good == "Lower is better":
            return self.value <= self.target
        return self.value >= self.target


class ChangeLogEntry(Base):
    """One field change: who, when, which record, old and new value."""

    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    who: Mapped[str] = mapped_column(String(120))
    record_type: Mapped[str] = mapped_column(String(40))
    record_ref: Mapped[str] = mapped_column(String(16), index=True)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    #: Set when the change came from bringing an edited evidence log back in.
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_record.id", ondelete="SET NULL"), index=True)


class ExportRecord(Base):
    """A briefing pack or evidence log that left the workspace."""

    __tablename__ = "export_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    options: Mapped[str] = mapped_column(Text, default="")


class OnSiteSlot(Base):
    """One entry of a visit's on-site timetable: a meeting, a catch-up, a case holder's hours."""

    __tablename__ = "on_site_slot"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    day: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    kind: Mapped[str] = mapped_column(String(40))
    activity: Mapped[str] = mapped_column(Text, default="")
    people: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(120), default="")


class PackControl(Base):
    """The document control of a visit's briefing pack, as last set for an export."""

    __tablename__ = "pack_control"
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="Draft")
    version: Mapped[str] = mapped_column(String(20), default="0.1")
    author: Mapped[str] = mapped_column(String(120), default="")
    approved_by: Mapped[str] = mapped_column(String(120), default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(20), default="Leaders")
    distribution: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class PackSnapshot(Base):
    """A final pack as presented: the data it was built from, its SHA-256 and its approver.

    It names its visit by id and title without a foreign key, so that deleting
    the visit later never deletes the record of what was handed over.
    """

    __tablename__ = "pack_snapshot"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(Integer, index=True)
    visit_title: Mapped[str] = mapped_column(String(120))
    version: Mapped[str] = mapped_column(String(20))
    approved_by: Mapped[str] = mapped_column(String(120))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    frozen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    frozen_by: Mapped[str] = mapped_column(String(120))
    options: Mapped[str] = mapped_column(Text, default="")
    data_sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)


class ImportRecord(Base):
    """An edited evidence log brought back in: who, when, which file, what it changed."""

    __tablename__ = "import_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(120))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    export_id: Mapped[str] = mapped_column(String(64), default="")
    counts: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[str] = mapped_column(Text, default="")
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class ReadinessSignOff(Base):
    """The director's sign-off of a visit's readiness: who, when, comment, and the figures."""

    __tablename__ = "readiness_sign_off"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    who: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float)
    rag: Mapped[str] = mapped_column(String(10))


class ReadinessDay(Base):
    """A visit's readiness as last worked out on a day, for the history chart."""

    __tablename__ = "readiness_history"
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"),
                                          primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    rag: Mapped[str] = mapped_column(String(10))
