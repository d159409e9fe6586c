"""The tables of imported Annex A returns, their indicator values and case-sample draws."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .entities import Base, Theme

indicator_value_theme = Table(
    "indicator_value_theme",
    Base.metadata,
    Column("indicator_value_id", ForeignKey("indicator_value.id", ondelete="CASCADE"),
           primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class AnnexReturn(Base):
    """One imported Annex A return: its as-at date and the file(s) it came from (by SHA-256)."""

    __tablename__ = "annex_return"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    as_at: Mapped[dt.date] = mapped_column(Date, index=True)
    file_names: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(120))
    lists: Mapped[str] = mapped_column(String(60), default="")
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    left_out: Mapped[int] = mapped_column(Integer, default=0)
    importer_version: Mapped[int] = mapped_column(Integer, default=1)


class AnnexRow(Base):
    """One row of a list, minimised: a keyed hash for the child, an age band, no name or date of birth.

    ``data`` holds the list's other kept values as JSON (dates as ISO text, counts as numbers,
    codes as their short code).
    """

    __tablename__ = "annex_row"
    __table_args__ = (Index("ix_annex_row_return_list", "return_id", "list_no"),
                      {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("annex_return.id", ondelete="CASCADE"))
    list_no: Mapped[int] = mapped_column(Integer)
    row_no: Mapped[int] = mapped_column(Integer)
    child_key: Mapped[str] = mapped_column(String(64), index=True)
    age_band: Mapped[str] = mapped_column(String(20), default="")
    gender: Mapped[str] = mapped_column(String(40), default="")
    ethnicity: Mapped[str] = mapped_column(String(10), default="")
    disability: Mapped[str] = mapped_column(String(10), default="")
    team: Mapped[str] = mapped_column(String(120), default="")
    allocated: Mapped[bool | None] = mapped_column(Boolean)
    data: Mapped[str] = mapped_column(Text, default="{}")


class IndicatorValue(Base):
    """An indicator worked out from a return, for the return's as-at date."""

    __tablename__ = "indicator_value"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("annex_return.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40), index=True)
    as_at: Mapped[dt.date] = mapped_column(Date)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    definition_version: Mapped[int] = mapped_column(Integer)
    source_sha256: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[str] = mapped_column(Text, default="{}")
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    themes: Mapped[list[Theme]] = relationship(
        secondary=indicator_value_theme, order_by=Theme.sort_order, lazy="selectin"
    )


class SampleDraw(Base):
    """A reproducible case-sample draw: seed, parameters, algorithm version and the frame's hash."""

    __tablename__ = "sample_draw"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    return_id: Mapped[int | None] = mapped_column(
        ForeignKey("annex_return.id", ondelete="SET NULL"))
    seed: Mapped[str] = mapped_column(String(80))
    parameters: Mapped[str] = mapped_column(Text)
    algorithm_version: Mapped[int] = mapped_column(Integer)
    frame_hash: Mapped[str] = mapped_column(String(64))
    frame_size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(120))


class SampleDrawCase(Base):
    """A child in a draw: its key, stratum, rank and how it was chosen, and the case sample made."""

    __tablename__ = "sample_draw_case"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("sample_draw.id", ondelete="CASCADE"))
    case_sample_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_sample.id", ondelete="SET NULL"))
    child_key: Mapped[str] = mapped_column(String(64))
    stratum: Mapped[str] = mapped_column(Text)
    rank: Mapped[int | None] = mapped_column(Integer)
    how_chosen: Mapped[str] = mapped_column(String(30))
