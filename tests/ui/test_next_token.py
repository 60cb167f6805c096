"""Pilot tests of the next-token scene."""

import re

import numpy as np
from tests.conftest import screen_lines, text_of, until

PERCENT = re.compile(r"(\d+\.\d)%")


def bar_rows(app) -> list[str]:
    """The rows of the bars: after the title and the column headers, up to the softmax line."""
    rows = text_of(app, "#bars").splitlines()[2:]
    return [row for row in rows if "%" in row and not row.startswith(("e^(", "T = 0"))]


def bar_percentages(app, column: int = 0) -> list[float]:
    """Each bar's probability (column 0), or the model's own at T = 1 (column 1)."""
    return [float(PERCENT.findall(row)[column]) for row in bar_rows(app)]


async def type_value(pilot, app, name: str, value: str) -> None:
    """Select the parameter with ↓ from the top, open the = editor, type the value, Enter."""
    names = [p.name for p in app.screen.PARAMS]
    while names[app.screen.panel.selected] != name:
        await pilot.press("down")
    await pilot.press("equals_sign")
    await until(pilot, lambda: app.screen.query("#value"))
    app.screen.query_one("#value").value = value
    await pilot.press("enter")
    await pilot.pause()


async def train_with_keys(pilot, app, steps: int) -> None:
    """Speed up to 5000 steps a second, `t` until at least `steps` steps, `t` again."""
    model = app.screen.model
    await type_value(pilot, app, "speed", "5000")
    await pilot.press("t")
    assert await until(pilot, lambda: model.steps >= steps, 60)
    await pilot.press("t")
    assert await until(pilot, lambda: model.values["training"] == "off")
    await pilot.pause()


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
        await type_value(pilot, app, "temperature", "0.05")
        cold = bar_percentages(app)
        assert cold[0] > 90 and cold[0] > base[0] and cold[1] < base[1]  # the favourite takes nearly all
        app.screen.set_param("temperature", 0)
        assert bar_percentages(app)[0] == 100.0 and "greedy" in text_of(app, "#bars")


async def test_top_k_hides_the_rest_and_the_formula_shows_the_bars_numbers(make_app):
    """After top-k the softmax line divides by the sum over the k kept tokens: its percentages
    are the bars' (renormalised), not the ones before top-k."""
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await trained(pilot, app)
        assert len(bar_percentages(app)) == 10
        await type_value(pilot, app, "temperature", "1.5")
        await type_value(pilot, app, "topk", "3")
        shown = bar_percentages(app)
        assert len(shown) == 3 and abs(sum(shown) - 100) < 0.5
        formula = [row for row in text_of(app, "#bars").splitlines() if row.startswith("e^(")][0]
        assert "Σ top 3" in formula and "/1.5" in formula
        assert [float(p) for p in PERCENT.findall(formula)] == shown[: len(PERCENT.findall(formula))]


async def test_the_t_equals_2_column_shows_what_temperature_does(make_app):
    """T = 2 halves every logit: the favourite falls below its T = 1 share, and the odds of any
    two tokens become the square root of their odds at T = 1 (the narration's claims)."""
    app = make_app("next-token")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await trained(pilot, app)
        assert "T = 1" not in text_of(app, "#bars").splitlines()[1]  # the comparison column only when T differs
        await type_value(pilot, app, "temperature", "2")
        hot, own = bar_percentages(app, 0), bar_percentages(app, 1)
        assert "T = 1" in text_of(app, "#bars").splitlines()[1] and "/2 →" in text_of(app, "#bars")
        assert hot[0] < own[0] and hot[-1] > own[-1]
        assert abs(hot[0] / hot[1] - (own[0] / own[1]) ** 0.5) < 0.05 * hot[0] / hot[1]


async def test_generation_appends_a_token_and_the_window_slides(make_app):
    """The last 3 characters (what the model reads) are in reverse video; `g` moves them on."""
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def window() -> str:
            text = app.screen.query_one("#generated").content
            return "".join(text.plain[s.start:s.end] for s in text.spans if "reverse" in str(s.style))

        before = text_of(app, "#generated")
        assert window() == "he " and "after «he␣»" in text_of(app, "#bars")
        await pilot.press("g")
        assert await until(pilot, lambda: len(app.screen.model.generated) == 1)
        await pilot.pause()
        after = text_of(app, "#generated")
        assert len(after) == len(before) + 1 and window() == after[-3:]


async def test_a_beat_that_sets_the_prompt_starts_from_it(make_app):
    """Beat 2 asks for g; beat 6 sets the prompt "the neural ": the gibberish is gone, the bars
    predict after the prompt itself, and training (on since beat 3) has paused, as it says."""
    app = make_app("next-token", reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown")
        await type_value(pilot, app, "speed", "1")  # beat 3's training, slowed: the keys answer at once
        await pilot.press("g", "g", "g")
        assert await until(pilot, lambda: len(app.screen.model.generated) == 3)
        for _beat in range(4):
            await pilot.press("pagedown")
        assert await until(pilot, lambda: app.screen.beat == 5)
        await pilot.pause()
        assert app.screen.model.generated == [] and text_of(app, "#generated") == "the neural "
        assert "after «al␣»" in text_of(app, "#bars")
        assert app.screen.values["training"] == "off" and "paused" in app.screen.panel.border_subtitle  # "Training pauses here"


async def test_the_panel_says_training_while_it_trains(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.panel
        assert "paused" in panel.border_subtitle
        await type_value(pilot, app, "speed", "1")  # slow, so the keys answer at once
        await pilot.press("t")
        assert "training" in panel.border_subtitle and "paused" not in panel.border_subtitle
        await pilot.press("t")
        assert "paused" in panel.border_subtitle


async def test_training_toggles_and_lowers_both_losses(make_app):
    """Training and held-out loss on one chart; the held-out loss turns and climbs while the
    training loss keeps falling (the narration's 'memorising')."""
    app = make_app("next-token")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, model = app.screen, app.screen.model
        first = model.history[-1][1]
        await type_value(pilot, app, "view", "train")
        await train_with_keys(pilot, app, 3000)
        steps = model.steps
        await pilot.pause(0.3)
        assert model.steps == steps  # stopped
        screen.poll()
        train, held = [h[1] for h in model.history], [h[2] for h in model.history]
        best = int(np.argmin(held))
        assert train[-1] < first - 0.5 and held[best] < held[0] - 0.5
        assert held[-1] > held[best] + 0.2 and train[-1] < train[best] - 0.2
        status = text_of(app, "#about").splitlines()[0]
        assert f"held-out {held[-1]:.2f}".rstrip("0").rstrip(".") in status
        lines = screen_lines(app)
        assert any("held-out (the last 394 tokens)" in line for line in lines)
        ticks = [line for line in lines[:17] if re.match(r"\s*\d+\.\d┤", line)]
        assert len(ticks) >= 2  # a readable y axis at 80×24
        chart = "".join(lines[3:11])
        assert any("⠁" <= ch <= "⣿" for ch in chart) and any(ch in "▖▗▘▝▚▞▀▄▌▐▙▛▜▟" for ch in chart)  # both curves


async def test_speed_paces_the_training_thread(make_app):
    """steps / s, set with the keys, is what the training loop keeps to (a fake clock here)."""
    app = make_app("next-token")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_value(pilot, app, "speed", "20")
        model = app.screen.model
        assert model.values["speed"] == 20 and "20" in str(app.screen.panel.render())

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

        def sleep(self, seconds: float) -> None:
            self.now += max(seconds, 0.01)

    clock = Clock()

    class Worker:
        @property
        def is_cancelled(self) -> bool:
            return clock.now >= 3.0

    model.train_paced(Worker(), clock=clock, sleep=clock.sleep)
    assert 58 <= model.steps <= 60  # 20 steps a second for 3 s


async def test_c_pauses_training_so_the_screen_is_the_one_it_reproduces(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_value(pilot, app, "speed", "5")  # slow, so the keys answer at once
        await pilot.press("t")
        assert await until(pilot, lambda: app.screen.model.steps > 0)
        await pilot.press("c")
        await pilot.pause()
        assert app.store["next-token"].values["training"] == "off"
        assert f"--steps {app.store['next-token'].steps}" in app.screen.query_one("#command").command


async def test_bars_line_up_at_word_level_under_their_headers(make_app):
    """Labels of different widths do not shift the bars; the draws sit under their header."""
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_value(pilot, app, "level", "word")  # untrained: its guesses are words of every length
        app.screen.set_param("prompt", "the neural network")
        await pilot.pause()
        rows = bar_rows(app)
        labels = {row.split()[0] for row in rows}
        assert len({len(label) for label in labels}) > 1  # labels of different widths…
        starts = {min(i for i, ch in enumerate(row) if ch in "█▏▎▍▌▋▊▉") for row in rows}
        assert len(starts) == 1  # …and every bar starts in the same column
        header = text_of(app, "#bars").splitlines()[1]
        assert header.rstrip().endswith("draws of 200")
        assert {len(row.rstrip()) for row in rows} == {len(header.rstrip())}  # counts end under it


async def test_the_embedding_map_puts_the_vowels_together(make_app):
    """After training, the 2-D projection of E (the engine's PCA) has the vowels closer to each
    other than to the consonants, on screen; the caption says each row has 10 numbers."""
    app = make_app("next-token")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await train_with_keys(pilot, app, 1500)
        await type_value(pilot, app, "view", "embed")
        view = app.screen.query_one("#view").region
        lines = screen_lines(app)[1 : view.bottom]
        assert any("row of E (10 numbers)" in line for line in lines)
        cells = {}
        for y, line in enumerate(lines):
            for x, ch in enumerate(line[:88]):
                if ch in "aeioutnsrhldcmwgpyfb" and (x == 0 or not line[x - 1].isalnum()) and not line[x + 1].isalnum():
                    cells.setdefault(ch, (x / 2, y))  # a cell is about twice as tall as wide
        vowels = [cells[c] for c in "aeiou" if c in cells]
        consonants = [cells[c] for c in "tnsrhldcmwgpyfb" if c in cells]
        assert len(vowels) >= 4 and len(consonants) >= 10

        def mean_distance(a, b):
            return np.mean([np.hypot(p[0] - q[0], p[1] - q[1]) for p in a for q in b if p is not q])

        assert mean_distance(vowels, vowels) < 0.7 * mean_distance(vowels, consonants)  # 0.93 with E drawn from N(0, 1)


async def test_the_picture_fills_120x36_and_fits_80x24(make_app):
    """At 120×36 no view leaves more than a quarter of the scene's rows blank; at 80×24 the
    status line and the whole of what is under it (the last things drawn) are on screen in every
    view, with the chart's y axis readable."""
    for size in ((120, 36), (80, 24)):
        app = make_app("next-token", reduced_motion=True)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for view in ("predict", "train", "embed"):
                app.screen.set_param("view", view)
                await pilot.pause()
                view_box = app.screen.query_one("#view").region
                rows = [line[view_box.x:view_box.right] for line in screen_lines(app)[view_box.y:view_box.bottom]]
                blank = sum(not row.strip() for row in rows)
                if size == (120, 36):
                    assert blank <= len(rows) / 4, (view, blank, len(rows))
                assert any(row.strip().startswith("step 0 · loss") for row in rows), view
                last = text_of(app, "#about").splitlines()[-1].split()[-1]
                assert rows[-1].strip().endswith(last) or rows[-2].strip().endswith(last), (view, last)
                if view == "train":
                    assert sum(bool(re.match(r"\s*\d+\.\d┤", row)) for row in rows) >= 2


async def test_parameter_count_next_to_gpt3(make_app):
    app = make_app("next-token")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.set_param("view", "train")
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
