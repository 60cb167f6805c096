"""Presenter tools: --set, the `c` command line, the `s` screenshot, --clock, custom talks."""

import shlex
import subprocess
import sys

import pytest

from nntui.app import NNTuiApp
from nntui.cli import parse_settings
from nntui.scenes import built_scenes
from tests.conftest import screen_lines, screen_text, shipped_talk, text_of, until


def test_set_is_checked_like_a_script():
    assert parse_settings("neuron", ["w1=2.5", "activation=relu"]) == {"w1": 2.5, "activation": "relu"}
    for bad, words in (["w9=1"], "no parameter 'w9'"), (["w1=99"], "out of range"), (["w1"], "NAME=VALUE"):
        r = subprocess.run([sys.executable, "-m", "nntui", "neuron", "--set", *bad], capture_output=True, text=True)
        assert r.returncode == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1


async def test_set_applies_after_the_beat():
    app = NNTuiApp("neuron", shipped_talk(), beat=4, settings={"w2": 4.0})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        v = app.screen.values
        assert v["preset"] == "lazy" and v["w1"] == 2 and v["w2"] == 4  # beat 4's lazy person, then --set
        assert "= −2 − 4 + 3 + 1 = −2" in text_of(app, "#arithmetic")


async def test_c_shows_a_command_that_reproduces_the_screen(make_app):
    app = make_app("neuron", beat=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "j", "shift+left", "shift+left")  # w2: 6 → 4
        await pilot.press("c")
        await pilot.pause()
        command = app.screen.query_one("#command").command
        before = dict(app.store["neuron"].values)
    args = shlex.split(command)
    assert args[:2] == ["nntui", "neuron"] and "--beat" in args and "w2=4" in args
    start = args.index("--beat")
    again = NNTuiApp("neuron", shipped_talk(), seed=int(args[args.index("--seed") + 1]), beat=int(args[start + 1]),
                     settings=parse_settings("neuron", [a for i, a in enumerate(args) if i and args[i - 1] == "--set"]))
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.store["neuron"].values == before


async def test_s_saves_a_screenshot(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app("neuron")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    (svg,) = tmp_path.glob("nntui-neuron-*.svg")
    assert "go boating" in svg.read_text().replace("&#160;", " ")


async def test_clock_in_the_header():
    app = NNTuiApp("neuron", shipped_talk(), clock=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "⏱ 00:0" in app.screen.sub_title and "beat 1/" in app.screen.sub_title


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_lightning_talk_reorders_the_scenes(lang):
    """`--talk lightning`: PageDown alone from the menu walks its scenes in its own order, in
    either language, and `c` names the talk so a viewer gets the same beats."""
    from nntui import i18n
    from nntui.cli import build_parser, load_talk

    talk, lang, order, source = load_talk(build_parser().parse_args(["--talk", "lightning", "--lang", lang]))
    assert order.scenes == ("next-token", "neuron", "descent", "network")
    app = NNTuiApp(None, talk, order=order, source=source, lang=lang, reduced_motion=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert order.title in screen_text(app)  # the menu names the talk
            visited = []
            for _step in range(30):
                await pilot.press("pagedown")
                await pilot.pause()
                where = (app.screen.SCENE_ID, app.screen.beat)
                if visited and where == visited[-1]:
                    break
                visited.append(where)
            assert visited == [(s, i) for s in order.scenes for i in range(len(talk[s]))]
            assert len(visited) == 8
            await pilot.press("c")
            await pilot.pause()
            command = shlex.split(app.screen.query_one("#command").command)
            assert command[command.index("--talk") + 1] == "lightning" and command[command.index("--lang") + 1] == lang
    finally:
        i18n.use("en")


TRAINS = {"loss", "descent", "attention"}  # '.' is one training step there (network's beat 3 walks a pass)


async def command_and_screen(argv: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
    """Start `nntui ARGV` (animation off), press `keys`, then `c`: the command it shows, and the
    screen it was shown for."""
    from nntui.cli import build_parser, make_app

    app = make_app(build_parser().parse_args([*argv, "--no-animation", "--no-questions"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert await until(pilot, lambda: not app.replaying(), 120)  # --steps, trained in a thread
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        command = shlex.split(app.screen.query_one("#command").command)
        await pilot.press("escape")
        await pilot.pause()
        return command, screen_lines(app)


@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
async def test_c_reproduces_the_screen_exactly(scene):
    """Step into a beat, change a parameter, train a little; the command `c` shows, run as a new
    app, draws the very same screen (animation off in both, so nothing is mid-move)."""
    # "k" selects the first row again: which row is selected is not part of the picture
    keys = ["pagedown", "pagedown", "j", "right", *("..." if scene in TRAINS else ""), "k"]
    command, before = await command_and_screen([scene, "--seed", "3"], keys)
    assert command[:2] == ["nntui", scene]
    assert (await command_and_screen(command[1:], []))[1] == before, shlex.join(command)


@pytest.mark.parametrize("scene, keys", [("sigmoid", "4"), ("loss", "5...")])
async def test_c_carries_the_shared_neuron(scene, keys):
    """The neuron's weights changed in its own scene, then the sigmoid (or trained loss) scene:
    `c` writes `--set neuron.…` (and --steps), and the new app shows the same screen."""
    keys = ["j", "j", "j", "j", "shift+right", "right", *keys]  # w1: 1 → 2.1
    command, before = await command_and_screen(["neuron"], keys)
    assert "neuron.w1=2.1" in command and command[1] == scene
    assert (await command_and_screen(command[1:], []))[1] == before, shlex.join(command)
