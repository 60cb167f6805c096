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
