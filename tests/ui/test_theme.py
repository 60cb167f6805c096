"""A theme chosen from the palette repaints the drawings at once, not at the next parameter change."""

import pytest
from textual.color import Color

from tests.conftest import until


def colours(widget) -> set:
    """The foreground and background colours a widget draws with now."""
    found = set()
    for y in range(widget.size.height):
        for seg in widget.render_line(y):
            if seg.style:
                found |= {seg.style.color, seg.style.bgcolor} - {None}
    return found


@pytest.mark.parametrize("scene, diagram", [("neuron", "NeuronDiagram"), ("network", "NetworkDiagram")])
async def test_a_new_theme_recolours_the_diagram(make_app, scene, diagram):
    app = make_app(scene)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        widget = app.screen.query_one(diagram)
        before = colours(widget)
        app.theme = "nord"
        assert await until(pilot, lambda: colours(widget) != before)
        after = colours(widget)
        app.screen.update_view()  # what a parameter change would draw: the same
        assert colours(widget) == after


async def test_a_new_theme_recolours_the_heat_map(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.set_param("view", "2d")
        await pilot.pause()
        grid = app.screen.query_one("#heat")

        def shows_primary() -> bool:  # the lowest band is drawn in the theme's primary colour
            primary = Color.parse(app.current_theme.primary).rgb
            return primary in {tuple(int(v) for v in p) for p in grid.pixels.reshape(-1, 3)}

        assert shows_primary()
        app.theme = "nord"
        assert await until(pilot, shows_primary)
