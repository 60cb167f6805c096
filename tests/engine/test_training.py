"""Seeded training runs whose loss must fall, and divergence reported as a state."""

import numpy as np

from nntui.engine import SGD, Act, Dense, Embedding, Flatten, Sequential, Trainer, log_loss, mlp
from nntui.engine import accuracy, softmax_cross_entropy, mse
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


def test_frozen_parameters_stay_put():
    from nntui.engine.datasets import line_points

    X, Y = line_points()
    model = Sequential(Dense.from_weights([[0.0]], [3.0]))
    t = Trainer(model, mse, X, Y, SGD(0.1), trainable={"0.W"})
    for _ in range(5):
        r = t.step()
    assert model.parameters()["0.b"][0] == 3.0 and set(r.grads) == {"0.W"}
    assert r.params["0.W"][0, 0] > 0


def test_bowl_is_the_promised_quadratic_and_its_regimes():
    from nntui.engine import loss_grid
    from nntui.engine.datasets import line_points

    X, Y = line_points()
    model = Sequential(Dense.from_weights([[0.0]], [0.0]))
    ws, bs = np.linspace(-3, 5, 9), np.linspace(-4, 2, 7)
    grid = loss_grid(model, mse, X, Y, {"0.W": ws, "0.b": bs})
    expected = (ws[:, None] - 2) ** 2 + (bs[None, :] + 1) ** 2
    assert np.allclose(grid, expected)
    assert model.parameters()["0.W"][0, 0] == 0  # left as it was

    def run(lr, steps=30):
        m = Sequential(Dense.from_weights([[-2.0]], [-1.0]))
        t = Trainer(m, mse, X, Y, SGD(lr), trainable={"0.W"})
        return [t.step() for _ in range(steps)], m

    (small, m), _ = run(0.01), None
    assert abs(m.parameters()["0.W"][0, 0] - 2) > 1  # crawls
    good, m = run(0.3)
    assert abs(m.parameters()["0.W"][0, 0] - 2) < 1e-3  # converges
    large, m = run(0.9, 4)
    ws = [r.params["0.W"][0, 0] for r in large]
    assert all((a - 2) * (b - 2) < 0 for a, b in zip(ws, ws[1:]))  # overshoots every step
    huge, m = run(1.5, 60)
    assert huge[-1].diverged


def test_trace_keeps_every_layer():
    model = mlp([3, 4, 2], "tanh", np.random.default_rng(0))
    outs = model.trace(np.ones((1, 3)))
    assert [o.shape for o in outs] == [(1, 3), (1, 4), (1, 4), (1, 2)]
    assert np.allclose(outs[-1], model.forward(np.ones((1, 3))))


def test_no_line_gets_every_spam_email_right_but_a_hidden_layer_does():
    """The XOR-like emails: two spam and two ok emails from strangers share a midpoint, so no
    linear score (the 3-2 net's l_spam − l_ok = x·w + b) can be positive at both spam and negative
    at both ok; trained, the 3-2 net stays wrong while the 3-4-2 gets all 16 and the 10 held out."""
    from nntui.engine.datasets import spam_emails, spam_held_out

    X, y = spam_emails()
    Xh, yh = spam_held_out()
    assert np.array_equal(X[[3, 6]].mean(axis=0), X[[0, 9]].mean(axis=0)) and list(y[[3, 6, 0, 9]]) == [1, 1, 0, 0]
    flat = mlp([3, 2], "tanh", np.random.default_rng(5))
    deep = mlp([3, 4, 2], "tanh", np.random.default_rng(5))
    trainers = [Trainer(m, softmax_cross_entropy, X, y, SGD(1.0)) for m in (flat, deep)]
    for _ in range(600):
        for t in trainers:
            t.step()
    assert accuracy(flat, X, y) <= 14 / 16
    assert accuracy(deep, X, y) == 1.0 and accuracy(deep, Xh, yh) == 1.0 and trainers[1].loss() < 0.01


def test_weights_and_biases_add_up_to_the_parameters():
    """3-4-2: 3·4 + 4·2 = 20 weights (one per edge) and 4 + 2 = 6 biases (one per neuron fed)."""
    model = mlp([3, 4, 2], "tanh", np.random.default_rng(0))
    assert (model.n_weights, model.n_biases, model.n_params) == (20, 6, 26)
    assert (mlp([3, 2], "tanh", np.random.default_rng(0)).n_weights, mlp([3, 2], "tanh", np.random.default_rng(0)).n_biases) == (6, 2)


def test_the_loss_on_a_held_out_set_is_measured_without_a_step():
    model = Sequential(Dense.from_weights(np.eye(2), [0, 0]))
    t = Trainer(model, softmax_cross_entropy, np.eye(2), np.array([0, 1]), SGD(1.0))
    X, Y = np.array([[2.0, 0.0]]), np.array([1])
    assert t.loss(X, Y) == softmax_cross_entropy(np.array([[2.0, 0.0]]), Y)[0] and t.steps == 0
    assert t.loss(X, Y) != t.loss()


def test_accuracy_counts_the_rows_whose_largest_output_is_the_label():
    # outputs x W: row 0 → (1, 0) says class 0, row 1 → (0, 2) says 1, row 2 → (3, 1) says 0
    model = Sequential(Dense.from_weights(np.eye(2), [0, 0]))
    X = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0]])
    assert accuracy(model, X, np.array([0, 1, 1])) == 2 / 3
    assert accuracy(model, X, [0, 1, 0]) == 1.0 and accuracy(model, X, [1, 0, 1]) == 0.0


def test_gradients_without_a_step_match_the_steps_gradients():
    rng = np.random.default_rng(6)
    model = Sequential(Dense(2, 1, rng))
    t = Trainer(model, mse, np.ones((3, 2)), np.zeros((3, 1)), SGD(0.1), trainable={"0.W"})
    before = {k: v.copy() for k, v in model.parameters().items()}
    g = t.gradients()
    assert set(g) == {"0.W"} and all(np.array_equal(before[k], v) for k, v in model.parameters().items())
    assert np.allclose(t.step().grads["0.W"], g["0.W"])
