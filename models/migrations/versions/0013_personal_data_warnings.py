"""personal-data warnings stored per record and field

Revision ID: 0013
Revises: 0002
Create Date: 2026-11-24 11:00:00

Warnings used to be worked out by scanning every free text on every readiness read;
from now on they are worked out when text is written. This revision makes the table
and scans the text of every existing record once.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

#: The scanned free-text fields of each table at this revision: table -> (kind, fields).
SCANNED = {
    "theme": ("theme", ["what_we_know", "how_we_know", "what_we_are_doing", "key_messages",
                        "rag_override_reason"]),
    "visit": ("visit", ["verbal_feedback", "headline_findings"]),
    "evidence": ("evidence", ["title", "summary"]),
    "case_sample": ("case_sample", ["strengths", "areas_to_develop"]),
    "finding": ("finding", ["text"]),
    "action": ("action", ["description", "progress", "impact_evidence"]),
    "checklist_item": ("checklist_item", ["notes"]),
}


def upgrade() -> None:
    """Upgrade schema."""
    warning = op.create_table(
        'personal_data_warning',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('record_kind', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=60), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_personal_data_warning_record', 'personal_data_warning',
                    ['record_kind', 'record_id'])
    # Readiness by SQL lists past-review evidence and overdue actions and checklist items:
    # range scans on these dates instead of reading every row.
    op.create_index('ix_evidence_review_date', 'evidence', ['review_date'])
    op.create_index('ix_action_due_date', 'action', ['due_date'])
    op.create_index('ix_checklist_item_visit_due', 'checklist_item', ['visit_id', 'due_date'])
    op.create_index('ix_case_sample_visit', 'case_sample', ['visit_id'])
    from models.text_warnings import warning_rows

    connection = op.get_bind()
    for table_name, (kind_name, fields) in SCANNED.items():
        table = sa.table(table_name, sa.column('id'), *(sa.column(f) for f in fields))
        rows: list[dict[str, object]] = []
        for record in connection.execute(sa.select(table)):
            values = record._mapping
            rows.extend(warning_rows(kind_name, values['id'], {f: values[f] for f in fields}))
        if rows:
            connection.execute(sa.insert(warning), rows)


def downgrade() -> None:
    """Downgrade schema."""
    for name, table in (('ix_evidence_review_date', 'evidence'), ('ix_action_due_date', 'action'),
                        ('ix_checklist_item_visit_due', 'checklist_item'),
                        ('ix_case_sample_visit', 'case_sample')):
        op.drop_index(name, table_name=table)
    op.drop_index('ix_personal_data_warning_record', table_name='personal_data_warning')
    op.drop_table('personal_data_warning')
