"""Tooltips for the controls every record list shares, worded for the kind of record listed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .list_page import RecordListPage

#: What each filter narrows the list to, by the field it filters on.
_FILTERS = {
    "theme": "Show only {plural} linked to one theme",
    "status": "Show only {plural} with this status",
    "rag": "Show only {plural} with this RAG",
    "category": "Show only checklist items of this kind (data, documents, logistics\u2026)",
    "kind": "Show only strengths, areas for improvement or areas for priority action",
    "latest_view": "Show only findings with this view of progress",
    "overall_grade": "Show only case samples with this overall audit grade",
    "evidence_type": "Show only evidence of this type (performance data, audits\u2026)",
    "owner": "Show only {plural} owned by one person",
}


def explain_list_page(page: RecordListPage) -> None:
    """Give the search box, filters and buttons of a record list their tooltips."""
    kind = page.kind
    plural, singular = kind.plural, kind.singular
    words = ", ".join(kind.field(n).label.lower() for n in kind.search if n != "ref")
    page.search.setToolTip(
        f"Type to narrow the list to {plural} whose reference or {words} contain the words "
        "(Ctrl+F)")
    for name, combo in page.filters.items():
        combo.setToolTip(_FILTERS.get(name, "Narrow the list").format(plural=plural))
    page.overdue.setToolTip(f"Show only {plural} past their due date and not finished")
    page.add_button.setToolTip(f"Add a new {singular} (Ctrl+Shift+N)")
    page.open_button.setToolTip(f"Open the selected {singular} in its editor (Enter)")
    page.delete_button.setToolTip(
        f"Delete the selected {plural}; VisitReady asks first, naming everything that goes "
        "with them, and Edit \u2192 Undo brings them back (Delete)")
    page.bulk_button.setToolTip(f"Change one value on every selected {singular} at once "
                                "(one step to undo)")
