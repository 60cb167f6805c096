"""Under a real pseudo-terminal: every way out ends the app promptly and restores the terminal."""

import os
import signal

import pytest

from tests.pty.term import Terminal

ALT_SCREEN_OFF = b"\x1b[?1049l"
CURSOR_SHOWN = b"\x1b[?25h"
MOUSE_OFF = b"\x1b[?1000l"


def assert_restored(term: Terminal) -> None:
    tail = term.output[-4000:]
    for seq in (ALT_SCREEN_OFF, CURSOR_SHOWN, MOUSE_OFF):
        assert seq in tail, seq
    assert b"Traceback" not in term.output


@pytest.mark.parametrize("how", ["q", "SIGTERM", "SIGHUP", "SIGINT"])
@pytest.mark.parametrize("scene", ["neuron", "next-token"])
def test_exits_promptly_and_restores_the_terminal(scene, how, tmp_path):
    term = Terminal(scene, env={"HOME": str(tmp_path)})
    try:
        assert term.wait_for(b"beat 1/"), term.output[-500:]
        if scene == "next-token":
            term.send(b"t")  # a training thread is running too
            term.read(0.5)
        if how == "q":
            term.send(b"q")
        else:
            os.kill(term.pid, getattr(signal, how))
        code = term.exited(5)
        assert code is not None, "still running 5 s later"
        assert code == (0 if how == "q" else 128 + getattr(signal, how))  # as a shell reports it
        if how != "SIGHUP":  # after a hang-up nobody is reading; what matters is the prompt exit
            assert_restored(term)
    finally:
        term.kill()


def test_q_quits_from_the_home_screen_and_the_help(tmp_path):
    term = Terminal(env={"HOME": str(tmp_path)})
    try:
        assert term.wait_for(b"scenes")
        term.send(b"?")
        term.read(0.5)
        term.send(b"\x1b")  # close the help
        term.read(0.5)
        term.send(b"q")
        assert term.exited(5) == 0
        assert_restored(term)
    finally:
        term.kill()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_a_signal_as_the_app_takes_the_terminal_still_restores_it(how, tmp_path):
    """The handlers are in place before the terminal is switched: a signal the moment it is (a
    kill at startup, a dropped connection) still ends the app the normal way."""
    term = Terminal("neuron", env={"HOME": str(tmp_path)})
    try:
        assert term.read_until(b"\x1b[?1049h")  # the alternate screen: the app has the terminal
        os.kill(term.pid, getattr(signal, how))
        assert term.exited(5) == 128 + getattr(signal, how)
        if how == "SIGTERM":
            assert_restored(term)
    finally:
        term.kill()


@pytest.mark.parametrize("how", ["q", "SIGTERM"])
def test_q_and_a_signal_end_a_steps_replay(how, tmp_path):
    """`--steps 100000` trains in a thread (~40 s here): q or a signal during it ends the app at once."""
    term = Terminal("network", "--steps", "100000", env={"HOME": str(tmp_path)})
    try:
        assert term.wait_for(b"Replaying"), term.output[-500:]
        if how == "q":
            term.send(b"q")
        else:
            os.kill(term.pid, signal.SIGTERM)
        code = term.exited(5)
        assert code == (0 if how == "q" else 128 + signal.SIGTERM), "still running 5 s later" if code is None else code
        assert_restored(term)
    finally:
        term.kill()
