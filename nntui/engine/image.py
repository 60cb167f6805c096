"""Images as numbers: an RGB image is an (H, W, C) uint8 array, and a feature vector is that
array unrolled row by row, pixel by pixel, channel by channel (row-major, "HWC" order):

    flat index  i = (row · W + col) · C + c,        length N = H · W · C

So a 256×256 RGB image is 256 · 256 · 3 = 196608 numbers.
"""

from __future__ import annotations

import numpy as np

CHANNELS = ("R", "G", "B")


def feature_count(height: int, width: int, channels: int = 3) -> int:
    """N = H · W · C, the length of the feature vector."""
    return height * width * channels


def flat_index(row: int, col: int, channel: int, width: int, channels: int = 3) -> int:
    """Where pixel (row, col)'s channel lands in the flat vector: (row·W + col)·C + c."""
    return (row * width + col) * channels + channel


def unflat_index(i: int, width: int, channels: int = 3) -> tuple[int, int, int]:
    """The inverse of `flat_index`: i → (row, col, channel)."""
    pixel, channel = divmod(i, channels)
    row, col = divmod(pixel, width)
    return row, col, channel


def as_image(array) -> np.ndarray:
    """Check and return an (H, W, 3) or (H, W, 1) uint8 image array."""
    a = np.asarray(array)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[2] not in (1, 3) or a.dtype != np.uint8:
        raise ValueError(f"expected an (H, W, 3) or (H, W, 1) uint8 array, got {a.shape} {a.dtype}")
    return a


def to_vector(image, normalise: bool = False) -> np.ndarray:
    """Unroll an image into its feature vector (HWC order); normalise maps 0–255 to 0–1."""
    flat = as_image(image).reshape(-1)
    return flat / 255.0 if normalise else flat.copy()


def to_grayscale(image) -> np.ndarray:
    """Luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), as an (H, W, 1) uint8 image."""
    a = as_image(image).astype(float)
    if a.shape[2] == 1:
        return a.astype(np.uint8)
    y = a @ np.array([0.299, 0.587, 0.114])
    return np.clip(np.rint(y), 0, 255).astype(np.uint8)[:, :, None]


def resize_nearest(image, height: int, width: int) -> np.ndarray:
    """Nearest-neighbour resize to (height, width): each output pixel copies its nearest source."""
    a = as_image(image)
    rows = (np.arange(height) * a.shape[0] // height).clip(0, a.shape[0] - 1)
    cols = (np.arange(width) * a.shape[1] // width).clip(0, a.shape[1] - 1)
    return a[rows][:, cols]
