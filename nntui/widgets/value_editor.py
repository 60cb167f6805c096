"""The two small dialogs over a scene: type an exact parameter value (`=`), and the command line
that reproduces the screen (`c`)."""

from __future__ import annotations

import shlex

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label
from textual.widgets.input import Selection

from nntui.i18n import _, translate_bindings
from nntui.linebreak import wrap
from nntui.widgets.panels import Fitted
from nntui.params import Param, Value


class ValueEditor(ModalScreen[Value | None]):
    """Type a value; Enter sets it if valid, else the error shows and the text stays; Escape cancels.
    The value starts selected, so what is typed replaces it, from the first key after `=` on: keys
    that come before the Input has its focus reach the screen, which types them into it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ValueEditor { align: center middle; }
    ValueEditor > Vertical {
        width: 50; height: auto; padding: 0 1;
        border: round $accent; background: $panel;
    }
    ValueEditor Label { width: 1fr; }  /* a long message wraps instead of running out of the box */
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
            yield Input(value=p.format(self.value), select_on_focus=False, id="value")
            yield Label(_("Enter sets · Escape cancels"), id="error", markup=False)  # it echoes what was typed

    def on_mount(self) -> None:
        box = self.query_one("#value", Input)
        box.selection = Selection(0, len(box.value))  # selected now, not on focus: type-ahead stays

    def on_key(self, event: events.Key) -> None:
        """A key typed before the Input has focus: into the Input, as if it had (Enter submits)."""
        box = self.query_one("#value", Input)
        if box.has_focus:
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if box.selection.is_empty:
                box.insert_text_at_cursor(event.character)
            else:
                box.replace(event.character, *box.selection)
        elif event.key == "enter":
            event.stop()
            box.action_submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            value = self.param.parse(event.value)
        except ValueError as e:
            self.query_one("#error", Label).update(f"✗ {e}")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def shell_rows(command: str, width: int) -> list[str]:
    """`command` in rows of at most `width` cells, broken between its words, each row but the last
    ending in ` \\`: copied together the rows are still one command for a shell. An option stays
    with its value (`--seed 0`); one wider than a row gets a row of its own; a trailing
    `  # comment` goes on rows of its own."""
    line, _sep, comment = command.partition("  # ")
    words: list[str] = []
    for word in (shlex.quote(w) for w in shlex.split(line)):
        if words and words[-1].startswith("-") and " " not in words[-1] and not word.startswith("-"):
            words[-1] += " " + word
        else:
            words.append(word)
    rows: list[str] = []
    for word in words:
        if rows and cell_len(rows[-1]) + 1 + cell_len(word) + 2 <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    rows = [row + " \\" for row in rows[:-1]] + rows[-1:]
    if comment:
        rows += ["# " + row.plain for row in wrap(Text(comment), max(1, width - 2))]
    return rows


class CommandText(Fitted):
    """The command, whole, wrapped between its words (see shell_rows)."""

    def __init__(self, command: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.command = command

    def layout_rows(self, width: int) -> list[Text]:
        return [Text(row) for row in shell_rows(self.command, width)]


class CommandScreen(ModalScreen[None]):
    """The command line that reproduces the screen, whole, on as many rows as it needs (broken
    between words, with `\\` at each row's end), for a terminal's selection to copy; Escape closes."""

    BINDINGS = [Binding("escape,c", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    CommandScreen { align: center middle; }
    CommandScreen > Vertical { width: 90%; height: auto; max-height: 90%; padding: 0 1; border: round $accent; background: $panel; }
    CommandScreen CommandText { margin: 1 0; color: $text-accent; }
    CommandScreen Label { width: 1fr; }
    """

    def __init__(self, command: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.command = command

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("Reproduce this screen")
            yield Label(_("Run this to get the same picture (copy it with your terminal's selection):"), markup=False)
            yield CommandText(self.command, id="command")
            yield Label(_("Escape closes"))
