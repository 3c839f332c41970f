"""Photos prepared for print: decoded safely, turned upright, downsampled to the resolution they are printed at
and recompressed. Pure functions of bytes; nothing is read from disk or the network here.

A photo that cannot be drawn right (corrupt, truncated, a decompression bomb, SVG, HEIC …) raises
:class:`ImageSkipped`, whose message names the reason; the caller leaves the photo out with a warning and keeps
its caption. Pillow is imported only when a photo is prepared.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any, Optional, Tuple

from ..errors import VnbriefError
from ..read.photos import is_decoration, photo_label  # noqa: F401  (photo_label: for the drawers)

#: Pixels a photo may decode to (width × height). A 24-megapixel camera frame passes; a "decompression bomb"
#: (a few KB that inflate to gigapixels) does not. Checked from the header, before any pixel is decoded.
MAX_PIXELS = 40_000_000
#: Formats Pillow decodes that a news photo really arrives in.
DECODABLE = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO")

PT_PER_INCH = 72.0


class ImageSkipped(VnbriefError):
    """A photo that is left out of the brief (the message says why). Never fails a brief."""


@dataclass(frozen=True)
class PreparedImage:
    """A photo ready to embed: its encoded bytes and the size it is drawn at."""

    data: bytes
    """JPEG or PNG bytes."""
    format: str
    """``JPEG`` or ``PNG``."""
    pixels: Tuple[int, int]
    """Width and height in pixels after downsampling."""
    size_pt: Tuple[float, float]
    """Width and height on the page, in points."""

    @property
    def extension(self) -> str:
        """File extension for the format: ``.jpg`` or ``.png``."""
        return ".jpg" if self.format == "JPEG" else ".png"


def sniff_unsupported(data: bytes) -> Optional[str]:
    """Name a format we know we do not draw (so the warning can say which), or ``None``."""
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "SVG"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"avif", b"avis"):
        return "AVIF" if data[8:12] in (b"avif", b"avis") else "HEIC"
    return None


def open_image(data: bytes) -> Any:
    """Open and fully decode ``data`` as one still picture (the first frame of an animation), upright.

    Raises :class:`ImageSkipped` for anything that is not a whole, decodable, reasonably sized picture.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    unsupported = sniff_unsupported(data)
    if unsupported:
        raise ImageSkipped(f"{unsupported} images are not supported", hint="convert it to JPEG or PNG")
    try:
        with warnings.catch_warnings():
            # Pillow warns (and over twice its limit refuses) on huge images; both mean "bomb" to us.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.format not in DECODABLE:
                raise ImageSkipped(f"{img.format or 'unknown'} images are not supported",
                                   hint="convert it to JPEG or PNG")
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ImageSkipped(f"too many pixels ({width}×{height})",
                                   hint=f"photos over {MAX_PIXELS // 1_000_000} megapixels are refused")
            img.seek(0)  # the first frame of an animated GIF or WebP
            img.load()
    except ImageSkipped:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageSkipped("too many pixels (a decompression bomb?)") from None
    except UnidentifiedImageError:
        raise ImageSkipped("not an image in a known format", hint="use JPEG or PNG") from None
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise ImageSkipped(f"corrupt or truncated image ({err})") from None
    upright: Any = img
    try:
        upright = ImageOps.exif_transpose(img)
    except Exception:  # noqa: BLE001  (a broken EXIF block: keep the picture as stored)
        pass
    return _displayable(upright)


def _displayable(img: Any) -> Any:
    """The picture in a mode that JPEG or PNG can hold: 8-bit grey, RGB, or RGBA when it has transparency."""
    mode = img.mode
    if mode in ("L", "RGB"):
        return img
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit grey: scale to 8 bits (a plain convert("L") clips everything over 255 to white).
        return img.point(lambda v: v / 256).convert("L") if mode == "I" else img.convert("I").point(
            lambda v: v / 256).convert("L")
    if mode == "F":
        return img.convert("L")
    has_alpha = mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info
    if mode == "CMYK" or mode == "YCbCr" or mode == "LAB" or mode == "HSV":
        return img.convert("RGB")
    return img.convert("RGBA" if has_alpha else "RGB")


def fit(pixels: Tuple[int, int], max_size_pt: Tuple[float, float]) -> Tuple[float, float]:
    """The printed size: as wide as the column, no taller than ``max_size_pt[1]``, proportions kept."""
    width, height = pixels
    max_w, max_h = max_size_pt
    scale = min(max_w / width, max_h / height)
    return width * scale, height * scale


def prepare_image(data: bytes, max_size_pt: Tuple[float, float], *, dpi: int = 150,
                  quality: int = 80) -> PreparedImage:
    """``data`` decoded, fitted into ``max_size_pt``, downsampled to ``dpi`` at that size and recompressed: a
    JPEG at ``quality``, or a PNG where that is smaller (drawings, transparency)."""
    from PIL import Image

    img = open_image(data)
    if is_decoration(*img.size):
        raise ImageSkipped(f"too small to be a photo ({img.size[0]}×{img.size[1]} pixels)")
    size_pt = fit(img.size, max_size_pt)
    target = (max(1, round(size_pt[0] / PT_PER_INCH * dpi)), max(1, round(size_pt[1] / PT_PER_INCH * dpi)))
    if target[0] < img.size[0]:
        img = img.resize(target, Image.Resampling.LANCZOS)
    encoded = _smallest(img, quality)
    return PreparedImage(encoded[1], encoded[0], img.size, size_pt)


def _smallest(img: Any, quality: int) -> Tuple[str, bytes]:
    """The picture as JPEG and as PNG; the smaller wins (JPEG loses transparency: flattened on white)."""
    from PIL import Image

    flat = img
    if img.mode in ("RGBA", "LA"):
        flat = Image.new("RGB", img.size, "white")
        flat.paste(img, mask=img.getchannel("A"))
    jpeg = io.BytesIO()
    flat.save(jpeg, "JPEG", quality=quality, optimize=True)
    png = io.BytesIO()
    img.save(png, "PNG", optimize=True)
    if png.tell() < jpeg.tell():
        return "PNG", png.getvalue()
    return "JPEG", jpeg.getvalue()
