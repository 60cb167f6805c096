"""The worked numbers of CONTENT.md, exactly as the engine produces them."""

import numpy as np
import pytest

from nntui.engine import ACTIVATIONS, fire, log_loss, mlp, sigmoid_of
from nntui.engine import image, text


def test_boating_neuron_goes():
    out = fire([-1, -1, 1], [1, 1, 5], 1, "step")
    assert list(out.terms) == [-1, -1, 5]
    assert out.z == 4
    assert out.a == 1


def test_lazy_weights_stay_home():
    out = fire([-1, -1, 1], [2, 6, 3], 1, "step")
    assert out.z == -4
    assert out.a == 0


def test_relu_example():
    out = fire([0.7, 0.3, 0.9], [0.5, -0.3, 0.8], 0, "relu")
    assert out.z == pytest.approx(0.98, abs=1e-12)
    assert out.a == pytest.approx(0.98, abs=1e-12)
    assert [round(t, 2) for t in out.terms] == [0.35, -0.09, 0.72]


def test_sigmoid_of_four():
    assert f"{float(ACTIVATIONS['sigmoid'].f(4.0)):.3f}" == "0.982"
    assert sigmoid_of(4.0) == pytest.approx(0.98201379, abs=1e-8)


def test_boating_log_loss():
    loss, _ = log_loss(sigmoid_of(4.0), 1)
    assert f"{loss:.3f}" == "0.018"


def test_log_loss_never_infinite():
    loss, grad = log_loss(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert np.isfinite(loss) and np.all(np.isfinite(grad))


def test_feature_count_of_256_square():
    assert image.feature_count(256, 256, 3) == 196608


def test_flat_index_round_trip():
    h, w = 5, 7
    img = np.arange(h * w * 3, dtype=np.uint8).reshape(h, w, 3)
    flat = image.to_vector(img)
    assert flat.size == image.feature_count(h, w)
    for i in range(flat.size):
        r, c, ch = image.unflat_index(i, w)
        assert image.flat_index(r, c, ch, w) == i
        assert flat[i] == img[r, c, ch]


def test_grayscale_and_normalise():
    img = np.array([[[255, 255, 255], [0, 0, 0]]], dtype=np.uint8)
    assert image.to_grayscale(img).reshape(-1).tolist() == [255, 0]
    assert image.to_vector(img, normalise=True).max() == 1.0


def test_five_word_sentence():
    tokens = text.word_tokens("How does neural network work?")
    assert tokens == ["how", "does", "neural", "network", "work"]  # CONTENT.md: words only
    vocab = text.build_vocab(tokens)
    assert vocab == {"how": 0, "does": 1, "neural": 2, "network": 3, "work": 4}
    ids = text.encode(tokens, vocab)
    assert ids.tolist() == [0, 1, 2, 3, 4]
    assert np.array_equal(text.one_hot(ids, len(vocab)), np.eye(5))


def test_a_repeated_word_is_one_vocabulary_entry():
    tokens = text.word_tokens("the cat sat on the mat.")
    ids = text.encode(tokens, text.build_vocab(tokens))
    assert ids.tolist() == [0, 1, 2, 3, 0, 4]
    hot = text.one_hot(ids, 5)
    assert hot.shape == (6, 5) and (hot[4] == hot[0]).all() and hot[4, 0] == 1


def test_spam_network_has_26_parameters():
    model = mlp([3, 4, 2], "sigmoid", np.random.default_rng(0))
    assert model.n_params == 3 * 4 + 4 + 4 * 2 + 2 == 26
