"""Text as numbers: tokenizers, vocabularies, ids and one-hot vectors, and byte-level BPE.

Words and characters: text → tokens → the text's own vocabulary {token: index} (in order of
first appearance) → ids → one-hot rows (row i has a 1 at column ids[i]), or rows of an
embedding table E: one-hot(id) · E = E[id].

Byte-level byte-pair encoding (BPE), as GPT-2's tokenizer works: the text is cut into pieces (a
word with the space before it, a run of digits, a run of marks, a run of spaces), each piece
into its UTF-8 bytes; training repeatedly merges the most frequent adjacent pair of symbols into
a new one. The vocabulary is fixed by training, not by the text typed: ids 0–255 are the 256
bytes, id 256 + k is the k-th merge. Any text encodes (an unseen character stays as its bytes),
and decode(encode(text)) == text for every string.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np


BYTES = 256  # the base vocabulary of byte-level BPE: one id per byte value
MAX_MERGES = 300  # merges learned at most: the vocabulary has at most 256 + 300 = 556 tokens
MAX_TRAIN = 10_000  # bytes of a corpus BPE trains on (of a longer --corpus, its start): ≤ ~0.5 s
# GPT-2's pre-tokenizer with Python's classes: a contraction; a run of letters, of digits or of
# other marks, each with the one space before it; spaces (the last space of a run stays for the
# next word). Every character of any text falls in one alternative, so the pieces join back.
PIECE = re.compile(r"'(?:s|t|re|ve|m|ll|d)| ?[^\W\d_]+| ?\d+| ?(?:[^\w\s]|_)+|\s+(?!\S)|\s+")
LONGEST = 16  # characters: a longer piece is cut into parts this long (so training and
# encoding a text without spaces stay cheap)


def pieces(text: str) -> list[str]:
    """The text cut as BPE sees it, before any merge; "".join(pieces(text)) == text."""
    out = []
    for piece in PIECE.findall(text):
        out.extend(piece[i : i + LONGEST] for i in range(0, len(piece), LONGEST))
    return out


WORD = re.compile(r"[\w']+", re.UNICODE)


def word_tokens(text: str, lowercase: bool = True) -> list[str]:
    """Words (runs of letters, digits and apostrophes); punctuation, emoji and spaces are
    dropped (characters and byte-level BPE keep every one)."""
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


def utf8(text: str) -> bytes:
    """A string's UTF-8 bytes; a lone surrogate (not a character, but a possible str) is kept."""
    return text.encode("utf-8", "surrogatepass")


class BPE:
    """Byte-level BPE trained on one text; `merges[k]` = (id a, id b) makes id 256 + k.

    Training counts every adjacent pair of symbols within the pieces (a piece weighted by how
    often it occurs) and merges the most frequent pair everywhere; ties go to the pair of
    smaller ids. A merge changes only the counts of the pairs around each place it is made.
    It stops at `most` merges or when no pair occurs twice. Encoding a piece repeatedly merges
    its adjacent pair learned earliest, which gives the same result as applying the merges in
    order."""

    def __init__(self, text: str, most: int = MAX_MERGES) -> None:
        counts = Counter(pieces(utf8(text)[:MAX_TRAIN].decode("utf-8", "ignore")))
        parts = [(list(utf8(p)), n) for p, n in counts.items()]
        pairs: Counter = Counter()  # each adjacent pair's count over all pieces
        where: dict[tuple[int, int], set[int]] = {}  # the pieces a pair occurs in
        for k, (symbols, n) in enumerate(parts):
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += n
                where.setdefault(pair, set()).add(k)
        self.merges: list[tuple[int, int]] = []
        self.ranks: dict[tuple[int, int], int] = {}
        self.bytes: list[bytes] = [bytes([b]) for b in range(BYTES)]  # each id's bytes
        heap = [(-n, pair) for pair, n in pairs.items()]  # the most frequent on top, maybe stale
        heapq.heapify(heap)
        while len(self.merges) < most and heap:
            n, best = heapq.heappop(heap)
            if -n != pairs.get(best):
                continue  # a count since changed: its newer entry is in the heap
            if -n < 2:
                break
            new = BYTES + len(self.merges)
            self.ranks[best] = len(self.merges)
            self.merges.append(best)
            self.bytes.append(self.bytes[best[0]] + self.bytes[best[1]])
            touched: Counter = Counter()  # how each pair's count changes
            a, b = best
            for k in where.pop(best):  # only the pieces holding the pair change, only around it
                symbols, n = parts[k]
                out: list[int] = []
                i = 0
                while i < len(symbols):
                    if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
                        touched[best] -= n
                        if out:  # (x, a) becomes (x, new); x may be a merge just made
                            touched[(out[-1], a)] -= n
                            touched[(out[-1], new)] += n
                            where.setdefault((out[-1], new), set()).add(k)
                        if i + 2 < len(symbols):  # (b, y) becomes (new, y)
                            touched[(b, symbols[i + 2])] -= n
                            touched[(new, symbols[i + 2])] += n
                            where.setdefault((new, symbols[i + 2]), set()).add(k)
                        out.append(new)
                        i += 2
                    else:
                        out.append(symbols[i])
                        i += 1
                parts[k] = (out, n)
            for pair, change in touched.items():
                if change:
                    pairs[pair] += change
                    if pairs[pair] > 0:
                        heapq.heappush(heap, (-pairs[pair], pair))
                    else:
                        del pairs[pair]
        self.cache: dict[tuple[str, int], tuple[int, ...]] = {}

    def vocab_size(self, merges: int | None = None) -> int:
        """256 bytes plus the merges in use."""
        return BYTES + self.used(merges)

    def used(self, merges: int | None) -> int:
        return len(self.merges) if merges is None else max(0, min(int(merges), len(self.merges)))

    def encode(self, text: str, merges: int | None = None) -> list[int]:
        """The ids of any text with the first `merges` merges (all learned ones by default)."""
        n = self.used(merges)
        out: list[int] = []
        for piece in pieces(text):
            out.extend(self.split(piece, n))
        return out

    def split(self, piece: str, merges: int) -> tuple[int, ...]:
        key = (piece, merges)
        if key not in self.cache:
            symbols = tuple(utf8(piece))
            while len(symbols) > 1:
                rank, pair = min((self.ranks.get(p, merges), p) for p in zip(symbols, symbols[1:]))
                if rank >= merges:
                    break
                symbols = merge_pair(symbols, pair, BYTES + rank)
            if len(self.cache) > 50_000:
                self.cache.clear()
            self.cache[key] = symbols
        return self.cache[key]

    def decode(self, ids) -> str:
        """The text back: every id's bytes, joined, read as UTF-8."""
        return b"".join(self.bytes[i] for i in ids).decode("utf-8", "surrogatepass")

    def token(self, i: int) -> str:
        """One token as text: its bytes read as UTF-8, a byte that is only part of a character
        written as <hex> ("🐱" without merges is the four tokens <F0> <9F> <90> <B1>)."""
        return readable(self.bytes[i])


def readable(data: bytes) -> str:
    """Bytes as text: whole UTF-8 characters as themselves, any other byte as <XX>."""
    out, i = [], 0
    while i < len(data):
        for n in (1, 2, 3, 4):
            try:
                char = data[i : i + n].decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                continue
            out.append(char)
            i += n
            break
        else:
            out.append(f"<{data[i]:02X}>")
            i += 1
    return "".join(out)


@lru_cache(maxsize=4)
def trained_bpe(text: str) -> BPE:
    """BPE trained on `text` (its first MAX_TRAIN bytes), once per text per run."""
    return BPE(text)


def merge_pair(symbols: tuple, pair: tuple, new) -> tuple:
    """Replace every non-overlapping occurrence of `pair` in `symbols` by `new`."""
    out: list = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(new)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def corpus() -> str:
    """The small English text that ships with nntui (written by the project), for training
    the BPE tokenizer and the next-token model."""
    return (Path(__file__).resolve().parent / "data" / "corpus.txt").read_text(encoding="utf-8")
