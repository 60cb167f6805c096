"""Loss functions. Each returns (loss, gradient of the loss with respect to its input).

- Binary log loss:  L = −mean[y·log p + (1 − y)·log(1 − p)],  ∂L/∂p = (p − y) / (p(1 − p)) / n
  p is clipped to [EPS, 1 − EPS] first, so log(0) never happens.
- Softmax cross-entropy over logits l (n × V) and integer targets t:
      L = −mean_i log softmax(l_i)[t_i],     ∂L/∂l_i = (softmax(l_i) − onehot(t_i)) / n
  sequence_cross_entropy: the same over (…, V) logits, skipping targets equal to IGNORE.
- Mean squared error:  L = mean (ŷ − y)²,  ∂L/∂ŷ = 2(ŷ − y) / n
- Misclassified: a yes/no prediction reads "yes" at p ≥ 0.5; it is wrong where that differs
  from the label: [p ≥ 0.5] ≠ [y = 1].
"""

from __future__ import annotations

import numpy as np

from nntui.engine.softmax import softmax

EPS = 1e-12


def clip_probability(p):
    """Clip p into [EPS, 1 − EPS]; returns (clipped, mask of entries that were clipped)."""
    p = np.asarray(p, dtype=float)
    clipped = np.clip(p, EPS, 1.0 - EPS)
    return clipped, clipped != p


def log_loss_terms(p, y) -> np.ndarray:
    """Per-example log loss −[y·log p + (1 − y)·log(1 − p)], p clipped."""
    p, _ = clip_probability(p)
    y = np.asarray(y, dtype=float)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def log_loss(p, y) -> tuple[float, np.ndarray]:
    """Mean binary log loss and its gradient with respect to p."""
    pc, _ = clip_probability(p)
    y = np.asarray(y, dtype=float).reshape(pc.shape)
    n = pc.size
    loss = float(log_loss_terms(pc, y).mean())
    grad = (pc - y) / (pc * (1.0 - pc)) / n
    return loss, grad


def misclassified(p, y) -> np.ndarray:
    """Where a yes/no prediction is wrong: (p ≥ 0.5) ≠ (y = 1), element-wise, as booleans."""
    return (np.asarray(p, dtype=float) >= 0.5) != (np.asarray(y, dtype=float) == 1)


def softmax_cross_entropy(logits, targets) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(logits) against integer targets, and ∂L/∂logits."""
    logits = np.atleast_2d(np.asarray(logits, dtype=float))
    targets = np.asarray(targets, dtype=int).reshape(-1)
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_probs[np.arange(n), targets].mean())
    grad = softmax(logits)
    grad[np.arange(n), targets] -= 1.0
    return loss, grad / n


def mse_terms(pred, target) -> np.ndarray:
    """Per-example squared error (pred − target)²."""
    return (np.asarray(pred, dtype=float) - np.asarray(target, dtype=float)) ** 2


IGNORE = -1  # a target that is not scored (a position with nothing to predict)


def sequence_cross_entropy(logits, targets) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy over logits (…, V) and integer targets (…), averaged over the
    targets that are not IGNORE; ∂L/∂logits is 0 at the ignored positions."""
    logits = np.asarray(logits, dtype=float)
    flat = logits.reshape(-1, logits.shape[-1])
    targets = np.asarray(targets, dtype=int).reshape(-1)
    keep = np.flatnonzero(targets != IGNORE)
    loss, g = softmax_cross_entropy(flat[keep], targets[keep])
    grad = np.zeros_like(flat)
    grad[keep] = g
    return loss, grad.reshape(logits.shape)


def mse(pred, target) -> tuple[float, np.ndarray]:
    """Mean squared error and its gradient with respect to the prediction."""
    pred = np.asarray(pred, dtype=float)
    diff = pred - np.asarray(target, dtype=float)
    return float(np.mean(mse_terms(pred, target))), 2.0 * diff / diff.size
