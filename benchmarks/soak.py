"""Soak: run one scene animating under a pseudo-terminal for N minutes and report its memory.

    python benchmarks/soak.py [SCENE] [--minutes 10] [--every 30]

Starts `nntui SCENE`, presses space (play) — and for next-token also `t` (train) — then samples
the process's resident memory (RSS, from /proc) every --every seconds while draining its output
like a terminal would. Prints a table and the growth from the first minute's sample to the last;
the target is under 5 MB over 10 minutes. A script, not a test: a timing never decides CI.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pty.term import Terminal  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scene", nargs="?", default="neuron")
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--every", type=float, default=30.0)
    args = ap.parse_args()
    term = Terminal(args.scene)
    try:
        if not term.wait_for(b"beat 1/"):
            print("nntui did not start", file=sys.stderr)
            return 1
        term.send(b" ")
        if args.scene == "next-token":
            term.send(b"t")
        start = time.monotonic()
        samples = []
        print(f"soak: {args.scene}, {args.minutes:g} min, RSS every {args.every:g} s")
        print(f"{'minute':>7} {'RSS MB':>8} {'bytes sent':>11}")
        while time.monotonic() - start < args.minutes * 60:
            term.output = b""
            term.read(args.every)
            samples.append(((time.monotonic() - start) / 60, rss_mb(term.pid)))
            print(f"{samples[-1][0]:7.1f} {samples[-1][1]:8.1f} {len(term.output):11,}", flush=True)
        base = next((mb for minute, mb in samples if minute >= 1.0), samples[0][1])
        growth = samples[-1][1] - base
        print(f"growth after the first minute: {growth:+.1f} MB ({'ok' if growth < 5 else 'OVER the 5 MB target'})")
        return 0
    finally:
        term.send(b"q")
        term.exited(5)
        term.kill()


if __name__ == "__main__":
    raise SystemExit(main())
