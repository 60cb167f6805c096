"""Layers with forward and backward passes, and a sequential model.

Every layer caches what its backward pass needs during `forward`, and `backward(g)` takes
g = ∂L/∂output, stores ∂L/∂parameter in `grads` and returns ∂L/∂input (the chain rule).

- Dense:      y = x W + b (last axis)     ∂L/∂W = xᵀ g,  ∂L/∂b = Σ_rows g,  ∂L/∂x = g Wᵀ
- Embedding:  y[i, j] = E[ids[i, j]]      ∂L/∂E[v] = Σ of g over the positions whose id is v
- Act:        y = f(x)                    ∂L/∂x = g · f'(x)
- Flatten:    (n, a, b) → (n, a·b)        ∂L/∂x = g reshaped back
"""

from __future__ import annotations

import numpy as np

from nntui.engine.activations import get_activation
from nntui.engine.rng import Rng


class Layer:
    """A step of computation; parameterless by default."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class Dense(Layer):
    """A fully connected layer: y = x W + b, W of shape (n_in, n_out), on the last axis of x
    (so a (batch, position, n_in) input is applied to every position alike).

    Weights are drawn from N(0, 1/n_in) (scaled so activations neither vanish nor explode).
    """

    def __init__(self, n_in: int, n_out: int, rng: Rng) -> None:
        super().__init__()
        self.params["W"] = rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
        self.params["b"] = np.zeros(n_out)

    @classmethod
    def from_weights(cls, W, b) -> "Dense":
        """A dense layer with the given W (n_in × n_out) and b (n_out)."""
        W = np.array(W, dtype=float, ndmin=2)
        layer = cls.__new__(cls)
        Layer.__init__(layer)
        layer.params["W"], layer.params["b"] = W, np.array(b, dtype=float).reshape(W.shape[1])
        return layer

    def forward(self, x):
        self.x = np.asarray(x, dtype=float)
        return self.x @ self.params["W"] + self.params["b"]

    def backward(self, grad):
        x2, g2 = self.x.reshape(-1, self.x.shape[-1]), grad.reshape(-1, grad.shape[-1])
        self.grads["W"] = x2.T @ g2  # rows of every leading axis (batch, position) summed
        self.grads["b"] = g2.sum(axis=0)
        return grad @ self.params["W"].T


class Embedding(Layer):
    """A lookup table E of shape (vocab, dim): each token id becomes its row of E."""

    def __init__(self, vocab: int, dim: int, rng: Rng) -> None:
        super().__init__()
        self.params["E"] = rng.normal(0.0, 1.0, size=(vocab, dim))

    def forward(self, ids):
        self.ids = np.asarray(ids, dtype=int)
        return self.params["E"][self.ids]

    def backward(self, grad):
        dE = np.zeros_like(self.params["E"])
        np.add.at(dE, self.ids, grad)
        self.grads["E"] = dE
        return np.zeros(self.ids.shape)  # ids are not differentiable


class Act(Layer):
    """An element-wise activation by name (see activations.py)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.activation = get_activation(name)

    def forward(self, x):
        self.x = np.asarray(x, dtype=float)
        return self.activation.f(self.x)

    def backward(self, grad):
        return grad * self.activation.df(self.x)


class Flatten(Layer):
    """Join all axes but the first: (n, a, b, …) → (n, a·b·…)."""

    def forward(self, x):
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad):
        return grad.reshape(self.shape)


class Sequential:
    """Layers applied in order; backward runs them in reverse."""

    def __init__(self, *layers: Layer) -> None:
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def trace(self, x) -> list[np.ndarray]:
        """The forward pass keeping every step: [x, layer 1's output, layer 2's output, …]."""
        outputs = [np.asarray(x, dtype=float)]
        for layer in self.layers:
            outputs.append(layer.forward(outputs[-1]))
        return outputs

    def parameters(self) -> dict[str, np.ndarray]:
        """All parameters by qualified name, e.g. '0.W' for the first layer's weights."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    def gradients(self) -> dict[str, np.ndarray]:
        """All gradients from the last backward pass, named like `parameters()`."""
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    @property
    def params(self) -> dict[str, np.ndarray]:
        """The parameters, so a Sequential can itself be a step of another one."""
        return self.parameters()

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return self.gradients()

    @property
    def n_params(self) -> int:
        """How many numbers training adjusts: the sum of every parameter array's size."""
        return int(sum(v.size for v in self.parameters().values()))

    @property
    def n_biases(self) -> int:
        """How many of them are biases (the b of every Dense layer): one per neuron fed."""
        return int(sum(v.size for k, v in self.parameters().items() if k.endswith(".b")))

    @property
    def n_weights(self) -> int:
        """How many are weights, one per edge: n_params − n_biases (3·4 + 4·2 = 20 for 3-4-2)."""
        return self.n_params - self.n_biases


def compose_linear(first: Dense, second: Dense) -> Dense:
    """Two linear layers with nothing between them are one linear layer:
    (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)."""
    W1, b1 = first.params["W"], first.params["b"]
    W2, b2 = second.params["W"], second.params["b"]
    return Dense.from_weights(W1 @ W2, b1 @ W2 + b2)


def mlp(sizes: list[int], activation: str, rng: Rng) -> Sequential:
    """Dense layers of the given sizes with `activation` between them (none after the last)."""
    layers: list[Layer] = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        if i:
            layers.append(Act(activation))
        layers.append(Dense(n_in, n_out, rng))
    return Sequential(*layers)
