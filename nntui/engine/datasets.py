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
BOATING_LABELS = ("stay", "go")
