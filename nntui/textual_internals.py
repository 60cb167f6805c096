"""The few Textual internals nntui still needs, in one place (written against Textual 8.2.8).

Textual has no public API for these; if a release renames one, tests/test_textual_internals.py
fails rather than a feature silently turning off (e.g. back-pressure on a slow link).
"""

from __future__ import annotations

from queue import Queue
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing this module does not import Textual (the CLI's --list stays light)
    from textual.binding import BindingsMap
    from textual.dom import DOMNode


def bindings(node: DOMNode) -> BindingsMap:
    """A node's own key bindings: Textual copies its class's into each node (translated there)."""
    return node._bindings


def driver(app):
    """The app's driver (None before it runs)."""
    return app._driver


def writer_queue(driver) -> Queue | None:
    """The queue of frames Textual's writer thread has yet to write; None for a driver without
    one (headless, web) or before the app takes the terminal."""
    return getattr(getattr(driver, "_writer_thread", None), "_queue", None)


def screen_update(app):
    """The current screen as one renderable, with the screens under it (what a screenshot draws)."""
    return app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


def send_no_colour(app) -> None:
    """Under NO_COLOR, Textual draws in greys (its Monochrome filter), which still sends colour
    codes; swap that filter for its NoColor one, which sends the terminal's default colours only."""
    from textual.filter import Monochrome, NoColor

    app._filters = [NoColor() if isinstance(f, Monochrome) else f for f in app._filters]


def timer_interval(timer) -> float:
    """The seconds between a repeating timer's ticks."""
    return timer._interval
