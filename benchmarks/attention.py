"""How fast attention learns: time to 99 % on the toy tasks, and the language mode against
next-token's MLP on the same corpus at equal steps.

    OPENBLAS_NUM_THREADS=1 python benchmarks/attention.py [--seeds 3] [--steps 500 2000]

Toy tasks: one head (d = 32, one block, Adam lr 0.01, 32 sequences a step) trained until the
exact-match rate on 500 held-out sequences reaches 99 %; the time counts training only (the
accuracy checks every 10 steps are not timed). Budget: ≤ 1 s on one core.

Language: the shipped corpus, its last tenth held out. Attention: context 16, 4 windows a step
(64 predicted characters, as next-token's batch of 64 pairs), trained with the mask and without
it (then measured with it). next-token: its scene's model (context 3, SGD lr 0.5). Losses in
nats per character, train and held-out, after the same number of steps. A script, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nntui.engine.lm import Config as LMConfig, LanguageModel  # noqa: E402
from nntui.engine.losses import softmax_cross_entropy  # noqa: E402
from nntui.engine.rng import Rng  # noqa: E402
from nntui.engine.sequences import HELD_OUT, AttentionRun, language_task, symbol_task  # noqa: E402
from nntui.engine.text import corpus  # noqa: E402

TOYS = [("reverse", 4), ("reverse", 5), ("reverse", 6), ("sort", 5)]
MAX_STEPS = 3000

def time_to_99(kind: str, length: int, seed: int, heads: int = 1) -> tuple[float, int, float]:
    """Training seconds and steps until 99 % exact on held-out sequences (or MAX_STEPS)."""
    run = AttentionRun(symbol_task(kind, Rng(seed, 1), length), Rng(seed, 2), heads=heads)
    elapsed, steps, exact = 0.0, 0, 0.0
    while steps < MAX_STEPS:
        start = time.perf_counter()
        run.train(10)
        elapsed += time.perf_counter() - start
        steps += 10
        exact = run.evaluate().exact
        if exact >= 0.99:
            break
    return elapsed, steps, exact

def next_token_losses(text: str, steps: int, seed: int) -> tuple[float, float, float]:
    """next-token's model on the first nine tenths: train loss, held-out loss, s per step."""
    cut = int(len(text) * (1 - HELD_OUT))
    vocab = language_task(text).vocab
    lm = LanguageModel(text[:cut], LMConfig(), Rng(seed, 0), lr=0.5, vocab=vocab, held_out=0)  # its own split: none
    start = time.perf_counter()
    lm.train(steps)
    per_step = (time.perf_counter() - start) / steps
    whole = LanguageModel(text, LMConfig(), Rng(seed, 0), vocab=vocab)  # its pairs, for the held-out end
    held = softmax_cross_entropy(lm.net.forward(whole.X[cut:]), whole.Y[cut:])[0]
    return lm.loss(), held, per_step

def attention_losses(text: str, steps: int, seed: int, mask: bool) -> tuple[float, float, float, float]:
    """The attention language model: train loss, held-out loss (both with the mask), train loss
    as trained, s per step."""
    run = AttentionRun(language_task(text, 16), Rng(seed, 2), mask=mask, batch=4)
    start = time.perf_counter()
    run.train(steps)
    per_step = (time.perf_counter() - start) / steps
    return (run.evaluate("train", True, 4000).loss, run.evaluate("test", True).loss,
            run.evaluate("train", None, 4000).loss, per_step)

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--steps", type=int, nargs="+", default=[500, 2000])
    args = ap.parse_args()

    print("time to 99 % exact match on 500 held-out sequences (1 block, d = 32, Adam 0.01, batch 32)")
    print(f"{'task':<16}{'heads':>6}{'params':>8}   per seed: seconds (steps)")
    for kind, length in TOYS:
        for heads in (1, 2):
            n = AttentionRun(symbol_task(kind, Rng(0, 1), length), Rng(0, 2), heads=heads).n_params
            cells = []
            for seed in range(args.seeds):
                s, steps, exact = time_to_99(kind, length, seed, heads)
                cells.append(f"{s:5.2f} ({steps})" + ("" if exact >= 0.99 else f" only {exact:.0%}"))
            print(f"{kind + f' {length} of 8':<16}{heads:>6}{n:>8}   " + "   ".join(cells))

    text = corpus()
    print(f"\nlanguage: {len(text):,} characters, the last {HELD_OUT:.0%} held out; loss in nats per "
          "character (64 characters a step for both)")
    print(f"{'model':<34}{'steps':>6}{'train':>8}{'held-out':>10}{'as trained':>12}{'ms/step':>9}")
    for steps in args.steps:
        tr, held, per = next_token_losses(text, steps, 0)
        print(f"{'next-token MLP, context 3':<34}{steps:>6}{tr:>8.3f}{held:>10.3f}{'':>12}{per * 1e3:>9.2f}")
        for mask in (True, False):
            tr, held, own, per = attention_losses(text, steps, 0, mask)
            name = "attention, context 16" + ("" if mask else ", mask off")
            print(f"{name:<34}{steps:>6}{tr:>8.3f}{held:>10.3f}{own:>12.3f}{per * 1e3:>9.2f}")
    print("(train and held-out measured with the causal mask; 'as trained' without it for mask off)")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
