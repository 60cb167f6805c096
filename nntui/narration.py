"""Walkthrough scripts: `scenes/<lang>/<scene>.toml`, a list of beats, validated strictly.

    [[beat]]
    title = "A weighted vote"
    text = "Markdown…"
    set = { preset = "boating", w3 = 5 }   # optional: parameter values this beat sets
    set = { neuron = { preset = "boating" } }  # …also another scene's (the shared neuron's)
    play = true                            # optional: start the animation (default: pause)

A custom talk (`--script DIR`, `--talk NAME`) is a folder of such language folders, and may
have a running order beside them, `DIR/talk.toml`:

    title = "Neural networks in five minutes"
    scenes = ["neuron", "descent", "next-token"]   # PageDown's order; others stay in the menu

Any mistake (bad TOML, an unknown scene, key or parameter, a value out of range) raises
ScriptError naming the file, the beat and the problem.
"""

from __future__ import annotations

import locale
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from nntui import predictions
from nntui.files import FileError, read_bytes
from nntui.params import Param, Value

BEAT_KEYS = {"title", "text", "set", "play", "ask"}
MAX_SCRIPT = 1_000_000  # bytes: a talk's script is text a person wrote
TALK_FILE = "talk.toml"  # a custom talk's running order, beside its language folders


class ScriptError(Exception):
    """A walkthrough script that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Beat:
    title: str
    text: str
    settings: dict[str, Value] = field(default_factory=dict)
    play: bool = False
    ask: predictions.Ask | None = None  # a prediction beat: the question asked before PageDown reveals


def talks_root() -> Path:
    """The example talks shipped with nntui (`--talk NAME`)."""
    return default_root() / "talks"


def default_root() -> Path:
    """The shipped scripts: inside the installed package, or `scenes/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_scenes"
    return packaged if packaged.is_dir() else here.parent / "scenes"


def languages(root: Path) -> list[str]:
    """The folders of `root` that hold scripts: one a language."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.toml")))


@dataclass(frozen=True)
class Talk:
    """A talk's running order: the scenes PageDown walks through, its title, and whether its
    prediction beats ask (`questions = false` skips them, as `--no-questions` does)."""

    scenes: tuple[str, ...]
    title: str = ""
    questions: bool = True


def load_order(root: Path, built: list[str]) -> Talk:
    """`root/talk.toml` if there is one (`title = "…"`, `scenes = ["neuron", …]`: a custom talk
    may leave scenes out and reorder them), else every built scene in story order."""
    path = root / TALK_FILE
    if not os.path.lexists(path):
        return Talk(tuple(built))
    data = read_toml(path)
    unknown = set(data) - {"title", "scenes", "questions"}
    if unknown:
        raise ScriptError(f"{path}: unknown key {sorted(unknown)[0]!r} (allowed: questions, scenes, title)")
    order, title = data.get("scenes"), data.get("title", "")
    if not isinstance(order, list) or not order or not all(isinstance(s, str) for s in order):
        raise ScriptError(f"{path}: 'scenes' must be a list of scene names, e.g. [\"neuron\", \"descent\"]")
    for scene in order:
        if scene not in built:
            raise ScriptError(f"{path}: unknown scene {scene!r} (scenes: {', '.join(built)})")
    if len(set(order)) != len(order):
        raise ScriptError(f"{path}: a scene is listed twice")
    if not isinstance(title, str):
        raise ScriptError(f"{path}: 'title' must be a string")
    questions = data.get("questions", True)
    if not isinstance(questions, bool):
        raise ScriptError(f"{path}: 'questions' must be true or false")
    return Talk(tuple(order), title.strip(), questions)


def default_language(root: Path) -> str:
    """The locale's language if the script has it (LANG=zh_CN.UTF-8 → zh), else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    lang = value.split("_")[0].split(".")[0].lower()
    return lang if lang in languages(root) else "en"


def parse_beat(raw: Any, where: str, params: Mapping[str, Param] | None,
               others: Mapping[str, Mapping[str, Param]] | None = None, scene: str | None = None) -> Beat:
    """One beat, its settings checked against `params` (and, for a setting of another scene,
    `OTHER.NAME`, against `others[OTHER]`); with None, its words only (title and text: what the
    opening frame shows before the scene, and its parameters, are imported)."""
    if not isinstance(raw, dict):
        raise ScriptError(f"{where}: a beat must be a table")
    unknown = set(raw) - BEAT_KEYS
    if unknown:
        raise ScriptError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(BEAT_KEYS))})")
    for key in ("title", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ScriptError(f"{where}: {key!r} must be a non-empty string")
    ask = None
    if "ask" in raw:
        trouble = predictions.problem(raw["ask"], scene)
        if trouble:
            raise ScriptError(f"{where}: {trouble}")
        ask = predictions.parse(raw["ask"])
    if params is None:
        return Beat(raw["title"].strip(), raw["text"].strip(), ask=ask)
    settings = raw.get("set", {})
    if not isinstance(settings, dict):
        raise ScriptError(f"{where}: 'set' must be a table of parameter = value")
    checked: dict[str, Value] = {}
    flat = {}  # `neuron = { preset = "boating" }` (or "neuron.preset"): another scene's parameter
    for name, value in settings.items():
        if isinstance(value, dict):
            flat.update({f"{name}.{key}": v for key, v in value.items()})
        else:
            flat[name] = value
    for name, value in flat.items():
        owner, dot, key = name.rpartition(".")
        table = params if not dot else (others or {}).get(owner)
        if table is None:
            raise ScriptError(f"{where}: unknown scene {owner!r} in {name!r} (scenes: {', '.join(others or {})})")
        if key not in table:
            raise ScriptError(f"{where}: unknown parameter {name!r} (known: {', '.join(table)})")
        try:
            checked[name] = table[key].check(value)
        except ValueError as e:
            raise ScriptError(f"{where}: {e}") from None
    play = raw.get("play", False)
    if not isinstance(play, bool):
        raise ScriptError(f"{where}: 'play' must be true or false")
    return Beat(raw["title"].strip(), raw["text"].strip(), checked, play, ask)


def read_toml(path: Path) -> dict[str, Any]:
    """A script's TOML, read safely (a regular file of at most MAX_SCRIPT bytes), else ScriptError."""
    try:
        return tomllib.loads(read_bytes(path, MAX_SCRIPT, "script").decode("utf-8"))
    except FileError as e:
        raise ScriptError(str(e)) from None
    except UnicodeDecodeError:
        raise ScriptError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ScriptError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:  # tomllib recurses once a level of nested arrays or tables
        raise ScriptError(f"{path}: invalid TOML: nested too deeply") from None


def load_script(path: Path, params: Mapping[str, Param] | None,
                others: Mapping[str, Mapping[str, Param]] | None = None) -> list[Beat]:
    """The beats of one scene's script, checked against that scene's parameters (None: words
    only, see parse_beat)."""
    data = read_toml(path)
    unknown = set(data) - {"beat"}
    if unknown:
        raise ScriptError(f"{path}: unknown key {sorted(unknown)[0]!r}; a script is a list of [[beat]]")
    beats = data.get("beat")
    if not isinstance(beats, list) or not beats:
        raise ScriptError(f"{path}: no beats; write at least one [[beat]] with a title and text")
    return [parse_beat(raw, f"{path}: beat {i}", params, others, path.stem) for i, raw in enumerate(beats, 1)]


def load_talk(folder: Path, scenes: Mapping[str, Mapping[str, Param]], lazy: bool = False) -> LazyTalk:
    """Every script in `folder` (one language), keyed by scene id.

    `scenes` maps each built scene's id to its parameters; a file for any other name is an error.
    A built scene without a file simply has no narration beyond its summary. With `lazy`, each
    script is read and checked when its scene first asks for it (for the shipped scripts, which
    the tests check: startup then imports only the scene it opens).
    """
    if not folder.is_dir():
        raise ScriptError(f"{folder}: no such script folder")
    paths = {}
    for path in sorted(folder.glob("*.toml")):
        if path.stem not in scenes:
            raise ScriptError(f"{path}: unknown scene {path.stem!r} (scenes: {', '.join(scenes)})")
        paths[path.stem] = path
    talk = LazyTalk(paths, scenes)
    if not lazy:
        for scene in talk:
            talk[scene]  # read and checked now
    return talk


class LazyTalk(Mapping[str, list[Beat]]):
    """Scripts by scene id, each loaded (and checked) on first use. With `questions` False the
    prediction beats are left out (`--no-questions`, a talk's `questions = false`)."""

    def __init__(self, paths: dict[str, Path] | None = None, scenes: Mapping[str, Mapping[str, Param]] | None = None) -> None:
        self.paths, self.scenes, self.loaded = paths or {}, scenes or {}, {}
        self.questions = True

    def asked(self, beats: list[Beat]) -> list[Beat]:
        return beats if self.questions else [b for b in beats if b.ask is None]

    def __getitem__(self, scene: str) -> list[Beat]:
        if scene not in self.loaded:
            self.loaded[scene] = load_script(self.paths[scene], self.scenes[scene], self.scenes)
        return self.asked(self.loaded[scene])

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def words(self, scene: str) -> list[Beat]:
        """The scene's beats, titles and texts only: read without importing the scene (its
        settings are checked when the scene itself asks for its beats)."""
        if scene in self.loaded or scene not in self.paths:
            return self.get(scene, [])
        return self.asked(load_script(self.paths[scene], None))
