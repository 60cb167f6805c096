"""Walkthrough scripts: the shipped ones load, and every malformed one is refused clearly."""

from pathlib import Path

import pytest

from nntui.narration import ScriptError, Talk, default_language, load_order, load_script, load_talk
from nntui.params import Param
from tests.conftest import shipped_talk

PARAMS = {
    "w1": Param("w1", "weight", 1.0, -10, 10, 0.1),
    "activation": Param("activation", "activation", "step", choices=("step", "sigmoid")),
}


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "neuron.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_neuron_script():
    beats = shipped_talk()["neuron"]
    assert 5 <= len(beats) <= 8
    assert beats[0].settings == {"preset": "boating"}
    assert any(b.play for b in beats)


def test_good_script(tmp_path):
    beats = load_script(write(tmp_path, """
[[beat]]
title = "One"
text = "Some *markdown*."
set = { w1 = 2.5, activation = "sigmoid" }
play = true

[[beat]]
title = "Two"
text = "More."
"""), PARAMS)
    assert [b.title for b in beats] == ["One", "Two"]
    assert beats[0].settings == {"w1": 2.5, "activation": "sigmoid"} and beats[0].play
    assert beats[1].settings == {} and not beats[1].play


@pytest.mark.parametrize(
    "body, problem",
    [
        ("[[beat]\ntitle = 'x'", "invalid TOML"),
        ("", "no beats"),
        ("title = 'x'", "unknown key 'title'"),
        ("[[beat]]\ntitle = 'x'\ntext = 'y'\ncolour = 'red'", "beat 1: unknown key 'colour'"),
        ("[[beat]]\ntext = 'y'", "beat 1: 'title' must be a non-empty string"),
        ("[[beat]]\ntitle = 'x'\ntext = 'y'\nset = { w7 = 1 }", "beat 1: unknown parameter 'w7'"),
        ("[[beat]]\ntitle = 'x'\ntext = 'y'\n[[beat]]\ntitle = 'x'\ntext = 'y'\nset = { w1 = 11 }",
         "beat 2: w1 = 11 is out of range"),
        ("[[beat]]\ntitle = 'x'\ntext = 'y'\nset = { w1 = 'big' }", "w1 needs a number"),
        ("[[beat]]\ntitle = 'x'\ntext = 'y'\nset = { activation = 'swish' }", "activation must be one of: step, sigmoid"),
        ("[[beat]]\ntitle = 'x'\ntext = 'y'\nplay = 'yes'", "'play' must be true or false"),
    ],
)
def test_malformed_scripts_name_file_beat_and_problem(tmp_path, body, problem):
    path = write(tmp_path, body)
    with pytest.raises(ScriptError) as err:
        load_script(path, PARAMS)
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_unknown_scene_file(tmp_path):
    (tmp_path / "blender.toml").write_text("[[beat]]\ntitle = 'x'\ntext = 'y'\n")
    with pytest.raises(ScriptError, match="unknown scene 'blender'"):
        load_talk(tmp_path, {"neuron": PARAMS})


def test_language_from_locale(tmp_path, monkeypatch):
    for lang in ("en", "zh"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "neuron.toml").touch()  # a language is a folder of scripts
    (tmp_path / "talks").mkdir()  # …so a folder of talks is not one
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_language(tmp_path) == "zh"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert default_language(tmp_path) == "en"
    from nntui.narration import languages

    assert languages(tmp_path) == ["en", "zh"]


BUILT = ["pixels", "neuron", "descent"]


def test_a_talk_without_a_running_order_follows_the_story(tmp_path):
    assert load_order(tmp_path, BUILT) == Talk(tuple(BUILT))


def test_a_talk_file_reorders_and_titles(tmp_path):
    (tmp_path / "talk.toml").write_text('title = "Quick"\nscenes = ["descent", "neuron"]\n', encoding="utf-8")
    assert load_order(tmp_path, BUILT) == Talk(("descent", "neuron"), "Quick")


@pytest.mark.parametrize("body, words", [
    ('scenes = ["neuron", "nosuch"]', "unknown scene 'nosuch'"),
    ('scenes = ["neuron", "neuron"]', "listed twice"),
    ('scenes = []', "'scenes' must be a list"),
    ('scenes = "neuron"', "'scenes' must be a list"),
    ('scenes = ["neuron"]\norder = 1', "unknown key 'order'"),
    ('title = 3\nscenes = ["neuron"]', "'title' must be a string"),
    ('scenes = [', "invalid TOML"),
])
def test_a_bad_talk_file_is_refused(tmp_path, body, words):
    (tmp_path / "talk.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ScriptError, match=words) as e:
        load_order(tmp_path, BUILT)
    assert "talk.toml" in str(e.value)


def test_every_shipped_talk_loads_in_every_language():
    from nntui.narration import languages, talks_root
    from nntui.scenes import SceneParams

    scenes = SceneParams()
    for root in talks_root().iterdir():
        order = load_order(root, list(scenes))
        for lang in languages(root):
            talk = load_talk(root / lang, scenes)
            assert set(order.scenes) <= set(talk), (root.name, lang)
