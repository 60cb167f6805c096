"""The chart wrapper around plotext (its cache, its figures, its markers, its data it must survive)
and the one-line bars: the key bar (what it shows, what a click does) and the title bar."""

from __future__ import annotations

import math

import plotext
from rich.cells import cell_len

from nntui.app import HelpScreen
from nntui.widgets.bars import KeyBar
from nntui.widgets.plot import build_chart
from tests.conftest import text_of

COLORS = [(200, 0, 0), (0, 200, 0), (0, 0, 200), (90, 90, 90), (128, 128, 128)]  # four series, then guide lines


def is_braille(ch: str) -> bool:
    return 0x2800 < ord(ch) <= 0x28FF


def is_block(ch: str) -> bool:  # plotext's "hd" marker: quarter blocks
    return ch in "▖▗▘▙▚▛▜▝▞▟▀▄▌▐█"


def chart(draw, width=40, height=14, xlim=(0.0, 1.0), ylim=(0.0, 1.0)):
    return build_chart(draw, width, height, xlim, ylim, COLORS)


def inside(text, fig) -> list[str]:
    """The rows of the chart's canvas, the plot area inside its frame."""
    (col, row), (w, h) = fig._parts.canvas.position(), fig._parts.canvas.size()
    return [line[col: col + w] for line in text.plain.split("\n")[row: row + h]]


def test_plotext_draws_the_frame_ticks_labels_and_legend():
    text, fig = chart(lambda f: (f.plot([0, 1], [0, 1], label="y = x"), f.xlabel("input x")), width=64, xlim=(-10, 10))
    rows = text.plain.split("\n")
    assert len(rows) == 14 and {cell_len(r) for r in rows} == {64}
    assert "┌" in rows[0] and any("┘" in r for r in rows) and "input x" in rows[-1]
    assert any("-10" in r and "10" in r for r in rows) and "y = x" in text.plain
    assert any(is_braille(ch) for line in inside(text, fig) for ch in line)


def test_each_chart_is_built_on_a_figure_of_its_own():
    """plotext keeps one figure in a module global; a chart built after another (as two charts in one
    frame are) shows nothing of the first, and the global figure is never touched."""
    def first(f):
        f.plot([0, 1], [0, 1], label="first curve")
        f.hline(0.5)
        f.xlabel("first label")

    alone, _ = chart(lambda f: f.plot([0, 1], [1, 0]))
    chart(first)
    after, _ = chart(lambda f: f.plot([0, 1], [1, 0]))
    assert after.plain == alone.plain and "first" not in after.plain
    assert plotext.figure._signals._get_length() == 0 and plotext.figure._labels.lower_present() == 0


def test_without_colour_two_curves_differ_by_marker():
    """NO_COLOR: the text alone tells the curves apart: braille for the first, quarter blocks for the
    second, and the legend shows each one's marker."""
    def two(f, labels=(None, None)):
        f.plot([0, 1], [0.9, 0.9], label=labels[0])
        f.plot([0, 1], [0.1, 0.1], label=labels[1])

    text, fig = chart(two, height=16)
    area = inside(text, fig)
    top, bottom = "".join(area[: len(area) // 2]), "".join(area[len(area) // 2:])
    assert any(map(is_braille, top)) and not any(map(is_block, top))
    assert any(map(is_block, bottom)) and not any(map(is_braille, bottom))
    text, fig = chart(lambda f: two(f, ("upper", "lower")), height=16)
    upper = next(line for line in text.plain.split("\n") if "upper" in line)
    lower = next(line for line in text.plain.split("\n") if "lower" in line)
    assert any(map(is_braille, upper.split("upper")[0])) and any(map(is_block, lower.split("lower")[0]))


def test_a_value_that_is_not_finite_breaks_the_curve():
    for bad in (math.nan, math.inf, -math.inf):
        text, fig = chart(lambda f: f.plot([0, 0.5, 1], [0, bad, 1]))
        ink = [ch for line in inside(text, fig) for ch in line if is_braille(ch)]
        assert len(ink) == 2, bad  # the two finite points alone: nothing joins them across the gap


def test_a_value_far_off_the_chart_is_fine():
    """plotext walks every dot of a segment (a point at 1e12 would end the process): clamped, the
    curve still climbs out of the top of the chart and nothing is drawn outside the frame."""
    text, fig = chart(lambda f: f.plot([0, 0.5, 1], [0, 1e12, 0]))
    area = inside(text, fig)
    assert any(is_braille(ch) for ch in area[0]) and any(is_braille(ch) for ch in area[-1])
    (col, row), (w, h) = fig._parts.canvas.position(), fig._parts.canvas.size()
    outside = [ch for r, line in enumerate(text.plain.split("\n")) for c, ch in enumerate(line)
               if not (row <= r < row + h and col <= c < col + w)]
    assert not any(map(is_braille, outside))


def test_wide_characters_keep_every_line_the_charts_width():
    text, _ = chart(lambda f: (f.plot([0, 1], [1, 0], label="损失"), f.xlabel("训练步数")))
    assert {cell_len(line) for line in text.plain.split("\n")} == {40} and "训练步数" in text.plain
    text, _ = chart(lambda f: f.xlabel("训练步数" * 12))  # wider than the chart: cut, not left out
    assert {cell_len(line) for line in text.plain.split("\n")} == {40} and text.plain.endswith("…")


async def test_a_chart_is_built_only_when_its_key_or_size_changes(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("Chart")
        draw, builds = chart.draw, chart.builds
        text = chart.render()
        chart.refresh()
        await pilot.pause()
        assert chart.render() is text and chart.builds == builds  # a repaint reuses the built text
        chart.plot(chart.key[0], draw, *chart.key[1])
        await pilot.pause(0.3)
        assert chart.builds == builds  # the same key: nothing to build
        chart.plot("another key", draw)
        await pilot.pause(0.3)
        assert chart.builds == builds + 1
        await pilot.resize_terminal(90, 30)
        await pilot.pause(0.3)
        assert chart.builds > builds + 1 and chart.render() is not text  # a new size: built again
        builds = chart.builds
        chart.refresh()
        await pilot.pause()
        assert chart.builds == builds


async def test_limits_that_cannot_be_drawn_say_so(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("Chart")
        chart.plot("empty", lambda f: f.plot([0], [0]), ylim=(1.0, 1.0))
        await pilot.pause(0.3)
        assert "this plot cannot be drawn" in str(chart.render()) and chart.to_cell(0, 1) is None


async def test_the_sigmoid_markers_sit_on_their_curves(make_app):
    """Each marker is placed by plotext's own mapping of data to cells, on a cell its curve passes
    through: ● on σ's braille, ○ on the compared curve's quarter blocks."""
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.set_param("compare", "tanh")
        marked = app.screen.query_one("MarkedChart")
        for z in (-7.0, -2.5, -1.2, -0.4):  # where the two curves are cells apart
            app.screen.set_param("z", z)
            await pilot.pause(0.3)
            rows = str(marked.chart.render()).split("\n")
            col, row = marked.markers["main"].cell
            assert is_braille(rows[row][col]), app.screen.values["z"]
            col, row = marked.markers["compare"].cell
            assert is_block(rows[row][col]), app.screen.values["z"]


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
        assert bar.startswith(" PgDn Next g Generate t Train")  # one space between keys when they do not all fit


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
        beats = len(app.talk["sigmoid"])
        assert "◆" in text_of(app, "TitleBar") and f"4 Activations — beat 1/{beats}" in text_of(app, "TitleBar")
        await pilot.press("pagedown")
        await pilot.pause()
        assert f"4 Activations — beat 2/{beats}" in text_of(app, "TitleBar")
