"""The one NumPy engine: every number nntui shows is computed here.

Pure NumPy; never imports textual or rich (a test checks). float64 throughout; every random
draw goes through an `Rng` (nntui.engine.rng) the caller passes in.
"""

from nntui.engine.activations import ACTIVATIONS, Activation, get_activation, sigmoid_of
from nntui.engine.attention import LayerNorm, PositionEmbedding, Residual, ScoreOverride, SelfAttention, causal_mask
from nntui.engine.layers import Act, Dense, Embedding, Flatten, Layer, Sequential, compose_linear, mlp
from nntui.engine.losses import IGNORE, log_loss, log_loss_terms, misclassified, mse, mse_terms, sequence_cross_entropy, softmax_cross_entropy
from nntui.engine.neuron import NeuronOutput, as_layers, fire, weighted_sum
from nntui.engine.optim import SGD, Adam, StepResult, Trainer, accuracy, loss_grid
from nntui.engine.rng import Rng
from nntui.engine.sequences import TASKS, AttentionRun, Evaluation, Task, language_task, symbol_task
from nntui.engine.softmax import sample, softmax, top_k
from nntui.engine.transformer import Trace, Transformer, transformer_params

__all__ = [
    "IGNORE", "TASKS", "Adam", "AttentionRun", "Evaluation", "LayerNorm", "PositionEmbedding", "Residual",
    "ScoreOverride", "SelfAttention", "Task", "Trace", "Transformer", "causal_mask", "language_task",
    "sequence_cross_entropy", "symbol_task", "transformer_params",
    "ACTIVATIONS", "Act", "accuracy", "as_layers", "Activation", "Dense", "Embedding", "Flatten", "Layer", "NeuronOutput",
    "Rng", "SGD", "Sequential", "StepResult", "Trainer", "compose_linear", "fire", "get_activation", "log_loss",
    "log_loss_terms", "loss_grid", "misclassified", "mlp", "mse", "mse_terms", "sample", "sigmoid_of", "softmax", "softmax_cross_entropy", "top_k", "weighted_sum",
]
