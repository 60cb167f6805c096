"""How fast the next-token model learns: wall time from untrained to a loss that writes words.

    python benchmarks/train_next_token.py [--threshold 1.5] [--seed 0]

Trains the scene's default model (character level, context 3, embedding 10, hidden 96) on the
shipped corpus in the foreground and prints the wall time and steps until the cross-entropy over
the text drops below the threshold (1.5 nats per character: samples read as word-like English),
with a sample at that point. Budget: ≤ 3 s on one core. A script, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nntui.engine.lm import Config, LanguageModel, detokenize  # noqa: E402
from nntui.engine.rng import Rng  # noqa: E402
from nntui.engine.text import corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=1.5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    lm = LanguageModel(corpus(), Config(), Rng(args.seed, 0), lr=0.5)
    print(f"untrained: loss {lm.loss():.3f} nats, {lm.n_params:,} parameters, {len(lm.Y):,} tokens")
    start, steps = time.perf_counter(), 0
    while lm.loss() >= args.threshold and steps < 100_000:
        lm.train(50)
        steps += 50
    elapsed = time.perf_counter() - start
    ids, _ = lm.encode("the ")
    sample = detokenize([lm.vocab[i] for i in lm.generate(ids, 80, 0.8, None, Rng(1))], "char")
    print(f"loss {lm.loss():.3f} < {args.threshold} after {steps:,} steps in {elapsed:.2f} s "
          f"({'within' if elapsed <= 3 else 'OVER'} the 3 s budget)")
    print(f"sample: the {sample!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
