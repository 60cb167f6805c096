"""Scene `descent`: learning is walking downhill on the loss.

The engine's Trainer takes one SGD step at a time, w ← w − η·∂L/∂w, on a small model whose loss
over its parameters is drawn as a landscape: the bowl (a line y = w·x + b fitted to two points
by MSE: L = (w − 2)² + (b + 1)²) or the boating data (a one-feature logistic model: does the
company decide?). In 1-D only w moves (b held fixed) over the curve L(w), with the tangent at the
ball; in 2-D both move over a heat map of L(w, b). Each step is written out with its numbers,
and the run is labelled: crawling, walking down, overshooting, settled, or diverged.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.widgets import Static

from nntui.i18n import N_, _
from nntui.engine import SGD, Act, Dense, Sequential, Trainer, log_loss, loss_grid, mse
from nntui.engine.datasets import BOATING_X, BOATING_Y, line_points
from nntui.engine.optim import DIVERGED, SETTLED, StopRule
from nntui.model import ANIMATION, TrainingModel
from nntui.params import Param, format_fine, format_number
from nntui.scenes.base import SceneScreen
from nntui.widgets.grid import HalfBlockGrid, heat_colours, heat_levels
from nntui.widgets.plot import Chart, MarkedChart, Marker

W_RANGE, B_RANGE = (-4.0, 8.0), (-6.0, 4.0)
SETTLED_LOSS = 1e-9  # the run has settled when a step improves the loss by less than this (StopRule)
PRESETS = {  # regime → learning rate and start, for the bowl (curvature 2: η < 0.5 smooth, > 1 diverges)
    "crawl": {"lr": 0.01, "w0": -3.0},
    "good": {"lr": 0.2, "w0": -3.0},
    "zigzag": {"lr": 0.9, "w0": -3.0},
    "diverge": {"lr": 1.2, "w0": -3.0},
}


def build(function: str, w0: float, b0: float) -> tuple[Sequential, object, np.ndarray, np.ndarray]:
    """The model, loss and data of a landscape, with the model's (w, b) at the start."""
    if function == "bowl":
        X, Y = line_points()
        return Sequential(Dense.from_weights([[w0]], [b0])), mse, X, Y
    company = BOATING_X[:, 2:3]  # does the company alone decide?
    return Sequential(Dense.from_weights([[w0]], [b0]), Act("sigmoid")), log_loss, company, BOATING_Y


class DescentModel(TrainingModel):
    """A run of gradient descent from (w0, b0) on a landscape: the engine's Trainer, the path
    it walked [(w, b, L), …], the last step's report, and the engine's rule for when it stops."""

    SCENE_ID = "descent"
    PARAMS = (
        Param("preset", N_("regime"), "good", choices=tuple(PRESETS), help=N_("a learning rate that shows a regime")),
        Param("lr", N_("learning rate"), 0.2, 0.001, 10, 0.1, log=True),
        Param("w0", N_("start w"), -3.0, -4, 8, 0.1),
        Param("b0", N_("start b"), -1.0, -6, 4, 0.1, help=N_("in 1-D, b stays here")),
        Param("function", N_("landscape"), "bowl", choices=("bowl", "boating")),
        Param("view", N_("view"), "1d", choices=("1d", "2d")),
        Param("speed", N_("steps/s"), 3.0, 0.5, 10, 0.5),
    )
    RESTART = {"preset", "lr", "w0", "b0", "function", "view"}

    def setup(self) -> None:
        self.restart()

    def restart(self) -> None:
        """A new run from the start values."""
        v = self.values
        model, loss_fn, X, Y = build(str(v["function"]), float(v["w0"]), float(v["b0"]))
        trainable = {"0.W"} if v["view"] == "1d" else None
        self.trainer = Trainer(model, loss_fn, X, Y, SGD(float(v["lr"])), trainable=trainable)
        self.path: list[tuple[float, float, float]] = [(float(v["w0"]), float(v["b0"]), self.trainer.loss())]
        self.first_grads = self.trainer.gradients()  # the slope at the start, for the first tangent
        self.last = None
        self.prev_grads: float | None = None
        self.carry = 0.0
        self.rule = StopRule(SETTLED_LOSS)
        self.rule.update(0, self.path[0][2])
        self.stopped: str | None = None
        self.notify(ANIMATION)

    def changed(self, name: str, value) -> None:
        if name == "preset":
            self.values.update(PRESETS[str(value)])
        if name in self.RESTART:
            self.restart()

    @property
    def slope(self) -> float:
        """∂L/∂w at the ball: the last step's gradient, or the engine's at the start."""
        grads = self.last.grads if self.last is not None and not self.last.diverged else self.first_grads
        return float(grads["0.W"][0, 0])

    @property
    def diverged(self) -> bool:
        return self.stopped == DIVERGED

    def regime(self) -> str:
        """What the last steps look like, in words."""
        if self.stopped == SETTLED:
            return N_("settled at the bottom")
        (w0, b0, l0), (w1, b1, l1) = self.path[-2], self.path[-1]
        g = np.abs(np.concatenate([v.ravel() for v in self.last.grads.values()])).max()
        if g < 1e-3:
            return N_("settled at the bottom")
        if l1 > l0:
            return N_("overshooting: the loss went up")
        if self.prev_grads is not None and np.sign(self.prev_grads) != np.sign(float(self.last.grads["0.W"][0, 0])):
            return N_("overshooting: jumped past the bottom")
        if abs(w1 - w0) + abs(b1 - b0) < 0.02 * max(1.0, g):
            return N_("crawling: tiny steps")
        return N_("walking downhill")

    # ---- animation: a few steps a second ------------------------------------------------------
    def train_step(self) -> bool:
        """One step of the engine's trainer; False once the run has stopped (settled, diverged)."""
        if self.stopped:
            return False
        self.prev_grads = self.slope if self.last is not None else None
        result = self.trainer.step()
        self.last = result
        if not result.diverged:
            self.path.append((float(result.params["0.W"][0, 0]), float(result.params["0.b"][0]), self.trainer.loss()))
        self.stopped = self.rule.update(self.trainer.steps, self.path[-1][2], result.diverged)
        return self.stopped is None

    FINISH = 500

    def rate(self) -> float:
        return float(self.values["speed"])

    @property
    def steps(self) -> int:
        return len(self.path) - 1

class DescentScreen(SceneScreen):
    SCENE_ID = "descent"
    DEFAULT_CSS = """
    DescentScreen #heat { margin: 0 0 0 1; }
    DescentScreen #steps { height: auto; }
    """

    def compose_view(self) -> ComposeResult:
        yield MarkedChart(Chart(W_RANGE, (0, 1), max_fps=10), {"ball": Marker("●")}, id="curve")
        yield HalfBlockGrid(id="heat")
        yield Static(id="steps")

    def prepare(self) -> None:
        self.landscape_key = None  # the heat map drawn last: recomputed only when it changes
        self.drawn_steps = 0

    def action_reset_param(self) -> None:
        """r: the parameter back to its default, and the run back to its start."""
        super().action_reset_param()
        self.model.restart()

    # ---- the landscape --------------------------------------------------------------------------
    def ws(self, n: int = 241) -> np.ndarray:
        return np.linspace(*W_RANGE, n)

    def landscape_1d(self) -> tuple[np.ndarray, np.ndarray]:
        b = float(self.model.values["b0"])
        model, loss_fn, X, Y = build(str(self.values["function"]), 0.0, b)
        ws = self.ws()
        return ws, loss_grid(model, loss_fn, X, Y, {"0.W": ws})

    def update_view(self) -> None:
        one_d = self.values["view"] == "1d"
        self.query_one("#curve").display = one_d
        self.query_one("#heat").display = not one_d
        self.draw_1d() if one_d else self.draw_2d()
        self.draw_steps()

    def draw_1d(self) -> None:
        ws, ls = self.landscape_1d()
        run = self.model
        w, b, loss = run.path[-1]
        g = run.slope
        top = float(np.nanmax(ls))
        inside = W_RANGE[0] <= w <= W_RANGE[1]
        path = run.path[-12:-1]  # the last steps before the ball (the chart leaves out those off it)

        def draw(fig) -> None:
            fig.plot(ws, ls)
            if inside:
                span = np.linspace(max(W_RANGE[0], w - 1.5), min(W_RANGE[1], w + 1.5), 20)
                fig.plot(span, loss + g * (span - w))
            if path:
                fig.scatter([p[0] for p in path], [p[2] for p in path])
            fig.xlabel(_("weight w · curve L(w) · line: tangent at ●"))

        chart = self.query_one("#curve", MarkedChart)
        chart.chart.plot(("1d", run.values["function"], b, len(run.path), run.diverged), draw,
                         xlim=W_RANGE, ylim=(0.0, top * 1.05))
        chart.mark("ball", (min(max(w, W_RANGE[0]), W_RANGE[1]), min(loss, top)))

    def draw_2d(self) -> None:
        grid = self.query_one("#heat", HalfBlockGrid)
        view = self.query_one("#view").size
        cols, rows = max(10, view.width - 2), max(8, 2 * (view.height - 5))
        key = (self.values["function"], cols, rows, self.app.theme)
        if key != self.landscape_key:  # the heat map is computed only when the landscape (or theme) changes
            self.landscape_key = key
            model, loss_fn, X, Y = build(str(self.values["function"]), 0.0, 0.0)
            ws, bs = np.linspace(*W_RANGE, cols), np.linspace(B_RANGE[1], B_RANGE[0], rows)
            losses = loss_grid(model, loss_fn, X, Y, {"0.b": bs, "0.W": ws})
            theme = self.app.theme_variables
            shades = np.log1p(losses)
            grid.show(heat_colours(shades, Color.parse(theme["primary"]), Color.parse(theme["error"])), heat_levels(shades))
            self.drawn_steps = 0
        path = self.model.path
        if self.drawn_steps > len(path) - 1:  # a new run: its marks only
            self.drawn_steps = 0
        if self.drawn_steps == 0:
            grid.clear_marks()
        for w, b, _loss in path[max(0, self.drawn_steps - 1):-1]:
            grid.add_mark(self.to_pixel(w, b))
        self.drawn_steps = len(path) - 1
        grid.move_cursor(self.to_pixel(*path[-1][:2]))

    def to_pixel(self, w: float, b: float) -> tuple[int, int]:
        h, width, _c = self.query_one("#heat", HalfBlockGrid).pixels.shape
        col = round((w - W_RANGE[0]) / (W_RANGE[1] - W_RANGE[0]) * (width - 1))
        row = round((B_RANGE[1] - b) / (B_RANGE[1] - B_RANGE[0]) * (h - 1))
        return int(np.clip(row, 0, h - 1)), int(np.clip(col, 0, width - 1))

    def draw_steps(self) -> None:
        run = self.model
        lr = float(run.values["lr"])
        w, b, loss = run.path[-1]
        text = Text()
        if run.last is None:
            held = _(" (held still in 1-D)") if self.values["view"] == "1d" else ""
            text.append(_("start: ") + f"w = {format_number(w)}, b = {format_number(b)}{held}\n")
            text.append(f"L = {format_fine(loss)}   w ← w − η·∂L/∂w\n")
            text.append(_("press . for one step, space to walk"), "italic")
            if self.values["view"] == "2d":
                text.append("\n" + _("map: w {w0} … {w1} left to right, b {b1} … {b0} top to bottom").format(
                    w0=f"{W_RANGE[0]:g}", w1=f"{W_RANGE[1]:g}", b1=f"{B_RANGE[1]:g}", b0=f"{B_RANGE[0]:g}"), "italic")
        elif run.diverged:
            text.append(_("step {n}: the loss ran away, past {times}× where it started: ").format(n=run.steps, times=f"{run.rule.blowup:g}"))
            text.append(" " + _("DIVERGED") + " ", "bold reverse")
            text.append("\n" + _("η = {lr} is far too large. Press r to start again.").format(lr=format_number(lr, 3)))
        else:
            pw, pb, _loss = run.path[-2]
            gw = float(run.last.grads["0.W"][0, 0])
            text.append(f"w ← w − η·g = {format_number(pw)} − {format_number(lr, 3)}·({format_number(gw)}) = ")
            text.append(format_number(w), "bold")
            if "0.b" in run.last.grads:
                gb = float(run.last.grads["0.b"][0])
                text.append(f"\nb ← b − η·g = {format_number(pb)} − {format_number(lr, 3)}·({format_number(gb)}) = ")
                text.append(format_number(b), "bold")
            text.append("\n" + _("step {n}").format(n=run.steps) + f": L = {format_fine(loss)}   ")
            text.append(f" {_(run.regime())} ", "bold reverse")
        self.query_one("#steps", Static).update(text)


MODEL, SCREEN = DescentModel, DescentScreen
