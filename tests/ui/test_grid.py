"""HalfBlockGrid repaints only what changed: a new picture its changed rows, the cursor two cells."""

import numpy as np
from textual.app import App, ComposeResult
from textual.geometry import Region

from nntui.widgets.grid import HalfBlockGrid


class GridApp(App):
    def compose(self) -> ComposeResult:
        yield HalfBlockGrid()


def picture(h: int = 8, w: int = 6) -> np.ndarray:
    return (np.arange(h * w * 3).reshape(h, w, 3) % 256).astype(np.uint8)


async def test_show_repaints_only_the_rows_that_changed(monkeypatch):
    app = GridApp()
    async with app.run_test(size=(40, 12)) as pilot:
        grid = app.query_one(HalfBlockGrid)
        grid.show(picture())
        await pilot.pause()
        refreshed = []
        monkeypatch.setattr(grid, "refresh", lambda *regions, **kw: refreshed.append((regions, kw)))
        grid.show(picture())  # the same picture again: nothing to repaint
        assert refreshed == []
        changed = picture()
        changed[5, 2] = 255  # pixel row 5 is in cell row 2
        grid.show(changed)
        assert refreshed == [((Region(0, 2, 6, 1),), {})]
        refreshed.clear()
        changed[0, 0] = changed[7, 5] = 1  # rows 0 and 7: cell rows 0 to 3
        grid.show(changed)
        assert refreshed == [((Region(0, 0, 6, 4),), {})]
        refreshed.clear()
        grid.move_cursor((3, 4))  # the pixels cursor: the one cell it enters
        assert refreshed == [((Region(4, 1, 1, 1),), {})]
        refreshed.clear()
        grid.show(picture(10, 6))  # a new size: the layout too
        assert refreshed == [((), {"layout": True})]


async def test_a_changed_picture_is_drawn():
    app = GridApp()
    async with app.run_test(size=(40, 12)) as pilot:
        grid = app.query_one(HalfBlockGrid)
        grid.show(picture())
        await pilot.pause()
        changed = picture()
        changed[5, 2] = (255, 0, 0)
        grid.show(changed)
        await pilot.pause()
        assert list(grid.render_line(2))[2].style.bgcolor.triplet == (255, 0, 0)  # the lower half of cell (2, 2)
