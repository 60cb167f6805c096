"""Principal component analysis: the flat picture of a cloud of vectors that keeps the most of it.

For an n × d matrix M (one vector a row), centre it, C = M − mean(M), and take its singular value
decomposition C = U S Vᵀ (singular values s₁ ≥ s₂ ≥ …). The first k rows of Vᵀ are the directions
along which the rows of C vary most; the projection of row i on them is (U S)[i, :k] = C[i] · V[:, :k].
Axis j keeps the share sⱼ² / Σ s² of the total variance. Signs of singular vectors are arbitrary:
each axis is turned so that its largest coordinate (in absolute value) is positive, so the same
matrix always gives the same picture.
"""

from __future__ import annotations

import numpy as np


def pca(matrix, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """(the n × k projection of the rows of `matrix` on its first k principal axes, the share of
    the variance each axis keeps); axes beyond the matrix's rank are zero."""
    m = np.asarray(matrix, dtype=float)
    c = m - m.mean(axis=0)
    u, s, _vt = np.linalg.svd(c, full_matrices=False)
    coords = np.zeros((m.shape[0], k))
    shares = np.zeros(k)
    r = min(k, len(s))
    coords[:, :r] = u[:, :r] * s[:r]
    total = float(np.sum(s**2))
    if total > 0:
        shares[:r] = s[:r] ** 2 / total
    for j in range(r):
        biggest = coords[np.argmax(np.abs(coords[:, j])), j]
        if biggest < 0:
            coords[:, j] = -coords[:, j]
    return coords, shares
