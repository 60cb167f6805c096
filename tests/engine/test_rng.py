"""The engine's seeded generator: the same stream for the same seed on every Python and NumPy,
draws with the right distributions, and numpy.random never loaded by the app."""

import subprocess
import sys

import numpy as np
import pytest

from nntui.engine import Rng, mlp, sample


def test_the_stream_is_pinned():
    """These are Python's Random("0").random() values: if they change, every screenshot does."""
    assert Rng(0).uniform(3).tolist() == [0.3616904771377427, 0.9067071769868569, 0.36288511911559707]
    assert Rng(1).integers(0, 10, 8).tolist() == [4, 0, 1, 8, 2, 0, 0, 2]


def test_seeds_give_their_own_streams():
    assert np.array_equal(Rng(0, 3).normal(size=5), Rng(0, 3).normal(size=5))
    assert not np.array_equal(Rng(0, 3).normal(size=5), Rng(0, 4).normal(size=5))
    assert not np.array_equal(Rng(0, 3).normal(size=5), Rng(3, 0).normal(size=5))


def test_normal_has_its_mean_spread_and_shape():
    x = Rng(5).normal(2.0, 3.0, size=(200, 200))
    assert x.shape == (200, 200)
    assert abs(x.mean() - 2.0) < 0.05 and abs(x.std() - 3.0) < 0.05
    assert abs(np.mean(np.abs(x - 2.0) < 3.0) - 0.6827) < 0.01  # one sigma either side


def test_integers_cover_the_range_evenly():
    k = Rng(6).integers(3, 8, 50_000)
    assert k.dtype.kind == "i" and k.min() == 3 and k.max() == 7
    assert np.allclose(np.bincount(k - 3) / k.size, 0.2, atol=0.01)


@pytest.mark.parametrize("p", [[0.5, 0.3, 0.2], [0.0, 0.7, 0.0, 0.3]])
def test_choice_follows_the_probabilities_and_skips_zeros(p):
    rng = Rng(7)
    draws = np.bincount([rng.choice(len(p), p) for _ in range(5000)], minlength=len(p)) / 5000
    assert np.allclose(draws, p, atol=0.03)
    assert all(draws[i] == 0 for i, q in enumerate(p) if q == 0)


def test_the_engine_takes_it_where_it_took_a_numpy_generator():
    model = mlp([3, 4, 2], "tanh", Rng(0))
    assert model.layers[0].params["W"].shape == (3, 4)
    assert sample(np.array([0.2, 0.8]), Rng(1), k=1) == 1


@pytest.mark.parametrize("scene", ["tokens", "network", "next-token"])
def test_the_app_never_loads_numpy_random(scene, tmp_path):
    """numpy.random costs ~3 MB of memory: the scenes that draw at random do it with Rng."""
    code = ("import sys; from nntui.cli import main; "
            f"main([{scene!r}, '--screenshot', {str(tmp_path / 'shot.svg')!r}]); "
            "print('numpy.random' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["False", "True"]
