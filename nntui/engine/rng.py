"""Seeded random draws: the three the engine makes, built on Python's own generator.

`Rng(*seed)` has the same `normal`, `integers` and `choice` as `np.random.Generator` (the engine
accepts either), and every draw is made from uniforms u ∈ [0, 1) of `random.Random`:

    normal:   x = loc + scale · √(−2 ln(1 − u₁)) · cos(2π u₂)      (Box–Muller)
    integers: k = low + ⌊u · (high − low)⌋                          (bias below (high−low)/2⁵³)
    choice:   the first i with p₀ + … + pᵢ > u · Σp

Why not `np.random.Generator`: NumPy may change how a Generator turns its bits into normals and
integers from one version to the next (NEP 19), while Python promises that `Random(seed).random()`
gives the same stream on every version; a `--seed` then gives the same pictures everywhere.
Importing `numpy.random` also costs ~3 MB of memory and ~10 ms per start, for these three lines.
"""

from __future__ import annotations

import random

import numpy as np


class Rng:
    """One seeded stream of draws; `Rng(0, 3)` and `Rng(0, 4)` are independent streams."""

    def __init__(self, *seed: int) -> None:
        self._random = random.Random(",".join(str(int(s)) for s in seed))  # a str seeds all its bits

    def uniform(self, n: int) -> np.ndarray:
        """n draws from [0, 1)."""
        return np.array([self._random.random() for _ in range(n)])

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: int | tuple[int, ...] = 1) -> np.ndarray:
        """Draws from N(loc, scale²) in an array of shape `size`."""
        n = int(np.prod(size))
        u1, u2 = self.uniform(n), self.uniform(n)
        z = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)
        return (loc + scale * z).reshape(size)

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        """`size` whole numbers drawn evenly from low, low + 1, …, high − 1."""
        return low + np.floor(self.uniform(size) * (high - low)).astype(int)

    def choice(self, n: int, p) -> int:
        """One index in 0 … n − 1, drawn with the probabilities p."""
        cumulative = np.cumsum(np.asarray(p, dtype=float)[:n])
        return int(min(np.searchsorted(cumulative, self._random.random() * cumulative[-1], side="right"), n - 1))
