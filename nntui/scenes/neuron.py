"""Scene `neuron`: a weighted vote, z = w·x + b, then an activation decides.

The diagram: each input on its own row, an edge to the summing junction whose style shows the
weight (solid for +, dashed for −, heavy when |w| ≥ 1.5; green for +, red for − where there is
colour), the bias as a fourth edge, then Σ, the activation and the decision. While playing, a
pulse runs along every edge into Σ, Σ lights, then the output lights.
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

from nntui.i18n import _, fit
from nntui.engine import get_activation
from nntui.model import ANIMATION
from nntui.params import format_number
from nntui.scenes.base import SceneScreen
from nntui.story import ACTIVATION_NAMES, NeuronModel


EDGE_CHARS = "─━╌╍·"


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


class NeuronDiagram(Widget):
    """Inputs → weighted edges → Σ → activation → output, drawn with the line API."""

    DEFAULT_CSS = """
    NeuronDiagram { height: 7; width: 1fr; }
    NeuronDiagram > .diagram--positive { color: $success; }
    NeuronDiagram > .diagram--negative { color: $error; }
    NeuronDiagram > .diagram--pulse { color: $warning; text-style: bold; }
    NeuronDiagram > .diagram--lit { background: $accent; color: $text; text-style: bold; }
    NeuronDiagram > .diagram--label { text-style: bold; }
    """
    COMPONENT_CLASSES = {"diagram--positive", "diagram--negative", "diagram--pulse", "diagram--lit", "diagram--label"}
    EDGE_ROWS = (0, 2, 4, 6)  # x1, x2, x3, bias
    LEFT = 17  # where edges start: after the name and the value

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Text] = [Text() for _row in range(7)]
        self.phase: float | None = None  # None: idle; [0, 1) pulses on edges; [1, 1.5) Σ; [1.5, 2) output
        self.junction = 30

    def draw(self, names, x, w, b, z: float, a: float, act: str, decision: str) -> None:
        """Rebuild the static picture from the neuron's numbers (then pulses overlay it)."""
        width = max(self.size.width, 46)
        self.junction = j = max(self.LEFT + 9, min(width - 20, 40))
        rows = [Text() for _row in range(7)]
        sources = [(_(names[i]), x[i], w[i]) for i in range(3)] + [(_("bias"), b, b)]
        for i, ((name, shown, weight), y) in enumerate(zip(sources, self.EDGE_ROWS)):
            rows[y].append(fit(name, 10), self.style("label"))
            rows[y].append(f"{format_number(shown):>6} ")
            rows[y].append(self.edge(weight, j - self.LEFT, with_label=i < 3))
        for y in range(7):
            rows[y].pad_right(j - rows[y].cell_len)
            rows[y].append({0: "╮", 6: "╯", 3: "├"}.get(y, "┤" if y in (2, 4) else "│"))
        rows[3].append("─▶ ")
        rows[3].append(f" Σ z = {format_number(z)} ", self.style("lit") if self.lit("sum") else self.style("label"))
        rows[4].append(f"{'':>5}│ {ACTIVATION_NAMES[act]}")
        rows[5].append(f"{'':>5}▼")
        rows[6].append("  ")
        rows[6].append(f" {format_number(a, 3)} → {decision} ", self.style("lit") if self.lit("out") else self.style("label"))
        self.rows = rows
        self.refresh()

    def edge(self, weight: float, length: int, with_label: bool) -> Text:
        heavy = abs(weight) >= 1.5
        char = ("╍" if heavy else "╌") if weight < 0 else ("━" if heavy else "─")
        if weight == 0:
            char = "·"
        style = self.style("negative" if weight < 0 else "positive")
        label = f" ×{format_number(weight)} " if with_label else ""
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
        return self.LEFT + int(self.phase * (self.junction - self.LEFT))

    def set_phase(self, phase: float | None) -> None:
        """Move the animation; refresh only the cells that change."""
        before = (self.pulse_column(), self.lit("sum"), self.lit("out"))
        self.phase = phase
        after = (self.pulse_column(), self.lit("sum"), self.lit("out"))
        if before == after:
            return
        width = self.size.width
        for col in {before[0], after[0]} - {None}:
            for y in self.EDGE_ROWS:
                self.refresh(Region(col, y, 1, 1))
        if before[1:] != after[1:]:
            self.refresh_output(width)

    def refresh_output(self, width: int) -> None:
        """Refresh the Σ row and the output row right of the junction."""
        for y in (3, 6):
            self.refresh(Region(self.junction, y, width - self.junction, 1))

    def render_line(self, y: int) -> Strip:
        if y >= len(self.rows):
            return Strip.blank(self.size.width, Style())
        row = self.rows[y]
        col = self.pulse_column()
        i = None if col is None else char_index(row.plain, col)
        if i is not None and y in self.EDGE_ROWS and row.plain[i : i + 1] in tuple(EDGE_CHARS):
            row = row[:i] + Text("●", self.style("pulse")) + row[i + 1 :]
        # every segment gets a Style (never None): Textual's NO_COLOR filter needs one
        segments = [Segment(seg.text, seg.style or Style()) for seg in row.render(self.app.console)]
        return Strip(segments, row.cell_len).adjust_cell_length(self.size.width, Style())


class NeuronScreen(SceneScreen):
    SCENE_ID = "neuron"

    DEFAULT_CSS = """
    NeuronScreen #arithmetic { height: auto; margin-top: 1; }
    """

    def compose_view(self) -> ComposeResult:
        yield NeuronDiagram()
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
        self.diagram.draw(tale.inputs, x, w, b, out.z, out.a, act, decision)
        self.diagram.set_phase(neuron.phase)
        products = " + ".join(f"{paren(wi)}{paren(xi)}" for wi, xi in zip(w, x))
        terms = "".join(signed(t, i == 0) for i, t in enumerate(out.terms)) + signed(b, False)
        f = ACTIVATION_NAMES[act]
        self.query_one("#arithmetic", Static).update(
            Text.assemble(
                "z = w·x + b\n",
                f"  = {products} {signed(b, False).strip()}\n",
                f"  = {terms} = ", (format_number(out.z), "bold"), "\n",
                f"{f}(z) = {f}({format_number(out.z)}) = ", (format_number(out.a, 3), "bold"),
                f"   {get_activation(act).rule(out.yes)} → ", (decision, "bold reverse"),
            )
        )


MODEL, SCREEN = NeuronModel, NeuronScreen
