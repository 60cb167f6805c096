"""Labelled points on a character grid: where labels land, and that none overlaps another."""

import numpy as np

from nntui.widgets.scatter import place_labels


def test_labels_land_by_their_coordinates_and_never_touch():
    points = np.array([[1.0, 1.0], [-1.0, -1.0], [0.0, 0.0], [0.0, 0.0], [0.01, 0.0], [0.0, 0.01]])
    placed, left_out = place_labels(points, ["a", "b", "c", "d", "e", "f"], 21, 11)
    where = {i: (col, row) for i, col, row in placed}
    assert where[0] == (20, 0) and where[1] == (0, 10) and where[2] == (10, 5)
    assert where[3] == (12, 5) and where[4] == (8, 5)  # moved aside, a blank cell between
    assert 5 not in where and left_out == 1  # the sixth has no room within two cells of its own
    cells = [(row, col) for _i, col, row in placed]
    assert len(set(cells)) == len(cells)
