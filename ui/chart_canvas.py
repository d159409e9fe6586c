"""A matplotlib chart inside a page: squeezed below the size its labels need, it draws what
fits instead of warning on every paint."""

from __future__ import annotations

import warnings

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg


class ChartCanvas(FigureCanvasQTAgg):
    """A figure canvas whose constrained layout gives up quietly while the window is tiny
    (being built, minimised to a strip); the next resize lays the chart out again."""

    def draw(self) -> None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="constrained_layout not applied",
                                    category=UserWarning)
            super().draw()
