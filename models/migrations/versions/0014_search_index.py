"""full-text search index of each record kind's searchable fields

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 13:50:00

SQLite: one external-content FTS5 table per record table (``<table>_search``), kept in step
by triggers, so every write (store, import, undo, erasure) updates it; filled here for the
rows already there. Without FTS5 in the SQLite library nothing is made and searches use LIKE.
PostgreSQL: a GIN index per searchable field over the expression ``models/search.py`` queries.
The fields are those of ``RecordKind.search`` when this revision was written (a test checks
that they still agree).
"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SEARCHED = {
    'theme': ('name', 'code', 'owner', 'key_messages'),
    'visit': ('lead_inspector', 'headline_findings', 'verbal_feedback'),
    'evidence': ('ref', 'title', 'summary', 'source', 'owner'),
    'case_sample': ('ref', 'sample_ref', 'team', 'auditor', 'strengths', 'areas_to_develop'),
    'finding': ('ref', 'text'),
    'action': ('ref', 'description', 'owner', 'progress'),
    'checklist_item': ('ref', 'item', 'owner', 'notes'),
    'indicator': ('ref', 'measure'),
}

PG_EXPRESSION = ("to_tsvector('simple', regexp_replace(coalesce({column}, ''), "
                 "'[^[:alnum:]]+', ' ', 'g'))")


def _has_fts5() -> bool:
    return bool(op.get_bind().exec_driver_sql(
        "SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar())


def upgrade() -> None:
    """Upgrade schema."""
    name = op.get_bind().dialect.name
    if name == 'postgresql':
        for table, fields in SEARCHED.items():
            for field in fields:
                op.execute(f'CREATE INDEX ix_{table}_{field}_search ON {table} USING gin '
                           f'(({PG_EXPRESSION.format(column=field)}))')
        return
    if name != 'sqlite' or not _has_fts5():
        return
    for table, fields in SEARCHED.items():
        index = f'{table}_search'
        columns = ', '.join(fields)
        new = ', '.join(f'new.{f}' for f in fields)
        old = ', '.join(f'old.{f}' for f in fields)
        op.execute(f"CREATE VIRTUAL TABLE {index} USING fts5({columns}, content='{table}', "
                   f"content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
        op.execute(f'CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN '
                   f'INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new}); END')
        op.execute(f'CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN '
                   f"INSERT INTO {index}({index}, rowid, {columns}) "
                   f"VALUES ('delete', old.id, {old}); END")
        op.execute(f'CREATE TRIGGER {index}_update AFTER UPDATE OF {columns} ON {table} BEGIN '
                   f"INSERT INTO {index}({index}, rowid, {columns}) "
                   f"VALUES ('delete', old.id, {old}); "
                   f'INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new}); END')
        op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


def downgrade() -> None:
    """Downgrade schema."""
    name = op.get_bind().dialect.name
    for table, fields in SEARCHED.items():
        if name == 'postgresql':
            for field in fields:
                op.execute(f'DROP INDEX IF EXISTS ix_{table}_{field}_search')
            continue
        index = f'{table}_search'
        for trigger in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER IF EXISTS {index}_{trigger}')
        op.execute(f'DROP TABLE IF EXISTS {index}')
