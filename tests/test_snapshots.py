"""Snapshots of every built scene at 100×30 and 80×24, seeded, at its first beat, paused.

Update after an intended change of the picture: `python -m pytest tests/test_snapshots.py --snapshot-update`.
"""

import pytest

from nntui.app import NNTuiApp
from nntui.scenes import built_scenes
from tests.conftest import shipped_talk

SIZES = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
def test_scene_snapshot(snap_compare, scene, size):
    app = NNTuiApp(scene, shipped_talk(), seed=0, reduced_motion=True)
    assert snap_compare(app, terminal_size=size)


def test_home_snapshot(snap_compare):
    assert snap_compare(NNTuiApp(None, shipped_talk(), seed=0), terminal_size=(80, 24))


def test_too_small_snapshot(snap_compare):
    """Below 80×24: one clear message instead of a broken layout."""
    app = NNTuiApp("neuron", shipped_talk(), seed=0, reduced_motion=True)
    assert snap_compare(app, terminal_size=(40, 12))


def test_next_token_trained_snapshot(snap_compare):
    """The language model after a fixed 300 seeded training steps, predicting after "the "."""
    app = NNTuiApp("next-token", shipped_talk(), seed=0, reduced_motion=True)

    async def train(pilot) -> None:
        app.screen.model.train(300)  # what --steps 300 does
        app.screen.update_view()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=train)
