"""who verified and approved evidence; director sign-off of readiness; readiness per day

Revision ID: 0009b
Revises: 0009
Create Date: 2026-11-24 11:25:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009b'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN: never a copy of the evidence table (see downgrade).
    op.add_column('evidence', sa.Column('verified_by', sa.String(length=120), nullable=False,
                                        server_default=''))
    op.add_column('evidence', sa.Column('verified_at', sa.DateTime(), nullable=True))
    op.add_column('evidence', sa.Column('approved_by', sa.String(length=120), nullable=False,
                                        server_default=''))
    op.add_column('evidence', sa.Column('approved_at', sa.DateTime(), nullable=True))
    op.create_table('readiness_sign_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('who', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('rag', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_table('readiness_history',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('rag', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('visit_id', 'day')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('readiness_history')
    op.drop_table('readiness_sign_off')
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy would drop
    # and recreate the evidence table, and with foreign keys on that deletes its attachments.
    for column in ('approved_at', 'approved_by', 'verified_at', 'verified_by'):
        op.execute(f'ALTER TABLE evidence DROP COLUMN {column}')
