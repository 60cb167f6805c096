"""A tiny next-token language model, built only from the engine's layers (makemore's MLP):

    last k token ids → Embedding (k × d) → Flatten → Dense(k·d, H) → tanh → Dense(H, V) → logits

trained with softmax cross-entropy and SGD on mini-batches of (context, next token) pairs from
a text. Generation: logits → softmax(logits / T) → keep the top k → sample one id → append →
repeat. Character level by default, word level as an option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nntui.engine.layers import Act, Dense, Embedding, Flatten, Sequential
from nntui.engine.losses import softmax_cross_entropy
from nntui.engine.optim import SGD, Trainer
from nntui.engine.rng import Rng
from nntui.engine.softmax import sample, softmax, top_k

BOS = "␂"  # the start of the text: contexts before the first token are filled with it
WORD_OR_MARK = re.compile(r"\w+|[^\w\s]", re.UNICODE)
LEVELS = ("char", "word")
MAX_WEIGHTS = 64_000_000  # bytes; the largest model the scene builds saves to well under 1 MB


class WeightsError(Exception):
    """A weights file that cannot be loaded; the message says why."""


def tokenize(text: str, level: str) -> list[str]:
    """Characters as they are, or lower-cased words and punctuation marks."""
    return list(text) if level == "char" else WORD_OR_MARK.findall(text.lower())


def detokenize(tokens: list[str], level: str) -> str:
    """Tokens back to text: characters joined; words joined by spaces, none before punctuation."""
    if level == "char":
        return "".join(t for t in tokens if t != BOS)
    out = ""
    for t in tokens:
        if t == BOS:
            continue
        out += t if (not out or not t[0].isalnum()) else " " + t
    return out


@dataclass(frozen=True)
class Config:
    level: str = "char"
    context: int = 3
    embed: int = 10
    hidden: int = 96


class LanguageModel:
    """The vocabulary, the network, its training data and its SGD trainer, together."""

    def __init__(self, text: str, config: Config, rng: Rng, lr: float = 0.5,
                 vocab: list[str] | None = None, batch: int = 64) -> None:
        self.config = config
        tokens = tokenize(text, config.level)
        self.vocab = vocab or [BOS, *sorted(set(tokens))]
        self.index = {t: i for i, t in enumerate(self.vocab)}
        ids = np.array([self.index[t] for t in tokens if t in self.index], dtype=int)
        k, v = config.context, len(self.vocab)
        padded = np.concatenate([np.zeros(k, dtype=int), ids])
        self.X = padded[np.arange(len(ids))[:, None] + np.arange(k)]  # row i: the k ids before ids[i]
        self.Y = ids
        self.net = Sequential(
            Embedding(v, config.embed, rng), Flatten(),
            Dense(k * config.embed, config.hidden, rng), Act("tanh"), Dense(config.hidden, v, rng),
        )
        self.trainer = Trainer(self.net, softmax_cross_entropy, self.X, self.Y, SGD(lr), batch_size=batch, rng=rng)

    @property
    def n_params(self) -> int:
        return self.net.n_params

    def train(self, steps: int) -> float:
        """`steps` SGD updates on random mini-batches; returns the last batch's loss."""
        loss = float("nan")
        for _ in range(steps):
            result = self.trainer.step()
            loss = result.loss
            if result.diverged:
                break
        return loss

    def loss(self, limit: int = 4000, chunk: int = 100) -> float:
        """Cross-entropy over (up to `limit` of) the training pairs, in nats per token: the mean
        of `chunk`-sized pieces' means weighted by their sizes, so the forward pass never holds
        more than `chunk` rows. Resident memory is what this buys: 4,000 rows at once cost ~5 MB,
        500 ~2 MB; at 100 the character model's temporaries (100 × 96 hidden values, 100 × V
        logits) stay under glibc's 128 KB mmap threshold, so the heap reuses them."""
        n = min(limit, len(self.Y))
        total = 0.0
        for start in range(0, n, chunk):
            stop = min(n, start + chunk)
            total += softmax_cross_entropy(self.net.forward(self.X[start:stop]), self.Y[start:stop])[0] * (stop - start)
        return total / n if n else float("nan")

    def encode(self, text: str) -> tuple[list[int], list[str]]:
        """The ids of the tokens the model knows, and the tokens it does not (skipped)."""
        ids, unknown = [], []
        for t in tokenize(text, self.config.level):
            (ids.append(self.index[t]) if t in self.index else unknown.append(t))
        return ids, unknown

    def context_of(self, ids: list[int]) -> np.ndarray:
        k = self.config.context
        window = ([0] * k + list(ids))[-k:]
        return np.array([window], dtype=int)

    def logits(self, ids: list[int]) -> np.ndarray:
        """The scores for every token of the vocabulary after the given ids."""
        return self.net.forward(self.context_of(ids))[0]

    def distribution(self, ids: list[int], temperature: float, k: int | None) -> np.ndarray:
        """P(next token) = top-k of softmax(logits / T)."""
        return top_k(softmax(self.logits(ids), temperature), k)

    def generate(self, ids: list[int], n: int, temperature: float, k: int | None, rng: Rng) -> list[int]:
        out = list(ids)
        for _ in range(n):
            out.append(sample(self.distribution(out, temperature, None), rng, k))
        return out[len(ids):]

    # ---- weights on disk: np.savez, never pickle ------------------------------------------------
    def save(self, path: str | Path) -> None:
        arrays = {f"param:{k}": v for k, v in self.net.parameters().items()}
        np.savez(
            path, vocab=np.array(self.vocab), level=np.array(self.config.level),
            shape=np.array([self.config.context, self.config.embed, self.config.hidden]), **arrays,
        )

    @classmethod
    def load(cls, path: str | Path, text: str, rng: Rng, lr: float = 0.5) -> "LanguageModel":
        """A model with the saved vocabulary, shape and weights, to train further on `text`."""
        if Path(path).is_file() and Path(path).stat().st_size > MAX_WEIGHTS:
            raise WeightsError(f"{path}: too large for a weights file (at most {MAX_WEIGHTS // 1_000_000} MB)")
        if Path(path).exists() and not Path(path).is_file():
            raise WeightsError(f"{path}: not a file")
        try:
            with np.load(path, allow_pickle=False) as f:
                vocab = [str(t) for t in f["vocab"]]
                level = str(f["level"])
                context, embed, hidden = (int(x) for x in f["shape"])
                params = {k.removeprefix("param:"): f[k] for k in f.files if k.startswith("param:")}
        except FileNotFoundError:
            raise WeightsError(f"{path}: no such file") from None
        except (KeyError, ValueError, OSError, EOFError) as e:
            raise WeightsError(f"{path}: not an nntui weights file ({type(e).__name__})") from None
        if level not in LEVELS or not vocab or min(context, embed, hidden) < 1:
            raise WeightsError(f"{path}: not an nntui weights file (bad shape)")
        model = cls(text, Config(level, context, embed, hidden), rng, lr, vocab=vocab)
        own = model.net.parameters()
        if set(params) != set(own) or any(own[k].shape != params[k].shape for k in own):
            raise WeightsError(f"{path}: the weights do not fit the model they describe")
        for k, v in params.items():
            if not np.all(np.isfinite(v)):
                raise WeightsError(f"{path}: the weights contain inf or nan")
            own[k][...] = v
        return model


class CorpusError(Exception):
    """A text that cannot be trained on; the message says why."""


MAX_CORPUS = 1_000_000  # characters; a larger text is cut (on a line break) with a note
MIN_CORPUS = 50  # characters: fewer gives the model nothing to learn


def read_corpus(path: str | Path) -> tuple[str, str | None]:
    """The text of a corpus file, and a note when only its beginning is used."""
    path = Path(path)
    if path.is_dir():
        raise CorpusError(f"{path}: a folder, not a text file")
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    with open(path, "rb") as f:
        raw = f.read(4 * MAX_CORPUS + 4)
    if b"\x00" in raw[:8192]:
        raise CorpusError(f"{path}: a binary file, not text")
    text = raw.decode("utf-8", errors="replace")
    if text.count("\ufffd") > len(text) // 100 + 1:
        raise CorpusError(f"{path}: not UTF-8 text")
    note = None
    if len(text) > MAX_CORPUS or len(raw) > 4 * MAX_CORPUS:
        cut = text.rfind("\n", 0, MAX_CORPUS)
        text = text[: cut if cut > MAX_CORPUS // 2 else MAX_CORPUS]
        note = f"{path.name} is large: training on its first {len(text):,} characters"
    if len(text.strip()) < MIN_CORPUS:
        raise CorpusError(f"{path}: too little text to learn from ({len(text.strip())} characters; at least {MIN_CORPUS})")
    return text, note
