"""Expected errors: each says in plain words what happened and what to do next."""

from __future__ import annotations


class AppError(Exception):
    """An error the user can act on; shown without a traceback.

    Args:
        message: What happened, in the user's words.
        hint: What to do next.
    """

    title = "VisitReady"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NotAWorkspace(AppError):
    title = "Not a VisitReady workspace"


class WorkspaceTooNew(AppError):
    title = "Workspace made by a newer VisitReady"


class WorkspaceUnavailable(AppError):
    title = "Workspace cannot be opened"


class ConflictError(AppError):
    """Someone else changed (or deleted) the record since it was read."""

    title = "Changed by someone else"


class ValidationError(AppError):
    title = "Check the entry"


class OutputFileError(AppError):
    """An export could not be written (file open elsewhere, folder missing, disk full)."""

    title = "Cannot write the file"


class ImportFileError(AppError):
    """A file brought in could not be read as expected."""

    title = "Cannot import the file"


class DamagedWorkspace(NotAWorkspace):
    """The file is a workspace, but damaged or incomplete; it is left exactly as it was."""

    title = "Workspace damaged"


class WorkspaceReadOnly(WorkspaceUnavailable):
    """An edit was tried on a workspace opened read-only."""

    title = "Workspace is read-only"


class WorkspaceBusy(WorkspaceUnavailable):
    """Another program kept the workspace locked for longer than VisitReady waits."""

    title = "Workspace busy"
