"""index a visit's checklist and case samples by what readiness counts

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 20:20:00

Readiness counts a visit's checklist items by theme and status, and its audited case
samples by grade (``models/readiness_sql.py``). With indexes holding those columns the
counts are read from the indexes alone, not from every row of the visit. The case
samples' index starts with the visit, so it takes the place of the visit-only index of
revision 0013.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0016'
down_revision: Union[str, Sequence[str], None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index('ix_checklist_item_visit_theme', 'checklist_item',
                    ['visit_id', 'theme_id', 'status', 'due_date'])
    op.create_index('ix_case_sample_visit_grade', 'case_sample',
                    ['visit_id', 'overall_grade', 'audit_date'])
    op.drop_index('ix_case_sample_visit', table_name='case_sample')


def downgrade() -> None:
    """Downgrade schema."""
    op.create_index('ix_case_sample_visit', 'case_sample', ['visit_id'])
    op.drop_index('ix_case_sample_visit_grade', table_name='case_sample')
    op.drop_index('ix_checklist_item_visit_theme', table_name='checklist_item')
