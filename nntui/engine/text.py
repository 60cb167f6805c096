"""Text as numbers: tokenizers, vocabularies, ids and one-hot vectors, and byte-pair encoding.

text → tokens → vocabulary {token: index} (in order of first appearance) → ids → one-hot rows
(row i has a 1 at column ids[i]) or, in a real model, rows of an embedding table.

Byte-pair encoding (BPE) starts from characters and repeatedly merges the most frequent
adjacent pair into one new symbol; each merge is one `BPE.step()`.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

WORD = re.compile(r"[\w']+", re.UNICODE)
END = "</w>"  # marks a word's end in BPE, so "s" at a word's end differs from "s" inside one


def word_tokens(text: str) -> list[str]:
    """Lower-cased words; punctuation and spaces are dropped."""
    return WORD.findall(text.lower())


def char_tokens(text: str) -> list[str]:
    """Every character is a token, spaces and punctuation included."""
    return list(text)


def build_vocab(tokens) -> dict[str, int]:
    """Each distinct token gets the next index, in order of first appearance."""
    vocab: dict[str, int] = {}
    for t in tokens:
        vocab.setdefault(t, len(vocab))
    return vocab


def encode(tokens, vocab: dict[str, int]) -> np.ndarray:
    """The id sequence of the tokens under a vocabulary."""
    return np.array([vocab[t] for t in tokens], dtype=int)


def one_hot(ids, size: int) -> np.ndarray:
    """Row i is all zeros except a 1 at column ids[i]: a len(ids) × size matrix."""
    ids = np.asarray(ids, dtype=int)
    out = np.zeros((ids.size, size))
    out[np.arange(ids.size), ids] = 1.0
    return out


class BPE:
    """A byte-pair-encoding trainer on one text, one merge per `step()`.

    Words are split into characters plus an end marker; a step counts every adjacent pair of
    symbols over all words (weighted by how often the word occurs), merges the most frequent
    pair everywhere, and records it. Ties go to the pair seen first in the text.
    """

    def __init__(self, text: str) -> None:
        self.word_counts = Counter(word_tokens(text))
        self.words: dict[str, tuple[str, ...]] = {w: (*w, END) for w in self.word_counts}
        self.merges: list[tuple[str, str]] = []

    def pair_counts(self) -> Counter:
        """How often each adjacent symbol pair occurs, in order of first appearance."""
        counts: Counter = Counter()
        for word, symbols in self.words.items():
            for pair in zip(symbols, symbols[1:]):
                counts[pair] += self.word_counts[word]
        return counts

    def step(self) -> tuple[str, str] | None:
        """Merge the most frequent pair; returns it, or None when nothing is left to merge."""
        counts = self.pair_counts()
        if not counts:
            return None
        best = max(counts.items(), key=lambda kv: kv[1])[0]  # max keeps the first of equals
        self.merges.append(best)
        self.words = {w: merge_pair(s, best) for w, s in self.words.items()}
        return best

    def tokens(self, text: str) -> list[str]:
        """Tokenize text with the merges learned so far (the end marker is dropped)."""
        out: list[str] = []
        for word in word_tokens(text):
            symbols: tuple[str, ...] = (*word, END)
            for pair in self.merges:
                symbols = merge_pair(symbols, pair)
            out.extend(s.removesuffix(END) for s in symbols if s != END)
        return out


def merge_pair(symbols: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every non-overlapping occurrence of `pair` in `symbols` by the joined symbol."""
    out: list[str] = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)
