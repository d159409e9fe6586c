"""Annex A returns, indicator values, case-sample draws; how a case sample was chosen

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-24 10:40:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'annex_return',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('as_at', sa.Date(), nullable=False),
        sa.Column('file_names', sa.Text(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.Column('imported_by', sa.String(length=120), nullable=False),
        sa.Column('lists', sa.String(length=60), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('left_out', sa.Integer(), nullable=False),
        sa.Column('importer_version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sha256'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_annex_return_as_at', 'annex_return', ['as_at'])
    op.create_table(
        'annex_row',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('list_no', sa.Integer(), nullable=False),
        sa.Column('row_no', sa.Integer(), nullable=False),
        sa.Column('child_key', sa.String(length=64), nullable=False),
        sa.Column('age_band', sa.String(length=20), nullable=False),
        sa.Column('gender', sa.String(length=40), nullable=False),
        sa.Column('ethnicity', sa.String(length=10), nullable=False),
        sa.Column('disability', sa.String(length=10), nullable=False),
        sa.Column('team', sa.String(length=120), nullable=False),
        sa.Column('allocated', sa.Boolean(), nullable=True),
        sa.Column('data', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['return_id'], ['annex_return.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_annex_row_return_list', 'annex_row', ['return_id', 'list_no'])
    op.create_index('ix_annex_row_child_key', 'annex_row', ['child_key'])
    op.create_table(
        'indicator_value',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('as_at', sa.Date(), nullable=False),
        sa.Column('numerator', sa.Float(), nullable=True),
        sa.Column('denominator', sa.Float(), nullable=True),
        sa.Column('value', sa.Float(), nullable=True),
        sa.Column('definition_version', sa.Integer(), nullable=False),
        sa.Column('source_sha256', sa.String(length=64), nullable=False),
        sa.Column('parameters', sa.Text(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['return_id'], ['annex_return.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_indicator_value_code', 'indicator_value', ['code'])
    op.create_table(
        'indicator_value_theme',
        sa.Column('indicator_value_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['indicator_value_id'], ['indicator_value.id'],
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('indicator_value_id', 'theme_id'),
    )
    op.create_table(
        'sample_draw',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=True),
        sa.Column('seed', sa.String(length=80), nullable=False),
        sa.Column('parameters', sa.Text(), nullable=False),
        sa.Column('algorithm_version', sa.Integer(), nullable=False),
        sa.Column('frame_hash', sa.String(length=64), nullable=False),
        sa.Column('frame_size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['return_id'], ['annex_return.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'sample_draw_case',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draw_id', sa.Integer(), nullable=False),
        sa.Column('case_sample_id', sa.Integer(), nullable=True),
        sa.Column('child_key', sa.String(length=64), nullable=False),
        sa.Column('stratum', sa.Text(), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=True),
        sa.Column('how_chosen', sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(['draw_id'], ['sample_draw.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['case_sample_id'], ['case_sample.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('case_sample', schema=None) as batch_op:
        batch_op.add_column(sa.Column('how_chosen', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_sample', schema=None) as batch_op:
        batch_op.drop_column('how_chosen')
    op.drop_table('sample_draw_case')
    op.drop_table('sample_draw')
    op.drop_table('indicator_value_theme')
    op.drop_index('ix_indicator_value_code', table_name='indicator_value')
    op.drop_table('indicator_value')
    op.drop_index('ix_annex_row_child_key', table_name='annex_row')
    op.drop_index('ix_annex_row_return_list', table_name='annex_row')
    op.drop_table('annex_row')
    op.drop_index('ix_annex_return_as_at', table_name='annex_return')
    op.drop_table('annex_return')
