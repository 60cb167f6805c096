"""How fast attention learns: time to 99 % on the toy tasks, and the language mode against
next-token's MLP on the same corpus at equal steps.

    OPENBLAS_NUM_THREADS=1 python benchmarks/attention.py [--seeds 3] [--steps 300 2000]

Toy tasks: the scene's defaults (one block, d = 24, Adam lr 0.01, 32 sequences a step), trained
until the exact-match rate on 500 held-out sequences reaches 99 %; the time counts training only
(the accuracy checks every 10 steps are not timed), as wall-clock seconds and as this process's
CPU seconds (on a shared machine the CPU time is what one free core would take). Budget: ≤ 1 s
on one core.

Language: the shipped corpus, its last tenth held out, as the scene trains it: attention reads 8
characters, 8 windows a step (64 predicted characters, as next-token's 64 pairs), with the mask
and without it (then measured with it); next-token's MLP (engine.sequences.MLPRun: context 3,
SGD lr 0.5) steps beside it. Both measured as the scene measures them (EVAL_LIMIT windows of
each split, the same windows for both). Losses in nats per character. A script, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nntui.engine.rng import Rng  # noqa: E402
from nntui.engine.sequences import HELD_OUT, AttentionRun, MLPRun, language_task, symbol_task  # noqa: E402
from nntui.engine.text import corpus  # noqa: E402
from nntui.scenes.attention import EVAL_LIMIT, LANGUAGE_BATCH, LANGUAGE_CONTEXT  # noqa: E402

TOYS = [("reverse", 4), ("reverse", 5), ("reverse", 6), ("sort", 5)]
MAX_STEPS = 3000


def time_to_99(kind: str, length: int, seed: int, heads: int = 1) -> tuple[float, float, int, float]:
    """Wall and CPU seconds of training and steps until 99 % exact on held-out sequences (or
    MAX_STEPS), and the exact-match rate reached."""
    run = AttentionRun(symbol_task(kind, Rng(seed, 1), length), Rng(seed, 2), heads=heads)
    wall, cpu, steps, exact = 0.0, 0.0, 0, 0.0
    while steps < MAX_STEPS:
        start, start_cpu = time.perf_counter(), time.process_time()
        run.train(10)
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        steps += 10
        exact = run.evaluate().exact
        if exact >= 0.99:
            break
    return wall, cpu, steps, exact


def language_losses(text: str, steps: int, seed: int, mask: bool) -> dict[str, tuple[float, float, float]]:
    """Attention (and, beside it, next-token's MLP) after `steps` steps: {model: (train loss,
    held-out loss, ms per step)}; attention's train loss as trained and its held-out one with
    the mask, as the scene shows them."""
    task = language_task(text, LANGUAGE_CONTEXT)
    run, mlp = AttentionRun(task, Rng(seed, 2), mask=mask, batch=LANGUAGE_BATCH), MLPRun(task, Rng(seed, 3))
    spent = {"attention": 0.0, "mlp": 0.0}
    for _ in range(steps):
        for name, model in (("attention", run), ("mlp", mlp)):
            start = time.process_time()
            model.step()
            spent[name] += time.process_time() - start
    return {"attention": (run.evaluate("train", None, EVAL_LIMIT).loss, run.evaluate("test", True, EVAL_LIMIT).loss,
                          1e3 * spent["attention"] / steps),
            "mlp": (mlp.evaluate("train", EVAL_LIMIT).loss, mlp.evaluate("test", EVAL_LIMIT).loss, 1e3 * spent["mlp"] / steps)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--steps", type=int, nargs="+", default=[300, 2000])
    args = ap.parse_args()

    c = AttentionRun(symbol_task("reverse", Rng(0, 1)), Rng(0, 2)).config
    print(f"time to 99 % exact match on 500 held-out sequences (1 block, d = {c.dim}, Adam 0.01, batch 32)")
    print(f"{'task':<16}{'heads':>6}{'params':>8}   per seed: wall s / CPU s (steps)")
    for kind, length in TOYS:
        for heads in (1, 2):
            n = AttentionRun(symbol_task(kind, Rng(0, 1), length), Rng(0, 2), heads=heads).n_params
            cells = []
            for seed in range(args.seeds):
                wall, cpu, steps, exact = time_to_99(kind, length, seed, heads)
                cells.append(f"{wall:5.2f} / {cpu:4.2f} ({steps})" + ("" if exact >= 0.99 else f" only {exact:.0%}"))
            print(f"{kind + f' {length} of 8':<16}{heads:>6}{n:>8}   " + "   ".join(cells))

    text = corpus()
    print(f"\nlanguage: {len(text):,} characters, the last {HELD_OUT:.0%} held out; loss in nats per "
          f"character ({LANGUAGE_BATCH * LANGUAGE_CONTEXT} characters a step for both)")
    print(f"{'model':<34}{'steps':>6}{'train':>8}{'held-out':>10}{'CPU ms/step':>13}")
    for steps in args.steps:
        for mask in (True, False):
            found = language_losses(text, steps, 0, mask)
            rows = [(f"attention, context {LANGUAGE_CONTEXT}" + ("" if mask else ", mask off"), found["attention"])]
            if mask:
                rows.insert(0, ("next-token MLP, context 3", found["mlp"]))
            for name, (train, held, per) in rows:
                print(f"{name:<34}{steps:>6}{train:>8.3f}{held:>10.3f}{per:>13.2f}")
    print("(attention's held-out loss measured with the causal mask; its train loss as trained)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
