"""BPE training and encoding cost: the shipped corpus (what the tokens scene trains at startup)
and hostile corpora (`--corpus`): a long file (only its first MAX_TRAIN bytes are read), random
CJK (every merge touches most pieces), text without spaces.

    python benchmarks/bpe.py

A script, not a test: timings never decide whether CI passes.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nntui.engine.text import BPE, MAX_TRAIN, corpus  # noqa: E402


def best_of(f, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    r = random.Random(0)
    texts = {
        "shipped corpus": corpus(),
        "corpus × 300 (1.2 MB)": corpus() * 300,
        "random CJK, 20k chars": "".join(chr(r.randrange(0x4E00, 0x9FFF)) for _ in range(20_000)),
        "random code points, 20k": "".join(chr(r.randrange(32, 0x2FFFF)) for _ in range(20_000)),
        "'ab' × 100k, no spaces": "ab" * 100_000,
    }
    print(f"training reads at most {MAX_TRAIN:,} bytes; encoding: the text's first 20,000 characters")
    print(f"{'corpus':28} {'train ms':>9} {'merges':>7} {'encode ms':>10} {'tokens':>7}")
    for name, text in texts.items():
        train = best_of(lambda: BPE(text))
        bpe = BPE(text)
        sample = text[:20_000]
        encode = best_of(lambda: BPE.encode(bpe, sample) if not bpe.cache.clear() else None)
        print(f"{name:28} {train * 1000:9.1f} {len(bpe.merges):7} {encode * 1000:10.1f} {len(bpe.encode(sample)):7}")


if __name__ == "__main__":
    main()
