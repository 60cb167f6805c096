"""Scene `next-token`: a tiny language model, trained live, predicting the next token.

The model (nntui.engine.lm: last k tokens → embedding → tanh layer → logits) trains in a
background thread while the viewer watches the loss fall and its samples turn from gibberish into
word-like text. For the prompt, the bars show P(next token) = top-k of softmax(logits / T), a
histogram of N seeded draws beside them, and the softmax written out for the top tokens. `g` adds
one sampled token; play keeps generating. Every model call holds one lock: the training thread
and the screen never use the network at the same time. The model (NextTokenModel, kept in the
app's store) holds the language model, its lock, loss history and generated text; the screen
runs the training thread and the poller that watches it.
"""

from __future__ import annotations

import threading
from time import sleep

import numpy as np
from rich.text import Text
from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from nntui.i18n import N_, _, pad
from nntui.engine import sample, softmax
from nntui.engine.lm import BOS, Config, LanguageModel, detokenize
from nntui.engine.optim import DIVERGED, StopRule
from nntui.engine.rng import Rng
from nntui.engine.text import corpus
from nntui.params import Param, format_number
from nntui.model import ANIMATION, Going, SceneModel
from nntui.scenes.base import SceneScreen
from nntui.scenes.tokens import TextBox
from nntui.widgets.panels import visible_text
from nntui.widgets.plot import Chart, MarkedChart

GPT3_PARAMS = 175_000_000_000
GPT3_TOKENS = 300_000_000_000
BARS = 10  # tokens shown
DRAWS = 200  # samples in the histogram
STEPS_PER_CHUNK = 25  # training steps between two looks at the lock
BETWEEN_CHUNKS = 0.0005  # s the trainer rests after each chunk (~7 ms): a lock is not fair, and
# without the rest it takes the lock back before the waiting UI thread wakes (seen: 1-6 s waits)
HISTORY_EVERY = 100  # steps between two points of the loss curve: fixed, so --steps redraws it exactly
PLATEAU_STEPS = 1500  # training pauses when the loss has not improved by PLATEAU in this many steps
PLATEAU = 0.01
GENERATE_SECONDS = 0.45  # per token while playing: the pick shows, then the token lands


class NextTokenModel(SceneModel):
    """The language model and what it wrote: `lm` (used only under `lock`), `history` of
    (step, loss) every HISTORY_EVERY steps, `generated` token ids after the prompt, `picked` the
    token lit in the bars before it lands, and `stop` (the engine's StopRule) deciding when
    training has stopped helping. Training itself runs in the screen's thread, in `train_chunk`."""

    SCENE_ID = "next-token"
    PARAMS = (
        Param("prompt", N_("prompt"), "the ", help=N_("the text the model continues (tab to type it)")),
        Param("temperature", N_("temperature"), 0.8, 0, 3, 0.1),
        Param("topk", N_("top-k"), 0, 0, 50, 1, decimals=0, help=N_("0 keeps every token")),
        Param("training", N_("training"), "off", choices=("off", "on")),
        Param("lr", N_("learning rate"), 0.5, 0.01, 10, 0.1, log=True),
        Param("level", N_("level"), "char", choices=("char", "word")),
        Param("context", N_("context k"), 3, 1, 8, 1, decimals=0),
        Param("hidden", N_("hidden size"), 96, 8, 256, 8, decimals=0),
        Param("seed", N_("seed"), 0, 0, 999, 1, decimals=0),
        Param("view", N_("view"), "predict", choices=("predict", "train")),
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
            self.lm, self.history, self.generated, self.trained = model, [(0, model.loss())], [], 0
            self.watch()

    def changed(self, name: str, value) -> None:
        if name in self.REBUILD:
            self.build()  # under the lock: a training thread goes on with the new model
        elif name == "lr":
            self.lm.trainer.optimizer.lr = float(value)
        elif name == "training" and value == "on":
            self.watch()

    def derived(self) -> set[str]:
        return {"training"}  # a screen is reproduced paused, after exactly --steps steps

    # ---- training (train_chunk runs in the screen's thread) ---------------------------------------
    def watch(self) -> None:
        """Judge the loss from here on: the stopping rule starts at the last measured loss."""
        self.stop = StopRule(PLATEAU, PLATEAU_STEPS)
        self.stop.update(*self.history[-1])

    def train_chunk(self, steps: int = STEPS_PER_CHUNK, worker=None) -> bool:
        """Some steps under the lock, the loss recorded every HISTORY_EVERY steps; False once
        training has diverged, or the worker doing it was cancelled (checked under the lock)."""
        with self.lock:
            if worker is not None and worker.is_cancelled:
                return False
            self.lm.train(steps)
            self.trained += steps
            if self.trained % HISTORY_EVERY == 0 or self.lm.trainer.diverged:
                self.history.append((self.trained, self.lm.loss()))
            return not self.lm.trainer.diverged

    def verdict(self) -> str | None:
        """Has training stopped helping? The StopRule on the last measured loss: "diverged",
        "settled" (a plateau) or None; training is switched off at either."""
        with self.lock:
            (steps, loss), diverged = self.history[-1], self.lm.trainer.diverged
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
        chunks = [STEPS_PER_CHUNK] * (n // STEPS_PER_CHUNK) + [n % STEPS_PER_CHUNK] * bool(n % STEPS_PER_CHUNK)
        for steps in chunks:  # the worker's chunks, so the loss curve is the same
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

    def distribution(self):
        """(probabilities after top-k, logits, the temperature-scaled softmax before top-k, the
        prompt's characters not in the vocabulary)."""
        ids, unknown = self.context_ids()
        t, k = float(self.values["temperature"]), int(self.values["topk"]) or None
        with self.lock:
            logits = self.lm.logits(ids)
            probs = self.lm.distribution(ids, t, k)
        return probs, logits, softmax(logits, t), unknown

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
    NextTokenScreen #generated { height: 2; color: $text-muted; }
    NextTokenScreen #bars, NextTokenScreen #about { height: auto; }
    NextTokenScreen #history { height: 1fr; }
    """

    def compose_view(self) -> ComposeResult:
        yield TextBox(value=str(self.model["prompt"]), placeholder="a prompt", id="prompt")
        yield Static(id="generated")
        yield Static(id="bars")
        yield MarkedChart(Chart((0, 10), (0, 4)), {}, id="history")
        yield Static(id="about")

    def prepare(self) -> None:
        self.poller = None
        model: NextTokenModel = self.model
        model.restart()  # a pick the last screen left lit (its landing timer went with it)
        if model.note:
            self.notify(model.note, timeout=6)
            model.note = None
        if model.values["training"] == "on":
            self.start_training()

    def show_change(self, scene_id: str, names: frozenset[str]) -> None:
        if "training" in names:
            self.start_training() if self.model.values["training"] == "on" else self.stop_training()
        if "prompt" in names:
            box = self.query_one(TextBox)
            if box.value != self.model.values["prompt"]:
                box.value = str(self.model.values["prompt"])
        super().show_change(scene_id, names)

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
        worker, model = get_current_worker(), self.model
        while model.train_chunk(worker=worker):
            sleep(BETWEEN_CHUNKS)

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
    def text_of(self, token_id: int) -> str:
        token = self.model.lm.vocab[token_id]
        return _("⟨start⟩") if token == BOS else visible_text(token if token != " " else "␣", 8)

    def update_view(self) -> None:
        predict = self.model.values["view"] == "predict"
        for wid, shown in (("#bars", predict), ("#history", not predict)):
            self.query_one(wid).display = shown
        self.draw_generated()
        if predict:
            self.draw_bars()
        else:
            self.draw_history()
        self.draw_about()

    def draw_generated(self) -> None:
        model: NextTokenModel = self.model
        prompt = str(model.values["prompt"])
        generated = detokenize([model.lm.vocab[i] for i in model.generated], model.lm.config.level)
        if model.lm.config.level == "word" and generated and prompt and not prompt.endswith(" "):
            generated = " " + generated
        width = max(10, self.query_one("#view").size.width - 2) * 2 - 2
        whole = (prompt + generated).replace("\n", " ⏎ ")
        tail = whole[-width:]
        cut = len(whole) - len(tail)
        text = Text("…" if cut else "")
        text.append(tail[: max(0, len(prompt) - cut)], "bold")
        text.append(tail[max(0, len(prompt) - cut):], "italic")
        self.query_one("#generated", Static).update(text)

    def draw_bars(self) -> None:
        model: NextTokenModel = self.model
        probs, logits, scaled, unknown = model.distribution()
        t = float(model.values["temperature"])
        order = np.argsort(-probs, kind="stable")[:BARS]
        draws = model.draws(probs)
        width = max(30, self.query_one("#view").size.width - 2)
        bar_w = max(6, width - 27)
        text = Text.assemble((_("next token"), "bold"), f"  T = {format_number(t)}, top-k = {int(model.values['topk']) or _('all')}",
                             "   " + _("{n} draws").format(n=DRAWS) + "\n")
        for i in order:
            if probs[i] <= 0:
                continue
            cells = probs[i] * bar_w
            bar = "█" * int(cells) + " ▏▎▍▌▋▊▉"[int((cells % 1) * 8)]
            style = "bold reverse" if i == model.picked else ""
            text.append(pad(self.text_of(i), 5, ">") + " ", style)
            text.append(f"{bar:<{bar_w + 1}}", "bold" if i == model.picked else "")
            text.append(f"{probs[i]:6.1%} {'▮' * min(8, round(8 * draws[i] / DRAWS)):<8}{draws[i]:>4}\n")
        if t > 0:
            tops = ", ".join(f"{self.text_of(i).strip()} {format_number(logits[i])} → {scaled[i]:.1%}" for i in order[:3])
            text.append(f"e^(logit/T) ÷ Σ: {tops}", "italic")
        else:
            text.append(_("T = 0: no division: the top token gets everything (greedy)"), "italic")
        if unknown:
            text.append("\n" + _("not in the vocabulary, skipped: ") + " ".join(visible_text(u, 6) for u in unknown[:8]), "italic")
        self.query_one("#bars", Static).update(text)

    def draw_history(self) -> None:
        history = self.model.history
        xs, ys = [h[0] for h in history], [h[1] for h in history]

        def draw(fig) -> None:
            fig.plot(xs, ys)
            fig.xlabel(_("training step  (cross-entropy, nats per token)"))

        self.query_one("#history", MarkedChart).chart.plot(
            ("history", len(history)), draw, xlim=(0, max(100, xs[-1])), ylim=(0, max(ys) * 1.1))

    def draw_about(self) -> None:
        model: NextTokenModel = self.model
        lm = model.lm
        n = lm.n_params
        steps = model.steps
        loss = model.history[-1][1]
        if lm.trainer.diverged:
            text = Text.assemble(_("step {n}").format(n=f"{steps:,}") + " · ", (" " + _("DIVERGED") + " ", "bold reverse"),
                                 " " + _("the learning rate is too large: R for a fresh model") + "\n")
        else:
            training = _("training") if model.values["training"] == "on" else _("not training")
            text = Text.assemble(_("step {n}").format(n=f"{steps:,}") + f" · {_('loss')} {format_number(loss, 3)} · {training}\n")
        bar_w = 24
        for name, count in ((_("this model {n}").format(n=f"{n:,}"), n), (f"GPT-3 {GPT3_PARAMS:,}", GPT3_PARAMS)):
            cells = int(np.log10(count) / 12 * bar_w)
            text.append(pad(name, 28), "bold")
            text.append("█" * cells + "\n")
        text.append(_("parameters, log scale (×10 per 2 cells); trained on {n} tokens vs ~300 billion").format(
            n=f"{len(lm.Y):,}"), "italic")
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
