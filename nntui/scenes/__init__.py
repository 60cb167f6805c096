"""The scene catalogue: every scene of the story, in story order.

A scene is *built* when its module `nntui/scenes/<id with _>.py` exists; the others are listed
as coming. The module defines MODEL (its SceneModel: the state, no Textual) and SCREEN (its
SceneScreen: the drawing and the keys). Importing this package does not import Textual (the CLI's `--list` stays light).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class SceneInfo:
    id: str
    title: str
    summary: str

    @property
    def module_name(self) -> str:
        return f"nntui.scenes.{self.id.replace('-', '_')}"

    @cached_property
    def built(self) -> bool:
        return importlib.util.find_spec(self.module_name) is not None

    def module(self):
        return importlib.import_module(self.module_name)

    def screen_class(self):
        """The scene's SceneScreen subclass (the module's SCREEN)."""
        return self.module().SCREEN

    def model_class(self):
        """The scene's SceneModel subclass (the module's MODEL)."""
        return self.module().MODEL


SCENES: tuple[SceneInfo, ...] = (
    SceneInfo("pixels", "Pixels", "An image becomes a feature vector"),
    SceneInfo("tokens", "Tokens", "Text becomes ids and vectors"),
    SceneInfo("neuron", "The neuron", "A weighted vote: z = w·x + b"),
    SceneInfo("sigmoid", "Activations", "From a score to a probability"),
    SceneInfo("loss", "Loss", "How wrong is the prediction: log loss"),
    SceneInfo("descent", "Gradient descent", "Learning is walking downhill"),
    SceneInfo("network", "The network", "Layers, the forward pass and backpropagation"),
    SceneInfo("next-token", "Next token", "A tiny language model trained live"),
    SceneInfo("attention", "Attention", "Self-attention trained live: the step to GPT"),
)
BY_ID = {s.id: s for s in SCENES}


def built_scenes() -> list[SceneInfo]:
    return [s for s in SCENES if s.built]


class SceneParams(Mapping):
    """Each built scene's parameters by name; a scene's module is imported only when asked."""

    def __init__(self) -> None:
        self.ids = [s.id for s in built_scenes()]

    def __getitem__(self, scene_id: str) -> dict:
        if scene_id not in self.ids:
            raise KeyError(scene_id)
        return {p.name: p for p in BY_ID[scene_id].model_class().PARAMS}

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self.ids

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)
