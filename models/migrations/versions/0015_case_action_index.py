"""index case actions by their case sample

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 17:40:00

Readiness asks, for each case sample graded inadequate, whether it has an action
(``NOT EXISTS`` over ``case_action``), and deleting a case sample cascades to its
actions: without an index each of those reads every case action in the workspace.
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0015'
down_revision: Union[str, Sequence[str], None] = '0014'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index('ix_case_action_case_sample', 'case_action', ['case_sample_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_case_action_case_sample', table_name='case_action')
