"""`e`, show the NumPy: in every scene a panel names a real engine function, shows its source,
and the same lines with this frame's numbers, the numbers the scene itself shows."""

from __future__ import annotations

import importlib
import re

import numpy as np

from nntui.app import NNTuiApp
from nntui.narration import default_root, load_talk
from nntui.scenes import SceneParams
from nntui.show_numpy import VIEWS, view, written
from tests.conftest import screen_lines, until

NUMBER = re.compile(r"[−-]?\d[\d,]*(?:\.\d+)?")


def resolve(name: str):
    """The object a dotted name like nntui.engine.neuron.fire or ….layers.Dense.forward names."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(name)


async def test_e_shows_the_engine_function_with_the_numbers_on_screen():
    talk = load_talk(default_root() / "en", SceneParams(), lazy=True)
    app = NNTuiApp("pixels", talk, seed=0, beat=1, reduced_motion=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for scene in VIEWS:
            app.open_scene(scene, beat=0)
            assert await until(pilot, lambda: getattr(app.screen, "SCENE_ID", None) == scene and app.screen.is_mounted)
            await pilot.pause()
            rows = screen_lines(app)[1 : app.screen.query_one("#view").region.bottom]  # the scene's own area
            on_screen = {n for line in rows for n in NUMBER.findall(line)}
            shown = view(scene, app.screen.model)
            assert shown.name.startswith("nntui.engine.") and resolve(shown.name) is shown.function
            for name in shown.shown:
                value = np.asarray(shown.values[name])
                for item in (value.ravel() if value.ndim else [value]):
                    assert written(item) in on_screen, f"{scene}: {name} = {written(item)} is not on the scene's screen"
            await pilot.press("e")
            assert await until(pilot, lambda: type(app.screen).__name__ == "NumpyScreen")
            panel = "\n".join(screen_lines(app))
            assert shown.name in panel and "def " in panel and "With this frame's numbers:" in panel
            for name in shown.shown:
                assert written(shown.values[name]) in panel.replace("\n", " ") or name == "result"
            await pilot.press("escape")
            assert await until(pilot, lambda: getattr(app.screen, "SCENE_ID", None) == scene)


async def test_the_panel_scrolls_at_80x24_and_e_closes_it():
    talk = load_talk(default_root() / "en", SceneParams(), lazy=True)
    app = NNTuiApp("neuron", talk, seed=0, beat=1, reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        assert await until(pilot, lambda: type(app.screen).__name__ == "NumpyScreen")
        box = app.screen.query_one("VerticalScroll")
        assert box.max_scroll_y > 0  # the source and its numbers do not fit in 24 rows: it scrolls
        await pilot.press("end")
        assert await until(pilot, lambda: box.scroll_y == box.max_scroll_y)
        assert "z = float([−1, −1, 5].sum() + 1)  → z = 4" in "\n".join(screen_lines(app))
        await pilot.press("e")
        assert await until(pilot, lambda: getattr(app.screen, "SCENE_ID", None) == "neuron")
