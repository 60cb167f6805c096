"""One story, one state: the neuron shared by the neuron, sigmoid, loss and descent scenes.

`NeuronModel` is the neuron scene's model, kept in the app's store. The other scenes read its
z and σ(z) from it when they draw (never a copy), and the loss scene's training writes its
weights back into it, so a weight trained there is the weight the neuron scene shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine import NeuronOutput, fire
from nntui.i18n import N_
from nntui.model import ANIMATION, SceneModel
from nntui.params import Param

INPUTS = ("x1", "x2", "x3")
WEIGHTS = ("w1", "w2", "w3")
INPUT_RANGE = (-5.0, 5.0)
WEIGHT_RANGE = (-10.0, 10.0)
STEP = 0.1

NEURON_PARAMS = (
    Param("x1", N_("input x1"), -1.0, *INPUT_RANGE, STEP),
    Param("x2", N_("input x2"), -1.0, *INPUT_RANGE, STEP),
    Param("x3", N_("input x3"), 1.0, *INPUT_RANGE, STEP),
    Param("w1", N_("weight w1"), 1.0, *WEIGHT_RANGE, STEP),
    Param("w2", N_("weight w2"), 1.0, *WEIGHT_RANGE, STEP),
    Param("w3", N_("weight w3"), 5.0, *WEIGHT_RANGE, STEP),
    Param("b", N_("bias b"), 1.0, *WEIGHT_RANGE, STEP),
)


@dataclass(frozen=True)
class Story:
    """A preset: the numbers, and the words that make them a story."""

    inputs: tuple[str, str, str]
    yes: str
    no: str
    x: tuple[float, float, float]
    w: tuple[float, float, float]
    b: float
    activation: str

    def values(self) -> dict:
        return {**dict(zip(INPUTS, self.x)), **dict(zip(WEIGHTS, self.w)), "b": self.b, "activation": self.activation}


BOATING = (N_("weather"), N_("distance"), N_("company"))
STORIES = {
    "boating": Story(BOATING, N_("go boating"), N_("stay home"), (-1, -1, 1), (1, 1, 5), 1, "step"),
    "lazy": Story(BOATING, N_("go boating"), N_("stay home"), (-1, -1, 1), (2, 6, 3), 1, "step"),
    "relu": Story(("x1", "x2", "x3"), N_("passes forward"), N_("blocked"), (0.7, 0.3, 0.9), (0.5, -0.3, 0.8), 0, "relu"),
    "spam": Story((N_("money talk"), N_("odd links"), N_("known")), N_("spam"), N_("not spam"), (1, 1, 0), (2, 3, -5), -2, "sigmoid"),
}
ACTIVATION_NAMES = {"step": "step", "sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}
PULSE_SECONDS = 1.6  # one pulse of the animation: along the edges, then Σ, then the output


class NeuronModel(SceneModel):
    """The neuron z = w·x + b, a = f(z), with its presets; `phase` is the pulse animation:
    None at rest, [0, 1) along the edges, [1, 1.5) Σ lit, [1.5, 2) the output lit."""

    SCENE_ID = "neuron"
    PARAMS = (
        Param("preset", N_("preset"), "boating", choices=tuple(STORIES), help=N_("a worked example")),
        *NEURON_PARAMS,
        Param("activation", N_("activation"), "step", choices=tuple(ACTIVATION_NAMES)),
    )

    def setup(self) -> None:
        self.phase: float | None = None

    def changed(self, name: str, value) -> None:
        if name == "preset":
            self.values.update(STORIES[str(value)].values())

    @property
    def story(self) -> Story:
        return STORIES[str(self.values["preset"])]

    @property
    def x(self) -> np.ndarray:
        return np.array([self.values[n] for n in INPUTS], dtype=float)

    @property
    def w(self) -> np.ndarray:
        return np.array([self.values[n] for n in WEIGHTS], dtype=float)

    @property
    def b(self) -> float:
        return float(self.values["b"])

    def output(self, activation: str | None = None) -> NeuronOutput:
        """The forward pass with the neuron's activation (or another one)."""
        return fire(self.x, self.w, self.b, activation or str(self.values["activation"]))

    @property
    def z(self) -> float:
        return self.output().z

    def set_weights(self, w, b: float) -> None:
        """Write trained weights in, clamped like the parameters (their range and two
        decimals), so what the neuron shows is exactly what `--set` can reproduce. A trainer
        keeps its own full-precision copy and trains on from that."""
        before = self.shown()
        for name, value in zip((*WEIGHTS, "b"), (*w, b)):
            self.values[name] = self.params[name].clamp(float(value))
        self.notify_changes(before)

    # ---- animation: a pulse after another, until paused -----------------------------------------
    def move(self, phase: float | None) -> None:
        self.phase = phase
        self.notify(ANIMATION)

    def advance(self, dt: float) -> bool:
        self.move(((self.phase or 0.0) + dt * 2 / PULSE_SECONDS) % 2.0)
        return True

    def step(self) -> None:
        self.move(0.0 if self.phase is None else ((self.phase // 0.5) + 1) * 0.5 % 2.0)

    def finish(self) -> None:
        self.move(1.5)

    def restart(self) -> None:
        self.move(None)
