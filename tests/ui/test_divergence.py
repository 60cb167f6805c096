"""Divergence everywhere: in every scene that trains, the largest learning rate and extreme values
lead to numbers or to a labelled "diverged" state with a way back, never to a crash or a nan."""

import pytest

from nntui.scenes.base import SceneScreen
from tests.conftest import NAN, screen_text


def extremes(screen: SceneScreen) -> None:
    """Every numeric parameter at the top of its range (the learning rate included)."""
    for p in screen.PARAMS:
        if not p.is_choice and not p.is_text and p.name not in ("seed", "hidden", "context"):
            screen.set_param(p.name, p.hi)


def train_hard(screen: SceneScreen) -> None:
    if screen.SCENE_ID == "next-token":
        with screen.model.lock:
            screen.model.lm.train(400)
        screen.poll()
    else:
        for _ in range(100):
            screen.model.step()


# At the top of every range only descent blows up; the others' losses stay finite (bounded
# gradients), and all of them show numbers only.
@pytest.mark.parametrize("scene, diverges", [("loss", False), ("descent", True), ("network", False), ("next-token", False)])
async def test_extreme_training_never_shows_nan(make_app, scene, diverges):
    app = make_app(scene)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        if scene == "loss":
            screen.set_param("view", "train")
        if scene == "network":
            screen.set_param("activation", "relu")
        extremes(screen)
        train_hard(screen)
        await pilot.pause()
        text = screen_text(app)
        assert ("DIVERGED" in text) == diverges
        assert not NAN.search(text), NAN.search(text)
        await pilot.press("R")  # reset the scene
        await pilot.pause()
        text = screen_text(app)
        assert "DIVERGED" not in text and not NAN.search(text)


async def test_descent_diverges_visibly_and_r_resets(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_params({"preset": "diverge"})
        for _ in range(150):
            screen.model.step()
        await pilot.pause()
        text = screen_text(app)
        assert screen.model.diverged and "DIVERGED" in text and not NAN.search(text)
        await pilot.press("r")
        await pilot.pause()
        assert not screen.model.diverged and "DIVERGED" not in screen_text(app)

