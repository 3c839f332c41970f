"""Photos prepared for print: decoded safely, turned upright, downsampled to the resolution they are printed at
and recompressed. Pure functions of bytes; nothing is read from disk or the network here.

A photo that cannot be drawn right (corrupt, truncated, a decompression bomb, SVG, HEIC …) raises
:class:`ImageSkipped`, whose message names the reason; the caller leaves the photo out with a warning and keeps
its caption. Pillow is imported only when a photo is prepared.
"""
from __future__ import annotations

import io
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, NamedTuple, Optional, Sequence, Tuple, Union

from ..errors import VnbriefError
from ..read.rules.photo_places import is_decoration

if TYPE_CHECKING:
    from concurrent.futures import Future

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


def open_image(data: bytes, draft: Optional[Callable[[Tuple[int, int]], Tuple[int, int]]] = None) -> Any:
    """Open and fully decode ``data`` as one still picture (the first frame of an animation), upright. A JPEG
    is decoded at the smallest of 1/1, 1/2, 1/4 or 1/8 of its size that keeps the (width, height) pixels that
    ``draft`` asks for its stored size (the decoder's own scaling: a camera photo printed in a column costs a
    sixteenth of the work).

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
            if img.format in ("JPEG", "MPO"):
                if draft is not None:
                    img.draft(img.mode if img.mode in ("RGB", "L", "CMYK") else "RGB", draft(img.size))
                # Decoded in one call: Pillow lets go of the GIL for each block it hands the decoder (64 KB by
                # default), and a thread taking it back while another runs Python waits up to 5 ms each time,
                # so a camera photo decoded beside the brief's own work took 3 times as long (same pixels).
                img.decodermaxblock = max(img.decodermaxblock, len(data))
            img.load()
    except ImageSkipped:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageSkipped("too many pixels (a decompression bomb?)") from None
    except UnidentifiedImageError:
        raise ImageSkipped("not an image in a known format", hint="use JPEG or PNG") from None
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise ImageSkipped(f"corrupt or truncated image ({err})") from None
    try:
        ImageOps.exif_transpose(img, in_place=True)  # in place: a camera photo is not copied when it is upright
    except Exception:  # a broken EXIF block: keep the picture as stored
        pass
    return _displayable(img)


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
    JPEG at ``quality``, or a PNG where that is smaller (drawings, transparency). The last few results are kept,
    so a brief's PDF and Markdown prepare each photo once; a photo that :func:`prepare_images` is preparing in a
    thread is waited for."""
    key = _key(data, max_size_pt, dpi, quality)
    if key in _PREPARED:
        _PREPARED.move_to_end(key)
        found = _PREPARED[key]
    elif key in _PENDING:
        found = _collect(key)
    else:
        found = _keep(key, _attempt(data, max_size_pt, dpi, quality))
    if isinstance(found, ImageSkipped):
        raise found
    return found


def prepare_images(photos: Sequence[bytes], max_size_pt: Tuple[float, float], *, dpi: int = 150,
                   quality: int = 80, jobs: int = 1) -> None:
    """Start preparing the photos of a brief in ``jobs`` threads and return at once: Pillow releases the GIL
    while it decodes, downsamples and encodes, so the photos are prepared on the other cores while the renderer
    goes on with what needs none (loading ReportLab and the faces), and three camera photos take about the time
    of the largest on as many cores. The renderer's :func:`prepare_image` then takes each one's result (or its
    reason to be left out); when it would wait, it first prepares itself the photos no thread has started yet
    (see :func:`_collect`). With one job nothing is started: the renderer prepares them in turn."""
    for key in [key for key, pending in _PENDING.items() if pending.future.done()]:
        _collect(key)  # the photos of a brief whose render stopped early: kept like the others
    if jobs <= 1:
        return
    pool = None
    started = 0
    # The largest first (decoding costs about its bytes): the threads and, once it has nothing else to do, the
    # renderer then end together, without one large photo left to the end on one core.
    for data in sorted(photos, key=len, reverse=True):
        # Each photo starts as soon as its key is known: hashing a camera photo's bytes takes milliseconds, and the
        # first one decodes while the next is hashed.
        key = _key(data, max_size_pt, dpi, quality)
        if key in _PREPARED or key in _PENDING:  # prepared, or the same photo twice
            continue
        if started == PREPARED_KEPT:
            break
        if pool is None:
            from concurrent.futures import ThreadPoolExecutor

            # Pillow is imported here, not by the threads at once while this one imports ReportLab (which
            # imports Pillow too): the threads would wait for it either way.
            from PIL import Image, ImageOps  # noqa: F401

            pool = ThreadPoolExecutor(max_workers=min(jobs, len(photos)), thread_name_prefix="vnbrief-photo")
        work = (data, max_size_pt, dpi, quality)
        _PENDING[key] = _Pending(pool.submit(_attempt, *work), pool, work)
        started += 1
    if pool is not None:
        pool.shutdown(wait=False)  # its threads end with its last photo


def _collect(key: tuple) -> Union[PreparedImage, ImageSkipped]:
    """The result of a photo given to the threads, kept like one prepared here. Rather than wait for it, this
    thread first prepares the photos that no thread has started yet (this one first, then the last queued, which
    the threads would come to last): a core never idles while a photo waits in the queue, and the threads are
    still ``jobs`` at most, this one being idle otherwise. (The caches are only touched from this thread.)"""
    while not _PENDING[key].future.done():
        queued = next((other for other in (key, *reversed(_PENDING)) if _PENDING[other].future.cancel()), None)
        if queued is None:
            break  # every photo left is being prepared: wait for this one
        taken = _PENDING.pop(queued)
        result = _keep(queued, _attempt(*taken.work))
        _release(taken.pool)
        if queued == key:
            return result
    pending = _PENDING.pop(key)
    try:
        result = pending.future.result()
    finally:
        _release(pending.pool)
    return _keep(key, result)


def _release(pool: Any) -> None:
    """Join the threads of ``pool`` once none of its photos is pending, so that none outlives the brief (a worker
    process forked after it must find this process running no other thread)."""
    if not any(pending.pool is pool for pending in _PENDING.values()):
        pool.shutdown(wait=True)


def _key(data: bytes, max_size_pt: Tuple[float, float], dpi: int, quality: int) -> tuple:
    return (len(data), hash(data), round(max_size_pt[0], 1), round(max_size_pt[1], 1), dpi, quality)


def _attempt(data: bytes, max_size_pt: Tuple[float, float], dpi: int, quality: int) -> Union[PreparedImage,
                                                                                            ImageSkipped]:
    try:
        return _prepare(data, max_size_pt, dpi, quality)
    except ImageSkipped as err:
        return err


def _keep(key: tuple, result: Union[PreparedImage, ImageSkipped]) -> Union[PreparedImage, ImageSkipped]:
    _PREPARED[key] = result
    while len(_PREPARED) > PREPARED_KEPT:
        _PREPARED.popitem(last=False)
    return result


#: Prepared photos kept (a few hundred KB each), and the reasons of those left out: the photos of an article or
#: two.
PREPARED_KEPT = 24
_PREPARED: OrderedDict[tuple, Union[PreparedImage, ImageSkipped]] = OrderedDict()


class _Pending(NamedTuple):
    """A photo given to the threads: its future, the pool that runs it and the arguments of :func:`_attempt`."""

    future: Future
    pool: Any
    work: tuple


#: Photos being prepared in threads (key → what :class:`_Pending` holds).
_PENDING: Dict[tuple, _Pending] = {}


def _prepare(data: bytes, max_size_pt: Tuple[float, float], dpi: int, quality: int) -> PreparedImage:
    from PIL import Image

    def draft(stored: Tuple[int, int]) -> Tuple[int, int]:
        # The pixels the print needs either way up (EXIF may turn the picture): decoding may skip what neither
        # needs.
        shown, turned = fit(stored, max_size_pt), fit(stored[::-1], max_size_pt)
        return (round(max(shown[0], turned[1]) / PT_PER_INCH * dpi * DRAFT_SLACK),
                round(max(shown[1], turned[0]) / PT_PER_INCH * dpi * DRAFT_SLACK))

    img = open_image(data, draft)
    if is_decoration(*img.size):
        raise ImageSkipped(f"too small to be a photo ({img.size[0]}×{img.size[1]} pixels)")
    size_pt = fit(img.size, max_size_pt)
    target = (max(1, round(size_pt[0] / PT_PER_INCH * dpi)), max(1, round(size_pt[1] / PT_PER_INCH * dpi)))
    if target[0] < img.size[0]:
        img = img.resize(target, Image.Resampling.LANCZOS)
    encoded = _smallest(img, quality)
    return PreparedImage(encoded[1], encoded[0], img.size, size_pt)


#: How far below the print resolution a JPEG may be decoded (a 4000-pixel photo at a quarter, 1000 pixels, for
#: a column that wants 1004 at 150 dpi): 10 % fewer dots are not seen, four times the decoding is.
DRAFT_SLACK = 0.9
#: Side of the thumbnail that tells a drawing from a photo (see :func:`_drawing_like`).
PROBE_SIDE = 160


def _smallest(img: Any, quality: int) -> Tuple[str, bytes]:
    """The picture as JPEG, and as PNG when it has transparency or few colours (drawings, charts); the smaller
    wins (JPEG loses transparency: flattened on white). A photo is never worth a PNG, and trying costs more than
    the rest of its preparation."""
    from PIL import Image

    flat = img
    if img.mode in ("RGBA", "LA"):
        flat = Image.new("RGB", img.size, "white")
        flat.paste(img, mask=img.getchannel("A"))
    jpeg = io.BytesIO()
    flat.save(jpeg, "JPEG", quality=quality, optimize=True)
    if img.mode not in ("RGBA", "LA") and not _drawing_like(img):
        return "JPEG", jpeg.getvalue()
    png = io.BytesIO()
    img.save(png, "PNG", compress_level=9)
    if png.tell() < jpeg.tell():
        return "PNG", png.getvalue()
    return "JPEG", jpeg.getvalue()


def _drawing_like(img: Any) -> bool:
    """Whether a picture compresses better as PNG than as JPEG, judged on a thumbnail (drawings, charts and
    screenshots do; photos, colour or black and white, never): the full PNG is only tried then."""
    thumb = img.copy()
    thumb.thumbnail((PROBE_SIDE, PROBE_SIDE))
    png, jpeg = io.BytesIO(), io.BytesIO()
    thumb.save(png, "PNG", compress_level=6)
    thumb.convert("RGB").save(jpeg, "JPEG", quality=80)
    return png.tell() < jpeg.tell() * 1.5
