"""The tiny language model: gradients, training on the shipped corpus, sampling, save/load."""

import numpy as np
import pytest

from nntui.engine.lm import BOS, Config, LanguageModel, WeightsError, detokenize, tokenize
from nntui.engine.losses import softmax_cross_entropy
from nntui.engine.text import corpus
from tests.engine.test_gradients import check_model


def test_gradients_on_a_tiny_vocabulary():
    lm = LanguageModel("abcab cab", Config("char", 2, 3, 5), np.random.default_rng(0))
    assert len(lm.vocab) == 5  # BOS, ' ', a, b, c
    check_model(lm.net, lm.X[:6], softmax_cross_entropy, lm.Y[:6])


def test_training_on_the_shipped_corpus_lowers_cross_entropy():
    rng = np.random.default_rng(0)
    lm = LanguageModel(corpus(), Config(), rng, lr=0.5)
    before = lm.loss()
    assert abs(before - np.log(len(lm.vocab))) < 0.5  # untrained: about uniform
    lm.train(1500)
    after = lm.loss()
    assert after < before - 1.2  # at least 1.2 nats per character better within 1500 steps


def test_loss_in_chunks_is_the_loss_over_all_pairs_at_once():
    lm = LanguageModel(corpus(), Config(), np.random.default_rng(2))
    lm.train(50)
    n = lm.n_train  # the training pairs: fewer than 4,000 in the shipped text
    whole = softmax_cross_entropy(lm.net.forward(lm.X[:n]), lm.Y[:n])[0]
    assert abs(lm.loss() - whole) < 1e-12
    assert abs(lm.loss(chunk=7) - whole) < 1e-12  # a last piece shorter than the others


def test_context_is_padded_with_the_start_token():
    lm = LanguageModel("hello", Config("char", 3, 2, 4), np.random.default_rng(1))
    assert lm.vocab[0] == BOS
    assert lm.X[0].tolist() == [0, 0, 0] and lm.context_of([5]).tolist() == [[0, 0, 5]]


def test_temperature_zero_is_greedy_and_top_k_limits():
    lm = LanguageModel(corpus(), Config(), np.random.default_rng(2))
    ids, _ = lm.encode("the ")
    greedy = lm.distribution(ids, 0.0, None)
    assert greedy.max() == 1.0
    top3 = lm.distribution(ids, 1.0, 3)
    assert (top3 > 0).sum() == 3 and np.isclose(top3.sum(), 1)


def test_generation_is_seeded():
    lm = LanguageModel(corpus(), Config(), np.random.default_rng(3))
    ids, _ = lm.encode("a ")
    a = lm.generate(ids, 10, 1.0, None, np.random.default_rng(9))
    b = lm.generate(ids, 10, 1.0, None, np.random.default_rng(9))
    assert a == b and len(a) == 10


def test_unknown_characters_are_reported():
    lm = LanguageModel("abc", Config("char", 2, 2, 4), np.random.default_rng(4))
    ids, unknown = lm.encode("abz€")
    assert len(ids) == 2 and unknown == ["z", "€"]


def test_word_level_round_trip():
    tokens = tokenize("The boat, the sun.", "word")
    assert tokens == ["the", "boat", ",", "the", "sun", "."]
    assert detokenize(tokens, "word") == "the boat, the sun."


def test_save_and_load(tmp_path):
    rng = np.random.default_rng(5)
    lm = LanguageModel(corpus(), Config("char", 3, 4, 16), rng)
    lm.train(50)
    lm.save(tmp_path / "w.npz")
    back = LanguageModel.load(tmp_path / "w.npz", corpus(), np.random.default_rng(6))
    ids, _ = lm.encode("the ")
    assert np.allclose(back.logits(ids), lm.logits(ids)) and back.vocab == lm.vocab


@pytest.mark.parametrize("content, words", [
    (None, "no such file"),
    (b"not a zip at all", "not an nntui weights file"),
])
def test_bad_weights_files(tmp_path, content, words):
    path = tmp_path / "w.npz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WeightsError, match=words):
        LanguageModel.load(path, corpus(), np.random.default_rng(0))


def test_weights_of_another_shape_are_refused(tmp_path):
    from nntui.engine.lm import make_vocab

    vocab = make_vocab(tokenize(corpus(), "char"))
    np.savez(tmp_path / "w.npz", vocab=np.array(vocab), level=np.array("char"), shape=np.array([2, 2, 8]),
             **{"param:0.E": np.zeros((9, 9))})
    with pytest.raises(WeightsError, match="do not fit"):
        LanguageModel.load(tmp_path / "w.npz", corpus(), np.random.default_rng(0))


@pytest.mark.parametrize("content, words", [
    (None, "no such file"),
    (b"\x00\x01\x02binary" * 10, "binary"),
    (b"", "too little text"),
    (b"   \n  ", "too little text"),
    (b"\xff\xfe\xfa" * 100, "not UTF-8"),
])
def test_bad_corpus_files(tmp_path, content, words):
    from nntui.engine.lm import CorpusError, read_corpus

    path = tmp_path / "c.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CorpusError, match=words):
        read_corpus(path)


def test_huge_corpus_is_cut_with_a_note(tmp_path):
    from nntui.engine.lm import MAX_CORPUS, read_corpus

    path = tmp_path / "big.txt"
    path.write_text(("the boat is on the water.\n" * 100_000))
    text, note = read_corpus(path)
    assert len(text) <= MAX_CORPUS and "first" in note


def test_the_end_of_the_text_is_held_out_and_never_trained_on():
    from nntui.engine.lm import HELD_OUT

    lm = LanguageModel(corpus(), Config(), np.random.default_rng(7))
    n = len(lm.Y)
    assert lm.n_train == n - int(n * HELD_OUT) and len(lm.trainer.X) == lm.n_train
    assert np.array_equal(lm.trainer.Y, lm.Y[: lm.n_train])  # the trainer draws its batches from these only
    held = softmax_cross_entropy(lm.net.forward(lm.X[lm.n_train:]), lm.Y[lm.n_train:])[0]
    assert abs(lm.loss("held-out") - held) < 1e-12


def test_token_spans_say_where_each_token_stands():
    from nntui.engine.lm import detokenize_spans, token_spans

    text = "The boat, the sun."
    assert [text[a:b].lower() for a, b in token_spans(text, "word")] == tokenize(text, "word")
    out, spans = detokenize_spans(["the", "boat", BOS, ",", "sun"], "word")
    assert out == "the boat, sun" and [out[a:b] for a, b in spans] == ["the", "boat", "", ",", "sun"]
    assert spans[2] == (8, 8)  # BOS: an empty span where it stands, so spans line up with the ids
    assert token_spans("ab", "char") == [(0, 1), (1, 2)]


def test_the_embedding_map_is_the_pca_of_e():
    from nntui.engine.projection import pca

    lm = LanguageModel(corpus(), Config(), np.random.default_rng(8))
    points, shares = lm.embedding_map()
    assert points.shape == (len(lm.vocab), 2) and 0 < shares[1] <= shares[0] < 1
    assert np.allclose(points, pca(lm.net.parameters()["0.E"])[0])
