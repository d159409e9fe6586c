"""checklist items keep their offset from the visit

Revision ID: 0010
Revises: 0009b
Create Date: 2026-11-24 13:55:00

Each checklist item carries its place in the plan: days before the visit's first day on
site, and whether they are working days. Items made from the checklist template get the
template's offset: in calendar days when their due date is still the one the template gave
(that is how earlier versions seeded it), otherwise in working days counted from their
date now (earlier versions moved unfinished items with the visit in working days). Items
the user added keep a fixed date (no offset). The template is copied here so that this
revision means the same whatever the template becomes.
"""
import datetime as dt
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009b'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: The checklist template as it was when this revision was written: (item, days, per theme).
TEMPLATE = (
    ("Annex A lists extracted, checked and ready to send", 5, False),
    ("Latest performance scorecard signed off by the performance lead", 5, False),
    ("Indicators for each focus theme refreshed to the latest month", 7, True),
    ("Self-evaluation (SEF) refreshed for the focus themes", 7, False),
    ("Audit summary prepared", 7, True),
    ("Improvement-plan progress report to the latest improvement board", 7, False),
    ("Quality assurance framework and audit programme to hand", 5, False),
    ("Case list prepared and case holders briefed", 3, True),
    ("Managers ready to talk through audited cases with inspectors", 2, False),
    ("Inspectors' read-only access to the case management system tested", 3, False),
    ("Rooms booked and diaries cleared for the on-site days", 3, False),
    ("Daily catch-up with the lead inspector scheduled", 2, False),
    ("Visit coordinator and single point of contact named", 5, False),
    ("Staff briefing on the visit and what to expect", 2, False),
    ("Partner agencies told and contacts confirmed", 3, False),
    ("Lead member and chief executive briefed", 3, False),
)


def _working(day: dt.date) -> bool:
    import holidays

    return day.weekday() < 5 and day not in holidays.country_holidays(
        "GB", subdiv="ENG", years=[day.year])


def _working_days_before(due: dt.date, start: dt.date) -> int:
    if due > start:
        return -sum(1 for n in range(1, (due - start).days + 1)
                    if _working(start + dt.timedelta(days=n)))
    return sum(1 for n in range((start - due).days) if _working(due + dt.timedelta(days=n)))


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN: never a copy of the checklist table.
    op.add_column('checklist_item', sa.Column('days_before_visit', sa.Integer(), nullable=True))
    op.add_column('checklist_item', sa.Column('working_days', sa.Boolean(), nullable=False,
                                              server_default=sa.true()))
    general = {item: days for item, days, per_theme in TEMPLATE if not per_theme}
    per_theme = {item: days for item, days, per in TEMPLATE if per}
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT c.id, c.item, c.due_date, v.start_date, t.name FROM checklist_item c "
        "JOIN visit v ON v.id = c.visit_id LEFT JOIN theme t ON t.id = c.theme_id")).all()
    fills = []
    for row_id, text, due, start, theme in rows:
        days = general.get(text)
        if days is None and theme and text.startswith(f"{theme}: "):
            days = per_theme.get(text[len(theme) + 2:])
        due, start = _as_date(due), _as_date(start)
        if days is None:
            continue
        if due is None or start is None or start - dt.timedelta(days=days) == due:
            fills.append({"b_id": row_id, "b_days": days, "b_working": False})
        else:
            fills.append({"b_id": row_id, "b_days": _working_days_before(due, start),
                          "b_working": True})
    if fills:
        table = sa.table('checklist_item', sa.column('id', sa.Integer()),
                         sa.column('days_before_visit', sa.Integer()),
                         sa.column('working_days', sa.Boolean()))
        bind.execute(table.update().where(table.c.id == sa.bindparam('b_id'))
                     .values(days_before_visit=sa.bindparam('b_days'),
                             working_days=sa.bindparam('b_working')), fills)


def downgrade() -> None:
    """Downgrade schema."""
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL), as 0009b does.
    for column in ('working_days', 'days_before_visit'):
        op.execute(f'ALTER TABLE checklist_item DROP COLUMN {column}')
