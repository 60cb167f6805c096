"""Pilot tests of the descent and network scenes."""

import numpy as np
from tests.conftest import NAN, screen_text, text_of



async def steps(pilot, n: int) -> None:
    await pilot.press(*["full_stop"] * n)  # one step a key, each handled before the next


async def choose_regime(pilot, app, regime: str) -> None:
    while app.screen.values["preset"] != regime:
        await pilot.press("right")


async def test_each_regime_produces_its_label(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for regime, steps_taken, label in (("crawl", 3, "crawling"), ("good", 3, "walking downhill"),
                                           ("zigzag", 2, "overshooting"), ("diverge", 40, "DIVERGED")):
            await choose_regime(pilot, app, regime)
            await steps(pilot, steps_taken)
            assert label in text_of(app, "#steps"), regime


async def test_good_rate_settles_at_the_bottom(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await steps(pilot, 60)
        text = text_of(app, "#steps")
        assert "settled at the bottom" in text
        w = app.screen.model.path[-1][0]
        assert abs(w - 2) < 1e-3  # the bowl's bottom is at w = 2


async def test_each_step_is_written_out(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await steps(pilot, 1)
        # L(w) = (w − 2)² at b = −1: g = 2(−3 − 2) = −10, w ← −3 − 0.2·(−10) = −1
        assert "w ← w − η·g = −3 − 0.2·(−10) = " in text_of(app, "#steps")
        assert app.screen.model.path[-1][0] == -1


async def test_divergence_shows_and_r_resets(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await choose_regime(pilot, app, "diverge")
        await steps(pilot, 60)
        assert "DIVERGED" in text_of(app, "#steps") and app.screen.model.diverged
        assert "nan" not in text_of(app, "#steps") and "inf" not in text_of(app, "#steps")
        await pilot.press("r")
        assert not app.screen.model.trainer.diverged and len(app.screen.model.path) == 1
        assert "start:" in text_of(app, "#steps")


async def test_two_d_view_draws_the_path(make_app):
    app = make_app("descent")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_params({"view": "2d", "b0": 3})
        grid = screen.query_one("#heat")
        builds = grid.pixels.copy()
        await steps(pilot, 5)
        assert len(grid.marks) >= 4 and grid.cursor is not None
        assert np.array_equal(grid.pixels, builds)  # the map itself was not recomputed
        assert "b ← b − η·g" in text_of(app, "#steps")


async def test_network_has_26_parameters_and_hidden_size_changes_it(make_app):
    app = make_app("network")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "weights 3·4 + 4·2 = 20, biases 4 + 2 = 6: 26" in text_of(app, "#about")
        await pilot.press(*["down"] * 6, "right")  # hidden 4 → 5
        assert "weights 3·5 + 5·2 = 25, biases 5 + 2 = 7: 32" in text_of(app, "#about")
        await pilot.press("left")
        assert "= 20, biases 4 + 2 = 6: 26" in text_of(app, "#about")


async def test_network_training_lowers_the_loss(make_app):
    app = make_app("network")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        loss = lambda: float(text_of(app, "#about").split("loss ")[1].split()[0])
        first = loss()
        await steps(pilot, 30)
        assert loss() < first * 0.7
        assert "step 30" in text_of(app, "#about")


async def test_network_divergence_shows_and_r_recovers(make_app):
    """The largest rate keeps the (bounded) cross-entropy finite; a blow-up, forced by weights no
    rate reaches, is labelled, and r brings a fresh network."""
    app = make_app("network")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_params({"lr": 100, "activation": "relu"})
        for _ in range(200):
            screen.model.train_step()
        screen.set_params({"x1": 1.0})
        await pilot.pause()
        assert not screen.model.trainer.diverged and "DIVERGED" not in text_of(app, "#about")
        assert not NAN.search(screen_text(app))
        for weights in screen.model.trainer.model.parameters().values():
            weights *= 1e300  # the next step overflows
        screen.model.step()
        await pilot.pause()
        assert screen.model.trainer.diverged and "DIVERGED" in text_of(app, "#about") and "press r" in text_of(app, "#about")
        assert not NAN.search(screen_text(app))
        await pilot.press("r")
        assert not screen.model.trainer.diverged and "DIVERGED" not in text_of(app, "#about")
