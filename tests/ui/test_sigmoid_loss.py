"""Pilot tests of the sigmoid and loss scenes: keys in, numbers and pictures out."""

from nntui.scenes.base import SceneScreen
from tests.conftest import text_of, until



async def test_sigmoid_shows_the_neurons_z_and_0_982(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        formula = text_of(app, "#formula")
        assert "σ(4) = 0.982" in formula and "the neuron's z" in formula and "yes" in formula


async def test_nudging_z_moves_the_marker_and_changes_sigma(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        marker = app.screen.query_one("MarkedChart").markers["main"]
        before = marker.cell
        assert before is not None
        await pilot.press("down", "shift+left", "shift+left", "shift+left", "shift+left")  # z: 4 → 0
        assert app.screen.values["z"] == 0 and app.screen.values["source"] == "own"
        assert "σ(0) = 0.5" in text_of(app, "#formula")
        assert marker.cell[0] < before[0] and marker.cell[1] > before[1]  # left and down
        await pilot.press(*["shift+left"] * 4)  # z = −4
        assert "σ(−4) = 0.018" in text_of(app, "#formula") and "→ no" in text_of(app, "#formula")


async def test_switching_activation_changes_the_formula(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("Chart")
        await pilot.press("down", "down", "right")  # activation sigmoid → tanh
        await pilot.pause()
        assert app.screen.values["activation"] == "tanh"
        assert "tanh(z) =" in text_of(app, "#formula") and "tanh(4) = 0.999" in text_of(app, "#formula")
        assert chart.key[0][1] == ("tanh",)


async def test_a_weight_changed_in_neuron_moves_the_sigmoid_marker(make_app):
    app = make_app("neuron")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 6, "shift+left", "shift+left")  # w3: 5 → 3, z = 2
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.SCENE_ID == "sigmoid"
        assert "σ(2) = 0.881" in text_of(app, "#formula")


async def test_sweep_plays_and_pauses(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        z0 = app.screen.values["z"]
        await pilot.press("space")
        assert await until(pilot, lambda: app.screen.values["z"] != z0)
        await pilot.press("space")
        z1 = app.screen.values["z"]
        await pilot.pause(0.3)
        assert app.screen.values["z"] == z1


async def test_collapse_view_shows_one_matrix_then_a_bend(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 5, "right")  # view → collapse
        formula = text_of(app, "#formula")
        assert "W1·W2 = [1]" in formula and "y = 1·x + 2" in formula and "straight line" in formula
        await pilot.press("down", "right")  # middle activation on
        assert "it bends" in text_of(app, "#formula")


async def test_loss_shows_0_018_for_the_boating_neuron(make_app):
    app = make_app("loss")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        formula = text_of(app, "#formula")
        assert "p = 0.982" in formula and "L = −log(0.982) = 0.018" in formula


async def test_label_zero_makes_the_same_prediction_costly(make_app):
    app = make_app("loss")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "right")  # y: 1 → 0
        assert "L = −log(1 − 0.982) = 4.018" in text_of(app, "#formula")
        await pilot.press("down", "down", "right")  # show MSE
        assert "MSE = (p − y)² = 0.9644" in text_of(app, "#formula")


async def test_p_at_zero_is_clipped_not_infinite(make_app):
    app = make_app("loss")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "equals_sign")
        app.screen.query_one("Input").value = "0"
        await pilot.press("enter")
        await pilot.pause()
        formula = text_of(app, "#formula")
        assert "clipped" in formula and "27.631" in formula and "inf" not in formula


async def test_training_lowers_the_displayed_mean_loss_and_trains_the_neuron(make_app):
    app = make_app("loss")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 5, "right", "right")  # view → train
        assert app.screen.values["view"] == "train"
        table = text_of(app, "#table")
        assert "mean log loss over 10 days: 0.623" in table and "step 0" in table
        for _ in range(20):
            await pilot.press("full_stop")
        table = text_of(app, "#table")
        mean = float(table.split("10 days: ")[1].split()[0])
        assert mean < 0.623 * 0.6 and "step 20" in table
        w3 = app.store["neuron"].values["w3"]
        assert w3 != 5  # the shared neuron learned
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen) and app.screen.values["w3"] == w3


async def test_training_pauses_itself_when_the_loss_settles(make_app):
    app = make_app("loss")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.model.finish()  # run to the end without animation
        steps = len(screen.model.history)
        assert 20 < steps < 2000
        assert not screen.model.train_step()  # nothing left to improve


def wrong_days(table: str) -> list[int]:
    """The days the table marks ✗ (the neuron's p ≥ 0.5 disagrees with the label)."""
    return [int(line.split()[0]) for line in table.splitlines() if line.rstrip().endswith("✗")]


async def test_the_data_view_marks_and_counts_the_days_the_neuron_gets_wrong(make_app):
    app = make_app("loss")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 5, "right")  # view → data
        assert app.screen.values["view"] == "data"
        table = text_of(app, "#table")
        assert wrong_days(table) == [5, 9]  # p = 0.119 but went; p = 0.982 but stayed home
        assert "2 of 10 days" in table
        assert app.screen.query_one("#curve").display  # at 120×36 the days sit on the curves too
        await pilot.press("3", "l", "5")  # the neuron scene: preset → lazy; back to loss
        await pilot.pause()
        assert app.screen.SCENE_ID == "loss" and app.store["neuron"].values["preset"] == "lazy"
        assert wrong_days(text_of(app, "#table")) == [1, 4]


async def test_sigmoid_plots_tanh_then_zooms_for_relu_and_gelu(make_app):
    """Beat 4 narrates tanh: it is drawn. Beat 5 compares ReLU and GELU on an axis zoomed to ±3,
    and their two markers never hide one another: two cells, or one ◉ where they share one."""
    app = make_app("sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*["pagedown"] * 3)  # beat 4
        await pilot.pause()
        marked = app.screen.query_one("PairedMarks")
        assert marked.chart.key[0][1] == ("tanh", "sigmoid")
        assert "tanh(1) = 0.762" in text_of(app, "#formula") and "σ(1) = 0.731" in text_of(app, "#formula")
        await pilot.press("pagedown")  # beat 5
        await pilot.pause()
        assert marked.chart.key[0][1] == ("relu", "gelu") and marked.chart.xlim == (-3.0, 3.0)
        assert "GELU(−1) = −0.159" in text_of(app, "#formula")
        main, other = marked.markers["main"], marked.markers["compare"]
        await pilot.press("down", "shift+left", "shift+left")  # z: −1 → −3
        shared = []
        for _ in range(5):  # z = −3, −2, −1, 0, 1: where the curves meet (−3, 0) and part
            await pilot.pause(0.2)
            shared.append(main.cell == other.cell)
            if shared[-1]:
                assert str(main.render()) == "◉" and not other.display, app.screen.values["z"]
            else:
                assert str(main.render()) == "●" and other.display, app.screen.values["z"]
            await pilot.press("shift+right")
        assert any(shared) and not all(shared)


async def test_the_bend_beat_shows_its_own_formula_with_b1_and_b2(make_app):
    app = make_app("sigmoid")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*["pagedown"] * 5)  # beat 6: two linear layers
        await pilot.pause()
        formula = text_of(app, "#formula")
        assert formula.startswith("y = (x·W1 + b1)·W2 + b2") and "b1 = [1 1]" in formula and "b2 = [−1]" in formula
        await pilot.press("pagedown")  # beat 7: tanh between them
        await pilot.pause()
        formula = text_of(app, "#formula")
        assert formula.startswith("y = tanh(x·W1 + b1)·W2 + b2") and "b1 = [1 1]" in formula and "b2 = [−1]" in formula
        assert "one linear map" not in formula and "it bends" in formula


async def test_at_120x36_the_neuron_and_loss_pictures_use_their_space(make_app):
    """The neuron's diagram grows with the view and the loss data view puts the days on the
    curves: no more than a quarter of the view's rows (left of the parameter panel) is blank."""
    from tests.conftest import screen_lines

    app = make_app("loss", beat=5)  # the ten days of data
    async with app.run_test(size=(120, 36)) as pilot:
        for key in ("", "3"):  # loss, then the neuron scene
            if key:
                await pilot.press(key)
            await pilot.pause(0.3)
            view = [line[: 120 - 31] for line in screen_lines(app)[1:29]]
            blank = sum(1 for line in view if not line.strip())
            assert blank <= len(view) / 4, (app.screen.SCENE_ID, "\n".join(view))
