"""A single neuron: a weighted vote of its inputs.

    z = w · x + b = Σ_i w_i x_i + b,     output a = f(z)

`fire` returns every intermediate number a scene writes out: the products w_i x_i, the sum z and
the activation a, so the arithmetic on screen is the engine's arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine.activations import get_activation


@dataclass(frozen=True)
class NeuronOutput:
    terms: np.ndarray  # w_i · x_i for each input
    z: float  # Σ terms + b
    a: float  # f(z)


def weighted_sum(x, w, b: float = 0.0) -> float:
    """z = w · x + b."""
    return float(np.dot(np.asarray(w, dtype=float), np.asarray(x, dtype=float)) + b)


def fire(x, w, b: float = 0.0, activation: str = "step") -> NeuronOutput:
    """The neuron's forward pass, term by term."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    terms = w * x
    z = float(terms.sum() + b)
    a = float(get_activation(activation).f(z))
    return NeuronOutput(terms, z, a)
