"""Sequence tasks for the Transformer, and a step-wise run that trains one on them.

Symbol tasks, each sequence of T = 2n tokens and scored only on the answer:

    tokens   x₁ … xₙ  |  y₁ … yₙ₋₁          (the model reads the answer so far, GPT-style)
    targets  ·  … ·   y₁ y₂ … yₙ            (· = IGNORE: nothing to predict there)

- reverse: yₖ = xₙ₋ₖ₊₁. The query at position n + k − 1 must look at key n − k: the weights of
  the answer rows form an anti-diagonal. Symbols drawn with repetition.
- sort:    y = the xᵢ in increasing order; n distinct symbols (a permutation's first n), so the
  query holding yₖ looks for the smallest symbol above it: a lookup by content, not position.

Accuracy is the exact-match rate: the share of held-out sequences whose every answer token is
the model's top choice. With the answer fed in, that equals greedy generation's (by induction).

Language: windows of `context` characters of a text, every position predicting the next
character; the last tenth of the text is held out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine.attention import ScoreOverride
from nntui.engine.lm import BOS, tokenize
from nntui.engine.losses import IGNORE, sequence_cross_entropy
from nntui.engine.optim import Adam, StepResult, Trainer
from nntui.engine.rng import Rng
from nntui.engine.transformer import Config, Trace, Transformer

SYMBOLS = "ABCDEFGH"
SEP = "|"
TASKS = ("reverse", "sort", "language")
HELD_OUT = 0.1  # the share of a text kept out of training in the language task


@dataclass(frozen=True)
class Task:
    """A vocabulary, training and held-out (ids, targets) arrays, and the context they need."""

    name: str
    vocab: list[str]
    X: np.ndarray
    Y: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray

    @property
    def context(self) -> int:
        return self.X.shape[1]

    def decode(self, ids) -> str:
        return "".join(self.vocab[i] for i in ids)


def answer(kind: str, x: np.ndarray) -> np.ndarray:
    """The answer rows for input rows x: reversed or sorted."""
    return x[:, ::-1] if kind == "reverse" else np.sort(x, axis=1)


def symbol_task(kind: str, rng: Rng, length: int = 5, symbols: int = 8, train: int = 4000,
                test: int = 500) -> Task:
    """`reverse` or `sort` of `length` symbols out of the first `symbols` of SYMBOLS. The
    held-out sequences never occur in training (drawn first, then removed from the rest)."""
    if kind not in ("reverse", "sort"):
        raise ValueError(f"unknown task {kind!r}; choose reverse or sort")
    if not 1 <= symbols <= len(SYMBOLS) or length < 1 or (kind == "sort" and length > symbols):
        raise ValueError(f"cannot {kind} {length} of {symbols} symbols")
    n = train + test
    if kind == "reverse":
        x = rng.integers(0, symbols, size=n * length).reshape(n, length)
    else:  # the first `length` of a random permutation: distinct symbols
        x = np.argsort(rng.uniform(n * symbols).reshape(n, symbols), axis=1)[:, :length]
    seen: dict[tuple, None] = dict.fromkeys(map(tuple, x.tolist()))  # unique, in draw order
    x = np.array(list(seen), dtype=int)
    cut = min(test, len(x) // 5)
    x_test, x_train = x[:cut], x[cut:]

    def pairs(x):
        y = answer(kind, x)
        sep = np.full((len(x), 1), symbols)
        ids = np.concatenate([x, sep, y[:, :-1]], axis=1)
        targets = np.concatenate([np.full_like(x, IGNORE), y], axis=1)
        return ids, targets

    return Task(kind, [*SYMBOLS[:symbols], SEP], *pairs(x_train), *pairs(x_test))


def language_task(text: str, context: int = 16) -> Task:
    """Character windows of `context` from the first nine tenths of `text` (every start), and
    from the last tenth (back to back) held out; targets are the windows shifted by one."""
    tokens = tokenize(text, "char")
    vocab = [BOS, *sorted(set(tokens))]  # the next-token model's vocabulary, for comparison
    index = {t: i for i, t in enumerate(vocab)}
    ids = np.array([index[t] for t in tokens], dtype=int)
    cut = int(len(ids) * (1 - HELD_OUT))
    if cut <= context or len(ids) - cut <= context:
        raise ValueError(f"a text of {len(ids)} characters is too short for a context of {context}")

    def windows(part, starts):
        at = starts[:, None] + np.arange(context)
        return part[at], part[at + 1]

    train, held = ids[:cut], ids[cut:]
    return Task("language", vocab, *windows(train, np.arange(len(train) - context)),
                *windows(held, np.arange(0, len(held) - context, context)))


@dataclass(frozen=True)
class Evaluation:
    """Loss (nats per scored token), exact-match rate (sequences all right) and per-token
    accuracy (top choice right) on one split."""

    loss: float
    exact: float
    per_token: float


class AttentionRun:
    """A task, a Transformer and its Adam trainer, stepped one mini-batch at a time.

    `mask=False` trains without the causal mask (every position also sees the answer);
    `evaluate(mask=True)` then measures it honestly. The head is untied by default: tied to the
    embedding, the toy learns reverse far more slowly."""

    def __init__(self, task: Task, rng: Rng, dim: int = 32, heads: int = 1, layers: int = 1,
                 positions: bool = True, mask: bool = True, lr: float = 0.01, batch: int = 32,
                 tied: bool = False) -> None:
        self.task = task
        self.config = Config(len(task.vocab), task.context, dim, heads, layers, positions=positions, tied=tied)
        self.model = Transformer(self.config, rng)
        self.model.mask = mask
        self.trainer = Trainer(self.model, sequence_cross_entropy, task.X, task.Y, Adam(lr),
                               batch_size=batch, rng=rng)

    @property
    def n_params(self) -> int:
        return self.model.n_params

    def step(self) -> StepResult:
        """One Adam update on a random mini-batch: the step, the batch's loss (before the update),
        the gradients and parameters, and whether the run diverged (then nothing moves)."""
        return self.trainer.step()

    def train(self, steps: int) -> StepResult | None:
        result = None
        for _ in range(steps):
            result = self.step()
            if result.diverged:
                break
        return result

    def evaluate(self, split: str = "test", mask: bool | None = None, limit: int = 500) -> Evaluation:
        """Loss and accuracies on (up to `limit` sequences of) "test" or "train"; `mask` forces
        the causal mask on or off for this measurement (None: as trained)."""
        X, Y = (self.task.X_test, self.task.Y_test) if split == "test" else (self.task.X, self.task.Y)
        X, Y = X[:limit], Y[:limit]
        kept = self.model.mask
        if mask is not None:
            self.model.mask = mask
        try:
            with np.errstate(all="ignore"):
                logits = self.model.forward(X)
        finally:
            self.model.mask = kept
        loss, _ = sequence_cross_entropy(logits, Y)
        scored = Y != IGNORE
        right = (logits.argmax(axis=-1) == Y) | ~scored
        return Evaluation(loss, float(right.all(axis=1).mean()), float(right[scored].mean()))

    def trace(self, ids, mask: bool | None = None, override: ScoreOverride | None = None,
              layer: int = 0) -> Trace:
        """One sequence's scores, mask, weights and predictions (see Transformer.trace)."""
        return self.model.trace(ids, mask, override, layer)
