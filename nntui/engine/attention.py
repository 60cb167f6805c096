"""The layers of a Transformer block, on batches of sequences x of shape (B, T, d).

Each caches what its backward pass needs during `forward`; `backward(g)` takes g = ∂L/∂output,
stores ∂L/∂parameter in `grads` and returns ∂L/∂input (as in layers.py).

- PositionEmbedding:  y[b, t] = x[b, t] + P[t]            ∂L/∂P[t] = Σ_b g[b, t],  ∂L/∂x = g
- LayerNorm:          x̂ = (x − μ) / √(σ² + ε),  y = γ x̂ + β   (μ, σ² over the last axis)
      ∂L/∂γ = Σ g x̂,  ∂L/∂β = Σ g,  ∂L/∂x = (ĝ − mean(ĝ) − x̂ · mean(ĝ x̂)) / √(σ² + ε),  ĝ = γ g
- SelfAttention, per head h of width dₕ = d / heads:
      Q = X W_q + b_q,  K = X W_k + b_k,  V = X W_v + b_v      (then split into heads)
      S = Q Kᵀ / √dₕ                      the scores: how well query i matches key j
      S' = S + M,  M[i, j] = −∞ for j > i  the causal mask: position i never sees the future
      A = softmax(S') along each row       the weights: row i sums to 1 over the keys
      O = A V,  Y = concat(O₁, …, O_heads) W_o + b_o
  backward: ∂L/∂A = ∂L/∂O Vᵀ,  ∂L/∂V = Aᵀ ∂L/∂O,  ∂L/∂S = A ⊙ (∂L/∂A − Σ_j A ⊙ ∂L/∂A),
            ∂L/∂Q = ∂L/∂S K / √dₕ,  ∂L/∂K = ∂L/∂Sᵀ Q / √dₕ
  (∂L/∂b_k is always 0: b_k adds q·b_k to every score of a row, and softmax ignores a shift.)
- Residual:           y = x + f(x)                        ∂L/∂x = g + f'(x)ᵀ g
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine.layers import Dense, Layer, Sequential, mlp
from nntui.engine.rng import Rng
from nntui.engine.softmax import softmax


class PositionEmbedding(Layer):
    """A learned vector per position, added to the token's: y[b, t] = x[b, t] + P[t].

    P has one row per position up to `context`, drawn from N(0, scale²) like the token embedding
    (the Transformer draws both small: Config.embed_std)."""

    def __init__(self, context: int, dim: int, rng: Rng, scale: float = 1.0) -> None:
        super().__init__()
        self.params["P"] = rng.normal(0.0, scale, size=(context, dim))

    def forward(self, x):
        self.T = x.shape[1]
        return x + self.params["P"][: self.T]

    def backward(self, grad):
        dP = np.zeros_like(self.params["P"])
        dP[: self.T] = grad.sum(axis=0)
        self.grads["P"] = dP
        return grad


class LayerNorm(Layer):
    """Each position's vector shifted to mean 0 and scaled to variance 1, then γ x̂ + β."""

    EPS = 1e-5

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.params["g"] = np.ones(dim)
        self.params["b"] = np.zeros(dim)

    def forward(self, x):
        mu = x.mean(axis=-1, keepdims=True)
        self.inv = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + self.EPS)
        self.xhat = (x - mu) * self.inv
        return self.params["g"] * self.xhat + self.params["b"]

    def backward(self, grad):
        lead = tuple(range(grad.ndim - 1))
        self.grads["g"] = (grad * self.xhat).sum(axis=lead)
        self.grads["b"] = grad.sum(axis=lead)
        gh = grad * self.params["g"]
        return (gh - gh.mean(axis=-1, keepdims=True)
                - self.xhat * (gh * self.xhat).mean(axis=-1, keepdims=True)) * self.inv


@dataclass
class ScoreOverride:
    """Replace one score before the mask: S[head, query, key] = value (for every sequence)."""

    head: int
    query: int
    key: int
    value: float


def causal_mask(T: int) -> np.ndarray:
    """M (T × T): 0 on and below the diagonal, −∞ above it (key j after query i)."""
    return np.where(np.arange(T)[None, :] > np.arange(T)[:, None], -np.inf, 0.0)


class SelfAttention(Layer):
    """Multi-head (causal) self-attention; heads = 1 is the single-head case.

    `mask` switches the causal mask; after each forward `scores` (B, heads, T, T: QKᵀ/√dₕ before
    the mask), `mask_matrix` (T × T) and `weights` (the softmax rows A) are kept for drawing.
    `override` (a ScoreOverride or None) edits one score cell, to see the prediction move.
    """

    def __init__(self, dim: int, heads: int, rng: Rng) -> None:
        super().__init__()
        if dim % heads:
            raise ValueError(f"the width {dim} does not split into {heads} heads")
        self.heads, self.dh = heads, dim // heads
        self.q, self.k, self.v, self.o = (Dense(dim, dim, rng) for _ in range(4))
        self.parts = {"q": self.q, "k": self.k, "v": self.v, "o": self.o}
        for name, part in self.parts.items():
            for k, value in part.params.items():
                self.params[f"{name}.{k}"] = value
        self.mask = True
        self.override: ScoreOverride | None = None

    def split(self, x):
        """(B, T, d) → (B, heads, T, dₕ)."""
        B, T, _ = x.shape
        return x.reshape(B, T, self.heads, self.dh).transpose(0, 2, 1, 3)

    def merge(self, x):
        """(B, heads, T, dₕ) → (B, T, d)."""
        B, _, T, _ = x.shape
        return x.transpose(0, 2, 1, 3).reshape(B, T, self.heads * self.dh)

    def forward(self, x):
        self.Q, self.K, self.V = (self.split(p.forward(x)) for p in (self.q, self.k, self.v))
        self.scores = self.Q @ self.K.transpose(0, 1, 3, 2) / np.sqrt(self.dh)
        T = x.shape[1]
        self.mask_matrix = causal_mask(T) if self.mask else np.zeros((T, T))
        s = self.scores
        o = self.override
        if o is not None and o.head < self.heads and max(o.query, o.key) < T:
            s = s.copy()
            s[:, o.head, o.query, o.key] = o.value
        self.weights = softmax(s + self.mask_matrix)
        return self.o.forward(self.merge(self.weights @ self.V))

    def backward(self, grad):
        dO = self.split(self.o.backward(grad))
        dA = dO @ self.V.transpose(0, 1, 3, 2)
        dV = self.weights.transpose(0, 1, 3, 2) @ dO
        A = self.weights
        dS = A * (dA - (dA * A).sum(axis=-1, keepdims=True))
        o = self.override
        if o is not None and o.head < self.heads and max(o.query, o.key) < dS.shape[-1]:
            dS[:, o.head, o.query, o.key] = 0.0  # a fixed number does not depend on Q or K
        dQ = dS @ self.K / np.sqrt(self.dh)
        dK = dS.transpose(0, 1, 3, 2) @ self.Q / np.sqrt(self.dh)
        dx = sum(p.backward(self.merge(d)) for p, d in ((self.q, dQ), (self.k, dK), (self.v, dV)))
        for name, part in self.parts.items():
            for k, value in part.grads.items():
                self.grads[f"{name}.{k}"] = value
        return dx


class Residual(Layer):
    """y = x + f(x), with f a Sequential: the block adds to its input instead of replacing it."""

    def __init__(self, f: Sequential) -> None:
        self.f = f

    @property
    def params(self):
        return self.f.parameters()

    @property
    def grads(self):
        return self.f.gradients()

    def forward(self, x):
        return x + self.f.forward(x)

    def backward(self, grad):
        return grad + self.f.backward(grad)


def block(dim: int, heads: int, ratio: int, activation: str, rng: Rng) -> tuple[Sequential, SelfAttention]:
    """One Transformer block, [LN → attention → +x] then [LN → MLP → +x], the MLP being
    Dense(d, ratio·d) → activation → Dense(ratio·d, d) at every position alike; returns the
    block and its attention layer (whose scores and weights the scene draws)."""
    attention = SelfAttention(dim, heads, rng)
    return Sequential(
        Residual(Sequential(LayerNorm(dim), attention)),
        Residual(Sequential(LayerNorm(dim), mlp([dim, ratio * dim, dim], activation, rng))),
    ), attention
