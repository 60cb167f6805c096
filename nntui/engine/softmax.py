"""Softmax with temperature, top-k filtering and sampling.

softmax(l / T)_i = e^(l_i/T) / Σ_j e^(l_j/T)

Subtracting max(l) before exponentiating changes nothing mathematically and keeps e^x ≤ 1,
so large logits never overflow. As T → 0 the distribution approaches a one-hot on the largest
logit (greedy decoding); we return exactly that for T below `GREEDY_T` instead of dividing by 0.
"""

from __future__ import annotations

import numpy as np

from nntui.engine.rng import Rng

GREEDY_T = 1e-6


def softmax(logits, temperature: float = 1.0) -> np.ndarray:
    """Probabilities from logits along the last axis, at the given temperature T ≥ 0.

    T ≤ GREEDY_T returns the argmax as a one-hot (ties share the mass equally).
    """
    logits = np.asarray(logits, dtype=float)
    if temperature < 0:
        raise ValueError("temperature must be ≥ 0")
    if temperature <= GREEDY_T:
        top = logits == logits.max(axis=-1, keepdims=True)
        return top / top.sum(axis=-1, keepdims=True)
    scaled = logits / temperature
    e = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def top_k(probs, k: int | None) -> np.ndarray:
    """Keep the k most likely entries (1-D), zero the rest, renormalise. k None or ≤ 0: keep all.

    Ties at the k-th place are broken by index so exactly k entries survive.
    """
    probs = np.asarray(probs, dtype=float)
    if k is None or k <= 0 or k >= probs.size:
        return probs / probs.sum()
    keep = np.argsort(-probs, kind="stable")[:k]
    out = np.zeros_like(probs)
    out[keep] = probs[keep]
    return out / out.sum()


def sample(probs, rng: Rng, k: int | None = None) -> int:
    """Draw one index from a 1-D distribution after top-k filtering, using the given rng."""
    p = top_k(probs, k)
    return int(rng.choice(p.size, p=p))
