"""Scene `tokens`: text becomes tokens, ids, one-hot rows and embedding vectors.

The viewer's text is split by the chosen tokenizer (words, characters, or byte-pair encoding
trained by the engine on the shipped corpus), the vocabulary gives each distinct token an index
in order of first appearance, the text becomes a sequence of ids, each id a one-hot row, and a
seeded embedding table (the engine's Embedding layer) gives each id a short dense vector.
"""

from __future__ import annotations

from functools import cached_property

from rich.color import Color as RichColor
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Input, Static

from nntui.i18n import N_, _, pad
from nntui.engine import Embedding
from nntui.engine.text import BPE, build_vocab, char_tokens, corpus, encode, one_hot, word_tokens
from nntui.model import ANIMATION, SceneModel
from nntui.params import MAX_TEXT, Param, format_number
from nntui.scenes.base import SceneScreen
from nntui.widgets.panels import visible_text

DEFAULT_TEXT = "How does neural network work?"
MAX_MERGES = 300
STAGES = ("tokens", "vocabulary", "ids", "one-hot", "embeddings")
STAGE_SECONDS = 0.9
TOKEN_COLOURS = ("primary", "secondary", "accent", "success", "warning", "error")


class TextBox(Input):
    """The viewer's text. Escape or Enter hands the keys back to the parameters."""

    BINDINGS = [Binding("escape", "done", "Done typing", show=False)]
    DEFAULT_CSS = """
    TextBox { border: none; height: 1; padding: 0 1; background: $boost; }
    TextBox:focus { border: none; background: $accent 20%; }
    """

    def action_done(self) -> None:
        self.screen.query_one("ParamPanel").focus()


class TokensModel(SceneModel):
    """The viewer's text, split by the chosen tokenizer; `stage` is the animation: None with
    every stage shown, else how many of tokens → vocabulary → ids → one-hot → embeddings are."""

    SCENE_ID = "tokens"
    PARAMS = (
        Param("text", N_("text"), DEFAULT_TEXT, help=N_("the text to tokenize (tab to type it)")),
        Param("tokenizer", N_("tokenizer"), "words", choices=("words", "chars", "bpe")),
        Param("merges", N_("BPE merges"), 40, 0, MAX_MERGES, 1, decimals=0),
        Param("lowercase", N_("lowercase"), "on", choices=("on", "off")),
        Param("embed", N_("embed size"), 4, 2, 8, 1, decimals=0),
    )

    def setup(self) -> None:
        self.stage: float | None = None

    @cached_property
    def bpe(self) -> BPE:
        return BPE(corpus())

    @cached_property
    def bpe_cased(self) -> BPE:
        return BPE(corpus(), lowercase=False)

    def tokenize(self, kind: str) -> list[str]:
        text, lower = str(self.values["text"]), self.values["lowercase"] == "on"
        if kind == "words":
            return word_tokens(text, lower)
        if kind == "chars":
            return char_tokens(text, lower)
        bpe = self.bpe if lower else self.bpe_cased
        bpe.train(int(self.values["merges"]))
        return bpe.tokens(text, int(self.values["merges"]))

    def embedding(self, vocab: int) -> Embedding:
        """The seeded embedding table for a vocabulary of this size."""
        return Embedding(vocab, int(self.values["embed"]), self.store.rng(self.SCENE_ID))

    # ---- the stages appear one after another ----------------------------------------------------
    def move(self, stage: float | None) -> None:
        before, self.stage = self.stage, stage
        if before is None or stage is None or int(before) != int(stage):
            self.notify(ANIMATION)

    def start(self) -> None:
        if self.stage is None:
            self.move(0.0)

    def advance(self, dt: float) -> bool:
        stage = (self.stage or 0.0) + dt / STAGE_SECONDS
        self.move(None if stage >= len(STAGES) - 1 else stage)
        return self.stage is not None

    def step(self) -> None:
        stage = 0.0 if self.stage is None else self.stage + 1
        self.move(None if stage >= len(STAGES) - 1 else stage)

    def finish(self) -> None:
        self.move(None)

    def restart(self) -> None:
        self.stage = None


class TokensScreen(SceneScreen):
    SCENE_ID = "tokens"
    BINDINGS = [Binding("tab", "app.focus_next", "Type text", tooltip="Switch focus: the text box or the parameters")]
    DEFAULT_CSS = """
    TokensScreen #stages { height: 1fr; }
    """

    def compose_view(self) -> ComposeResult:
        yield TextBox(value=str(self.values["text"]), placeholder=_("type any text"), id="text")
        yield Static(id="stages")

    def tokenize(self, kind: str) -> list[str]:
        return self.model.tokenize(kind)

    # ---- events ----------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        # The box's value now, not the event's: with a burst of keys queued, an older event's
        # value written back into the box would start a ping-pong of Changed events (a livelock).
        value = event.input.value[:MAX_TEXT]
        if value != self.values["text"]:
            self.set_param("text", value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("ParamPanel").focus()

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        box = self.query_one(TextBox)
        if "text" in names and box.value != self.values["text"]:  # set by a beat, --set or R
            box.value = str(self.values["text"])
        super().show_change(scene_id, names)

    # ---- drawing ---------------------------------------------------------------------------------
    def chip_styles(self) -> list[Style]:
        variables = self.app.theme_variables
        styles = []
        for name in TOKEN_COLOURS:
            c = Color.parse(variables.get(name, "grey"))
            styles.append(Style(bgcolor=RichColor.from_rgb(*c.rgb), color=RichColor.from_rgb(*c.get_contrast_text().rgb)))
        return styles

    def update_view(self) -> None:
        kind = str(self.values["tokenizer"])
        tokens = self.tokenize(kind)
        vocab = build_vocab(tokens)
        ids = encode(tokens, vocab)
        width = max(20, self.query_one("#view").size.width - 2)
        stage = self.model.stage
        shown = len(STAGES) if stage is None else int(stage) + 1
        chips = self.chip_styles()
        no_color = self.app.no_color
        out = Text()

        counts = " · ".join(f"{k} {len(self.tokenize(k))}" for k in ("words", "chars", "bpe"))
        out.append(_("token counts: {counts}").format(counts=counts) + "\n", "italic")
        if kind == "bpe":
            n = min(int(self.values["merges"]), len(self.model.bpe.merges))
            if n:
                a, b = (self.model.bpe if self.values["lowercase"] == "on" else self.model.bpe_cased).merges[n - 1]
                out.append(_("merge {n}: {a} + {b} → {ab}").format(n=n, a=repr(a), b=repr(b), ab=repr(a + b)).replace("</w>", "_") + "\n")
            else:
                out.append(_("no merges yet: BPE starts from single characters") + "\n")

        # 1. tokens, coloured by id
        line = Text(_("{n} tokens: ").format(n=len(tokens)), style="bold")
        for t, i in zip(tokens, ids):
            chip = f" {visible_text(t, 16)} "
            line.append(chip if not no_color else f"{chip}│", chips[i % len(chips)] if not no_color else "")
            line.append(" ")
        out.append_text(clip(line, width, 3))
        out.append("\n")
        if shown > 1:  # 2. vocabulary
            line = Text(_("vocabulary ({n}): ").format(n=len(vocab)), style="bold")
            line.append(" · ".join(f"{visible_text(t, 12)}: {i}" for t, i in vocab.items()))
            out.append_text(clip(line, width, 2))
            out.append("\n")
        if shown > 2:  # 3. ids
            line = Text(_("ids: "), style="bold")
            line.append("[" + ", ".join(str(i) for i in ids) + "]")
            out.append_text(clip(line, width, 2))
            out.append("\n")
        if shown > 3:
            out.append_text(self.matrices(tokens, ids, len(vocab), width, shown > 4))
        self.query_one("#stages", Static).update(out)

    def matrices(self, tokens, ids, size: int, width: int, with_embeddings: bool) -> Text:
        """The one-hot rows (1 and ·) and, beside them, each token's embedding vector."""
        rows = max(2, self.query_one("#stages").size.height - 7)
        label_w = min(10, max((len(visible_text(t, 10)) for t in tokens), default=4))
        d = int(self.values["embed"])
        emb_w = d * 6 + 2 if with_embeddings else 0
        hot_w = max(4, width - label_w - 1 - emb_w)
        cols = min(size, hot_w)
        one_hot_title = _("one-hot {rows}×{cols}").format(rows=len(ids), cols=size)
        text = Text(" " * label_w + " " + pad(one_hot_title, cols + 1) + "  ", style="bold")
        if with_embeddings:
            text.append(_("embedding {rows}×{cols}").format(rows=len(ids), cols=d), "bold")
        if not ids.size:
            return text.append("\n" + _("(no tokens)"))
        hot = one_hot(ids, size)
        vectors = self.model.embedding(size).forward(ids) if with_embeddings else None
        for r in range(min(len(ids), rows)):
            text.append(f"\n{visible_text(tokens[r], label_w):<{label_w}} ")
            text.append("".join("1" if v else "·" for v in hot[r, :cols]))
            text.append("…" if cols < size else " ")
            if vectors is not None:
                text.append("  " + " ".join(f"{format_number(v, 2):>5}" for v in vectors[r]))
        if len(ids) > rows:
            text.append("\n" + _("… {n} more rows").format(n=len(ids) - rows), "italic")
        return text


def clip(line: Text, width: int, lines: int) -> Text:
    """At most `lines` lines of `width` cells, ending in '…' when cut (wide characters count 2)."""
    limit = width * lines
    if line.cell_len <= limit:
        return line
    line = line.copy()
    line.truncate(limit - 1)
    line.append("…")
    return line


MODEL, SCREEN = TokensModel, TokensScreen
