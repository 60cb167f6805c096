"""How numbers are written: never a raw nan or inf, whichever formatter a scene uses."""

import math

import pytest

from nntui.params import format_fine, format_number


@pytest.mark.parametrize("x, text", [(math.nan, "undefined"), (math.inf, "∞"), (-math.inf, "−∞")])
def test_format_fine_spells_out_what_format_number_does(x, text):
    assert format_number(x) == text
    assert format_fine(x) == text
    assert format_fine(x, decimals=1, most=2) == text


def test_format_fine_keeps_the_places_that_matter():
    assert format_fine(0.9999546) == "0.99995"
    assert format_fine(0.0003) == "0.0003"
    assert format_fine(-0.5) == "−0.5"


def test_the_tests_nan_pattern_catches_every_spelling():
    """tests.conftest.NAN, which the monkey and divergence tests search the screen with."""
    from tests.conftest import NAN

    for x in (math.nan, math.inf, -math.inf):
        assert NAN.search(f"loss = {format_number(x)} now"), x
        assert NAN.search(f"loss = {x}"), x
    assert not NAN.search("information: infinite nano-steps, an inflection, 0.98")
