"""Every scene, live in a pseudo-terminal, without colour (NO_COLOR) and with 16 colours
(TERM=linux): it starts, plays, and quits cleanly, with nothing crashing on the way."""

import re

import pytest

from nntui.scenes import built_scenes
from tests.conftest import shipped_talk
from tests.pty.term import Terminal


SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(output: bytes) -> list[bytes]:
    """The SGR sequences in `output` that set a colour: 30–37, 40–47, 90–97, 100–107 (16 colours),
    38;… and 48;… (256 colours and true colour). Resets (0, 39, 49) and bold, dim… are not colours."""
    found = []
    for match in SGR.finditer(output):
        codes = [int(c) for c in re.split(rb"[;:]", match.group(1)) if c]
        if any(c in (38, 48) or 30 <= c <= 37 or 40 <= c <= 47 or 90 <= c <= 97 or 100 <= c <= 107 for c in codes):
            found.append(match.group(0))
    return found


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "linux"}], ids=["no-color", "16-colours"])
@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
def test_scene_runs_without_colour(scene, env, tmp_path):
    term = Terminal(scene, "--no-questions", size=(80, 24), env={"HOME": str(tmp_path), **env})
    try:
        assert term.wait_for(b"beat 1/"), term.output[-300:]
        term.send(b" ")  # play
        term.read(0.4)
        for beat in (2, 3, 4):  # three beats on (every scene has more), each drawn before the next
            term.send(b"\x1b[6~")
            assert term.read_until(f"beat {beat}/".encode(), 10), term.output[-300:]
        term.send(b" ")  # pause
        term.send(b"q")
        assert term.exited(5) == 0
        assert b"Traceback" not in term.output and b"Error" not in term.output
        if "NO_COLOR" in env:
            assert not colour_codes(term.output), sorted(set(colour_codes(term.output)))[:5]
        else:  # 16 colours: colours, and only the 16 ones
            assert colour_codes(term.output) and b"\x1b[38;" not in term.output and b"\x1b[48;" not in term.output
    finally:
        term.kill()


LOCAL = {"SSH_CONNECTION": "", "SSH_TTY": ""}  # even if the tests themselves run over SSH


@pytest.mark.parametrize("env, args, tracking", [
    (LOCAL, [], True),
    ({"SSH_CONNECTION": "10.0.0.2 52000 10.0.0.1 22"}, [], False),
    ({"SSH_CONNECTION": "10.0.0.2 52000 10.0.0.1 22"}, ["--mouse", "on"], True),
    (LOCAL, ["--mouse", "off"], False),
], ids=["local", "ssh", "ssh-mouse-on", "mouse-off"])
def test_mouse_tracking_is_off_over_ssh(env, args, tracking, tmp_path):
    """Over SSH the terminal is not asked to report every mouse movement (any-event tracking)."""
    term = Terminal("neuron", *args, size=(80, 24), env={"HOME": str(tmp_path), **env})
    try:
        assert term.wait_for(b"beat 1/"), term.output[-300:]
        assert (b"\x1b[?1003h" in term.output) == tracking
        term.send(b"q")
        assert term.exited(5) == 0
    finally:
        term.kill()


def test_the_beat_is_on_screen_before_the_scene_is_loaded(tmp_path):
    """On a terminal, `nntui SCENE` first draws the beat's narration (no NumPy, no scene module
    needed), then the scene; PageDown pressed at once still counts."""
    title = shipped_talk()["neuron"][0].title.encode()
    term = Terminal("neuron", "--lang", "en", env={"HOME": str(tmp_path)})
    try:
        assert term.wait_for(title)
        term.send(b"\x1b[6~")  # PageDown, most likely while the scene is still loading
        assert term.wait_for(b"Parameters"), term.output[-500:]
        assert title in term.output[: term.output.index(b"Parameters")]
        assert term.wait_for(b"beat 2/")
        term.send(b"q")
        assert term.exited(5) == 0
    finally:
        term.kill()
