"""The `e` panel: the engine function behind the scene, highlighted, and below it the same
lines with this frame's numbers in place of the names (nntui.show_numpy). Escape or e closes;
the arrows and PageUp/PageDown scroll it at 80×24."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from nntui.i18n import _, translate_bindings
from nntui.show_numpy import NumpyView, substituted


class NumpyScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,e", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    NumpyScreen { align: center middle; }
    NumpyScreen > VerticalScroll { width: 96%; height: 90%; border: round $accent; background: $panel; padding: 0 1; }
    NumpyScreen .heading { color: $text-accent; text-style: bold; margin-top: 1; }
    """

    def __init__(self, view: NumpyView) -> None:
        super().__init__()
        translate_bindings(self)
        self.view = view

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = _("Show the NumPy")
            box.border_subtitle = _("e or Escape closes · ↑↓ scroll")
            yield Static(Text(self.view.name), classes="heading")
            yield Static(Syntax(self.view.source(), "python", theme="ansi_dark", background_color="default"), id="source")
            yield Static(Text(_("With this frame's numbers:")), classes="heading")
            yield Static(Text("\n".join(substituted(self.view)) or "—"), id="values")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
