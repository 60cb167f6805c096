"""Pilot tests: press the keys a user presses and check what changed on screen and in state."""

from textual.widgets import Input

from nntui.app import HelpScreen, HomeScreen
from nntui.scenes import SCENES
from nntui.scenes.base import SceneScreen
from nntui.widgets.panels import NarrationPanel
from tests.conftest import screen_lines, text_of, until


def arithmetic(app) -> str:
    return str(app.screen.query_one("#arithmetic").render())


def diagram(app) -> str:
    d = app.screen.query_one("NeuronDiagram")
    return "\n".join(row.plain for row in d.rows)


async def test_opens_on_boating_with_z_4_and_go(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert "= −1 − 1 + 5 + 1 = 4" in arithmetic(app)
        assert "go boating" in arithmetic(app) and "z = 4" in diagram(app)


async def test_select_weight_nudge_changes_z_and_decision(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "down", "down")  # preset → … → w3
        assert app.screen.selected.name == "w3"
        await pilot.press("shift+left")  # w3: 5 → 4
        assert app.screen.values["w3"] == 4
        assert "= 3" in arithmetic(app)
        for _ in range(4):
            await pilot.press("shift+left")  # w3 → 0: z = −1 − 1 + 0 + 1 = −1
        assert app.screen.values["w3"] == 0
        assert "= −1" in arithmetic(app) and "stay home" in arithmetic(app)
        await pilot.press("r")
        assert app.screen.values["w3"] == 5 and "go boating" in arithmetic(app)


async def test_nudge_clamps_to_range(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "j", "j", "j")  # b
        assert app.screen.selected.name == "b"
        for _ in range(12):  # 1 + 12 × 1 would be 13: clamped at the top of the range
            await pilot.press("L")
        assert app.screen.values["b"] == 10


async def test_choice_cycles_and_preset_sets_values(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # preset boating → lazy
        assert app.screen.values["preset"] == "lazy"
        assert app.screen.values["w2"] == 6 and "= −4" in arithmetic(app) and "stay home" in arithmetic(app)
        await pilot.press("l")  # → relu
        assert "0.98" in arithmetic(app) and "ReLU" in arithmetic(app)
        await pilot.press("up")  # wraps to activation
        assert app.screen.selected.name == "activation"
        await pilot.press("l")
        assert app.screen.values["activation"] == "step"  # relu → step (wraps)


async def test_type_exact_value_and_bad_text_keeps_value(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j", "j", "equals_sign")
        editor = app.screen
        assert editor.query_one(Input).value == "1"
        await pilot.press(*"abc", "enter")  # typing replaces the selected old value
        await pilot.pause()
        assert app.screen is editor  # still open, text kept, error shown
        assert editor.query_one(Input).value == "abc"
        assert "needs a number" in str(editor.query_one("#error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, SceneScreen) and app.screen.values["w1"] == 1
        await pilot.press("equals_sign")
        inp = app.screen.query_one(Input)
        inp.value = "−2.5"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.values["w1"] == -2.5
        assert "(−2.5)(−1)" in arithmetic(app)


async def test_play_pause_and_step_move_the_pulse(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.playing and screen.diagram.phase is None
        await pilot.press("space")
        assert screen.playing
        assert await until(pilot, lambda: (screen.diagram.phase or 0) > 0)
        await pilot.press("space")
        assert not screen.playing
        frozen = screen.diagram.phase
        await pilot.pause(0.3)
        assert screen.diagram.phase == frozen  # paused: nothing moves
        await pilot.press("full_stop")
        assert screen.diagram.phase != frozen and not screen.playing


async def test_clock_stops_when_screen_is_hidden(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        phase = screen.diagram.phase
        await pilot.pause(0.3)
        assert screen.diagram.phase == phase
        await pilot.press("escape")
        assert await until(pilot, lambda: screen.diagram.phase != phase)


async def test_beats_set_parameters_and_play(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.beat == 0
        await pilot.press("pagedown")
        assert screen.beat == 1 and screen.playing  # beat 2 plays
        await pilot.press("pagedown", "pagedown")
        assert screen.beat == 3 and not screen.playing
        assert screen.values["preset"] == "lazy" and "stay home" in arithmetic(app)
        await pilot.pause()
        assert "lazy person" in app.screen.query_one(NarrationPanel).source
        await pilot.press("pageup")
        assert screen.beat == 2 and screen.values["w2"] == 1
        assert "beat 3/" in screen.sub_title


async def test_palette_sets_a_parameter(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Set activation = sigmoid")
        assert await until(pilot, lambda: bool(app.screen.query("CommandList")) and
                           app.screen.query_one("CommandList").option_count > 0)
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.values["activation"] == "sigmoid"
        assert "σ(4) = 0.982" in arithmetic(app)


async def test_digit_jumps_and_escape_goes_home(make_app, monkeypatch):
    from nntui.scenes import SceneInfo

    coming = SceneInfo("not-yet", "Not yet", "A scene whose module does not exist")
    monkeypatch.setattr("nntui.app.SCENES", (*SCENES, coming))  # the digit after the last built scene
    assert not coming.built
    app = make_app(scene=None)
    told = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: told.append(message))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen) and app.screen.SCENE_ID == SCENES[2].id
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(str((len(SCENES) + 1) % 10))  # a scene not built yet (the 10th is 0): a message, no screen
        assert await until(pilot, lambda: "Not yet is coming soon." in told)
        assert isinstance(app.screen, HomeScreen)


async def test_state_outlives_the_screen(make_app):
    app = make_app(scene=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("j", "l")  # x1: −1 → −0.9
        await pilot.press("escape", "3")
        await pilot.pause()
        assert app.screen.values["x1"] == -0.9


async def test_help_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bindings = app.screen.active_bindings
        await pilot.press("question_mark")
        text = str(app.screen.query_one("HelpText").render())
        for tip in ("Play / pause", "Type an exact value", "Next beat", "Previous beat", "Reset the whole scene",
                    "Command palette", "Quit", "Go to scene 3"):
            assert tip in text
        assert "w3" in text  # the scene's parameters
        assert len(bindings) > 10


async def test_too_small_terminal_shows_message(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        msg = app.screen.query_one("TooSmall")
        assert msg.display and msg.region.width > 0
        assert "at least 80×24" in str(msg.render())
        assert app.screen.query_one("#body").region.width == 0


async def test_reduced_motion_jumps_to_end(make_app):
    app = make_app(reduced_motion=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        assert not app.screen.playing and app.screen.diagram.phase == 1.5


async def test_start_at_beat_replays_earlier_settings(make_app):
    app = make_app(beat=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.beat == 4 and app.screen.values["preset"] == "lazy"


async def test_enter_on_home_opens_the_highlighted_scene(make_app):
    app = make_app(scene=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # the first built scene is highlighted; down: the next
        await pilot.pause()
        built = [s.id for s in SCENES if s.built]
        assert isinstance(app.screen, SceneScreen) and app.screen.SCENE_ID == built[1]
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_animation_skips_frames_while_the_terminal_is_backed_up(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        monkeypatch.setattr(app, "backed_up", lambda: True)  # a slow link's queue is full
        await pilot.press("space")
        await pilot.pause(0.3)
        assert screen.diagram.phase is None  # no frame drawn
        monkeypatch.setattr(app, "backed_up", lambda: False)  # drained
        assert await until(pilot, lambda: screen.diagram.phase is not None)


def test_fps_caps_the_clock():
    from nntui.app import NNTuiApp
    from nntui.textual_internals import timer_interval
    from tests.conftest import shipped_talk

    async def run():
        app = NNTuiApp("neuron", shipped_talk(), fps=4)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return timer_interval(app.screen.clock)

    import asyncio

    assert asyncio.run(run()) == 0.25


def test_narration_prose_styles_the_small_markdown():
    from nntui.widgets.panels import prose

    text = prose("A **bold** vote, *weighted*, `z = w·x + b`; 2*3 stays.\n\nNext:\n- one\n- two")
    assert text.plain == "A bold vote, weighted, z = w·x + b; 2*3 stays.\n\nNext:\n• one\n• two"
    styled = {text.plain[s.start:s.end]: str(s.style) for s in text.spans}
    assert styled == {"bold": "bold", "weighted": "italic", "z = w·x + b": "reverse"}
    assert prose("- one\n- two").plain == "• one\n• two"


async def test_escape_from_a_scene_opened_directly_shows_the_menu(make_app):
    app = make_app("neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("3")  # and back into a scene from it
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen) and app.screen.SCENE_ID == "neuron"


def edge_style(app, row: int, label: str):
    """The style of an edge's label in the diagram (its colour: the sign of w·x)."""
    text = app.screen.diagram.rows[row]
    at = text.plain.index(label)
    return next(s.style for s in text.spans if s.start <= at < s.end)


async def test_edges_show_the_contribution_and_the_weights_size(make_app):
    """Lazy preset: weather and distance vote against (−2, −6), company for (+3): the edges are
    coloured by the sign of w·x, not of w (all three weights are positive), and ×2, ×6, ×3 are
    three different thicknesses."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # preset boating → lazy
        d = app.screen.diagram
        rows = {label: y for y in d.edge_rows for label in ("×2 = −2", "×6 = −6", "×3 = +3") if label in d.rows[y].plain}
        assert len(rows) == 3, diagram(app)
        against, vote_for = d.style("negative"), d.style("positive")
        assert edge_style(app, rows["×2 = −2"], "×2") == against
        assert edge_style(app, rows["×6 = −6"], "×6") == against
        assert edge_style(app, rows["×3 = +3"], "×3") == vote_for
        chars = [d.rows[rows[label]].plain.split(label)[1].strip()[0] for label in ("×2 = −2", "×3 = +3", "×6 = −6")]
        assert chars == ["━", "═", "█"]  # thicker as |w| grows
        assert "colour = sign of w·x: ━ for (+)  ━ against (−)" in text_of(app, "#legend")
        await pilot.press("j", "j", "j", "j", "shift+left", "shift+left", "shift+left")  # w1: 2 → −1
        assert "×−1 = +1" in d.rows[d.edge_rows[0]].plain  # weather: (−1)(−1) = +1, a vote for
        assert edge_style(app, d.edge_rows[0], "×−1") == vote_for


async def test_at_80x24_the_relu_beat_cuts_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*["pagedown"] * 5)  # beat 6: ReLU
        await pilot.pause()
        assert app.screen.values["preset"] == "relu"
        lines = screen_lines(app)
        assert any("0.98 → passes forward" in line for line in lines[1:17]), "\n".join(lines)
