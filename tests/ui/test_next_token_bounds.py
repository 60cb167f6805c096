"""next-token's bounds: --steps replayed off the UI thread on a terminal, `c` past what --steps
replays, and a vocabulary capped however many distinct tokens a corpus has."""

import shlex

from nntui.cli import build_parser
from nntui.engine.lm import MAX_VOCAB, Config, LanguageModel
from nntui.engine.rng import Rng
from nntui.params import MAX_STEPS
from tests.conftest import until


async def test_replay_in_the_training_thread_takes_exactly_the_steps(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.train_replay(310)  # on the UI thread, as a screenshot does
        history = list(screen.state["history"])
        screen.build()
        screen.panel.select(1)  # temperature
        screen.panel.focus()
        before = screen.values["temperature"]
        screen.train_replay_in_thread(310)  # as on a terminal
        await pilot.press("right")  # keys are answered meanwhile
        assert await until(pilot, lambda: screen.state["steps"] == 310 and not screen.workers)
        assert screen.state["history"] == history  # the same training, the same loss curve
        assert screen.values["temperature"] == round(before + 0.1, 2)


async def test_c_past_the_steps_limit_says_so_instead_of_writing_a_rejected_option(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        for steps in (MAX_STEPS, MAX_STEPS + 1):
            screen.state["steps"] = steps
            command = screen.command_line()
            argv = shlex.split(command, comments=True)[1:]
            build_parser().parse_args(argv)  # the CLI takes what `c` writes
            assert ("--steps" in argv) == (steps <= MAX_STEPS)
        assert f"# after {MAX_STEPS + 1:,} training steps" in command


def test_the_vocabulary_is_capped():
    text = " ".join(f"w{i % 5000}" for i in range(20_000))  # 5,000 distinct words
    lm = LanguageModel(text, Config("word", 3, 10, 16), Rng(0))
    assert len(lm.vocab) == MAX_VOCAB and lm.vocab[0] == "␂"
    assert len(lm.Y) < 20_000 and lm.Y.max() < MAX_VOCAB  # the rarest words are skipped
