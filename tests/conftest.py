"""Shared fixtures: an app on a scene, with the shipped walkthrough, seeded, animation off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nntui.narration import default_root, load_talk
from nntui.scenes import SceneParams

ROOT = Path(__file__).resolve().parent.parent


def shipped_talk(lang: str = "en", questions: bool = False):
    """The shipped walkthrough. Without `questions` (the default here) its prediction beats
    are left out, as `--no-questions` does, so a test of something else counts beats as the
    issues quote them; the questions are tested in test_predictions and the talk walk."""
    talk = load_talk(default_root() / lang, SceneParams())
    talk.questions = questions
    return talk


@pytest.fixture
def make_app():
    from nntui.app import NNTuiApp

    def make(scene: str | None = "neuron", beat: int | None = None, reduced_motion: bool = False):
        return NNTuiApp(scene, shipped_talk(), seed=0, beat=beat, reduced_motion=reduced_motion)

    return make


# A number that is not one: a raw float leaking out, or format_number's words for nan and ±inf
# (no scene shows them as a value; a divergence is a labelled state instead).
NAN = re.compile(r"(?<![\w-])(nan|inf|-inf|undefined)(?![\w-])|∞", re.IGNORECASE)


def text_of(app, selector: str) -> str:
    """The text a widget of the current screen renders."""
    return str(app.screen.query_one(selector).render())


def screen_text(app) -> str:
    """Everything on screen, as the SVG screenshot has it (spaces unescaped)."""
    return app.export_screenshot().replace("&#160;", " ")


async def until(pilot, condition, seconds: float = 10.0) -> bool:
    """Let the app run until `condition()` holds (True) or `seconds` pass (False): for what the
    animation clock or a worker does in its own time, however busy the machine is."""
    from time import monotonic

    end = monotonic() + seconds
    while not condition():
        if monotonic() > end:
            return False
        await pilot.pause(0.05)
    return True


def screen_lines(app) -> list[str]:
    """Everything on screen as plain text, one string a row (no styles)."""
    import io

    from rich.console import Console

    from nntui.textual_internals import screen_update

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(screen_update(app))
    return console.export_text(styles=False).splitlines()
