"""The attention scene: the keys a viewer presses, and what each changes on screen."""

from __future__ import annotations

import re
import shlex

from nntui.engine.transformer import transformer_params
from nntui.params import format_number
from nntui.scenes.attention import EVAL_LIMIT
from tests.conftest import screen_lines, screen_text, text_of, until
from tests.ui.test_presenter import command_and_screen


def accuracy(app) -> float:
    return float(re.search(r"accuracy (\d+)%", text_of(app, "#stats")).group(1))


def losses(app) -> tuple[float, float]:
    found = re.search(r"no mask: train ([\d.]+) · masked ([\d.]+)", text_of(app, "#stats"))
    return float(found.group(1)), float(found.group(2))


def looks_at(row: str, key: str) -> int:
    """The weight (%) the spelled-out row gives `key` (e.g. "A@5")."""
    return int(re.search(rf"(\d+)% {key}", row).group(1))


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
        assert looks_at(trained, "A@5") >= 95 and "answer A ✓" in trained  # query 6 (|) reads the last input, A
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


async def test_fewer_heads_bring_the_head_shown_down_with_them(make_app):
    app = make_app("attention")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        model = app.screen.model
        await pilot.press("j", "j", "right", "right", "j", "right", "right", "right")  # heads 4, head shown 4
        assert (model["heads"], model["head"]) == ("4", 4)
        await pilot.press("k", "right")  # heads 4 → 1
        assert (model["heads"], model["head"]) == ("1", 1) and any(re.search(r"head shown +1 ", line) for line in screen_lines(app))
        await pilot.press("j", "right")  # and it cannot be raised past the one head
        assert model["head"] == 1


async def test_the_corpus_sets_next_tokens_mlp_beside_attention_at_equal_steps(make_app):
    app = make_app("attention")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        model = app.screen.model
        await pilot.press("right", "right", *"...")  # task: corpus; three steps
        assert model["task"] == "corpus" and model.steps == model.baseline.steps == 3
        ev = model.evaluations()
        stats = text_of(app, "#stats")
        for name, key in (("attention", ""), ("next-token", "mlp ")):
            line = next(line for line in stats.splitlines() if line.startswith(name))
            assert line.split()[-2:] == [format_number(ev[key + "train"].loss, 3), format_number(ev[key + "test"].loss, 3)]
        assert ev["mlp test"] == model.baseline.evaluate("test", EVAL_LIMIT)


async def test_pausing_mid_training_draws_the_step_it_stopped_at(make_app):
    app = make_app("attention")  # motion on: while playing the numbers are redrawn twice a second
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        model = app.screen.model
        await pilot.press("space")
        assert await until(pilot, lambda: model.steps >= 3, 30)
        await pilot.press("space")
        await pilot.pause()
        assert not app.screen.playing and f"step {model.steps} " in text_of(app, "#stats")
