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
    """Sixteen training emails, each [money words, odd links, known sender] in 0–1 (how much of
    each), and 1 = spam, 0 = not spam, by an XOR-like rule: from a stranger, money talk alone is a
    scam and an odd link alone is phishing, but both together is a shop's newsletter the reader
    signed up for, and neither is an ordinary email; from a known sender, every email is fine.
    Among strangers spam is "money XOR links", so no single neuron (one straight boundary over
    money × links) gets all sixteen right: a hidden layer is needed. Proof: emails 4 and 7 (spam)
    and 1 and 10 (ok) have the same midpoint [0.5, 0.5, 0], and a linear score x·w + b positive
    at both spam emails is positive at their midpoint, negative at both ok ones negative there."""
    X = np.array(
        [
            [0.1, 0.1, 0.0], [0.2, 0.0, 0.1], [0.0, 0.2, 0.2],  # stranger, neither: ok
            [0.9, 0.1, 0.0], [0.8, 0.2, 0.1], [1.0, 0.0, 0.2],  # stranger, money only: spam
            [0.1, 0.9, 0.0], [0.2, 0.8, 0.1], [0.0, 1.0, 0.1],  # stranger, links only: spam
            [0.9, 0.9, 0.0], [0.8, 1.0, 0.1], [1.0, 0.9, 0.2],  # stranger, both: a newsletter, ok
            [0.9, 0.1, 1.0], [0.1, 0.9, 0.9], [0.8, 0.9, 0.8], [0.1, 0.0, 1.0],  # known sender: ok
        ]
    )
    y = np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    return X, y


def spam_held_out() -> tuple[np.ndarray, np.ndarray]:
    """Ten more emails by the same rule, never trained on: the held-out set that tells
    learning the rule from memorising the sixteen."""
    X = np.array(
        [
            [0.2, 0.1, 0.1], [0.1, 0.2, 0.0], [0.9, 0.0, 0.1], [0.7, 0.2, 0.0],
            [0.1, 0.8, 0.2], [0.3, 0.9, 0.0], [0.9, 0.9, 0.1], [0.8, 0.7, 0.0],
            [0.9, 0.2, 0.9], [0.2, 0.8, 1.0],
        ]
    )
    y = np.array([0, 0, 1, 1, 1, 1, 0, 0, 0, 0])
    return X, y


def line_points() -> tuple[np.ndarray, np.ndarray]:
    """Two points for the descent scene's bowl: fitting y = w·x + b through (−1, −3) and (1, 1)
    by mean squared error gives L(w, b) = (w − 2)² + (b + 1)², a perfect bowl with its bottom at
    w = 2, b = −1."""
    return np.array([[-1.0], [1.0]]), np.array([[-3.0], [1.0]])
