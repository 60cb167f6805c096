"""Text as numbers: tokenizers, vocabularies, ids and one-hot vectors, and byte-pair encoding.

text → tokens → vocabulary {token: index} (in order of first appearance) → ids → one-hot rows
(row i has a 1 at column ids[i]) or, in a real model, rows of an embedding table.

Byte-pair encoding (BPE) starts from characters and repeatedly merges the most frequent
adjacent pair into one new symbol; each merge is one `BPE.step()`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np

WORD = re.compile(r"[\w']+", re.UNICODE)
END = "</w>"  # marks a word's end in BPE, so "s" at a word's end differs from "s" inside one


def word_tokens(text: str, lowercase: bool = True) -> list[str]:
    """Words (runs of letters, digits and apostrophes); punctuation and spaces are dropped."""
    return WORD.findall(text.lower() if lowercase else text)


def char_tokens(text: str, lowercase: bool = False) -> list[str]:
    """Every character is a token, spaces and punctuation included."""
    return list(text.lower() if lowercase else text)


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

    def __init__(self, text: str, lowercase: bool = True) -> None:
        self.lowercase = lowercase
        self.word_counts = Counter(word_tokens(text, lowercase))
        self.words: dict[str, tuple[str, ...]] = {w: (*w, END) for w in self.word_counts}
        self.merges: list[tuple[str, str]] = []
        self.ranks: dict[tuple[str, str], int] = {}
        self.cache: dict[tuple[str, int], tuple[str, ...]] = {}

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
        self.ranks[best] = len(self.merges)
        self.merges.append(best)
        self.words = {w: merge_pair(s, best) for w, s in self.words.items()}
        return best

    def train(self, merges: int) -> None:
        """Step until `merges` merges are learned (or nothing is left to merge)."""
        while len(self.merges) < merges and self.step():
            pass

    def split(self, word: str, merges: int) -> tuple[str, ...]:
        """One word's symbols after the first `merges` merges: repeatedly merge the adjacent
        pair learned earliest (the same result as applying the merges in order)."""
        key = (word, merges)
        if key not in self.cache:
            symbols: tuple[str, ...] = (*word, END)
            while len(symbols) > 1:
                ranked = [(self.ranks.get(p, merges), p) for p in zip(symbols, symbols[1:])]
                rank, pair = min(ranked)
                if rank >= merges:
                    break
                symbols = merge_pair(symbols, pair)
            self.cache[key] = symbols
        return self.cache[key]

    def tokens(self, text: str, merges: int | None = None) -> list[str]:
        """Tokenize text with the first `merges` merges (all learned ones by default). A token
        merged with the end marker ends in '_' ("work" → "wor", "k_"); a lone marker is dropped."""
        n = len(self.merges) if merges is None else min(merges, len(self.merges))
        out: list[str] = []
        for word in word_tokens(text, self.lowercase):
            out.extend(s.replace(END, "_") for s in self.split(word, n) if s != END)
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


def corpus() -> str:
    """The small English text that ships with nntui (written by the project), for training
    the BPE tokenizer and the next-token model."""
    return (Path(__file__).resolve().parent / "data" / "corpus.txt").read_text(encoding="utf-8")
