"""Every analytic gradient in the engine against centred finite differences (float64)."""

import numpy as np
import pytest

from nntui.engine import (
    ACTIVATIONS, Act, Dense, Embedding, Flatten, Sequential, log_loss, mse, softmax_cross_entropy,
)

H = 1e-6
TOL = 1e-6


def numeric_grad(f, x):
    """∂f/∂x by centred differences: (f(x + h) − f(x − h)) / 2h, one entry at a time."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + H
        up = f()
        x[i] = old - H
        down = f()
        x[i] = old
        g[i] = (up - down) / (2 * H)
    return g


def rel_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n != "step"])
def test_activation_derivatives(name):
    act = ACTIVATIONS[name]
    z = np.array([-3.1, -1.2, -0.4, 0.3, 0.9, 2.7])  # avoid ReLU's kink at 0
    numeric = (act.f(z + H) - act.f(z - H)) / (2 * H)
    assert rel_error(act.df(z), numeric) < TOL


def test_step_is_flat_away_from_zero():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    assert np.all(ACTIVATIONS["step"].df(z) == 0)
    assert list(ACTIVATIONS["step"].f(z)) == [0, 0, 1, 1]


def test_log_loss_gradient():
    p = np.array([0.1, 0.4, 0.7, 0.95])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    _, g = log_loss(p, y)
    assert rel_error(g, numeric_grad(lambda: log_loss(p, y)[0], p)) < TOL


def test_softmax_cross_entropy_gradient():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 5))
    t = np.array([0, 3, 4, 1])
    _, g = softmax_cross_entropy(logits, t)
    assert rel_error(g, numeric_grad(lambda: softmax_cross_entropy(logits, t)[0], logits)) < TOL


def test_mse_gradient():
    pred = np.array([0.5, -1.0, 2.0])
    target = np.array([1.0, 0.0, 2.5])
    _, g = mse(pred, target)
    assert rel_error(g, numeric_grad(lambda: mse(pred, target)[0], pred)) < TOL


def check_model(model, x, loss_fn, y):
    """Backprop through `model` and compare every parameter's gradient with finite differences."""
    def loss():
        return loss_fn(model.forward(x), y)[0]

    _, g = loss_fn(model.forward(x), y)
    model.backward(g)
    analytic = {k: v.copy() for k, v in model.gradients().items()}
    assert analytic, "the model has no parameters to check"
    for name, value in model.parameters().items():
        assert rel_error(analytic[name], numeric_grad(loss, value)) < TOL, name


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "gelu", "relu"])
def test_dense_network_gradients(activation):
    rng = np.random.default_rng(1)
    model = Sequential(Dense(3, 4, rng), Act(activation), Dense(4, 2, rng))
    x = rng.normal(size=(6, 3))
    y = rng.integers(0, 2, size=6)
    check_model(model, x, softmax_cross_entropy, y)


def test_dense_input_gradient():
    rng = np.random.default_rng(2)
    model = Sequential(Dense(3, 2, rng), Act("tanh"))
    x = rng.normal(size=(4, 3))
    y = rng.normal(size=(4, 2))
    _, g = mse(model.forward(x), y)
    dx = model.backward(g)
    assert rel_error(dx, numeric_grad(lambda: mse(model.forward(x), y)[0], x)) < TOL


def test_embedding_mlp_gradients():
    rng = np.random.default_rng(3)
    model = Sequential(Embedding(7, 3, rng), Flatten(), Dense(6, 5, rng), Act("tanh"), Dense(5, 7, rng))
    ids = np.array([[0, 1], [1, 1], [6, 2], [3, 0]])  # repeated ids must accumulate
    y = np.array([2, 3, 4, 6])
    check_model(model, ids, softmax_cross_entropy, y)


def test_sigmoid_logistic_gradients():
    rng = np.random.default_rng(4)
    model = Sequential(Dense(3, 1, rng), Act("sigmoid"))
    x = rng.normal(size=(5, 3))
    y = np.array([1, 0, 1, 1, 0])
    check_model(model, x, log_loss, y)
