"""The braille chart (where every dot lands) and the one-line bars: the key bar (what it shows, what a click does) and the title bar."""

from __future__ import annotations

import math
import time

from rich.style import Style

from nntui.app import HelpScreen
from nntui.widgets.bars import KeyBar
from nntui.widgets.plot import BRAILLE, Figure, build_chart, nice_ticks, segment_dots
from tests.conftest import text_of

COLORS = [Style(color="blue"), Style(color="green")]


def is_braille(ch: str) -> bool:
    return BRAILLE < ord(ch) <= BRAILLE + 0xFF


def grid(text) -> list[str]:
    return text.plain.split("\n")


def chart(draw, width=40, height=14, xlim=(0.0, 1.0), ylim=(0.0, 1.0)):
    fig = Figure()
    draw(fig)
    return build_chart(fig, width, height, xlim, ylim, COLORS)


def test_ticks_are_round_numbers_with_the_decimals_they_need():
    assert nice_ticks(-10, 10, 5) == ([-10, -5, 0.0, 5, 10], 0)
    values, decimals = nice_ticks(0, 1, 6)
    assert [round(v, 9) for v in values] == [0, 0.2, 0.4, 0.6, 0.8, 1.0] and decimals == 1
    values, decimals = nice_ticks(-0.1, 1.1, 6)
    assert [round(v, 9) for v in values] == [0, 0.25, 0.5, 0.75, 1.0] and decimals == 2


def test_a_point_lands_on_the_dot_the_formula_gives():
    """u = (x − x0)/(x1 − x0)·(2C − 1), v = (y1 − y)/(y1 − y0)·(4R − 1): the corners of the data
    range are the first and last dots of the canvas."""
    for x, y, corner in ((0, 1, "top left"), (1, 0, "bottom right")):
        text, frame = chart(lambda f: f.plot([x], [y]))
        u, v = frame.dot(x, y)
        assert (u, v) == ((0, 0) if corner == "top left" else (2 * frame.cols - 1, 4 * frame.rows - 1))
        col, row = frame.cell(round(u), round(v))
        ch = grid(text)[row][col]
        dot = 0x01 if corner == "top left" else 0x80  # the cell's own top-left / bottom-right dot
        assert ord(ch) == BRAILLE + dot, (corner, ch)


def test_the_frame_ticks_and_labels_are_drawn():
    text, frame = chart(lambda f: (f.plot([0, 1], [0, 1], label="y = x"), f.xlabel("input x")), width=64, xlim=(-10, 10))
    rows = grid(text)
    assert all(len(r) == 64 for r in rows)
    assert rows[0][frame.left] == "┌" and rows[frame.rows + 1][frame.left] == "└"
    assert "−10" in rows[frame.rows + 2] and "10" in rows[frame.rows + 2]
    assert "━━ y = x" in rows[1] and "input x" in rows[-1]
    assert rows[frame.rows + 1].count("┬") == 5  # −10, −5, 0, 5, 10


def test_a_curve_is_continuous_and_stays_inside_the_frame():
    xs = [i / 100 for i in range(101)]
    text, frame = chart(lambda f: f.plot(xs, [x * x for x in xs]))
    rows = grid(text)
    inside = [rows[r][frame.left + 1: frame.left + 1 + frame.cols] for r in range(1, frame.rows + 1)]
    columns_with_ink = {c for line in inside for c, ch in enumerate(line) if is_braille(ch)}
    assert columns_with_ink == set(range(frame.cols))  # no gap from x = 0 to x = 1
    assert not any(is_braille(ch) for r in (0, frame.rows + 1) for ch in rows[r])


def test_a_point_far_off_the_chart_is_clipped_not_walked():
    """Liang–Barsky clipping: a segment to 1e12 costs the dots on the canvas, not 1e12 of them."""
    started = time.perf_counter()
    dots = list(segment_dots(0, 0, 1e12, 1e12, 79, 47))
    assert time.perf_counter() - started < 0.5
    assert dots[0] == (0, 0) and dots[-1] == (47, 47) and all(0 <= u <= 79 and 0 <= v <= 47 for u, v in dots)
    assert list(segment_dots(-5, -5, -1, -9, 79, 47)) == []  # wholly outside


def test_a_value_that_is_not_finite_breaks_the_curve():
    text, frame = chart(lambda f: f.plot([0, 0.5, 1], [0, math.nan, 1]))
    ink = sum(is_braille(ch) for ch in text.plain)
    assert ink == 0  # two segments, both touching the nan: nothing to join
    text, _ = chart(lambda f: f.plot([0, 0.5, 1], [0, math.inf, 1]))
    assert sum(is_braille(ch) for ch in text.plain) == 0


def test_guide_lines_cross_the_area_and_dots_mark_points():
    text, frame = chart(lambda f: (f.hline(0.5), f.vline(0.0), f.scatter([0.5], [0.25])), xlim=(-1, 1))
    rows = grid(text)
    assert any(r.startswith("├", frame.left) or r[frame.left] == "├" for r in rows)
    assert "┼" in text.plain and text.plain.count("•") == 1


def test_wide_characters_keep_every_line_the_charts_width():
    text, _ = chart(lambda f: (f.plot([0, 1], [1, 0], label="损失"), f.xlabel("训练步数")))
    from rich.cells import cell_len

    assert {cell_len(line) for line in grid(text)} == {40}


async def test_limits_that_cannot_be_drawn_say_so(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("Chart")
        chart.plot("empty", lambda f: f.plot([0], [0]), ylim=(1.0, 1.0))
        await pilot.pause(0.3)
        assert "this plot cannot be drawn" in str(chart.render()) and chart.to_cell(0, 1) is None


async def test_the_sigmoid_marker_sits_on_the_curve(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        marked = app.screen.query_one("MarkedChart")
        for presses in ([], ["down", "shift+left", "shift+left"], ["shift+left"] * 5):
            await pilot.press(*presses)
            await pilot.pause()
            col, row = marked.markers["main"].cell
            assert is_braille(str(marked.chart.render()).split("\n")[row][col]), app.screen.values["z"]


async def test_the_key_bar_shows_the_keys_of_the_focus(make_app):
    app = make_app("pixels")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = text_of(app, "KeyBar")
        assert "Cursor" in bar and "Select" not in bar  # the picture has the focus first
        assert "q Quit" in bar and "? Help" in bar and "palette" in bar
        await pilot.press("tab")
        await pilot.pause()
        bar = text_of(app, "KeyBar")
        assert "Select" in bar and "Cursor" not in bar


async def test_at_80_columns_help_stays_on_the_key_bar(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = text_of(app, "KeyBar")
        assert len(bar) == 80 and "? Help" in bar and "q Quit" in bar
        assert "…" in bar  # the keys that did not fit are on the help screen
        assert bar.startswith(" space Play . Step")  # one space between keys when they do not all fit


async def test_clicking_a_key_presses_it(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        start, _end, key = next(s for s in bar.spans if s[2] == "space")
        assert not app.screen.playing
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert app.screen.playing
        start, _end, key = next(s for s in bar.spans if s[2] == "question_mark")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_title_bar_follows_the_beat(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "◆" in text_of(app, "TitleBar") and "4/8 Activations — beat 1/7" in text_of(app, "TitleBar")
        await pilot.press("pagedown")
        await pilot.pause()
        assert "4/8 Activations — beat 2/7" in text_of(app, "TitleBar")
