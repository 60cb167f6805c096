"""Stochastic gradient descent (and Adam) and a step-wise trainer.

SGD:  θ ← θ − η · ∂L/∂θ   for every parameter θ, with learning rate η.  Adam: see `Adam`.

`Trainer.step()` does exactly one update and returns what a scene draws. A step whose loss,
gradients or new parameters are not finite (or whose loss passes `DIVERGED_LOSS`) marks the run
as *diverged*: the parameters are put back to their last finite values and every later step
returns the same report until `reset`. No inf or nan ever leaves the trainer as a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from nntui.engine.layers import Sequential
from nntui.engine.rng import Rng

LossFn = Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]
DIVERGED_LOSS = 1e12


class SGD:
    """Plain gradient descent with learning rate `lr`."""

    def __init__(self, lr: float) -> None:
        self.lr = lr

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every parameter in place: θ ← θ − lr · g."""
        for name, value in params.items():
            if name in grads:
                value -= self.lr * grads[name]


class Adam:
    """Adam (Kingma & Ba 2015): a step per parameter scaled by its own recent gradients.

        m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²      (running mean and mean square)
        θ ← θ − lr · m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   (t: steps so far)

    What attention needs: plain SGD moves a Transformer's many differently-scaled weights at one
    rate and crawls; Adam gives each weight a step of about lr whatever its gradient's size."""

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every parameter in place by the rule above."""
        self.t += 1
        c1, c2 = 1.0 - self.beta1**self.t, 1.0 - self.beta2**self.t
        for name, value in params.items():
            if name not in grads:
                continue
            g = grads[name]
            m = self.m[name] = self.beta1 * self.m.get(name, 0.0) + (1.0 - self.beta1) * g
            v = self.v[name] = self.beta2 * self.v.get(name, 0.0) + (1.0 - self.beta2) * g * g
            value -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


@dataclass(frozen=True)
class StepResult:
    """What one training step did."""

    step: int  # how many updates have been applied so far
    loss: float  # the loss measured before this update (the last finite one if diverged)
    grads: dict[str, np.ndarray]
    params: dict[str, np.ndarray]
    diverged: bool = False


def all_finite(arrays) -> bool:
    """True when every number in every array is finite."""
    return all(np.all(np.isfinite(a)) for a in arrays)


class Trainer:
    """Trains `model` on (X, Y) with `loss_fn`, one full-batch (or mini-batch) step at a time."""

    def __init__(
        self,
        model: Sequential,
        loss_fn: LossFn,
        X,
        Y,
        optimizer: SGD | Adam,
        batch_size: int | None = None,
        rng: Rng | None = None,
        trainable: set[str] | None = None,
    ) -> None:
        """`trainable` names the parameters SGD may change (default: all); the others stay fixed,
        e.g. to walk one weight downhill while the bias holds still."""
        if batch_size is not None and rng is None:
            raise ValueError("mini-batches need an rng for their draws")
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.X, self.Y = X, Y
        self.batch_size, self.rng = batch_size, rng
        self.trainable = trainable
        self.steps = 0
        self.diverged = False
        self.last: StepResult | None = None

    def batch(self):
        """The whole data set, or a random mini-batch drawn with the trainer's rng."""
        if self.batch_size is None or self.batch_size >= len(self.X):
            return self.X, self.Y
        idx = self.rng.integers(0, len(self.X), size=self.batch_size)
        return self.X[idx], self.Y[idx]

    def gradients(self) -> dict[str, np.ndarray]:
        """∂L/∂θ on the whole data set at the current parameters (one forward and backward
        pass, no update), for the parameters SGD may change."""
        loss, grad = self.loss_fn(self.model.forward(self.X), self.Y)
        self.model.backward(grad)
        return {k: v.copy() for k, v in self.model.gradients().items()
                if self.trainable is None or k in self.trainable}

    def loss(self, X=None, Y=None) -> float:
        """The loss on the whole training set (or on X, Y: a held-out set) at the current
        parameters, without updating."""
        X, Y = (self.X, self.Y) if X is None else (X, Y)
        loss, _ = self.loss_fn(self.model.forward(X), Y)
        return loss

    def step(self) -> StepResult:
        """One update: forward, loss, backward, SGD. Returns the report of this step."""
        if self.diverged and self.last is not None:
            return self.last
        params = self.model.parameters()
        saved = {k: v.copy() for k, v in params.items()}
        with np.errstate(all="ignore"):
            xb, yb = self.batch()
            loss, grad = self.loss_fn(self.model.forward(xb), yb)
            self.model.backward(grad)
            grads = {k: v.copy() for k, v in self.model.gradients().items()
                     if self.trainable is None or k in self.trainable}
            ok = np.isfinite(loss) and abs(loss) < DIVERGED_LOSS and all_finite(grads.values())
            if ok:
                self.optimizer.step(params, grads)
                ok = all_finite(params.values())
        if not ok:
            for k, v in params.items():
                v[...] = saved[k]
            self.diverged = True
            last_loss = self.last.loss if self.last is not None else DIVERGED_LOSS
            zero = {k: np.zeros_like(v) for k, v in grads.items()}
            self.last = StepResult(self.steps, last_loss, zero, saved, diverged=True)
            return self.last
        self.steps += 1
        self.last = StepResult(self.steps, float(loss), grads, {k: v.copy() for k, v in params.items()})
        return self.last


def accuracy(model: Sequential, X, Y) -> float:
    """The share of rows a classifier gets right: (1/n) · Σᵢ [argmaxₖ f(xᵢ)ₖ = yᵢ], with f the
    model's outputs (logits or probabilities: softmax keeps the argmax) and y the class ids."""
    return float(np.mean(np.argmax(model.forward(X), axis=1) == np.asarray(Y)))


def loss_grid(model: Sequential, loss_fn: LossFn, X, Y, axes: dict[str, np.ndarray]) -> np.ndarray:
    """The loss at every combination of values for one or two scalar parameters: the landscape
    gradient descent walks on. `axes` maps a parameter name (e.g. '0.W') to the values it takes;
    the result has one axis per entry, in order. The model's parameters are left as they were."""
    params = model.parameters()
    names = list(axes)
    saved = {n: params[n].copy() for n in names}
    out = np.zeros([len(v) for v in axes.values()])
    with np.errstate(all="ignore"):
        for index in np.ndindex(out.shape):
            for n, i in zip(names, index):
                params[n][...] = axes[n][i]
            out[index] = loss_fn(model.forward(X), Y)[0]
    for n in names:
        params[n][...] = saved[n]
    return out


DIVERGED, SETTLED = "diverged", "settled"


class StopRule:
    """When a training run ends by itself — one rule for every scene that trains.

    After each step, `update(step, loss, diverged)` says:
      "diverged" when the trainer reported a non-finite step, or the loss has grown past
                 `blowup` × the first loss it was given (the walk is running away: no need to
                 wait for the numbers to overflow);
      "settled"  when the best loss so far has not fallen by more than `tol` for `patience`
                 steps (a plateau: more steps change nothing a viewer could see), unless the
                 loss is above the first one: a run that climbs is not settling, it goes on
                 until it falls again or blows up;
      None       otherwise: go on.
    """

    def __init__(self, tol: float, patience: int = 1, blowup: float = 1e3) -> None:
        self.tol, self.patience, self.blowup = tol, patience, blowup
        self.first: float | None = None
        self.best, self.best_step = np.inf, 0

    def update(self, step: int, loss: float, diverged: bool = False) -> str | None:
        if self.first is None:
            self.first = loss
        if diverged or not np.isfinite(loss) or loss > self.blowup * max(self.first, 1e-12):
            return DIVERGED
        if loss < self.best - self.tol:
            self.best, self.best_step = loss, step
            return None
        climbing = loss > self.first  # above where it started: overshooting, not settling
        return SETTLED if step - self.best_step >= self.patience and not climbing else None
