"""Attention, the Transformer and its tasks: gradients by centred differences, the toy learning
to reverse, its ablations (positions off, mask off, a score cell edited), the parameter count."""

import subprocess
import sys

import numpy as np
import pytest

from nntui.engine import (
    IGNORE, Adam, Dense, LayerNorm, PositionEmbedding, ScoreOverride, SelfAttention, Sequential,
    mse, sequence_cross_entropy, softmax_cross_entropy, transformer_params,
)
from nntui.engine.rng import Rng
from nntui.engine.sequences import SEP, AttentionRun, MLPRun, language_task, symbol_task
from nntui.engine.text import corpus
from nntui.engine.transformer import Config, Transformer
from tests.engine.test_gradients import numeric_grad, rel_error

TOL = 1e-6


def close(analytic, numeric):
    """Relative error below TOL, or both ~0 (the key bias's gradient is exactly 0 analytically
    and finite-difference noise numerically)."""
    return rel_error(analytic, numeric) < TOL or np.max(np.abs(analytic - numeric)) < 1e-9


def check(model, x, y, loss_fn, input_grad=True):
    """Every parameter's gradient, and ∂L/∂x for a float input, against finite differences."""
    def loss():
        return loss_fn(model.forward(x), y)[0]

    _, g = loss_fn(model.forward(x), y)
    dx = model.backward(g)
    analytic = {k: v.copy() for k, v in model.gradients().items()}
    assert analytic and set(analytic) == set(model.parameters())
    for name, value in model.parameters().items():
        assert close(analytic[name], numeric_grad(loss, value)), name
    if input_grad:
        assert close(dx, numeric_grad(loss, x)), "input"


def test_dense_applies_to_every_position():
    rng = np.random.default_rng(0)
    check(Sequential(Dense(3, 2, rng)), rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4, 2)), mse)


def test_position_embedding_and_layer_norm_gradients():
    rng = np.random.default_rng(1)
    model = Sequential(PositionEmbedding(6, 3, rng), LayerNorm(3), Dense(3, 3, rng), LayerNorm(3))
    model.layers[3].params["g"][...] = rng.normal(size=3)  # not the identity's 1s and 0s
    model.layers[3].params["b"][...] = rng.normal(size=3)
    check(model, rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 4, 3)), mse)


@pytest.mark.parametrize("heads,mask", [(1, True), (2, True), (2, False)])
def test_self_attention_gradients(heads, mask):
    rng = np.random.default_rng(2)
    attention = SelfAttention(4, heads, rng)
    attention.mask = mask
    check(Sequential(attention), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 4)), mse)


@pytest.mark.parametrize("tied,heads,positions", [(False, 1, True), (True, 2, True), (False, 2, False)])
def test_transformer_gradients(tied, heads, positions):
    rng = np.random.default_rng(3)
    model = Transformer(Config(5, 6, dim=4, heads=heads, layers=2, mlp_ratio=2, tied=tied, positions=positions), rng)
    ids = rng.integers(0, 5, size=(3, 6))  # repeated ids: the embedding's rows must accumulate
    y = rng.integers(0, 5, size=(3, 6))
    y[:, :2] = IGNORE
    check(model, ids, y, sequence_cross_entropy, input_grad=False)


def test_sequence_cross_entropy_skips_ignored_targets():
    rng = np.random.default_rng(4)
    logits = rng.normal(size=(2, 3, 4))
    y = np.array([[IGNORE, 1, 2], [3, IGNORE, 0]])
    loss, g = sequence_cross_entropy(logits, y)
    keep = y != IGNORE
    assert loss == pytest.approx(softmax_cross_entropy(logits[keep], y[keep])[0])
    assert np.all(g[~keep] == 0)
    assert close(g, numeric_grad(lambda: sequence_cross_entropy(logits, y)[0], logits))


def test_adam_moves_every_weight_by_about_lr_at_first():
    w = {"w": np.array([1.0, 1.0])}
    Adam(0.1).step(w, {"w": np.array([1e-3, -50.0])})
    assert np.allclose(w["w"], [0.9, 1.1])


def test_causal_mask_hides_the_future():
    rng = np.random.default_rng(5)
    attention = SelfAttention(4, 2, rng)
    attention.forward(rng.normal(size=(1, 4, 4)))
    assert np.all(np.triu(attention.weights[0, 0], 1) == 0) and np.allclose(attention.weights.sum(-1), 1)
    assert attention.mask_matrix[0, 1] == -np.inf and attention.mask_matrix[1, 0] == 0


def test_reverse_tasks_answer_is_the_reversed_input():
    task = symbol_task("reverse", Rng(0, 1))
    ids, y = task.X_test[0], task.Y_test[0]
    assert task.vocab[ids[5]] == SEP and list(y[5:]) == list(ids[4::-1]) and all(y[:5] == IGNORE)
    assert not set(map(tuple, task.X_test.tolist())) & set(map(tuple, task.X.tolist()))  # held out
    sort = symbol_task("sort", Rng(0, 1))
    assert list(sort.Y[0, 5:]) == sorted(sort.X[0, :5])


@pytest.fixture(scope="module")
def reverse():
    """The default toy: reverse 5 of 8 symbols, one head, trained 60 steps."""
    run = AttentionRun(symbol_task("reverse", Rng(0, 1)), Rng(0, 2))
    run.train(60)
    return run


def test_one_head_learns_to_reverse(reverse):
    assert reverse.evaluate().exact >= 0.99  # held-out sequences, every answer symbol right
    w = reverse.trace(reverse.task.X_test[0]).weights[0][0]
    rows = np.arange(5, 10)
    assert np.all(w[rows, 9 - rows] > 0.5)  # the answer rows' weights: an anti-diagonal


def test_without_positions_reverse_fails():
    run = AttentionRun(symbol_task("reverse", Rng(0, 1)), Rng(0, 2), positions=False)
    run.train(60)
    assert run.evaluate().exact < 0.2


def test_without_the_mask_training_looks_better_and_is_worse():
    task = symbol_task("reverse", Rng(0, 1))
    masked, open_ = AttentionRun(task, Rng(0, 2)), AttentionRun(task, Rng(0, 2), mask=False)
    masked.train(30), open_.train(30)
    assert open_.evaluate("train").loss < masked.evaluate("train").loss  # it reads the answer
    assert open_.evaluate(mask=True).exact < masked.evaluate().exact - 0.4
    assert open_.evaluate(mask=True).loss > 3 * masked.evaluate().loss


def test_editing_a_score_cell_moves_the_prediction(reverse):
    ids = reverse.task.X_test[0]
    before = reverse.trace(ids)
    after = reverse.trace(ids, override=ScoreOverride(head=0, query=5, key=0, value=50.0))
    assert after.weights[0][0][5, 0] > 0.99 and np.allclose(after.scores[0], before.scores[0])
    assert np.abs(after.probs[5] - before.probs[5]).max() > 0.5
    assert np.allclose(after.probs[:5], before.probs[:5])  # earlier positions are untouched
    hidden = reverse.trace(ids, override=ScoreOverride(0, 5, 7, 50.0))  # a future cell: masked
    assert np.allclose(hidden.probs, before.probs)
    assert np.allclose(reverse.trace(ids).probs, before.probs)  # the edit does not stay


def test_same_seed_same_weights():
    def weights(seed):
        run = AttentionRun(symbol_task("sort", Rng(seed, 1)), Rng(seed, 2), heads=2)
        run.train(5)
        return run.model.parameters()

    a, b, c = weights(0), weights(0), weights(1)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)


def test_language_task_holds_out_the_end_and_shifts_by_one():
    text = corpus()
    task = language_task(text, context=12)
    cut = int(len(text) * 0.9)
    assert task.context == 12 and len(task.X) == cut - 12 and np.array_equal(task.X[1:][:, -1], task.Y[:-1][:, -1])
    assert task.decode(task.X[-1]) == text[cut - 13:cut - 1] and task.decode(task.Y[-1]) == text[cut - 12:cut]
    assert task.decode(task.X_test[0]) == text[cut:cut + 12] and task.decode(task.X_test[1]) == text[cut + 12:cut + 24]
    short = language_task("abcdefghij" * 6, context=8)  # the shortest --corpus: still one held-out window
    assert len(short.X_test) == 1 and short.decode(short.Y_test[0]) == ("abcdefghij" * 6)[-8:]
    with pytest.raises(ValueError):
        language_task("too short", context=12)


def test_next_tokens_mlp_reads_the_windows_attention_reads_and_learns():
    task = language_task(corpus(), context=8)
    mlp = MLPRun(task, Rng(0, 3))
    start, later = np.asarray(task.X[:1]), np.asarray(task.X[20:21])
    assert np.array_equal(mlp.contexts(start), mlp.lm.X[1:9])  # the text's start: next-token's own pairs
    assert np.array_equal(mlp.contexts(later)[2:], mlp.lm.X[23:29])  # inside a window: the 3 before
    assert list(mlp.contexts(later)[0]) == [0, 0, later[0, 0]]  # before it: BOS, as at the text's start
    before = mlp.evaluate("test", 200)
    for _ in range(100):
        mlp.step()
    assert mlp.steps == 100 and mlp.evaluate("test", 200).loss < before.loss - 1
    with pytest.raises(ValueError):
        MLPRun(symbol_task("reverse", Rng(0, 1)), Rng(0, 3))


@pytest.mark.parametrize("tied,positions,heads,layers", [(False, True, 1, 1), (True, True, 2, 2), (False, False, 4, 3)])
def test_parameter_formula_counts_the_model(tied, positions, heads, layers):
    c = Config(9, 10, dim=16, heads=heads, layers=layers, tied=tied, positions=positions)
    assert Transformer(c, Rng(0)).n_params == c.n_params == transformer_params(layers, heads, 16, 9, 10, 4, tied, positions)


def test_parameter_formula_gives_the_public_figures():
    gpt2 = transformer_params(12, 12, 768, 50257, 1024)
    gpt3 = transformer_params(96, 96, 12288, 50257, 2048)
    assert round(gpt2 / 1e6) == 124 and round(gpt3 / 1e9) == 175


def test_attention_modules_import_without_textual():
    code = ("import sys, nntui.engine.attention, nntui.engine.transformer, nntui.engine.sequences; "
            "print([m for m in ('textual', 'rich') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
