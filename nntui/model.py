"""A scene's state without Textual (SceneModel), and the one Store the app keeps them in.

A model owns what its scene shows: the parameter values, the engine objects built from them,
and the animation or training that moves them. A screen draws a model and turns keys into calls
on it; it keeps no state of its own that a redraw would need. The app owns one Store, so a model
outlives its screen, and a value another scene shows is read from the model that owns it, when
it is read (the sigmoid scene's z *is* the neuron's z), never copied.

Every change goes through `SceneModel.set` (or `notify`), which tells the store's listeners the
scene and the names that changed; a screen listens while it is shown and redraws what changed.

The animation protocol, the same for every scene:
    start()               about to play
    advance(dt) -> bool   move on by dt seconds; False when nothing is left to move
    step()                one discrete step (the `.` key)
    finish()              the animation's end state, at once (reduced motion)
    restart()             back to the state before any animation or training
    settle()              the state a beat that does not play starts from
    replay()              what a played beat leaves behind, when --beat jumps past it
    steps / train(n)      training steps taken / take n from a fresh start (`--steps`; the
                          screen runs it in a thread, its change notices held: Store.hold)
"""

from __future__ import annotations

import zlib
from typing import Any, Callable, ClassVar, Mapping

from nntui.params import Param, Value

Listener = Callable[[str, frozenset[str]], None]
Going = Callable[[int], bool]  # train(n, going): asked with the steps done so far, False stops
ANIMATION = "animation"  # the name notified when the animation's own state moved


class SceneModel:
    """Base class of every scene's model; see the module docstring."""

    SCENE_ID: ClassVar[str] = ""
    PARAMS: ClassVar[tuple[Param, ...]] = ()
    READS: ClassVar[tuple[str, ...]] = ()  # scenes whose values this one shows (and `c` writes)

    def __init__(self, store: "Store") -> None:
        self.store = store
        self.params = {p.name: p for p in self.PARAMS}
        self.values: dict[str, Value] = {p.name: p.default for p in self.PARAMS}
        self.setup()

    # ---- to override --------------------------------------------------------------------------
    def setup(self) -> None:
        """Build the engine objects and the animation state from the values."""

    def changed(self, name: str, value: Value) -> None:
        """Side effects of setting a parameter (a preset setting others, a rebuild)."""

    def derive(self, name: str) -> Value | None:
        """A parameter's value read from another scene (None: the model's own value)."""
        return None

    def start(self) -> None:
        """The animation is about to play (e.g. from where the viewer left a value)."""

    def advance(self, dt: float) -> bool:
        """Move the animation on by dt seconds; False when nothing is left to move."""
        return False

    def step(self) -> None:
        """One discrete step of the animation."""

    def finish(self) -> None:
        """The animation's end state."""

    def restart(self) -> None:
        """Back to the state before any animation or training."""

    def settle(self) -> None:
        """The state a beat that does not play starts from (default: the animation at rest)."""
        self.restart()

    def replay(self) -> None:
        """What a beat that plays leaves behind, for `--beat N` jumping past it (default:
        nothing; a scene whose later beats need the training an earlier one did, does it)."""

    @property
    def steps(self) -> int:
        """Training steps taken (0 for scenes that do not train)."""
        return 0

    def train(self, n: int, going: Going | None = None) -> None:
        """From a fresh start (current parameters, nothing trained) take n training steps;
        fewer if the run stops itself or `going(steps done)`, asked after every step (or chunk of
        steps), says False (the replay was cancelled: the app is quitting)."""

    def reads(self, scene_id: str) -> Mapping[str, Value]:
        """The values of a READS scene that reproduce this screen (`c`): its live ones, or, for
        a model that trains them, the ones its training started from."""
        return self.store[scene_id].values

    # ---- values ---------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Value:
        """The value a parameter shows: derived from another scene, or the model's own."""
        derived = self.derive(name)
        return self.values[name] if derived is None else derived

    def derived(self) -> set[str]:
        """The parameters whose value now follows another scene's (not written by `c`)."""
        return {p.name for p in self.PARAMS if self.derive(p.name) is not None}

    def set(self, name: str, value: Value) -> None:
        """Set a parameter (clamped to its range) and run its side effects; tell the listeners
        which values changed."""
        p = self.params[name]
        value = value if p.is_choice or p.is_text else p.clamp(float(value))
        before = self.shown()
        self.values[name] = value
        self.changed(name, value)
        self.notify_changes(before)

    def update(self, settings: Mapping[str, Value]) -> None:
        for name, value in settings.items():
            self.set(name, value)

    def reset(self) -> None:
        """Every parameter back to its default, the animation to its start."""
        before = self.shown()
        self.values = {p.name: p.default for p in self.PARAMS}
        self.setup()
        self.notify_changes(before, ANIMATION)

    def shown(self) -> dict[str, Value]:
        return {p.name: self[p.name] for p in self.PARAMS}

    def notify_changes(self, before: Mapping[str, Value], *also: str) -> None:
        after = self.shown()
        names = {k for k in after if before.get(k) != after[k]} | set(also)
        if names:
            self.notify(*names)

    def notify(self, *names: str) -> None:
        """Tell the store's listeners that these values (or ANIMATION) changed (not while the
        model is still being made: nobody can be showing it yet)."""
        if self.store.models.get(self.SCENE_ID) is self:
            self.store.changed(self.SCENE_ID, frozenset(names or (ANIMATION,)))

    # ---- reproduction ---------------------------------------------------------------------------
    def arguments(self) -> list[str]:
        """The command-line options that rebuild this model's state: --set for every value that
        differs from its default (and for the READS scenes' values), then --steps."""
        parts: list[str] = []
        derived = self.derived()
        for p in self.PARAMS:
            if self.values[p.name] != p.default and p.name not in derived:
                parts += ["--set", f"{p.name}={p.format(self.values[p.name])}"]
        for scene_id in self.READS:
            values = self.reads(scene_id)
            for p in self.store[scene_id].PARAMS:
                if values[p.name] != p.default:
                    parts += ["--set", f"{scene_id}.{p.name}={p.format(values[p.name])}"]
        if self.steps:
            parts += ["--steps", str(self.steps)]
        return parts


class Store:
    """Every scene's model, made when first asked for, kept while the app runs.

    `inputs` are what the command line brought (an image, a corpus, a trained model). Listeners
    are called with (scene id, names) after every change; `listen` returns the call that stops."""

    def __init__(self, model_class: Callable[[str], type[SceneModel]], seed: int = 0, **inputs: Any) -> None:
        self.model_class = model_class
        self.seed = seed
        self.inputs = inputs
        self.models: dict[str, SceneModel] = {}
        self.listeners: list[Listener] = []
        self.held: dict[str, set[str]] | None = None  # while held: the names changed, by scene

    def __getitem__(self, scene_id: str) -> SceneModel:
        if scene_id not in self.models:
            self.models[scene_id] = self.model_class(scene_id)(self)
        return self.models[scene_id]

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self.models

    def input(self, name: str) -> Any:
        return self.inputs.get(name)

    def rng(self, scene_id: str, *more: int):
        """A scene's own random stream, fixed by --seed and the scene's id (not its place in
        the story, so adding a scene changes no other scene's draws)."""
        from nntui.engine.rng import Rng  # not at the top: the opening frame is drawn before NumPy

        return Rng(self.seed, zlib.crc32(scene_id.encode()), *more)

    def listen(self, listener: Listener) -> Callable[[], None]:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener) if listener in self.listeners else None

    def changed(self, scene_id: str, names: frozenset[str]) -> None:
        held = self.held
        if held is not None:
            held.setdefault(scene_id, set()).update(names)  # each step atomic: any thread may call it
            return
        for listener in list(self.listeners):
            listener(scene_id, names)

    def hold(self) -> None:
        """From now on keep the change notices instead of telling the listeners: a model that
        trains in a thread (`--steps`) never has a screen redraw from that thread."""
        self.held = {}

    def release(self) -> None:
        """Tell the listeners, once for each scene, every change kept since `hold`."""
        held, self.held = self.held or {}, None
        for scene_id, names in held.items():
            self.changed(scene_id, frozenset(names))


class TrainingModel(SceneModel):
    """A model that trains one step at a time: `train_step()` takes one and returns False once
    the run has stopped (the engine's StopRule: settled or diverged). The clock owes it `rate()`
    steps a second (at most MOST_PER_FRAME in one frame), `.` takes one, `--steps n` takes n
    from a fresh start (`fresh()`), and reduced motion runs it to its end (at most FINISH)."""

    STEPS_PER_SECOND: ClassVar[float] = 12.0
    MOST_PER_FRAME: ClassVar[float] = float("inf")
    FINISH: ClassVar[int] = 2000
    carry = 0.0  # the fraction of a step the clock owes

    def train_step(self) -> bool:
        raise NotImplementedError

    def rate(self) -> float:
        return self.STEPS_PER_SECOND

    def fresh(self) -> None:
        """The start `--steps` trains from (default: restart)."""
        self.restart()

    def start(self) -> None:
        self.carry = 0.0

    def advance(self, dt: float) -> bool:
        self.carry = min(self.carry + dt * self.rate(), self.MOST_PER_FRAME)
        going, stepped = True, False
        while self.carry >= 1 and going:
            self.carry -= 1
            going, stepped = self.train_step(), True
        if stepped:
            self.notify(ANIMATION)
        return going

    def step(self) -> None:
        self.train_step()
        self.notify(ANIMATION)

    def train(self, n: int, going: Going | None = None) -> None:
        self.fresh()
        for done in range(1, n + 1):
            if not self.train_step() or (going is not None and not going(done)):
                break
        self.notify(ANIMATION)

    def finish(self) -> None:
        for _step in range(self.FINISH):
            if not self.train_step():
                break
        self.notify(ANIMATION)
