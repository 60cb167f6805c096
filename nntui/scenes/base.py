"""SceneScreen: what every scene shares.

A scene subclass declares its PARAMS and draws itself in `compose_view` / `update_view`. The
base class owns the parameter panel and its keys, the narration panel and its beats, and the
one animation clock: a timer that runs only while the scene plays, is shown, and has something
left to move. When it is stopped, nothing is redrawn and nothing is sent to the terminal.
"""

from __future__ import annotations

import shlex
from time import monotonic
from typing import TYPE_CHECKING, ClassVar, Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import _, translate_bindings
from nntui.narration import Beat
from nntui.params import MAX_STEPS, Param, Value
from nntui.scenes import BY_ID, SCENES, SceneInfo
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
    """Base class of every scene; see the module docstring."""

    AUTO_FOCUS = "ParamPanel"  # the keys drive the parameters until the viewer tabs elsewhere
    SCENE_ID: ClassVar[str] = ""
    READS: ClassVar[tuple[str, ...]] = ()  # other scenes whose parameters this one shows
    PARAMS: ClassVar[tuple[Param, ...]] = ()
    FPS: ClassVar[float] = 15.0

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
    ]

    DEFAULT_CSS = """
    SceneScreen #body { height: 1fr; }
    SceneScreen #view { width: 1fr; height: 1fr; padding: 0 1; }
    SceneScreen #side { width: 30; height: 1fr; }
    """

    app: "NNTuiApp"

    def __init__(self, beats: list[Beat], beat: int, values: dict[str, Value],
                 enter: bool = False, replay: bool = False) -> None:
        """`enter`: apply the beat's settings on mount (and, with `replay`, every earlier beat's
        first, so that jumping to a beat lands where stepping there would)."""
        super().__init__()
        self.enter, self.replay = enter, replay
        self.overrides: dict[str, Value] = {}  # --set: applied after the beat, when mounting
        self.start_steps: int | None = None  # --steps: trained after that, from a fresh start
        self.info = BY_ID[self.SCENE_ID]
        self.beats = walkthrough(self.info, beats)
        self.beat = min(beat, len(self.beats) - 1)
        self.values = values  # owned by the app (NNTuiApp.scene_values): it outlives the screen
        self.params = {p.name: p for p in self.PARAMS}
        self.playing = False
        self.clock: Timer | None = None
        self.last_tick = 0.0
        self.last_due: dict[str, float] = {}

    # ---- to override -------------------------------------------------------------------------
    def prepare(self) -> None:
        """Set up the scene's own state, before the first draw (instead of on_mount, which
        Textual would call for the base class as well)."""

    def compose_view(self) -> ComposeResult:
        """The scene's own drawing."""
        yield from ()

    def update_view(self) -> None:
        """Redraw from the parameters (called after any change)."""

    def param_changed(self, name: str, value: Value) -> None:
        """A hook for parameters with side effects (e.g. a preset setting others)."""

    def advance(self, dt: float) -> bool:
        """Move the animation on by dt seconds; return False when nothing is left to move."""
        return False

    def step_once(self) -> None:
        """One discrete step of the animation (the `.` key)."""

    def finish(self) -> None:
        """Jump to the animation's end state (reduced motion)."""

    def reset_animation(self) -> None:
        """Back to the state before any animation or training."""

    def derived(self) -> set[str]:
        """Parameters whose value now follows another scene's (not written by `c`)."""
        return set()

    def read_values(self, scene_id: str) -> dict[str, Value]:
        """The values of a scene in READS that reproduce this screen (`c`): its current ones,
        or, for a scene that trains them, the ones its training started from."""
        return self.app.scene_values(scene_id)

    def trained_steps(self) -> int:
        """How many training steps the scene's model has taken (0 for scenes that do not train)."""
        return 0

    def train_steps(self, n: int) -> None:
        """From a fresh start (the current parameters, nothing trained yet) take n training
        steps at once and show them (--steps, which `c` writes for a trained screen)."""

    def settle(self) -> None:
        """The picture a beat that does not play starts from. Default: the animation at rest;
        scenes that train keep what was learned (override with a no-op)."""
        self.reset_animation()

    # ---- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="view"):
                yield from self.compose_view()
            with Vertical(id="side"):
                yield ParamPanel(self.PARAMS, self.values, id="params")
        yield NarrationPanel(id="narration")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.app.leaving:  # quit (or a signal) while the screen was on its way: it is being taken down
            return
        self.prepare()
        self.clock = self.set_interval(1 / min(self.FPS, self.app.fps), self.tick, pause=True)
        n = SCENES.index(self.info) + 1
        self.title = f"{n}/{len(SCENES)} {_(self.info.title)}"
        if self.replay:
            for beat in self.beats[: self.beat]:
                self.set_params(beat.settings)
        self.refresh_all()
        if self.enter:
            self.go_to_beat(self.beat)
        else:
            self.show_beat()
        self.apply_overrides()

    def apply_overrides(self) -> None:
        """--set (this scene's NAME=VALUE, and OTHER.NAME=VALUE for a scene in READS), then
        --steps: the command line `c` shows, reproducing the screen it was taken from."""
        others = {k: v for k, v in self.overrides.items() if "." in k}
        for key, value in others.items():
            scene_id, name = key.rsplit(".", 1)
            self.app.scene_values(scene_id)[name] = value
        if others:
            self.others_changed()
        self.set_params({k: v for k, v in self.overrides.items() if "." not in k})
        if self.start_steps is not None:
            self.pause()
            self.train_steps(self.start_steps)

    def others_changed(self) -> None:
        """Values of a scene in READS were set from outside (--set OTHER.NAME=VALUE)."""
        self.refresh_all()

    # ---- parameters ------------------------------------------------------------------------------
    @property
    def panel(self) -> ParamPanel:
        return self.query_one(ParamPanel)

    @property
    def selected(self) -> Param:
        return self.PARAMS[self.panel.selected]

    def set_param(self, name: str, value: Value) -> None:
        """Set a parameter (clamped to its range), run its side effects and redraw what changed."""
        p = self.params[name]
        value = value if p.is_choice or p.is_text else p.clamp(float(value))
        before = dict(self.values)
        self.values[name] = value
        self.param_changed(name, value)
        changed = [i for i, q in enumerate(self.PARAMS) if before.get(q.name) != self.values[q.name]]
        if changed:
            self.panel.refresh_rows(*changed)
            self.update_view()

    def set_params(self, settings: dict[str, Value]) -> None:
        for name, value in settings.items():
            self.set_param(name, value)

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
            self.set_param(p.name, p.nudge(self.values[p.name], steps if not p.is_choice else (1 if steps > 0 else -1)))

    def action_reset_param(self) -> None:
        if self.PARAMS:
            self.set_param(self.selected.name, self.selected.default)

    def action_reset_scene(self) -> None:
        self.pause()
        for p in self.PARAMS:
            self.values[p.name] = p.default
        self.reset_animation()
        for p in self.PARAMS:
            self.param_changed(p.name, p.default)
        self.refresh_all()
        self.notify(_("Scene reset to its defaults."), timeout=2)

    def edit_param(self, name: str) -> None:
        """Ask for an exact value of a parameter (the `=` key and the palette's Set commands)."""
        p = self.params[name]
        self.panel.select(self.PARAMS.index(p))

        def done(value: Value | None) -> None:
            if value is not None:
                self.set_param(name, value)

        self.app.push_screen(ValueEditor(p, self.values[name]), done)

    def action_edit(self) -> None:
        if self.PARAMS:
            self.edit_param(self.selected.name)

    # ---- walkthrough ---------------------------------------------------------------------------
    def show_beat(self) -> None:
        self.show_position()
        self.query_one(NarrationPanel).show(self.beats[self.beat], self.beat, len(self.beats))

    def show_position(self) -> None:
        """The header's subtitle: the beat, and the talk's clock with --clock."""
        self.sub_title = " · ".join(filter(None, [_("beat {n}/{count}").format(n=self.beat + 1, count=len(self.beats)), self.app.elapsed()]))

    def command_line(self) -> str:
        """The command that reproduces this screen: scene, beat, seed and every parameter that
        differs from its default (set in declaration order, after the beat)."""
        parts = ["nntui", self.SCENE_ID, "--seed", str(self.app.seed), "--beat", str(self.beat + 1)]
        parts += self.app.source
        parts += ["--lang", self.app.lang]  # always: a viewer's locale may choose another
        for p in self.PARAMS:
            if self.values[p.name] != p.default and p.name not in self.derived():
                parts += ["--set", f"{p.name}={p.format(self.values[p.name])}"]
        for scene_id in self.READS:  # e.g. the shared neuron's weights the sigmoid scene shows
            values = self.read_values(scene_id)
            for p in BY_ID[scene_id].screen_class().PARAMS:
                if values[p.name] != p.default:
                    parts += ["--set", f"{scene_id}.{p.name}={p.format(values[p.name])}"]
        steps = self.trained_steps()
        if steps > MAX_STEPS:  # beyond what --steps replays: said, not written as a rejected option
            return shlex.join(parts) + f"  # after {steps:,} training steps (--steps replays at most {MAX_STEPS:,})"
        if steps:
            parts += ["--steps", str(steps)]
        return shlex.join(parts)

    def action_show_command(self) -> None:
        self.app.push_screen(CommandScreen(self.command_line()))

    def go_to_beat(self, index: int) -> None:
        """Show beat `index` and apply what it sets: its parameters, then play or pause."""
        self.beat = index
        beat = self.beats[index]
        self.app.beat_index[self.SCENE_ID] = index
        self.set_params(beat.settings)
        self.show_beat()
        if beat.play:
            self.play()
        else:
            self.pause()
            self.settle()
            self.update_view()

    # ---- the animation clock ---------------------------------------------------------------------
    def play(self) -> None:
        if self.app.reduced_motion:  # straight to the end state, then paused
            self.finish()
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
        if not self.advance(dt):
            self.pause()

    def action_toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def action_step(self) -> None:
        self.pause()
        self.step_once()

    def on_resize(self) -> None:
        """Drawings that fit themselves to the view are redrawn once the new size is laid out."""
        self.call_after_refresh(self.update_view)

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
