"""What every screen shares, as a presenter meets it at 80×24: the key bar keeps the walkthrough's
and the scene's own keys, the narration is as tall as its text, toasts leave the narration alone,
`c` shows the command whole, keys typed right after `=` land in the editor, the palette lists the
scenes in story order, help lists nntui's keys only, a custom talk numbers its slides."""

import shlex

from textual import events

from nntui.app import NNTuiApp
from nntui.widgets.panels import NarrationPanel
from tests.conftest import screen_lines, shipped_talk, until


async def test_the_key_bar_at_80_columns_keeps_pgdn_and_the_scenes_own_keys(make_app):
    app = make_app("next-token", beat=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = screen_lines(app)[-1]
        for key in ("PgDn Next", "g Generate", "t Train", "? Help"):
            assert key in bar, bar
        await pilot.press("question_mark")  # what gave way is in the help
        await pilot.pause()
        assert "One step of the animation" in "\n".join(screen_lines(app))


async def test_the_narration_is_as_tall_as_its_text(make_app):
    app = make_app("neuron", beat=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heights = []
        for _beat in range(3):
            panel = app.screen.query_one(NarrationPanel)
            lines = screen_lines(app)[panel.region.y + 1 : panel.region.bottom - 1]  # inside the border
            assert lines and all(line.strip("│ ") for line in lines), lines  # no empty row
            heights.append(panel.region.height)
            await pilot.press("pagedown")
            await pilot.pause()
        assert min(heights) < 6  # the old fixed height: four rows of text, mostly two empty


async def test_a_toast_leaves_the_narration_and_the_key_bar_alone(make_app):
    app = make_app("neuron", beat=1)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        before = screen_lines(app)
        await pilot.press("R")  # "Scene reset to its defaults."
        assert await until(pilot, lambda: "Scene reset" in "\n".join(screen_lines(app)))
        after = screen_lines(app)
        panel = app.screen.query_one(NarrationPanel).region
        assert after[panel.y : ] == before[panel.y : ]  # narration and key bar as they were
        assert "Scene reset" in after[0]  # on the title bar's row


async def test_c_shows_the_whole_command_wrapped_for_copying():
    app = NNTuiApp("neuron", shipped_talk(), seed=0, beat=4, reduced_motion=True,
                   settings={"x1": 0.5, "w1": 2.5, "w2": -1.5, "w3": 4, "b": 0.5})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        command = app.screen.command_line()
        assert len(command) > 80
        await pilot.press("c")
        await pilot.pause()
        box = app.screen.query_one("#command").region
        rows = [line[box.x : box.right].rstrip() for line in screen_lines(app)[box.y : box.bottom]]
        assert len(rows) > 1 and all(row.endswith(" \\") for row in rows[:-1])
        copied = " ".join(row.removesuffix(" \\").strip() for row in rows)  # as a terminal selection pastes it
        assert shlex.split(copied) == shlex.split(command)


async def test_keys_typed_right_after_equals_land_in_the_editor(make_app):
    app = make_app("neuron", beat=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # x1
        scene = app.screen
        for key, ch in (("equals_sign", "="), ("3", "3"), ("full_stop", "."), ("5", "5")):  # one burst:
            app.post_message(events.Key(key, ch))  # the keys arrive before the editor has opened
        await pilot.pause()
        assert app.screen is not scene and app.screen.query_one("#value").value == "3.5"
        await pilot.press("enter")
        assert await until(pilot, lambda: app.screen is scene)
        assert scene.values["x1"] == 3.5 and app.store["neuron"] is scene.model  # no jump to scene 3 or 5


async def test_the_palette_lists_the_scenes_in_story_order(make_app):
    app = make_app("neuron", beat=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        text = lambda: "\n".join(screen_lines(app))  # noqa: E731
        assert await until(pilot, lambda: "attention" in text())
        listed = [line.split(":")[1].strip() for line in text().splitlines() if "Go to scene" in line]
        assert listed[:4] == ["pixels", "tokens", "neuron", "sigmoid"]


async def test_help_lists_only_nntuis_keys(make_app):
    app = make_app("next-token", beat=1)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Focus Previous" not in text and "Copy selected text" not in text
        for words in ("Switch focus: the prompt", "Append one sampled token", "Next beat of the walkthrough",
                      "Quit nntui", "Go to scene 1: pixels", "Command palette"):
            assert words in text, words


async def test_a_custom_talk_numbers_its_own_slides():
    from nntui.cli import build_parser, load_talk

    talk, lang, order, source = load_talk(build_parser().parse_args(["--talk", "lightning"]))
    app = NNTuiApp(order.scenes[0], talk, order=order, source=source, lang=lang, beat=1, reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Next token — slide 1/8" in screen_lines(app)[0]
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "The neuron — slide 3/8" in screen_lines(app)[0]
