"""`nntui SCENE` draws the beat's narration first, then loads the scene (its module and NumPy)."""

from __future__ import annotations

import json
import subprocess
import sys

from nntui import cli
from nntui.app import NNTuiApp
from nntui.scenes.base import OpeningScreen, SceneScreen
from nntui.widgets.panels import NarrationPanel
from tests.conftest import shipped_talk

OPENING_PROBE = """
import asyncio, json, sys
from nntui import cli
from nntui.app import NNTuiApp
from nntui.widgets.panels import NarrationPanel

held = []
NNTuiApp.after_output = lambda self, callback: held.append(callback)  # the scene waits

async def main():
    app = cli.make_app(cli.build_parser().parse_args(["neuron", "--beat", "2"]))
    app.opening = True  # as on a terminal (this one's stderr is a pipe)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(NarrationPanel)
        shown = dict(screen=type(app.screen).__name__, title=str(panel.border_title), text=panel.source,
                     subtitle=str(panel.border_subtitle), numpy="numpy" in sys.modules,
                     scene_module="nntui.scenes.neuron" in sys.modules)
        held[0]()
        await pilot.pause()
        shown.update(then=type(app.screen).__name__, beat=app.screen.beat, numpy_then="numpy" in sys.modules)
    print(json.dumps(shown))

asyncio.run(main())
"""


def test_the_opening_frame_shows_the_beat_before_numpy_and_the_scene_are_imported():
    r = subprocess.run([sys.executable, "-c", OPENING_PROBE], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    beat = shipped_talk(questions=True)["neuron"][1]
    assert shown["screen"] == "OpeningScreen"
    assert (shown["title"], shown["text"]) == (beat.title, beat.text)
    assert shown["subtitle"].startswith(f"beat 2/{len(shipped_talk(questions=True)['neuron'])}")
    assert not shown["numpy"] and not shown["scene_module"]
    assert shown["then"] == "NeuronScreen" and shown["beat"] == 1 and shown["numpy_then"]


async def test_keys_pressed_during_the_opening_reach_the_scene(monkeypatch):
    held = []
    monkeypatch.setattr(NNTuiApp, "after_output", lambda self, callback: held.append(callback))
    app = cli.make_app(cli.build_parser().parse_args(["neuron"]))
    app.opening = True  # as on a terminal
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningScreen)
        await pilot.press("pagedown", "pagedown", "down")
        assert app.screen.keys == ["pagedown", "pagedown", "down"]
        held[0]()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SceneScreen)
        assert screen.beat == 2 and screen.panel.selected == 1  # two beats on, the second parameter
        assert screen.query_one(NarrationPanel).source == shipped_talk()["neuron"][2].text


async def test_off_a_terminal_the_scene_opens_at_once(make_app):
    assert not cli.make_app(cli.build_parser().parse_args(["neuron"])).opening  # stderr is not a tty here
    app = make_app("neuron")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
