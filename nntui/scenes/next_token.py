"""Scene `next-token`: a tiny language model, trained live, predicting the next token.

The model (nntui.engine.lm: last k tokens → embedding → tanh layer → logits) trains in a
background thread, at `speed` steps a second, while the viewer watches the training and held-out
losses on one chart and its samples turn from gibberish into word-like text. The text shows the
context window (the last k tokens, the only ones the model reads) highlighted as it slides. For
the prompt, the bars show P(next token) = top-k of softmax(logits / T), with the model's own
odds (T = 1) beside them when T differs, a histogram of N seeded draws, and the softmax written
out for the top tokens. The embedding view draws every token's learned vector, projected to 2-D
by the engine's PCA. `g` adds one sampled token; play keeps generating. Every model call holds
one lock: the training thread and the screen never use the network at the same time. The model
(NextTokenModel, kept in the app's store) holds the language model, its lock, loss history and
generated text; the screen runs the training thread and the poller that watches it.
"""

from __future__ import annotations

import threading
from time import monotonic, sleep

import numpy as np
from rich.cells import cell_len
from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from nntui.i18n import N_, _, pad
from nntui.engine import sample, softmax, top_k
from nntui.engine.lm import BOS, Config, LanguageModel, detokenize_spans, token_spans
from nntui.engine.optim import DIVERGED, StopRule
from nntui.engine.rng import Rng
from nntui.engine.text import corpus
from nntui.params import Param, format_number
from nntui.model import ANIMATION, Going, SceneModel
from nntui.scenes.base import SceneScreen
from nntui.scenes.tokens import TextBox
from nntui.widgets.panels import visible_text
from nntui.widgets.plot import Chart, MarkedChart
from nntui.widgets.scatter import ScatterMap

GPT3_PARAMS = 175_000_000_000
GPT3_TOKENS = 300_000_000_000
BARS = 10  # tokens shown
DRAWS = 200  # samples in the histogram
STEPS_PER_CHUNK = 25  # training steps between two looks at the lock, at most
BETWEEN_CHUNKS = 0.0005  # s the trainer rests after each chunk (~7 ms): a lock is not fair, and
# without the rest it takes the lock back before the waiting UI thread wakes (seen: 1-6 s waits)
HISTORY_EVERY = 100  # steps between two points of the loss curve: fixed, so --steps redraws it exactly
PLATEAU_STEPS = 1500  # training pauses when the loss has not improved by PLATEAU in this many steps
PLATEAU = 0.01
GENERATE_SECONDS = 0.45  # per token while playing: the pick shows, then the token lands
MAP_TOKENS = 80  # the most frequent tokens the embedding map labels
VOWELS = set("aeiouAEIOU")


class NextTokenModel(SceneModel):
    """The language model and what it wrote: `lm` (used only under `lock`), `history` of
    (step, training loss, held-out loss) every HISTORY_EVERY steps, `generated` token ids after
    the prompt (cleared whenever the prompt is set), `picked` the token lit in the bars before it
    lands, and `stop` (the engine's StopRule) deciding when training has stopped helping.
    Training itself runs in the screen's thread, in `train_paced` (`speed` steps a second)."""

    SCENE_ID = "next-token"
    PARAMS = (
        Param("prompt", N_("prompt"), "the ", help=N_("the text the model continues (tab to type it)")),
        Param("temperature", N_("temperature"), 0.8, 0, 3, 0.1),
        Param("topk", N_("top-k"), 0, 0, 50, 1, decimals=0, help=N_("0 keeps every token")),
        Param("training", N_("training"), "off", choices=("off", "on")),
        Param("lr", N_("learning rate"), 0.5, 0.01, 10, 0.1, log=True),
        Param("speed", N_("steps / s"), 100, 1, 5000, 0.25, decimals=0, log=True,
              help=N_("training speed, in steps a second: slow it down to watch each step")),
        Param("level", N_("level"), "char", choices=("char", "word")),
        Param("context", N_("context k"), 3, 1, 8, 1, decimals=0),
        Param("hidden", N_("hidden size"), 96, 8, 256, 8, decimals=0),
        Param("seed", N_("seed"), 0, 0, 999, 1, decimals=0),
        Param("view", N_("view"), "predict", choices=("predict", "train", "embed")),
    )
    REBUILD = {"level", "context", "hidden", "seed"}

    def __init__(self, store) -> None:
        self.lock = threading.Lock()  # one for the model's life: the training thread holds it across rebuilds
        self.lm: LanguageModel | None = None
        self.note = store.input("corpus_note")  # --corpus's remark, for the screen to show once
        super().__init__(store)

    def setup(self) -> None:
        """The first time the --weights model if one was given, later a fresh one."""
        self.build(self.store.input("model") if self.lm is None else None)
        self.picked: int | None = None
        self.carry = 0.0

    def build(self, model: LanguageModel | None = None) -> None:
        """A fresh, seeded, untrained model (or a loaded one) for the current shape."""
        v = self.values
        text = self.store.input("corpus") or corpus()
        if model is None:
            config = Config(str(v["level"]), int(v["context"]), 10, int(v["hidden"]))
            rng = Rng(self.store.seed, int(v["seed"]))
            model = LanguageModel(text, config, rng, lr=float(v["lr"]))
        else:
            v.update(level=model.config.level, context=model.config.context, hidden=model.config.hidden)
        with self.lock:
            self.lm, self.history, self.generated, self.trained = model, [(0, *self.losses(model))], [], 0
            self.watch()

    def changed(self, name: str, value) -> None:
        if name in self.REBUILD:
            self.build()  # under the lock: a training thread goes on with the new model
        elif name == "lr":
            self.lm.trainer.optimizer.lr = float(value)
        elif name == "training" and value == "on":
            self.watch()
        elif name == "prompt":  # a continuation belongs to the prompt it was written after
            self.generated, self.picked = [], None

    def derived(self) -> set[str]:
        return {"training"}  # a screen is reproduced paused, after exactly --steps steps

    # ---- training (train_chunk runs in the screen's thread) ---------------------------------------
    def watch(self) -> None:
        """Judge the loss from here on: the stopping rule starts at the last measured loss."""
        self.stop = StopRule(PLATEAU, PLATEAU_STEPS)
        self.stop.update(*self.history[-1])

    @staticmethod
    def losses(lm: LanguageModel) -> tuple[float, float]:
        """(training loss, held-out loss), nats per token."""
        return lm.loss("train"), lm.loss("held-out")

    def train_chunk(self, steps: int = STEPS_PER_CHUNK, worker=None) -> bool:
        """Some steps under the lock, the losses recorded at every multiple of HISTORY_EVERY
        steps (however the steps come in chunks); False once training has diverged, or the
        worker doing it was cancelled (checked under the lock)."""
        with self.lock:
            if worker is not None and worker.is_cancelled:
                return False
            while steps > 0 and not self.lm.trainer.diverged:
                n = min(steps, HISTORY_EVERY - self.trained % HISTORY_EVERY)
                self.lm.train(n)
                self.trained, steps = self.trained + n, steps - n
                if self.trained % HISTORY_EVERY == 0 or self.lm.trainer.diverged:
                    self.history.append((self.trained, *self.losses(self.lm)))
            return not self.lm.trainer.diverged

    def train_paced(self, worker, clock=monotonic, sleep=sleep) -> None:
        """Train until the worker is cancelled or training diverges, at `speed` steps a second
        (read live, so a nudge takes effect at once): the steps owed since the last chunk, at most
        STEPS_PER_CHUNK at a time, so a machine that cannot keep up just goes as fast as it can."""
        owed, last = 0.0, clock()
        while not worker.is_cancelled:
            now = clock()
            rate = float(self.values["speed"])
            owed, last = min(owed + (now - last) * rate, STEPS_PER_CHUNK), now
            if owed < 1:
                sleep(min(0.05, (1 - owed) / rate))
                continue
            steps = int(owed)
            owed -= steps
            if not self.train_chunk(steps, worker):
                return
            sleep(BETWEEN_CHUNKS)

    def verdict(self) -> str | None:
        """Has training stopped helping? The StopRule on the last measured loss: "diverged",
        "settled" (a plateau) or None; training is switched off at either."""
        with self.lock:
            (steps, loss, _held), diverged = self.history[-1], self.lm.trainer.diverged
        verdict = self.stop.update(steps, loss, diverged)
        if verdict is not None:
            self.set("training", "off")
        return verdict

    @property
    def steps(self) -> int:
        return self.trained

    def train(self, n: int, going: Going | None = None) -> None:
        self.set("training", "off")
        if self.store.input("model") is None:
            self.build()
        while n > 0:  # in chunks, asking `going` between them; the losses are recorded at the
            steps = min(n, STEPS_PER_CHUNK)  # same steps however the steps are chunked
            n -= steps
            if not self.train_chunk(steps) or (going is not None and not going(self.trained)):
                break
        self.notify(ANIMATION)

    def save(self, path: str) -> None:
        with self.lock:
            self.lm.save(path)

    # ---- predicting --------------------------------------------------------------------------------
    def context_ids(self) -> tuple[list[int], list[str]]:
        ids, unknown = self.lm.encode(str(self.values["prompt"]))
        return ids + self.generated, unknown

    def text(self) -> tuple[str, int, list[tuple[int, int]]]:
        """The prompt and what was generated after it as one text, the prompt's length, and
        where each token the model reads stands in that text (the prompt's known tokens, then
        the generated ones): the context window is the last k of them."""
        prompt, level = str(self.values["prompt"]), self.lm.config.level
        case = str.lower if level == "word" else str
        spans = [(a, b) for a, b in token_spans(prompt, level) if case(prompt[a:b]) in self.lm.index]
        generated, more = detokenize_spans([self.lm.vocab[i] for i in self.generated], level)
        gap = " " if level == "word" and generated and prompt and not prompt.endswith(" ") else ""
        shift = len(prompt) + len(gap)
        return prompt + gap + generated, len(prompt), spans + [(a + shift, b + shift) for a, b in more]

    def window(self) -> list[int]:
        """The ids the model reads: the last k of the text, the start token filling in before it."""
        return list(self.lm.context_of(self.context_ids()[0])[0])

    def distribution(self):
        """(probabilities after top-k at T, logits, the same at T = 1, the prompt's characters
        not in the vocabulary). Top-k keeps the same tokens at every T > 0: the largest logits."""
        ids, unknown = self.context_ids()
        t, k = float(self.values["temperature"]), int(self.values["topk"]) or None
        with self.lock:
            logits = self.lm.logits(ids)
            probs = self.lm.distribution(ids, t, k)
        return probs, logits, top_k(softmax(logits, 1.0), k), unknown

    def embedding_map(self):
        """(2-D PCA of every token's embedding, the share of variance on each axis, the tokens in
        order of how often the training text has them)."""
        with self.lock:
            points, shares = self.lm.embedding_map()
            counts = np.bincount(self.lm.Y[: self.lm.n_train], minlength=len(self.lm.vocab))
        return points, shares, np.argsort(-counts, kind="stable")

    def draws(self, probs: np.ndarray) -> np.ndarray:
        """How often each token comes up in DRAWS seeded samples from `probs`."""
        if probs.sum() <= 0:
            return np.zeros(len(probs), int)
        return np.bincount([sample(probs, Rng(self.store.seed, len(self.generated), d)) for d in range(DRAWS)],
                           minlength=len(probs))

    # ---- generating: the pick lights up in the bars, then lands in the text -------------------------
    def pick(self) -> int:
        probs, *_rest = self.distribution()
        return sample(probs, Rng(self.store.seed, int(self.values["seed"]), len(self.generated), 7))

    def land(self) -> None:
        if self.picked is not None:
            self.generated.append(self.picked)
            self.picked = None
            self.notify(ANIMATION)

    def step(self) -> None:
        """One token: the last pick lands, the next one is picked (it lands at `land`)."""
        self.land()
        self.picked = self.pick()
        self.notify(ANIMATION)

    def clear(self) -> None:
        self.generated, self.picked = [], None
        self.notify(ANIMATION)

    def advance(self, dt: float) -> bool:
        self.carry += dt
        if self.carry >= GENERATE_SECONDS / 2:
            self.carry = 0.0
            if self.picked is None:
                self.picked = self.pick()
                self.notify(ANIMATION)
            else:
                self.land()
        return True

    def finish(self) -> None:
        self.step()
        self.land()

    def restart(self) -> None:
        self.picked = None
        self.carry = 0.0

    def settle(self) -> None:
        """Stepping to a beat keeps the model and its text."""
        self.picked = None


class NextTokenScreen(SceneScreen):
    SCENE_ID = "next-token"
    BINDINGS = [
        Binding("g", "generate", "Generate", tooltip="Append one sampled token"),
        Binding("t", "toggle_training", "Train", tooltip="Training on / off"),
        Binding("w", "save_weights", "Save", show=False, tooltip="Save the weights to nntui-next-token.npz"),
        Binding("x", "clear_text", "Clear", show=False, tooltip="Clear the generated text"),
        Binding("tab", "app.focus_next", "Prompt", show=False, tooltip="Switch focus: the prompt or the parameters"),
    ]
    DEFAULT_CSS = """
    NextTokenScreen #generated { height: auto; color: $text-muted; }
    NextTokenScreen #bars, NextTokenScreen #about, NextTokenScreen #legend { height: auto; }
    NextTokenScreen #history { height: 1fr; min-height: 8; }
    NextTokenScreen #embed { height: 1fr; }
    """

    def compose_view(self) -> ComposeResult:
        yield TextBox(value=str(self.model["prompt"]), placeholder="a prompt", id="prompt")
        yield Static(id="generated")
        yield Static(id="bars")
        yield ScatterMap(id="embed")
        yield MarkedChart(Chart((0, 10), (0, 4)), {}, id="history")
        yield Static(id="legend")
        yield Static(id="about")

    def prepare(self) -> None:
        self.poller = None
        model: NextTokenModel = self.model
        model.restart()  # a pick the last screen left lit (its landing timer went with it)
        if model.note:
            self.notify(model.note, timeout=6)
            model.note = None
        self.call_after_refresh(self.sync_training)  # once mounted: the beat and --set may have changed it

    def sync_training(self) -> None:
        """The training thread runs exactly while `training` is on (changes made while the screen
        was mounting reached no show_change)."""
        if self.model.values["training"] == "on":
            self.start_training()
        else:
            self.stop_training()
        self.show_play_state()

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        if "training" in names:
            self.sync_training()
        if "prompt" in names:
            box = self.query_one(TextBox)
            if box.value != self.model.values["prompt"]:
                box.value = str(self.model.values["prompt"])
        super().show_change(scene_id, names)

    def show_play_state(self) -> None:
        """The panel says what moves: the generation (space) or, without it, the training (t)."""
        super().show_play_state()
        if self.children and not self.playing and self.model.values["training"] == "on":
            self.panel.border_subtitle = _("▶ training · t pauses")

    def on_input_changed(self, event: Input.Changed) -> None:
        value = event.input.value[:2000]  # the box's value now, not the event's (see tokens)
        if value != self.model.values["prompt"]:
            self.set_param("prompt", value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("ParamPanel").focus()

    # ---- training in a background thread ---------------------------------------------------------
    def start_training(self) -> None:
        self.train_loop()
        if self.poller is None:
            self.poller = self.set_interval(0.25, self.poll)

    def stop_training(self) -> None:
        self.workers.cancel_group(self, "train")
        with self.model.lock:  # a chunk under way ends before this returns, and none starts after it:
            pass  # the step count shown (and the one `c` writes) is the model's last
        if self.poller is not None:
            self.poller.stop()
            self.poller = None

    @work(thread=True, exclusive=True, group="train")
    def train_loop(self) -> None:
        self.model.train_paced(get_current_worker())

    def replay_steps(self, n: int) -> None:
        """--steps: no training thread beside the replay's."""
        self.set_param("training", "off")
        super().replay_steps(n)

    def poll(self) -> None:
        """Four times a second while training: redraw, and say why if training stopped itself."""
        verdict = self.model.verdict()
        if verdict is not None:
            self.notify(_("Diverged: the learning rate is too large. R resets.") if verdict == DIVERGED
                        else _("The loss stopped improving: training paused."), timeout=4)
        self.update_view()

    # ---- drawing -------------------------------------------------------------------------------------
    def text_of(self, token_id: int, width: int = 8) -> str:
        token = self.model.lm.vocab[token_id]
        return _("⟨start⟩") if token == BOS else visible_text(token if token != " " else "␣", width)

    @property
    def width(self) -> int:
        return max(30, self.query_one("#view").size.width - 2)

    def update_view(self) -> None:
        view = self.model.values["view"]
        free = self.query_one("#view").size.height - 1 - self.generated_rows() - BARS - 4 - 2
        chart = view == "train" or (view == "predict" and free >= 8)
        for wid, shown in (("#bars", view == "predict"), ("#embed", view == "embed"), ("#history", chart), ("#legend", chart)):
            self.query_one(wid).display = shown
        self.draw_generated()
        if view == "predict":
            self.draw_bars()
        if view == "embed":
            self.draw_embedding()
        if self.query_one("#history").display:
            self.draw_history()
        self.draw_about()

    def generated_rows(self) -> int:
        return 1 if self.query_one("#view").size.height < 20 else 2

    def draw_generated(self) -> None:
        """The prompt (bold) and what was generated (italic), the end of it if it is long, with
        the context window (the last k tokens, what the model reads) in reverse video."""
        model: NextTokenModel = self.model
        whole, prompt_len, spans = model.text()
        window = spans[-model.lm.config.context:]
        lo, hi = (window[0][0], window[-1][1]) if window else (len(whole), len(whole))
        text = Text(whole.replace("\n", "⏎"))
        text.stylize("bold", 0, prompt_len)
        text.stylize("italic", prompt_len)
        text.stylize("reverse", lo, hi)
        room = self.width * self.generated_rows() - 2
        if len(whole) > room:
            text = Text("…").append_text(text[len(whole) - room + 1:])
        self.query_one("#generated", Static).update(text)

    def draw_bars(self) -> None:
        """The BARS likeliest tokens: label, bar, probability (after top-k), the model's own
        probability at T = 1 when T differs, the draws; then the softmax written out."""
        model: NextTokenModel = self.model
        probs, logits, own, unknown = model.distribution()
        t, k = float(model.values["temperature"]), int(model.values["topk"])
        order = [i for i in np.argsort(-probs, kind="stable")[:BARS] if probs[i] > 0]
        draws = model.draws(probs)
        labels = {i: self.text_of(i) for i in order}
        label_w = max(5, *(cell_len(labels[i]) for i in order))
        compare = t > 0 and t != 1
        bar_w = max(6, self.width - label_w - 22 - 7 * compare)
        seen = ("" if model.lm.config.level == "char" else " ").join(self.text_of(i, 12) for i in model.window())
        text = Text.assemble((_("next token after «{window}»").format(window=seen), "bold"),
                             f"  T = {format_number(t)} · top-k = {k or _('all')}\n")
        header = pad(_("token"), label_w, ">") + " " + pad(_("probability"), bar_w + 1) + pad("%", 6, ">")
        header += pad("T = 1", 7, ">") * compare + pad(_("draws of {n}").format(n=DRAWS), 14, ">")
        text.append(header + "\n", "dim underline")
        for i in order:
            cells = probs[i] * bar_w
            bar = "█" * int(cells) + " ▏▎▍▌▋▊▉"[int((cells % 1) * 8)]
            lit = "bold reverse" if i == model.picked else ""
            text.append(pad(labels[i], label_w, ">"), lit)
            text.append(" " + f"{bar:<{bar_w + 1}}", "bold" if i == model.picked else "")
            text.append(f"{probs[i]:6.1%}" + (f"{own[i]:7.1%}" if compare else ""))
            text.append(f"  {'▮' * min(8, round(8 * draws[i] / DRAWS)):<8}{draws[i]:>4}\n")
        text.append_text(self.formula(order, probs, logits, t, k))
        if unknown:
            text.append("\n" + _("not in the vocabulary, skipped: ") + " ".join(visible_text(u, 6) for u in unknown[:8]), "italic")
        self.query_one("#bars", Static).update(text)

    def formula(self, order, probs, logits, t: float, k: int) -> Text:
        """softmax for the top tokens, with the numbers the bars show (after top-k): as many
        tokens as fit on one row (at least one)."""
        if t <= 0:
            return Text(_("T = 0: no division: the top token gets everything (greedy)"), "italic")
        over = _("Σ top {k}").format(k=k) if 0 < k < len(probs) else "Σ"
        line = f"e^(logit/T) ÷ {over}:"
        divided = f"/{format_number(t)}" if t != 1 else ""
        for n, i in enumerate(order[:3]):
            more = f"{',' * bool(n)} {self.text_of(i).strip()} {format_number(logits[i])}{divided} → {probs[i]:.1%}"
            if n and cell_len(line + more) > self.width:
                break
            line += more
        return Text(line, "italic")

    def draw_embedding(self) -> None:
        """Each token's learned vector (its row of the embedding table E), projected to 2-D by
        PCA, drawn as the token itself: the most frequent first; vowels bold, marks dim."""
        model: NextTokenModel = self.model
        points, shares, order = model.embedding_map()
        order = order[:MAP_TOKENS]
        labels = [self.text_of(i, 6) for i in order]
        styles = [Style(bold=True) if label in VOWELS else Style(dim=not label[0].isalnum()) for label in labels]
        caption = Text(_("each token: its row of E ({d} numbers), PCA to 2-D ({x} + {y} of the variance)").format(
            d=model.lm.config.embed, x=f"{shares[0]:.0%}", y=f"{shares[1]:.0%}"), "italic")
        if model.lm.config.level == "char":
            caption.append(" · " + _("bold: vowels"), "italic")
        self.query_one("#embed", ScatterMap).show(points[order], labels, styles, caption)

    def draw_history(self) -> None:
        history = self.model.history
        xs = [h[0] for h in history]
        train, held = [h[1] for h in history], [h[2] for h in history]
        held_n = len(self.model.lm.Y) - self.model.lm.n_train

        def draw(fig) -> None:
            fig.plot(xs, train)
            fig.plot(xs, held)
            fig.xlabel(_("training step  (cross-entropy, nats per token)"))

        chart = self.query_one("#history", MarkedChart).chart
        (first, second), marks = chart.theme_colors()[:2], ("⣀⣀", "▄▄")  # plotext's braille, then "hd" marker
        self.query_one("#legend", Static).update(Text.assemble(
            (marks[0], Style(color=Color.from_rgb(*first), bold=True)), " " + _("training") + "   ",
            (marks[1], Style(color=Color.from_rgb(*second), bold=True)),
            " " + _("held-out (the last {n} tokens)").format(n=f"{held_n:,}")))

        top = max(max(train), max(v for v in held if np.isfinite(v)) if any(np.isfinite(held)) else 0)
        chart.plot(("history", len(history)), draw, xlim=(0, max(100, xs[-1])), ylim=(0, top * 1.1))

    def draw_about(self) -> None:
        model: NextTokenModel = self.model
        lm = model.lm
        n = lm.n_params
        steps = model.steps
        _step, loss, held = model.history[-1]
        if lm.trainer.diverged:
            text = Text.assemble(_("step {n}").format(n=f"{steps:,}") + " · ", (" " + _("DIVERGED") + " ", "bold reverse"),
                                 " " + _("the learning rate is too large: R for a fresh model"))
        else:
            text = Text(_("step {n}").format(n=f"{steps:,}") + f" · {_('loss')} {format_number(loss, 2)} · "
                        + _("held-out {loss}").format(loss=format_number(held, 2)))
        if model.values["view"] == "train":
            bar_w = min(24, self.width - 23)
            for name, count in ((_("this model {n}").format(n=f"{n:,}"), n), (f"GPT-3 {GPT3_PARAMS:,}", GPT3_PARAMS)):
                cells = int(np.log10(count) / 12 * bar_w)
                text.append("\n" + pad(name, 23), "bold")
                text.append("█" * cells)
            text.append("\n" + _("parameters, log scale (×10 per 2 cells); trained on {n} tokens vs ~300 billion").format(
                n=f"{lm.n_train:,}"), "italic")
        self.query_one("#about", Static).update(text)

    # ---- keys ----------------------------------------------------------------------------------------
    def action_generate(self) -> None:
        """One token: the pick lights up in the bars, then lands in the text."""
        self.model.step()
        if self.app.reduced_motion:
            self.model.land()
        else:
            self.set_timer(GENERATE_SECONDS / 2, self.model.land)

    def action_step(self) -> None:
        self.pause()
        self.action_generate()

    def action_show_command(self) -> None:
        """The command reproduces a paused screen (--steps): training pauses, so this one stays it."""
        if self.model.values["training"] == "on":
            self.set_param("training", "off")
        super().action_show_command()

    def action_toggle_training(self) -> None:
        self.set_param("training", "off" if self.model.values["training"] == "on" else "on")

    def action_clear_text(self) -> None:
        self.model.clear()

    def action_save_weights(self) -> None:
        path = "nntui-next-token.npz"
        try:
            self.model.save(path)
        except OSError as e:
            self.notify(_("Could not save {path}: {error}").format(path=path, error=e.strerror or e), severity="error")
            return
        self.notify(_("Saved the weights to {path}: nntui next-token --weights {path}").format(path=path), timeout=5)

    def action_reset_scene(self) -> None:
        """R: every parameter back to its default and a fresh, untrained model."""
        self.stop_training()
        super().action_reset_scene()


MODEL, SCREEN = NextTokenModel, NextTokenScreen
