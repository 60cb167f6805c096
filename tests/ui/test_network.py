"""Pilot tests of the network scene's lessons: the hidden layer a rule needs, the forward and the
backward pass, every hidden unit's map, training and held-out loss, jumping to a beat, and a
drawing that fills the terminal."""

import numpy as np

from nntui.params import format_fine, format_number
from nntui.scenes.network import NetworkDiagram, edge_names
from tests.conftest import screen_lines, text_of


def about(app) -> str:
    return text_of(app, "#about")


def view_rows(app, side: int = 30, below: int = 7) -> list[str]:
    """The scene's own area: the rows between the title and the narration, left of the panel."""
    width, height = app.size
    return [line[: width - side] for line in screen_lines(app)[1 : height - below]]


async def test_without_the_hidden_layer_emails_stay_wrong(make_app):
    """Beat 6's claim, jumped to (the training beat 5 did is replayed): the 3-4-2 net gets 16/16,
    the 3-2 net fewer; n switches the hidden layer off (the diagram loses its middle column) and on."""
    app = make_app("network", beat=6)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.model.steps == 300
        assert "3-4-2: right 16/16 · held out 10/10" in about(app)
        assert int(about(app).split("3-2: right ")[1].split("/")[0]) < 16
        await pilot.press("n")
        assert app.screen.values["layer"] == "off"
        assert [w.shape for w in app.screen.query_one(NetworkDiagram).data[1]] == [(3, 2)]
        assert "weights 3·2 = 6, biases 2: 8" in about(app)
        await pilot.press("n")
        assert "weights 3·4 + 4·2 = 20, biases 4 + 2 = 6: 26" in about(app)


async def test_forward_pass_shows_one_layer_at_a_time_and_trains_nothing(make_app):
    app = make_app("network")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.set_param("mode", "forward")
        hidden = screen.model.trainer.model.trace(screen.model.x)[2][0]
        shown, lines = [], []
        for _ in range(3):
            await pilot.press("full_stop")
            layers = screen.query_one(NetworkDiagram).data[0]
            shown.append([values is not None for values in layers])
            lines.append(about(app).split("\n")[2])
        assert shown == [[True, False, False], [True, True, False], [True, True, True]]
        assert lines == ["forward: inputs · x = [0.9, 0.2, 0]", "forward: hidden layer · h = tanh(x·W1 + b1)",
                         "forward: outputs · p = softmax(h·W2 + b2)"]
        assert all(format_number(float(h), 2) in "\n".join(view_rows(app)) for h in hidden)
        await pilot.press("full_stop")  # round again: inputs, and still no step
        assert screen.model.steps == 0 and "forward: inputs · x = [0.9, 0.2, 0]" in about(app)


async def test_backward_pass_computes_each_gradient_output_layer_first(make_app):
    app = make_app("network")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, model = app.screen, app.screen.model
        screen.set_param("mode", "backward")
        names = edge_names(model.sizes)
        for n in range(1, 21):
            await pilot.press("full_stop")
            strengths = screen.query_one(NetworkDiagram).data[2]
            drawn = [int((s >= 0).sum()) for s in strengths]
            k, (i, j) = (1, divmod(n - 1, 2)) if n <= 8 else (0, divmod(n - 9, 4))
            grad = format_fine(float(model.gradients()[k][i, j]))
            layer = "output layer" if n <= 8 else "hidden layer"
            name = names[12 + n - 1] if n <= 8 else names[n - 9]
            assert f"backward: {layer} · {n}/20 · ∂L/∂w {name} = {grad}" in about(app)
            assert drawn == ([0, n] if n <= 8 else [n - 8, 8])  # only the gradients computed so far
        assert model.steps == 0
        await pilot.press("full_stop")
        assert model.steps == 1 and "step: every w ← w − η·∂L/∂w" in about(app)


async def test_maps_show_every_hidden_unit_with_the_training_emails(make_app):
    app = make_app("network", beat=7)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tiles = [t for t in app.screen.query(".tile") if t.display]
        titles = [str(t.query_one(".map-title").render()).strip() for t in tiles]
        assert titles == ["h1", "h2", "h3", "h4", "P(spam) — boundary ·"[: len(titles[-1])]]
        maps = [t.query_one("HalfBlockGrid") for t in tiles]
        assert len({m.pixels.tobytes() for m in maps}) == 5  # each unit responds its own way
        for m in maps:  # the twelve emails from strangers, spam and ok
            assert set(m.points.values()) == {"●", "○"} and len(m.points) >= 8
        rows = "\n".join(view_rows(app))
        assert rows.count("●") >= 5 * 4 and rows.count("○") >= 5 * 4
        await pilot.press("n")  # without the hidden layer: only the decision, a straight boundary
        assert [t.query_one(".map-title").render() for t in app.screen.query(".tile") if t.display] == [tiles[-1].query_one(".map-title").render()]


async def test_loss_chart_shows_training_and_held_out_loss_falling(make_app):
    app = make_app("network", beat=5, reduced_motion=True)  # the training beat, played to its end
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rows = "\n".join(view_rows(app))
        assert "training loss" in rows and "held-out loss" in rows
        train, held = app.screen.model.history["on"]
        assert len(train) == len(held) == 301 and held[-1] < held[0] / 10 and train[-1] < train[0] / 10
        assert f"held-out {format_fine(held[-1])}" in about(app)


async def test_jumping_to_the_last_beat_a_known_sender_flips_the_email_to_ok(make_app):
    app = make_app("network", beat=8)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "this email:  ok " in about(app)
        await pilot.press("down", "down", "shift+left")  # known sender 1 → 0
        assert "this email:  spam " in about(app)


async def test_after_the_maps_pagedown_draws_the_whole_network_at_80x24(make_app):
    """#18 item 5: from the map beat, PageDown drew the diagram while it was still hidden: four
    rows, 'ok' and 'spam' printed on the input rows."""
    app = make_app("network", beat=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        diagram = app.screen.query_one(NetworkDiagram)
        assert diagram.size.height >= 8 and len(diagram.rows) == diagram.size.height
        rows = view_rows(app)
        inputs = [r for r in rows if r.lstrip().startswith(("money", "links", "known"))]
        assert len(inputs) == 3  # three rows apart (collapsed, they ran together)
        drawn = rows[: diagram.size.height]
        assert sum("ok" in r for r in drawn) == 1 and sum("spam" in r for r in drawn) == 1
        assert [i for i, r in enumerate(drawn) if " ok" in r] != [i for i, r in enumerate(drawn) if "spam" in r]


async def test_the_picture_fills_the_terminal_at_120x36(make_app):
    """#18 item 9: no more than a quarter of the scene's area is empty rows, net and maps alike."""
    app = make_app("network", beat=2)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for view in ("net", "map"):
            app.screen.set_param("view", view)
            await pilot.pause()
            await pilot.pause()
            rows = view_rows(app)
            assert sum(not r.strip() for r in rows) <= len(rows) / 4, view
            if view == "net":
                assert app.screen.query_one(NetworkDiagram).size.height >= 18


def test_a_slow_frame_skips_no_phase_of_the_backward_pass():
    """However long a frame, the clock moves the pass one phase: all 20 gradients, then the step."""
    from nntui.model import Store
    from nntui.scenes import BY_ID

    model = Store(lambda scene_id: BY_ID[scene_id].model_class(), seed=0)["network"]
    model.set("mode", "backward")
    phases = []
    for _ in range(21):
        model.advance(10.0)
        phases.append(int(model.phase))
    assert phases == list(range(21)) and model.steps == 1
