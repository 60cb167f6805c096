"""Scene models without Textual: made from the store alone, stepped, reset, reproduced; one
story's state read from its owner, never copied; random streams numbered by scene id."""

import pytest

from nntui.model import ANIMATION, Store
from nntui.scenes import BY_ID, built_scenes


def store() -> Store:
    return Store(lambda scene_id: BY_ID[scene_id].model_class(), seed=0)


@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
def test_every_model_runs_its_animation_without_an_app(scene):
    s = store()
    heard = []
    s.listen(lambda scene_id, names: heard.append((scene_id, names)))
    model = s[scene]
    assert model.SCENE_ID == scene and set(model.values) == {p.name for p in model.PARAMS}
    model.start()
    model.advance(0.5)
    model.step()
    model.finish()
    model.restart()
    model.reset()
    assert model.values == {p.name: p.default for p in model.PARAMS}
    assert heard and all(scene_id == scene or scene_id in model.READS for scene_id, _names in heard)


def test_a_value_another_scene_shows_is_read_from_its_owner():
    s = store()
    sigmoid, loss, neuron = s["sigmoid"], s["loss"], s["neuron"]
    assert sigmoid["z"] == 4 and sigmoid.derived() == {"z"}
    neuron.set("w3", 6)  # z = 4 → 5
    assert sigmoid["z"] == 5 and abs(loss["p"] - 0.99331) < 1e-5
    sigmoid.set("z", 1.5)  # set here: the sigmoid's own z from now on
    neuron.set("w3", 2)
    assert sigmoid["z"] == 1.5 and sigmoid.values["source"] == "own"


def test_a_change_names_what_changed():
    s = store()
    neuron = s["neuron"]
    heard = []
    s.listen(lambda scene_id, names: heard.append(names))
    neuron.set("preset", "lazy")
    assert heard[-1] >= {"preset", "w1", "w2", "w3"} and "x1" not in heard[-1]
    neuron.step()
    assert heard[-1] == {ANIMATION}
    neuron.set("w1", neuron["w1"])  # no change, no notice
    assert heard[-1] == {ANIMATION}


def test_loss_training_trains_the_shared_neuron_and_writes_where_it_started():
    s = store()
    loss, neuron = s["loss"], s["neuron"]
    loss.train(20)
    assert loss.steps == 20 and neuron.values["w3"] != 5
    args = loss.arguments()
    assert "--steps" in args and "neuron.w3=5" not in args  # the start is the default: not written
    assert loss.reads("neuron")["w3"] == 5


def test_random_streams_are_numbered_by_scene_id_not_story_place():
    a, b = store().rng("network").normal(size=3), store().rng("network").normal(size=3)
    assert (a == b).all() and (store().rng("tokens").normal(size=3) != a).any()
