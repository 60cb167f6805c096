"""PCA: the projection on the directions of largest variance, by the SVD of the centred rows."""

import numpy as np

from nntui.engine.projection import pca


def test_points_on_a_line_keep_all_their_variance_on_the_first_axis():
    t = np.array([-2.0, -1.0, 0.0, 1.0, 3.0])
    m = np.stack([3 * t + 1, -4 * t + 2, np.zeros(5)], axis=1)  # a line in 3-D, direction (3, −4, 0)
    coords, shares = pca(m, 2)
    assert np.allclose(coords[:, 0], 5 * (t - t.mean())) and np.allclose(coords[:, 1], 0)  # distances along it
    assert np.isclose(shares[0], 1) and np.isclose(shares[1], 0)


def test_the_projection_is_c_times_the_top_right_singular_vectors_and_its_signs_are_fixed():
    rng = np.random.default_rng(0)
    m = rng.normal(size=(20, 5)) * [5, 3, 1, 0.5, 0.1]
    coords, shares = pca(m, 2)
    c = m - m.mean(axis=0)
    _u, s, vt = np.linalg.svd(c, full_matrices=False)
    assert np.allclose(np.abs(coords), np.abs(c @ vt[:2].T))
    assert np.allclose(shares, s[:2] ** 2 / np.sum(s**2))
    assert np.allclose(pca(-m, 2)[0], coords)  # the same picture whatever the singular vectors' signs
    for j in range(2):
        assert coords[np.argmax(np.abs(coords[:, j])), j] > 0
