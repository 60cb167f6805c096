"""Byte-level BPE: lossless on any string, a vocabulary fixed by training, GPT-2's pieces."""

import random

import numpy as np

from nntui.engine import Embedding, Rng
from nntui.engine.text import BPE, BYTES, MAX_MERGES, char_tokens, corpus, merge_pair, one_hot, pieces, trained_bpe, word_tokens

EXAMPLE = "the cat sat on the mat. 猫在垫子上 🐱"


def random_text(r: random.Random) -> str:
    """A string of any code points (lone surrogates included), mixed with spaces, letters and
    marks so that pieces and merges are exercised too."""
    alphabets = [lambda: chr(r.randrange(0x110000)), lambda: r.choice(" \t\n  "), lambda: r.choice("thea n.,'?"),
                 lambda: chr(r.randrange(0x1F300, 0x1FAFF)), lambda: chr(r.randrange(0x4E00, 0x9FFF))]
    return "".join(r.choice(alphabets)() for _ in range(r.randrange(0, 40)))


def test_decode_encode_is_the_identity_on_random_unicode():
    bpe = trained_bpe(corpus())
    r = random.Random(21)
    for _ in range(400):
        text = random_text(r)
        assert "".join(pieces(text)) == text
        for merges in (0, 40, MAX_MERGES):
            ids = bpe.encode(text, merges)
            assert bpe.decode(ids) == text, repr(text)
            assert all(0 <= i < bpe.vocab_size(merges) for i in ids)


def test_without_merges_the_ids_are_the_utf8_bytes():
    bpe = trained_bpe(corpus())
    assert bpe.encode("🐱", 0) == list("🐱".encode()) == [0xF0, 0x9F, 0x90, 0xB1]
    assert [bpe.token(i) for i in bpe.encode("猫a", 0)] == ["<E7>", "<8C>", "<AB>", "a"]


def test_the_vocabulary_is_fixed_by_the_corpus_not_the_text():
    bpe = trained_bpe(corpus())
    assert len(bpe.merges) == MAX_MERGES and bpe.vocab_size(40) == BYTES + 40 == 296
    the = bpe.encode(" the", 40)
    assert len(the) == 1 and bpe.token(the[0]) == " the"  # a GPT-2 style token: the space leads
    for text in ("on the mat", "I saw the cat", "zzz the"):
        ids = bpe.encode(text, 40)
        assert the[0] in ids  # the same id in every text
    assert trained_bpe(corpus()) is bpe  # trained once, then kept


def test_training_merges_the_most_frequent_pair_first():
    bpe = BPE("low lower lowest low", most=3)
    # pieces: "low" ×2, " lower", " lowest", " low" — ("l","o") and ("o","w") occur 5 times; ties: smaller ids
    assert [bpe.token(BYTES + k) for k in range(3)] == ["lo", "low", " low"]
    assert [bpe.token(i) for i in bpe.encode(" lowest")] == [" low", "e", "s", "t"]
    assert bpe.merges[:1] == [(ord("l"), ord("o"))]


def test_encoding_equals_applying_the_merges_in_order():
    bpe = trained_bpe(corpus())
    for piece in [" network", " boating", " learning", " weights", "zzz", " the"]:
        symbols = tuple(piece.encode())
        for k, pair in enumerate(bpe.merges[:120]):
            symbols = merge_pair(symbols, pair, BYTES + k)
        assert tuple(bpe.encode(piece, 120)) == symbols


def test_merge_pair_non_overlapping():
    assert merge_pair(("a", "a", "a"), ("a", "a"), "aa") == ("aa", "a")


def test_characters_and_bpe_keep_the_full_stop_and_the_emoji_words_drop_them():
    bpe = trained_bpe(corpus())
    assert "." in char_tokens(EXAMPLE) and "🐱" in char_tokens(EXAMPLE)
    assert "." not in word_tokens(EXAMPLE) and "🐱" not in word_tokens(EXAMPLE)  # words only, as CONTENT.md's example
    assert bpe.decode(bpe.encode(EXAMPLE, 40)) == EXAMPLE
    assert "." in [bpe.token(i) for i in bpe.encode(EXAMPLE, 40)]


def test_a_long_text_without_spaces_and_a_big_corpus_stay_cheap():
    """Pieces are cut at 16 characters and training reads at most 10,000 bytes: linear time.
    (No timing: the work done is bounded, checked by its result.)"""
    bpe = BPE("ab" * 200_000)
    assert bpe.decode(bpe.encode("x" * 5000)) == "x" * 5000
    assert len(bpe.merges) <= MAX_MERGES


def test_one_hot_times_the_table_is_its_row():
    E = Embedding(BYTES + MAX_MERGES, 8, Rng(0))
    ids = np.array([5, 0, 5])
    assert np.allclose(one_hot(ids, E.params["E"].shape[0]) @ E.params["E"], E.forward(ids))


def naive_merges(text: str, most: int) -> list[tuple[int, int]]:
    """Training by the definition: recount every pair of every piece before each merge."""
    from collections import Counter

    words = Counter(tuple(p.encode("utf-8", "surrogatepass")) for p in pieces(text))
    merges = []
    while len(merges) < most:
        pairs = Counter()
        for symbols, n in words.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += n
        if not pairs:
            break
        best, n = max(pairs.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        if n < 2:
            break
        merges.append(best)
        words = Counter({merge_pair(s, best, BYTES + len(merges) - 1): n for s, n in words.items()})
    return merges


def test_training_by_local_updates_equals_recounting_everything():
    r = random.Random(5)
    for text in [corpus()[:1500], "aaaa aaa aaaaaa abab ababab", *(random_text(r) * 3 for _ in range(30))]:
        assert BPE(text, most=60).merges == naive_merges(text, 60)
