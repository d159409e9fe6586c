"""evidence linked to findings

Revision ID: 0009
Revises: 0002
Create Date: 2026-11-24 11:20:00

An evidence item can show progress on a finding; the link is kept once and edited from
either side (the finding's editor or the evidence item's).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('finding_evidence',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('finding_id', 'evidence_id')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('finding_evidence')
