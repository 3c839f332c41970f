"""Real image files made with Pillow for the photo tests: photos with detail (so JPEG has work to do) in the
formats and modes news sites and Word files really carry."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw


def photo(size=(1600, 1000), mode="RGB", seed=0) -> Image.Image:
    """A picture with gradients and shapes, in ``mode``."""
    width, height = size
    img = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(img)
    for i in range(12):
        x = (i * 137 + seed * 53) % width
        y = (i * 89 + seed * 31) % height
        draw.ellipse((x, y, x + width // 5, y + height // 5), fill=((i * 40) % 256, (seed * 70 + i * 20) % 256, 90))
    return img.convert(mode) if mode != "RGB" else img


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def jpeg(size=(1600, 1000), seed=0, **kw) -> bytes:
    return encode(photo(size, seed=seed), "JPEG", quality=kw.pop("quality", 92), **kw)


def png(size=(1200, 800), mode="RGB", seed=0) -> bytes:
    return encode(photo(size, mode, seed), "PNG")


def png16(size=(900, 600)) -> bytes:
    """A 16-bit greyscale PNG (mode I;16), mid-grey."""
    return encode(Image.new("I;16", size, 40000), "PNG")


def gif_animated(size=(800, 500)) -> bytes:
    frames = [photo(size, "P", seed=s) for s in range(3)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def cmyk_jpeg(size=(1000, 700)) -> bytes:
    return encode(photo(size, "CMYK"), "JPEG", quality=90)


def webp(size=(1000, 700)) -> bytes:
    return encode(photo(size), "WEBP", quality=85)


def png_bomb(width=30000, height=30000) -> bytes:
    """A tiny PNG whose header promises ``width × height`` one-bit pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = zlib.compress(b"\0" * (width // 8 + 1) * 16)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"></svg>'
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
