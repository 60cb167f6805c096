"""The interface's own words in the reader's language: one message catalogue per language.

English is the source language. Code writes `_("Play")` where a word is shown; the catalogue
`nntui/messages/<lang>.toml` maps each English string to its translation ("Play" = "播放").
Strings with values use named fields, filled after translation:
`_("beat {n}/{count}").format(n=3, count=7)`. `N_("…")` marks a string defined before the
language is chosen (a class attribute, a preset's words); it is translated where it is shown.
A string missing from the catalogue is shown in English (tests keep the catalogues complete).
A parameter's choices ("boating", "off") are shown through the catalogue's `[choices]` table
(`choice("off")` = "关"), apart from the other strings, since one English word may need another
translation as a value than as a label; the command line and scripts keep the English value.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

from rich.cells import cell_len, set_cell_size

from nntui import textual_internals

MESSAGES = Path(__file__).resolve().parent / "messages"
_catalogue: dict[str, str] = {}
_choices: dict[str, str] = {}
language = "en"


def load(lang: str) -> dict:
    """The message file for `lang` as written ({} for English or a language without one)."""
    path = MESSAGES / f"{lang}.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def catalogue(lang: str) -> dict[str, str]:
    """The translations for `lang` (its `[choices]` table left out)."""
    return {k: v for k, v in load(lang).items() if k != "choices"}


def choices(lang: str) -> dict[str, str]:
    """How `lang` shows the parameters' choices: the `[choices]` table."""
    return load(lang).get("choices", {})


def use(lang: str) -> None:
    """Show the interface in `lang` from now on."""
    global language, _catalogue, _choices
    language, _catalogue, _choices = lang, catalogue(lang), choices(lang)


def _(text: str) -> str:
    """`text` in the current language."""
    return _catalogue.get(text, text) if text else text


def choice(value: str) -> str:
    """A parameter's choice as the reader sees it ("off" → "关"); scripts and the command line
    keep the English value."""
    return _choices.get(value, value)


def N_(text: str) -> str:
    """Mark `text` for translation where it is shown (returns it unchanged)."""
    return text


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded with spaces to at least `width` terminal cells (a CJK character takes two),
    on the right (align "<") or the left (">")."""
    fill = " " * max(0, width - cell_len(text))
    return fill + text if align == ">" else text + fill


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells."""
    return set_cell_size(text, width)


def translate_bindings(node) -> None:
    """Translate the descriptions and tooltips of a node's key bindings (footer and help read
    them). Textual gives each node its own copy of its class's bindings."""
    own = textual_internals.bindings(node)
    for key, bindings in own.key_to_bindings.items():
        own.key_to_bindings[key] = [
            replace(b, description=_(b.description), tooltip=_(b.tooltip)) for b in bindings
        ]
