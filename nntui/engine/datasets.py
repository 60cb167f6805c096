"""Small data sets the project wrote for the scenes (no downloads).

BOATING: ten days, each [weather, distance, company] with −1 = bad / far / no friends and
+1 = good / near / good friends, labelled 1 = went boating, 0 = stayed home. Day 1 is the
worked example of CONTENT.md (x = [−1, −1, 1], went). Day 9 is the same day as day 1 but the
person stayed home (a moody exception), so no neuron fits every day and training settles at a
finite loss.
"""

from __future__ import annotations

import numpy as np

BOATING_FEATURES = ("weather", "distance", "company")
BOATING_X = np.array(
    [
        [-1, -1, 1],
        [1, 1, 1],
        [1, -1, -1],
        [-1, 1, -1],
        [1, 1, -1],
        [-1, -1, -1],
        [1, -1, 1],
        [-1, 1, 1],
        [-1, -1, 1],
        [1, -1, -1],
    ],
    dtype=float,
)
BOATING_Y = np.array([1, 1, 0, 0, 1, 0, 1, 1, 0, 0], dtype=float)


def boat_picture(size: int) -> np.ndarray:
    """The default picture of the pixels scene, drawn in code at any size: a red sailing boat
    on a blue sea under a yellow sun. Returns a (size, size, 3) uint8 RGB image."""
    v, u = np.mgrid[0:size, 0:size] / max(size - 1, 1)  # v: 0 top … 1 bottom; u: 0 left … 1 right
    img = np.zeros((size, size, 3))
    sky = np.stack([90 + 80 * v, 160 + 60 * v, 235 + 0 * v], axis=-1)  # light at the horizon
    sea = np.stack([20 + 0 * v, 70 + 60 * (1 - v), 140 + 40 * (1 - v)], axis=-1)
    horizon = v > 0.62
    img[:] = np.where(horizon[..., None], sea, sky)
    sun = (u - 0.78) ** 2 + (v - 0.2) ** 2 < 0.11**2
    img[sun] = (250, 215, 60)
    hull = (v > 0.58) & (v < 0.7) & (np.abs(u - 0.4) < 0.22 - (v - 0.58) * 0.9)
    img[hull] = (200, 40, 40)
    sail = (u > 0.4) & (u < 0.4 + (v - 0.2) * 0.6) & (v > 0.2) & (v < 0.56)
    img[sail] = (245, 245, 235)
    mast = (np.abs(u - 0.4) < 0.012 + 0.5 / size) & (v > 0.18) & (v < 0.6)
    img[mast] = (90, 60, 40)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


SPAM_FEATURES = ("money words", "odd links", "known sender")


def spam_emails() -> tuple[np.ndarray, np.ndarray]:
    """Sixteen emails, each [money words, odd links, known sender] in 0–1 (how much of each), and
    1 = spam, 0 = not spam. Spam has money talk or odd links and comes from strangers; a known
    sender is almost always fine, except the one hacked account (the last row)."""
    X = np.array(
        [
            [0.9, 0.8, 0.0], [0.8, 0.1, 0.0], [0.1, 0.9, 0.1], [0.7, 0.6, 0.2],
            [1.0, 0.3, 0.1], [0.3, 0.8, 0.0], [0.1, 0.1, 0.0], [0.0, 0.2, 0.1],
            [0.9, 0.7, 1.0], [0.2, 0.1, 0.9], [0.6, 0.2, 1.0], [0.1, 0.6, 0.8],
            [0.0, 0.0, 1.0], [0.4, 0.4, 0.9], [0.2, 0.3, 0.2], [1.0, 1.0, 0.9],
        ]
    )
    y = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    return X, y


def line_points() -> tuple[np.ndarray, np.ndarray]:
    """Two points for the descent scene's bowl: fitting y = w·x + b through (−1, −3) and (1, 1)
    by mean squared error gives L(w, b) = (w − 2)² + (b + 1)², a perfect bowl with its bottom at
    w = 2, b = −1."""
    return np.array([[-1.0], [1.0]]), np.array([[-3.0], [1.0]])
