"""Where exports may be written: checked before anything is written, each refusal saying what to do."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from models.briefing import BriefingContent
from models.errors import OutputFileError

from .common import IsCancelled, Progress, safe_output

#: The file type each export is always written as.
SUFFIXES = {"Briefing pack": ".docx", "Evidence log": ".xlsx", "Readiness review": ".docx"}


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve()))


def check_target(kind: str, path: Path, workspace: Path | None = None) -> None:
    """Refuse a target that is not a plain file of the right type, or that is the workspace.

    Raises:
        OutputFileError: with what to do instead.
    """
    suffix = SUFFIXES[kind]
    name = path.name
    if not name or "\x00" in str(path):
        raise OutputFileError(f"The {kind.lower()} needs a file name.",
                              f"Type a name ending in {suffix}.")
    try:
        if workspace is not None:
            stem = str(workspace)
            for protected in (workspace, Path(stem + "-journal"), Path(stem + "-wal")):
                if _same_file(path, protected):
                    raise OutputFileError(
                        f"{name} is the workspace that is open; saving the {kind.lower()} "
                        "there would destroy it.",
                        "Choose another file name for the export. The workspace was not touched.")
        if path.suffix.lower() != suffix:
            raise OutputFileError(
                f"The {kind.lower()} is always saved as a {suffix} file, not \u201c{name}\u201d.",
                f"Give it a name ending in {suffix}, e.g. {path.stem or 'visit'}{suffix}.")
        if path.is_dir():
            raise OutputFileError(f"{name} is a folder, not a file.",
                                  f"Choose a file name ending in {suffix} inside the folder.")
    except OSError as exc:
        raise OutputFileError(f"The {kind.lower()} cannot be saved as {name[:60]}: "
                              f"{exc.strerror or exc}.",
                              "Choose a shorter, plain file name.") from exc


def check_targets(pack: Path | None, log: Path | None, workspace: Path | None = None, *,
                  review: Path | None = None) -> None:
    """Check every target, and that no two are the same file.

    Raises:
        OutputFileError: with what to do instead.
    """
    chosen = [(kind, path) for kind, path in (("Briefing pack", pack), ("Evidence log", log),
                                              ("Readiness review", review)) if path is not None]
    for kind, path in chosen:
        check_target(kind, path, workspace)
    for n, (kind, path) in enumerate(chosen):
        for other, other_path in chosen[n + 1:]:
            if _same_file(path, other_path):
                raise OutputFileError(f"The {kind.lower()} and the {other.lower()} are the same "
                                      "file.", "Give each its own name.")


Writer = Callable[..., Path]


def write_exports(content: BriefingContent, pack: Path | None, log: Path | None, *,
                  review: Path | None = None, workspace: Path | None = None,
                  progress: Progress | None = None,
                  is_cancelled: IsCancelled | None = None) -> list[tuple[str, Path]]:
    """Write the pack, the log and/or the readiness review; all the files asked for appear
    together or none does.

    Each is written to a temporary file in its target folder and they are renamed only
    when every one is complete, so a failure or cancel in the log leaves no pack either.

    Raises:
        OutputFileError: a target is refused (nothing is written) or cannot be written.
        ExportCancelled: the user cancelled; no file is left behind.
    """
    from .excel import write_evidence_log
    from .review_word import write_readiness_review
    from .word import write_briefing_pack

    check_targets(pack, log, workspace, review=review)
    jobs: list[tuple[str, Path, Writer]] = [
        (kind, target, writer) for kind, target, writer in (
            ("Briefing pack", pack, write_briefing_pack), ("Evidence log", log, write_evidence_log),
            ("Readiness review", review, write_readiness_review))
        if target is not None]
    share = 100 * len(jobs)

    def part(offset: int) -> Progress:
        def report(done: int, total: int, message: str) -> None:
            if progress:
                progress(offset + done * 100 // max(total, 1), share, message)
        return report

    def run(index: int) -> list[tuple[str, Path]]:
        if index == len(jobs):
            return []
        kind, target, writer = jobs[index]
        with safe_output(target) as temporary:
            writer(content, temporary, progress=part(100 * index), is_cancelled=is_cancelled)
            rest = run(index + 1)
        return [(kind, target), *rest]

    return run(0)
