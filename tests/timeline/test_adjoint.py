"""The pieces dL/dX and the transposed convolution share: the spread map and a linear map's matrix."""

from __future__ import annotations

from functools import partial

import numpy as np

from convviz.engine import conv2d
from convviz.timeline.adjoint import BORDER, INSERTED, VALUE, matrix_of, spread_map


def test_values_are_spread_stride_apart_inside_a_border():
    values = np.array([[1, 2], [3, 4]], dtype=np.float32)
    spread, kinds = spread_map(values, (2, 3), (1, 0), (5, 6))
    assert spread.tolist() == [
        [0, 0, 0, 0, 0, 0],
        [1, 0, 0, 2, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [3, 0, 0, 4, 0, 0],
        [0, 0, 0, 0, 0, 0],
    ]
    assert (kinds[[0, 4]] == BORDER).all() and (kinds[1:4, 4:] == BORDER).all()
    assert kinds[1, 0] == kinds[3, 3] == VALUE and kinds[2, 0] == kinds[1, 1] == INSERTED


def test_a_negative_origin_crops_the_spread():
    values = np.arange(1, 10, dtype=np.float32).reshape(3, 3)
    spread, kinds = spread_map(values, (2, 2), (-1, -2), (3, 2))
    # map cell (r, c) is lattice cell (r + 1, c + 2): (1, 0) is lattice (2, 2), input (1, 1) = 5
    assert spread.tolist() == [[0, 0], [5, 0], [0, 0]] and kinds.tolist() == [[1, 1], [0, 1], [1, 1]]


def test_the_matrix_of_a_convolution_applies_it():
    x = np.arange(16, dtype=np.float32).reshape(4, 4)
    kernel = np.array([[1, -1], [2, 0]], dtype=np.float32)
    convolve = partial(conv2d, weight=kernel[None, None], stride=2, padding=1)
    matrix = matrix_of(convolve, x.shape)
    assert matrix.shape == (9, 16)
    np.testing.assert_array_equal(matrix @ x.reshape(-1), conv2d(x, kernel, stride=2, padding=1).reshape(-1))
