"""Prediction beats (ask, pick, reveal, tally, --no-questions) and the script validator's words
for a malformed `ask`; the engine-backed checks themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nntui.app import NNTuiApp
from nntui.narration import ScriptError, load_script, load_talk
from nntui.predictions import CHECKS
from nntui.scenes import SceneParams
from nntui.widgets.ask import AskBar
from tests.conftest import screen_lines

DESCENT_ASK = '''
[[beat]]
title = "Which way?"
text = "Guess before the step."
set = { preset = "{preset}" }
ask = { question = "After one more step, the loss…", choices = ["falls", "rises"], answer = "descent.loss-change" }

[[beat]]
title = "After"
text = "On we go."
'''


def script(tmp_path: Path, scene: str, body: str) -> Path:
    folder = tmp_path / "en"
    folder.mkdir(exist_ok=True)
    (folder / f"{scene}.toml").write_text(body, encoding="utf-8")
    return folder


def bar_text(app) -> str:
    return str(app.screen.query_one(AskBar).render())


@pytest.mark.parametrize("preset, key, right, verdict", [
    ("good", "a", 0, "✓ Right: a) falls"),      # a good rate: the loss falls
    ("diverge", "a", 1, "✗ Not this time: the answer is b) rises"),  # too large: it rises
])
async def test_a_prediction_beat_is_answered_through_the_keys(tmp_path, preset, key, right, verdict):
    folder = script(tmp_path, "descent", DESCENT_ASK.replace("{preset}", preset))
    app = NNTuiApp("descent", load_talk(folder, SceneParams()), seed=0, beat=1, reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "After one more step, the loss…" in bar_text(app) and "PgDn reveals" in bar_text(app)
        before = screen.model.path[-1][2]
        assert len(screen.model.path) == 1  # asked before the step: nothing has moved yet
        await pilot.press(key)
        await pilot.press("pagedown")  # reveals: the engine takes the step and decides
        await pilot.pause()
        assert screen.beat == 0 and len(screen.model.path) == 2
        after = screen.model.path[-1][2]
        assert (after > before) == (right == 1)
        text = bar_text(app)
        assert verdict in text
        assert f"{right == 0:d} of 1 right so far" in text
        assert app.tally == [int(right == 0), 1]
        await pilot.press("pagedown")  # answered: PageDown goes on
        await pilot.pause()
        assert screen.beat == 1 and not screen.query_one(AskBar).display


async def test_the_choice_keys_belong_to_the_question_only_while_it_is_open(tmp_path):
    folder = script(tmp_path, "neuron", '''
[[beat]]
title = "z?"
text = "What is z for the boating neuron?"
set = { preset = "boating" }
ask = { question = "z = w·x + b is…", choices = ["2", "4", "6"], answer = "neuron.z" }
''')
    app = NNTuiApp("neuron", load_talk(folder, SceneParams()), seed=0, beat=1, reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")  # the third choice, not the command dialog
        await pilot.press("right")  # moves the pick (wraps), not a parameter
        assert app.screen.asking.pick == 0 and app.screen.model.values["x1"] == -1
        await pilot.press("b", "pagedown")
        await pilot.pause()
        assert "✓ Right: b) 4 — z = 4" in bar_text(app)
        await pilot.press("c")  # answered: c is the command dialog again
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandScreen"


async def test_no_pick_reveals_without_scoring(tmp_path):
    folder = script(tmp_path, "descent", DESCENT_ASK.replace("{preset}", "good"))
    app = NNTuiApp("descent", load_talk(folder, SceneParams()), seed=0, beat=1, reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert "The answer: a) falls" in bar_text(app) and app.tally == [0, 0]


def test_no_questions_leaves_the_prediction_beats_out(tmp_path):
    folder = script(tmp_path, "descent", DESCENT_ASK.replace("{preset}", "good"))
    talk = load_talk(folder, SceneParams())
    assert [b.title for b in talk["descent"]] == ["Which way?", "After"]
    talk.questions = False
    assert [b.title for b in talk["descent"]] == ["After"]
    assert [b.title for b in talk.words("descent")] == ["After"]
    run = subprocess.run([sys.executable, "-m", "nntui", "descent", "--script", str(tmp_path), "--no-questions",
                          "--beat", "2", "--screenshot", str(tmp_path / "x.svg")], capture_output=True, text=True)
    assert run.returncode == 2 and "has 1 beats" in run.stderr  # counted without the question


@pytest.mark.parametrize("ask, problem", [
    ('"x"', "'ask' must be a table"),
    ('{ choices = ["1", "2"], answer = "neuron.z" }', "'ask.question' must be a non-empty string"),
    ('{ question = "?", choices = ["1"], answer = "neuron.z" }', "2 to 4 non-empty strings"),
    ('{ question = "?", choices = ["1", "1"], answer = "neuron.z" }', "lists a choice twice"),
    ('{ question = "?", choices = ["1", "2"], answer = "4" }', "must name an engine check"),
    ('{ question = "?", choices = ["1", "2"], answer = "descent.loss-change", hint = "x" }', "unknown key 'hint'"),
    ('{ question = "?", choices = ["1", "2"], answer = "descent.loss-change" }', "checks the descent scene, not neuron"),
    ('{ question = "?", choices = ["four", "2"], answer = "neuron.z" }', "every choice must be a number"),
    ('{ question = "?", choices = ["yes", "no", "maybe"], answer = "neuron.decision" }', "needs 2 choices, in this order: yes, no"),
])
def test_the_validator_names_file_beat_and_problem(tmp_path, ask, problem):
    folder = script(tmp_path, "neuron", f'[[beat]]\ntitle = "t"\ntext = "x"\n\n[[beat]]\ntitle = "q"\ntext = "x"\nask = {ask}\n')
    with pytest.raises(ScriptError) as err:
        load_script(folder / "neuron.toml", SceneParams()["neuron"], SceneParams())
    assert f"neuron.toml: beat 2: " in str(err.value) and problem in str(err.value)


def test_every_check_is_documented_and_belongs_to_a_scene():
    scenes = SceneParams()
    for name, check in CHECKS.items():
        assert name.startswith(check.scene + ".") and check.scene in scenes and check.doc
        assert check.kind in ("value", "outcome", "pick") and (check.kind != "outcome" or check.outcomes)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in CHECKS)


def test_shipped_scripts_ask_at_least_two_questions_in_every_scene_and_language():
    from nntui.narration import default_root, languages

    root = default_root()
    for lang in languages(root):
        talk = load_talk(root / lang, SceneParams())
        for scene in talk:
            asks = [b for b in talk[scene] if b.ask is not None]
            assert len(asks) >= 2, f"{lang}/{scene}.toml asks {len(asks)} questions"
