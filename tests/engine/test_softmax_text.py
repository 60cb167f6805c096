"""Softmax with temperature, top-k sampling and the character tokenizer (BPE: test_bpe.py)."""

import numpy as np

from nntui.engine import Rng, sample, softmax, top_k
from nntui.engine.text import char_tokens


def test_softmax_sums_to_one_and_is_stable():
    p = softmax([1000.0, 1001.0, 999.0])
    assert np.isclose(p.sum(), 1) and np.all(np.isfinite(p))
    assert p.argmax() == 1


def test_temperature_sharpens_and_flattens():
    logits = np.array([2.0, 1.0, 0.0])
    cold, base, hot = softmax(logits, 0.5), softmax(logits, 1.0), softmax(logits, 2.0)
    assert cold.max() > base.max() > hot.max()
    assert np.allclose(softmax(logits, 1e5), 1 / 3, atol=1e-4)


def test_temperature_zero_is_greedy_without_division():
    assert softmax([0.5, 3.0, 1.0], 0.0).tolist() == [0.0, 1.0, 0.0]
    assert softmax([2.0, 2.0, 1.0], 0.0).tolist() == [0.5, 0.5, 0.0]
    assert np.allclose(softmax([0.5, 3.0, 1.0], 1e-3), [0, 1, 0])


def test_top_k_keeps_k():
    p = top_k([0.1, 0.5, 0.15, 0.25], 2)
    assert np.allclose(p, [0, 0.5 / 0.75, 0, 0.25 / 0.75])


def test_sampling_is_seeded_and_matches_probabilities():
    p = np.array([0.5, 0.3, 0.2])
    a = [sample(p, Rng(7)) for _ in range(3)]
    b = [sample(p, Rng(7)) for _ in range(3)]
    assert a == b
    rng = Rng(0)
    draws = np.bincount([sample(p, rng) for _ in range(5000)], minlength=3) / 5000
    assert np.allclose(draws, p, atol=0.03)
    assert {sample(p, rng, k=1) for _ in range(50)} == {0}


def test_char_tokens():
    assert char_tokens("hi!") == ["h", "i", "!"]
