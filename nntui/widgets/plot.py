"""Charts: a plotext plot that is rebuilt only when its data changes, with cheap markers on top.

A plotext frame costs ~25 ms and several KB of output, so `Chart.plot(key, draw)` rebuilds only
when `key` (a summary of the data) differs from last time. A moving point is a `Marker`, a
one-cell widget on a layer above the chart: moving it repaints two cells, not the plot.

After each build the chart finds its frame (┌ … ┘) in the rendered text, so `to_cell(x, y)`
maps data coordinates to the exact cell, whatever the width of plotext's tick labels.
"""

from __future__ import annotations

from time import monotonic
from typing import Any, Callable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.widgets import Static
from textual_plotext import PlotextPlot

from nntui.i18n import _


class Chart(PlotextPlot):
    """A plotext plot with fixed axis limits, drawn by a callback only when its key changes."""

    def __init__(self, xlim: tuple[float, float], ylim: tuple[float, float], max_fps: float = 4.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.xlim, self.ylim = xlim, ylim
        self.min_interval = 1.0 / max_fps
        self.last_build = -1e9
        self.pending = False
        self.key: Any = object()
        self.draw: Callable[[Any], None] | None = None
        self.area: tuple[int, int, int, int] | None = None  # left, top, right, bottom of the frame
        self.builds = 0

    def plot(self, key: Any, draw: Callable[[Any], None], xlim=None, ylim=None) -> None:
        """Draw with `draw(plt)` if `key` or the limits changed since the last call."""
        limits = (xlim or self.xlim, ylim or self.ylim)
        if (key, limits) == self.key:
            return
        self.key, self.draw = (key, limits), draw
        self.xlim, self.ylim = limits
        interval = max(self.min_interval, 1.0 / self.app.chart_fps)
        wait = self.last_build + interval - monotonic()
        if wait <= 0:
            self.refresh()
        elif not self.pending:  # at most max_fps builds a second: the latest data, a bit later
            self.pending = True
            self.set_timer(wait, self.refresh)

    def render(self) -> Text:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlim(*self.xlim)
        plt.ylim(*self.ylim)
        try:
            if self.draw is not None:
                self.draw(plt)
            text = fit_wide(super().render())
        except (IndexError, ValueError, ZeroDivisionError, OverflowError) as e:  # plotext's own limits
            self.area = None
            return Text(_("(this plot cannot be drawn: {error})").format(error=type(e).__name__), style="italic")
        self.builds += 1
        self.last_build, self.pending = monotonic(), False
        self.area = find_frame(text.plain)
        self.post_message(ChartBuilt(self))
        return text

    def to_cell(self, x: float, y: float) -> tuple[int, int] | None:
        """The cell (column, row) inside the chart where the data point (x, y) is drawn."""
        if self.area is None:
            return None
        left, top, right, bottom = self.area
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        fx = min(1.0, max(0.0, (x - x0) / (x1 - x0)))
        fy = min(1.0, max(0.0, (y - y0) / (y1 - y0)))
        col = left + 1 + int(fx * (right - left - 2) + 0.5)
        row = bottom - 1 - int(fy * (bottom - top - 2) + 0.5)
        return col, row


def fit_wide(text: Text) -> Text:
    """plotext counts a wide (e.g. Chinese) character as one cell: take the extra cells out of
    the run of spaces after it, so every line keeps the plot's width."""
    lines = text.split("\n", allow_blank=True)
    for n, line in enumerate(lines):
        plain = line.plain
        extra = line.cell_len - len(plain)
        if extra > 0:
            last_wide = max(i for i, c in enumerate(plain) if cell_len(c) > 1)
            run = plain.find(" " * (extra + 1), last_wide)
            if run >= 0:
                lines[n] = line[:run] + line[run + extra:]
            else:
                line.truncate(len(plain))
    return Text("\n").join(lines)


def find_frame(plain: str) -> tuple[int, int, int, int] | None:
    """Where plotext drew the plot's frame: (left, top, right, bottom) cell coordinates."""
    lines = plain.split("\n")
    top = next((i for i, line in enumerate(lines) if "┌" in line), None)
    bottom = next((i for i in range(len(lines) - 1, -1, -1) if "┘" in lines[i]), None)
    if top is None or bottom is None:
        return None
    return lines[top].index("┌"), top, lines[bottom].rindex("┘"), bottom


class ChartBuilt(Message):
    """A chart was rebuilt: its frame (and so its markers' cells) may have moved."""

    def __init__(self, chart: Chart) -> None:
        super().__init__()
        self.chart = chart


class Marker(Static):
    """A one-cell point drawn over a chart, on the layer above it."""

    DEFAULT_CSS = """
    Marker { layer: above; width: 1; height: 1; color: $warning; text-style: bold; display: none; }
    """

    def __init__(self, symbol: str = "●", **kwargs) -> None:
        super().__init__(symbol, **kwargs)
        self.cell: tuple[int, int] | None = None

    def place(self, cell: tuple[int, int] | None) -> None:
        """Move to a cell of the chart (or hide with None); nothing is repainted if it stays."""
        if cell == self.cell:
            return
        self.cell = cell
        self.display = cell is not None
        if cell is not None:
            self.styles.offset = cell


class MarkedChart(Container):
    """A chart with markers over it: `chart`, and `markers` by name."""

    DEFAULT_CSS = """
    MarkedChart { layers: base above; height: 1fr; }
    MarkedChart > Chart { layer: base; width: 1fr; height: 1fr; }
    MarkedChart > Marker { position: absolute; }
    """

    def __init__(self, chart: Chart, markers: dict[str, Marker], **kwargs) -> None:
        super().__init__(**kwargs)
        self.chart, self.markers = chart, markers
        self.points: dict[str, tuple[float, float] | None] = {}

    def compose(self) -> ComposeResult:
        yield self.chart
        yield from self.markers.values()

    def mark(self, name: str, point: tuple[float, float] | None) -> None:
        """Put marker `name` at data point (x, y), or hide it with None."""
        self.points[name] = point
        self.markers[name].place(None if point is None else self.chart.to_cell(*point))

    def on_chart_built(self, event: ChartBuilt) -> None:
        for name, point in self.points.items():
            self.mark(name, point)
