"""Activation functions and their derivatives.

Each activation is a pair (f, f') of element-wise NumPy functions, looked up by name:

- step(z)    = 1 if z >= 0 else 0                 step'(z) = 0 (undefined at 0; we use 0)
- sigmoid(z) = 1 / (1 + e^(-z))                   sigmoid' = sigmoid(z) · (1 - sigmoid(z))
- tanh(z)    = (e^z - e^(-z)) / (e^z + e^(-z))    tanh'    = 1 - tanh(z)^2
- relu(z)    = max(0, z)                          relu'    = 1 if z > 0 else 0
- gelu(z)    = ½ z (1 + tanh(√(2/π) (z + 0.044715 z³)))   (the tanh approximation GPT-2 uses)
- linear(z)  = z                                  linear'  = 1

A neuron says "yes" at z ≥ 0 with step, sigmoid and tanh (step(z) = 1, σ(z) ≥ 0.5, tanh(z) ≥ 0),
and at z > 0 with ReLU, GELU and linear, whose output at z = 0 is 0: nothing passes forward.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

ArrayFn = Callable[[np.ndarray], np.ndarray]


def step(z):
    """Heaviside step: 1 where z >= 0, else 0."""
    return np.where(np.asarray(z, dtype=float) >= 0, 1.0, 0.0)


def step_grad(z):
    """The step is flat everywhere it is defined, so its slope is 0."""
    return np.zeros_like(np.asarray(z, dtype=float))


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))  # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def sigmoid_grad(z):
    """σ'(z) = σ(z)(1 − σ(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z)."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_grad(z):
    """tanh'(z) = 1 − tanh(z)²."""
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_grad(z):
    """ReLU'(z) = 1 for z > 0, else 0."""
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, 0.0)


_GELU_C = np.sqrt(2.0 / np.pi)


def gelu(z):
    """GELU(z) ≈ ½ z (1 + tanh(c (z + 0.044715 z³))), c = √(2/π)."""
    z = np.asarray(z, dtype=float)
    return 0.5 * z * (1.0 + np.tanh(_GELU_C * (z + 0.044715 * z * z * z)))


def gelu_grad(z):
    """d/dz of the tanh-approximated GELU: ½(1 + t) + ½ z (1 − t²) c (1 + 3·0.044715 z²)."""
    z = np.asarray(z, dtype=float)
    t = np.tanh(_GELU_C * (z + 0.044715 * z * z * z))
    return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t**2) * _GELU_C * (1.0 + 3 * 0.044715 * z * z)


def linear(z):
    """The identity: no activation at all."""
    return np.asarray(z, dtype=float).copy()


def linear_grad(z):
    """The identity's slope is 1 everywhere."""
    return np.ones_like(np.asarray(z, dtype=float))


class Activation(NamedTuple):
    """An activation by name, with its function, derivative and formula for display, and whether
    its "yes" is strict: the output reads as "yes" at z ≥ 0, or at z > 0 when `strict`."""

    name: str
    f: ArrayFn
    df: ArrayFn
    formula: str
    strict: bool = False

    def says_yes(self, z: float) -> bool:
        """Does the neuron with this score z say "yes" (fire, go, pass forward)?"""
        return z > 0 if self.strict else z >= 0

    def rule(self, yes: bool) -> str:
        """The comparison as written on screen: 'z ≥ 0' / 'z < 0', or 'z > 0' / 'z ≤ 0'."""
        return ("z > 0" if yes else "z ≤ 0") if self.strict else ("z ≥ 0" if yes else "z < 0")


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("step", step, step_grad, "step(z) = 1 if z ≥ 0 else 0"),
        Activation("sigmoid", sigmoid, sigmoid_grad, "σ(z) = 1 / (1 + e^(−z))"),
        Activation("tanh", tanh, tanh_grad, "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))"),
        Activation("relu", relu, relu_grad, "ReLU(z) = max(0, z)", strict=True),
        Activation("gelu", gelu, gelu_grad, "GELU(z) ≈ ½z(1 + tanh(√(2/π)(z + 0.044715z³)))", strict=True),
        Activation("linear", linear, linear_grad, "f(z) = z", strict=True),
    )
}


def get_activation(name: str) -> Activation:
    """Look an activation up by name; a clear ValueError names the valid ones."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}"
        ) from None


def sigmoid_of(z: float) -> float:
    """σ(z) of one number, as a Python float."""
    return float(sigmoid(z))
