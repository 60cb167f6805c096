"""The parameter panel and the narration panel every scene shows."""

from __future__ import annotations

import re
from typing import Mapping

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget

from nntui.i18n import _, choice, pad
from nntui.linebreak import wrap
from nntui.narration import Beat
from nntui.params import Param, Value


def visible_text(text: str, width: int) -> str:
    """Text for one line of a panel: control characters shown as symbols, cut with '…'."""
    shown = "".join(c if c.isprintable() else {"\n": "⏎", "\t": "⇥"}.get(c, "�") for c in text)
    line = Text(shown)
    line.truncate(width, overflow="ellipsis")
    return line.plain


class ParamPanel(Widget):
    """One row a parameter: a marker on the selected one, its label and its value."""

    DEFAULT_CSS = """
    ParamPanel {
        border: round $primary;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ParamPanel:focus { border: round $accent; }
    ParamPanel > .param--selected { background: $accent 30%; text-style: bold; }
    ParamPanel > .param--value { color: $text-accent; }
    """
    COMPONENT_CLASSES = {"param--selected", "param--value"}
    can_focus = True  # focused, the screen's keys select and nudge; a scene may focus its picture

    def __init__(self, params: tuple[Param, ...], values: Mapping[str, Value], **kwargs) -> None:
        super().__init__(**kwargs)
        self.params = params
        self.values = values
        self.selected = 0
        self.border_title = _("Parameters")

    def render(self) -> Text:
        labels = [_(p.label) for p in self.params]
        width = max((cell_len(label) for label in labels), default=0)
        value_style = self.get_component_rich_style("param--value", partial=True)
        lines = []
        for i, p in enumerate(self.params):
            arrows = "◂▸" if p.is_choice else "−+"
            shown = p.format(self.values[p.name])
            if p.is_text:
                arrows, shown = "= ", visible_text(shown, 7)
            elif p.is_choice:
                shown = choice(shown)  # in the reader's language
            row = Text.assemble(
                ("▶ " if i == self.selected else "  "),
                pad(labels[i], width) + " ",
                (pad(shown, 7, ">"), value_style),
                f" {arrows}" if i == self.selected else "",
            )
            if i == self.selected:
                row.stylize(self.get_component_rich_style("param--selected", partial=True))
            lines.append(row)
        text = Text("\n").join(lines)
        text.no_wrap, text.overflow = True, "ellipsis"
        return text

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.params)

    def refresh_rows(self, *indices: int) -> None:
        """Repaint only these rows (a value or the selection changed): a few bytes, not the panel."""
        width = self.size.width  # regions are in content coordinates (inside border and padding)
        for i in set(indices):
            self.refresh(Region(0, i, width, 1))

    def select(self, index: int) -> None:
        before, self.selected = self.selected, index
        self.refresh_rows(before, index)


INLINE = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|`([^`]+)`")


def prose(source: str) -> Text:
    """The narration's small Markdown as styled text: paragraphs (a blank line between),
    **bold**, *italic*, `code` and "- " bullets. (Textual's Markdown widget would cost a parser
    and a widget per paragraph on every beat; a beat is a few sentences.)"""
    text = Text()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source.strip()) if p.strip()]
    for n, paragraph in enumerate(paragraphs):
        if n:
            text.append("\n\n")
        lines: list[str] = []
        for line in (line.strip() for line in paragraph.splitlines()):
            if line.startswith(("- ", "* ")):  # a bullet: a line of its own
                lines.append("• " + line[2:])
            elif lines and not lines[-1].startswith("• "):  # prose: a paragraph's lines run together
                lines[-1] += " " + line
            else:
                lines.append(line)
        body = "\n".join(lines)
        at = 0
        for m in INLINE.finditer(body):
            text.append(body[at : m.start()])
            bold, italic, code = m.groups()
            text.append(bold or italic or code, "bold" if bold else "italic" if italic else "reverse")
            at = m.end()
        text.append(body[at:])
    return text


class Fitted(Widget):
    """Text broken into rows by `layout(width)` (a subclass's), as tall as that makes it: the
    widget draws exactly those rows, so no row is cut or wrapped again."""

    DEFAULT_CSS = "Fitted { height: auto; text-wrap: nowrap; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cache: tuple[int, list[Text]] | None = None  # (width, rows)

    def layout_rows(self, width: int) -> list[Text]:
        """The rows at `width` cells."""
        raise NotImplementedError

    def changed(self) -> None:
        """What it shows changed: lay it out again."""
        self.cache = None
        self.refresh(layout=True)

    def rows(self, width: int) -> list[Text]:
        if self.cache is None or self.cache[0] != width:
            self.cache = width, self.layout_rows(width)
        return self.cache[1]

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.rows(width)))

    def render(self) -> Text:
        text = Text("\n").join(self.rows(self.content_size.width))
        text.no_wrap = True
        return text


class NarrationPanel(Fitted):
    """The current beat's text, its title and its place in the scene's walkthrough. As tall as
    its text at the width it has (no empty rows, so the picture above gets them), with lines
    broken where `nntui.linebreak` allows: never inside a word, a number and its unit or a short
    bracketed group, in Chinese too."""

    DEFAULT_CSS = """
    NarrationPanel {
        max-height: 10;
        border: round $secondary;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        margin: 0;
        background: $surface;
    }
    """

    class Resized(Message):
        """The panel's size changed (a beat's text needs more or fewer rows): the picture above
        it has another height now."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.source = ""
        self.text = Text()

    def show(self, beat: Beat, index: int, count: int) -> None:
        self.border_title = Text(beat.title)  # as written: a script's words are never markup
        self.border_subtitle = _("beat {n}/{count} · PgDn next").format(n=index + 1, count=count)
        self.source = beat.text
        self.text = prose(beat.text)
        self.changed()

    def layout_rows(self, width: int) -> list[Text]:
        return wrap(self.text, width)

    def on_resize(self) -> None:
        self.post_message(self.Resized())
