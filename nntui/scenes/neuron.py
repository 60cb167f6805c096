"""Scene `neuron`: a weighted vote, z = w·x + b, then an activation decides.

The diagram: each input on its own row, an edge to the summing junction labelled with the weight
and what the input contributes (×w = w·x), the bias as a fourth edge, then Σ, the activation and
the decision. An edge's colour is the sign of its contribution w·x (green for, red against, none
for 0: what the input adds to z, not the sign of w alone), its thickness the size of |w| in
classes (THICKNESS); the legend under it says so. The diagram grows with the view: the rows
spread out, the edges lengthen. While playing, a pulse runs along every edge into Σ, Σ lights,
then the output lights.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from nntui.i18n import _, pad
from nntui.engine import get_activation
from nntui.model import ANIMATION
from nntui.params import format_number
from nntui.scenes.base import SceneScreen
from nntui.story import ACTIVATION_NAMES, NeuronModel

THICKNESS = ((1.5, "─"), (3.0, "━"), (5.0, "═"), (float("inf"), "█"))  # |w| below the bound → the edge's character
ZERO_EDGE = "·"  # w = 0: nothing flows
EDGE_CHARS = "".join(c for _bound, c in THICKNESS) + ZERO_EDGE
MOST_EDGE = 48  # cells: longer edges say nothing more
MOST_GAP = 6  # rows between two inputs, however tall the view


def signed(t: float, first: bool) -> str:
    """A term in a sum: '−1' first, then ' + 5' or ' − 1'."""
    if first:
        return format_number(t)
    return f" − {format_number(-t)}" if t < 0 else f" + {format_number(t)}"


def char_index(plain: str, col: int) -> int:
    """The index of the character at cell `col` (a wide character takes two cells)."""
    cells = 0
    for i, c in enumerate(plain):
        if cells >= col:
            return i
        cells += cell_len(c)
    return len(plain)


def paren(x: float) -> str:
    return f"({format_number(x)})"


def edge_char(weight: float) -> str:
    """The edge's character: its thickness class of |w| (THICKNESS), or · for w = 0."""
    if weight == 0:
        return ZERO_EDGE
    return next(c for bound, c in THICKNESS if abs(weight) < bound)


def contribution(t: float) -> str:
    """What an input adds to z, with its sign: '+5', '−2', '0'."""
    shown = format_number(t)
    return f"+{shown}" if t > 0 and shown != "0" else shown


def legend_classes() -> str:
    """'─ <1.5  ━ <3  ═ <5  █ ≥5': the thickness classes of |w|."""
    parts = [f"{c} <{bound:g}" for bound, c in THICKNESS[:-1]]
    return "  ".join(parts + [f"{THICKNESS[-1][1]} ≥{THICKNESS[-2][0]:g}"])


class NeuronDiagram(Widget):
    """Inputs → weighted edges → Σ → activation → output, drawn with the line API."""

    DEFAULT_CSS = """
    NeuronDiagram { height: 1fr; min-height: 7; width: 1fr; }
    NeuronDiagram > .diagram--positive { color: $success; }
    NeuronDiagram > .diagram--negative { color: $error; }
    NeuronDiagram > .diagram--pulse { color: $warning; text-style: bold; }
    NeuronDiagram > .diagram--lit { background: $accent; color: $text; text-style: bold; }
    NeuronDiagram > .diagram--label { text-style: bold; }
    """
    COMPONENT_CLASSES = {"diagram--positive", "diagram--negative", "diagram--pulse", "diagram--lit", "diagram--label"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Text] = [Text() for _row in range(7)]
        self.phase: float | None = None  # None: idle; [0, 1) pulses on edges; [1, 1.5) Σ; [1.5, 2) output
        self.edge_rows = (0, 2, 4, 6)  # x1, x2, x3, bias: spread out as the view grows (draw)
        self.left = 17  # where the edges start: after the names and the values
        self.junction = 30

    @property
    def sum_row(self) -> int:
        return (self.edge_rows[1] + self.edge_rows[2]) // 2

    @property
    def out_row(self) -> int:
        return self.edge_rows[-1]

    def draw(self, names, x, w, b, terms, z: float, a: float, act: str, decision: str) -> None:
        """Rebuild the static picture from the neuron's numbers (then pulses overlay it): as tall
        and as wide as the view allows, the decision never cut. `terms`: the engine's w_i·x_i."""
        width, height = max(self.size.width, 46), max(self.size.height, 7)
        gap = max(2, min(MOST_GAP, (height - 1) // 3))
        self.edge_rows = tuple(i * gap for i in range(4))
        labels = [_(n) for n in names] + [_("bias")]
        values = [format_number(v) for v in (*x, b)]
        name_w, value_w = max(map(cell_len, labels)), max(map(len, values))
        self.left = left = name_w + 2 + value_w + 1
        total = f" Σ z = {format_number(z)} "
        output = f" {format_number(a, 3)} → {decision} "
        right = max(4 + cell_len(total), 2 + cell_len(output))
        self.junction = j = max(left + 8, min(width - right - 1, left + MOST_EDGE))
        rows = [Text() for _row in range(self.out_row + 1)]
        sources = [(w[i], terms[i]) for i in range(3)] + [(b, b)]
        for i, (y, label, value, (weight, term)) in enumerate(zip(self.edge_rows, labels, values, sources)):
            rows[y].append(pad(label, name_w), self.style("label"))
            rows[y].append(f"  {value:>{value_w}} ")
            rows[y].append(self.edge(weight, term, j - left, with_label=i < 3))
        for y, row in enumerate(rows):
            row.pad_right(j - row.cell_len)
            corner = {0: "╮", self.out_row: "╯", self.sum_row: "├"}.get(y)
            row.append(corner or ("┤" if y in self.edge_rows else "│"))
        rows[self.sum_row].append("─▶ ")
        rows[self.sum_row].append(total, self.style("lit") if self.lit("sum") else self.style("label"))
        rows[self.sum_row + 1].append(f"{'':>5}│ {ACTIVATION_NAMES[act]}")
        for y in range(self.sum_row + 2, self.out_row):
            rows[y].append(f"{'':>5}▼" if y == self.out_row - 1 else f"{'':>5}│")
        rows[self.out_row].append("  ")
        rows[self.out_row].append(output, self.style("lit") if self.lit("out") else self.style("label"))
        self.rows = rows
        self.refresh()

    def edge(self, weight: float, term: float, length: int, with_label: bool) -> Text:
        """An edge `length` cells long: thick as |w|'s class, coloured by the sign of the
        contribution w·x, labelled ×w = w·x (or only ×w where that does not fit)."""
        char = edge_char(weight)
        style = self.style("positive") if term > 0 else self.style("negative") if term < 0 else Style()
        label = ""
        if with_label:
            label = f" ×{format_number(weight)} = {contribution(term)} "
            if len(label) > length - 2:
                label = f" ×{format_number(weight)} "
        left = (length - len(label)) // 2
        return Text.assemble((char * left, style), (label, style), (char * (length - left - len(label)), style))

    def style(self, name: str):
        return self.get_component_rich_style(f"diagram--{name}", partial=True)

    def lit(self, part: str) -> bool:
        if self.phase is None:
            return False
        return (1.0 <= self.phase < 1.5) if part == "sum" else self.phase >= 1.5

    def pulse_column(self) -> int | None:
        if self.phase is None or self.phase >= 1.0:
            return None
        return self.left + int(self.phase * (self.junction - self.left))

    def set_phase(self, phase: float | None) -> None:
        """Move the animation; refresh only the cells that change."""
        before = (self.pulse_column(), self.lit("sum"), self.lit("out"))
        self.phase = phase
        after = (self.pulse_column(), self.lit("sum"), self.lit("out"))
        if before == after:
            return
        width = self.size.width
        for col in {before[0], after[0]} - {None}:
            for y in self.edge_rows:
                self.refresh(Region(col, y, 1, 1))
        if before[1:] != after[1:]:
            self.refresh_output(width)

    def refresh_output(self, width: int) -> None:
        """Refresh the Σ row and the output row right of the junction."""
        for y in (self.sum_row, self.out_row):
            self.refresh(Region(self.junction, y, width - self.junction, 1))

    def render_line(self, y: int) -> Strip:
        if y >= len(self.rows):
            return Strip.blank(self.size.width, Style())
        row = self.rows[y]
        col = self.pulse_column()
        i = None if col is None else char_index(row.plain, col)
        if i is not None and y in self.edge_rows and row.plain[i : i + 1] in tuple(EDGE_CHARS):
            row = row[:i] + Text("●", self.style("pulse")) + row[i + 1 :]
        # every segment gets a Style (never None): Textual's NO_COLOR filter needs one
        segments = [Segment(seg.text, seg.style or Style()) for seg in row.render(self.app.console)]
        return Strip(segments, row.cell_len).adjust_cell_length(self.size.width, Style())


class NeuronScreen(SceneScreen):
    SCENE_ID = "neuron"

    DEFAULT_CSS = """
    NeuronScreen #legend { height: auto; color: $text-muted; }
    NeuronScreen #arithmetic { height: auto; margin-top: 1; }
    """

    def compose_view(self) -> ComposeResult:
        yield NeuronDiagram()
        yield Static(id="legend")
        yield Static(id="arithmetic")

    @property
    def diagram(self) -> NeuronDiagram:
        return self.query_one(NeuronDiagram)

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        if names == {ANIMATION}:  # only the pulse moved: it repaints its own few cells
            self.diagram.set_phase(self.model.phase)
        else:
            super().show_change(scene_id, names)

    def update_view(self) -> None:
        neuron: NeuronModel = self.model
        tale, act = neuron.story, str(neuron.values["activation"])
        x, w, b, out = neuron.x, neuron.w, neuron.b, neuron.output()
        decision = _(tale.yes if out.yes else tale.no)
        self.diagram.draw(tale.inputs, x, w, b, out.terms, out.z, out.a, act, decision)
        self.diagram.set_phase(neuron.phase)
        self.draw_legend()
        products = " + ".join(f"{paren(wi)}{paren(xi)}" for wi, xi in zip(w, x))
        terms = "".join(signed(t, i == 0) for i, t in enumerate(out.terms)) + signed(b, False)
        f = ACTIVATION_NAMES[act]
        self.query_one("#arithmetic", Static).update(
            Text.assemble(
                "z = w·x + b\n",
                f"  = {products} {signed(b, False).strip()}\n",
                f"  = {terms} = ", (format_number(out.z), "bold"), "\n",
                f"{f}({format_number(out.z)}) = ", (format_number(out.a, 3), "bold"),
                f"   {get_activation(act).rule(out.yes)} → ", (decision, "bold reverse"),
            )
        )

    def draw_legend(self) -> None:
        """What an edge's colour and thickness say."""
        d = self.diagram
        self.query_one("#legend", Static).update(Text.assemble(
            _("colour = sign of w·x:"), " ", ("━ " + _("for") + " (+)", d.style("positive")), "  ",
            ("━ " + _("against") + " (−)", d.style("negative")), "\n",
            _("thickness |w|: ") + legend_classes(),
        ))


MODEL, SCREEN = NeuronModel, NeuronScreen
