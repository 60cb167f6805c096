"""Terminal benchmark: every scene under a pseudo-terminal, measured as a user over SSH feels it.

    python benchmarks/bench.py [SCENE ...] [--size 100x30] [--term xterm-256color] [--seconds 4]

Per scene: time to the first frame — the beat's narration on screen — (and its ratio to a bare
Textual app's first frame, measured in the same run), time until the whole scene is drawn, RSS, bytes/s and CPU% while playing and while paused, and key → screen latency (p50/p95) while
playing, on a fast reader and on a reader throttled to 32 KB/s (a slow SSH link), and chart builds a
second while playing with the mean time of one (counted in-process, headless). Prints a table.
A script, not a test: timings never decide whether CI passes.
"""

from __future__ import annotations

import argparse
import compileall
import os
import select
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nntui.scenes import built_scenes  # noqa: E402
from tests.pty.term import Terminal  # noqa: E402

# The baseline: a bare Textual app that imports the two libraries every chart scene needs
# (numpy, plotext), so RSS ×bare measures what nntui adds on top of its dependencies.
BARE_APP = "import numpy, plotext\nfrom textual.app import App\nfrom textual.widgets import Static\nclass A(App):\n" \
           "    def compose(self):\n        yield Static('bare ready')\nA().run()\n"
SLOW_LINK = 32_000  # bytes per second
NARRATION = b"PgDn next"  # the narration panel's last line: the beat's words are on screen
SCENE_DRAWN = (b"space plays", b"playing")  # the parameter panel's subtitle: the scene is drawn


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def first_frame(term: Terminal, marker: bytes | tuple[bytes, ...], started: float) -> float:
    """Seconds from `started` until `marker` (or any of them) is on the terminal, checked at
    every chunk read."""
    term.read_until(marker, 20 - (time.monotonic() - started))
    return time.monotonic() - started


def bare_app(size) -> tuple[float, float]:
    """The bare Textual app's first frame (s) and RSS (MB, a second after it)."""
    started = time.monotonic()
    term = Terminal(size=size, argv=[sys.executable, "-c", BARE_APP])
    try:
        ff = first_frame(term, b"bare ready", started)
        term.read(1.0)
        return ff, rss_mb(term.pid)
    finally:
        term.kill()


def rate(term: Terminal, seconds: float) -> tuple[float, float]:
    """Bytes/s sent and CPU% used over `seconds`."""
    cpu0, t0 = cpu_seconds(term.pid), time.monotonic()
    n = len(term.read(seconds))
    dt = time.monotonic() - t0
    return n / dt, 100 * (cpu_seconds(term.pid) - cpu0) / dt


def latency(term: Terminal, presses: int, throttle: int | None) -> list[float]:
    """Seconds from a key (↓ then ↑: select another parameter) to the first byte of the answer
    that follows the backlog, reading at most `throttle` bytes a second."""
    out = []
    for i in range(presses):
        drain(term, 0.15, throttle)
        term.send(b"\x1b[B" if i % 2 == 0 else b"\x1b[A")
        t0 = time.monotonic()
        seen = 0
        while time.monotonic() - t0 < 10:
            chunk = read_some(term, throttle)
            if chunk and b"\xe2\x96\xb6" in chunk:  # '▶': the panel's selection marker moved
                break
            seen += len(chunk)
        out.append(time.monotonic() - t0)
    return out


def read_some(term: Terminal, throttle: int | None) -> bytes:
    ready, _, _ = select.select([term.fd], [], [], 0.02)
    if not ready:
        return b""
    size = 65536 if throttle is None else max(1, throttle // 50)
    chunk = os.read(term.fd, size)
    if throttle is not None:
        time.sleep(len(chunk) / throttle)
    return chunk


def drain(term: Terminal, seconds: float, throttle: int | None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        read_some(term, throttle)


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def chart_rate(scene: str, size, seconds: float) -> tuple[float, float]:
    """Chart builds a second while the scene plays, and the mean milliseconds of one build, counted
    inside the app (run headless, in this process) from every Chart's `builds` and render time."""
    import asyncio

    from nntui.app import NNTuiApp
    from nntui.narration import default_root, load_talk
    from nntui.scenes import SceneParams

    async def run() -> tuple[float, float]:
        app = NNTuiApp(scene, load_talk(default_root() / "en", SceneParams()), seed=0)
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.5)
            charts = list(app.screen.query("Chart"))
            if not charts:
                return 0.0, 0.0
            spent = [0.0]
            for chart in charts:  # time each build: render() builds only when the key or size changed
                def timed(render=chart.render, chart=chart):
                    before, t0 = chart.builds, time.perf_counter()
                    out = render()
                    if chart.builds > before:
                        spent[0] += time.perf_counter() - t0
                    return out
                chart.render = timed
            await pilot.press("space")
            if scene == "next-token":
                await pilot.press("g")
            builds0, t0 = sum(c.builds for c in charts), time.monotonic()
            await asyncio.sleep(seconds)
            n, dt = sum(c.builds for c in charts) - builds0, time.monotonic() - t0
            return n / dt, 1000 * spent[0] / max(1, n)

    return asyncio.run(run())


def start(scene: str, size) -> tuple[Terminal, float, float]:
    """Start the scene: its terminal, the seconds to its first frame and to the scene drawn."""
    started = time.monotonic()
    term = Terminal(scene, "--lang", "en", size=size)  # the markers are English words
    return term, first_frame(term, NARRATION, started), first_frame(term, SCENE_DRAWN, started)


def bench(scene: str, size, seconds: float, bare: float, link: int = SLOW_LINK, starts: int = 5) -> dict:
    """One scene's row; the start times are the median of `starts` starts (as the bare app's)."""
    times = []
    for i in range(starts):
        term, first, drawn = start(scene, size)
        times.append((first, drawn))
        if i < starts - 1:
            term.kill()  # the last one is measured on
    ff, drawn = (statistics.median(t[i] for t in times) for i in (0, 1))
    try:
        term.read(1.0)
        rss = rss_mb(term.pid)
        paused = rate(term, seconds)
        if scene == "pixels":
            term.send(b"\t")  # the keys to the parameters (the picture's cursor has them at first)
            term.read(0.3)
        term.send(b" ")  # play
        if scene == "next-token":
            term.send(b"g")
        term.read(0.5)
        playing = rate(term, seconds)
        fast = latency(term, 30, None)
        slow = latency(term, 6, link)
        row = dict(scene=scene, first=ff, ratio=ff / bare, drawn=drawn, rss=rss, play_bps=playing[0], play_cpu=playing[1],
                   pause_bps=paused[0], pause_cpu=paused[1], p50=p(fast, 50), p95=p(fast, 95), slow95=p(slow, 95))
        if scene == "next-token":  # training runs in a thread beside the UI: keys must still get through
            term.send(b"t")
            term.read(0.5)
            cpu, wall = cpu_seconds(term.pid), time.monotonic()
            training = latency(term, 30, None)
            cpu_pct = (cpu_seconds(term.pid) - cpu) / (time.monotonic() - wall) * 100
            row["training"] = (p(training, 50), p(training, 95), cpu_pct)
        return row
    finally:
        term.send(b"q")
        term.exited(3)
        term.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenes", nargs="*")
    ap.add_argument("--size", default="100x30")
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--link", type=int, default=SLOW_LINK, help="the slow reader's bytes a second (default 32000)")
    args = ap.parse_args()
    os.environ["TERM"] = args.term
    size = tuple(int(v) for v in args.size.split("x"))
    scenes = args.scenes or [s.id for s in built_scenes()]
    # pip compiles an installed package's modules; a source checkout may not have (e.g. with
    # PYTHONDONTWRITEBYTECODE set), and compiling them on every start is not what a user waits for.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "nntui", quiet=1)
    runs = [bare_app(size) for _ in range(5)]
    bare, bare_rss = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    print(f"bare Textual app (importing numpy and plotext): first frame {bare:.3f} s, RSS {bare_rss:.0f} MB   "
          f"({args.size}, TERM={args.term}, slow link {args.link} B/s)")
    head = f"{'scene':<11}{'first s':>8}{'×bare':>6}{'drawn s':>8}{'RSS MB':>7}{'×bare':>6}{'play KB/s':>10}{'play CPU%':>10}" \
           f"{'pause B/s':>10}{'pause CPU%':>11}{'key p50':>8}{'p95':>6}{'32KB/s p95':>11}{'charts/s':>9}{'build ms':>9}"
    print(head)
    for scene in scenes:
        r = bench(scene, size, args.seconds, bare, args.link)
        r["charts"], r["build_ms"] = chart_rate(scene, size, args.seconds)
        print(f"{r['scene']:<11}{r['first']:8.3f}{r['ratio']:6.2f}{r['drawn']:8.3f}{r['rss']:7.0f}{r['rss'] / bare_rss:6.2f}"
              f"{r['play_bps'] / 1000:10.1f}"
              f"{r['play_cpu']:10.0f}{r['pause_bps']:10.0f}{r['pause_cpu']:11.1f}{r['p50'] * 1000:7.0f}ms"
              f"{r['p95'] * 1000:5.0f}ms{r['slow95'] * 1000:9.0f}ms{r['charts']:9.1f}{r['build_ms']:9.1f}", flush=True)
        if "training" in r:
            p50, p95, cpu = r["training"]
            print(f"{'':<11}while training (t): key p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, CPU {cpu:.0f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
