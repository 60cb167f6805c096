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
        "pixels", "tokens", "neuron", "sigmoid", "loss", "descent", "network", "next-token", "attention"
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
        (["--talk", "nosuch"], ["no such talk", "lightning"]),
        (["--talk", "../en"], ["no such talk"]),
        (["--talk", "lightning", "--script", "."], ["give one"]),
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


def test_coming_scene_is_refused(monkeypatch, capsys):
    """A scene listed in the story but not built yet is refused with exit 2 (checked in-process,
    with one scene marked as coming, since every scene is built now)."""
    from nntui import cli
    from nntui.scenes import BY_ID

    monkeypatch.setitem(BY_ID["loss"].__dict__, "built", False)
    assert cli.main(["loss"]) == 2
    err = capsys.readouterr().err
    assert "scene 'loss' is coming soon" in err and "neuron" in err and "loss," not in err
    assert "(coming)" in cli.list_scenes().splitlines()[4]


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
    r = nntui("neuron", "--beat", "5", "--screenshot", str(out), "--size", "80x24")  # beat 4 asks first
    assert r.returncode == 0, r.stderr
    text = out.read_text().replace("&#160;", " ")
    assert "−4" in text and "stay home" in text


def test_bad_script_names_file_beat_and_problem(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "neuron.toml").write_text('[[beat]]\ntitle = "t"\ntext = "x"\nset = { w9 = 1 }\n')
    r = nntui("neuron", "--script", str(tmp_path))
    assert r.returncode == 2
    assert "neuron.toml: beat 1: unknown parameter 'w9'" in r.stderr


def truncated_png(path):
    """The first half of a real PNG: the header reads, the pixels do not."""
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(buf, "PNG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def huge_png(path):
    """A valid PNG header claiming 30000×30000 pixels (a decompression bomb), with no real data."""
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    data = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    path.write_bytes(data + b"\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_text("not a picture at all"), "not a picture Pillow can read"),
        (truncated_png, "cannot read the picture"),
        (huge_png, "too large to open safely"),
    ],
    ids=["missing", "text", "truncated-png", "huge"],
)
def test_bad_image_is_one_line_exit_2(tmp_path, make, words):
    path = tmp_path / "picture.png"
    make(path)
    r = nntui("pixels", "--image", str(path), "--screenshot", str(tmp_path / "out.svg"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("nntui: error: --image") and words in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.svg").exists()


def test_image_first_frame_of_gif_and_tiny_picture(tmp_path):
    from PIL import Image

    frames = [Image.new("RGB", (40, 30), c) for c in ((250, 10, 10), (10, 250, 10))]
    frames[0].save(tmp_path / "anim.gif", save_all=True, append_images=frames[1:])
    Image.new("RGBA", (1, 1), (10, 20, 250, 128)).save(tmp_path / "dot.png")
    for name, red in (("anim.gif", "R 250"), ("dot.png", "R 10")):
        out = tmp_path / f"{name}.svg"
        r = nntui("pixels", "--image", str(tmp_path / name), "--screenshot", str(out), "--size", "100x30")
        assert r.returncode == 0, r.stderr
        assert red in out.read_text().replace("&#160;", " ")


@pytest.mark.parametrize(
    "option, content, words",
    [
        ("--corpus", None, "no such file"),
        ("--corpus", b"\x00\x01binary\x00" * 20, "a binary file"),
        ("--corpus", b"", "too little text"),
        ("--corpus", b"hello", "too little text"),
        ("--weights", None, "no such file"),
        ("--weights", b"garbage, not a zip", "not an nntui weights file"),
    ],
)
def test_bad_corpus_and_weights_are_one_line_exit_2(tmp_path, option, content, words):
    path = tmp_path / "file"
    if content is not None:
        path.write_bytes(content)
    r = nntui("next-token", option, str(path), "--screenshot", str(tmp_path / "out.svg"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"nntui: error: {option}") and words in r.stderr
    assert not (tmp_path / "out.svg").exists()


def test_corpus_and_weights_work(tmp_path):
    import numpy as np

    from nntui.engine.lm import Config, LanguageModel

    text = "the cat sat on the mat. the dog sat on the log. " * 20
    (tmp_path / "c.txt").write_text(text)
    LanguageModel(text, Config("char", 3, 10, 32), np.random.default_rng(0)).save(tmp_path / "w.npz")
    out = tmp_path / "out.svg"
    r = nntui("next-token", "--corpus", str(tmp_path / "c.txt"), "--weights", str(tmp_path / "w.npz"),
              "--screenshot", str(out), "--size", "100x30")
    assert r.returncode == 0, r.stderr
    svg = out.read_text().replace("&#160;", " ")
    assert "hidden size" in svg and " 32" in svg


def big_file(path, size):
    with open(path, "wb") as f:
        f.truncate(size)  # sparse: huge on paper, nothing on disk


@pytest.mark.parametrize(
    "args, words",
    [
        (["pixels", "--image", "{tmp}"], "--image"),  # a folder where a file was expected
        (["next-token", "--corpus", "{tmp}"], "--corpus"),
        (["next-token", "--weights", "{tmp}"], "--weights"),
        (["next-token", "--weights", "{tmp}/huge.npz"], "too large for a weights file"),
        (["neuron", "--script", "{tmp}/talk"], "too large for a script"),
        (["neuron", "--script", "{tmp}/bad"], "invalid TOML"),
        (["neuron", "--screenshot", "/proc/nntui.svg"], "cannot write"),
        (["neuron", "--size", "10x3", "--screenshot", "x.svg"], "out of range"),
        (["--beat", "2"], "--beat needs a SCENE"),
    ],
)
def test_bad_input_matrix(tmp_path, args, words):
    big_file(tmp_path / "huge.npz", 200_000_000)
    (tmp_path / "talk" / "en").mkdir(parents=True)
    big_file(tmp_path / "talk" / "en" / "neuron.toml", 5_000_000)
    (tmp_path / "bad" / "en").mkdir(parents=True)
    (tmp_path / "bad" / "en" / "neuron.toml").write_text("[[beat]\ntitle = 'x'")
    r = nntui(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nntui: error: ") and words in lines[0]
    assert "Traceback" not in r.stderr
    assert not list(tmp_path.glob("*.svg")) and not list(tmp_path.glob(".*.part"))


def test_a_zh_locale_gives_the_chinese_walkthrough_and_interface(tmp_path):
    import os

    out = tmp_path / "zh.svg"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "zh_CN.UTF-8"}
    r = subprocess.run([sys.executable, "-m", "nntui", "neuron", "--screenshot", str(out)],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    svg = out.read_text(encoding="utf-8").replace("&#160;", " ")
    assert "要不要去划船" in svg  # the zh narration's first beat
    assert "播放" in svg and "参数" in svg and "去划船" in svg  # footer, panel, decision
    assert "Play" not in svg


@pytest.mark.parametrize("args", [["--web", "--po", "8123"], ["neuron", "--se", "3"]])
def test_abbreviated_options_are_refused(args):
    """`--po` is not taken for `--port` (each web tab would get the `--po` as typed and fail)."""
    r = nntui(*args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().startswith(f"nntui: error: unrecognized arguments: {args[-2]}")
