"""Reading a user's picture for the pixels scene (`--image FILE`), through Pillow.

Anything Pillow reads works: the first frame of an animation, any colour mode (converted to RGB),
any size (very large pictures are shrunk on load). What cannot be used raises ImageError with a
one-line reason.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from nntui.files import FileError, regular_file

MAX_SIDE = 512  # the scene never needs more than 256 pixels a side
MAX_PIXELS = 30_000_000  # a 30-megapixel photo opens; a bigger picture (or a decompression bomb) is refused


class ImageError(Exception):
    """The file cannot be used as a picture; the message says why."""


def load_image(path: str | Path) -> np.ndarray:
    """The picture at `path` as an (H, W, 3) uint8 RGB array, at most MAX_SIDE a side."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    try:
        regular_file(path)
    except FileError as e:
        raise ImageError(str(e).replace("a folder, not a file", "a folder, not a picture file")) from None
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns above this and refuses above twice it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # refused, never printed
            with Image.open(path) as img:
                img.seek(0)  # the first frame of an animated GIF or WebP
                img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size, cheaply
                img.thumbnail((MAX_SIDE, MAX_SIDE))
                return np.asarray(img.convert("RGB"), dtype=np.uint8).copy()
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not a picture Pillow can read") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"{path}: too large to open safely (more than {MAX_PIXELS:,} pixels)") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as e:
        raise ImageError(f"{path}: cannot read the picture ({e})") from None


def resize(image: np.ndarray, side: int) -> np.ndarray:
    """A square side×side version of an RGB picture: the centre crop, resampled smoothly."""
    from PIL import Image

    h, w = image.shape[:2]
    s = min(h, w)
    top, left = (h - s) // 2, (w - s) // 2
    crop = Image.fromarray(image[top : top + s, left : left + s])
    return np.asarray(crop.resize((side, side), Image.Resampling.LANCZOS if side < s else Image.Resampling.NEAREST))
