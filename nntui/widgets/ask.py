"""The question of a prediction beat: its choices, the viewer's pick, and then the verdict.

The bar takes the focus while a question is open, so its keys (a–d pick, ←→ move the pick)
come before the scene's; PageDown reveals (the screen asks the engine), and the bar then shows
whether the pick was right, with the numbers that decide it, and the session's tally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from nntui.i18n import _, translate_bindings
from nntui.predictions import Ask, Verdict

LETTERS = "abcd"


@dataclass
class Asking:
    """A question on screen: what the engine noted on asking, the pick, and the verdict."""

    ask: Ask
    before: Any = None
    pick: int | None = None
    verdict: Verdict | None = None


class AskBar(Static, can_focus=True):
    DEFAULT_CSS = """
    AskBar { height: auto; max-height: 4; padding: 0 1; background: $boost; display: none; }
    AskBar:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("a", "pick(0)", "Pick", key_display="a–d", tooltip="Pick an answer (then PgDn reveals)"),
        Binding("b", "pick(1)", "Pick b", show=False),
        Binding("c", "pick(2)", "Pick c", show=False),
        Binding("d", "pick(3)", "Pick d", show=False),
        Binding("left,h", "move(-1)", "Previous answer", show=False),
        Binding("right,l", "move(1)", "Next answer", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.asking: Asking | None = None

    def show(self, asking: Asking | None, tally: tuple[int, int] = (0, 0)) -> None:
        self.asking = asking
        self.display = asking is not None
        if asking is not None:
            self.update(self.words(asking, tally))

    def words(self, asking: Asking, tally: tuple[int, int]) -> Text:
        ask, verdict = asking.ask, asking.verdict
        text = Text()
        text.append("? ", style="bold")
        text.append(ask.question, style="bold")  # a script's words: never markup
        text.append("\n")
        for i, choice in enumerate(ask.choices):
            style = "reverse" if i == asking.pick else ""
            if verdict is not None and i == verdict.right:
                style += " bold underline"
            text.append(f" {LETTERS[i]}) {choice} ", style=style.strip())
            text.append("  ")
        if verdict is None:
            text.append(_("· {keys} pick, PgDn reveals").format(keys=f"a–{LETTERS[len(ask.choices) - 1]}"), style="dim")
            return text
        right = f"{LETTERS[verdict.right]}) {ask.choices[verdict.right]}"
        text.append("\n")
        if asking.pick is None:
            text.append(_("The answer: {right}").format(right=right), style="bold")
        elif asking.pick == verdict.right:
            text.append("✓ " + _("Right: {right}").format(right=right), style="bold")
        else:
            text.append("✗ " + _("Not this time: the answer is {right}").format(right=right), style="bold")
        text.append(f" — {verdict.numbers} · ")
        text.append(_("{right} of {asked} right so far").format(right=tally[0], asked=tally[1]), style="dim")
        return text

    def action_pick(self, index: int) -> None:
        asking = self.asking
        if asking is None or asking.verdict is not None or index >= len(asking.ask.choices):
            return
        asking.pick = index
        self.refresh_words()

    def action_move(self, delta: int) -> None:
        asking = self.asking
        if asking is not None and asking.verdict is None:
            start = asking.pick if asking.pick is not None else (-1 if delta > 0 else 0)
            self.action_pick((start + delta) % len(asking.ask.choices))

    def refresh_words(self) -> None:
        self.show(self.asking, self.app.tally)
