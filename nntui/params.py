"""Param: a live parameter, declared once.

From one declaration come its row in the parameter panel, its keys (nudge, cycle, type a value),
its clamping, its command-palette entry and its name in walkthrough scripts.

A numeric Param has a range [lo, hi] and a step; nudging moves by `step` (×10 with shift) and
clamps. A choice Param has `choices`; nudging cycles through them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from nntui.i18n import _

Value = float | str
MAX_TEXT = 20_000  # characters of free text a parameter holds
MAX_STEPS = 100_000  # --steps: training replayed before the first frame (`c` writes no more)


def format_number(x: float, decimals: int = 2) -> str:
    """A number as people write it: at most `decimals` places, no trailing zeros, a real minus.

    4.0 → '4', 0.98 → '0.98', −0.5 → '−0.5'; ±inf and nan are spelled out, never printed raw.
    """
    if math.isnan(x):
        return "undefined"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{x:.0f}"
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−")


def format_fine(x: float, decimals: int = 3, most: int = 6) -> str:
    """`decimals` places, or more (up to `most`) when fewer would round x to a whole number it
    is not: σ(10) = 0.9999546 → '0.99995' (it never reaches 1), a loss of 0.0003 → '0.0003'.
    nan and ±inf are spelled as format_number spells them ('undefined', '∞', '−∞')."""
    if not math.isfinite(x):
        return format_number(x)
    for d in range(decimals, most + 1):
        if x == round(x) or round(x, d) != round(x):
            break
    return format_number(x, d)


@dataclass(frozen=True)
class Param:
    name: str  # the id used in scripts and the palette, e.g. "w1"
    label: str  # what the panel shows, e.g. "weight w1"
    default: Value
    lo: float = 0.0
    hi: float = 1.0
    step: float = 0.1
    decimals: int = 2
    choices: tuple[str, ...] = ()
    help: str = ""
    log: bool = False  # log-scaled: a step multiplies by 10^step (e.g. 0.1 → ×1.26)

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def is_text(self) -> bool:
        """Free text (e.g. the tokens scene's sentence): typed, not nudged."""
        return isinstance(self.default, str) and not self.choices

    def clamp(self, value: float) -> float:
        """Into [lo, hi], rounded to the parameter's decimals (so 0.1 + 0.2 shows as 0.3)."""
        return round(min(self.hi, max(self.lo, value)), self.decimals)

    def nudge(self, value: Value, steps: int) -> Value:
        """`steps` steps up (or down when negative); choices cycle; text stays as it is."""
        if self.is_text:
            return value
        if self.is_choice:
            i = self.choices.index(str(value))
            return self.choices[(i + steps) % len(self.choices)]
        if self.log:
            return self.clamp(float(f"{10 ** (math.log10(float(value)) + steps * self.step):.3g}"))
        return self.clamp(float(value) + steps * self.step)

    def describe(self) -> str:
        """What values the parameter takes, for the help, the value dialog and the palette."""
        if self.is_text:
            return _("any text")
        if self.is_choice:
            return ", ".join(self.choices)
        return _("a number from {lo} to {hi}").format(lo=self.format(self.lo), hi=self.format(self.hi))

    def format(self, value: Value) -> str:
        if self.is_text:
            return str(value)
        if self.is_choice:
            return str(value)
        if self.log:
            return f"{float(value):.3g}".replace("-", "−")
        return format_number(float(value), self.decimals)

    def parse(self, text: str) -> Value:
        """A typed value, or ValueError with a message a user can act on. Accepts '−' as minus."""
        if self.is_text:
            return self.check(text)
        text = text.strip()
        if self.is_choice:
            if text in self.choices:
                return text
            raise ValueError(_("{name} must be one of: {choices}").format(name=self.name, choices=", ".join(self.choices)))
        try:
            value = float(text.replace("−", "-"))
        except ValueError:
            raise ValueError(_("{name} needs a number, not {text}").format(name=self.name, text=repr(text))) from None
        return self.check(value)

    def check(self, value: Any) -> Value:
        """Validate a value from a script: the right kind and inside the range, else ValueError."""
        if self.is_text:
            if not isinstance(value, str):
                raise ValueError(_("{name} needs text, got {value}").format(name=self.name, value=repr(value)))
            if len(value) > MAX_TEXT:
                raise ValueError(_("{name} is {n} characters; at most {limit}").format(name=self.name, n=len(value), limit=MAX_TEXT))
            return value
        if self.is_choice:
            if value not in self.choices:
                raise ValueError(_("{name} must be one of: {choices}; got {value}").format(
                    name=self.name, choices=", ".join(self.choices), value=repr(value)))
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(_("{name} needs a number, got {value}").format(name=self.name, value=repr(value)))
        if not self.lo <= value <= self.hi:
            raise ValueError(_("{name} = {value} is out of range [{lo}, {hi}]").format(
                name=self.name, value=value, lo=format_number(self.lo, self.decimals),
                hi=format_number(self.hi, self.decimals)))
        return round(float(value), self.decimals)
