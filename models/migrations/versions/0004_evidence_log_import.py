"""evidence log import: workspace identity, import records, changes marked by import

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-24 10:30:00

"""
import uuid
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('import_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sa.String(length=120), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('export_id', sa.String(length=64), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('undone', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_change_log_import_id'), ['import_id'], unique=False)
        batch_op.create_foreign_key('fk_change_log_import_id', 'import_record', ['import_id'],
                                    ['id'], ondelete='SET NULL')
    # Every workspace gets an identity, so a log exported from it is known when it comes back.
    info = sa.table('workspace_info', sa.column('key', sa.String), sa.column('value', sa.Text))
    found = op.get_bind().execute(
        sa.select(info.c.key).where(info.c.key == 'workspace_id')).first()
    if found is None:
        op.execute(info.insert().values(key='workspace_id', value=str(uuid.uuid4())))


def downgrade() -> None:
    """Downgrade schema."""
    info = sa.table('workspace_info', sa.column('key', sa.String))
    op.execute(info.delete().where(info.c.key == 'workspace_id'))
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint('fk_change_log_import_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_change_log_import_id'))
        batch_op.drop_column('import_id')
    op.drop_table('import_record')
