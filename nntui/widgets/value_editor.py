"""A small dialog to type an exact parameter value."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from nntui.i18n import _, translate_bindings
from nntui.params import Param, Value


class ValueEditor(ModalScreen[Value | None]):
    """Type a value; Enter sets it if valid, else the error shows and the text stays; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ValueEditor { align: center middle; }
    ValueEditor > Vertical {
        width: 50; height: auto; padding: 0 1;
        border: round $accent; background: $panel;
    }
    ValueEditor #error { color: $text-error; height: auto; }
    """

    def __init__(self, param: Param, value: Value) -> None:
        super().__init__()
        translate_bindings(self)
        self.param = param
        self.value = value

    def compose(self) -> ComposeResult:
        p = self.param
        with Vertical() as box:
            box.border_title = _("Set {name}").format(name=p.name)
            yield Label(f"{_(p.label)}: {p.describe()}", markup=False)
            yield Input(value=p.format(self.value), select_on_focus=True, id="value")
            yield Label(_("Enter sets · Escape cancels"), id="error", markup=False)  # it echoes what was typed

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            value = self.param.parse(event.value)
        except ValueError as e:
            self.query_one("#error", Label).update(f"✗ {e}")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CommandScreen(ModalScreen[None]):
    """The command line that reproduces the screen, selected for copying; Escape closes."""

    BINDINGS = [Binding("escape,c", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    CommandScreen { align: center middle; }
    CommandScreen > Vertical { width: 90%; height: auto; padding: 0 1; border: round $accent; background: $panel; }
    """

    def __init__(self, command: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.command = command

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("Reproduce this screen")
            yield Label(_("Run this to get the same picture (copy it with your terminal's selection):"), markup=False)
            yield Input(value=self.command, select_on_focus=True, id="command")
            yield Label(_("Escape closes"))
