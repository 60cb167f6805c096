"""The attention scene: the keys a viewer presses, and what each changes on screen."""

from __future__ import annotations

import re
import shlex

from nntui.engine.transformer import transformer_params
from tests.conftest import screen_text, text_of, until
from tests.ui.test_presenter import command_and_screen


def accuracy(app) -> float:
    return float(re.search(r"accuracy (\d+)%", text_of(app, "#stats")).group(1))


def losses(app) -> tuple[float, float]:
    found = re.search(r"no mask: train ([\d.]+) · masked ([\d.]+)", text_of(app, "#stats"))
    return float(found.group(1)), float(found.group(2))


def styles(app, selector: str) -> list[str]:
    """The heat map's cell colours (its text alone does not change as it trains)."""
    return [str(span.style) for span in app.screen.query_one(selector).content.spans]


async def train(app, pilot) -> None:
    await pilot.press("space")  # reduced motion: training runs until the stopping rule ends it
    assert await until(pilot, lambda: app.screen.model.stopped and not app.screen.playing, 60)
    await pilot.pause()


async def test_training_learns_to_reverse_and_an_edited_score_moves_the_prediction(make_app):
    app = make_app("attention", reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heat, row = styles(app, "#matrices"), text_of(app, "#row")
        assert accuracy(app) < 5
        await train(app, pilot)
        assert accuracy(app) >= 99
        assert styles(app, "#matrices") != heat and text_of(app, "#row") != row
        trained = text_of(app, "#row")
        assert "100% A@5" in trained and "answer A ✓" in trained  # query 6 (|) reads the last input, A
        await pilot.press(*"jjjjjjjj", "shift+right", "k", "right")  # score 10 → 20, then edit key 1
        edited = text_of(app, "#row")
        assert app.screen.model["edit"] == 1 and "◆" in text_of(app, "#matrices")
        assert "100% G@1" in edited and "answer A ✗" in edited  # now it reads the first input, G


async def test_without_positions_reverse_fails(make_app):
    app = make_app("attention", reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        assert app.screen.model["positions"] == "off"
        await train(app, pilot)
        assert accuracy(app) < 20


async def test_without_the_mask_training_looks_good_and_the_masked_loss_is_bad(make_app):
    app = make_app("attention", reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await train(app, pilot)
        train_loss, masked = losses(app)
        assert masked > 10 * train_loss and masked > 0.5


async def test_c_reproduces_a_trained_screen():
    command, before = await command_and_screen(["attention", "--seed", "3"], ["j", "right", *"....", "k"])
    assert "--steps" in command and "query=7" in command
    assert (await command_and_screen(command[1:], []))[1] == before, shlex.join(command)


async def test_the_gpt_view_counts_gpt2_and_gpt3(make_app):
    app = make_app("attention")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("k", "right")  # the last parameter: view → gpt
        text = screen_text(app)
        assert f"{transformer_params(12, 12, 768, 50257, 1024):,}" in text and "≈ 124 M" in text
        assert f"{transformer_params(96, 96, 12288, 50257, 2048):,}" in text and "≈ 175 B" in text
        assert f"{app.screen.model.run.n_params:,}" in text
