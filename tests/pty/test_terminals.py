"""Every scene, live in a pseudo-terminal, without colour (NO_COLOR) and with 16 colours
(TERM=linux): it starts, plays, and quits cleanly, with nothing crashing on the way."""

import pytest

from nntui.scenes import built_scenes
from tests.pty.term import Terminal


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "linux"}], ids=["no-color", "16-colours"])
@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
def test_scene_runs_without_colour(scene, env, tmp_path):
    term = Terminal(scene, size=(80, 24), env={"HOME": str(tmp_path), **env})
    try:
        assert term.wait_for(b"beat 1/"), term.output[-300:]
        for keys in (b" ", b"\x1b[6~", b"\x1b[6~", b"\x1b[6~", b" "):  # play, three beats on, pause
            term.send(keys)
            term.read(0.4)
        term.send(b"q")
        assert term.exited(5) == 0
        assert b"Traceback" not in term.output and b"Error" not in term.output
    finally:
        term.kill()
