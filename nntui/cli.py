"""The command line: parse, validate everything a user can get wrong, then start the app.

Every mistake is one line on stderr and exit code 2; no traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nntui import __version__
from nntui.params import MAX_STEPS
from nntui.scenes import BY_ID, SCENES, SceneParams, built_scenes
from nntui.terminal import LOW_BANDWIDTH_FPS
from nntui.web import MAX_SESSIONS

EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in what the user typed; its message is shown as one line."""


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line (`nntui: error: …`) rather than usage + message."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise UsageError(message)


def parse_size(text: str) -> tuple[int, int]:
    """'100x30' → (100, 30); between 20×8 and 1000×500."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 100x30, not {text!r}") from None
    if not (20 <= w <= 1000 and 8 <= h <= 500):
        raise argparse.ArgumentTypeError(f"size {text!r} is out of range (20x8 to 1000x500)")
    return w, h


def whole_number(name: str, lo: int, hi: int | None = None, below: str = ""):
    """An argparse type: a whole number from lo to hi (no limit if None), else a one-line
    message naming the option (`below`, if given, for a value under lo)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, not {text!r}") from None
        if value < lo and below:
            raise argparse.ArgumentTypeError(below)
        if value < lo or (hi is not None and value > hi):
            raise argparse.ArgumentTypeError(f"{name} must be between {lo:,} and {hi:,}")
        return value

    return parse


parse_seed = whole_number("seed", 0, 2**32 - 1)
parse_port = whole_number("port", 1, 65535)
parse_steps = whole_number("steps", 0, MAX_STEPS)
parse_beat = whole_number("beat", 1, below="beat counts from 1")
parse_sessions = whole_number("max-sessions", 1, 1000)


def parse_fps(text: str) -> float:
    try:
        fps = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fps must be a number, not {text!r}") from None
    if not 1 <= fps <= 60:
        raise argparse.ArgumentTypeError("fps must be between 1 and 60")
    return fps


def build_parser() -> Parser:
    ids = ", ".join(s.id for s in SCENES)
    p = Parser(
        prog="nntui",
        allow_abbrev=False,  # `--po 8123` is an error, not --port (and not left in each tab's command)
        description="A live, animated explainer of how neural networks work, in your terminal.",
        epilog=f"Scenes in story order: {ids}. Keys: press ? inside the app.",
    )
    p.add_argument("scene", nargs="?", metavar="SCENE", help="open this scene directly (see --list)")
    p.add_argument("--list", action="store_true", help="list the scenes and exit")
    p.add_argument("--seed", type=parse_seed, default=0, help="seed for every random draw (default 0)")
    p.add_argument("--beat", type=parse_beat, help="start at this beat of the scene's walkthrough (from 1)")
    p.add_argument("--lang", help="walkthrough language, a folder of the script (default: from the locale, else en)")
    p.add_argument("--script", metavar="DIR", help="load the walkthrough from DIR/<lang>/<scene>.toml instead")
    p.add_argument("--talk", metavar="NAME", help="a talk shipped with nntui, e.g. lightning (a 5-minute tour)")
    p.add_argument("--screenshot", metavar="FILE.svg", help="render SCENE headless to an SVG file and exit")
    p.add_argument("--size", type=parse_size, default=None, help="screen size for --screenshot, e.g. 100x30 (default)")
    p.add_argument("--image", metavar="FILE", help="the pixels scene shows this picture (any format Pillow reads)")
    p.add_argument("--corpus", metavar="FILE", help="the next-token scene trains on this text (UTF-8) instead")
    p.add_argument("--weights", metavar="FILE", help="the next-token scene starts from these saved weights (.npz)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="start SCENE with this parameter set (after --beat); repeat for more")
    p.add_argument("--steps", type=parse_steps, default=None, metavar="N",
                   help="start SCENE paused after N training steps from a fresh start (`c` writes it)")
    p.add_argument("--clock", action="store_true", help="show the time since the talk started in the header")
    p.add_argument("--no-questions", action="store_true",
                   help="skip the prediction beats (a talk.toml can say questions = false)")
    p.add_argument("--fps", type=parse_fps, default=None, help="cap the animation at N frames a second (1–60)")
    p.add_argument("--low-bandwidth", action="store_true",
                   help=f"for slow links: {LOW_BANDWIDTH_FPS:g} frames a second, plots redrawn at most once a second")
    p.add_argument("--mouse", choices=("on", "off"), default=None,
                   help="mouse tracking (default: on, but off over SSH, where every move is sent)")
    p.add_argument("--web", action="store_true", help="serve nntui to a browser (textual-serve) instead")
    p.add_argument("--host", default=None, help="with --web: the address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=parse_port, default=None, help="with --web: the port (default 8000)")
    p.add_argument("--max-sessions", type=parse_sessions, default=None, metavar="N",
                   help=f"with --web: browser tabs served at once (default {MAX_SESSIONS})")
    p.add_argument("--no-animation", action="store_true", help="reduced motion: every change jumps to its end state")
    p.add_argument("--version", action="version", version=f"nntui {__version__}")
    return p


def list_scenes() -> str:
    width = max(len(s.id) for s in SCENES)
    return "\n".join(
        f"{s.id:<{width}}  {s.summary}{'' if s.built else '  (coming)'}" for s in SCENES
    )


def check_scene(scene: str | None) -> None:
    if scene is None:
        return
    ready = ", ".join(s.id for s in built_scenes())
    if scene not in BY_ID:
        raise UsageError(f"unknown scene {scene!r}; choose one of: {ready}")
    if not BY_ID[scene].built:
        raise UsageError(f"scene {scene!r} is coming soon; choose one of: {ready}")


def run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.list:
        print(list_scenes())
        return 0
    if (args.host or args.port or args.max_sessions) and not args.web:
        raise UsageError("--host, --port and --max-sessions go with --web, e.g. nntui --web --port 8000")
    if args.web:
        return serve_web(args, sys.argv[1:] if argv is None else argv)
    if args.screenshot is not None:
        check_screenshot(args.screenshot)
    app = make_app(args)
    if args.screenshot is not None:
        return screenshot(app, Path(args.screenshot), args.size or (100, 30))
    if not (sys.stdin and sys.stdin.isatty()) and "TEXTUAL_DRIVER" not in os.environ:
        raise UsageError("nntui needs a terminal: its keys come from stdin, which is not one "
                         "(--screenshot FILE.svg renders without one)")
    app.run(mouse=mouse_wanted(args.mouse))
    return app.return_code or 0


def mouse_wanted(choice: str | None, env=os.environ) -> bool:
    """--mouse, else off over SSH: with tracking on, the terminal sends every mouse movement
    (any-event mode, ~10 bytes a cell crossed) up the link and wakes the app; nntui needs no
    mouse, so a remote session keeps its input bandwidth for keys."""
    if choice is not None:
        return choice == "on"
    return not (env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def serve_web(args, argv: list[str]) -> int:
    """--web: check the options each tab will run with, then serve them to browsers."""
    from nntui import web

    if args.screenshot is not None:
        raise UsageError("--screenshot and --web do not go together")
    make_app(args)  # every other option checked now, not in each browser tab
    host, port = args.host or "127.0.0.1", args.port or 8000
    problem = web.port_free(host, port)
    if problem:
        raise UsageError(f"--web: cannot listen on {host}:{port}: {problem}")
    if not web.is_local(host):
        print(f"nntui: warning: --host {host} serves nntui beyond this machine: anyone who reaches port {port} "
              "gets a running nntui", file=sys.stderr)
    return web.serve(argv, host, port, args.max_sessions or MAX_SESSIONS)


def make_app(args):
    """The app the parsed command line asks for, every input checked (UsageError if not)."""
    check_scene(args.scene)
    if args.screenshot and not args.scene:
        raise UsageError("--screenshot needs a SCENE, e.g. nntui neuron --screenshot neuron.svg")
    if args.size and not args.screenshot:
        raise UsageError("--size goes with --screenshot (a live app takes the terminal's size)")
    if args.steps is not None and not args.scene:
        raise UsageError("--steps needs a SCENE, e.g. nntui network --steps 300")
    if args.beat and not args.scene:
        raise UsageError("--beat needs a SCENE, e.g. nntui neuron --beat 3")
    talk, lang, order, source = load_talk(args)
    talk.questions = order.questions and not args.no_questions
    if not talk.questions:
        source = source + ["--no-questions"]  # `c`: the beat numbers count without them
    for option in ("image", "corpus", "weights"):  # what the screen shows, for `c`
        if getattr(args, option):
            source = source + [f"--{option}", os.path.abspath(getattr(args, option))]  # (resolve() fails on a link loop)
    settings = parse_settings(args.scene, args.set)
    beats = len(talk.words(args.scene)) if args.scene else 0  # read without importing the scene
    if args.beat and args.beat > max(1, beats):
        raise UsageError(f"scene {args.scene!r} has {beats} beats; --beat {args.beat} is past the end")
    from nntui.app import NNTuiApp  # imports Textual: only once we know we need it

    text, note, model = load_language(args)
    fps = args.fps or (LOW_BANDWIDTH_FPS if args.low_bandwidth else 60.0)
    return NNTuiApp(args.scene, talk, args.seed, args.beat, reduced_motion=args.no_animation,
                   image=load_picture(args.image), corpus=text, corpus_note=note, model=model, fps=fps,
                   chart_fps=1.0 if args.low_bandwidth else 10.0, settings=settings, steps=args.steps, clock=args.clock,
                   lang=lang, order=order, source=source,
                   opening=on_a_terminal() and not args.screenshot)


def on_a_terminal() -> bool:
    """Does the app draw to a terminal (Textual writes to stderr)? Only there is the opening
    frame worth drawing: not in a screenshot, a test or a pipe."""
    return sys.__stderr__ is not None and sys.__stderr__.isatty()


def parse_settings(scene: str | None, pairs: list[str]) -> dict:
    """--set NAME=VALUE …, checked against the scene's parameters like a script's values.
    `--set OTHER.NAME=VALUE` sets a parameter of another scene this one reads, e.g. the shared
    neuron's weights for the sigmoid scene: `nntui sigmoid --set neuron.w1=2`."""
    if not pairs:
        return {}
    if scene is None:
        raise UsageError("--set needs a SCENE, e.g. nntui neuron --set w1=2")
    settings, scenes = {}, SceneParams()
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep:
            raise UsageError(f"--set {pair!r}: write NAME=VALUE, e.g. --set w1=2")
        owner, dot, name = key.rpartition(".")
        owner = owner if dot else scene
        if owner not in scenes:
            raise UsageError(f"--set {pair!r}: no scene {owner!r}")
        params = scenes[owner]
        if name not in params:
            raise UsageError(f"--set {pair!r}: {owner} has no parameter {name!r} (it has: {', '.join(params)})")
        try:
            settings[key] = params[name].parse(text)
        except ValueError as e:
            raise UsageError(f"--set {pair!r}: {e}") from None
    return settings


def load_language(args):
    """--corpus and --weights for the next-token scene: (text or None, a note, a model or None)."""
    text, note, model = None, None, None
    if not (args.corpus or args.weights):
        return text, note, model
    from nntui.engine import lm
    from nntui.engine.text import corpus

    if args.corpus:
        try:
            text, note = lm.read_corpus(args.corpus)
        except lm.CorpusError as e:
            raise UsageError(f"--corpus {e}") from None
    if args.weights:
        from nntui.engine.rng import Rng

        try:
            model = lm.LanguageModel.load(args.weights, text or corpus(), Rng(args.seed))
        except lm.WeightsError as e:
            raise UsageError(f"--weights {e}") from None
    return text, note, model


def load_picture(path: str | None):
    """The --image picture as an RGB array, or None for the built-in one."""
    if path is None:
        return None
    from nntui.imageio import ImageError, load_image

    try:
        return load_image(path)
    except ImageError as e:
        raise UsageError(f"--image {e}") from None


def load_talk(args) -> tuple["narration.LazyTalk", str, "narration.Talk", list[str]]:
    """The walkthrough for --lang from --script or --talk (or the shipped scripts), fully
    validated; its language (the interface's words follow it where nntui has a catalogue for
    it); its running order; and the options that choose it, for the command line `c` shows."""
    from nntui import i18n, narration

    if args.script and args.talk:
        raise UsageError("--script and --talk both choose the walkthrough; give one")
    if args.talk:
        root, source = narration.talks_root() / args.talk, ["--talk", args.talk]
        shipped = sorted(p.name for p in narration.talks_root().iterdir() if p.is_dir())
        if "/" in args.talk or args.talk.startswith(".") or not root.is_dir():
            raise UsageError(f"--talk {args.talk}: no such talk; choose one of: {', '.join(shipped)}")
    elif args.script:
        root, source = Path(args.script), ["--script", os.path.abspath(args.script)]
        if not root.is_dir():
            raise UsageError(f"--script {root}: no such folder")
    else:
        root, source = narration.default_root(), []
    langs = narration.languages(root)
    lang = args.lang or narration.default_language(root)
    if lang not in langs:
        raise UsageError(f"no walkthrough in language {lang!r} under {root}; choose one of: {', '.join(langs) or 'none'}")
    i18n.use(lang)
    scenes = SceneParams()
    try:  # a custom talk is checked whole now; the shipped one (checked by the tests) as it is shown
        talk = narration.load_talk(root / lang, scenes, lazy=not source)
        return talk, lang, narration.load_order(root, list(scenes)), source
    except narration.ScriptError as e:
        raise UsageError(str(e)) from None


def check_screenshot(name: str) -> None:
    """--screenshot FILE: a new file, or a regular one to replace, in a writable folder."""
    path = Path(name)
    if not name.strip():
        raise UsageError("--screenshot needs a file name, e.g. --screenshot neuron.svg")
    if name.endswith(os.sep) or path.name in ("", ".", ".."):
        raise UsageError(f"--screenshot {name}: a folder, not a file name")
    if len(os.fsencode(path.name)) + len(".part") + 1 > 255:  # the name of its temporary file too
        raise UsageError(f"--screenshot {name}: file name too long")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"--screenshot {name}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"--screenshot {name}: folder {folder} is not writable")
    if os.path.lexists(path) and not (path.is_file() and not path.is_symlink()):
        raise UsageError(f"--screenshot {name}: exists and is not a regular file; give a new file name")


def screenshot(app, path: Path, size: tuple[int, int]) -> int:
    """Render the app headless at `size`, write an SVG to `path`, and exit."""

    failed: list[str] = []

    async def shoot(pilot) -> None:
        await pilot.pause()
        while pilot.app.replaying():  # --steps: the screen once they are taken
            await pilot.pause(0.05)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        svg = pilot.app.export_screenshot()
        tmp = path.with_name(f".{path.name}.part")
        try:
            tmp.write_text(svg, encoding="utf-8")
            tmp.replace(path)  # never a half-written file
        except OSError as e:
            tmp.unlink(missing_ok=True)
            failed.append(f"--screenshot {path}: cannot write: {e.strerror or e}")
        pilot.app.exit()

    app.run(headless=True, size=size, auto_pilot=shoot)
    if failed:
        raise UsageError(failed[0])
    if app.return_code or not path.exists():
        return app.return_code or 1  # Textual has printed what went wrong
    print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    # The engine's matrices are tiny: more BLAS threads only add wake-ups, CPU time and ~1 MB of
    # memory each. OpenBLAS reads this once, when NumPy loads, which is later than here.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        return run(argv)
    except UsageError as e:
        print(f"nntui: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
