"""Sequence tasks for the Transformer, a step-wise run that trains one on them, and next-token's
MLP stepped beside it on the same text.

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
character; the last tenth of the text is held out. MLPRun is next-token's model on the same
training text, stepped one mini-batch at a time like AttentionRun, and measured on the same
windows: it predicts each target from the k characters before it inside the window (BOS before
the window's start, as next-token pads the start of its text), so both see the same characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nntui.engine.attention import ScoreOverride
from nntui.engine.lm import BOS, Config as LMConfig, LanguageModel, tokenize
from nntui.engine.losses import IGNORE, sequence_cross_entropy
from nntui.engine.optim import Adam, StepResult, Trainer
from nntui.engine.rng import Rng
from nntui.engine.transformer import Config, Trace, Transformer

SYMBOLS = "ABCDEFGH"
SEP = "|"
TASKS = ("reverse", "sort", "language")
HELD_OUT = 0.1  # the share of a text kept out of training in the language task
CHUNK = 16  # sequences a measuring forward pass takes at once (see in_chunks)


@dataclass(frozen=True)
class Task:
    """A vocabulary, training and held-out (ids, targets) arrays, and the context they need."""

    name: str
    vocab: list[str]
    X: np.ndarray  # or Windows, which indexes like one
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
    _rows, first = np.unique(x, axis=0, return_index=True)
    x = x[np.sort(first)]  # each sequence once, in draw order (NumPy's: no Python tuple per row)
    cut = min(test, len(x) // 5)
    x_test, x_train = x[:cut], x[cut:]

    def pairs(x):
        y = answer(kind, x)
        sep = np.full((len(x), 1), symbols)
        ids = np.concatenate([x, sep, y[:, :-1]], axis=1)
        targets = np.concatenate([np.full_like(x, IGNORE), y], axis=1)
        return ids, targets

    return Task(kind, [*SYMBOLS[:symbols], SEP], *pairs(x_train), *pairs(x_test))


class Windows:
    """Windows of `width` consecutive ids starting every `stride` (shifted by `shift`), made
    only when indexed: a 1,000,000-character corpus's 16-wide windows would be 128 MB as an array.
    Indexes like an (n, width) array by an int, a slice or an array of row numbers."""

    def __init__(self, ids: np.ndarray, width: int, stride: int = 1, shift: int = 0) -> None:
        self.ids, self.width, self.stride, self.shift = ids, width, stride, shift
        self.n = max(0, (len(ids) - width - 1) // stride + 1)

    def __len__(self) -> int:
        return self.n

    @property
    def shape(self) -> tuple[int, int]:
        return self.n, self.width

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """All windows at once (what a whole-set pass needs; mind the size)."""
        return self[:] if dtype is None else self[:].astype(dtype)

    def __getitem__(self, rows) -> np.ndarray:
        rows = np.arange(self.n)[rows] if isinstance(rows, slice) else np.asarray(rows)
        if np.any(rows >= self.n) or np.any(rows < -self.n):
            raise IndexError("window out of range")
        starts = np.where(rows < 0, rows + self.n, rows) * self.stride + self.shift
        return self.ids[np.expand_dims(starts, -1) + np.arange(self.width)]


def language_task(text: str, context: int = 16) -> Task:
    """Character windows of `context` from the first nine tenths of `text` (every start), and
    from the last tenth (back to back; at least one window's worth) held out; targets are the
    windows shifted by one."""
    tokens = tokenize(text, "char")
    vocab = [BOS, *sorted(set(tokens))]  # the next-token model's vocabulary, for comparison
    index = {t: i for i, t in enumerate(vocab)}
    ids = np.array([index[t] for t in tokens], dtype=int)
    cut = min(int(len(ids) * (1 - HELD_OUT)), len(ids) - context - 1)  # at least one held-out window
    if cut <= context:
        raise ValueError(f"a text of {len(ids)} characters is too short for a context of {context}")

    train, held = ids[:cut], ids[cut:]
    return Task("language", vocab, Windows(train, context), Windows(train, context, shift=1),
                Windows(held, context, context), Windows(held, context, context, shift=1))


@dataclass(frozen=True)
class Evaluation:
    """Loss (nats per scored token), exact-match rate (sequences all right) and per-token
    accuracy (top choice right) on one split."""

    loss: float
    exact: float
    per_token: float


def score(logits: np.ndarray, Y: np.ndarray) -> Evaluation:
    """The Evaluation of logits (n, T, vocab) against targets (n, T) (IGNORE: not scored)."""
    loss, _ = sequence_cross_entropy(logits, Y)
    scored = Y != IGNORE
    right = (logits.argmax(axis=-1) == Y) | ~scored
    return Evaluation(loss, float(right.all(axis=1).mean()), float(right[scored].mean()))


def in_chunks(forward, X: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
    """forward(X) one `chunk` of rows at a time, joined: the same numbers, and resident memory
    is what this buys. A 200-sequence pass at once holds ~10 MB of cached activations, and the
    heap keeps the pages; 16 sequences' (160 positions × 96 hidden values) stay under glibc's
    128 KB mmap threshold, so the heap reuses them."""
    return np.concatenate([forward(X[i:i + chunk]) for i in range(0, len(X), chunk)])


def split(task: Task, name: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to `limit` (ids, targets) rows of the "test" or "train" split, spread evenly over it
    (a text's training windows start at every character: its first `limit` would all overlap),
    the same rows for every model measured on it."""
    X, Y = (task.X_test, task.Y_test) if name == "test" else (task.X, task.Y)
    rows = np.linspace(0, len(X) - 1, min(limit, len(X))).round().astype(int)
    return np.asarray(X[rows]), np.asarray(Y[rows])


class AttentionRun:
    """A task, a Transformer and its Adam trainer, stepped one mini-batch at a time.

    `mask=False` trains without the causal mask (every position also sees the answer);
    `evaluate(mask=True)` then measures it honestly. The head is untied by default: tied to the
    embedding, the toy learns reverse far more slowly."""

    def __init__(self, task: Task, rng: Rng, dim: int = 24, heads: int = 1, layers: int = 1,
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

    def evaluate(self, part: str = "test", mask: bool | None = None, limit: int = 500) -> Evaluation:
        """Loss and accuracies on (up to `limit` sequences of) "test" or "train"; `mask` forces
        the causal mask on or off for this measurement (None: as trained)."""
        X, Y = split(self.task, part, limit)
        kept = self.model.mask
        if mask is not None:
            self.model.mask = mask
        try:
            with np.errstate(all="ignore"):
                logits = in_chunks(self.model.forward, X)
        finally:
            self.model.mask = kept
        return score(logits, Y)

    def trace(self, ids, mask: bool | None = None, override: ScoreOverride | None = None,
              layer: int = 0) -> Trace:
        """One sequence's scores, mask, weights and predictions (see Transformer.trace)."""
        return self.model.trace(ids, mask, override, layer)


class MLPRun:
    """next-token's MLP (nntui.engine.lm.LanguageModel, its scene's shape: the last 3 characters,
    SGD lr 0.5, 64 pairs a step) trained on a language task's training text, to set beside an
    AttentionRun at equal steps; `evaluate` measures it on the rows AttentionRun.evaluate reads."""

    def __init__(self, task: Task, rng: Rng, config: LMConfig = LMConfig(), lr: float = 0.5, batch: int = 64) -> None:
        if not isinstance(task.X, Windows):
            raise ValueError("next-token's MLP needs a language task")
        self.task = task
        self.lm = LanguageModel(task.decode(task.X.ids), config, rng, lr=lr, vocab=task.vocab, batch=batch,
                                held_out=0)  # the task's own split: the text given is all training text

    @property
    def n_params(self) -> int:
        return self.lm.n_params

    @property
    def steps(self) -> int:
        return self.lm.trainer.steps

    def step(self) -> StepResult:
        """One SGD update on a random mini-batch of (k characters, next character) pairs."""
        return self.lm.trainer.step()

    def contexts(self, X: np.ndarray) -> np.ndarray:
        """For windows X (n, T): the k ids before each window position's target, (n·T, k): row
        (b, t) holds X[b, t−k+1 … t], BOS (id 0) where that reaches before the window."""
        n, T = X.shape
        k = self.lm.config.context
        padded = np.concatenate([np.zeros((n, k), dtype=int), X], axis=1)
        return padded[:, np.arange(T)[:, None] + 1 + np.arange(k)].reshape(n * T, k)

    def evaluate(self, part: str = "test", limit: int = 500) -> Evaluation:
        """Loss and accuracies on (up to `limit` windows of) "test" or "train"."""
        X, Y = split(self.task, part, limit)
        with np.errstate(all="ignore"):
            logits = in_chunks(self.lm.net.forward, self.contexts(X), CHUNK * X.shape[1])
        return score(logits.reshape(*X.shape, -1), Y)
