"""A GPT-shaped model from the layers of attention.py, and its parameter count.

    ids (B, T) → token embedding E[ids] (+ position embedding P[t]) → N blocks of
    [LN → attention → +x, LN → MLP → +x] → LN → head → logits (B, T, vocab)

The head can be tied (GPT-2's choice): logits = h Eᵀ, the same table read backwards, so
∂L/∂E = (the embedding's gradient) + gᵀ h. Untied, it is a Dense(d, vocab) of its own.

The parameter count of that shape, per block: W_q, W_k, W_v, W_o (4d² + 4d with biases), two
layer norms (4d), the MLP (2·r·d² + r·d + d); plus vocab·d + context·d embeddings, a final layer
norm (2d) and, untied, a head (d·vocab + vocab). The number of heads splits d and so changes
nothing: h heads of d/h cost what one head of d costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine.attention import LayerNorm, PositionEmbedding, ScoreOverride, SelfAttention, block
from nntui.engine.layers import Dense, Embedding, Layer, Sequential
from nntui.engine.rng import Rng
from nntui.engine.softmax import softmax


def transformer_params(layers: int, heads: int, d: int, vocab: int, context: int, mlp_ratio: int = 4,
                       tied: bool = True, positions: bool = True) -> int:
    """How many numbers a GPT of this shape trains (the formula in the module docstring).
    `heads` must divide d and changes nothing: it is there so a shape is quoted whole."""
    if d % heads:
        raise ValueError(f"the width {d} does not split into {heads} heads")
    attention = 4 * d * d + 4 * d
    norms = 2 * 2 * d
    mlp = 2 * mlp_ratio * d * d + mlp_ratio * d + d
    embeddings = vocab * d + (context * d if positions else 0)
    head = 0 if tied else d * vocab + vocab
    return layers * (attention + norms + mlp) + embeddings + 2 * d + head


class TiedHead(Layer):
    """logits = h Eᵀ with the embedding's own table E; its gradient gᵀ h is kept in `dE` for the
    model to add to the embedding's (it has no parameters of its own)."""

    def __init__(self, embedding: Embedding) -> None:
        super().__init__()
        self.E = embedding.params["E"]

    def forward(self, x):
        self.x = x
        return x @ self.E.T

    def backward(self, grad):
        V, d = self.E.shape
        self.dE = grad.reshape(-1, V).T @ self.x.reshape(-1, d)
        return grad @ self.E


@dataclass(frozen=True)
class Config:
    vocab: int
    context: int
    dim: int = 32
    heads: int = 1
    layers: int = 1
    mlp_ratio: int = 4
    positions: bool = True
    tied: bool = False
    activation: str = "gelu"
    embed_std: float = 0.3  # both embeddings start at N(0, embed_std²) (tied: E at N(0, 1/d))

    @property
    def n_params(self) -> int:
        return transformer_params(self.layers, self.heads, self.dim, self.vocab, self.context,
                                  self.mlp_ratio, self.tied, self.positions)


@dataclass(frozen=True)
class Trace:
    """One sequence through the model, for drawing. Per layer: `scores` (heads, T, T) = QKᵀ/√dₕ
    before the mask (and before any override), `weights` (heads, T, T) = the softmax rows A; the
    `mask` (T, T: 0 or −∞) shared by all layers; `logits` and `probs` (T, vocab) per position."""

    ids: np.ndarray
    scores: list[np.ndarray]
    mask: np.ndarray
    weights: list[np.ndarray]
    logits: np.ndarray
    probs: np.ndarray


class Transformer(Sequential):
    """The model of the module docstring; `mask` switches the causal mask of every layer."""

    def __init__(self, config: Config, rng: Rng) -> None:
        c = config
        self.config = c
        # Small embeddings: what attention adds to the residual stream is not drowned by the
        # token's own vector (GPT-2 draws both at 0.02 for d = 768); tied, h Eᵀ starts near 0.
        self.embedding = Embedding(c.vocab, c.dim, rng, scale=1.0 / np.sqrt(c.dim) if c.tied else c.embed_std)
        layers: list[Layer] = [self.embedding]
        if c.positions:
            layers.append(PositionEmbedding(c.context, c.dim, rng, scale=c.embed_std))
        self.attention: list[SelfAttention] = []
        for _ in range(c.layers):
            b, a = block(c.dim, c.heads, c.mlp_ratio, c.activation, rng)
            layers.append(b)
            self.attention.append(a)
        layers.append(LayerNorm(c.dim))
        self.head = TiedHead(self.embedding) if c.tied else Dense(c.dim, c.vocab, rng)
        layers.append(self.head)
        super().__init__(*layers)

    @property
    def mask(self) -> bool:
        return self.attention[0].mask

    @mask.setter
    def mask(self, on: bool) -> None:
        for a in self.attention:
            a.mask = on

    def forward(self, ids):
        ids = np.asarray(ids, dtype=int)
        if ids.shape[-1] > self.config.context:
            raise ValueError(f"{ids.shape[-1]} tokens do not fit a context of {self.config.context}")
        return super().forward(ids)

    def backward(self, grad):
        dx = super().backward(grad)
        if self.config.tied:
            self.embedding.grads["E"] = self.embedding.grads["E"] + self.head.dE
        return dx

    def trace(self, ids, mask: bool | None = None, override: ScoreOverride | None = None,
              layer: int = 0) -> Trace:
        """Run one sequence of ids; `mask` forces the mask on or off for this pass only (None:
        as trained); `override` replaces one score cell of attention layer `layer`."""
        ids = np.asarray(ids, dtype=int).reshape(1, -1)
        kept = self.mask
        if mask is not None:
            self.mask = mask
        self.attention[layer].override = override
        try:
            logits = self.forward(ids)[0]
        finally:
            self.attention[layer].override = None
            self.mask = kept
        a0 = self.attention[0]
        return Trace(ids[0], [a.scores[0].copy() for a in self.attention], a0.mask_matrix.copy(),
                     [a.weights[0].copy() for a in self.attention], logits, softmax(logits))
