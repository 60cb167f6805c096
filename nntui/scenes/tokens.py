"""Scene `tokens`: text becomes tokens, ids, one-hot rows and embedding vectors.

The viewer's text is split by the chosen tokenizer: words (and every mark on its own) or
characters, numbered by the text's own vocabulary in order of first appearance; or byte-level
BPE trained by the engine on the corpus (the shipped one or `--corpus`), whose vocabulary is
fixed by that training (256 bytes + the merges), so an id means the same token whatever is typed.
The text becomes a sequence of ids, each id a one-hot row, and one seeded embedding table E (the
engine's Embedding layer, drawn once) gives each id its row: one-hot(id) · E = E[id].
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from rich.color import Color as RichColor
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Input, Static

from nntui.i18n import N_, _, pad
from nntui.engine import Embedding
from nntui.engine.text import BYTES, MAX_MERGES, BPE, build_vocab, char_tokens, corpus, encode, one_hot, trained_bpe, word_tokens
from nntui.model import ANIMATION, SceneModel
from nntui.params import MAX_TEXT, Param, format_number
from nntui.scenes.base import SceneScreen
from nntui.widgets.panels import visible_text

DEFAULT_TEXT = "How does neural network work?"
STAGES = ("tokens", "vocabulary", "ids", "one-hot", "embeddings")
STAGE_SECONDS = 0.9
TOKEN_COLOURS = ("primary", "secondary", "accent", "success", "warning", "error")
TABLE = BYTES + MAX_MERGES  # rows of the embedding table: one per id of the largest BPE vocabulary
EMBED = 8  # its columns; the embed size shows the first few
SPACE = "␣"


def chip_text(token: str, width: int) -> str:
    """A token as a chip shows it: a space as ␣, control characters as symbols."""
    return visible_text(token.replace(" ", SPACE), width)


class TextBox(Input):
    """The viewer's text. Escape or Enter hands the keys back to the parameters."""

    BINDINGS = [Binding("escape", "done", "Done typing", show=False)]
    DEFAULT_CSS = """
    TextBox { border: none; height: 1; padding: 0 1; background: $boost; }
    TextBox:focus { border: none; background: $accent 20%; }
    """

    def action_done(self) -> None:
        self.screen.query_one("ParamPanel").focus()


class Split:
    """A text under one tokenizer: its tokens as text, their ids, the vocabulary's size, and
    the vocabulary itself (token → id) for a vocabulary made from the text (None for BPE's)."""

    def __init__(self, tokens: list[str], ids, size: int, vocab: dict[str, int] | None = None) -> None:
        self.tokens, self.ids, self.size, self.vocab = tokens, np.asarray(ids, dtype=int), size, vocab


class TokensModel(SceneModel):
    """The viewer's text, split by the chosen tokenizer; `stage` is the animation: None with
    every stage shown, else how many of tokens → vocabulary → ids → one-hot → embeddings are."""

    SCENE_ID = "tokens"
    PARAMS = (
        Param("text", N_("text"), DEFAULT_TEXT, help=N_("the text to tokenize (tab to type it)")),
        Param("tokenizer", N_("tokenizer"), "words", choices=("words", "chars", "bpe")),
        Param("merges", N_("BPE merges"), 40, 0, MAX_MERGES, 1, decimals=0),
        Param("lowercase", N_("lowercase"), "on", choices=("on", "off"), help=N_("words and chars (BPE keeps every byte)")),
        Param("embed", N_("embed size"), 4, 2, EMBED, 1, decimals=0),
        Param("pick", N_("token #"), 0, 0, TABLE - 1, 1, decimals=0, help=N_("the token whose one-hot row × E is spelled out")),
    )

    def setup(self) -> None:
        self.stage: float | None = None

    @property
    def bpe(self) -> BPE:
        """BPE trained on the corpus (trained once a run, then kept)."""
        return trained_bpe(self.store.input("corpus") or corpus())

    @cached_property
    def table(self) -> Embedding:
        """The one embedding table E (TABLE × EMBED), drawn once from the seed: id i is always
        row E[i]; the embed size d shows its first d columns."""
        return Embedding(TABLE, EMBED, self.store.rng(self.SCENE_ID))

    def split(self, kind: str | None = None) -> Split:
        kind = kind or str(self.values["tokenizer"])
        text = str(self.values["text"])
        if kind == "bpe":
            merges = int(self.values["merges"])
            ids = self.bpe.encode(text, merges)
            return Split([self.bpe.token(i) for i in ids], ids, self.bpe.vocab_size(merges))
        lower = self.values["lowercase"] == "on"
        tokens = word_tokens(text, lower) if kind == "words" else char_tokens(text, lower)
        vocab = build_vocab(tokens)
        return Split(tokens, encode(tokens, vocab), len(vocab), vocab)

    def picked(self, split: Split) -> int | None:
        """The position whose one-hot × E is spelled out (the last one if `pick` is past the end)."""
        return min(int(self.values["pick"]), len(split.ids) - 1) if len(split.ids) else None

    def embed(self, ids) -> np.ndarray:
        """E[id], its first d numbers, for each id. Every id shown is in the table: BPE's are,
        and a text's own vocabulary numbers the token at position p at most p (pick < TABLE)."""
        return self.table.forward(np.asarray(ids, dtype=int))[:, : int(self.values["embed"])]

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

    # ---- events ----------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        # The box's value now, not the event's: with a burst of keys queued, an older event's
        # value written back into the box would start a ping-pong of Changed events (a livelock).
        value = event.input.value[:MAX_TEXT]
        if value != self.values["text"]:
            self.set_param("text", value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("ParamPanel").focus()

    # ---- drawing ---------------------------------------------------------------------------------
    def chip_styles(self) -> list[Style]:
        variables = self.app.theme_variables
        styles = []
        for name in TOKEN_COLOURS:
            c = Color.parse(variables.get(name, "grey"))
            styles.append(Style(bgcolor=RichColor.from_rgb(*c.rgb), color=RichColor.from_rgb(*c.get_contrast_text().rgb)))
        return styles

    def update_view(self) -> None:
        box = self.query_one(TextBox)
        if box.value != self.values["text"]:  # set by a beat (replayed by --beat too), --set or R
            box.value = str(self.values["text"])
        kind = str(self.values["tokenizer"])
        split = self.model.split()
        stages = self.query_one("#stages", Static)
        width = max(20, stages.size.width)
        stage = self.model.stage
        shown = len(STAGES) if stage is None else int(stage) + 1
        out = Text()
        counts = " · ".join(f"{k} {len(self.model.split(k).ids)}" for k in ("words", "chars", "bpe"))
        out.append(_("token counts: {counts}").format(counts=counts) + "\n", "italic")
        if kind == "bpe":
            out.append_text(self.bpe_lines(split))
        out.append_text(clip(self.chips(split), width, 3, self.app.console))
        if shown > 1:  # 2. vocabulary
            out.append("\n")
            out.append_text(clip(self.vocabulary(split), width, 2, self.app.console))
        if shown > 2:  # 3. ids
            line = Text(_("ids: "), style="bold")
            line.append("[" + ", ".join(str(i) for i in split.ids) + "]")
            out.append("\n")
            out.append_text(clip(line, width, 2, self.app.console))
            if kind == "bpe":
                back = self.model.bpe.decode(split.ids)
                out.append("\n")
                same = _("✓ every byte back") if back == self.values["text"] else "✗"
                out.append_text(clip(Text(_("decode(ids): {text}").format(text=visible_text(back, MAX_TEXT)) + " " + same), width, 2, self.app.console))
        if shown > 3:
            used = len(out.wrap(self.app.console, width))
            out.append("\n")
            out.append_text(self.matrices(split, width, stages.size.height - used, shown > 4))
        self.compare(out, kind, width, stages.size.height)
        stages.update(out)

    def compare(self, out: Text, kind: str, width: int, height: int) -> None:
        """Where rows are left (a big terminal): the same text under the other two tokenizers,
        side by side with the chosen one, as far as they fit."""
        for other in ("words", "chars", "bpe"):
            room = height - len(out.wrap(self.app.console, width)) - 1
            if other == kind or room < 2:
                continue
            line = Text(f"{_(other)}: ", style="italic")
            line.append_text(self.chips(self.model.split(other)))
            out.append("\n\n" if other == next(k for k in ("words", "chars", "bpe") if k != kind) else "\n")
            out.append_text(clip(line, width, min(3, room - 1), self.app.console))

    def bpe_lines(self, split: Split) -> Text:
        """The fixed vocabulary's size and the last merge used."""
        bpe, n = self.model.bpe, min(int(self.values["merges"]), len(self.model.bpe.merges))
        text = Text(_("vocabulary: {bytes} bytes + {n} merges = {size} tokens, learned from the corpus")
                    .format(bytes=BYTES, n=n, size=split.size) + "\n")
        if n:
            a, b = bpe.merges[n - 1]
            text.append(_("merge {n}: {a} + {b} → {ab}").format(
                n=n, a=chip_text(bpe.token(a), 12), b=chip_text(bpe.token(b), 12), ab=chip_text(bpe.token(BYTES + n - 1), 24)) + "\n")
        else:
            text.append(_("no merges yet: BPE starts from the 256 bytes") + "\n")
        return text

    def chips(self, split: Split) -> Text:
        """1. the tokens, each a chip coloured by its id (without colour: chips between bars)."""
        line = Text(_("{n} tokens: ").format(n=len(split.ids)), style="bold")
        styles = self.chip_styles()
        for t, i in zip(split.tokens, split.ids):
            chip = f" {chip_text(t, 16)} "
            if self.app.no_color:
                line.append(f"{chip}│")
            else:
                line.append(chip, styles[i % len(styles)])
            line.append(" ")
        return line

    def vocabulary(self, split: Split) -> Text:
        """2. the text's own vocabulary, or the ids BPE's fixed vocabulary gives its tokens."""
        if split.vocab is not None:
            line = Text(_("vocabulary ({n}): ").format(n=split.size), style="bold")
            items = split.vocab.items()
        else:
            line = Text(_("in the vocabulary: "), style="bold")
            items = {t: i for t, i in zip(split.tokens, split.ids.tolist())}.items()
        line.append(" · ".join(f"{chip_text(t, 12)}: {i}" for t, i in items))
        return line

    def matrices(self, split: Split, width: int, lines: int, with_embeddings: bool) -> Text:
        """In about `lines` lines: the one-hot rows (1 and ·) and, beside them, each token's row
        of E; then the picked token's one-hot row × E = E[id], spelled out."""
        tokens, ids, size = split.tokens, split.ids, split.size
        pick = self.model.picked(split)
        label_w = min(10, max((len(chip_text(t, 10)) for t in tokens), default=4))
        d = int(self.values["embed"])
        emb_w = d * 6 + 2 if with_embeddings else 0
        cols = min(size, max(4, width - label_w - 2 - emb_w))
        one_hot_title = _("one-hot {rows}×{cols}").format(rows=len(ids), cols=size)
        text = Text(" " * label_w + " " + pad(one_hot_title, cols + 1) + "  ", style="bold")
        if with_embeddings:
            text.append(_("E[id] {rows}×{cols}").format(rows=len(ids), cols=d), "bold")
        if not ids.size:
            return text.append("\n" + _("(no tokens)"))
        spelled = with_embeddings and lines >= 5
        rows = lines - 1 - (2 if spelled else 0)  # the title, the product's two lines
        rows = max(1, rows if len(ids) <= rows else rows - 1)  # and "… n more rows"
        first = 0 if pick is None or pick < rows else pick - rows + 1  # keep the picked row in view
        shown = range(first, min(len(ids), first + rows))
        hot = one_hot(ids[list(shown)], size)
        vectors = self.model.embed(ids[list(shown)]) if with_embeddings else None
        for k, r in enumerate(shown):
            style = "reverse" if with_embeddings and r == pick else ""
            text.append("\n")
            text.append(f"{pad(chip_text(tokens[r], label_w), label_w)} ", style)
            text.append("".join("1" if v else "·" for v in hot[k, :cols]))
            text.append("…" if cols < size else " ")
            if vectors is not None:
                text.append("  " + " ".join(f"{format_number(v, 2):>5}" for v in vectors[k]), style)
        if len(ids) > len(shown):
            text.append("\n" + _("… {n} more rows").format(n=len(ids) - len(shown)), "italic")
        if spelled and pick is not None:
            text.append("\n")
            text.append_text(self.product(split, pick))
            left = lines - 3 - len(shown) - (len(ids) > len(shown))
            if left >= 3:  # room for the table itself
                text.append("\n")
                text.append_text(self.table(split, pick, label_w, left))
        return text

    def table(self, split: Split, pick: int, label_w: int, lines: int) -> Text:
        """E itself, in `lines` lines: its rows for the text's vocabulary (for BPE's fixed
        vocabulary, the rows of the ids the text uses), the picked token's row marked."""
        d, picked = int(self.values["embed"]), int(split.ids[pick])
        if split.vocab is not None:
            rows = [(i, t) for t, i in split.vocab.items()]
        else:
            rows = sorted({(int(i), t) for i, t in zip(split.ids, split.tokens)})
        text = Text(_("E {rows}×{cols}, one row per id:").format(rows=split.size, cols=d), "bold")
        room = lines - 1 if len(rows) <= lines - 1 else lines - 2
        vectors = self.model.embed([i for i, _t in rows[:room]])
        for (i, t), v in zip(rows[:room], vectors):
            style = "reverse" if i == picked else ""
            text.append("\n")
            text.append(f"{i:>4} {pad(chip_text(t, label_w), label_w)}  " + " ".join(f"{format_number(x, 2):>5}" for x in v), style)
        if len(rows) > room:
            text.append("\n" + _("… {n} more rows").format(n=len(rows) - room), "italic")
        return text

    def product(self, split: Split, pick: int) -> Text:
        """One-hot(id) × E = E[id] for the picked token, with the numbers."""
        i, size = int(split.ids[pick]), split.size
        if size <= 12:
            row = "[" + " ".join("1" if k == i else "0" for k in range(size)) + "]"
        else:
            row = _("[0 … 1 … 0] (1 at {i} of {n})").format(i=i, n=size)
        vector = "[" + ", ".join(format_number(v, 2) for v in self.model.embed([i])[0]) + "]"
        text = Text(_("token {p} “{t}”: ").format(p=pick, t=chip_text(split.tokens[pick], 10)), "bold")
        text.append(f"{row} × E\n")
        text.append(f"  = E[{i}] = ", "bold")
        text.append(vector)
        return text


def clip(line: Text, width: int, lines: int, console) -> Text:
    """At most `lines` lines of `width` cells as the screen wraps them, ending in '…' after the
    last whole word when cut (so no number is shown cut short)."""
    wrapped = line.wrap(console, width)
    if len(wrapped) <= lines:
        return line
    last = wrapped[lines - 1]
    if last.cell_len > width - 1:
        space = last.plain.rstrip().rfind(" ")
        last.truncate(space + 1 if space > 0 else width - 1)
    out = Text("\n").join([*wrapped[: lines - 1], last])
    out.rstrip()
    out.append(" …" if out.plain and out.plain[-1] != " " and out.cell_len % width < width - 1 else "…")
    return out


MODEL, SCREEN = TokensModel, TokensScreen
