"""next-token's bounds: `c` past what --steps replays, and a vocabulary capped however many
distinct tokens a corpus has."""

import shlex

from nntui.cli import build_parser
from nntui.engine.lm import MAX_VOCAB, Config, LanguageModel
from nntui.engine.rng import Rng
from nntui.params import MAX_STEPS


async def test_c_past_the_steps_limit_says_so_instead_of_writing_a_rejected_option(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        for steps in (MAX_STEPS, MAX_STEPS + 1):
            screen.model.trained = steps
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
