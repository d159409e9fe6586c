"""personal-data warnings stored per record and field; date indexes for readiness by SQL

Revision ID: 0013
Revises: 0010
Create Date: 2026-11-24 11:00:00

Warnings used to be worked out by scanning every free text on every readiness read;
from now on they are worked out when text is written. This revision makes the table
(no matched text is stored: only record, field and kind of identifier) and scans the
text of every existing record once.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_INDEXES = (
    # Readiness by SQL lists past-review evidence and overdue actions and checklist items:
    # range scans on these dates instead of reading every row.
    ('ix_evidence_review_date', 'evidence', ['review_date']),
    ('ix_action_due_date', 'action', ['due_date']),
    ('ix_checklist_item_visit_due', 'checklist_item', ['visit_id', 'due_date']),
    ('ix_case_sample_visit', 'case_sample', ['visit_id']),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'personal_data_warning',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('record_kind', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=False),
        sa.Column('kind', sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_personal_data_warning_record', 'personal_data_warning',
                    ['record_kind', 'record_id'])
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns)
    # The scanner is the application's (the one rule); only the columns this revision's
    # tables have are read, so a later revision adding a scanned column does not break it.
    from models.text_warnings import rescan

    connection = op.get_bind()
    found = sa.inspect(connection)
    present = {t: {c['name'] for c in found.get_columns(t)} for t in found.get_table_names()}
    rescan(connection, present)


def downgrade() -> None:
    """Downgrade schema."""
    for name, table, _columns in _INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_index('ix_personal_data_warning_record', table_name='personal_data_warning')
    op.drop_table('personal_data_warning')
