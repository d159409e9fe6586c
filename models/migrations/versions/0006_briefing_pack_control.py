"""briefing pack control: lines to take, on-site timetable, document control, snapshots

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-24 10:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('visit') as batch:
        batch.add_column(sa.Column('lines_to_take', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('case_sample') as batch:
        batch.add_column(sa.Column('inspector_outcome', sa.Text(), nullable=False,
                                   server_default=''))
    with op.batch_alter_table('indicator') as batch:
        batch.add_column(sa.Column('topic', sa.String(length=40), nullable=True))
    op.create_table('on_site_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('end_time', sa.String(length=5), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('activity', sa.Text(), nullable=False),
    sa.Column('people', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_table('pack_control',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('author', sa.String(length=120), nullable=False),
    sa.Column('approved_by', sa.String(length=120), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('distribution', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('visit_id')
    )
    op.create_table('pack_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('visit_title', sa.String(length=120), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('approved_by', sa.String(length=120), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('frozen_at', sa.DateTime(), nullable=False),
    sa.Column('frozen_by', sa.String(length=120), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('data_sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_pack_snapshot_visit_id', 'pack_snapshot', ['visit_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_pack_snapshot_visit_id', table_name='pack_snapshot')
    op.drop_table('pack_snapshot')
    op.drop_table('pack_control')
    op.drop_table('on_site_slot')
    with op.batch_alter_table('indicator') as batch:
        batch.drop_column('topic')
    with op.batch_alter_table('case_sample') as batch:
        batch.drop_column('inspector_outcome')
    with op.batch_alter_table('visit') as batch:
        batch.drop_column('lines_to_take')
