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


@pytest.mark.parametrize("scene", ["loss", "descent", "network", "next-token"])
async def test_extreme_training_never_shows_nan(make_app, scene):
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
        diverged = "DIVERGED" in text
        if not diverged:
            assert not NAN.search(text), NAN.search(text)
        else:
            await pilot.press("R")  # reset the scene
            await pilot.pause()
            text = screen_text(app)
            assert "DIVERGED" not in text and not NAN.search(text)


async def test_descent_and_network_diverge_visibly(make_app):
    """The two scenes whose largest rates must blow up say so."""
    for scene, settings in (("descent", {"preset": "diverge"}), ("network", {"lr": 100, "activation": "relu"})):
        app = make_app(scene)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            screen.set_params(settings)
            for _ in range(150):
                screen.model.step()
            await pilot.pause()
            if scene == "descent" or screen.model.trainer.diverged:
                assert "DIVERGED" in screen_text(app)
                await pilot.press("r")
                await pilot.pause()
                assert "DIVERGED" not in screen_text(app)
