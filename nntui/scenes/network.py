"""Scene `network`: a 3-4-2 network deciding "spam or not", forward and backward, learning live.

Three inputs (money words, odd links, known sender) → a hidden layer → two outputs through softmax.
Edges are drawn in braille lines, green for positive weights and red for negative, brighter the
larger; neurons show their values. The pass mode walks one forward pass layer by layer, then the
backward pass output → input with every edge coloured by its gradient, then one SGD step; the
train mode runs steps continuously. Parameter count: 3·h + h + h·2 + 2 (26 for h = 4).
"""

from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import N_, _, fit
from nntui.engine import SGD, Trainer, accuracy, mlp, softmax, softmax_cross_entropy
from nntui.engine.datasets import SPAM_FEATURES, spam_emails
from nntui.params import Param, format_fine, format_number
from nntui.model import ANIMATION, TrainingModel
from nntui.scenes.base import SceneScreen
from nntui.widgets.grid import HalfBlockGrid, heat_colours, heat_levels
from nntui.widgets.plot import Chart, MarkedChart

PHASES = (N_("inputs"), N_("hidden layer"), N_("outputs"), N_("backward: output layer"), N_("backward: hidden layer"),
          N_("step"))
PASS_SECONDS = 0.9  # per phase
STEPS_PER_SECOND = 15
FINISH_STEPS = 300  # reduced motion: the network trained this far
BRAILLE = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (0, 3): 0x40, (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (1, 3): 0x80}
NODE = 5  # a neuron's width in cells: " 0.73" on a shaded background
OUTPUT_NAMES = (N_("ok"), N_("spam"))


def short(name: str) -> str:
    return _({"money words": N_("money"), "odd links": N_("links"), "known sender": N_("known")}[name])


def edge_names(hidden: int) -> list[str]:
    """Every edge in order: input i → hidden j, then hidden j → output o."""
    first = [f"{short(SPAM_FEATURES[i])}→h{j + 1}" for i in range(3) for j in range(hidden)]
    second = [f"h{j + 1}→{_(OUTPUT_NAMES[o])}" for j in range(hidden) for o in range(2)]
    return first + second


class NetworkDiagram(Widget):
    """Columns of neurons joined by braille edges, drawn with the line API."""

    DEFAULT_CSS = """
    NetworkDiagram { height: 9; width: 1fr; }
    NetworkDiagram > .net--positive { color: $success; }
    NetworkDiagram > .net--negative { color: $error; }
    NetworkDiagram > .net--selected { color: $warning; text-style: bold; }
    NetworkDiagram > .net--node { background: $panel; }
    NetworkDiagram > .net--hot { background: $accent; color: $text; text-style: bold; }
    """
    COMPONENT_CLASSES = {"net--positive", "net--negative", "net--selected", "net--node", "net--hot"}
    LABEL = 6  # input names, left of the input neurons

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[list[Segment]] = []

    def style(self, name: str) -> Style:
        return self.get_component_rich_style(f"net--{name}", partial=True)

    def draw(self, layers: list[np.ndarray | None], weights: list[np.ndarray], strengths: list[np.ndarray],
             selected: int, outputs_label: list[str]) -> None:
        """layers: the values shown in each column (None: not computed yet); weights[k]: the matrix
        from column k to k + 1 (sign gives the colour); strengths[k]: 0–1 brightness per edge."""
        width = max(self.size.width, 40)
        sizes = [len(w) for w in weights] + [weights[-1].shape[1]]
        height = max(2 * max(sizes) - 1, 5)
        if height > self.size.height:
            height = max(sizes)
        label_w = max(len(s) for s in outputs_label) + 1
        x_cols = [self.LABEL]
        gap = (width - self.LABEL - 3 * NODE - label_w) // 2
        x_cols += [x_cols[0] + NODE + gap, x_cols[0] + 2 * (NODE + gap)]
        ys = [[round((i + 0.5) * height / n - 0.5) for i in range(n)] for n in sizes]

        grid = [[" "] * width for _row in range(height)]
        styles: list[list[Style]] = [[Style()] * width for _row in range(height)]  # never None: NO_COLOR filters need a Style
        best = [[-1.0] * width for _row in range(height)]
        dots = [[0] * width for _row in range(height)]
        index = 0
        for k, w in enumerate(weights):
            x0, x1 = x_cols[k] + NODE, x_cols[k + 1] - 1
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    strength = float(strengths[k][i, j])
                    style = self.style("selected") if index == selected else self.edge_style(w[i, j], strength)
                    rank = 2.0 if index == selected else strength
                    dashed = w[i, j] < 0  # negative edges are dashed: the sign shows without colour too
                    self.line(dots, styles, best, (x0, ys[k][i]), (x1, ys[k + 1][j]), style, rank, dashed)
                    index += 1
        for y in range(height):
            for x in range(width):
                if dots[y][x]:
                    grid[y][x] = chr(0x2800 + dots[y][x])
        rows = []
        for y in range(height):
            segs = [Segment(grid[y][x], styles[y][x]) for x in range(width)]
            rows.append(segs)
        for k, (col, values) in enumerate(zip(x_cols, layers)):
            for i, y in enumerate(ys[k]):
                value = None if values is None else float(values[i])
                text = "·" if value is None else format_number(value, 2)
                node = f"{text:^{NODE}}" if value is None else f"{text:>{NODE}}"
                hot = value is not None and abs(value) >= 0.5
                self.put(rows[y], col, node, self.style("hot") if hot else self.style("node"))
                if k == 0:
                    self.put(rows[y], 0, fit(short(SPAM_FEATURES[i]), self.LABEL - 1), Style(bold=True))
                if k == len(sizes) - 1:
                    self.put(rows[y], col + NODE + 1, outputs_label[i], Style(bold=True))
        self.rows = rows
        self.refresh()

    def edge_style(self, weight: float, strength: float) -> Style:
        base = self.style("positive" if weight >= 0 else "negative")
        return base + Style(dim=strength < 0.33, bold=strength > 0.66)

    @staticmethod
    def put(row: list[Segment], x: int, text: str, style: Style) -> None:
        """Write `text` into a row of one-cell segments from cell x; a wide character takes its
        cell and leaves the next one empty, so the row keeps its width."""
        for ch in text:
            width = cell_len(ch)
            if 0 <= x and x + width <= len(row):
                row[x] = Segment(ch, style)
                for k in range(1, width):
                    row[x + k] = Segment("", style)
            x += width

    @staticmethod
    def line(dots, styles, best, a, b, style, rank, dashed: bool = False) -> None:
        """Rasterise a line between two cells in braille dots (2×4 per cell), dashed if asked;
        a cell takes the style of the strongest edge through it."""
        (xa, ya), (xb, yb) = a, b
        pa, pb = (2 * xa, 4 * ya + 1), (2 * xb + 1, 4 * yb + 1)
        n = max(abs(pb[0] - pa[0]), abs(pb[1] - pa[1]), 1)
        for t in range(n + 1):
            if dashed and t % 4 >= 2:
                continue
            px = round(pa[0] + (pb[0] - pa[0]) * t / n)
            py = round(pa[1] + (pb[1] - pa[1]) * t / n)
            cx, cy = px // 2, py // 4
            if 0 <= cy < len(dots) and 0 <= cx < len(dots[0]):
                dots[cy][cx] |= BRAILLE[(px % 2, py % 4)]
                if rank >= best[cy][cx]:
                    best[cy][cx], styles[cy][cx] = rank, style

    def render_line(self, y: int) -> Strip:
        if y >= len(self.rows):
            return Strip.blank(self.size.width, Style())
        return Strip(self.rows[y]).adjust_cell_length(self.size.width, Style())


class NetworkModel(TrainingModel):
    """The 3-h-2 network, its trainer and loss history (one point per step). `phase` is the pass
    walk: None at rest, else the index into PHASES (its fraction is the time spent there)."""

    STEPS_PER_SECOND, FINISH = STEPS_PER_SECOND, FINISH_STEPS

    SCENE_ID = "network"
    PARAMS = (
        Param("x1", N_("money words"), 0.9, 0, 1, 0.1),
        Param("x2", N_("odd links"), 0.8, 0, 1, 0.1),
        Param("x3", N_("known sender"), 0.0, 0, 1, 0.1),
        Param("activation", N_("activation"), "tanh", choices=("tanh", "sigmoid", "relu", "gelu")),
        Param("lr", N_("learning rate"), 1.0, 0.01, 100, 0.1, log=True),
        Param("hidden", N_("hidden size"), 4, 2, 8, 1, decimals=0),
        Param("edge", N_("edge"), 1, 1, 40, 1, decimals=0, help=N_("the edge whose numbers are shown")),
        Param("neuron", N_("hidden neuron"), 1, 1, 8, 1, decimals=0, help=N_("the one the map shows")),
        Param("mode", N_("play"), "train", choices=("train", "pass")),
        Param("view", N_("view"), "net", choices=("net", "loss", "map")),
    )

    def setup(self) -> None:
        self.carry = 0.0
        self.rebuild()

    def rebuild(self) -> None:
        """A fresh, seeded network of the chosen size and activation."""
        X, y = spam_emails()
        model = mlp([3, int(self.values["hidden"]), 2], str(self.values["activation"]), self.store.rng(self.SCENE_ID))
        self.trainer = Trainer(model, softmax_cross_entropy, X, y, SGD(float(self.values["lr"])))
        self.history = [self.trainer.loss()]
        self.phase: float | None = None

    def changed(self, name: str, value) -> None:
        if name in ("hidden", "activation"):
            self.rebuild()
        elif name == "lr":
            self.trainer.optimizer.lr = float(value)
        h = int(self.values["hidden"])
        self.values["edge"] = min(int(self.values["edge"]), 5 * h)
        self.values["neuron"] = min(int(self.values["neuron"]), h)

    def recover(self) -> None:
        """After a divergence, a fresh network (r)."""
        if self.trainer.diverged:
            self.rebuild()
            self.notify(ANIMATION)

    # ---- numbers from the engine ---------------------------------------------------------------
    @property
    def x(self) -> np.ndarray:
        return np.array([[self.values["x1"], self.values["x2"], self.values["x3"]]], dtype=float)

    def weights(self) -> dict[str, np.ndarray]:
        return self.trainer.model.parameters()

    def gradients(self) -> dict[str, np.ndarray]:
        """∂L/∂w of the training loss at the current weights (no step)."""
        return self.trainer.gradients()

    def right(self) -> int:
        """How many training emails the network classifies correctly."""
        t = self.trainer
        return round(accuracy(t.model, t.X, t.Y) * len(t.Y))

    # ---- playing: train continuously, or walk one pass phase by phase ------------------------
    def train_step(self) -> bool:
        result = self.trainer.step()
        if result.diverged:
            return False
        self.history.append(self.trainer.loss())
        return True

    def advance(self, dt: float) -> bool:
        if self.values["mode"] == "pass":
            before = -1 if self.phase is None else int(self.phase)
            self.phase = (self.phase or 0.0) + dt / PASS_SECONDS
            if int(self.phase) != before:
                self.enter_phase()
            return not self.trainer.diverged
        return super().advance(dt)

    def enter_phase(self) -> None:
        """At the last phase the step is taken, then the pass starts again."""
        if int(self.phase) >= len(PHASES) - 1:
            self.train_step()
            self.phase = 0.0
        self.notify(ANIMATION)

    def step(self) -> None:
        if self.values["mode"] == "pass":
            self.phase = 0.0 if self.phase is None else float(int(self.phase) + 1)
            self.enter_phase()
        else:
            super().step()

    @property
    def steps(self) -> int:
        return self.trainer.steps

    def fresh(self) -> None:
        self.rebuild()

    def finish(self) -> None:
        self.phase = None
        super().finish()

    def restart(self) -> None:
        self.phase = None
        self.notify(ANIMATION)

    def settle(self) -> None:
        """Stepping to a beat keeps the trained network; only a pass in progress is dropped."""
        self.phase = None


class NetworkScreen(SceneScreen):
    SCENE_ID = "network"
    DEFAULT_CSS = """
    NetworkScreen #about { height: auto; }
    NetworkScreen #maps { height: auto; }
    NetworkScreen #maps Vertical { width: auto; height: auto; margin: 0 2 0 0; }
    """

    def compose_view(self) -> ComposeResult:
        yield NetworkDiagram()
        yield MarkedChart(Chart((0, 10), (0, 1)), {}, id="history")
        with Horizontal(id="maps"):
            with Vertical():
                yield Static(id="map-title")
                yield HalfBlockGrid(id="hidden-map")
            with Vertical():
                yield Static(_("P(spam) — boundary ·"), id="p-title")
                yield HalfBlockGrid(id="output-map")
        yield Static(id="about")

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        net: NetworkModel = self.model
        training = self.playing and names == {ANIMATION} and net.values["mode"] == "train"
        if training and not net.trainer.diverged and not self.due("draw", 0.4):
            return  # trained on between two redraws: the picture follows a few times a second
        super().show_change(scene_id, names)

    def action_reset_param(self) -> None:
        """r: the parameter back to its default; after a divergence, a fresh network too."""
        super().action_reset_param()
        self.model.recover()

    # ---- drawing ----------------------------------------------------------------------------------
    def update_view(self) -> None:
        net: NetworkModel = self.model
        view = net.values["view"]
        self.query_one(NetworkDiagram).display = view == "net"
        self.query_one("#history").display = view == "loss"
        self.query_one("#maps").display = view == "map"
        trace = net.trainer.model.trace(net.x)
        probs = softmax(trace[-1])[0]
        if view == "net":
            self.draw_net(trace, probs)
        elif view == "loss":
            self.draw_history()
        else:
            self.draw_maps()
        self.draw_about(probs)

    def draw_net(self, trace, probs) -> None:
        net: NetworkModel = self.model
        p = net.weights()
        W1, W2 = p["0.W"], p["2.W"]
        phase = -1 if net.phase is None else int(net.phase)
        shown = 3 if net.phase is None else min(3, phase + 1)
        layers = [trace[0][0], trace[2][0] if shown > 1 else None, probs if shown > 2 else None]
        backward = phase in (3, 4)
        if backward:
            g = net.gradients()
            scale = max(np.abs(g["0.W"]).max(), np.abs(g["2.W"]).max(), 1e-12)
            strengths = [np.abs(g["0.W"]) / scale if phase == 4 else np.zeros_like(W1), np.abs(g["2.W"]) / scale]
        else:
            scale = max(np.abs(W1).max(), np.abs(W2).max(), 1e-12)
            strengths = [np.abs(W1) / scale, np.abs(W2) / scale]
        labels = [_(name) for name in OUTPUT_NAMES]  # the output neurons show the probabilities
        self.query_one(NetworkDiagram).draw(layers, [W1, W2], strengths, int(net.values["edge"]) - 1, labels)

    def draw_history(self) -> None:
        history = self.model.history

        def draw(fig) -> None:
            fig.plot(list(range(len(history))), history, label=_("training loss"))
            fig.xlabel(_("step"))

        self.query_one("#history", MarkedChart).chart.plot(
            ("history", len(history)), draw, xlim=(0, max(10, len(history) - 1)), ylim=(0, max(history) * 1.1 or 1))

    def draw_maps(self) -> None:
        """What hidden neuron k responds to, and the output's decision, over money × links."""
        v = self.model.values
        view = self.query_one("#view").size
        side = max(6, min((view.width - 4) // 2, 2 * (view.height - 6)))
        grid = np.linspace(0, 1, side)
        xs, ys = np.meshgrid(grid, grid[::-1])  # money → right, links ↑ up
        inputs = np.stack([xs.ravel(), ys.ravel(), np.full(xs.size, float(v["x3"]))], axis=1)
        trace = self.model.trainer.model.trace(inputs)
        k = int(v["neuron"]) - 1
        hidden = trace[2][:, k].reshape(side, side)
        spam = softmax(trace[-1])[:, 1].reshape(side, side)
        theme = self.app.theme_variables
        low, high = Color.parse(theme["panel"]), Color.parse(theme["accent"])
        hmap, omap = self.query_one("#hidden-map", HalfBlockGrid), self.query_one("#output-map", HalfBlockGrid)
        hmap.show(heat_colours(hidden, low, high), heat_levels(hidden))
        omap.show(heat_colours(spam, Color.parse(theme["success"]), Color.parse(theme["error"]), bands=2),
                  heat_levels(spam, bands=2))
        omap.clear_marks()
        above = spam >= 0.5
        for r, c in zip(*np.nonzero(above[:, 1:] != above[:, :-1])):
            omap.add_mark((int(r), int(c)))
        for grid_widget in (hmap, omap):
            row = round((1 - float(v["x2"])) * (side - 1))
            grid_widget.move_cursor((row, round(float(v["x1"]) * (side - 1))))
        self.query_one("#map-title", Static).update(_("hidden h{k} ({activation})").format(k=k + 1, activation=v["activation"]))

    def draw_about(self, probs) -> None:
        net: NetworkModel = self.model
        h = int(net.values["hidden"])
        n = net.trainer.model.n_params
        e = int(net.values["edge"]) - 1
        names = edge_names(h)
        p, g = net.weights(), net.gradients()
        key, index = ("0.W", divmod(e, h)) if e < 3 * h else ("2.W", divmod(e - 3 * h, 2))
        weight, grad = float(p[key][index]), float(g[key][index])
        verdict = int(np.argmax(probs))
        text = Text.assemble(
            _("this email: "), (f" {_(OUTPUT_NAMES[verdict])} ", "bold reverse"),
            " " + _("({p} sure)").format(p=f"{probs[verdict]:.0%}") + "\n",
            _("parameters: ") + f"3·{h} + {h} + {h}·2 + 2 = ", (str(n), "bold"), "\n",
            _("edge {name}").format(name=names[e]) + f": w = {format_number(weight)}, ∂L/∂w = {format_fine(grad)}\n",
        )
        if net.trainer.diverged:
            text.append(" " + _("DIVERGED") + " ", "bold reverse")
            text.append(" " + _("η = {lr} is too large: press r for a fresh network").format(lr=format_number(float(net.values["lr"]))))
        else:
            phase = "" if net.phase is None else f" · {_(PHASES[int(net.phase)])}"
            text.append(_("step {n} · loss {loss} · right {right}/16").format(
                n=net.trainer.steps, loss=format_fine(net.history[-1]), right=net.right()) + phase)
        if net.values["view"] == "map":
            text.append("\n" + _("maps: money words →, odd links ↑, known sender as set"), "italic")
        self.query_one("#about", Static).update(text)


MODEL, SCREEN = NetworkModel, NetworkScreen
