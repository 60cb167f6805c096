"""The monkey: for every scene, a seeded stream of random keys and terminal resizes.

Nothing may crash, nothing may render nan or inf outside a labelled divergence, every parameter
stays inside its range, and the app still answers at the end. By default a short run (40 keys a
scene, every scene, seeded); NNTUI_LONG_MONKEY=1 runs 400 keys a scene, and NNTUI_MONKEY_KEYS sets
any number (e.g. NNTUI_MONKEY_KEYS=5000).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from nntui.app import HelpScreen, HomeScreen, NNTuiApp
from nntui.scenes import built_scenes
from tests.conftest import NAN, screen_text, shipped_talk

KEYS = int(os.environ.get("NNTUI_MONKEY_KEYS", "400" if os.environ.get("NNTUI_LONG_MONKEY") else "40"))
CHECK_EVERY = min(150, max(1, KEYS // 4))  # the screen and the parameters are checked this often, and at the end
NEVER = {"q", "ctrl+q", "ctrl+c", "ctrl+p"}  # quitting, and the palette's own commands (quit among them)
TYPED = list("0123456789.-−abz =") + ["backspace"]


def binding_keys(screen) -> list[str]:
    keys = set()
    for node in [screen, *screen.walk_children()]:
        for b in getattr(node, "BINDINGS", []):
            keys.update(k.strip() for k in (b.key if hasattr(b, "key") else b[0]).split(","))
    for b in screen.app.BINDINGS:
        keys.update(k.strip() for k in b.key.split(","))
    keys.update({"pagedown", "pageup", "enter", "backspace", "escape", "tab", "space", "full_stop", "equals_sign"})
    return sorted(keys - NEVER)



def check_params(app) -> None:
    from nntui.scenes import BY_ID

    for scene_id, model in app.store.models.items():
        for p in BY_ID[scene_id].model_class().PARAMS:
            v = model.values[p.name]
            if p.is_choice:
                assert v in p.choices, (scene_id, p.name, v)
            elif not p.is_text:
                assert p.lo <= float(v) <= p.hi, (scene_id, p.name, v)


@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
async def test_monkey(scene, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `w` saves weights in the working directory
    rng = np.random.default_rng(sum(map(ord, scene)))
    app = NNTuiApp(scene, shipped_talk(questions=True), seed=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = binding_keys(app.screen)
        for i in range(KEYS):
            roll = rng.random()
            if roll < 0.03:
                await pilot.resize_terminal(int(rng.integers(20, 251)), int(rng.integers(8, 81)))
            elif roll < 0.08:
                text = [TYPED[j] for j in rng.integers(0, len(TYPED), int(rng.integers(1, 7)))]
                await pilot.press("equals_sign", *text, "enter" if rng.random() < 0.7 else "escape")
            else:
                await pilot.press(keys[int(rng.integers(0, len(keys)))])
            if i % CHECK_EVERY == CHECK_EVERY - 1 or i == KEYS - 1:
                await pilot.pause()
                text = screen_text(app)
                if "DIVERGED" not in text and "iverged" not in text:
                    assert not NAN.search(text), NAN.search(text)
                check_params(app)
        await pilot.resize_terminal(100, 30)
        for _ in range(4):
            await pilot.press("escape")  # out of any dialog, back to the menu
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), (app.screen, app.focused)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # still answering
        check_params(app)
