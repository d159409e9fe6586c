"""Starting out: a new workspace with its authority and first visit, and the demo's marker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from . import entities as e
from . import vocabulary as v
from .errors import ValidationError
from .store import Workspace

#: WorkspaceInfo key present in the demo workspace, whose authority and data are made up.
DEMO_KEY = "fictional_demo"


def mark_demo(workspace: Workspace) -> None:
    """Mark a workspace as the fictional demo (shown as a banner whenever it is open)."""
    with workspace._edit() as s:
        s.merge(e.WorkspaceInfo(key=DEMO_KEY, value="yes"))


def is_demo(workspace: Workspace) -> bool:
    """True for the fictional demo (also demos built before the marker, by their creator)."""
    with workspace._read() as s:
        info = {key: value for key, value in
                s.execute(select(e.WorkspaceInfo.key, e.WorkspaceInfo.value))}
    return DEMO_KEY in info or info.get("created_by") == "demo"


def create_workspace(path: Path, authority: str, *, visit_number: int | None = None,
                     visit_start: dt.date | None = None) -> Workspace:
    """A new workspace for an authority, with its first monitoring visit if one is given.

    Raises:
        ValidationError: no authority name.
        WorkspaceUnavailable: the file exists already or cannot be written.
    """
    authority = authority.strip()
    if not authority:
        raise ValidationError("The authority's name is needed.",
                              "It goes on the cover of every briefing pack and log.")
    if path.suffix != ".visitready":
        path = path.with_name(path.name + ".visitready")
    workspace = Workspace.create(path, authority=authority)
    if visit_number is not None:
        end = visit_start + dt.timedelta(days=1) if visit_start else None
        workspace.add_visit(number=visit_number, visit_type=v.VisitType.MONITORING.value,
                            status=v.VisitStatus.PLANNED.value, start_date=visit_start,
                            end_date=end)
    return workspace
