"""The App: the scene registry, the home menu, the walkthrough across scenes, global keys,
the help screen and the command palette."""

from __future__ import annotations

import asyncio
import signal
from datetime import datetime
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, Callable, Iterable
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hits
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.system_commands import SystemCommandsProvider
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nntui import i18n, terminal, textual_internals
from nntui.i18n import _, pad, translate_bindings
from nntui.linebreak import wrap
from nntui.model import Store
from nntui.narration import LazyTalk, Talk
from nntui.params import Value
from nntui.scenes import BY_ID, SCENES, SceneInfo, built_scenes
from nntui.scenes.base import OpeningScreen, Page, SceneScreen, TooSmall
from nntui.widgets.bars import KeyBar, TitleBar
from nntui.widgets.panels import Fitted

if TYPE_CHECKING:
    import numpy as np


class Commands(SystemCommandsProvider):
    """The palette's commands in the order `get_system_commands` gives them (Textual's own
    provider sorts them by name: the scenes would come alphabetically, not in story order)."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)


class SceneList(OptionList):
    """The menu's list. Paging is skipped while the list is hidden (terminal too small): Textual's
    OptionList pages by the lines it last laid out, and a hidden list has none."""

    def action_page_up(self) -> None:
        if self.region.height:
            super().action_page_up()

    def action_page_down(self) -> None:
        if self.region.height:
            super().action_page_down()


class HomeScreen(Page, Screen):
    """The menu of scenes in story order; the ones not built yet are listed as coming."""

    BINDINGS = [
        Binding("pagedown", "app.next_beat", "Start the talk", key_display="PgDn", priority=True,
                tooltip="Start the talk: the first beat of the first scene"),
    ]
    DEFAULT_CSS = """
    HomeScreen #intro { padding: 1 2 0 2; height: auto; }
    HomeScreen OptionList { margin: 1 2; height: 1fr; border: round $primary; }
    """

    def compose(self) -> ComposeResult:
        yield TooSmall()
        yield TitleBar()
        yield Static(
            _("How a neural network works, live: from pixels and tokens to a tiny next-token predictor.\n"
              "Enter opens a scene, a digit jumps to one, PageDown starts the talk, ? lists every key."),
            id="intro",
        )
        yield SceneList(*(self.option(i, s) for i, s in enumerate(SCENES, 1)))
        yield KeyBar()

    @staticmethod
    def option(n: int, info: SceneInfo) -> Option:
        line = Text.assemble((f"{n}  ", "bold"), (f"{info.id:<11}", "bold"), f" {_(info.summary)}")
        if not info.built:
            line.append(_("  (coming)"), "italic")
        return Option(line, id=info.id, disabled=not info.built)

    def on_mount(self) -> None:
        self.sub_title = self.app.home_title()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_scene(event.option.id)


class HelpScreen(ModalScreen[None]):
    """Every key that works where `?` was pressed, read from the live bindings."""

    BINDINGS = [Binding("escape,question_mark", "app.pop_screen", "Close help")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-height: 90%; height: auto;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, rows: list[tuple[str, str]], extra: list[tuple[str, str]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.rows, self.extra = rows, extra

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = _("Keys")
            yield HelpText(self.rows, self.extra)


class HelpText(Fitted):
    """The help's rows, `key  what it does`, a long description wrapped under itself."""

    def __init__(self, rows: list[tuple[str, str]], extra: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys, self.extra = rows, extra

    def layout_rows(self, width: int) -> list[Text]:
        key_width = max(cell_len(k) for k, _what in self.keys + self.extra)

        def entries(pairs: list[tuple[str, str]]) -> list[Text]:
            out = []
            for key, what in pairs:
                for n, row in enumerate(wrap(Text(what), max(10, width - key_width - 2))):
                    out.append(Text(pad(key if n == 0 else "", key_width, ">") + "  ", "bold") + row)
            return out

        def note(words: str) -> list[Text]:
            return [Text(row.plain, "italic") for row in wrap(Text(words), width)]

        rows = entries(self.keys)
        if self.extra:
            rows += [Text()] + note(_("Parameters (select with ↑↓, change with ←→, type with =)")) + entries(self.extra)
        return rows + [Text()] + note(_("The mouse works too, but is never needed. Escape closes this help."))


def textual_default(node, key: str, binding: Binding) -> bool:
    """Is this a key Textual's own classes bind for every app, screen or input ("Focus Previous",
    "Copy selected text", ctrl+q), and no class of nntui's binds again? Help lists nntui's keys."""
    def declared(textual: bool) -> bool:
        for cls in type(node).__mro__:
            if cls.__module__.startswith("textual.") == textual:
                for b in cls.__dict__.get("BINDINGS", ()):
                    b = b if isinstance(b, Binding) else Binding(*b)
                    if b.action == binding.action and key in b.key.replace(" ", "").split(","):
                        return True
        return False

    return declared(textual=True) and not declared(textual=False)


def key_label(app: App, key: str) -> str:
    return app.get_key_display(Binding(key, ""))


class NNTuiApp(App):
    """nntui. `store` holds each scene's model and `beat_index` its place in the walkthrough,
    so both outlive the scene's screen."""

    TITLE = "nntui"
    CSS_PATH = "nntui.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {Commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Quit nntui"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys"),
        Binding("s", "screenshot_svg", "Screenshot", show=False, tooltip="Save an SVG of the screen here"),
    ]

    def __init__(
        self,
        scene: str | None = None,
        talk: LazyTalk | None = None,
        seed: int = 0,
        beat: int | None = None,
        reduced_motion: bool = False,
        image: np.ndarray | None = None,
        corpus: str | None = None,
        corpus_note: str | None = None,
        model=None,
        fps: float = 60.0,
        chart_fps: float = 10.0,
        settings: dict[str, Value] | None = None,
        steps: int | None = None,
        clock: bool = False,
        lang: str = "en",
        order: Talk | None = None,
        source: list[str] | None = None,
        opening: bool = False,
    ) -> None:
        i18n.use(lang)  # the interface's words, before any screen is made
        super().__init__()
        if self.no_color:
            textual_internals.send_no_colour(self)  # NO_COLOR: no colour codes at all, not greys
        translate_bindings(self)
        for n, info in enumerate(SCENES[:10], 1):  # digits 1…9, then 0, jump to scenes (described in the language)
            self.bind(str(n % 10), f"goto({n})", description=_("Go to scene {n}: {scene}").format(n=n, scene=info.id), show=False)
        self.lang = lang
        self.source = source or []  # --script DIR / --talk NAME: for the command line `c` shows
        self.order = order or Talk(tuple(s.id for s in built_scenes()))  # PageDown's scenes
        self.start_settings = settings or {}  # --set: applied to the start scene after its beat
        self.start_steps = steps  # --steps: training steps the start scene takes before showing
        self.clock, self.started = clock, monotonic()
        self.fps = fps  # --fps / --low-bandwidth: the animation clocks never tick faster
        self.chart_fps = chart_fps  # …and no plot is rebuilt more often than this
        self.start_scene, self.start_beat = scene, beat
        self.opening = opening and scene is not None  # draw the beat's words before loading the scene
        self.leaving = False
        self.talk = talk or LazyTalk()  # scripts by scene id (none: each scene its summary)
        self.seed = seed
        self.tally = [0, 0]  # prediction beats this session: picks right, picks made
        self.reduced_motion = reduced_motion
        if reduced_motion:
            self.animation_level = "none"
        # every scene's model, kept while the app runs; with what the command line brought:
        # --image (the pixels scene's picture), --corpus (next-token's text), --weights (its model)
        self.store = Store(lambda scene_id: BY_ID[scene_id].model_class(), seed, image=image, corpus=corpus,
                           corpus_note=corpus_note, model=model)
        self.beat_index: dict[str, int] = {}
        self.key_screen: WeakKeyDictionary[events.Key, Screen] = WeakKeyDictionary()  # where each key went

    def backed_up(self) -> bool:
        """Is output still waiting for a slow terminal link? (Never when headless.)"""
        return not self.is_headless and terminal.backed_up(textual_internals.driver(self))

    def exit_on_signals(self) -> None:
        """SIGTERM, SIGHUP (the SSH connection dropped) and SIGINT end the app the normal way,
        so Textual restores the terminal and stops the workers, instead of dying mid-frame; the
        exit code is 128 + the signal's number, as a shell reports a process a signal ended."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, partial(self.exit, None, 128 + sig))  # the shell's 128+n
            except (NotImplementedError, RuntimeError, ValueError):  # not on this platform
                pass

    async def run_async(self, *args, **kwargs):
        """`run()` (not `run_test()`): the signals end the app from before it takes the terminal."""
        self.exit_on_signals()
        return await super().run_async(*args, **kwargs)

    def on_mount(self) -> None:
        if self.clock:
            self.set_interval(1.0, self.tick_clock)
        if self.opening:  # the scene follows in on_ready
            self.push_screen(OpeningScreen(BY_ID[self.start_scene], self.talk.words(self.start_scene), (self.start_beat or 1) - 1))
        elif self.start_scene:  # the menu is made when first asked for: the scene shows sooner
            self.open_start_scene()
        else:
            self.push_screen(HomeScreen())

    async def on_event(self, event: events.Event) -> None:
        """A key goes from here to the screen's focused widget and comes back for the key bindings.
        If another screen opened meanwhile (keys typed right after `=`, `c` or `?`, faster than the
        app handles them), the key is sent again, to the screen on top: typed into the editor, not
        lost or taken for a digit's scene jump."""
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                self.key_screen[event] = self.screen
            elif self.key_screen.pop(event, self.screen) is not self.screen:
                self.post_message(events.Key(event.key, event.character))
                return
        await super().on_event(event)

    def replaying(self) -> bool:
        """Is a scene (the shown one, or one under the help) still replaying --steps?"""
        return any(isinstance(screen, SceneScreen) and screen.replaying for screen in self.screen_stack)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While --steps replays, no other scene is opened, from the help screen or the palette
        either (the keys are shown greyed; the scene's own keys are refused by SceneScreen.on_key)."""
        return None if action in ("goto", "next_beat", "prev_beat", "home", "command_palette") and self.replaying() else True

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:
        """A toast, shown as written: its words may hold a file name or what a user typed."""
        super().notify(message, markup=False, **kwargs)

    def exit(self, *args, **kwargs) -> None:
        self.leaving = True  # q, or a signal, while the opening frame shows: no scene to load
        self.workers.cancel_all()  # now: a training thread stops at its next step, not after the screens go
        super().exit(*args, **kwargs)

    def on_ready(self) -> None:
        """The app runs: send the opening frame whole, then load the scene once it is out."""
        if isinstance(self.screen, OpeningScreen):
            # Textual sends nothing drawn before the app runs, and its next frame (at the next
            # change) leaves out what was drawn then: repaint each widget, so the opening goes out
            # whole, now (measured: 10–20 ms sooner than waiting, and no partial frame first).
            for widget in self.screen.query("*"):
                widget.refresh()
            self.call_after_refresh(self.after_output, self.open_start_scene)

    def after_output(self, callback: Callable[[], None], waited: float = 0.0) -> None:
        """Call `callback` once Textual's writer thread has sent what is queued (or after 0.1 s):
        loading a scene holds the interpreter, and with it a frame still being written."""
        if waited < 0.1 and terminal.pending_writes(textual_internals.driver(self)):
            self.set_timer(0.002, partial(self.after_output, callback, waited + 0.002))
        else:
            callback()

    def open_start_scene(self) -> None:
        """The scene of `nntui SCENE` at its --beat, with --set and --steps applied; keys pressed
        while the opening frame showed go to it. (Not if the app is already on its way out.)"""
        if self.leaving:
            return
        opening = self.screen
        screen = self.open_scene(self.start_scene, beat=(self.start_beat or 1) - 1, replay=True)
        screen.overrides, screen.start_steps = self.start_settings, self.start_steps
        if isinstance(opening, OpeningScreen):
            self.call_after_refresh(opening.hand_over)

    def scene_title(self, info: SceneInfo) -> str:
        """A scene's title with its number in the talk's running order (or in the story, for a
        scene the talk leaves out): '3 The neuron'. No total, so adding a scene renames none."""
        order = list(self.order.scenes)
        n = order.index(info.id) + 1 if info.id in order else SCENES.index(info) + 1
        return f"{n} {_(info.title)}"

    def position(self, scene_id: str, beat: int, count: int) -> str:
        """Where the header says the talk is: 'beat 2/7' of the scene in the story; in a custom
        talk (--talk, a script's talk.toml), the talk's own numbering, 'slide 3/8'."""
        order = self.order.scenes
        if (not self.order.title and order == tuple(s.id for s in built_scenes())) or scene_id not in order:
            return _("beat {n}/{count}").format(n=beat + 1, count=count)
        slides = [len(self.talk.get(s, [])) or 1 for s in order]
        return _("slide {n}/{count}").format(n=sum(slides[: order.index(scene_id)]) + beat + 1, count=sum(slides))

    def elapsed(self) -> str:
        """The talk's clock for the header (--clock), e.g. '⏱ 03:12'; '' without --clock."""
        if not self.clock:
            return ""
        minutes, seconds = divmod(int(monotonic() - self.started), 60)
        return f"⏱ {minutes:02d}:{seconds:02d}"

    def home_title(self) -> str:
        """The menu's subtitle: 'scenes', the custom talk's title, the clock."""
        return " · ".join(filter(None, [_("scenes"), self.order.title, self.elapsed()]))

    def tick_clock(self) -> None:
        screen = self.screen
        if isinstance(screen, SceneScreen):
            screen.show_position()
        elif isinstance(screen, HomeScreen):
            screen.sub_title = self.home_title()

    def action_screenshot_svg(self) -> None:
        """s: an SVG of the screen in the working directory, named by scene and time."""
        name = self.screen.SCENE_ID if isinstance(self.screen, SceneScreen) else "home"
        filename = f"nntui-{name}-{datetime.now():%Y%m%d-%H%M%S}.svg"
        try:
            path = self.save_screenshot(filename=filename)
        except OSError as e:
            self.notify(_("Could not save a screenshot here: {error}").format(error=e.strerror or e), severity="error")
            return
        self.notify(_("Saved {path}").format(path=path), timeout=4)

    # ---- scenes and beats ----------------------------------------------------------------------
    def open_scene(self, scene_id: str, beat: int | None = None, replay: bool = False) -> SceneScreen:
        """Show a scene. With `beat`, go to that beat (applying its settings; with `replay`,
        every beat's settings up to it, so a jump lands where stepping would)."""
        info = BY_ID[scene_id]
        beats = self.talk.get(scene_id, [])
        first_visit = scene_id not in self.store
        index = beat if beat is not None else self.beat_index.get(scene_id, 0)
        enter = beat is not None or first_visit  # apply the beat's settings when the screen mounts
        screen: SceneScreen = info.screen_class()(beats, index, enter=enter, replay=replay, shared=beat is not None)
        if isinstance(self.screen, (SceneScreen, OpeningScreen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        return screen

    def action_goto(self, n: int) -> None:
        info = SCENES[n - 1]
        if info.built:
            self.open_scene(info.id)
        else:
            self.notify(_("{title} is coming soon.").format(title=_(info.title)), severity="warning", timeout=2)

    def action_home(self) -> None:
        while isinstance(self.screen, (SceneScreen, ModalScreen)) and len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def neighbour(self, scene_id: str | None, delta: int) -> SceneInfo | None:
        """The next (delta=1) or previous (-1) scene of the talk's running order (story order
        unless a custom talk reorders it). From the menu, or a scene the talk leaves out,
        PageDown starts the talk from its first scene."""
        order = self.order.scenes
        if scene_id not in order:
            return BY_ID[order[0]] if delta > 0 else None
        i = order.index(scene_id) + delta
        return BY_ID[order[i]] if 0 <= i < len(order) else None

    def action_next_beat(self) -> None:
        screen = self.screen
        if isinstance(screen, SceneScreen) and screen.reveal():
            return
        if isinstance(screen, SceneScreen) and screen.beat + 1 < len(screen.beats):
            screen.go_to_beat(screen.beat + 1)
            return
        nxt = self.neighbour(screen.SCENE_ID if isinstance(screen, SceneScreen) else None, 1)
        if nxt is None:
            self.notify(_("That was the last beat of the talk."), timeout=3)
        else:
            self.open_scene(nxt.id, beat=0)

    def action_prev_beat(self) -> None:
        screen = self.screen
        if not isinstance(screen, SceneScreen):
            return
        if screen.beat > 0:
            screen.go_to_beat(screen.beat - 1)
            return
        prev = self.neighbour(screen.SCENE_ID, -1)
        if prev is None:
            self.notify(_("This is the first beat of the talk."), timeout=3)
        else:
            self.open_scene(prev.id, beat=max(0, len(self.talk.get(prev.id, [None])) - 1))

    # ---- help and palette ------------------------------------------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows, seen = [], set()
        active = {k: a for k, a in self.screen.active_bindings.items() if not textual_default(a.node, k, a.binding)}
        for key, a in active.items():
            b = a.binding
            if b.system or not b.description or b.action == "command_palette":  # the palette: its own row below
                continue
            if (b.action, b.description) not in seen:
                seen.add((b.action, b.description))
                keys = [key] + [k for k, other in active.items() if other.binding.action == b.action and k != key]
                rows.append((" ".join(dict.fromkeys(key_label(self, k) for k in keys)), b.tooltip or b.description))
        rows.append(("ctrl+p", _("Command palette: go to a scene, set a parameter, change the theme")))
        extra = list(self.screen.help_rows()) if isinstance(self.screen, SceneScreen) else []
        self.push_screen(HelpScreen(rows, extra))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands, in the order it lists them: the scenes in story order, the
        scene's parameters, then Textual's own (theme, keys, quit…)."""
        for info in built_scenes():
            yield SystemCommand(_("Go to scene {n}: {scene}").format(n=SCENES.index(info) + 1, scene=info.id),
                                _(info.summary), partial(self.open_scene, info.id))
        yield from self.parameter_commands(screen)
        yield from sorted(super().get_system_commands(screen), key=lambda command: command.title)

    def parameter_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Set each of the scene's parameters: a command per choice, or one that asks for a value."""
        if isinstance(screen, SceneScreen):
            for p in screen.PARAMS:
                if p.is_choice:
                    for choice in p.choices:
                        yield SystemCommand(_("Set {name} = {value}").format(name=p.name, value=i18n.choice(choice)), _(p.label),
                                            partial(screen.set_param, p.name, choice))
                else:
                    yield SystemCommand(_("Set {name} …").format(name=p.name), f"{_(p.label)}: {p.describe()}",
                                        partial(screen.edit_param, p.name))
