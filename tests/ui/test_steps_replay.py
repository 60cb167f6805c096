"""--steps N replays the training in a worker thread: the screen says how far it got, keys that
would change the model are refused meanwhile, q ends it, and the end state is the one the
synchronous replay gives (q and SIGTERM during a replay: tests/pty/test_signals.py)."""

import re
import threading

import pytest

from nntui.app import NNTuiApp
from nntui.params import MAX_STEPS
from tests.conftest import screen_lines, screen_text, shipped_talk, until

PROGRESS = re.compile(r"Replaying ([\d,]+) / 100,000 training steps")


def progress(app) -> int:
    """The steps the screen says are done (-1: no progress shown)."""
    found = PROGRESS.search(screen_text(app))
    return int(found.group(1).replace(",", "")) if found else -1


async def test_a_long_replay_shows_progress_and_refuses_the_keys_that_change_the_model(monkeypatch):
    app = NNTuiApp("network", shipped_talk(), seed=0, steps=MAX_STEPS)
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: told.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        assert await until(pilot, lambda: progress(app) > 0), screen_text(app)
        model = app.screen.model
        before = dict(model.values)
        for key in ("right", "space", "pagedown", "c"):  # a nudge, play, the next beat, `c`: refused
            app.simulate_key(key)  # not pilot.press: it waits for an idle app, ~2 s a key while training
        assert await until(pilot, lambda: len(told) == 4)
        assert told == ["Wait: --steps is still being replayed (q quits)."] * 4
        assert model.values == before and app.screen.replaying and app.screen.beat == 0
        await pilot.press("q")  # the thread stops with the app (tests/pty/test_signals.py: promptly)


@pytest.mark.parametrize("scene", ["network", "next-token"])
async def test_the_replay_ends_where_the_synchronous_training_does(scene):
    """The same seed and steps: the same weights and the same screen as training on the UI thread;
    every change notice reaches the screen on the UI thread; afterwards the keys work again."""
    n = 60  # next-token trains in chunks of 25: two and a rest

    async def screen_after(steps: int | None):
        app = NNTuiApp(scene, shipped_talk(), seed=0, steps=steps, reduced_motion=True)
        heard: list[int] = []  # the threads the store's notices came from
        app.store.listen(lambda _scene, _names: heard.append(threading.get_ident()))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if steps is None:  # as --steps did before it had a thread
                app.screen.pause()
                app.screen.model.train(n)
            assert await until(pilot, lambda: not app.replaying(), 60)
            await pilot.pause()
            lines, model = screen_lines(app), app.screen.model
            assert heard and set(heard) == {threading.get_ident()}
            trainer = model.lm.trainer if scene == "next-token" else model.trainer
            weights = {k: v.copy() for k, v in trainer.model.parameters().items()}
            name = "temperature" if scene == "next-token" else "x2"
            value = model.values[name]
            await pilot.press("down", "right")  # the keys drive the parameters again
            assert await until(pilot, lambda: model.values[name] != value)
            return lines, weights, model.steps

    (lines, weights, steps), (sync_lines, sync_weights, sync_steps) = await screen_after(n), await screen_after(None)
    assert steps == sync_steps == n
    assert weights.keys() == sync_weights.keys() and all((weights[k] == sync_weights[k]).all() for k in weights)
    assert lines == sync_lines
