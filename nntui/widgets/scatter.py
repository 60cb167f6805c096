"""Labelled points on a character grid: each point is drawn as its own label, at its cell.

`place_labels` maps data to cells (x across, y up; limits symmetric about 0, so the dim axes
through 0 cross in the middle) and writes the labels in the order given, the most important
first: a label that would touch one already written moves to the nearest free place in its row
(up to two cells either way) or is left out, and the count of those left out is returned.
`ScatterMap` draws the grid with a caption row under it.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

SHIFTS = (0, 1, -1, 2, -2)  # cells a label may move sideways to find room


def place_labels(points: np.ndarray, labels: Sequence[str], width: int, height: int) -> tuple[list[tuple[int, int, int]], int]:
    """[(index, column, row)] of the labels written on a width × height grid (row 0 at the top),
    and how many were left out for want of room."""
    points = np.asarray(points, dtype=float)
    span = np.maximum(np.abs(points).max(axis=0) if len(points) else np.ones(2), 1e-12)
    taken: set[tuple[int, int]] = set()
    placed, left_out = [], 0
    for i, label in enumerate(labels):
        n = max(1, cell_len(label))
        x, y = points[i] / span
        col = int(round((x + 1) / 2 * (width - n)))
        row = int(round((1 - y) / 2 * (height - 1)))
        for shift in SHIFTS:
            c = col + shift
            cells = {(row, k) for k in range(c - 1, c + n + 1)}  # a blank cell either side
            if 0 <= c and c + n <= width and not cells & taken:
                taken |= {(row, k) for k in range(c, c + n)}
                placed.append((i, c, row))
                break
        else:
            left_out += 1
    return placed, left_out


class ScatterMap(Widget):
    """A grid of labelled points with dim axes through 0, and a caption under it, laid out for
    the size the widget has when it is drawn."""

    DEFAULT_CSS = "ScatterMap { height: 1fr; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data: tuple[np.ndarray, Sequence[str], Sequence[Style], Text] | None = None

    def show(self, points: np.ndarray, labels: Sequence[str], styles: Sequence[Style], caption: Text) -> None:
        self.data = (np.asarray(points, dtype=float), list(labels), list(styles), caption)
        self.refresh()

    def render(self) -> Text:
        if self.data is None:
            return Text()
        points, labels, styles, caption = self.data
        width = max(10, self.size.width)
        height = max(3, self.size.height - caption_rows(caption, width))
        placed, _left = place_labels(points, labels, width, height)
        grid: list[list[tuple[str, Style]]] = [[(" ", Style())] * width for _row in range(height)]
        axis = Style(dim=True)
        for row in range(height):
            grid[row][width // 2] = ("│", axis)
        grid[height // 2] = [("─", axis)] * width
        grid[height // 2][width // 2] = ("┼", axis)
        for i, col, row in placed:
            grid[row][col] = (labels[i], styles[i])
            for k in range(col + 1, col + cell_len(labels[i])):
                grid[row][k] = ("", styles[i])  # the label's other cells
        text = Text()
        for row in grid:
            for chars, style in row:
                text.append(chars, style)
            text.append("\n")
        text.append_text(caption)
        return text


def caption_rows(caption: Text, width: int) -> int:
    return max(1, -(-cell_len(caption.plain) // max(1, width)))
