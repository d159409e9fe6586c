"""Evidence and findings link from either side, and each side shows the other's links."""

from __future__ import annotations

from typing import Any

from models import entities as e
from models.records import KINDS
from ui.context import Session
from ui.editor import RecordEditor


def test_link_evidence_to_a_finding_from_either_editor(session: Session, qtbot: Any) -> None:
    finding = session.workspace.all(e.Finding)[0]
    first, second = session.workspace.all(e.EvidenceItem)[:2]
    editor = RecordEditor(session, KINDS["finding"], finding)
    qtbot.addWidget(editor)
    editor.form.set_value("evidence", [first.id])
    editor.save()
    assert [f.id for f in session.workspace.get(e.EvidenceItem, first.id).findings] == [finding.id]

    editor = RecordEditor(session, KINDS["evidence"], session.workspace.get(e.EvidenceItem,
                                                                               second.id))
    qtbot.addWidget(editor)
    assert editor.form.raw_value("findings") == []
    editor.form.set_value("findings", [finding.id])
    editor.save()
    linked = session.workspace.get(e.Finding, finding.id).evidence
    assert [x.id for x in linked] == [first.id, second.id]
    again = RecordEditor(session, KINDS["finding"], session.workspace.get(e.Finding, finding.id))
    qtbot.addWidget(again)
    assert again.form.raw_value("evidence") == [first.id, second.id]
    session.undo_stack.undo()
    assert [x.id for x in session.workspace.get(e.Finding, finding.id).evidence] == [first.id]
