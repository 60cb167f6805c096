"""Prediction beats: a beat may ask the viewer to predict before it reveals.

    [[beat]]
    title = "Which way will the loss go?"
    text = "…"
    ask = { question = "After one more step, the loss…", choices = ["falls", "rises"], answer = "descent.loss-change" }

`answer` names one of the checks below, never an answer written into the script: the engine
computes it when the beat reveals (PageDown), from the scene's model as it is then. There are
three kinds of check, and a script's `choices` must fit the kind:

- value: the engine computes a number; the choices are numbers ("3072", "0.982") and the right
  one is the choice nearest to it.
- outcome: the engine decides between fixed outcomes, listed in the check's order (for
  `*.loss-change`: falls, rises); the choices name them in that order, in the script's words.
  A check that steps the model (`*.loss-change`) takes that step when the beat reveals; a check
  of what the beat's change does (`next-token.top-change`) notes the value before it.
- pick: the engine scores each choice (a token, a character) and the right one scores highest.

No Textual here: a check reads a SceneModel. `CHECKS` is the documented set; README lists it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from nntui.params import format_fine, format_number

# NumPy and the engine are imported where a check measures: scripts are read (and their `ask`
# tables checked) before the first frame, which must not wait for NumPy.


@dataclass(frozen=True)
class Ask:
    """What a beat asks: the question, the choices in the script's words, the check's name."""

    question: str
    choices: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Verdict:
    """What a reveal found: the index of the right choice, and the numbers that decide it."""

    right: int
    numbers: str


def number(text: str) -> float | None:
    """A choice read as a number ("196,608", "−0.5", "0.982"), or None."""
    try:
        return float(text.replace(",", "").replace("−", "-").replace(" ", ""))
    except ValueError:
        return None


@dataclass(frozen=True)
class Check:
    """One engine-backed check. `kind` is value, outcome or pick (see the module docstring).

    value:   measure(model) -> (value, label)           the right choice is the nearest number
    outcome: measure(model, before) -> (index, numbers)  `before` is prepare(model), taken first
    pick:    measure(model, choice) -> score or None     the right choice scores highest
    """

    scene: str
    kind: str
    doc: str
    measure: Callable[..., Any]
    outcomes: tuple[str, ...] = ()
    prepare: Callable[[Any], Any] = lambda model: None
    before_change: bool = False  # prepare before the beat's settings apply (else after them)

    def problem(self, choices: tuple[str, ...]) -> str | None:
        """Why `choices` do not fit this check, or None."""
        if self.kind == "value" and any(number(c) is None for c in choices):
            return "every choice must be a number for a value check"
        if self.kind == "outcome" and len(choices) != len(self.outcomes):
            return f"needs {len(self.outcomes)} choices, in this order: {', '.join(self.outcomes)}"
        return None

    def reveal(self, model, choices: tuple[str, ...], noted: Any = None) -> Verdict:
        """Compute the answer now, from the model as it is. An outcome check measures against
        `prepare(model)`: taken now, or (`before_change`) before the beat's settings applied,
        passed in as `noted`."""
        import numpy as np

        if self.kind == "value":
            value, label = self.measure(model)
            right = int(np.argmin([abs(number(c) - value) for c in choices]))
            return Verdict(right, f"{label} = {format_fine(value)}")
        if self.kind == "outcome":
            return Verdict(*self.measure(model, noted if self.before_change else self.prepare(model)))
        scores = [self.measure(model, c) for c in choices]
        known = [s if s is not None else -np.inf for s in scores]
        right = int(np.argmax(known))
        return Verdict(right, "  ".join(f"P({c!r}) = {format_fine(s) if s is not None else '—'}" for c, s in zip(choices, scores)))


# ---- the checks ------------------------------------------------------------------------------
def loss_change(loss: Callable[[Any], float | None], first: Callable[[Any], float] | None = None):
    """An outcome check's measure: one training step (the `.` key), then did the loss the
    scene shows, `loss(model)`, fall (0) or rise (1)? `first(model)`: where it started, for a
    scene whose trainer is made by its first step (loss() is None before)."""

    def measure(model, before: float | None) -> tuple[int, str]:
        model.step()
        after = loss(model)
        after = after if after is not None and math.isfinite(after) else math.inf
        if before is None and first is not None:
            before = first(model)
        return (0 if after < before else 1), "L " + " → ".join(apart(before, after))

    return measure


def apart(a: float, b: float) -> tuple[str, str]:
    """Two numbers with as few decimals as show them apart (at most 6): 0.6931 → 0.6925."""
    for d in range(3, 7):
        if format_number(a, d) != format_number(b, d):
            break
    return format_number(a, d), format_number(b, d)


def network_loss(model) -> float:
    """The training loss of the network shown (with the hidden layer or without)."""
    return float(model.history[str(model.values["layer"])][0][-1])


def neuron_decision(model, _before) -> tuple[int, str]:
    """Does the neuron say yes (0) or no (1)? By its activation's own rule at z."""
    from nntui.engine.activations import get_activation

    out = model.output()
    act = get_activation(str(model.values["activation"]))
    yes = act.says_yes(out.z)
    return (0 if yes else 1), f"z = {format_number(out.z)}: {act.rule(yes)}"


def activation_value(model) -> tuple[float, str]:
    import numpy as np

    from nntui.engine.activations import get_activation

    name, kz = str(model.values["activation"]), float(model.values["scale"]) * model.z  # the scene plots f(k·z)
    return float(get_activation(name).f(np.array([kz]))[0]), f"{name}({format_number(kz)})"


def log_loss_value(model) -> tuple[float, str]:
    import numpy as np

    from nntui.engine.losses import log_loss_terms

    p, y = model.p, float(model.values["y"])
    return float(log_loss_terms(np.array([p]), np.array([y]))[0]), f"L(p = {format_number(p)}, y = {int(y)})"


def network_decision(model, _before) -> tuple[int, str]:
    """What the network shown says of the email on screen: ok (0) or spam (1)."""
    import numpy as np

    from nntui.engine.softmax import softmax

    p = softmax(model.trainer.model.forward(model.x))[0]
    return int(np.argmax(p)), f"P(spam) = {format_fine(float(p[1]))}"


def favourite(model) -> tuple[int, float]:
    """The most probable next token after the prompt, and its probability."""
    import numpy as np

    probs = model.distribution()[0]
    return int(np.argmax(probs)), float(probs.max())


def favourite_change(model, before: tuple[int, float]) -> tuple[int, str]:
    """After the beat's change (a temperature, a top-k): does the favourite of before become
    more likely (0) or less (1)?"""
    token, was = before
    now = float(model.distribution()[0][token])
    label = model.lm.vocab[token]
    return (0 if now > was else 1), f"P({label!r}) " + " → ".join(apart(was, now))


def trained_accuracy(model) -> tuple[float, str]:
    """Train to the end (the stopping rule's, under a second), then the held-out exact-match
    rate, in %."""
    model.finish()
    return 100 * model.evaluations()["test"].exact, "held-out accuracy (%)"


def attention_prediction(model) -> str:
    """The token the model predicts at the selected query position."""
    import numpy as np

    probs = model.trace().probs[model.query]
    return str(model.run.task.vocab[int(np.argmax(probs))])


def prediction_change(model, before: str) -> tuple[int, str]:
    """After the beat's change (an edited score): does the prediction change (0) or stay (1)?"""
    after = attention_prediction(model)
    return (0 if after != before else 1), f"{before!r} → {after!r}"


def top_position(model) -> tuple[float, str]:
    """The key position (1-based) the selected query's row gives the most weight, head shown."""
    import numpy as np

    row = model.trace().weights[0][model.head][model.query]
    return float(np.argmax(row) + 1), f"query {model.query + 1} looks most at position"


def top_next(model, choice: str) -> float | None:
    """P(choice | the prompt) under the next-token model, after temperature; None if the model
    cannot produce `choice` as one token."""
    probs = model.distribution()[0]
    index = model.lm.index.get(choice)
    return float(probs[index]) if index is not None else None


CHECKS: dict[str, Check] = {
    "pixels.features": Check("pixels", "value", "the feature vector's length, height × width × channels",
                             lambda m: (float(m.picture().size), "features")),
    "neuron.z": Check("neuron", "value", "z = w·x + b", lambda m: (m.z, "z")),
    "neuron.output": Check("neuron", "value", "a = f(z), the neuron's output", lambda m: (m.output().a, "a")),
    "neuron.decision": Check("neuron", "outcome", "the neuron's answer, yes or no, by its activation's rule",
                             neuron_decision, outcomes=("yes", "no")),
    "sigmoid.value": Check("sigmoid", "value", "the activation at z", activation_value),
    "loss.value": Check("loss", "value", "log loss −[y·log p + (1−y)·log(1−p)]", log_loss_value),
    "loss.loss-change": Check("loss", "outcome", "the mean loss after one more training step",
                              loss_change(lambda m: m.history[-1] if m.history else None, lambda m: m.history[0]),
                              ("falls", "rises"), lambda m: m.history[-1] if m.history else None),
    "descent.loss-change": Check("descent", "outcome", "the loss after one more step of gradient descent",
                                 loss_change(lambda m: m.path[-1][2]), ("falls", "rises"), lambda m: m.path[-1][2]),
    "network.loss-change": Check("network", "outcome", "the training loss after one more step",
                                 loss_change(network_loss), ("falls", "rises"), network_loss),
    "tokens.count": Check("tokens", "value", "how many tokens the text splits into",
                          lambda m: (float(len(m.split().ids)), "tokens")),
    "tokens.vocabulary": Check("tokens", "value", "how many entries the vocabulary has",
                               lambda m: (float(m.split().size), "vocabulary")),
    "network.decision": Check("network", "outcome", "what the network says of the email shown",
                              network_decision, ("ok", "spam")),
    "attention.top-position": Check("attention", "value", "the key position the selected query attends to most",
                                    top_position),
    "attention.accuracy-trained": Check("attention", "value", "the held-out accuracy (%) once trained to the end",
                                        trained_accuracy),
    "attention.prediction-change": Check("attention", "outcome", "whether the prediction at the query moves with the beat's change",
                                         prediction_change, ("changes", "stays"), attention_prediction, before_change=True),
    "next-token.top": Check("next-token", "pick", "the most probable next token after the prompt", top_next),
    "next-token.top-change": Check("next-token", "outcome", "the favourite's probability after the beat's change",
                                   favourite_change, ("rises", "falls"), favourite, before_change=True),
}


def problem(ask: Any, scene: str | None) -> str | None:
    """Why a beat's raw `ask` table is malformed, or None (the script validator's words)."""
    if not isinstance(ask, dict):
        return "'ask' must be a table: { question = \"…\", choices = [\"…\", …], answer = \"CHECK\" }"
    unknown = set(ask) - {"question", "choices", "answer"}
    if unknown:
        return f"unknown key {sorted(unknown)[0]!r} in 'ask' (allowed: answer, choices, question)"
    if not isinstance(ask.get("question"), str) or not ask["question"].strip():
        return "'ask.question' must be a non-empty string"
    choices = ask.get("choices")
    if (not isinstance(choices, list) or not 2 <= len(choices) <= 4
            or not all(isinstance(c, str) and c.strip() for c in choices)):
        return "'ask.choices' must be a list of 2 to 4 non-empty strings"
    if len({c.strip() for c in choices}) != len(choices):
        return "'ask.choices' lists a choice twice"
    check = CHECKS.get(ask.get("answer")) if isinstance(ask.get("answer"), str) else None
    if check is None:
        return f"'ask.answer' must name an engine check (known: {', '.join(CHECKS)})"
    if scene is not None and check.scene != scene:
        return f"'ask.answer' {ask['answer']!r} checks the {check.scene} scene, not {scene}"
    trouble = check.problem(tuple(c.strip() for c in choices))
    return f"'ask.choices': {trouble}" if trouble else None


def parse(ask: dict) -> Ask:
    """A checked `ask` table (see `problem`) as an Ask."""
    return Ask(ask["question"].strip(), tuple(c.strip() for c in ask["choices"]), ask["answer"])
