"""The command line as a user runs it: a subprocess, its output and its exit code."""

import subprocess
import sys

import pytest

from nntui import __version__
from nntui.scenes import SCENES


def nntui(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "nntui", *args], capture_output=True, text=True, timeout=timeout)


def test_help():
    r = nntui("--help")
    assert r.returncode == 0
    for option in ("--list", "--seed", "--version", "--screenshot", "--beat", "--script", "--lang"):
        assert option in r.stdout


def test_version():
    r = nntui("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"nntui {__version__}"


def test_list_in_story_order_with_coming_marked():
    r = nntui("--list")
    assert r.returncode == 0
    lines = r.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == [
        "pixels", "tokens", "neuron", "sigmoid", "loss", "descent", "network", "next-token"
    ]
    by_id = {line.split()[0]: line for line in lines}
    assert "coming" not in by_id["neuron"] and "z = w·x + b" in by_id["neuron"]
    for s in SCENES:
        assert ("(coming)" in by_id[s.id]) == (not s.built)
    assert "\x1b" not in r.stdout  # no terminal UI


@pytest.mark.parametrize(
    "args, words",
    [
        (["nosuch"], ["unknown scene 'nosuch'", "neuron"]),
        (["--seed", "abc"], ["seed must be a whole number"]),
        (["--seed", "-3"], ["seed must be between"]),
        (["--bogus"], ["unrecognized arguments: --bogus"]),
        (["neuron", "--beat", "0"], ["beat counts from 1"]),
        (["neuron", "--beat", "99"], ["past the end"]),
        (["neuron", "--lang", "xx"], ["no walkthrough in language 'xx'", "en"]),
        (["neuron", "--script", "/no/such/dir"], ["no such folder"]),
        (["neuron", "--screenshot", "/no/such/dir/x.svg"], ["does not exist"]),
        (["neuron", "--screenshot", "x.svg", "--size", "big"], ["size must look like 100x30"]),
        (["--screenshot", "x.svg"], ["needs a SCENE"]),
    ],
)
def test_bad_input_is_one_line_exit_2(args, words):
    r = nntui(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nntui: error: ")
    for w in words:
        assert w in lines[0]


def test_coming_scene_is_refused():
    coming = [s.id for s in SCENES if not s.built]
    if not coming:
        pytest.skip("every scene is built")
    r = nntui(coming[0])
    assert r.returncode == 2 and "coming soon" in r.stderr


def test_screenshot_writes_svg_with_worked_numbers(tmp_path):
    out = tmp_path / "neuron.svg"
    r = nntui("neuron", "--screenshot", str(out), "--size", "100x30")
    assert r.returncode == 0, r.stderr
    svg = out.read_text()
    assert svg.startswith("<svg")
    # Textual writes spaces as &#160; in SVG text
    text = svg.replace("&#160;", " ")
    assert "z = " in text and "= 4" in text and "go boating" in text


def test_screenshot_at_a_beat(tmp_path):
    out = tmp_path / "lazy.svg"
    r = nntui("neuron", "--beat", "4", "--screenshot", str(out), "--size", "80x24")
    assert r.returncode == 0, r.stderr
    text = out.read_text().replace("&#160;", " ")
    assert "−4" in text and "stay home" in text


def test_bad_script_names_file_beat_and_problem(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "neuron.toml").write_text('[[beat]]\ntitle = "t"\ntext = "x"\nset = { w9 = 1 }\n')
    r = nntui("neuron", "--script", str(tmp_path))
    assert r.returncode == 2
    assert "neuron.toml: beat 1: unknown parameter 'w9'" in r.stderr
