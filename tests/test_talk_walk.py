"""The talk, walked as a presenter walks it: PageDown from the first beat of the first scene to
the end, in every shipped language and talk, at 80×24 and 120×36. At every beat each number the
narration marks in bold must stand in the scene's own area (the picture and the parameter panel,
not only in the narration), and no run of cells may join two numbers ('0.0000112.00001')."""

from __future__ import annotations

import re

import pytest

from nntui.app import NNTuiApp
from nntui.narration import default_root, languages, load_order, load_talk, talks_root
from nntui.scenes import SceneParams
from nntui.scenes.base import SceneScreen
from tests.conftest import screen_lines

BOLD = re.compile(r"\*\*(.+?)\*\*")
NUMBER = re.compile(r"(?<![\w.])[−-]?\d[\d,]*(?:\.\d+)?")
JOINED = re.compile(r"\d\.\d+\.\d")  # two numbers run together: one has two decimal points
NARRATION_ROWS = 7  # the narration panel (6 rows) and the key bar below the scene's area


def talks():
    """(name, root) of every shipped talk: the default running order and each custom one."""
    yield "story", default_root()
    for root in sorted(talks_root().iterdir()):
        yield root.name, root


CASES = [pytest.param(name, root, lang, size, id=f"{name}-{lang}-{size[0]}x{size[1]}")
         for name, root in talks() for lang in languages(root) for size in ((80, 24), (120, 36))]


def numbers(text: str) -> list[str]:
    return [n.replace("-", "−").replace(",", "") for bold in BOLD.findall(text) for n in NUMBER.findall(bold)]


def shown(lines: list[str]) -> set[str]:
    return {n.replace("-", "−").replace(",", "") for line in lines for n in NUMBER.findall(line)}


@pytest.mark.parametrize("name, root, lang, size", CASES)
async def test_every_narrated_number_is_on_screen_in_talk_order(name, root, lang, size):
    scenes = SceneParams()
    order = load_order(root, list(scenes))
    talk = load_talk(root / lang, scenes)
    app = NNTuiApp(order.scenes[0], talk, seed=0, beat=1, reduced_motion=True, lang=lang, order=order)
    problems: list[str] = []
    beats = sum(len(talk.get(s, [])) or 1 for s in order.scenes)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for _n in range(beats):
            screen = app.screen
            assert isinstance(screen, SceneScreen)
            await pilot.pause()
            lines = screen_lines(app)[1 : size[1] - NARRATION_ROWS]
            where = f"{screen.SCENE_ID} beat {screen.beat + 1}"
            missing = [n for n in numbers(screen.beats[screen.beat].text) if n not in shown(lines)]
            if missing:
                problems.append(f"{where}: narrated {missing} not on screen")
            problems += [f"{where}: joined numbers in {line.strip()!r}" for line in lines if JOINED.search(line)]
            await pilot.press("pagedown")
    assert not problems, "\n".join(problems)
