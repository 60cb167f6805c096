"""Scene `attention`: self-attention trained live, and broken on purpose to see why each part is there.

A one-block Transformer (nntui.engine.sequences.AttentionRun) learns to reverse or sort five
symbols, or to predict the next character of the corpus; there next-token's MLP
(nntui.engine.sequences.MLPRun) trains beside it, step for step, and both are measured on the
same characters. The screen draws, for one held-out sequence, the scores S = QKᵀ/√dₕ, the
causal mask M and the softmax weights A = softmax(S + M) of one head as heat maps, spells out
the selected query's row and its prediction, and measures the run: accuracy and loss, and with
the mask off both the loss it trains on and the loss with the mask put back. The gpt view counts the parameters of this toy, GPT-2 small and GPT-3 with the
engine's one formula.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal
from textual.widgets import Static

from nntui.engine.attention import ScoreOverride
from nntui.engine.losses import IGNORE
from nntui.engine.optim import SETTLED as SETTLED_RUN, StopRule
from nntui.engine.sequences import AttentionRun, Evaluation, MLPRun, language_task, symbol_task
from nntui.engine.text import corpus
from nntui.engine.transformer import transformer_params
from nntui.i18n import N_, _, fit, pad
from nntui.model import ANIMATION, TrainingModel
from nntui.params import Param, format_number
from nntui.scenes.base import SceneScreen, StopsItself
from nntui.widgets.grid import SHADES, heat_colours, heat_levels
from nntui.widgets.plot import Chart

LANGUAGE_CONTEXT = 8  # characters the language mode reads: more than next-token's 3, and it fits 80×24
BATCH = 32  # sequences a step in the toy tasks
LANGUAGE_BATCH = 8  # windows a step in the corpus: 64 characters, as next-token's 64 pairs a step
STEPS_PER_SECOND = 20
MOST_PER_FRAME = 2  # training steps per frame at most: the frame budget holds on a busy machine
MAPS_PER_SECOND = 4  # redraws of the heat maps while training plays: the bytes budget holds
MAX_STEPS = 300
SETTLED = 0.01  # the mean loss of the last SMOOTH batches moving less than this for PATIENCE steps:
PATIENCE = 10  # training pauses (the engine's StopRule)
LANGUAGE_PATIENCE = 50  # in the corpus, whose batches are noisier: it pauses near MAX_STEPS
SMOOTH = 10
EVAL_LIMIT = 200  # held-out (and training) sequences measured for the numbers on screen
TASKS = ("reverse", "sort", "corpus")  # corpus: the engine's language task, on the shipped text or --corpus
TOP = 3  # keys spelled out and predictions drawn as bars
LABELS = 19  # columns of the corpus comparison's row labels
TALL = 24  # rows of the view from which the training loss is drawn below the numbers
# Publicly quoted shapes: (name, layers, heads, d, vocabulary, context), the head tied to the embedding
GPT_SHAPES = ((N_("GPT-2 small"), 12, 12, 768, 50257, 1024), (N_("GPT-3"), 96, 96, 12288, 50257, 2048))
SHOWN_TOKENS = {"\n": "⏎", " ": "␣"}


def show_token(token: str) -> str:
    """A token as one visible cell (a space or newline would vanish)."""
    return SHOWN_TOKENS.get(token, token)


def mean_of_last(losses: list[float]) -> float:
    """The mean of the last SMOOTH batch losses: what the stopping rule and the chart read."""
    return float(np.mean(losses[-SMOOTH:]))


def short_count(n: int) -> str:
    """124439808 → '124 M', 174604259328 → '175 B'."""
    for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if n >= size:
            return f"{n / size:.0f} {unit}"
    return str(n)


class AttentionModel(TrainingModel):
    """A task, the Transformer training on it and the engine's stopping rule; the selected
    query, head, example and score edit say what the screen draws."""

    SCENE_ID = "attention"
    PARAMS = (
        Param("task", N_("task"), "reverse", choices=TASKS, help=N_("reverse or sort 5 symbols, or predict the corpus's next character")),
        Param("query", N_("query"), 6, 1, 16, 1, decimals=0, help=N_("the row of the attention map spelled out")),
        Param("heads", N_("heads"), "1", choices=("1", "2", "4"), help=N_("attention heads, each of width 24 / heads")),
        Param("head", N_("head shown"), 1, 1, 4, 1, decimals=0, help=N_("at most the number of heads")),
        Param("positions", N_("positions"), "on", choices=("on", "off"), help=N_("the position embedding P[t] added to each token")),
        Param("mask", N_("causal mask"), "on", choices=("on", "off"), help=N_("off: training lets every position see the answer")),
        Param("example", N_("example"), 1, 1, 40, 1, decimals=0, help=N_("which held-out sequence is drawn")),
        Param("edit", N_("edit key"), 0, 0, 16, 1, decimals=0, help=N_("0: no edit; else the key whose score in the query row is replaced")),
        Param("score", N_("edited score"), 10, -20, 50, 1, decimals=1),
        Param("view", N_("view"), "maps", choices=("maps", "gpt")),
    )
    BUILT_FROM = ("task", "heads", "positions", "mask")

    def setup(self) -> None:
        self.tasks: dict[str, object] = {}
        self.carry = 0.0
        self.restart()

    def changed(self, name: str, value) -> None:
        if name in self.BUILT_FROM and self.built != self.build_key():
            self.restart()
        for limited, most in self.limits().items():  # after a rebuild or on their own change
            self.values[limited] = min(self.values[limited], most)

    def limits(self) -> dict[str, int]:
        """The largest value each of these parameters can mean for the current run."""
        return {"query": self.length, "head": int(self.values["heads"]), "edit": self.length,
                "example": len(self.run.task.X_test)}

    def build_key(self) -> tuple:
        return tuple(self.values[n] for n in self.BUILT_FROM)

    def task(self, name: str):
        if name not in self.tasks:
            if name == "corpus":  # the engine's language task
                self.tasks[name] = language_task(self.store.input("corpus") or corpus(), LANGUAGE_CONTEXT)
            else:
                self.tasks[name] = symbol_task(name, self.store.rng(self.SCENE_ID, 1))
        return self.tasks[name]

    # ---- training -------------------------------------------------------------------------------
    def restart(self) -> None:
        """A fresh, untrained run of the current task, heads, positions and mask."""
        self.built = self.build_key()
        v = self.values
        task, language = self.task(str(v["task"])), v["task"] == "corpus"
        self.run = AttentionRun(task, self.store.rng(self.SCENE_ID, 2), heads=int(v["heads"]),
                                positions=v["positions"] == "on", mask=v["mask"] == "on",
                                batch=LANGUAGE_BATCH if language else BATCH)
        self.baseline = MLPRun(task, self.store.rng(self.SCENE_ID, 3)) if language else None
        self.rule = StopRule(SETTLED, LANGUAGE_PATIENCE if language else PATIENCE)
        self.stopped: str | None = None
        self.losses: list[float] = []  # each step's batch loss
        self.smoothed: list[float] = []  # the mean of the last SMOOTH: what the stopping rule reads
        self.baseline_smoothed: list[float] = []  # the MLP's, step for step
        self.baseline_losses: list[float] = []
        self.measured: tuple[tuple, dict[str, Evaluation]] | None = None

    def train_step(self) -> bool:
        """One Adam step; False once the stopping rule (or MAX_STEPS) ends the run."""
        if self.stopped:
            return False
        result = self.run.step()
        self.losses.append(result.loss)
        self.smoothed.append(mean_of_last(self.losses))
        if self.baseline is not None:  # in step: the same number of steps, never more
            self.baseline_losses.append(self.baseline.step().loss)
            self.baseline_smoothed.append(mean_of_last(self.baseline_losses))
        self.stopped = self.rule.update(result.step, self.smoothed[-1], result.diverged)
        if self.stopped is None and result.step >= MAX_STEPS:
            self.stopped = SETTLED_RUN
        return self.stopped is None

    @property
    def steps(self) -> int:
        return self.run.trainer.steps

    STEPS_PER_SECOND = STEPS_PER_SECOND
    MOST_PER_FRAME = MOST_PER_FRAME
    FINISH = MAX_STEPS + 1  # it stops itself by then


    def settle(self) -> None:
        """Stepping to a beat keeps what training has learned so far."""

    # ---- what the screen draws ------------------------------------------------------------------
    @property
    def length(self) -> int:
        return self.run.task.context

    @property
    def query(self) -> int:
        """The selected query position, 0-based, inside the sequence."""
        return min(int(self.values["query"]), self.length) - 1

    @property
    def head(self) -> int:
        return min(int(self.values["head"]), int(self.values["heads"])) - 1

    @property
    def example(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn held-out sequence: its ids and targets."""
        task = self.run.task
        i = min(int(self.values["example"]), len(task.X_test)) - 1
        return task.X_test[i], task.Y_test[i]

    @property
    def override(self) -> ScoreOverride | None:
        key = int(self.values["edit"])
        if not key or key > self.length:
            return None
        return ScoreOverride(self.head, self.query, key - 1, float(self.values["score"]))

    def trace(self):
        return self.run.trace(self.example[0], override=self.override)

    def evaluations(self) -> dict[str, Evaluation]:
        """Held-out with the mask (the honest number), and training as trained; in the corpus
        also next-token's MLP ("mlp test", "mlp train") on the same windows. Measured once per step."""
        key = (self.built, self.steps)
        if self.measured is None or self.measured[0] != key:
            found = {"test": self.run.evaluate("test", mask=True, limit=EVAL_LIMIT),
                     "train": self.run.evaluate("train", limit=EVAL_LIMIT)}
            if self.baseline is not None:
                found |= {f"mlp {part}": self.baseline.evaluate(part, EVAL_LIMIT) for part in ("test", "train")}
            self.measured = key, found
        return self.measured[1]

    def counts(self) -> list[tuple[str, int, int, int, int, int, int]]:
        """(name, layers, heads, d, vocabulary, context, parameters) for this toy and the GPTs,
        every count from the engine's one formula."""
        c = self.run.config
        rows = [(N_("this toy"), c.layers, c.heads, c.dim, c.vocab, c.context, c.n_params)]
        for name, layers, heads, d, vocab, context in GPT_SHAPES:
            rows.append((name, layers, heads, d, vocab, context, transformer_params(layers, heads, d, vocab, context)))
        return rows


class AttentionScreen(StopsItself, SceneScreen):
    SCENE_ID = "attention"
    BINDINGS = [
        Binding("p", "flip('positions')", "Positions", tooltip="Position embedding on / off (retrains)"),
        Binding("m", "flip('mask')", "Mask", tooltip="Causal mask on / off (retrains)"),
    ]
    DEFAULT_CSS = """
    AttentionScreen #sequence { height: auto; }
    AttentionScreen #maps { height: auto; }
    AttentionScreen #matrices { width: auto; height: auto; margin-right: 1; }
    AttentionScreen #row { width: 1fr; height: auto; }
    AttentionScreen #stats { height: auto; }
    AttentionScreen #gpt { height: auto; }
    AttentionScreen #history { height: 1fr; }
    """

    def compose_view(self) -> ComposeResult:
        yield Static(id="sequence")
        with Horizontal(id="maps"):
            yield Static(id="matrices")
            yield Static(id="row")
        yield Static(id="stats")
        yield Chart((0, 10), (0, 1), id="history")
        yield Static(id="gpt")

    def action_flip(self, name: str) -> None:
        self.set_param(name, "off" if self.model[name] == "on" else "on")

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        """While training plays the maps are redrawn MAPS_PER_SECOND times a second (every cell
        changes at every step: drawing each step sent ~45 KB/s at 100×30), the numbers twice."""
        self.panel.refresh_rows(*(i for i, p in enumerate(self.PARAMS) if p.name in names))
        if self.playing and names == {ANIMATION}:
            if self.due("stats", 0.5):
                self.due("maps", 0)  # the maps are drawn now: the next maps-only frame waits its turn
                self.update_view()
            elif self.model["view"] == "maps" and self.due("maps", 1 / MAPS_PER_SECOND):
                self.draw_maps()
            return
        self.update_view()

    def pause(self) -> None:
        """What play skipped (the last steps' maps and numbers) is drawn once it stops."""
        playing = self.playing
        super().pause()
        if playing and not self.model.stopped:  # StopsItself redraws a run that stopped itself
            self.update_view()

    # ---- drawing -------------------------------------------------------------------------------
    def update_view(self) -> None:
        gpt = self.model["view"] == "gpt"
        tall = self.query_one("#view").size.height >= TALL
        for wid, shown in (("#sequence", not gpt), ("#maps", not gpt), ("#stats", not gpt), ("#gpt", gpt),
                           ("#history", tall and not gpt)):
            self.query_one(wid).display = shown
        self.draw_stats()  # first: the one sequence traced next replaces the measurement's caches
        if gpt:
            self.draw_gpt()
        else:
            self.draw_maps()
        if tall:
            self.draw_history()

    def tokens(self, ids) -> list[str]:
        vocab = self.model.run.task.vocab
        return [show_token(vocab[i]) for i in ids]

    def cell_width(self) -> int:
        """Two columns a cell where the view has room for three maps of them and the row text."""
        T = self.model.length
        return 2 if self.query_one("#view").size.width >= 3 + 3 * (2 * T + 1) + 16 else 1

    def draw_maps(self) -> None:
        m = self.model
        trace = m.trace()
        ids, targets = m.example
        tokens = self.tokens(ids)
        q, h, T = m.query, m.head, m.length
        scores = trace.scores[0][h].copy()
        edit = m.override if m.override is not None and m.override.head == h else None
        if edit is not None:
            scores[edit.query, edit.key] = edit.value
        masked = ~np.isfinite(trace.mask)
        weights = trace.weights[0][h]

        sequence = Text(_("input") + " ", "bold")
        for t, token in enumerate(tokens):
            sequence.append(token, "reverse bold" if t == q else "")
            sequence.append(" ")
        self.query_one("#sequence", Static).update(sequence)

        w = self.cell_width()
        theme = self.app.theme_variables
        low, high = Color.parse(theme["panel"]), Color.parse(theme["primary"])
        hidden = masked if m.run.model.mask else np.zeros_like(masked)  # drawn as ·: the mask removed them
        maps = [(_("scores"), scores), (_("mask"), None), (_("weights"), weights)]
        text = Text("   ")
        for title, _values in maps:
            text.append(fit(title, T * w) + " ", "bold")
        text.append("\n   ")
        for _title, _values in maps:
            text.append("".join(f"{t:<{w}}" for t in tokens) + " ", "dim")
        shades = []
        for _title, values in maps:
            if values is None:
                shades.append(None)
                continue
            seen = np.where(hidden, np.nan, values)
            shades.append((heat_colours(seen, low, high), heat_levels(seen)))
        no_color = self.app.no_color
        for i in range(T):
            text.append("\n")
            text.append("▶" if i == q else " ", "bold")
            text.append(tokens[i], "reverse bold" if i == q else "")
            cells = [(" ", "")]  # (characters, style); runs of one style are sent as one
            for (_title, values), shade in zip(maps, shades):
                for j in range(T):
                    if shade is None:  # the mask: what it adds to each score, 0 or −∞
                        cells.append((f"{'×' if masked[i, j] else '0':<{w}}", "dim" if masked[i, j] else ""))
                    elif hidden[i, j]:
                        cells.append(("·" * w, "dim"))
                    elif edit is not None and (i, j) == (edit.query, edit.key) and values is scores:
                        cells.append(("◆" * w, "bold"))
                    elif no_color:
                        cells.append((SHADES[min(4, int(shade[1][i, j] * 5))] * w, ""))
                    else:
                        r, g, b = (int(c) for c in shade[0][i, j])
                        cells.append((" " * w, f"on rgb({r},{g},{b})"))
                cells.append((" ", ""))
            for style, run in groupby(cells, key=itemgetter(1)):
                text.append("".join(chars for chars, _style in run), style)
        self.query_one("#matrices", Static).update(text)
        self.draw_row(trace, tokens, targets, weights[q])

    def draw_row(self, trace, tokens, targets, row) -> None:
        m = self.model
        q = m.query
        vocab = m.run.task.vocab
        width = self.query_one("#row").size.width or 13
        text = Text(_("query {q}").format(q=q + 1) + f" {tokens[q]}\n", "bold")
        text.append(_("looks at") + "\n")
        for j in np.argsort(-row, kind="stable")[:TOP]:
            text.append(f"{row[j]:4.0%} {tokens[j]}@{j + 1}\n")
        text.append(_("predicts") + "\n")
        probs = trace.probs[q]
        bar_w = min(24, max(3, width - 8))
        target = int(targets[q])
        for k in np.argsort(-probs, kind="stable")[:TOP]:
            cells = probs[k] * bar_w
            bar = "█" * int(cells) + " ▏▎▍▌▋▊▉"[int((cells % 1) * 8)]
            mark = "bold" if k == target else ""
            text.append(f"{show_token(vocab[k])} ", mark)
            text.append(f"{bar:<{bar_w}}", mark)
            text.append(f"{probs[k]:>5.0%}\n")
        if target != IGNORE:
            right = int(np.argmax(probs)) == target
            text.append(_("answer") + f" {show_token(vocab[target])} " + ("✓" if right else "✗"), "bold")
        else:
            text.append(_("(no answer here)"), "dim")
        self.query_one("#row", Static).update(text)

    def draw_stats(self) -> None:
        m = self.model
        ev = m.evaluations()
        test, train = ev["test"], ev["train"]
        dh = m.run.config.dim // m.run.config.heads
        text = Text(_("step {n}").format(n=m.steps) + f" · S = QKᵀ/√{dh} · A = softmax(S + M)\n", "italic")
        if m.values["task"] != "corpus":
            text.append(_("accuracy "))
            text.append(f"{test.exact:.0%}", "bold")
            text.append(" · ")
        if m.baseline is not None:
            self.query_one("#stats", Static).update(text + self.comparison(ev))
            return
        train_loss, test_loss = format_number(train.loss, 3), format_number(test.loss, 3)
        if m.run.model.mask:
            text.append(_("loss {train} train, {test} held out").format(train=train_loss, test=test_loss))
        else:
            text.append(_("(with the mask)") + "\n")
            text.append(_("no mask: train {train} · masked {test}").format(train=train_loss, test=test_loss), "bold")
        self.query_one("#stats", Static).update(text)

    def comparison(self, ev: dict[str, Evaluation]) -> Text:
        """The corpus: attention's losses above next-token's MLP's, at the same step, on the same
        windows (held out: attention with the mask)."""
        m = self.model
        text = Text(pad(_("loss at step {n}").format(n=m.steps), LABELS) + " " + fit(_("train"), 6) + " " + _("held out") + "\n", "bold")
        rows = ((_("attention, {n} chars").format(n=m.length) if m.run.model.mask else _("attention, no mask"), "", "bold"),
                (_("next-token, {n} chars").format(n=m.baseline.lm.config.context), "mlp ", ""))
        for name, key, style in rows:
            text.append(pad(name, LABELS) + " ")
            text.append(f"{format_number(ev[key + 'train'].loss, 3):<6} {format_number(ev[key + 'test'].loss, 3)}\n", style)
        text.rstrip()
        return text

    def draw_history(self) -> None:
        """Where the view has room: the training loss so far (the stopping rule's running mean)."""
        smoothed, baseline = self.model.smoothed, self.model.baseline_smoothed
        steps = list(range(1, len(smoothed) + 1))

        def draw(fig) -> None:
            label = _("attention, mean of {n} batches") if baseline else _("training loss, mean of {n} batches")
            if smoothed:
                fig.plot(steps, smoothed, label=label.format(n=SMOOTH))
            if baseline:
                fig.plot(steps, baseline, label=_("next-token MLP, mean of {n} batches").format(n=SMOOTH))
            fig.xlabel(_("training step"))

        top = max(smoothed + baseline, default=1.0) * 1.1
        self.query_one("#history", Chart).plot(("history", self.model.built, len(smoothed)), draw,
                                               xlim=(0, max(10, len(smoothed))), ylim=(0, top))

    def draw_gpt(self) -> None:
        text = Text(_("block: LN → attention → +x → LN → MLP → +x") + "\n", "bold")
        text.append(_("GPT: embeddings → N blocks → LN → head") + "\n")
        text.append(_("N blocks · h heads · width d") + "\n\n", "italic")
        text.append(pad("", 11) + f"{'N':>3}{'h':>3}{'d':>6} {_('parameters')}\n", "bold")
        for name, layers, heads, d, vocab, context, n in self.model.counts():
            text.append(pad(_(name), 11) + f"{layers:>3}{heads:>3}{d:>6} ")
            text.append(f"{n:,}", "bold")
            text.append(f" ≈ {short_count(n)}\n" if n >= 1e6 else "\n")
        vocabs = ", ".join(f"{_(name)} {vocab}/{context}" for name, _l, _h, _d, vocab, context, _n in self.model.counts())
        text.append(_("vocabulary/context: {list}").format(list=vocabs), "dim")
        self.query_one("#gpt", Static).update(text)


MODEL, SCREEN = AttentionModel, AttentionScreen
