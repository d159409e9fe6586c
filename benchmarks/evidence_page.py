"""A workspace with 20,000 evidence items: open it and show, sort and search the Evidence page.

Run by hand: ``python benchmarks/evidence_page.py [ROWS]`` (default 20000). Each UI step
blocks the UI thread for the time printed; it is compared with bare SQLAlchemy
answering the same question in the same run (count, then the first page of 200
rows with their themes), so the ratio shows the cost of the app around the query.
Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, func, insert, select  # noqa: E402
from sqlalchemy.orm import Session, selectinload  # noqa: E402

from models import entities as e  # noqa: E402
from models.records import KINDS  # noqa: E402
from models.store import Workspace  # noqa: E402

PAGE = 200


def _fill(path: Path, rows: int) -> None:
    """Create a workspace and bulk-insert evidence (a real workspace would import it)."""
    with Workspace.create(path) as ws:
        themes = [t.id for t in ws.themes()]
        ws.add_visit(number=1, visit_type="Monitoring visit", status="Planned",
                     start_date=dt.date(2026, 12, 8), themes=themes[:3])
    engine = create_engine(f"sqlite:///{path}")
    now = dt.datetime(2026, 11, 22, 9, 0)
    with engine.begin() as connection:
        connection.execute(insert(e.EvidenceItem), [
            {"id": n, "ref": f"E-{n:05d}", "version": 1, "created_at": now, "updated_at": now,
             "title": f"Performance clinic pack {n}", "evidence_type": "Performance data",
             "source": "Performance team", "as_at": dt.date(2026, 10, 31), "period": "",
             "owner": f"Owner {n % 37}", "location": "", "summary": "Monthly measures " * 4,
             "direction": "Mixed", "status": ("Draft", "Verified", "Approved")[n % 3],
             "include_in_pack": True, "contains_personal_data": False, "review_date": None}
            for n in range(1, rows + 1)])
        connection.execute(insert(e.evidence_theme), [
            {"evidence_id": n, "theme_id": themes[n % len(themes)]} for n in range(1, rows + 1)])
        connection.execute(insert(e.ReferenceCounter), [{"prefix": "E", "last_number": rows}])
    engine.dispose()


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _bare(path: Path, order: str = "ref", text: str = "") -> Callable[[], object]:
    def work() -> object:
        engine = create_engine(f"sqlite:///{path}")
        with Session(engine) as s:
            stmt = select(e.EvidenceItem)
            if text:
                stmt = stmt.where(e.EvidenceItem.title.ilike(f"%{text}%"))
            s.scalar(select(func.count()).select_from(stmt.subquery()))
            rows = list(s.scalars(stmt.options(selectinload(e.EvidenceItem.themes))
                                  .order_by(getattr(e.EvidenceItem, order)).limit(PAGE)))
        engine.dispose()
        return rows
    return work


def main(rows: int) -> None:
    app = QApplication.instance() or QApplication([])
    from ui.context import Session as UiSession
    from ui.list_page import RecordListPage

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.visitready"
        _fill(path, rows)
        holder: dict[str, object] = {}

        def open_and_show() -> None:
            ws = Workspace.open(path)
            page = RecordListPage(UiSession(ws), KINDS["evidence"])
            page.resize(1200, 800)
            page.show()
            app.processEvents()
            holder["page"], holder["ws"] = page, ws

        results = [("open workspace + show Evidence page", _timed(open_and_show),
                    _timed(_bare(path)))]

        from ui.main_window import MainWindow

        window = MainWindow(data_dir=Path(folder), log_path=Path(folder) / "log", version="b")
        dashboard_ready: list[float] = []

        def open_window() -> None:
            window.set_workspace(Workspace.open(path))
            window.show()
            app.processEvents()

        start = time.perf_counter()
        blocked = _timed(open_window)
        dashboard = window.pages["Dashboard"]
        while dashboard.readiness is None:
            app.processEvents()
            time.sleep(0.01)
        dashboard_ready.append(time.perf_counter() - start)
        results.append(("open in the main window (dashboard first)", blocked,
                        _timed(_bare(path))))
        page = holder["page"]
        assert isinstance(page, RecordListPage)
        assert page.model.total == rows, page.model.total
        title = next(n for n, c in enumerate(page.model.columns) if c.name == "title")
        from PySide6.QtCore import Qt

        results.append(("sort by title", _timed(lambda: page.model.sort(
            title, Qt.SortOrder.AscendingOrder)), _timed(_bare(path, "title"))))
        page.search.setText("pack 1999")
        results.append(("search 'pack 1999'", _timed(page.apply_filters),
                        _timed(_bare(path, text="pack 1999"))))
        page.search.setText("")
        page.apply_filters()
        results.append(("scroll: fetch next 200 rows", _timed(page.model.fetchMore),
                        _timed(_bare(path))))
        print(f"{rows:,} evidence items")
        print(f"{'step':<40} {'app ms':>8} {'bare ms':>8} {'ratio':>6}")
        for name, ours, bare in results:
            print(f"{name:<40} {ours * 1000:>8.0f} {bare * 1000:>8.0f} {ours / bare:>6.1f}")
        worst = max(ours for _n, ours, _b in results)
        print(f"longest the UI thread was blocked: {worst * 1000:.0f} ms")
        print(f"dashboard readiness arrived from the background after "
              f"{dashboard_ready[0] * 1000:.0f} ms (the window stayed responsive)")
        window.close()
        holder["ws"].close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
