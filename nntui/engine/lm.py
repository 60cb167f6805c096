"""A tiny next-token language model, built only from the engine's layers (makemore's MLP):

    last k token ids → Embedding (k × d) → Flatten → Dense(k·d, H) → tanh → Dense(H, V) → logits

trained with softmax cross-entropy and SGD on mini-batches of (context, next token) pairs from
a text. The last tenth of the pairs (HELD_OUT, the end of the text) is held out: never trained on,
it measures how well the model does on text it has not seen. Generation: logits →
softmax(logits / T) → keep the top k → sample one id → append → repeat. Character level by
default, word level as an option.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nntui.engine.layers import Act, Dense, Embedding, Flatten, Sequential
from nntui.engine.losses import softmax_cross_entropy
from nntui.engine.optim import SGD, Trainer
from nntui.engine.projection import pca
from nntui.engine.rng import Rng
from nntui.engine.softmax import sample, softmax, top_k
from nntui.files import FileError, regular_file  # the standard library only: no textual, no rich

BOS = "␂"  # the start of the text: contexts before the first token are filled with it
WORD_OR_MARK = re.compile(r"\w+|[^\w\s]", re.UNICODE)
LEVELS = ("char", "word")
MAX_WEIGHTS = 64_000_000  # bytes, packed or unpacked; the largest model the scene builds saves to ~5 MB
MAX_VOCAB = 1000  # tokens: a text with more distinct ones trains on its 999 most frequent (and BOS)
HELD_OUT = 0.1  # the share of (context, next token) pairs, at the text's end, never trained on
EMBED_SCALE = 0.1  # E starts as N(0, 0.1²): small beside what training moves, so the learned map shows


class WeightsError(Exception):
    """A weights file that cannot be loaded; the message says why."""


def token_spans(text: str, level: str) -> list[tuple[int, int]]:
    """Where each token of `text` stands in it: (start, end) of every character, or of every
    word and punctuation mark."""
    if level == "char":
        return [(i, i + 1) for i in range(len(text))]
    return [m.span() for m in WORD_OR_MARK.finditer(text)]


def tokenize(text: str, level: str) -> list[str]:
    """Characters as they are, or lower-cased words and punctuation marks."""
    return list(text) if level == "char" else [text[a:b].lower() for a, b in token_spans(text, level)]


def detokenize(tokens: list[str], level: str) -> str:
    """Tokens back to text: characters joined; words joined by spaces, none before punctuation."""
    return detokenize_spans(tokens, level)[0]


def detokenize_spans(tokens: list[str], level: str) -> tuple[str, list[tuple[int, int]]]:
    """`detokenize`, and where each token landed in the text (BOS, which is not shown, as an
    empty span where it stands)."""
    out, spans = "", []
    for t in tokens:
        if t == BOS:
            spans.append((len(out), len(out)))
            continue
        if level != "char" and out and t[0].isalnum():
            out += " "
        spans.append((len(out), len(out) + len(t)))
        out += t
    return out, spans


def make_vocab(tokens: list[str]) -> list[str]:
    """BOS, then the text's distinct tokens in sorted order: at most MAX_VOCAB in all, the most
    frequent ones (ties: the first seen) when a text has more; the others are skipped in training."""
    counts = Counter(tokens)
    kept = counts if len(counts) < MAX_VOCAB else dict(counts.most_common(MAX_VOCAB - 1))
    return [BOS, *sorted(kept)]


@dataclass(frozen=True)
class Config:
    level: str = "char"
    context: int = 3
    embed: int = 10
    hidden: int = 96


class LanguageModel:
    """The vocabulary, the network, its data (X, Y: every (context, next token) pair of the text,
    the first `n_train` trained on, the rest held out) and its SGD trainer, together."""

    def __init__(self, text: str, config: Config, rng: Rng, lr: float = 0.5,
                 vocab: list[str] | None = None, batch: int = 64, held_out: float = HELD_OUT) -> None:
        self.config = config
        tokens = tokenize(text, config.level)
        self.vocab = vocab or make_vocab(tokens)
        self.index = {t: i for i, t in enumerate(self.vocab)}
        ids = np.array([self.index[t] for t in tokens if t in self.index], dtype=int)
        k, v = config.context, len(self.vocab)
        padded = np.concatenate([np.zeros(k, dtype=int), ids])
        self.X = padded[np.arange(len(ids))[:, None] + np.arange(k)]  # row i: the k ids before ids[i]
        self.Y = ids
        self.n_train = len(ids) - int(len(ids) * held_out) if len(ids) > 1 else len(ids)
        self.net = Sequential(
            Embedding(v, config.embed, rng, scale=EMBED_SCALE), Flatten(),
            Dense(k * config.embed, config.hidden, rng), Act("tanh"), Dense(config.hidden, v, rng),
        )
        n = self.n_train
        self.trainer = Trainer(self.net, softmax_cross_entropy, self.X[:n], self.Y[:n], SGD(lr), batch_size=batch, rng=rng)

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

    def loss(self, part: str = "train", limit: int = 4000, chunk: int = 100) -> float:
        """Cross-entropy over (up to the first `limit` of) the training pairs, or the held-out
        ones (`part="held-out"`), in nats per token: the mean of `chunk`-sized pieces' means
        weighted by their sizes, so the forward pass never holds more than `chunk` rows. Resident
        memory is what this buys: 4,000 rows at once cost ~5 MB, 500 ~2 MB; at 100 the character
        model's temporaries (100 × 96 hidden values, 100 × V logits) stay under glibc's 128 KB
        mmap threshold, so the heap reuses them."""
        first, end = (0, self.n_train) if part == "train" else (self.n_train, len(self.Y))
        n = min(limit, end - first)
        total = 0.0
        for start in range(first, first + n, chunk):
            stop = min(first + n, start + chunk)
            total += softmax_cross_entropy(self.net.forward(self.X[start:stop]), self.Y[start:stop])[0] * (stop - start)
        return total / n if n else float("nan")

    def embedding_map(self) -> tuple[np.ndarray, np.ndarray]:
        """Every token's embedding (a row of E) projected to 2-D by PCA (engine.projection.pca),
        and the share of the variance each of the two axes keeps."""
        return pca(self.net.parameters()["0.E"], 2)

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
        """A model with the saved vocabulary, shape and weights, to train further on `text`.

        Nothing is allocated before it is checked: the zip's directory (member names and
        unpacked sizes, at most MAX_WEIGHTS in all) and each array's .npy header (dtype, shape,
        and that the data it claims is the data the member holds) are read first, then the
        shape against the scene's ranges and the vocabulary against `text`'s; only then are the
        arrays loaded (`allow_pickle=False`) and checked against the model they must fit."""
        try:
            size = regular_file(path).st_size
        except FileError as e:
            raise WeightsError(str(e).replace("a folder, not a file", "not a file")) from None
        if size > MAX_WEIGHTS:
            raise WeightsError(f"{path}: too large for a weights file (at most {MAX_WEIGHTS // 1_000_000} MB)")
        read_headers(path)
        try:
            with np.load(path, allow_pickle=False) as f:
                vocab, level, shape = f["vocab"], f["level"], f["shape"]
                params = {k.removeprefix("param:"): f[k] for k in f.files if k.startswith("param:")}
        except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile) as e:
            raise WeightsError(f"{path}: not an nntui weights file ({type(e).__name__})") from None
        level, vocab = str(level), [str(t) for t in vocab]
        context, embed, hidden = (int(x) for x in shape)
        if level not in LEVELS or any(not lo <= n <= hi for n, (lo, hi) in zip((context, embed, hidden), SHAPE_RANGES)):
            raise WeightsError(f"{path}: not an nntui weights file (bad shape: level {level!r}, "
                               f"context {context}, embed {embed}, hidden {hidden})")
        if vocab != make_vocab(tokenize(text, level)):
            raise WeightsError(f"{path}: the weights were saved for another text (its vocabulary differs); "
                               "give the --corpus they were trained on")
        model = cls(text, Config(level, context, embed, hidden), rng, lr, vocab=vocab)
        own = model.net.parameters()
        if set(params) != set(own) or any(own[k].shape != params[k].shape for k in own):
            raise WeightsError(f"{path}: the weights do not fit the model they describe")
        for k, v in params.items():
            if not np.all(np.isfinite(v)):
                raise WeightsError(f"{path}: the weights contain inf or nan")
            own[k][...] = v
        return model


SHAPE_RANGES = ((1, 8), (1, 64), (8, 256))  # context, embed, hidden: what the scene can build
MAX_TOKEN = 1000  # characters a vocabulary entry may have
MAX_MEMBERS = 16  # arrays in a weights file (the model has 8)


def read_headers(path: str | Path) -> dict[str, tuple[tuple[int, ...], np.dtype]]:
    """Each array's (shape, dtype) from the .npz's zip directory and .npy headers, checked
    against what an nntui weights file holds, without reading (or allocating) any array."""
    bad = f"{path}: not an nntui weights file"
    headers = {}
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_WEIGHTS:
                raise WeightsError(f"{path}: too large for a weights file once unpacked "
                                   f"(at most {MAX_WEIGHTS // 1_000_000} MB)")
            for m in members:
                with z.open(m) as fp:
                    version = np.lib.format.read_magic(fp)
                    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                    shape, _fortran, dtype = read(fp)
                    data = m.file_size - fp.tell()
                headers[m.filename.removesuffix(".npy")] = (shape, dtype)
                if dtype.hasobject or dtype.fields is not None:
                    raise WeightsError(f"{bad} ({m.filename}: a {dtype} array, not numbers or text)")
                if math.prod(shape) * dtype.itemsize != data:
                    raise WeightsError(f"{bad} ({m.filename}: its header does not describe its data)")
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as e:
        raise WeightsError(f"{bad} ({type(e).__name__})") from None
    want = {"vocab": ("U", 1), "level": ("U", 0), "shape": ("iu", 1)}
    for name, (kinds, ndim) in want.items():
        if name not in headers:
            raise WeightsError(f"{bad} (no {name!r} array)")
        shape, dtype = headers[name]
        if dtype.kind not in kinds or len(shape) != ndim:
            raise WeightsError(f"{bad} ({name!r} is a {dtype} array of shape {shape})")
    (n,), token = headers["vocab"][0], headers["vocab"][1].itemsize // 4
    if not 1 <= n <= MAX_VOCAB or token > MAX_TOKEN or headers["shape"][0] != (3,):
        raise WeightsError(f"{bad} (a vocabulary of {n:,} tokens; at most {MAX_VOCAB:,})")
    for name, (shape, dtype) in headers.items():
        if name in want:
            continue
        if not name.startswith("param:") or dtype.kind != "f" or dtype.itemsize > 8 or not shape:
            raise WeightsError(f"{bad} (unexpected array {name!r}: {dtype} of shape {shape})")
    return headers


class CorpusError(Exception):
    """A text that cannot be trained on; the message says why."""


MAX_CORPUS = 1_000_000  # characters; a larger text is cut (on a line break) with a note
MIN_CORPUS = 50  # characters: fewer gives the model nothing to learn


def read_corpus(path: str | Path) -> tuple[str, str | None]:
    """The text of a corpus file, and a note when only its beginning is used."""
    path = Path(path)
    try:
        regular_file(path)
        with open(path, "rb") as f:
            raw = f.read(4 * MAX_CORPUS + 4)
    except FileError as e:
        raise CorpusError(str(e).replace("a folder, not a file", "a folder, not a text file")) from None
    except OSError as e:
        raise CorpusError(f"{path}: cannot read: {e.strerror or e}") from None
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
