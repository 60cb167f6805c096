"""Scene `network`: a 3-4-2 network deciding "spam or not", forward and backward, learning live.

Three inputs (money words, odd links, known sender) → a hidden layer → two outputs through softmax.
The emails follow an XOR-like rule (engine.datasets.spam_emails), so the 3-4-2 network gets them
all right while the same inputs wired straight to the outputs (3-2, one line per output) cannot:
`n` switches the hidden layer off and on, and both networks train side by side, step for step,
so both accuracies (training and held-out) are always shown.

Edges are drawn in braille lines, green for positive weights and red (dashed) for negative,
brighter the larger; neurons show their values. The forward mode walks one forward pass layer
by layer; the backward mode computes ∂L/∂w edge by edge, output layer first, then takes one SGD
step; the train mode runs steps continuously. The maps show every hidden unit's response and the
decision over money × links, with the training emails drawn on them.
Parameters: 3·h + h·2 weights (one per edge) and h + 2 biases: 20 + 6 = 26 for h = 4.
"""

from __future__ import annotations

from math import ceil

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import N_, _, fit
from nntui.engine import SGD, Trainer, accuracy, mlp, softmax, softmax_cross_entropy
from nntui.engine.datasets import SPAM_FEATURES, spam_emails, spam_held_out
from nntui.params import Param, format_fine, format_number
from nntui.model import ANIMATION, TrainingModel
from nntui.scenes.base import SceneScreen
from nntui.widgets.grid import HalfBlockGrid, heat_colours, heat_levels
from nntui.widgets.plot import Chart, MarkedChart

LAYER_NAMES = {"input": N_("inputs"), "hidden": N_("hidden layer"), "output": N_("outputs")}
PASS_SECONDS = 0.9  # per layer of the forward pass
EDGE_SECONDS = 0.25  # per edge of the backward pass
STEPS_PER_SECOND = 15
FINISH_STEPS = 300  # reduced motion, and `--beat` past the training beat: the network trained this far
MOST_HIDDEN = 8
BRAILLE = {(0, 0): 0x01, (0, 1): 0x02, (0, 2): 0x04, (0, 3): 0x40, (1, 0): 0x08, (1, 1): 0x10, (1, 2): 0x20, (1, 3): 0x80}
NODE = 5  # a neuron's width in cells: " 0.73" on a shaded background
OUTPUT_NAMES = (N_("ok"), N_("spam"))
POINTS = {0: "○", 1: "●"}  # a training email on a map: ok, spam


def short(name: str) -> str:
    return _({"money words": N_("money"), "odd links": N_("links"), "known sender": N_("known")}[name])


def node_names(sizes: list[int]) -> list[list[str]]:
    """Each column's neuron names: the inputs, h1 … hn, the outputs."""
    names = [[short(f) for f in SPAM_FEATURES]]
    names += [[f"h{j + 1}" for j in range(n)] for n in sizes[1:-1]]
    return names + [[_(o) for o in OUTPUT_NAMES]]


def edge_names(sizes: list[int]) -> list[str]:
    """Every edge in order, layer by layer: column k's neuron i → column k + 1's neuron j."""
    names = node_names(sizes)
    return [f"{names[k][i]}→{names[k + 1][j]}" for k in range(len(sizes) - 1)
            for i in range(sizes[k]) for j in range(sizes[k + 1])]


def edge_at(sizes: list[int], e: int) -> tuple[int, int, int]:
    """Edge number e (in edge_names' order) as (layer k, row i, column j) of weight matrix k."""
    for k in range(len(sizes) - 1):
        n = sizes[k] * sizes[k + 1]
        if e < n:
            i, j = divmod(e, sizes[k + 1])
            return k, i, j
        e -= n
    raise IndexError(e)


def backward_order(sizes: list[int]) -> list[int]:
    """The edges in the order backpropagation computes their gradients: the output layer's
    first, then the layer before it."""
    starts = np.cumsum([0] + [a * b for a, b in zip(sizes, sizes[1:])])
    return [e for k in reversed(range(len(sizes) - 1)) for e in range(starts[k], starts[k + 1])]


class NetworkDiagram(Widget):
    """Columns of neurons joined by braille edges, drawn with the line API. `draw` keeps what to
    show; the rows are laid out for the widget's size when they are rendered, so a drawing made
    while the widget was hidden (no size yet) or before a resize comes out right."""

    DEFAULT_CSS = """
    NetworkDiagram { height: 1fr; min-height: 8; width: 1fr; }
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
        self.data: tuple | None = None
        self.rows: list[list[Segment]] = []
        self.laid_out: tuple | None = None  # (the data, the size) the rows were made for

    def style(self, name: str) -> Style:
        return self.get_component_rich_style(f"net--{name}", partial=True)

    def draw(self, layers: list[np.ndarray | None], weights: list[np.ndarray], strengths: list[np.ndarray],
             selected: int, outputs_label: list[str]) -> None:
        """layers: the values shown in each column (None: not computed yet); weights[k]: the matrix
        from column k to k + 1 (sign gives the colour); strengths[k]: 0–1 brightness per edge, or
        negative for an edge not drawn (a gradient not computed yet)."""
        self.data = (layers, weights, strengths, selected, outputs_label)
        self.laid_out = None
        self.refresh()

    def lay_out(self) -> list[list[Segment]]:
        layers, weights, strengths, selected, outputs_label = self.data
        width, height = max(self.size.width, 30), self.size.height
        sizes = [len(w) for w in weights] + [weights[-1].shape[1]]
        height = max(height, max(sizes))
        label_w = max(cell_len(s) for s in outputs_label) + 1
        columns = len(sizes)
        gap = (width - self.LABEL - columns * NODE - label_w) // (columns - 1)
        x_cols = [self.LABEL + k * (NODE + gap) for k in range(columns)]
        ys = [[round((i + 0.5) * height / n - 0.5) for i in range(n)] for n in sizes]

        styles: list[list[Style]] = [[Style()] * width for _row in range(height)]  # never None: NO_COLOR filters need a Style
        best = [[-1.0] * width for _row in range(height)]
        dots = [[0] * width for _row in range(height)]
        index = 0
        for k, w in enumerate(weights):
            x0, x1 = x_cols[k] + NODE, x_cols[k + 1] - 1
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    strength = float(strengths[k][i, j])
                    if strength >= 0 or index == selected:
                        style = self.style("selected") if index == selected else self.edge_style(w[i, j], strength)
                        rank = 2.0 if index == selected else strength
                        dashed = w[i, j] < 0  # negative edges are dashed: the sign shows without colour too
                        self.line(dots, styles, best, (x0, ys[k][i]), (x1, ys[k + 1][j]), style, rank, dashed)
                    index += 1
        rows = [[Segment(chr(0x2800 + dots[y][x]) if dots[y][x] else " ", styles[y][x]) for x in range(width)]
                for y in range(height)]
        for k, (col, values) in enumerate(zip(x_cols, layers)):
            for i, y in enumerate(ys[k]):
                value = None if values is None else float(values[i])
                text = "·" if value is None else format_number(value, 2)
                node = f"{text:^{NODE}}" if value is None else f"{text:>{NODE}}"
                hot = value is not None and abs(value) >= 0.5
                self.put(rows[y], col, node, self.style("hot") if hot else self.style("node"))
                if k == 0:
                    self.put(rows[y], 0, fit(short(SPAM_FEATURES[i]), self.LABEL - 1), Style(bold=True))
                if k == columns - 1:
                    self.put(rows[y], col + NODE + 1, outputs_label[i], Style(bold=True))
        return rows

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
        if self.data is not None and self.laid_out != (id(self.data), self.size):
            self.rows, self.laid_out = self.lay_out(), (id(self.data), self.size)
        if y >= len(self.rows):
            return Strip.blank(self.size.width, Style())
        return Strip(self.rows[y]).adjust_cell_length(self.size.width, Style())


class NetworkModel(TrainingModel):
    """Two networks on the same emails, trained side by side: "on", 3-h-2 with the hidden layer,
    and "off", 3-2 without it; `layer` chooses the one shown. Each keeps its training and
    held-out loss, one point per step. `phase` walks a pass: None at rest, else in forward mode
    the column being computed, in backward mode the edge (in backward_order) whose gradient is
    being computed, and one more for the step."""

    STEPS_PER_SECOND, FINISH = STEPS_PER_SECOND, FINISH_STEPS

    SCENE_ID = "network"
    PARAMS = (
        Param("x1", N_("money words"), 0.9, 0, 1, 0.1),
        Param("x2", N_("odd links"), 0.2, 0, 1, 0.1),
        Param("x3", N_("known sender"), 0.0, 0, 1, 0.1),
        Param("layer", N_("hidden layer"), "on", choices=("on", "off"),
              help=N_("off: the inputs wired straight to the outputs (3-2); key n")),
        Param("activation", N_("activation"), "tanh", choices=("tanh", "sigmoid", "relu", "gelu")),
        Param("lr", N_("learning rate"), 1.0, 0.01, 100, 0.1, log=True),
        Param("hidden", N_("hidden size"), 4, 2, MOST_HIDDEN, 1, decimals=0),
        Param("edge", N_("edge"), 1, 1, 5 * MOST_HIDDEN, 1, decimals=0, help=N_("the edge whose numbers are shown")),
        Param("mode", N_("play"), "train", choices=("train", "forward", "backward")),
        Param("view", N_("view"), "net", choices=("net", "loss", "map")),
    )

    def setup(self) -> None:
        self.carry = 0.0
        self.built: tuple | None = None
        self.rebuild()

    def rebuild(self) -> None:
        """Fresh, seeded networks of the chosen size and activation, with and without the hidden layer."""
        X, y = spam_emails()
        self.held_out = spam_held_out()
        h, activation = int(self.values["hidden"]), str(self.values["activation"])
        rng = self.store.rng(self.SCENE_ID)
        self.nets = {
            "on": Trainer(mlp([3, h, 2], activation, rng), softmax_cross_entropy, X, y, SGD(float(self.values["lr"]))),
            "off": Trainer(mlp([3, 2], activation, self.store.rng(self.SCENE_ID, 1)), softmax_cross_entropy, X, y,
                           SGD(float(self.values["lr"]))),
        }
        self.history = {name: ([t.loss()], [t.loss(*self.held_out)]) for name, t in self.nets.items()}
        self.built = (h, activation)
        self.phase: float | None = None

    def changed(self, name: str, value) -> None:
        if name in ("hidden", "activation") and self.built != (int(self.values["hidden"]), str(self.values["activation"])):
            self.rebuild()
        elif name == "lr":
            for t in self.nets.values():
                t.optimizer.lr = float(value)
        elif name in ("mode", "layer"):
            self.phase = None
        self.values["edge"] = min(int(self.values["edge"]), len(edge_names(self.sizes)))

    def recover(self) -> None:
        """After a divergence, fresh networks (r)."""
        if self.trainer.diverged:
            self.rebuild()
            self.notify(ANIMATION)

    # ---- numbers from the engine ---------------------------------------------------------------
    @property
    def trainer(self) -> Trainer:
        """The network shown: with the hidden layer or without."""
        return self.nets[str(self.values["layer"])]

    @property
    def sizes(self) -> list[int]:
        return [3, int(self.values["hidden"]), 2] if self.values["layer"] == "on" else [3, 2]

    @property
    def x(self) -> np.ndarray:
        return np.array([[self.values["x1"], self.values["x2"], self.values["x3"]]], dtype=float)

    def matrices(self) -> list[np.ndarray]:
        """The weight matrices, input side first."""
        p = self.trainer.model.parameters()
        return [p[k] for k in p if k.endswith(".W")]

    def gradients(self) -> list[np.ndarray]:
        """∂L/∂W of the training loss at the current weights (no step), input side first."""
        g = self.trainer.gradients()
        return [g[k] for k in g if k.endswith(".W")]

    def right(self, name: str, held_out: bool = False) -> tuple[int, int]:
        """(right, out of) for network `name` on the training emails or the held-out ones."""
        t = self.nets[name]
        X, y = self.held_out if held_out else (t.X, t.Y)
        return round(accuracy(t.model, X, y) * len(y)), len(y)

    # ---- playing: train continuously, or walk one pass step by step --------------------------
    def train_step(self) -> bool:
        for name, t in self.nets.items():
            if not t.step().diverged:
                train, held = self.history[name]
                train.append(t.loss())
                held.append(t.loss(*self.held_out))
        return not self.trainer.diverged

    def phases(self) -> int:
        """How many phases a pass has: a column each (forward), or an edge each and the step."""
        if self.values["mode"] == "forward":
            return len(self.sizes)
        return len(edge_names(self.sizes)) + 1

    def advance(self, dt: float) -> bool:
        if self.values["mode"] == "train":
            return super().advance(dt)
        seconds = PASS_SECONDS if self.values["mode"] == "forward" else EDGE_SECONDS
        before = -1 if self.phase is None else int(self.phase)
        self.phase = min((self.phase or 0.0) + dt / seconds, before + 1.0)  # a slow frame skips no phase (nor the step)
        if int(self.phase) != before:
            self.enter_phase()
        return not self.trainer.diverged

    def enter_phase(self) -> None:
        """Past the last phase the pass starts again; in backward mode the last phase is the step."""
        if int(self.phase) >= self.phases():
            self.phase = 0.0
        if self.values["mode"] == "backward" and int(self.phase) == self.phases() - 1:
            self.train_step()
        self.notify(ANIMATION)

    def step(self) -> None:
        if self.values["mode"] == "train":
            super().step()
        else:
            self.phase = 0.0 if self.phase is None else float(int(self.phase) + 1)
            self.enter_phase()

    @property
    def steps(self) -> int:
        return self.trainer.steps

    def fresh(self) -> None:
        self.rebuild()

    def finish(self) -> None:
        """The end state: trained FINISH steps (train mode), or the whole pass shown."""
        self.phase = None
        if self.values["mode"] == "train":
            super().finish()
        else:
            self.notify(ANIMATION)

    def replay(self) -> None:
        """Jumping past a training beat: the training it did."""
        if self.values["mode"] == "train":
            self.finish()

    def restart(self) -> None:
        self.phase = None
        self.notify(ANIMATION)

    def settle(self) -> None:
        """Stepping to a beat keeps the trained network; only a pass in progress is dropped."""
        self.phase = None


class NetworkScreen(SceneScreen):
    SCENE_ID = "network"
    BINDINGS = [Binding("n", "toggle_layer", "Hidden layer", tooltip="Switch the hidden layer off and on (3-4-2 / 3-2)")]
    DEFAULT_CSS = """
    NetworkScreen #about { height: auto; }
    NetworkScreen #maps { height: 1fr; layout: grid; grid-size: 5; grid-columns: auto; grid-rows: auto; grid-gutter: 0 1; }
    NetworkScreen .tile { width: auto; height: auto; }
    """

    def compose_view(self) -> ComposeResult:
        yield NetworkDiagram()
        yield MarkedChart(Chart((0, 10), (0, 1)), {}, id="history")
        with Vertical(id="maps"):
            for k in range(MOST_HIDDEN + 1):
                with Vertical(classes="tile", id=f"tile-{k}"):
                    yield Static(classes="map-title")
                    yield HalfBlockGrid()
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

    def action_toggle_layer(self) -> None:
        """n: the hidden layer off (3-2) or on (3-4-2)."""
        self.set_param("layer", "off" if self.values["layer"] == "on" else "on")

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

    def backward_edges(self) -> list[int] | None:
        """The edges whose gradient the backward pass has computed so far (None: not walking it)."""
        net: NetworkModel = self.model
        if net.values["mode"] != "backward" or net.phase is None:
            return None
        return backward_order(net.sizes)[: int(net.phase) + 1]

    def draw_net(self, trace, probs) -> None:
        net: NetworkModel = self.model
        weights = net.matrices()
        columns = len(weights) + 1
        values = [trace[2 * k][0] for k in range(columns - 1)] + [probs]  # inputs, each activation, softmax
        if net.values["mode"] == "forward" and net.phase is not None:
            values = [v if k <= int(net.phase) else None for k, v in enumerate(values)]
        done = self.backward_edges()
        if net.values["mode"] == "backward":
            g = net.gradients()
            scale = max(max(np.abs(m).max() for m in g), 1e-12)
            strengths = [np.abs(m) / scale for m in g]
            if done is not None:  # not computed yet: not drawn
                flat = np.concatenate([s.ravel() for s in strengths])
                hidden = np.ones(flat.size, dtype=bool)
                hidden[done] = False
                flat[hidden] = -1.0
                strengths = np.split(flat, np.cumsum([s.size for s in strengths])[:-1])
                strengths = [s.reshape(m.shape) for s, m in zip(strengths, weights)]
        else:
            scale = max(max(np.abs(m).max() for m in weights), 1e-12)
            strengths = [np.abs(m) / scale for m in weights]
        selected = done[-1] if done else int(net.values["edge"]) - 1
        self.query_one(NetworkDiagram).draw(values, weights, strengths, selected, [_(n) for n in OUTPUT_NAMES])

    def draw_history(self) -> None:
        train, held = self.model.history[str(self.values["layer"])]

        def draw(fig) -> None:
            fig.plot(list(range(len(train))), train, label=_("training loss"))
            fig.plot(list(range(len(held))), held, label=_("held-out loss"))
            fig.xlabel(_("step"))

        top = max(max(train), max(held)) * 1.1 or 1
        self.query_one("#history", MarkedChart).chart.plot(
            ("history", self.values["layer"], len(train)), draw, xlim=(0, max(10, len(train) - 1)), ylim=(0, top))

    def map_size(self, count: int) -> tuple[int, int, int]:
        """(pixels wide, pixels tall, maps a row) for `count` maps in the view above the text:
        one row or two, whichever gives the larger maps; at most half again as tall as wide."""
        view = self.query_one("#view").size
        about = self.query_one("#about").size.height or 7
        width, height = view.width - 2, max(view.height - about, 5)
        options = []
        for rows in (1, 2):
            cols = ceil(count / rows)
            wide = max(min(width // cols - 1, 48), 3)
            tall = max(min(2 * (height // rows - 1), wide * 3 // 2), 4)
            options.append((wide * tall, wide, tall, cols))
        _area, wide, tall, cols = max(options)
        return wide, tall, cols

    def draw_maps(self) -> None:
        """Every hidden unit's response and the output's decision over money × links (known
        sender as set), with the training emails of that kind of sender drawn on them."""
        net: NetworkModel = self.model
        v = net.values
        hidden = net.sizes[1] if len(net.sizes) == 3 else 0
        wide, tall, cols = self.map_size(hidden + 1)
        self.query_one("#maps").styles.grid_size_columns = cols
        xs, ys = np.meshgrid(np.linspace(0, 1, wide), np.linspace(1, 0, tall))  # money → right, links ↑ up
        inputs = np.stack([xs.ravel(), ys.ravel(), np.full(xs.size, float(v["x3"]))], axis=1)
        trace = net.trainer.model.trace(inputs)
        spam = softmax(trace[-1])[:, 1].reshape(tall, wide)
        theme = self.app.theme_variables
        low, high = Color.parse(theme["panel"]), Color.parse(theme["accent"])
        X, y = spam_emails()
        near = np.abs(X[:, 2] - float(v["x3"])) <= 0.5  # the emails from this kind of sender
        points = {}
        for (money, links, _known), label in zip(X[near], y[near]):
            points[(round((1 - links) * (tall - 1)) // 2, round(money * (wide - 1)))] = POINTS[int(label)]
        cursor = (round((1 - float(v["x2"])) * (tall - 1)), round(float(v["x1"]) * (wide - 1)))
        for k in range(MOST_HIDDEN + 1):
            tile = self.query_one(f"#tile-{k}")
            tile.display = k < hidden or k == MOST_HIDDEN
            if not tile.display:
                continue
            gmap = tile.query_one(HalfBlockGrid)
            if k < hidden:
                values = trace[2][:, k].reshape(tall, wide)
                gmap.show(heat_colours(values, low, high), heat_levels(values))
                title = f"h{k + 1}"
            else:
                gmap.show(heat_colours(spam, Color.parse(theme["success"]), Color.parse(theme["error"]), bands=2),
                          heat_levels(spam, bands=2))
                gmap.clear_marks()
                above = spam >= 0.5
                for r, c in zip(*np.nonzero(above[:, 1:] != above[:, :-1])):
                    gmap.add_mark((int(r), int(c)))
                title = _("P(spam)")
            gmap.show_points(points)
            gmap.move_cursor(cursor)
            tile.query_one(".map-title", Static).update(fit(title, wide))

    def draw_about(self, probs) -> None:
        net: NetworkModel = self.model
        sizes = net.sizes
        model = net.trainer.model
        verdict = int(np.argmax(probs))
        weights = " + ".join(f"{a}·{b}" for a, b in zip(sizes, sizes[1:]))
        biases = " + ".join(str(n) for n in sizes[1:])
        text = Text.assemble(
            _("this email: "), (f" {_(OUTPUT_NAMES[verdict])} ", "bold reverse"),
            " " + _("({p} sure)").format(p=f"{probs[verdict]:.0%}") + "\n",
            _("weights {terms} = ").format(terms=weights), (str(model.n_weights), "bold"),
            ", " + (_("biases {terms} = ").format(terms=biases) if len(sizes) > 2 else _("biases ")), (str(model.n_biases), "bold"),
            ": ", (str(model.n_params), "bold"), "\n",
            self.pass_line() + "\n",
        )
        if net.trainer.diverged:
            text.append(" " + _("DIVERGED") + " ", "bold reverse")
            text.append(" " + _("η = {lr} is too large: press r for a fresh network").format(lr=format_number(float(net.values["lr"]))))
        else:
            train, held = net.history[str(net.values["layer"])]
            text.append(_("step {n} · loss {loss} · held-out {held}").format(
                n=net.trainer.steps, loss=format_fine(train[-1]), held=format_fine(held[-1])))
        for name, label in (("on", f"3-{int(net.values['hidden'])}-2"), ("off", "3-2")):
            (right, count), (right_h, count_h) = net.right(name), net.right(name, held_out=True)
            line = _("{net}: right {right}/{count} · held out {held}/{held_count}").format(
                net=label, right=right, count=count, held=right_h, held_count=count_h)
            text.append("\n" + line, "bold" if name == net.values["layer"] else "")
        if net.values["view"] == "map":
            text.append("\n" + _("maps: money →, links ↑, known sender as set"), "italic")
            text.append("\n" + _("● spam ○ ok (training emails) · boundary ·"), "italic")
        self.query_one("#about", Static).update(text)

    def pass_line(self) -> str:
        """What the pass is computing now, or the selected edge's numbers."""
        net: NetworkModel = self.model
        sizes = net.sizes
        names = edge_names(sizes)
        if net.values["mode"] == "forward" and net.phase is not None:
            k = int(net.phase)
            act = str(net.values["activation"])
            what = "input" if k == 0 else ("output" if k == len(sizes) - 1 else "hidden")
            formula = {"input": "x = [{x}]".format(x=", ".join(format_number(float(a)) for a in net.x[0])),
                       "hidden": f"h = {act}(x·W1 + b1)",
                       "output": "p = softmax({a}·W{k} + b{k})".format(a="h" if len(sizes) == 3 else "x", k=k)}[what]
            return _("forward: {layer}").format(layer=_(LAYER_NAMES[what])) + f" · {formula}"
        done = self.backward_edges()
        if done is not None and int(net.phase) >= len(names):
            return _("step: every w ← w − η·∂L/∂w")
        if done is not None:
            k, i, j = edge_at(sizes, done[-1])
            layer = _("output layer") if k == len(sizes) - 2 else _("hidden layer")
            grad = float(net.gradients()[k][i, j])
            return _("backward: {layer} · {n}/{count} · ∂L/∂w {name} = {grad}").format(
                layer=layer, n=len(done), count=len(names), name=names[done[-1]], grad=format_fine(grad))
        e = int(net.values["edge"]) - 1
        k, i, j = edge_at(sizes, e)
        weight, grad = float(net.matrices()[k][i, j]), float(net.gradients()[k][i, j])
        return _("edge {name}").format(name=names[e]) + f": w = {format_number(weight)}, ∂L/∂w = {format_fine(grad)}"


MODEL, SCREEN = NetworkModel, NetworkScreen
