"""SceneScreen: what every scene's screen shares.

A scene is a model (nntui.model.SceneModel: its parameters, engine objects and animation, no
Textual) and a screen that draws it in `compose_view` / `update_view`. The screen listens to the
app's store while it is shown and redraws what a change names (`show_change`). The base class
owns the parameter panel and its keys, the narration panel and its beats, and the one animation
clock: a timer that runs only while the scene plays, is shown, and has something left to move,
calling `model.advance(dt)`. When it is stopped, nothing is redrawn and nothing is sent.
`--steps N` trains the model in a worker thread while the screen says how far it got (`replay_steps`).
"""

from __future__ import annotations

import shlex
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, ClassVar, Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from nntui.i18n import _, translate_bindings
from nntui.narration import Beat
from nntui.model import SceneModel
from nntui.params import MAX_STEPS, Param, Value
from nntui.scenes import BY_ID, SceneInfo
from nntui.predictions import CHECKS
from nntui.widgets.ask import AskBar, Asking
from nntui.widgets.bars import KeyBar, TitleBar
from nntui.widgets.panels import NarrationPanel, ParamPanel
from nntui.widgets.value_editor import CommandScreen, ValueEditor

if TYPE_CHECKING:
    from nntui.app import NNTuiApp

MIN_SIZE = (80, 24)


class TooSmall(Static):
    """Shown instead of everything else while the terminal is smaller than MIN_SIZE."""

    def __init__(self) -> None:
        w, h = MIN_SIZE
        super().__init__(_("nntui needs a terminal of at least {w}×{h}.\nMake the window larger, or press q to quit.").format(w=w, h=h))


class Page:
    """Mixin for nntui's full screens: the too-small message and breakpoints that trigger it."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_SIZE[0], "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_SIZE[1], "-tall")]

    def on_mount(self) -> None:
        """The key bar and help read the key bindings: put every widget's in the reader's language."""
        for node in (self, *self.query("*")):
            translate_bindings(node)
        self.refresh_bindings()


def walkthrough(info: SceneInfo, beats: list[Beat]) -> list[Beat]:
    """A scene's beats; one made of its title and summary if its script has none."""
    return beats or [Beat(_(info.title), _(info.summary))]


class OpeningScreen(Page, Screen):
    """The first frame of `nntui SCENE`: the beat's narration where the scene will show it.

    It is drawn before the scene's module and NumPy are imported (~60 ms, more than a
    bare Textual app takes to start), so a viewer reads from the first frame on; the app then
    switches to the scene (NNTuiApp.on_ready). Keys pressed meanwhile are kept for the scene."""

    DEFAULT_CSS = """
    OpeningScreen #body { height: 1fr; }
    OpeningScreen NarrationPanel { margin-bottom: 1; }  /* the footer's row below */
    """

    def __init__(self, info: SceneInfo, beats: list[Beat], beat: int) -> None:
        super().__init__()
        self.beats = walkthrough(info, beats)
        self.beat = min(beat, len(self.beats) - 1)
        self.keys: list[str] | None = []  # pressed while this screen shows; None once handed over

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield Vertical(id="body")
        yield NarrationPanel(id="narration")

    def on_mount(self) -> None:
        self.query_one(NarrationPanel).show(self.beats[self.beat], self.beat, len(self.beats))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        if self.keys is None:  # handed over, yet a key still reached this screen: pass it on
            self.app.simulate_key(event.key)
        else:
            self.keys.append(event.key)

    def hand_over(self) -> None:
        """The scene is shown: replay the keys pressed until now to it (any later ones follow)."""
        keys, self.keys = self.keys, None
        for key in keys or []:
            self.app.simulate_key(key)


class SceneScreen(Page, Screen):
    """Base class of every scene's screen: it draws the scene's model (`self.model`, kept in the
    app's store) and turns keys into calls on it; see the module docstring."""

    AUTO_FOCUS = "ParamPanel"  # the keys drive the parameters until the viewer tabs elsewhere
    SCENE_ID: ClassVar[str] = ""
    FPS: ClassVar[float] = 15.0
    REPLAY_KEYS: ClassVar[frozenset[str]] = frozenset({"quit", "help", "help_quit", "screenshot_svg"})
    # …the actions that leave the models alone: the only keys answered while --steps replays

    BINDINGS = [
        Binding("space", "toggle_play", "Play", tooltip="Play / pause the animation"),
        Binding("full_stop", "step", "Step", key_display=".", tooltip="One step of the animation"),
        Binding("up,k", "select(-1)", "Up", show=False, tooltip="Select the previous parameter"),
        Binding("down,j", "select(1)", "Select", key_display="↑↓", tooltip="Select the next parameter"),
        Binding("left,h", "nudge(-1)", "Less", show=False, tooltip="Decrease the parameter / previous choice"),
        Binding("right,l", "nudge(1)", "Nudge", key_display="←→", tooltip="Increase the parameter / next choice"),
        Binding("shift+left,H", "nudge(-10)", "Less ×10", show=False, tooltip="Decrease by ten steps"),
        Binding("shift+right,L", "nudge(10)", "More ×10", show=False, tooltip="Increase by ten steps"),
        Binding("equals_sign", "edit", "Type", key_display="=", tooltip="Type an exact value for the parameter"),
        Binding("r", "reset_param", "Reset", show=False, tooltip="Reset the selected parameter"),
        Binding("R", "reset_scene", "Reset all", show=False, tooltip="Reset the whole scene to its defaults"),
        Binding("pagedown,enter", "app.next_beat", "Next", key_display="PgDn", tooltip="Next beat of the walkthrough"),
        Binding("pageup,backspace", "app.prev_beat", "Back", show=False, tooltip="Previous beat of the walkthrough"),
        Binding("escape", "app.home", "Menu", show=False, tooltip="Back to the menu of scenes"),
        Binding("c", "show_command", "Command", show=False, tooltip="The command line that reproduces this screen"),
        Binding("e", "show_numpy", "NumPy", show=False, tooltip="The engine code behind this screen, with its numbers"),
    ]

    DEFAULT_CSS = """
    SceneScreen #body { height: 1fr; }
    SceneScreen #view { width: 1fr; height: 1fr; padding: 0 1; }
    SceneScreen #side { width: 30; height: 1fr; }
    SceneScreen #replay { display: none; height: 1fr; content-align: center middle; }
    """

    app: "NNTuiApp"

    def __init__(self, beats: list[Beat], beat: int, enter: bool = False, replay: bool = False,
                 shared: bool = True) -> None:
        """`enter`: apply the beat's settings on mount (and, with `replay`, every earlier beat's
        first, so that jumping to a beat lands where stepping there would); without `shared`,
        only the scene's own: opened from the menu or a digit, the story's shared state (a
        weight the viewer just changed) stays as the viewer left it."""
        super().__init__()
        self.enter, self.replay, self.shared = enter, replay, shared
        self.overrides: dict[str, Value] = {}  # --set: applied after the beat, when mounting
        self.start_steps: int | None = None  # --steps: trained after that, from a fresh start (None once done)
        self.replay_done = 0  # …of them, so far
        self.replay_timer: Timer | None = None
        self.info = BY_ID[self.SCENE_ID]
        self.beats = walkthrough(self.info, beats)
        self.beat = min(beat, len(self.beats) - 1)
        self.playing = False
        self.clock: Timer | None = None
        self.last_tick = 0.0
        self.last_due: dict[str, float] = {}
        self.stop_listening = None
        self.asking: Asking | None = None  # a prediction beat's open (or answered) question

    # ---- the model ---------------------------------------------------------------------------
    @property
    def model(self) -> SceneModel:
        return self.app.store[self.SCENE_ID]

    @property
    def values(self) -> dict[str, Value]:
        return self.model.values

    @property
    def PARAMS(self) -> tuple[Param, ...]:  # noqa: N802 (read like the model's class constant)
        return self.model.PARAMS

    @property
    def params(self) -> dict[str, Param]:
        return self.model.params

    # ---- to override -------------------------------------------------------------------------
    def prepare(self) -> None:
        """Set up what only the drawing needs, before the first draw (instead of on_mount, which
        Textual would call for the base class as well)."""

    def compose_view(self) -> ComposeResult:
        """The scene's own drawing."""
        yield from ()

    def update_view(self) -> None:
        """Redraw everything from the model."""

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        """The model (or one it reads) changed these values: redraw. Default: the rows of the
        parameter panel that changed, and the whole view; a scene whose animation moves a small
        part overrides this to repaint only that part."""
        if scene_id == self.SCENE_ID:
            self.panel.refresh_rows(*(i for i, p in enumerate(self.PARAMS) if p.name in names))
        else:
            self.panel.refresh()
        self.update_view()

    # ---- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="view"):
                yield from self.compose_view()
            with Vertical(id="side"):
                yield ParamPanel(self.PARAMS, self.model, id="params")  # shows model[name]: derived values too
        yield Static(id="replay", markup=False)  # instead of the body while --steps replays
        yield AskBar(id="ask")
        yield NarrationPanel(id="narration")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.app.leaving:  # quit (or a signal) while the screen was on its way: it is being taken down
            return
        self.prepare()
        self.clock = self.set_interval(1 / min(self.FPS, self.app.fps), self.tick, pause=True)
        self.title = self.app.scene_title(self.info)
        self.stop_listening = self.app.store.listen(self.model_changed)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())  # drawings hold theme colours
        if self.replay:
            for beat in self.beats[: self.beat]:
                self.set_params(beat.settings)
                if beat.play:
                    self.model.replay()
        self.refresh_all()
        if self.enter:
            self.go_to_beat(self.beat, shared=self.shared)
        else:
            self.show_beat()
        self.apply_overrides()

    def on_unmount(self) -> None:
        if self.stop_listening is not None:
            self.stop_listening()

    def model_changed(self, scene_id: str, names: frozenset[str]) -> None:
        if (scene_id == self.SCENE_ID or scene_id in self.model.READS) and self.is_mounted:
            self.show_change(scene_id, names)

    def apply_overrides(self) -> None:
        """--set (this scene's NAME=VALUE, and OTHER.NAME=VALUE for a scene in READS), then
        --steps: the command line `c` shows, reproducing the screen it was taken from."""
        self.set_params(self.overrides)
        if self.start_steps is not None:
            self.pause()
            self.replay_steps(self.start_steps)

    # ---- --steps: the training replayed in a thread ----------------------------------------------
    @property
    def replaying(self) -> bool:
        """Is --steps still to be replayed, or being replayed?"""
        return self.start_steps is not None

    def replay_steps(self, n: int) -> None:
        """Take n training steps from a fresh start in a worker thread, so q (and a signal) is
        answered meanwhile. Until they are taken the screen shows how far they got instead of
        the model, which is changing; the keys that would change a model are refused (on_key);
        the store holds the change notices, and they are shown once, at the end (`replayed`)."""
        self.show_replaying(True)
        self.app.store.hold()
        self.replay_done = 0
        self.show_replay()
        self.replay_timer = self.set_interval(0.25, self.show_replay)
        self.run_worker(partial(self.train_steps, self.model, n), name="replay", group="replay", thread=True)

    def train_steps(self, model: SceneModel, n: int) -> None:
        """In the worker's thread: the training, stopped early if the worker is cancelled (the
        app is quitting); it touches nothing but the model (and the count shown)."""
        worker = get_current_worker()

        def going(done: int) -> bool:
            self.replay_done = done
            return not worker.is_cancelled

        model.train(n, going)

    def show_replaying(self, replaying: bool) -> None:
        """How far the replay got, instead of the body; or the body again."""
        self.query_one("#body").display, self.query_one("#replay").display = not replaying, replaying
        self.refresh(layout=True)  # now: a redraw after the next refresh finds the body's size
        self.refresh_bindings()  # the key bar: greyed while replaying (check_action)

    def show_replay(self) -> None:
        self.query_one("#replay", Static).update(_("Replaying {done} / {total} training steps (--steps) · q quits").format(
            done=f"{self.replay_done:,}", total=f"{self.start_steps:,}"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "replay" and event.state == WorkerState.SUCCESS:
            self.replayed()

    def replayed(self) -> None:
        """The replay is done: the model shown again, with the changes held meanwhile, once."""
        self.start_steps = None
        if self.replay_timer is not None:
            self.replay_timer.stop()
        self.show_replaying(False)
        self.app.store.release()
        self.call_after_refresh(self.redraw)  # the view, laid out again, at its size

    def redraw(self) -> None:
        """Redraw the view (for a new size or theme) unless the model is being replayed."""
        if not self.replaying:
            self.update_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The scene's keys are shown greyed while --steps replays (on_key refuses them)."""
        return None if self.replaying else True

    def on_key(self, event: events.Key) -> None:
        """While --steps replays, a key that would change a model is refused, and said so."""
        if self.replaying:
            active = self.active_bindings.get(event.key)
            if active is None or active.binding.action.removeprefix("app.") not in self.REPLAY_KEYS:
                event.stop()
                self.notify(_("Wait: --steps is still being replayed (q quits)."), timeout=2)

    # ---- parameters ------------------------------------------------------------------------------
    @property
    def panel(self) -> ParamPanel:
        return self.query_one(ParamPanel)

    @property
    def selected(self) -> Param:
        return self.PARAMS[self.panel.selected]

    def set_param(self, name: str, value: Value) -> None:
        """Set a parameter of the model (clamped, its side effects run); the model's change
        notice redraws what changed."""
        self.model.set(name, value)

    def set_params(self, settings: dict[str, Value]) -> None:
        """A beat's (or --set's) settings: another scene's `OTHER.NAME` first (the state this
        scene reads), then its own."""
        for key, value in sorted(settings.items(), key=lambda kv: "." not in kv[0]):
            scene_id, _dot, name = key.rpartition(".")
            self.app.store[scene_id or self.SCENE_ID].set(name, value)

    def refresh_all(self) -> None:
        self.panel.refresh()
        self.update_view()

    def action_select(self, delta: int) -> None:
        if self.PARAMS:
            self.panel.select((self.panel.selected + delta) % len(self.PARAMS))

    def action_nudge(self, steps: int) -> None:
        if self.PARAMS:
            p = self.selected
            if p.is_text:
                self.edit_param(p.name)
                return
            self.set_param(p.name, p.nudge(self.model[p.name], steps if not p.is_choice else (1 if steps > 0 else -1)))

    def action_reset_param(self) -> None:
        if self.PARAMS:
            self.set_param(self.selected.name, self.selected.default)

    def action_reset_scene(self) -> None:
        self.pause()
        self.model.reset()
        self.refresh_all()
        self.notify(_("Scene reset to its defaults."), timeout=2)

    def edit_param(self, name: str) -> None:
        """Ask for an exact value of a parameter (the `=` key and the palette's Set commands)."""
        p = self.params[name]
        self.panel.select(self.PARAMS.index(p))

        def done(value: Value | None) -> None:
            if value is not None:
                self.set_param(name, value)

        self.app.push_screen(ValueEditor(p, self.model[name]), done)

    def action_edit(self) -> None:
        if self.PARAMS:
            self.edit_param(self.selected.name)

    # ---- walkthrough ---------------------------------------------------------------------------
    def show_beat(self) -> None:
        self.show_position()
        self.query_one(NarrationPanel).show(self.beats[self.beat], self.beat, len(self.beats))

    def show_position(self) -> None:
        """The header's subtitle: the beat (a custom talk's slide), and the talk's clock with --clock."""
        self.sub_title = " · ".join(filter(None, [self.app.position(self.SCENE_ID, self.beat, len(self.beats)), self.app.elapsed()]))

    def command_line(self) -> str:
        """The command that reproduces this screen: scene, beat, seed, then what the model
        writes (every parameter that differs from its default, the scenes it reads, --steps)."""
        parts = ["nntui", self.SCENE_ID, "--seed", str(self.app.seed), "--beat", str(self.beat + 1)]
        parts += self.app.source
        parts += ["--lang", self.app.lang]  # always: a viewer's locale may choose another
        args = self.model.arguments()
        steps = self.model.steps
        if steps > MAX_STEPS:  # beyond what --steps replays: said, not written as a rejected option
            at = args.index("--steps")
            del args[at : at + 2]
            return shlex.join(parts + args) + f"  # after {steps:,} training steps (--steps replays at most {MAX_STEPS:,})"
        return shlex.join(parts + args)

    def action_show_command(self) -> None:
        self.app.push_screen(CommandScreen(self.command_line()))

    def action_show_numpy(self) -> None:
        from nntui.show_numpy import view
        from nntui.widgets.numpy_panel import NumpyScreen

        shown = view(self.SCENE_ID, self.model)
        if shown is None:
            self.notify(_("No engine function is shown for this scene yet."), timeout=3)
        else:
            self.app.push_screen(NumpyScreen(shown))

    def go_to_beat(self, index: int, shared: bool = True) -> None:
        """Show beat `index` and apply what it sets: its parameters (and, when `shared`, those it
        sets in the scenes it reads), then play or pause. A prediction beat asks first, with
        the scene as the beat before left it; its settings are the change it asks about, and
        PageDown (`reveal`) applies them."""
        self.beat = index
        beat = self.beats[index]
        self.app.beat_index[self.SCENE_ID] = index
        self.show_beat()
        self.ask(beat, shared)
        if self.asking is None:
            self.enter_beat(beat, shared)
        else:
            self.pause()
            self.model.settle()
            self.update_view()

    def enter_beat(self, beat: Beat, shared: bool) -> None:
        """Apply a beat's settings (another scene's too when `shared`), then play or pause."""
        self.set_params({k: v for k, v in beat.settings.items() if shared or "." not in k})
        if beat.play:
            self.play()
        else:
            self.pause()
            self.model.settle()
            self.update_view()

    # ---- prediction beats ------------------------------------------------------------------------
    def ask(self, beat: Beat, shared: bool) -> None:
        """A prediction beat's question takes the keys until PageDown reveals."""
        bar = self.query_one(AskBar)
        self.asking = Asking(beat.ask, shared) if beat.ask is not None else None
        if self.asking is not None:
            bar.focus()
        elif bar.has_focus:
            self.panel.focus()
        bar.show(self.asking, tuple(self.app.tally))

    def reveal(self) -> bool:
        """PageDown on an open question: the beat's settings are applied and the engine answers
        the question from the scene as it is then (an outcome check takes its step), the pick is
        scored, and the beat plays. False if no question was open."""
        asking = self.asking
        if asking is None or asking.verdict is not None:
            return False
        beat, check = self.beats[self.beat], CHECKS[asking.ask.answer]
        noted = check.prepare(self.model) if check.before_change else None
        self.set_params({k: v for k, v in beat.settings.items() if asking.shared or "." not in k})
        asking.verdict = check.reveal(self.model, asking.ask.choices, noted)
        if asking.pick is not None:
            self.app.tally[0] += asking.pick == asking.verdict.right
            self.app.tally[1] += 1
        self.query_one(AskBar).show(asking, tuple(self.app.tally))
        self.panel.focus()
        if beat.play:
            self.play()
        else:
            self.update_view()
        return True

    # ---- the animation clock ---------------------------------------------------------------------
    def play(self) -> None:
        self.model.start()
        if self.app.reduced_motion:  # straight to the end state, then paused
            self.model.finish()
            self.update_view()
            self.pause()
            return
        self.playing = True
        self.last_tick = monotonic()
        if self.clock is not None:
            self.clock.resume()
        self.show_play_state()

    def pause(self) -> None:
        self.playing = False
        if self.clock is not None:
            self.clock.pause()
        self.show_play_state()

    def show_play_state(self) -> None:
        if self.children:  # composed
            self.panel.border_subtitle = _("▶ playing") if self.playing else _("paused · space plays")

    def due(self, name: str, seconds: float) -> bool:
        """True at most once every `seconds` per name: for redraws slower than the clock."""
        now = monotonic()
        if now - self.last_due.get(name, -1e9) < seconds:
            return False
        self.last_due[name] = now
        return True

    def tick(self) -> None:
        if self.app.backed_up():
            return  # the link is behind: skip this frame (time keeps counting, so none is lost)
        now = monotonic()
        dt, self.last_tick = now - self.last_tick, now
        if not self.model.advance(dt):
            self.pause()

    def action_toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def action_step(self) -> None:
        self.pause()
        self.model.step()

    def on_resize(self) -> None:
        """Drawings that fit themselves to the view are redrawn once the new size is laid out."""
        self.call_after_refresh(self.redraw)

    def on_narration_panel_resized(self) -> None:
        """A beat's text took more or fewer rows: the view has another height now."""
        self.call_after_refresh(self.redraw)  # (not while --steps replays: the model is busy)

    def on_screen_suspend(self) -> None:
        if self.clock is not None:
            self.clock.pause()

    def on_screen_resume(self) -> None:
        if self.playing and self.clock is not None:
            self.last_tick = monotonic()
            self.clock.resume()

    def help_rows(self) -> Iterable[tuple[str, str]]:
        """Extra lines for the help screen: the scene's parameters."""
        for p in self.PARAMS:
            step = _(", step {step}").format(step=p.format(p.step)) if not (p.is_choice or p.is_text) else ""
            yield p.name, f"{_(p.label)}: {p.describe()}{step}"


class StopsItself:
    """Mixin before SceneScreen for scenes whose training ends by itself (their model keeps
    `stopped`, what the engine's StopRule said): when play stops because of it, the screen is
    redrawn and the viewer told why. `class LossScreen(StopsItself, SceneScreen)`."""

    def pause(self) -> None:
        from nntui.engine.optim import SETTLED  # not at the top: the opening frame comes before NumPy

        stopped = self.playing and self.model.stopped
        super().pause()
        if stopped:
            self.update_view()
            self.notify(_("The loss stopped improving: training paused.") if stopped == SETTLED
                        else _("Diverged: the learning rate is too large. R resets."), timeout=3)
