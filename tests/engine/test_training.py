"""Seeded training runs whose loss must fall, and divergence reported as a state."""

import numpy as np

from nntui.engine import SGD, Act, Dense, Embedding, Flatten, Sequential, Trainer, log_loss, mlp
from nntui.engine import softmax_cross_entropy, mse
from nntui.engine.text import build_vocab, char_tokens, encode


def run(trainer, steps):
    first = trainer.step().loss
    for _ in range(steps):
        last = trainer.step()
    return first, last


def test_logistic_regression_learns():
    rng = np.random.default_rng(0)
    X = np.array([[-1, -1, 1], [1, 1, 1], [1, -1, -1], [-1, 1, 1], [1, 1, -1], [-1, -1, -1]], float)
    y = np.array([1, 1, 0, 1, 0, 0])  # go when the company is good
    model = Sequential(Dense(3, 1, rng), Act("sigmoid"))
    first, last = run(Trainer(model, log_loss, X, y, SGD(0.5)), 200)
    assert last.loss < first / 4 and not last.diverged
    assert ((model.forward(X).ravel() > 0.5) == y).all()


def test_spam_network_learns():
    rng = np.random.default_rng(1)
    X = rng.integers(0, 2, size=(24, 3)).astype(float)  # money words, links, known sender
    y = ((X[:, 0] + X[:, 1] - 2 * X[:, 2]) > 0).astype(int)
    model = mlp([3, 4, 2], "tanh", rng)
    first, last = run(Trainer(model, softmax_cross_entropy, X, y, SGD(0.5)), 300)
    assert last.loss < first / 3
    assert last.step == 301


def test_next_char_model_learns():
    rng = np.random.default_rng(2)
    corpus = "hello world, hello neural network. " * 4
    vocab = build_vocab(char_tokens(corpus))
    ids = encode(char_tokens(corpus), vocab)
    k = 2
    X = np.stack([ids[i : i + k] for i in range(len(ids) - k)])
    Y = ids[k:]
    v = len(vocab)
    model = Sequential(Embedding(v, 4, rng), Flatten(), Dense(2 * 4, 16, rng), Act("tanh"), Dense(16, v, rng))
    first, last = run(Trainer(model, softmax_cross_entropy, X, Y, SGD(1.0), batch_size=32, rng=rng), 300)
    assert last.loss < first / 2


def test_step_returns_loss_grads_params():
    rng = np.random.default_rng(3)
    model = Sequential(Dense(2, 1, rng))
    t = Trainer(model, mse, np.ones((3, 2)), np.zeros((3, 1)), SGD(0.1))
    r = t.step()
    assert r.step == 1 and set(r.grads) == set(r.params) == {"0.W", "0.b"}
    assert t.loss() < r.loss  # exactly one update was applied and it helped


def test_divergence_is_a_state_not_a_crash():
    rng = np.random.default_rng(4)
    model = Sequential(Dense(1, 1, rng))
    X = np.array([[1.0], [2.0], [3.0]])
    t = Trainer(model, mse, X, 3 * X, SGD(50.0))
    results = [t.step() for _ in range(40)]
    last = results[-1]
    assert last.diverged and t.diverged
    for r in results:
        assert np.isfinite(r.loss)
        assert all(np.all(np.isfinite(v)) for v in r.params.values())
    assert all(np.all(np.isfinite(v)) for v in model.parameters().values())
