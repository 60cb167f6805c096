"""A single neuron: a weighted vote of its inputs.

    z = w · x + b = Σ_i w_i x_i + b,     output a = f(z)

`fire` returns every intermediate number a scene writes out: the products w_i x_i, the sum z and
the activation a, so the arithmetic on screen is the engine's arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine.activations import get_activation
from nntui.engine.layers import Act, Dense, Sequential


@dataclass(frozen=True)
class NeuronOutput:
    terms: np.ndarray  # w_i · x_i for each input
    z: float  # Σ terms + b
    a: float  # f(z)
    yes: bool  # does a read as "yes" by the activation's rule (Activation.says_yes)?


def weighted_sum(x, w, b: float = 0.0) -> float:
    """z = w · x + b."""
    return float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)) + b)


def fire(x, w, b: float = 0.0, activation: str = "step") -> NeuronOutput:
    """The neuron's forward pass, term by term."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    terms = w * x
    z = float(terms.sum() + b)
    act = get_activation(activation)
    a = float(act.f(z))
    return NeuronOutput(terms, z, a, act.says_yes(z))


def as_layers(w, b: float, activation: str = "sigmoid"):
    """The same neuron as a trainable model, a = f(x·w + b): Dense(len(w), 1) then the
    activation, with w and b copied in (for the trainer; `fire` is its term-by-term view)."""
    w = np.asarray(w, dtype=float)
    return Sequential(Dense.from_weights(w.reshape(-1, 1), [float(b)]), Act(activation))
