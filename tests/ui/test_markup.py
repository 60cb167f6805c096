"""Text from a user or a file is shown as written, never parsed as Rich/Textual markup: every
scene with a narration whose title and body hold markup, every text parameter set to markup,
and a typed value that is markup (the value editor's error echoes it)."""

import pytest

from nntui.narration import load_talk
from nntui.scenes import SceneParams, built_scenes
from tests.conftest import screen_lines, until

TITLE = "[link=https://example.com]x[/link] [x]"
BODY = "[bold]b[/] [x and [link=a:b]y"
TYPED = "[link=a:b]x"
SCENES = [s.id for s in built_scenes()]


@pytest.fixture
def markup_talk(tmp_path):
    folder = tmp_path / "en"
    folder.mkdir()
    for scene in SCENES:
        (folder / f"{scene}.toml").write_text(f"[[beat]]\ntitle = '{TITLE}'\ntext = '{BODY}'\n", encoding="utf-8")
    return load_talk(folder, SceneParams())


def literal(app, text: str) -> bool:
    return text in "\n".join(screen_lines(app))


@pytest.mark.parametrize("scene", SCENES)
async def test_markup_is_shown_literally(scene, markup_talk):
    from nntui.app import NNTuiApp

    app = NNTuiApp(scene, markup_talk, seed=0, reduced_motion=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert literal(app, TITLE) and literal(app, "[bold]b[/] [x")  # the narration's title and body
        for name, p in screen.params.items():
            if p.is_text:
                screen.set_param(name, TYPED + " [/]")
                await pilot.pause()
                assert literal(app, TYPED)
        number = next(i for i, p in enumerate(screen.PARAMS) if not p.is_text and not p.is_choice)
        screen.panel.select(number)
        before = dict(screen.values)
        screen.panel.focus()
        await pilot.press("equals_sign")
        assert await until(pilot, lambda: app.screen is not screen)
        editor = app.screen
        editor.query_one("#value").value = TYPED
        await pilot.press("enter")
        assert await until(pilot, lambda: literal(app, "needs a number"))
        assert literal(app, f"'{TYPED}") and app.screen is editor  # echoed as typed
        await pilot.press("escape")
        assert await until(pilot, lambda: app.screen is screen)
        assert screen.values == before  # the scene keeps its state
        screen.notify(f"toast {TYPED} [x")
        assert await until(pilot, lambda: literal(app, f"toast {TYPED} [x"))

