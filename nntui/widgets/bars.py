"""The two one-line bars around every screen: the title bar on top and the key bar below.

Each is one widget drawing one line. Textual's Header and Footer build a widget per part (the
Footer one per key: with ten keys that is ~1.5 MB of resident memory, a sixth of all the app adds
to a bare Textual app), and the Header fills in its title from a task that, when the app quits
the moment a screen mounts, finds the title widget already gone and prints a traceback.

The key bar shows the keys that work now, `key Description` each, most needed first: the
walkthrough's (PgDn), then the keys the scene (or its focused picture) declares itself (g, t,
the cursor), then the keys every scene shares (play, step, select, nudge, type). The app's own
keys (Quit, Help) and the command palette's stay at the right end, so `? Help` is on screen at
80 columns too; when the others do not fit, the last ones give way to `…`, which says that the
help screen lists more. A click on a key presses it (the mouse is a bonus).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

ICON = "◆"
FIRST = ("app.next_beat",)  # the walkthrough's key, before any other


def declared_by(node, binding: Binding) -> bool:
    """Is `binding` one that the node's own class declares (not one it inherits)?"""
    own = type(node).__dict__.get("BINDINGS", ())
    return any((b.action if isinstance(b, Binding) else b[1]) == binding.action for b in own)


class Key(NamedTuple):
    key: str  # the key as bound, which a click presses
    display: str  # as shown, e.g. "PgDn"
    description: str
    enabled: bool


class KeyBar(Widget):
    """The keys of the focused widget, its screen and the app, from the screen's active bindings."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-description-foreground; }
    KeyBar > .keybar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .keybar--disabled { color: $text-disabled; }
    KeyBar > .keybar--edge { color: $foreground 20%; }
    """
    COMPONENT_CLASSES = {"keybar--key", "keybar--disabled", "keybar--edge"}
    ALLOW_SELECT = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.left: list[Key] = []  # the focused widget's and the screen's keys
        self.right: list[Key] = []  # the app's, and the command palette's last
        self.spans: list[tuple[int, int, str]] = []  # (first column, end column, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.read_keys)

    def bindings_changed(self, screen: Screen) -> None:
        # While the terminal has lost focus nothing is focused: keep the keys of the last focus.
        if self.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self.read_keys)

    def read_keys(self) -> None:
        """The keys shown (`show=True`), the first key of each action, as Textual's Footer does."""
        if not self.is_attached:  # its screen went while the read waited for a refresh
            return
        left, right, actions = [], [], set()
        active = self.screen.active_bindings
        for node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            if node is self.app:
                right.append(self.key_of(binding, enabled))
            else:
                rank = 0 if binding.action in FIRST else 1 if declared_by(node, binding) else 2
                left.append((rank, len(left), self.key_of(binding, enabled)))
        left = [key for _rank, _n, key in sorted(left)]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            right.append(self.key_of(binding, enabled))
        if (left, right) != (self.left, self.right):
            self.left, self.right = left, right
            self.refresh()

    def key_of(self, binding: Binding, enabled: bool) -> Key:
        return Key(binding.key, self.app.get_key_display(binding), binding.description, enabled)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        off = self.get_component_rich_style("keybar--disabled")
        width = self.size.width
        # Two spaces between keys; one when they do not all fit (80 columns).
        compact = sum(cell_len(k.display) + cell_len(k.description) + 3 for k in self.left + self.right) + 2 > width

        def item(key: Key) -> Text:
            text = Text("" if compact else " ")
            text.append(key.display, off if not key.enabled else key_style)
            text.append(f" {key.description} ", off if not key.enabled else "")
            return text

        right = [item(k) for k in self.right]
        right_len = sum(t.cell_len for t in right) + (1 if right else 0)
        line, spans = Text(" " if compact else "", no_wrap=True), []
        for key in self.left:
            piece = item(key)
            if line.cell_len + piece.cell_len > width - right_len - 1:
                line.append("…", off)
                break
            spans.append((line.cell_len, line.cell_len + piece.cell_len, key.key))
            line.append_text(piece)
        line.pad_right(max(0, width - right_len - line.cell_len))
        if right:
            line.append("▏", self.get_component_rich_style("keybar--edge"))
        for key, piece in zip(self.right, right):
            spans.append((line.cell_len, line.cell_len + piece.cell_len, key.key))
            line.append_text(piece)
        self.spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                break


class TitleBar(Widget):
    """◆ and the screen's title — sub-title (or the app's), centred; redrawn when they change."""

    DEFAULT_CSS = "TitleBar { dock: top; height: 1; background: $panel; color: $foreground; }"
    ALLOW_SELECT = False

    def on_mount(self) -> None:
        for obj in (self.screen, self.app):
            self.watch(obj, "title", self.title_changed, init=False)
            self.watch(obj, "sub_title", self.title_changed, init=False)

    def title_changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        screen, app = self.screen, self.app
        title = Text(screen.title if screen.title is not None else app.title)
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        if sub_title:
            title.append(" — " + sub_title, "dim")
        line = Text(f" {ICON}", no_wrap=True, overflow="ellipsis")
        line.pad_right(max(1, (self.size.width - title.cell_len) // 2 - line.cell_len))
        line.append_text(title)
        return line
