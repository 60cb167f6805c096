"""Pilot tests of the next-token scene."""

import asyncio

import numpy as np
from tests.conftest import text_of, until



def bar_percentages(app) -> list[float]:
    rows = [line for line in text_of(app, "#bars").splitlines()[1:] if "%" in line and "÷" not in line]
    return [float(line.split("%")[0].split()[-1]) for line in rows]


async def trained(pilot, app, steps: int = 1500):
    screen, model = app.screen, app.screen.model
    with model.lock:
        model.lm.train(steps)
        model.trained += steps
    screen.update_view()
    await pilot.pause()


async def test_temperature_sharpens_the_bars(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await trained(pilot, app)
        base = bar_percentages(app)
        await pilot.press("down", "equals_sign")
        app.screen.query_one("#value").value = "0.05"
        await pilot.press("enter")
        await pilot.pause()
        cold = bar_percentages(app)
        assert cold[0] > 90 and cold[0] > base[0] and cold[1] < base[1]  # the favourite takes nearly all
        app.screen.set_param("temperature", 0)
        assert bar_percentages(app)[0] == 100.0 and "greedy" in text_of(app, "#bars")


async def test_top_k_hides_the_rest(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(bar_percentages(app)) == 10
        app.screen.set_param("topk", 3)
        shown = bar_percentages(app)
        assert len(shown) == 3 and abs(sum(shown) - 100) < 0.5


async def test_generation_appends_a_token(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = text_of(app, "#generated")
        await pilot.press("g")
        assert await until(pilot, lambda: len(app.screen.model.generated) == 1)
        await pilot.pause()
        assert len(text_of(app, "#generated")) == len(before) + 1


async def test_training_toggles_and_lowers_the_loss(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, model = app.screen, app.screen.model
        first = model.history[-1][1]
        await pilot.press("t")
        assert await until(pilot, lambda: model.steps > 600, 20)  # the worker trains
        if screen.values["training"] == "on":  # (it may already have paused itself on a plateau)
            await pilot.press("t")
        assert screen.values["training"] == "off"
        await pilot.pause(0.2)
        steps = model.steps
        await pilot.pause(0.3)
        assert model.steps == steps  # stopped
        screen.poll()
        assert model.history[-1][1] < first - 0.5
        assert "not training" in text_of(app, "#about")


async def test_parameter_count_next_to_gpt3(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        about = text_of(app, "#about")
        assert f"this model {app.screen.model.lm.n_params:,}" in about and "GPT-3 175,000,000,000" in about
        app.screen.set_param("hidden", 32)
        assert f"this model {app.screen.model.lm.n_params:,}" in text_of(app, "#about")


async def test_unknown_prompt_characters_are_reported(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.set_param("prompt", "the 🙂 boat")
        assert "not in the vocabulary, skipped: 🙂" in text_of(app, "#bars")


async def test_save_and_load_weights(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await trained(pilot, app, 200)
        await pilot.press("w")
        await pilot.pause()
    assert (tmp_path / "nntui-next-token.npz").is_file()


def test_training_switches_itself_off_on_a_plateau():
    """The engine's StopRule decides: the loss stops improving, the model says "settled" and
    switches training off (the screen's poller only asks and redraws)."""
    from nntui.model import Store
    from nntui.scenes.next_token import NextTokenModel

    model = Store(lambda _id: NextTokenModel, seed=0)["next-token"]
    model.update({"hidden": 8, "context": 1, "lr": 5})  # small and fast: it settles within ~3000 steps
    model.set("training", "on")
    verdict = None
    while verdict is None and model.steps < 20_000:
        model.train_chunk()
        verdict = model.verdict()
    assert verdict == "settled" and model.values["training"] == "off" and model.steps < 20_000
