"""Charts built by plotext, rebuilt only when their data or size changes, with cheap markers on top.

plotext draws everything on a chart: its braille curves, axes, ticks, tick labels, guide lines,
the x axis's label and the legend. This module only wraps it in a Textual widget:

- `Chart.plot(key, draw)` rebuilds only when `key` (a summary of the data) or the limits differ
  from last time, at most `max_fps` (and the app's `chart_fps`) times a second. A build hands
  `draw` a `Figure` (plot, scatter, hline, vline, xlabel), lets plotext build the chart, converts
  plotext's ANSI text once into a rich Text and caches it until the key, the limits, the size or
  the theme change.
- plotext 6 keeps one figure in a module global (`plotext.figure`); every build here makes a new
  figure of its own under a terminal object of its own (`new_figure`), so nothing one chart sets
  reaches another drawn in the same frame, or its own next build.
- Colours: the frame, ticks and labels carry none (the widget's own colour shows), each series
  takes the RGB of a Textual theme variable (SERIES_COLORS), guide lines that of GUIDE_COLOR, dim,
  and no cell gets a background. Textual reduces them for 256 or 16 colours, or drops them.
  Without colour (NO_COLOR, a monochrome terminal) the curves of one chart differ by plotext
  marker: braille, then quarter blocks, then dots (LINE_MARKERS).
- A moving point is a `Marker`, a one-cell widget on a layer above the chart: moving it repaints
  two cells, not the plot. `to_cell(x, y)` places it with plotext's own mapping of data to cells
  (`plotext._methods.ruler.rescale`, the kernel function that places every point of a signal) on
  the canvas where plotext drew, so a marker sits on its curve.

Images and heat maps are not charts: the half-block grid (nntui/widgets/grid.py) draws those.
"""

from __future__ import annotations

import math
import re
from time import monotonic
from typing import Any, Callable

import numpy as np
import plotext
from plotext._methods.ruler import rescale
from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Container
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import _

SERIES_COLORS = ("text-primary", "text-success", "text-error", "text-secondary")  # theme variables, in turn
GUIDE_COLOR = "foreground"  # the theme variable of hline / vline, drawn dim
LINE_MARKERS = ("braille", "hd", "dot")  # plotext markers, in turn: curves told apart without colour
FAR = 10  # values are clamped this many chart spans beyond the limits (see Figure.add)
BACKGROUND = re.compile(r"\x1b\[48;[0-9;]*m")  # plotext's guide lines come with a background of their own


def new_figure():
    """A plotext figure of its own, under a terminal object of its own that does not limit its size
    to the real terminal's (plotext 6 makes one of each at import: plotext.terminal and .figure)."""
    terminal = type(plotext.terminal)().limit(False, False)
    return type(plotext.figure)(parent=terminal)


class Figure:
    """What a chart's `draw` callback describes, in data coordinates: curves, dots, guide lines and
    the x axis's label, each passed straight on to the plotext figure `fig`."""

    def __init__(self, fig, width: int, xlim, ylim, colors: list[tuple[int, int, int]]) -> None:
        """`colors`: the series' RGB colours in turn, then the guide lines'."""
        self.fig, self.width, self.xlim, self.ylim, self.colors = fig, width, xlim, ylim, colors[:-1]
        self.series = 0
        self.guide = plotext.pixel(colors[-1], style="dim")

    def plot(self, xs, ys, label: str | None = None) -> None:
        """A curve through the points (xs[i], ys[i]), broken where a value is not finite."""
        self.add(xs, ys, label, LINE_MARKERS[self.series % len(LINE_MARKERS)], lines=True)

    def scatter(self, xs, ys, label: str | None = None) -> None:
        """A dot (•) at each point."""
        self.add(xs, ys, label, "dot", lines=False)

    def add(self, xs, ys, label: str | None, marker: str, lines: bool) -> None:
        """One plotext signal, its points joined by plotext's default ("simple") line, one dot a
        step. plotext walks every dot of a segment, off the chart too (a point at 1e12 ends the
        process with bad_alloc), so values are clamped FAR chart spans beyond the limits: such a
        point costs a few hundred dots, and the segment keeps its slope inside the chart to within
        a tenth of one step of the data. (plotext 6.1's "full" line aborts on a segment that
        crosses the top edge, so it is not used.)"""
        xs, ys = np.asarray(xs, dtype=float).ravel(), np.asarray(ys, dtype=float).ravel()
        kept = np.flatnonzero(np.isfinite(xs) & np.isfinite(ys))
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        xs = np.clip(xs[kept], x0 - FAR * (x1 - x0), x1 + FAR * (x1 - x0))
        ys = np.clip(ys[kept], y0 - FAR * (y1 - y0), y1 + FAR * (y1 - y0))
        color = self.colors[self.series % len(self.colors)]
        self.series += 1
        signal = self.fig.signal(xs.tolist(), ys.tolist(), marker=plotext.marker(marker, pixel=plotext.pixel(color)))
        if lines:
            signal.lines()
            for i in np.flatnonzero(np.diff(kept) > 1) + 1:  # a value left out breaks the curve there
                signal.line(int(i), False)
        if label:
            signal.label(label)
        self.fig.draw(signal)

    def hline(self, y: float) -> None:
        self.fig.line(float(y), orientation="horizontal", pixel=self.guide)

    def vline(self, x: float) -> None:
        self.fig.line(float(x), orientation="vertical", pixel=self.guide)

    def xlabel(self, text: str) -> None:
        """The x axis's label, cut to fit with a cell to spare (plotext leaves out one that does not)."""
        if cell_len(text) > self.width - 2:
            text = set_cell_size(text, max(0, self.width - 3)) + "…"
        self.fig.label(text)


def build_chart(draw: Callable[[Figure], None] | None, width: int, height: int, xlim, ylim, colors) -> tuple[Text, Any]:
    """plotext's chart of `draw` in `width` × `height` cells, as a rich Text, and the figure it was
    built on (which knows where its canvas is)."""
    if not all(map(math.isfinite, (*xlim, *ylim))) or xlim[0] >= xlim[1] or ylim[0] >= ylim[1]:
        raise ValueError(f"limits {xlim}, {ylim}")
    fig = new_figure()
    fig.theme("colorless").canvas("default").plot_size(width, height)
    fig.ruler("x").lim(*xlim)
    fig.ruler("y").lim(*ylim)
    fig.ruler("x").frequency(11 if width >= 80 else 5)  # with limits like −10…10 or 0…1, ticks on round numbers
    fig.ruler("y").frequency(min(5, max(2, (height - 4) // 2 + 1)))  # a row or more between tick labels
    fig._legend.frame(False)  # no box around the legend: less of the curves hidden under it
    if draw is not None:
        draw(Figure(fig, width, xlim, ylim, colors))
    ansi = fig.build().string()
    return Text.from_ansi(BACKGROUND.sub("", ansi).rstrip("\n")), fig


class Chart(Widget):
    """A plotext chart with fixed axis limits, drawn by a callback only when its key changes."""

    DEFAULT_CSS = "Chart { width: 1fr; height: 1fr; }"

    def __init__(self, xlim: tuple[float, float], ylim: tuple[float, float], max_fps: float = 4.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.xlim, self.ylim = xlim, ylim
        self.min_interval = 1.0 / max_fps
        self.last_build = -1e9
        self.pending = False
        self.key: Any = object()
        self.draw: Callable[[Figure], None] | None = None
        self.built: tuple[Any, Text] | None = None  # (what it was built from, the text)
        self.canvas: tuple[int, int, int, int, float, float] | None = None  # col, row, width, height, x and y delta
        self.builds = 0

    def plot(self, key: Any, draw: Callable[[Figure], None], xlim=None, ylim=None) -> None:
        """Draw with `draw(figure)` if `key` or the limits changed since the last call."""
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

    def theme_colors(self) -> list[tuple[int, int, int]]:
        variables = self.app.theme_variables
        return [Color.parse(variables[name]).rgb for name in (*SERIES_COLORS, GUIDE_COLOR)]

    def render(self) -> Text:
        colors = self.theme_colors()
        source = (self.key, self.size, colors)
        if self.built is None or self.built[0] != source:
            self.built = (source, self.build(colors))
        return self.built[1]

    def build(self, colors) -> Text:
        self.builds += 1
        self.last_build, self.pending = monotonic(), False
        try:
            text, fig = build_chart(self.draw, self.size.width, self.size.height, self.xlim, self.ylim, colors)
        except (ValueError, ZeroDivisionError, OverflowError, IndexError) as e:
            self.canvas = None
            return Text(_("(this plot cannot be drawn: {error})").format(error=type(e).__name__), style="italic")
        canvas = fig._parts.canvas  # where plotext put the canvas, and how it aligns the limits in it
        xdelta, ydelta = (fig._rulers.get(axis, 0)._get_delta() for axis in (0, 1))
        self.canvas = (*canvas.position(), *canvas.size(), xdelta, ydelta) if canvas.has_size() else None
        self.post_message(ChartBuilt(self))
        return text

    def to_cell(self, x: float, y: float) -> tuple[int, int] | None:
        """The cell (column, row) plotext draws the data point (x, y) in, kept inside the canvas."""
        if self.canvas is None or math.isnan(x) or math.isnan(y):
            return None
        col, row, width, height, xdelta, ydelta = self.canvas
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        u = rescale(min(max(x, x0), x1), x0, x1, width, xdelta)
        v = rescale(min(max(y, y0), y1), y1, y0, height, ydelta)  # rows count down: plotext runs the y ruler from y1
        return col + min(width - 1, int(u)), row + min(height - 1, int(v))


class ChartBuilt(Message):
    """A chart was rebuilt: its canvas (and so its markers' cells) may have moved."""

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
