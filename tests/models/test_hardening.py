"""Store hardening: refused characters, versions that move on every change, big attachments."""

from __future__ import annotations

import pytest

from models import entities as e
from models.errors import ConflictError, ValidationError
from models.store import Workspace


def _evidence(ws: Workspace, **values: object) -> e.EvidenceItem:
    return ws.add(e.EvidenceItem, **{"title": "Scorecard", "evidence_type": "Other",
                                     "direction": "Mixed", "status": "Draft", **values})


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff"])
def test_a_control_character_is_refused_naming_the_field(workspace: Workspace, bad: str) -> None:
    item = _evidence(workspace)
    with pytest.raises(ValidationError, match="What this shows"):
        workspace.update(e.EvidenceItem, item.id, item.version, summary=f"Good{bad} work")
    with pytest.raises(ValidationError, match="Title"):
        _evidence(workspace, title=f"Bad{bad}")
    assert workspace.get(e.EvidenceItem, item.id).summary == ""


def test_tabs_and_new_lines_are_kept(workspace: Workspace) -> None:
    item = _evidence(workspace, summary="Line one\r\nLine\ttwo")
    assert workspace.get(e.EvidenceItem, item.id).summary == "Line one\r\nLine\ttwo"


def test_links_only_change_moves_the_version_and_refuses_a_stale_writer(
        workspace: Workspace) -> None:
    themes = workspace.themes()
    item = _evidence(workspace)
    # Both in the same second as the add: a timestamp would not move.
    first = workspace.update(e.EvidenceItem, item.id, item.version, themes=[themes[0].id])
    assert first.version == item.version + 1
    with pytest.raises(ConflictError):
        workspace.update(e.EvidenceItem, item.id, item.version, themes=[themes[1].id])
    assert [t.id for t in workspace.get(e.EvidenceItem, item.id).themes] == [themes[0].id]


def test_attachments_and_case_actions_move_the_version(workspace: Workspace) -> None:
    item = _evidence(workspace)
    versions = [item.version]
    workspace.attach_link(item.id, "https://intranet.example/a")
    versions.append(workspace.get(e.EvidenceItem, item.id).version)
    attachment = workspace.attach_bytes(item.id, "a.txt", b"abc")
    versions.append(workspace.get(e.EvidenceItem, item.id).version)
    workspace.remove_attachment(attachment.id)
    versions.append(workspace.get(e.EvidenceItem, item.id).version)
    assert versions == sorted(set(versions)) and len(versions) == 4
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                seed_checklist=False)
    sample = workspace.add(e.CaseSample, sample_ref="MV1-01", cohort="Child in need",
                           selected_by="Authority", audit_type="Full", visit_id=visit.id)
    action = workspace.add_case_action(sample.id, "Review plan", None)
    after_add = workspace.get(e.CaseSample, sample.id).version
    workspace.remove_case_action(action.id)
    assert sample.version < after_add < workspace.get(e.CaseSample, sample.id).version


def test_a_control_character_in_a_link_or_case_action_is_refused(workspace: Workspace) -> None:
    item = _evidence(workspace)
    with pytest.raises(ValidationError, match="Link"):
        workspace.attach_link(item.id, "https://x.example/\x07")


def test_a_file_too_big_to_keep_is_refused_in_plain_words(workspace: Workspace,
                                                          tmp_path) -> None:  # type: ignore[no-untyped-def]
    item = _evidence(workspace)
    big = tmp_path / "export.zip"
    with big.open("wb") as handle:  # sparse: 1 GB on paper, nothing on disk
        handle.truncate(1024 ** 3)
    with pytest.raises(ValidationError, match="keeps copies of files up to") as refused:
        workspace.attach_file(item.id, big)
    assert "link" in refused.value.hint
    assert workspace.get(e.EvidenceItem, item.id).attachments == []


def test_references_sort_by_number_in_lists_pickers_and_exports(workspace: Workspace) -> None:
    from sqlalchemy import text

    from models.store import RecordQuery

    def jump_to(number: int) -> None:
        with workspace._engine.begin() as connection:
            connection.execute(text("UPDATE reference_counter SET last_number = :n "
                                    "WHERE prefix = 'E'"), {"n": number})

    _evidence(workspace, title="first")
    jump_to(99)
    _evidence(workspace, title="hundred")
    _evidence(workspace, title="hundred and one")
    jump_to(999)
    _evidence(workspace, title="thousand")
    expected = ["E-001", "E-100", "E-101", "E-1000"]
    assert [x.ref for x in workspace.all(e.EvidenceItem)] == expected
    assert [x.ref for x in workspace.page(e.EvidenceItem, RecordQuery(descending=True))] == \
        expected[::-1]
    visit = workspace.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                                seed_checklist=False)
    assert [x.ref for x in workspace.contents(visit.id).evidence] == expected


def test_save_a_copy_never_writes_over_the_open_workspace(workspace: Workspace) -> None:
    from pathlib import Path

    from models.errors import WorkspaceUnavailable

    item = _evidence(workspace)
    with pytest.raises(WorkspaceUnavailable, match="open"):
        workspace.save_copy(Path(workspace.location))
    workspace.update(e.EvidenceItem, item.id, item.version, title="Still saved")
    with Workspace.open(workspace.location) as again:
        assert again.get(e.EvidenceItem, item.id).title == "Still saved"
