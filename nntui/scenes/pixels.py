"""Scene `pixels`: a picture is a grid of numbers, unrolled into one long feature vector.

The picture (the default boat, or `--image FILE`) is resampled to the chosen resolution r × r.
Beside it: the pixel under the cursor, its three channel values and where they land in the flat
vector, i = (row·W + col)·C + c (row-major, channels interleaved: "HWC" order, as the engine
unrolls it). Below: the R, G and B matrices around the cursor, and a strip of the vector.
Playing splits the picture into its channels, then unrolls it row by row into the vector.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from nntui.i18n import N_, _
from nntui.engine import image as img
from nntui.engine.datasets import boat_picture
from nntui.imageio import resize
from nntui.model import ANIMATION, SceneModel
from nntui.params import Param, format_number
from nntui.scenes.base import SceneScreen
from nntui.widgets.grid import HalfBlockGrid

RESOLUTIONS = ("4", "8", "16", "32", "64", "128", "256")
CHANNEL_NAMES = ("R", "G", "B")
SPLIT_SECONDS, UNROLL_SECONDS = 2.0, 4.0


def text_width(text: Text) -> int:
    """The widest line of a multi-line text, in cells."""
    return max(Text(line).cell_len for line in text.plain.split("\n"))


class PixelGrid(HalfBlockGrid):
    """The picture, with a cursor moved by the arrow keys while the picture has focus."""

    can_focus = True
    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "Cursor", key_display="↑↓←→", tooltip="Move the cursor (picture focused)"),
        Binding("down,j", "move(1, 0)", "Cursor down", show=False),
        Binding("left,h", "move(0, -1)", "Cursor left", show=False),
        Binding("right,l", "move(0, 1)", "Cursor right", show=False),
        Binding("shift+up,K", "move(-8, 0)", "Cursor up 8", show=False),
        Binding("shift+down,J", "move(8, 0)", "Cursor down 8", show=False),
        Binding("shift+left,H", "move(0, -8)", "Cursor left 8", show=False),
        Binding("shift+right,L", "move(0, 8)", "Cursor right 8", show=False),
    ]

    def action_move(self, dr: int, dc: int) -> None:
        self.screen.move_cursor(dr, dc)


class PixelsModel(SceneModel):
    """The picture at the chosen resolution and colour, the cursor, and the animation's phase:
    None at rest, [0, 1) the picture splits into its channels, [1, 2) it unrolls into the vector."""

    SCENE_ID = "pixels"
    PARAMS = (
        Param("resolution", N_("resolution"), "16", choices=RESOLUTIONS, help=N_("pixels a side")),
        Param("color", N_("colour"), "rgb", choices=("rgb", "gray")),
        Param("normalise", N_("values"), "0-255", choices=("0-255", "0-1")),
        Param("row", N_("cursor row"), 8, 0, 255, 1, decimals=0),
        Param("col", N_("cursor col"), 5, 0, 255, 1, decimals=0),
    )

    def setup(self) -> None:
        self.phase: float | None = None
        self.cache: dict[tuple[str, str], np.ndarray] = {}

    def picture(self) -> np.ndarray:
        """The picture at the chosen resolution and colour: (r, r, 3) or (r, r, 1) uint8."""
        key = (str(self.values["resolution"]), str(self.values["color"]))
        if key not in self.cache:
            r = int(key[0])
            source = self.store.input("image")
            rgb = boat_picture(r) if source is None else resize(source, r)
            self.cache[key] = img.to_grayscale(rgb) if key[1] == "gray" else img.as_image(rgb)
        return self.cache[key]

    def cursor(self) -> tuple[int, int]:
        r = int(self.values["resolution"])
        return min(int(self.values["row"]), r - 1), min(int(self.values["col"]), r - 1)

    def move_cursor(self, dr: int, dc: int) -> None:
        row, col = self.cursor()
        r = int(self.values["resolution"]) - 1
        self.update({"row": min(r, max(0, row + dr)), "col": min(r, max(0, col + dc))})

    def changed(self, name: str, value) -> None:
        if name == "resolution":  # keep the cursor on the picture
            r = int(value) - 1
            self.values["row"], self.values["col"] = min(self.values["row"], r), min(self.values["col"], r)

    def value_text(self, v: float) -> str:
        return format_number(v / 255, 2) if self.values["normalise"] == "0-1" else str(int(v))

    # ---- split into channels, then unroll row by row ----------------------------------------------
    def move(self, phase: float | None) -> None:
        self.phase = phase
        self.notify(ANIMATION)

    def start(self) -> None:
        if self.phase is None:
            self.phase = 0.0

    def advance(self, dt: float) -> bool:
        p = self.phase or 0.0
        p += dt / (SPLIT_SECONDS if p < 1 else UNROLL_SECONDS)
        self.move(None if p >= 2 else p)
        return self.phase is not None

    def step(self) -> None:
        """Split, then unroll one step at a time (an eighth of the picture a press)."""
        p = self.phase
        p = 0.0 if p is None else (1.0 if p < 1 else p + 0.125)
        self.move(None if p >= 2 else p)

    def finish(self) -> None:
        self.move(None)

    def restart(self) -> None:
        self.phase = None


class PixelsScreen(SceneScreen):
    SCENE_ID = "pixels"
    AUTO_FOCUS = "PixelGrid"  # the cursor is this scene's point
    DEFAULT_CSS = """
    PixelsScreen #top { height: auto; }
    PixelsScreen #info { width: auto; padding: 0 0 0 1; }
    PixelsScreen #matrices, PixelsScreen #vector { height: auto; }
    """
    BINDINGS = [Binding("tab", "app.focus_next", "Picture/params", tooltip="Switch focus: picture cursor or parameters")]

    def compose_view(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield PixelGrid()
            yield Static(id="info")
        yield Static(id="matrices")
        yield Static(id="vector")

    def prepare(self) -> None:
        self.drawn_phase: float | None = None  # the phase the picture was last drawn at

    def move_cursor(self, dr: int, dc: int) -> None:
        self.model.move_cursor(dr, dc)

    def value_text(self, v: float) -> str:
        return self.model.value_text(v)

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        """While unrolling, only the dimmed pixels repaint (and the vector strip a few times a
        second); the split picture is redrawn once a second, and at every change of stage."""
        p, before = self.model.phase, self.drawn_phase
        if names == {ANIMATION} and p is not None and before is not None and (before < 1) == (p < 1):
            if p >= 1:
                self.draw_unroll()
            elif self.due("split", 1.0):
                self.update_view()
            return
        super().show_change(scene_id, names)

    # ---- drawing ---------------------------------------------------------------------------------
    def display_side(self, count: int = 1, beside: int = 0) -> int:
        """How many pixels a side fit for `count` pictures side by side, with `beside` columns
        of text next to them, leaving 7 rows below for the matrices and the vector."""
        view = self.query_one("#view").size
        width = view.width - beside - (count - 1)
        return max(2, min(width // count, 2 * (view.height - 7)))

    @staticmethod
    def drawn_size(r: int, side: int) -> int:
        """Pixels a side the r × r picture is drawn at in `side`: smaller when it does not fit,
        else enlarged by the largest whole factor that fits (every pixel k × k, crisp)."""
        return side if side < r else r * (side // r)

    def update_view(self) -> None:
        pic = self.model.picture()
        r, channels = pic.shape[0], pic.shape[2]
        row, col = self.model.cursor()
        grid = self.query_one(PixelGrid)
        phase = self.drawn_phase = self.model.phase
        splitting = phase is not None and phase < 1
        info = self.query_one("#info", Static)
        info.display = not splitting
        if splitting:
            grid.show(self.split_picture(pic))
            grid.move_cursor(None)
        else:
            info_text = self.info_text(pic, row, col)
            d = self.drawn_size(r, self.display_side(beside=text_width(info_text) + 1))
            if d < r:
                info_text.append("\n").append(_("(drawn at {n}×{n})").format(n=d), "italic")
            grid.show(pic if d == r else img.resize_nearest(pic, d, d))
            k, side = max(1, d // r), min(d, r)  # drawn k × k a pixel, side pixels a side
            grid.move_cursor((row * d // r, col * d // r), k)
            grid.set_dimmed(0 if phase is None else int((phase - 1) * side * side), k)
            info.update(info_text)
        self.draw_matrices(pic, row, col)
        self.draw_vector(pic, row, col)

    def split_picture(self, pic: np.ndarray) -> np.ndarray:
        """The three channels side by side, each tinted its own colour (gray stays one picture)."""
        d = self.drawn_size(pic.shape[0], self.display_side(3))
        small = img.resize_nearest(pic, d, d)
        if small.shape[2] == 1:
            return small
        gap = np.zeros((d, 1, 3), dtype=np.uint8)
        parts = []
        for c in range(3):
            tinted = np.zeros_like(small)
            tinted[:, :, c] = small[:, :, c]
            parts += [tinted, gap]
        return np.concatenate(parts[:-1], axis=1)

    def info_text(self, pic, row, col) -> Text:
        """The feature count, the cursor's pixel and where its values land in the vector."""
        r, channels = pic.shape[0], pic.shape[2]
        names = CHANNEL_NAMES if channels == 3 else ("Y",)
        values = "  ".join(f"{n} {self.value_text(v)}" for n, v in zip(names, pic[row, col]))
        n = img.feature_count(r, r, channels)
        text = Text.assemble(
            "H×W×C = ", (f"{r}×{r}×{channels} = {n}", "bold reverse"), "\n",
            _("pixel row {row}, col {col}:").format(row=row, col=col), f"\n  {values}\n",
            (_("i = (row·W + col)·C + c") + "\n", "bold"),
        )
        for c, name in enumerate(names):
            i = img.flat_index(row, col, c, r, channels)
            text.append(f"{name}: ({row}·{r} + {col})·{channels} + {c} = ")
            text.append(str(i), "bold reverse")
            text.append("\n")
        text.rstrip()
        return text

    def draw_matrices(self, pic, row, col) -> None:
        """Each channel's 3×3 window around the cursor, the cursor's value highlighted."""
        r, channels = pic.shape[0], pic.shape[2]
        rows = [max(0, min(r - 3, row - 1)) + k for k in range(min(3, r))]
        cols = [max(0, min(r - 3, col - 1)) + k for k in range(min(3, r))]
        width = 4 if self.values["normalise"] == "0-1" else 3
        names = CHANNEL_NAMES if channels == 3 else ("Y",)
        text = Text()
        for c, name in enumerate(names):
            text.append(name.ljust(len(cols) * (width + 1) + 2), "bold")
        for i in rows:
            text.append("\n")
            for c in range(channels):
                for j in cols:
                    cell = f"{self.value_text(pic[i, j, c]):>{width}} "
                    text.append(cell, "bold reverse" if (i, j) == (row, col) else "")
                text.append("  ")
        self.query_one("#matrices", Static).update(text)

    def draw_vector(self, pic, row, col) -> None:
        """A strip of the flat vector around the cursor's positions (or the unrolling's end)."""
        r, channels = pic.shape[0], pic.shape[2]
        flat = img.to_vector(pic)
        n = flat.size
        mine = {img.flat_index(row, col, c, r, channels) for c in range(channels)}
        phase = self.model.phase
        if phase is not None and phase >= 1:
            end = max(1, int((phase - 1) * n))
            centre, title = end - 1, _("unrolling: {done} of {n} features").format(done=end, n=n)
        else:
            centre, title = min(mine), _("the feature vector: {n} numbers").format(n=n)
        width = max(len(str(n - 1)), 4 if self.values["normalise"] == "0-1" else 3)
        count = max(3, (self.query_one("#view").size.width - 4) // (width + 1))
        start = max(0, min(n - count, centre - count // 2))
        stop = min(n, start + count)
        idx, val = Text("i "), Text("x ")
        for i in range(start, stop):
            style = "bold reverse" if i in mine and (phase is None or phase < 1) else ""
            idx.append(f"{i:>{width}} ", style)
            val.append(f"{self.value_text(flat[i]):>{width}} ", style)
        more_l, more_r = ("…" if start > 0 else " "), ("…" if stop < n else "")
        self.query_one("#vector", Static).update(
            Text.assemble((title, "italic"), "\n", more_l, idx, more_r, "\n", more_l, val, more_r)
        )

    def draw_unroll(self) -> None:
        """One frame of the unrolling: dim the pixels already in the vector (only the rows that
        changed repaint) and, a few times a second, the vector strip."""
        grid = self.query_one(PixelGrid)
        side = grid.pixels.shape[0] // grid.block
        grid.set_dimmed(int((self.model.phase - 1) * side * side), grid.block)
        if self.due("vector", 0.2):
            row, col = self.model.cursor()
            self.draw_vector(self.model.picture(), row, col)


MODEL, SCREEN = PixelsModel, PixelsScreen
