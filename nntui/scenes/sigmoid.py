"""Scene `sigmoid`: an activation squashes the neuron's score z into an output, e.g. a probability.

The curve view plots the chosen activation f(k·z) over z ∈ [−10, 10] (and a second one to compare),
with a marker at the current z: ● on the activation, ○ on the compared one, ◉ where both fall in
one cell. With ReLU or GELU the axis zooms to z ∈ [−3, 3], where the two differ (on ±10 they look
the same). z is the neuron scene's z (one shared state) until the viewer sets z here. The
collapse view shows why a non-linearity is needed at all: two linear layers multiply into one
straight line; with an activation between them the output bends. Its formula is the one drawn,
with every weight and bias in it.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from nntui.i18n import N_, _
from nntui.engine import Act, Dense, Sequential, compose_linear, get_activation
from nntui.params import Param, format_number, format_fine
from nntui.model import SceneModel
from nntui.scenes.base import SceneScreen
from nntui.widgets.plot import Chart, MarkedChart, Marker

ACTIVATIONS = ("sigmoid", "tanh", "relu", "gelu", "step")
SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "gelu": "GELU", "step": "step"}
Z_RANGE = (-10.0, 10.0)
ZOOM = (-3.0, 3.0)  # the axis with ReLU or GELU: where they differ
ZOOMED = ("relu", "gelu")
X_RANGE = (-3.0, 3.0)  # the collapse demo's input range
SWEEP_SECONDS = 8.0  # −10 → 10 → −10

# The collapse demo: x → 2 hidden units → y, weights chosen so the bend is easy to see.
LAYER1 = ([[1.5, -2.0]], [1.0, 1.0])
LAYER2 = ([[2.0], [1.0]], [-1.0])


def curve(name: str, k: float, z: np.ndarray) -> np.ndarray:
    """f(k·z) for the named activation (from the engine)."""
    return get_activation(name).f(k * z)


def fmt_output(name: str, a: float) -> str:
    """Sigmoid outputs are probabilities: never shown as a flat 0 or 1 they do not reach."""
    return format_fine(a) if name == "sigmoid" else format_number(a, 3)


def z_axis(names) -> tuple[float, float]:
    """The z axis for these curves: zoomed where ReLU or GELU is drawn."""
    return ZOOM if any(n in ZOOMED for n in names) else Z_RANGE


def two_layers(middle: str | None) -> Sequential:
    """x → Dense(1, 2) → [activation] → Dense(2, 1)."""
    first, second = Dense.from_weights(*LAYER1), Dense.from_weights(*LAYER2)
    return Sequential(first, Act(middle), second) if middle else Sequential(first, second)


def matrix(a) -> str:
    rows = np.atleast_2d(a)
    return "[" + "; ".join(" ".join(format_number(v) for v in row) for row in rows) + "]"


class SigmoidModel(SceneModel):
    """An activation over z; z is the shared neuron's (read from it) until set here. `sweep_t`
    is the animation: the marker sweeps z from −10 to 10 and back."""

    SCENE_ID = "sigmoid"
    READS = ("neuron",)
    PARAMS = (
        Param("source", N_("z from"), "neuron", choices=("neuron", "own"), help=N_("the neuron scene's z, or set it here")),
        Param("z", "z", 4.0, -10, 10, 0.1),
        Param("activation", N_("activation"), "sigmoid", choices=ACTIVATIONS),
        Param("compare", N_("compare"), "none", choices=("none", *ACTIVATIONS)),
        Param("scale", N_("steepness k"), 1.0, 0.1, 5, 0.1),
        Param("view", N_("view"), "curve", choices=("curve", "collapse")),
        Param("middle", N_("middle act"), "off", choices=("off", "on")),
    )

    def setup(self) -> None:
        self.sweep_t = 0.0

    def derive(self, name: str):
        if name == "z" and self.values["source"] == "neuron":
            return self.params["z"].clamp(self.store["neuron"].z)
        return None

    def changed(self, name: str, value) -> None:
        if name == "z":
            self.values["source"] = "own"
        elif name == "source" and value == "own":  # z holds where the neuron had it
            self.values["z"] = self.params["z"].clamp(self.store["neuron"].z)

    @property
    def z(self) -> float:
        return float(self["z"])

    @property
    def curves(self) -> list[str]:
        """The activations drawn: the chosen one, and the compared one if another."""
        act, other = str(self.values["activation"]), str(self.values["compare"])
        return [act] + ([other] if other not in ("none", act) else [])

    @property
    def axis(self) -> tuple[float, float]:
        return z_axis(self.curves)

    def start(self) -> None:
        self.sweep_t = sweep_phase(self.z, self.axis)  # play goes on from the current z

    def advance(self, dt: float) -> bool:
        if self.values["view"] != "curve":
            return False
        self.sweep_t = (self.sweep_t + dt / SWEEP_SECONDS) % 1.0
        self.set("z", sweep_z(self.sweep_t, self.axis))
        return True

    def step(self) -> None:
        lo, hi = self.axis
        self.set("z", self.z + 1.0 if self.z < hi else lo)

    def finish(self) -> None:
        self.set("z", self.axis[1])

    def restart(self) -> None:
        self.sweep_t = 0.0


class PairedMarks(MarkedChart):
    """The activation's marker ● and the compared one's ○; where both fall in one cell, one ◉
    (neither hides the other)."""

    BOTH = "◉"

    def mark(self, name: str, point) -> None:
        super().mark(name, point)
        main, other = self.markers["main"], self.markers["compare"]
        shared = main.cell is not None and main.cell == other.cell
        symbol = self.BOTH if shared else "●"
        if str(main.render()) != symbol:  # repainted only when it changes
            main.update(symbol)
        other.display = other.cell is not None and not shared


class SigmoidScreen(SceneScreen):
    SCENE_ID = "sigmoid"

    DEFAULT_CSS = """
    SigmoidScreen #formula { height: auto; }
    """

    def compose_view(self) -> ComposeResult:
        yield PairedMarks(Chart(Z_RANGE, (-0.1, 1.1)), {"main": Marker("●"), "compare": Marker("○")})
        yield Static(id="formula")

    @property
    def marked(self) -> MarkedChart:
        return self.query_one(PairedMarks)

    def update_view(self) -> None:
        v = self.model
        if v["view"] == "curve":
            self.draw_curve(v)
        else:
            self.draw_collapse(v)

    def draw_curve(self, v) -> None:
        act, other, k, z = str(v["activation"]), str(v["compare"]), float(v["scale"]), float(v["z"])
        names = v.curves
        axis = v.axis
        zs = np.linspace(*axis, 401)
        ys = np.concatenate([curve(n, k, zs) for n in names])
        ylim = (min(-0.1, float(ys.min()) - 0.1), max(1.1, float(ys.max()) + 0.1))

        def draw(fig) -> None:
            for n in names:
                fig.plot(zs, curve(n, k, zs), label=f"{SYMBOL[n]}(k·z)")
            if act == "sigmoid":
                fig.hline(0.5)
            fig.vline(0)
            fig.xlabel(_("z (zoomed to ±3, where ReLU and GELU differ)") if axis == ZOOM else "z")

        chart = self.marked
        chart.chart.plot(("curve", tuple(names), k), draw, xlim=axis, ylim=ylim)
        on_axis = axis[0] <= z <= axis[1]
        a = float(curve(act, k, np.array(z)))
        chart.mark("main", (z, a) if on_axis else None)
        b = float(curve(other, k, np.array(z))) if len(names) > 1 else None
        chart.mark("compare", None if b is None or not on_axis else (z, b))

        f = get_activation(act)
        kz = f"{SYMBOL[act]}({format_number(z)})" if k == 1 else f"{SYMBOL[act]}({format_number(k)}·{format_number(z)})"
        origin = _(" (the neuron's z)") if v["source"] == "neuron" else ""
        off = _(" (off this axis)") if not on_axis else ""
        line = Text.assemble(f.formula, "\n", f"z = {format_number(z)}{origin}{off}\n",
                             "● " if b is not None else "", f"{kz} = ", (fmt_output(act, a), "bold"))
        if act == "sigmoid":
            line.append(f"   {'≥' if a >= 0.5 else '<'} 0.5 → ")
            line.append(_("yes") if a >= 0.5 else _("no"), "bold reverse")
        if b is not None:
            line.append(f"\n○ {SYMBOL[other]}({format_number(z)}) = {fmt_output(other, b)}")
        self.query_one("#formula", Static).update(line)

    def draw_collapse(self, v) -> None:
        """Two layers, x → 2 → 1, with or without tanh between: the curve, the formula drawn, its
        weights and biases, and (without tanh) the one linear map they multiply into."""
        middle = "tanh" if v["middle"] == "on" else None
        xs = np.linspace(*X_RANGE, 121)[:, None]
        ys = two_layers(middle).forward(xs).ravel()
        one = compose_linear(Dense.from_weights(*LAYER1), Dense.from_weights(*LAYER2))
        W, b = float(one.params["W"][0, 0]), float(one.params["b"][0])

        def draw(fig) -> None:
            fig.plot(xs.ravel(), ys, label=_("with tanh between") if middle else _("two linear layers"))
            fig.xlabel("x")

        chart = self.marked
        chart.chart.plot(("collapse", middle), draw, xlim=X_RANGE, ylim=(float(ys.min()) - 0.5, float(ys.max()) + 0.5))
        chart.mark("main", None)
        chart.mark("compare", None)
        (W1, b1), (W2, b2) = LAYER1, LAYER2
        text = Text("y = tanh(x·W1 + b1)·W2 + b2\n" if middle else "y = (x·W1 + b1)·W2 + b2\n")
        text.append(f"W1 = {matrix(W1)}   b1 = {matrix(b1)}\nW2 = {matrix(W2)}   b2 = {matrix(b2)}\n")
        if middle:
            text.append(_("no single matrix does this — "))
            text.append(_("it bends"), "bold reverse")
        else:
            text.append(f"W1·W2 = {matrix(one.params['W'])}   b1·W2 + b2 = {matrix(one.params['b'])}\n")
            text.append(_("→ one linear map: y = {W}·x + {b} — ").format(W=format_number(W), b=format_number(b)))
            text.append(_("a straight line"), "bold reverse")
        self.query_one("#formula", Static).update(text)


def sweep_z(t: float, axis=Z_RANGE) -> float:
    """Triangle wave over the axis: t ∈ [0, 0.5) goes lo → hi, t ∈ [0.5, 1) comes back."""
    lo, hi = axis
    u = 2 * t if t < 0.5 else 2 * (1 - t)
    return lo + u * (hi - lo)


def sweep_phase(z: float, axis=Z_RANGE) -> float:
    """The rising part of the sweep where it passes z (so play continues from the current z)."""
    lo, hi = axis
    return 0.5 * (min(max(z, lo), hi) - lo) / (hi - lo)


MODEL, SCREEN = SigmoidModel, SigmoidScreen
