"""One story, one state: the neuron shared by the neuron, sigmoid, loss and descent scenes.

Its values live in the app (`app.scene_values("neuron")`); these helpers read and write them,
so a weight trained in the loss scene is the weight the neuron scene shows.
"""

from __future__ import annotations

from typing import MutableMapping

import numpy as np

from nntui.engine import fire
from nntui.i18n import N_
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


def inputs(values) -> np.ndarray:
    return np.array([values[n] for n in INPUTS], dtype=float)


def weights(values) -> tuple[np.ndarray, float]:
    return np.array([values[n] for n in WEIGHTS], dtype=float), float(values["b"])


def neuron_z(values) -> float:
    """The shared neuron's z = w·x + b on its current inputs."""
    w, b = weights(values)
    return fire(inputs(values), w, b).z


def set_weights(values: MutableMapping, w, b: float) -> None:
    """Write trained weights back into the shared neuron, clamped like its parameters (their
    range and two decimals), so what the neuron shows is exactly what `--set` can reproduce.
    The trainer keeps its own full-precision copy and trains on from that."""
    params = {p.name: p for p in NEURON_PARAMS}
    for name, value in zip((*WEIGHTS, "b"), (*w, b)):
        values[name] = params[name].clamp(float(value))
