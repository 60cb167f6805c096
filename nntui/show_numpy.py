"""Show the NumPy: the engine function behind what a scene shows, with this frame's numbers.

`view(scene_id, model)` names the engine function that computes the scene's main number now
and the values its names hold on screen; `substituted(view)` is its code with those values
written in for the names (`z = float(terms.sum() + b)` → `z = float([-1, -1, 5].sum() + 1)  → z = 4`).
No Textual here; the `e` panel (nntui/widgets/numpy_panel.py) draws it.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from nntui.engine.activations import get_activation
from nntui.engine.image import feature_count
from nntui.engine.layers import Dense
from nntui.engine.losses import log_loss_terms
from nntui.engine.neuron import fire
from nntui.engine.optim import SGD
from nntui.engine.softmax import softmax
from nntui.engine.text import BPE, encode
from nntui.params import format_fine

MOST = 6  # entries of a vector (rows of a matrix) written out before "…"


@dataclass(frozen=True)
class NumpyView:
    """An engine function and the values its names hold in this frame (name → value; a name
    may be an expression of the source, like `self.params["W"]`)."""

    function: Callable
    values: dict[str, Any]
    shown: tuple[str, ...] = ()  # the values the scene's own screen shows, written the same way

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"

    def source(self) -> str:
        return textwrap.dedent(inspect.getsource(self.function))


def written(value: Any) -> str:
    """A value as the screen writes it: numbers by format_fine, arrays as nested lists (long
    ones cut with …), strings quoted."""
    if isinstance(value, str):
        return repr(str(value))
    array = np.asarray(value)
    if array.ndim == 0:
        return format_fine(float(array)) if array.dtype.kind in "fiub" else repr(value)
    items = [written(v) for v in array[:MOST]]
    return "[" + ", ".join(items) + (", …" if len(array) > MOST else "") + "]"


def code_lines(source: str) -> list[int]:
    """The 0-based numbers of the body's lines that are code (not the def line, not the
    docstring, not blank or a comment)."""
    fn = ast.parse(source).body[0]
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    lines = source.splitlines()
    return [i for stmt in body for i in range(stmt.lineno - 1, stmt.end_lineno)
            if lines[i].strip() and not lines[i].strip().startswith("#")]


def substituted(view: NumpyView) -> list[str]:
    """The function's code lines with this frame's values in place of the names; a line that
    assigns a name the view knows ends with `→ name = value`. Lines without a known name are left
    out."""
    source = view.source()
    lines = source.splitlines()
    names = sorted(view.values, key=len, reverse=True)
    out = []
    for i in code_lines(source):
        line = lines[i].split("  #")[0].rstrip()
        target = re.match(r"\s*([\w.]+(?:\[[^\]]*\])?(?:\s*,\s*[\w.]+)*)\s*(?:-|\+)?=(?!=)", line)
        head, body = (line[: target.end()], line[target.end():]) if target else ("", line)
        new = body
        for name in names:
            new = re.sub(rf"(?<![\w.\"']){re.escape(name)}(?![\w])(?!\s*=[^=])", lambda _m, n=name: written(view.values[n]), new)
        assigned = target.group(1) if target else None
        if new == body and assigned not in view.values:
            continue
        if assigned in view.values:
            new += f"  → {assigned} = {written(view.values[assigned])}"
        elif line.lstrip().startswith("return") and "result" in view.values:
            new += f"  → {written(view.values['result'])}"
        out.append(head + new)
    return out


# ---- each scene's view ---------------------------------------------------------------------------
def pixels(m) -> NumpyView:
    h, w, c = m.picture().shape
    return NumpyView(feature_count, {"height": h, "width": w, "channels": c, "result": h * w * c},
                     ("height", "width", "channels", "result"))


def tokens(m) -> NumpyView:
    split = m.split()
    if m.values["tokenizer"] == "bpe":
        return NumpyView(BPE.encode, {"text": str(m.values["text"]), "merges": int(m.values["merges"]),
                                      "result": split.ids}, ("result",))
    return NumpyView(encode, {"tokens": split.tokens, "result": split.ids}, ("result",))


def neuron_view(m) -> NumpyView:
    out = m.output()
    return NumpyView(fire, {"x": m.x, "w": m.w, "b": m.b, "terms": out.terms, "z": out.z,
                                   "activation": str(m.values["activation"]), "a": out.a}, ("x", "w", "b", "z", "a"))


def sigmoid_view(m) -> NumpyView:
    z, act = float(m.values["scale"]) * m.z, get_activation(str(m.values["activation"]))  # f(k·z), as plotted
    return NumpyView(act.f, {"z": z, "ez": float(np.exp(-abs(z))), "result": float(act.f(z))}, ("z", "result"))


def loss_view(m) -> NumpyView:
    p, y = m.p, float(m.values["y"])
    return NumpyView(log_loss_terms, {"p": p, "y": y, "result": float(log_loss_terms(p, y))}, ("p", "y", "result"))


def descent_view(m) -> NumpyView:
    return NumpyView(SGD.step, {"self.lr": float(m.values["lr"]), "grads[name]": m.slope}, ("self.lr",))


def network_view(m) -> NumpyView:
    """The first layer's forward pass on the email the scene shows."""
    layer, x = m.trainer.model.layers[0], m.x[0]
    return NumpyView(Dense.forward, {"self.x": x, 'self.params["W"]': layer.params["W"], 'self.params["b"]': layer.params["b"],
                                     "result": x @ layer.params["W"] + layer.params["b"]}, ("self.x",))


def next_token_view(m) -> NumpyView:
    probs, logits, _before, _unknown = m.distribution()
    t = float(m.values["temperature"])
    return NumpyView(softmax, {"logits": logits, "temperature": t, "scaled": logits / t if t > 0 else logits,
                               "result": softmax(logits, t)}, ("temperature",))


def attention_view(m) -> NumpyView:
    """Self-attention's forward pass on the sequence shown; the weights are the query's row."""
    from nntui.engine.attention import SelfAttention

    heads = int(m.values["heads"])
    dh = m.run.config.dim // heads
    row = m.trace().weights[0][m.head][m.query]
    return NumpyView(SelfAttention.forward, {"self.dh": dh, "T": m.length, "self.mask": bool(m.run.model.mask),
                                             "self.weights": row}, ("self.dh",))


VIEWS: dict[str, Callable[[Any], NumpyView]] = {
    "pixels": pixels, "tokens": tokens, "neuron": neuron_view, "sigmoid": sigmoid_view, "loss": loss_view,
    "descent": descent_view, "network": network_view, "next-token": next_token_view, "attention": attention_view,
}


def view(scene_id: str, model) -> NumpyView | None:
    make = VIEWS.get(scene_id)
    return make(model) if make else None
