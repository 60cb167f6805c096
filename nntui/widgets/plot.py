"""Charts drawn in braille, rebuilt only when their data changes, with cheap markers on top.

A chart is a frame with ticked axes around a plot area of C × R braille cells. A braille cell
holds 2 × 4 dots, so the area is a canvas of (2C) × (4R) dots, and the data point (x, y) lands on

    u = (x − x0) / (x1 − x0) · (2C − 1),   v = (y1 − y) / (y1 − y0) · (4R − 1)   (rounded)

for the limits x0…x1, y0…y1. A curve joins its consecutive points with straight runs of dots,
each segment first clipped to the canvas, so a point far off the chart costs nothing. A cell
takes the colour of the last curve drawn through it.

Building a chart takes about a millisecond, but sending it costs several KB, so
`Chart.plot(key, draw)` rebuilds only when `key` (a summary of the data) or the limits differ
from last time, and at most `max_fps` times a second. A moving point is a `Marker`, a one-cell
widget on a layer above the chart: moving it repaints two cells, not the plot. `to_cell(x, y)`
is the cell of the dot that (x, y) lands on, so a marker sits exactly on its curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from time import monotonic
from typing import Any, Callable, Iterator

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Container
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import _

BRAILLE = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] of a cell's dots
SERIES_COLORS = ("text-primary", "text-success", "text-error", "text-secondary")  # theme variables, in turn
GUIDE = Style(dim=True)  # hline / vline


class Figure:
    """What a chart's `draw` callback describes, in data coordinates: curves, dots, guide lines
    and the x axis's label."""

    def __init__(self) -> None:
        self.series: list[tuple[str, list[float], list[float], str | None]] = []
        self.hlines: list[float] = []
        self.vlines: list[float] = []
        self.label = ""

    def plot(self, xs, ys, label: str | None = None) -> None:
        """A curve through the points (xs[i], ys[i]), broken where a value is not finite."""
        self.add("curve", xs, ys, label)

    def scatter(self, xs, ys, label: str | None = None) -> None:
        """A dot (•) at each point."""
        self.add("dots", xs, ys, label)

    def add(self, kind: str, xs, ys, label: str | None) -> None:
        self.series.append((kind, [float(x) for x in xs], [float(y) for y in ys], label))

    def hline(self, y: float) -> None:
        self.hlines.append(float(y))

    def vline(self, x: float) -> None:
        self.vlines.append(float(x))

    def xlabel(self, text: str) -> None:
        self.label = text


@dataclass(frozen=True)
class Frame:
    """Where the plot area is: the frame's top-left corner is the cell (`left`, 0), and the
    `cols` × `rows` cells inside it show `xlim` × `ylim`."""

    left: int
    cols: int
    rows: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def dot(self, x: float, y: float) -> tuple[float, float]:
        """The canvas position (u, v) of the data point (x, y), not yet rounded."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        return (x - x0) / (x1 - x0) * (2 * self.cols - 1), (y1 - y) / (y1 - y0) * (4 * self.rows - 1)

    def cell(self, u: int, v: int) -> tuple[int, int]:
        """The widget's cell (column, row) that holds dot (u, v)."""
        return self.left + 1 + u // 2, 1 + v // 4


def nice_ticks(lo: float, hi: float, most: int) -> tuple[list[float], int]:
    """Round values from lo to hi, 1, 2, 2.5 or 5 × 10^k apart, about `most` of them, and the
    decimal places they need."""
    raw = (hi - lo) / max(1, most - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    decimals = next(d for d in range(10) if abs(step * 10**d - round(step * 10**d)) < 1e-6 * step * 10**d)
    return [0.0 if k == 0 else k * step for k in range(first, last + 1)], decimals


def tick_label(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace("-", "−")


def clip(u0: float, v0: float, u1: float, v1: float, umax: float, vmax: float):
    """Liang–Barsky: the part of the segment (u0, v0)–(u1, v1) inside [0, umax] × [0, vmax], or None."""
    t0, t1 = 0.0, 1.0
    du, dv = u1 - u0, v1 - v0
    for p, q in ((-du, u0), (du, umax - u0), (-dv, v0), (dv, vmax - v0)):
        if p == 0:
            if q < 0:
                return None  # parallel to this edge and outside it
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return u0 + t0 * du, v0 + t0 * dv, u0 + t1 * du, v0 + t1 * dv


def segment_dots(u0: float, v0: float, u1: float, v1: float, umax: int, vmax: int) -> Iterator[tuple[int, int]]:
    """The dots of the segment (u0, v0)–(u1, v1) on the canvas [0, umax] × [0, vmax]."""
    part = clip(u0, v0, u1, v1, umax, vmax)
    if part is None:
        return
    u0, v0, u1, v1 = part
    n = max(1, math.ceil(max(abs(u1 - u0), abs(v1 - v0))))
    for i in range(n + 1):
        yield round(u0 + (u1 - u0) * i / n), round(v0 + (v1 - v0) * i / n)


class Canvas:
    """A grid of cells, each a character and a style; wide characters take two cells."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[Style | None]] = [[None] * width for _ in range(height)]

    def put(self, col: int, row: int, text: str, style: Style | None = None) -> int:
        """Write `text` from (col, row), cut at the right edge; returns the column after it."""
        for ch in text:
            w = cell_len(ch)
            if not (0 <= row < self.height and 0 <= col and col + w <= self.width):
                break
            self.chars[row][col], self.styles[row][col] = ch, style
            if w == 2:
                self.chars[row][col + 1] = ""
            col += w
        return col

    def text(self) -> Text:
        out = Text()
        for r in range(self.height):
            if r:
                out.append("\n")
            run, style = "", None
            for ch, st in zip(self.chars[r], self.styles[r]):
                if st is not style and run:
                    out.append(run, style)
                    run = ""
                run, style = run + ch, st
            out.append(run, style)
        return out


def build_chart(fig: Figure, width: int, height: int, xlim, ylim, colors: list[Style]) -> tuple[Text, Frame | None]:
    """The chart of `fig` in `width` × `height` cells, and where its plot area is."""
    (x0, x1), (y0, y1) = xlim, ylim
    if not all(map(math.isfinite, (x0, x1, y0, y1))) or x0 >= x1 or y0 >= y1:
        raise ValueError(f"limits {xlim}, {ylim}")
    rows = height - 3 - (1 if fig.label else 0)  # frame top and bottom, tick labels, the label
    yticks, ydec = nice_ticks(y0, y1, max(2, rows // 2))
    ylabels = [tick_label(t, ydec) for t in yticks]
    left = max(map(cell_len, ylabels), default=0)
    cols = width - left - 2
    canvas = Canvas(width, height)
    if rows < 1 or cols < 2:
        return canvas.text(), None
    frame = Frame(left, cols, rows, xlim, ylim)
    bottom, right = rows + 1, left + cols + 1
    canvas.put(left, 0, "┌" + "─" * cols + "┐")
    canvas.put(left, bottom, "└" + "─" * cols + "┘")
    for r in range(1, bottom):
        canvas.put(left, r, "│")
        canvas.put(right, r, "│")

    for t, label in zip(yticks, ylabels):
        _col, row = frame.cell(0, round(frame.dot(x0, t)[1]))
        canvas.put(left - cell_len(label), row, label)
        canvas.put(left, row, "┤")
    xticks, xdec = nice_ticks(x0, x1, max(2, cols // 12 + 1))
    free = 0  # the first column the next tick label may use
    for t in xticks:
        col, _row = frame.cell(round(frame.dot(t, y0)[0]), 0)
        canvas.put(col, bottom, "┬")
        label = tick_label(t, xdec)
        start = min(max(0, col - cell_len(label) // 2), width - cell_len(label))
        if start >= free:
            free = canvas.put(start, bottom + 1, label) + 1

    for y in fig.hlines:
        v = frame.dot(x0, y)[1]
        if 0 <= round(v) < 4 * rows:
            _col, row = frame.cell(0, round(v))
            canvas.put(left, row, "├" + "─" * cols + "┤", GUIDE)
    for x in fig.vlines:
        u = frame.dot(x, y0)[0]
        if 0 <= round(u) < 2 * cols:
            col, _row = frame.cell(round(u), 0)
            for r in range(1, bottom):
                canvas.put(col, r, "┼" if canvas.chars[r][col] == "─" else "│", GUIDE)
            canvas.put(col, 0, "┬", GUIDE)
            canvas.put(col, bottom, "┴", GUIDE)

    dots: dict[tuple[int, int], int] = {}  # plot-area cell → braille bits
    color: dict[tuple[int, int], Style] = {}
    umax, vmax = 2 * cols - 1, 4 * rows - 1
    for n, (kind, xs, ys, _label) in enumerate(fig.series):
        style = colors[n % len(colors)]
        points = [frame.dot(x, y) if math.isfinite(x) and math.isfinite(y) else None for x, y in zip(xs, ys)]
        if kind == "dots":
            for p in points:
                if p is not None and 0 <= round(p[0]) <= umax and 0 <= round(p[1]) <= vmax:
                    canvas.put(*frame.cell(round(p[0]), round(p[1])), "•", style)
            continue
        pairs = zip(points, points[1:]) if len(points) > 1 else [(points[0], points[0])] if points else []
        for a, b in pairs:
            if a is None or b is None or not all(map(math.isfinite, (*a, *b))):
                continue
            for u, v in segment_dots(*a, *b, umax, vmax):
                key = (u // 2, v // 4)
                dots[key] = dots.get(key, 0) | DOT_BITS[v % 4][u % 2]
                color[key] = style
    for (c, r), bits in dots.items():
        canvas.put(left + 1 + c, 1 + r, chr(BRAILLE + bits), color[c, r])

    legend = [(n, label) for n, (_k, _x, _y, label) in enumerate(fig.series) if label]
    for row, (n, label) in enumerate(legend[: rows], start=1):
        end = canvas.put(left + 2, row, "━━", colors[n % len(colors)])
        canvas.put(end, row, " " + label + " ")
    if fig.label:
        width_of = cell_len(fig.label)  # centred under the area, or as much as fits
        canvas.put(max(0, min(left + 1 + (cols - width_of) // 2, width - width_of)), bottom + 2, fig.label)
    return canvas.text(), frame


class Chart(Widget):
    """A braille chart with fixed axis limits, drawn by a callback only when its key changes."""

    DEFAULT_CSS = "Chart { width: 1fr; height: 1fr; }"

    def __init__(self, xlim: tuple[float, float], ylim: tuple[float, float], max_fps: float = 4.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.xlim, self.ylim = xlim, ylim
        self.min_interval = 1.0 / max_fps
        self.last_build = -1e9
        self.pending = False
        self.key: Any = object()
        self.draw: Callable[[Figure], None] | None = None
        self.frame: Frame | None = None
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

    def series_styles(self) -> list[Style]:
        variables = self.app.theme_variables
        return [Style(color=Color.parse(variables[name]).rich_color) for name in SERIES_COLORS]

    def render(self) -> Text:
        fig = Figure()
        try:
            if self.draw is not None:
                self.draw(fig)
            text, self.frame = build_chart(fig, self.size.width, self.size.height, self.xlim, self.ylim, self.series_styles())
        except (ValueError, ZeroDivisionError, OverflowError) as e:
            self.frame = None
            return Text(_("(this plot cannot be drawn: {error})").format(error=type(e).__name__), style="italic")
        self.builds += 1
        self.last_build, self.pending = monotonic(), False
        self.post_message(ChartBuilt(self))
        return text

    def to_cell(self, x: float, y: float) -> tuple[int, int] | None:
        """The cell (column, row) of the dot the data point (x, y) lands on, kept inside the area."""
        if self.frame is None:
            return None
        u, v = self.frame.dot(x, y)
        if math.isnan(u) or math.isnan(v):
            return None
        umax, vmax = 2 * self.frame.cols - 1, 4 * self.frame.rows - 1
        u, v = round(min(umax, max(0.0, u))), round(min(vmax, max(0.0, v)))
        return self.frame.cell(u, v)
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
