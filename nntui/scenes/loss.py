"""Scene `loss`: log loss says how wrong a prediction is; training makes it smaller.

The curve view plots L(p) = −[y·log p + (1 − y)·log(1 − p)] for y = 1 and y = 0, with the current
prediction marked. p is the shared neuron's σ(z) until the viewer sets p here. The data view
scores ten boating days with the neuron, marks the days it gets wrong (the engine's
`misclassified`: p ≥ 0.5 reads "go") and, where there is room, puts every day on the curves; the
train view plays gradient descent of the engine's logistic model on them, writing the weights back
into the shared neuron.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from nntui.i18n import N_, _, pad
from nntui.engine import SGD, Sequential, Trainer, as_layers, log_loss, log_loss_terms, misclassified, mse, mse_terms, sigmoid_of
from nntui.engine.optim import StopRule
from nntui.engine.datasets import BOATING_X, BOATING_Y
from nntui.engine.losses import EPS, clip_probability
from nntui.model import TrainingModel
from nntui.params import Param, format_number, format_fine
from nntui.scenes.base import SceneScreen, StopsItself
from nntui.widgets.plot import Chart, MarkedChart, Marker

P_RANGE = (0.0, 1.0)
L_MAX = 6.0  # the curve view's top; larger losses are written out, the marker sits at the top
STEPS_PER_SECOND = 12
SETTLED = 1e-5  # training pauses itself when a step improves the mean loss by less than this (StopRule)
DAY_LABELS = (N_("stay"), N_("go"))  # y = 0, y = 1
TABLE_COLUMNS = ((N_("day"), 3), (N_("weather"), 7), (N_("dist"), 4), (N_("company"), 7),
                 (N_("label"), 5), ("p", 7), ("L", 7), ("", 1))  # (heading, width in cells), a space between: 48 fit at 80×24
WRONG = "✗"  # the last column: the neuron gets this day wrong
DAYS_CHART_ROWS = 8  # the data view puts the days on the curves when at least this many rows are left
TABLE_DECIMALS = 5  # p and L in the table: at most 0.99999, so a column never runs into the next


def logistic_model(neuron) -> Sequential:
    """The shared neuron as a logistic model: p = σ(x·w + b) (the engine's same neuron)."""
    return as_layers(neuron.w, neuron.b, "sigmoid")


class LossModel(TrainingModel):
    """Log loss of a prediction p, which is the shared neuron's σ(z) until set here; training
    is gradient descent of that neuron on ten boating days, its weights written back into it."""

    SCENE_ID = "loss"
    READS = ("neuron",)
    PARAMS = (
        Param("source", N_("p from"), "neuron", choices=("neuron", "own"), help=N_("the neuron's σ(z), or set p here")),
        Param("p", N_("prediction p"), 0.982, 0, 1, 0.01, decimals=3),
        Param("y", N_("true label y"), "1", choices=("1", "0")),
        Param("lr", N_("learning rate"), 0.5, 0.01, 5, 0.1, log=True),
        Param("compare", N_("show MSE"), "off", choices=("off", "on")),
        Param("view", N_("view"), "curve", choices=("curve", "data", "train")),
    )

    STEPS_PER_SECOND = STEPS_PER_SECOND

    def setup(self) -> None:
        self.restart()

    @property
    def neuron(self):
        return self.store["neuron"]

    def derive(self, name: str):
        if name == "p" and self.values["source"] == "neuron":
            return sigmoid_of(self.neuron.z)
        return None

    def changed(self, name: str, value) -> None:
        if name == "p":
            self.values["source"] = "own"
        elif name == "source" and value == "own":  # p holds where the neuron had it
            self.values["p"] = sigmoid_of(self.neuron.z)
        elif name == "lr" and self.trainer is not None:
            self.trainer.optimizer.lr = float(value)

    @property
    def p(self) -> float:
        return float(self["p"])

    # ---- training: one gradient step of the logistic model at a time ----------------------------
    def train_step(self) -> bool:
        """One SGD step on the ten days; the new weights go back into the shared neuron.
        False once the engine's stopping rule says the run has settled or diverged."""
        if self.stopped:
            return False
        if self.trainer is None:
            self.trained_from = dict(self.neuron.values)
            self.trainer = Trainer(logistic_model(self.neuron), log_loss, BOATING_X, BOATING_Y, SGD(float(self.values["lr"])))
            self.history.append(self.trainer.loss())
            self.rule.update(0, self.history[0])
        result = self.trainer.step()
        params = result.params
        self.neuron.set_weights(params["0.W"].ravel(), float(params["0.b"][0]))
        self.history.append(self.trainer.loss())
        self.stopped = self.rule.update(self.trainer.steps, self.history[-1], result.diverged)
        return self.stopped is None

    @property
    def steps(self) -> int:
        return self.trainer.steps if self.trainer else 0

    def reads(self, scene_id: str):
        """Training rewrites the neuron: `c` writes the weights it started from, and --steps."""
        return self.trained_from if self.trainer else self.neuron.values

    def restart(self) -> None:
        self.trainer: Trainer | None = None
        self.history: list[float] = []
        self.trained_from: dict | None = None
        self.rule = StopRule(SETTLED)
        self.stopped: str | None = None

    def settle(self) -> None:
        """Stepping to a beat keeps what training has learned so far."""


class LossScreen(StopsItself, SceneScreen):
    SCENE_ID = "loss"
    DEFAULT_CSS = """
    LossScreen #formula { height: auto; }
    LossScreen #table { height: auto; }
    """

    def compose_view(self) -> ComposeResult:
        yield MarkedChart(Chart(P_RANGE, (0, L_MAX)), {"loss": Marker("●"), "mse": Marker("○")}, id="curve")
        yield MarkedChart(Chart((0, 10), (0, 1)), {}, id="history")
        yield Static(id="table")
        yield Static(id="formula")

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        """While training plays, the table and the loss chart are redrawn twice a second; the
        prediction's marker and formula every step."""
        if self.playing and not self.due("table", 0.5):
            self.panel.refresh()
            if self.model["view"] == "curve":
                self.draw_curves()
            self.draw_formula()
        else:
            super().show_change(scene_id, names)

    # ---- drawing -------------------------------------------------------------------------------
    def update_view(self) -> None:
        view = self.model["view"]
        curve = view == "curve" or (view == "data" and self.room_for_days())
        for wid, shown in (("#curve", curve), ("#history", view == "train"), ("#table", view != "curve")):
            self.query_one(wid).display = shown
        if curve:
            self.draw_curves(days=view == "data")
        if view != "curve":
            self.draw_table(view == "train")
            if view == "train":
                self.draw_history()
        self.draw_formula()

    def room_for_days(self) -> bool:
        """Is there room in the data view for the curves above the table (at 120×36, not 80×24)?
        The table takes a heading, the ten days and three summary lines; the formula one line."""
        return self.query_one("#view").size.height - (1 + len(BOATING_Y) + 3 + 1) >= DAYS_CHART_ROWS

    def days(self) -> tuple[np.ndarray, np.ndarray]:
        """The neuron's p on each of the ten days, and each day's log loss."""
        ps = logistic_model(self.model.neuron).forward(BOATING_X).ravel()
        return ps, log_loss_terms(ps, BOATING_Y)

    def draw_curves(self, days: bool = False) -> None:
        """The two branches of the log loss over p: with the prediction marked, or (`days`) with
        the ten days on them."""
        p, y = float(self.model["p"]), int(self.model["y"])
        compare = self.model["compare"] == "on" and not days
        ps = np.linspace(0.001, 0.999, 400)
        points = self.days() if days else None

        def draw(fig) -> None:
            fig.plot(ps, log_loss_terms(ps, np.ones_like(ps)), label=_("y = 1: −log p"))
            fig.plot(ps, log_loss_terms(ps, np.zeros_like(ps)), label=_("y = 0: −log(1 − p)"))
            if compare:
                fig.plot(ps, mse_terms(ps, y), label=f"MSE, y = {y}")
            if points is not None:
                fig.scatter(points[0], np.minimum(points[1], L_MAX), label=_("the ten days"))
            fig.xlabel(_("prediction p"))

        chart = self.query_one("#curve", MarkedChart)
        key = ("days", tuple(np.round(points[0], 6))) if points is not None else ("curves", compare, y)
        chart.chart.plot(key, draw)
        loss, _grad = log_loss(p, y)
        chart.mark("loss", None if days else (p, min(loss, L_MAX)))
        chart.mark("mse", (p, mse(p, y)[0]) if compare else None)

    def draw_formula(self) -> None:
        """The log loss of the prediction p, worked out (in the data and train views: the formula)."""
        p, y = float(self.model["p"]), int(self.model["y"])
        loss, _grad = log_loss(p, y)
        if self.model["view"] != "curve":
            self.query_one("#formula", Static).update("L = −[y·log p + (1 − y)·log(1 − p)]")
            return
        term = f"−log({format_fine(p)})" if y == 1 else f"−log(1 − {format_fine(p)})"
        origin = _(" = σ(z) of the neuron") if self.model["source"] == "neuron" else ""
        text = Text.assemble(
            "L = −[y·log p + (1 − y)·log(1 − p)]\n",
            f"y = {y}, p = {format_fine(p)}{origin}\n",
            f"L = {term} = ", (format_fine(loss), "bold"),
        )
        _p, clipped = clip_probability(p)
        if clipped:
            text.append("\n" + _("p is clipped to {eps} from 0 and 1 by the engine: L stays finite").format(eps=f"{EPS:g}"), "italic")
        if self.model["compare"] == "on":
            text.append("\n" + _("MSE = (p − y)² = {mse}: log loss punishes confident mistakes harder").format(mse=format_number(mse(p, y)[0], 4)))
        self.query_one("#formula", Static).update(text)

    def draw_table(self, summary_only: bool) -> None:
        """The ten days (x, label, p, L, ✗ where the neuron is wrong), then the mean loss, how
        many days are wrong, and the weights."""
        ps, losses = self.days()
        wrong = misclassified(ps, BOATING_Y)
        w, b = self.model.neuron.w, self.model.neuron.b
        weights = ", ".join(format_number(v) for v in w)
        text = Text()
        if not summary_only:
            text.append(" ".join(pad(_(h), w, ">") for h, w in TABLE_COLUMNS) + "\n", "bold")
            for i, (x, y, p, loss, bad) in enumerate(zip(BOATING_X, BOATING_Y, ps, losses, wrong), 1):
                cells = (str(i), *(format_number(v) for v in x), _(DAY_LABELS[int(y)]),
                         format_fine(p, most=TABLE_DECIMALS), format_fine(loss, most=TABLE_DECIMALS))
                text.append(" ".join(pad(c, w, ">") for c, (_h, w) in zip(cells, TABLE_COLUMNS)))
                text.append(" " + (WRONG if bad else " ") + "\n", "bold")
        text.append(_("mean log loss over 10 days: "))
        text.append(format_number(float(losses.mean()), 3), "bold")
        text.append("\n" + _("{mark} wrong (p ≥ 0.5 reads go): ").format(mark=WRONG))
        text.append(_("{n} of 10 days").format(n=int(wrong.sum())), "bold")
        steps = self.model.steps
        text.append("\n" + _("step {n}").format(n=steps) + f"   w = [{weights}]  b = {format_number(b)}")
        self.query_one("#table", Static).update(text)

    def draw_history(self) -> None:
        history = self.model.history or [log_loss(logistic_model(self.model.neuron).forward(BOATING_X).ravel(), BOATING_Y)[0]]

        def draw(fig) -> None:
            fig.plot(list(range(len(history))), history, label=_("mean loss"))
            fig.xlabel(_("training step"))

        top = max(history) * 1.1 or 1.0
        self.query_one("#history", MarkedChart).chart.plot(("history", len(history)), draw,
                                                          xlim=(0, max(10, len(history))), ylim=(0, top))


MODEL, SCREEN = LossModel, LossScreen
