"""HalfBlockGrid: an RGB array drawn with half blocks, two pixels per terminal cell.

Each cell is '▀' with the upper pixel as its foreground and the lower pixel as its background, in
true colour (Textual reduces it to 256 or 16 colours where the terminal has fewer). Without colour
(NO_COLOR) each cell becomes a shade ' ░▒▓█' of its brightness instead. One cursor pixel can be
marked; moving it repaints only the cells it leaves and enters. Glyphs (data points) may stand
over cells. The same widget draws the pixels
scene's picture and the descent scene's loss heat map. (Charts of curves are plotext's, through
nntui/widgets/plot.py; plotext does not draw images and heat maps as well as this.)
"""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

SHADES = " ░▒▓█"


class HalfBlockGrid(Widget):
    DEFAULT_CSS = """
    HalfBlockGrid { width: auto; height: auto; }
    HalfBlockGrid > .grid--cursor { color: $warning; background: $warning; }
    HalfBlockGrid > .grid--mark { color: $foreground; background: $foreground; }
    """
    COMPONENT_CLASSES = {"grid--cursor", "grid--mark"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pixels = np.zeros((2, 2, 3), dtype=np.uint8)
        self.cursor: tuple[int, int] | None = None  # (row, col) of a pixel
        self.cursor_size = 1  # the cursor covers this many pixels a side (a picture drawn enlarged)
        self.dimmed = 0  # how many pixels, in reading order, are drawn dimmed (already unrolled)
        self.block = 1  # a pixel of what is dimmed is block × block pixels of the drawing
        self.marks: set[tuple[int, int]] = set()  # pixels drawn in the mark colour (a path)
        self.levels = np.zeros((2, 2))  # shades without colour, 0–1
        self.points: dict[tuple[int, int], str] = {}  # cells (row, col) holding a glyph (a data point)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.pixels.shape[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return (self.pixels.shape[0] + 1) // 2

    def show(self, pixels: np.ndarray, levels: np.ndarray | None = None) -> None:
        """Draw a new picture ((H, W, 3) uint8; a 1-channel picture is shown in grey). `levels`
        (H, W) in 0–1 choose the shades without colour (NO_COLOR); by default, the brightness.
        Repaints only the rows of cells that changed (none if nothing did)."""
        if pixels.shape[2] == 1:
            pixels = np.repeat(pixels, 3, axis=2)
        if levels is None:
            levels = (pixels.astype(float) @ np.array([0.299, 0.587, 0.114])) / 256
        old, old_levels = self.pixels, self.levels
        self.pixels, self.levels = pixels, levels
        if pixels.shape != old.shape or levels.shape != old_levels.shape:
            self.refresh(layout=True)
            return
        changed = np.flatnonzero(np.any(pixels != old, axis=(1, 2)) | np.any(levels != old_levels, axis=1))
        if changed.size:  # only the cell rows holding a changed pixel (two pixel rows a cell)
            first, last = int(changed[0]) // 2, int(changed[-1]) // 2
            self.refresh(Region(0, first, pixels.shape[1], last - first + 1))

    def move_cursor(self, cursor: tuple[int, int] | None, size: int = 1) -> None:
        """Mark the size × size pixels from `cursor` (row, col) down and right, or none."""
        if (cursor, size) == (self.cursor, self.cursor_size):
            return
        for cell, k in ((self.cursor, self.cursor_size), (cursor, size)):
            if cell is not None:
                self.refresh(Region(cell[1], cell[0] // 2, k, (cell[0] + k - 1) // 2 - cell[0] // 2 + 1))
        self.cursor, self.cursor_size = cursor, size

    def at_cursor(self, r: int, c: int) -> bool:
        if self.cursor is None:
            return False
        (r0, c0), k = self.cursor, self.cursor_size
        return r0 <= r < r0 + k and c0 <= c < c0 + k

    def add_mark(self, pixel: tuple[int, int]) -> None:
        """Mark one pixel (e.g. a step of a descent path); repaints only its cell."""
        h, w, _ = self.pixels.shape
        if pixel not in self.marks and 0 <= pixel[0] < h and 0 <= pixel[1] < w:
            self.marks.add(pixel)
            self.refresh(Region(pixel[1], pixel[0] // 2, 1, 1))

    def clear_marks(self) -> None:
        if self.marks:
            self.marks.clear()
            self.refresh()

    def show_points(self, points: dict[tuple[int, int], str]) -> None:
        """Glyphs over the picture, one per cell ((cell row, col) → a character, e.g. a data
        point), in the mark colour on the cell's upper pixel; repaints only if they changed."""
        if points != self.points:
            self.points = dict(points)
            self.refresh()

    def set_dimmed(self, count: int, block: int = 1) -> None:
        """Dim the first `count` pixels in reading order, a pixel being a block × block square
        of the drawing (a picture drawn enlarged); repaints only the rows that changed."""
        if (count, block) == (self.dimmed, self.block):
            return
        w, k = self.pixels.shape[1], self.block
        lo, hi = sorted((self.dimmed, count))
        first, last = lo // (w // k) * k // 2, (max(lo, hi - 1) // (w // k) * k + k - 1) // 2
        if block != k:
            first, last = 0, self.pixels.shape[0] // 2
        self.dimmed, self.block = count, block
        self.refresh(Region(0, first, w, last - first + 1))

    def is_dimmed(self, r: int, c: int) -> bool:
        k = self.block
        return (r // k) * (self.pixels.shape[1] // k) + c // k < self.dimmed

    def pixel_style(self, r: int, c: int) -> tuple[int, int, int]:
        rgb = self.pixels[r, c].astype(int)
        if self.is_dimmed(r, c):
            rgb = rgb // 4
        return int(rgb[0]), int(rgb[1]), int(rgb[2])

    def render_line(self, y: int) -> Strip:
        h, w, _ = self.pixels.shape
        top, bottom = 2 * y, 2 * y + 1
        if top >= h:
            return Strip.blank(self.size.width, Style())
        segments = []
        cursor_color = self.get_component_rich_style("grid--cursor").color
        mark_color = self.get_component_rich_style("grid--mark").color

        def colour(r: int, c: int):
            if self.at_cursor(r, c):
                return cursor_color
            if (r, c) in self.marks:
                return mark_color
            return _rgb(self.pixel_style(r, c))

        for c in range(w):
            glyph = self.points.get((y, c))
            if glyph is not None:
                back = None if self.app.no_color else colour(top, c)
                segments.append(Segment(glyph, Style(color=None if back is None else mark_color, bgcolor=back, bold=True)))
                continue
            up = self.pixel_style(top, c)
            down = self.pixel_style(bottom, c) if bottom < h else None
            if self.app.no_color:
                level = self.levels[top, c] if down is None else (self.levels[top, c] + self.levels[bottom, c]) / 2
                dim = self.is_dimmed(top, c)
                char = SHADES[min(4, int(level * 5))] if not dim else " "
                if self.at_cursor(top, c) or self.at_cursor(bottom, c):
                    char = "◆"
                elif (top, c) in self.marks or (bottom, c) in self.marks:
                    char = "•"
                segments.append(Segment(char, Style()))  # a Style, never None: NO_COLOR filters need one
                continue
            fg = colour(top, c)
            bg = None if down is None else colour(bottom, c)
            segments.append(Segment("▀", Style(color=fg, bgcolor=bg)))
        return Strip(segments, w).adjust_cell_length(self.size.width, Style())


def _rgb(p: tuple[int, int, int]):
    from rich.color import Color

    return Color.from_rgb(*p)


def heat_levels(values: np.ndarray, bands: int = 8) -> np.ndarray:
    """Each value's band, 0 (lowest) … 1 (highest), in `bands` equal steps: the heat map's
    contour bands, as shades when there is no colour."""
    v = np.asarray(values, dtype=float)
    finite = np.isfinite(v)
    lo, hi = (float(v[finite].min()), float(v[finite].max())) if finite.any() else (0.0, 1.0)
    t = np.where(finite, (v - lo) / (hi - lo if hi > lo else 1.0), 1.0)
    return np.minimum(bands - 1, (t * bands).astype(int)) / max(bands - 1, 1)


def heat_colours(values: np.ndarray, low, high, bands: int = 8) -> np.ndarray:
    """Colour a 2-D array of values for a heat map: low values in `low`, high in `high` (two
    textual Colors, e.g. from the theme), in `bands` steps with every other band a little darker,
    so equal-value bands read like contour lines. Returns (H, W, 3) uint8."""
    mix = heat_levels(values, bands)
    band = np.rint(mix * (bands - 1)).astype(int)
    mix = mix[..., None]
    a, b = np.array(low.rgb, dtype=float), np.array(high.rgb, dtype=float)
    rgb = a + (b - a) * mix
    rgb *= np.where(band % 2 == 1, 0.8, 1.0)[..., None]
    return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
