"""The Textual internals nntui reaches into (nntui/textual_internals.py) are still where it
expects them: if a Textual release moves one, this fails instead of a feature going quiet."""

import io

from textual.app import App
from textual.binding import BindingsMap
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from nntui import terminal, textual_internals
from tests.conftest import screen_lines


async def test_bindings_driver_screen_and_timer_on_a_running_app(make_app):
    app = make_app("neuron")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        own = textual_internals.bindings(app.screen)
        assert isinstance(own, BindingsMap) and "space" in own.key_to_bindings  # the scene's, e.g. play
        assert "3" in textual_internals.bindings(app).key_to_bindings  # the digit keys
        assert textual_internals.driver(app) is not None and textual_internals.driver(app).is_headless
        assert any("The neuron" in line for line in screen_lines(app))
        timer = app.set_interval(0.125, lambda: None, pause=True)
        assert textual_internals.timer_interval(timer) == 0.125


async def test_back_pressure_sees_the_writer_threads_queue():
    """The terminal driver keeps a writer thread whose queue nntui counts (terminal.backed_up)."""
    driver = LinuxDriver(App())
    assert "_writer_thread" in vars(driver)  # set when the app takes the terminal
    assert textual_internals.writer_queue(driver) is None  # none yet: nothing waits
    driver._writer_thread = writer = WriterThread(io.StringIO())  # as start_application_mode does; not started
    queue = textual_internals.writer_queue(driver)
    assert queue is not None and terminal.pending_writes(driver) == 0 and not terminal.backed_up(driver)
    for n in range(terminal.PENDING_WRITES):
        writer.write(f"frame {n}")  # nothing takes them out: a link that does not keep up
    assert terminal.pending_writes(driver) == terminal.PENDING_WRITES and terminal.backed_up(driver)


def test_no_color_sends_no_colour_codes(monkeypatch):
    """Textual's NO_COLOR filter (greys) is swapped for the one that drops colour altogether."""
    from textual.filter import Monochrome, NoColor

    from nntui.app import NNTuiApp

    monkeypatch.setenv("NO_COLOR", "1")
    filters = NNTuiApp("neuron")._filters
    assert any(isinstance(f, NoColor) for f in filters) and not any(isinstance(f, Monochrome) for f in filters)
