"""Photos prepared for print (exporter.render.images): every format and mode news photos arrive in is either
drawn right or refused with a reason; nothing is printed at more pixels than 150 dpi needs."""
from __future__ import annotations

import io

import photo_files as pf
import pytest
from PIL import Image

from exporter.read.rules.photo_places import is_decoration
from exporter.render.images import ImageSkipped, prepare_image

COLUMN = (451.0, 380.0)  # an A4 column in points, and the tallest a photo may be drawn


def _decoded(prepared) -> Image.Image:
    img = Image.open(io.BytesIO(prepared.data))
    img.load()
    return img


@pytest.mark.parametrize("name, data", [
    ("jpeg", pf.jpeg()),
    ("cmyk jpeg", pf.cmyk_jpeg()),
    ("palette png", pf.png(mode="P")),
    ("rgba png", pf.png(mode="RGBA")),
    ("16-bit png", pf.png16()),
    ("animated gif", pf.gif_animated()),
    ("webp", pf.webp()),
])
def test_every_mode_becomes_a_printable_picture(name, data):
    prepared = prepare_image(data, COLUMN)
    img = _decoded(prepared)
    assert img.format == prepared.format in ("JPEG", "PNG")
    assert img.mode in ("RGB", "L", "RGBA")
    assert img.size == prepared.pixels
    width_pt, height_pt = prepared.size_pt
    assert width_pt <= COLUMN[0] + 0.01 and height_pt <= COLUMN[1] + 0.01
    # never more pixels than 150 dpi at the printed size (one pixel of rounding)
    assert img.size[0] <= round(width_pt / 72 * 150) + 1


def test_large_photo_is_downsampled_and_smaller():
    data = pf.jpeg((4000, 2500), quality=95)
    prepared = prepare_image(data, COLUMN)
    assert prepared.pixels[0] == round(COLUMN[0] / 72 * 150)
    assert len(prepared.data) < len(data) / 4


def test_dpi_sets_the_pixel_width():
    data = pf.jpeg((4000, 2500))
    assert prepare_image(data, COLUMN, dpi=300).pixels[0] == round(COLUMN[0] / 72 * 300)


def test_cmyk_colours_are_not_inverted():
    cmyk = Image.new("CMYK", (400, 300), (0, 0, 0, 0))  # no ink: white paper
    prepared = prepare_image(pf.encode(cmyk, "JPEG", quality=95), COLUMN)
    assert min(_decoded(prepared).convert("RGB").getpixel((200, 150))) > 240


@pytest.mark.parametrize("orientation, size", [(1, (1200, 800)), (3, (1200, 800)), (6, (800, 1200)),
                                                (8, (800, 1200))])
def test_a_camera_photo_is_turned_upright_by_its_exif_orientation(orientation, size):
    """A camera stores a photo as its sensor saw it and says in EXIF how to turn it: the prepared photo is
    upright (its red top-left corner where the orientation puts it) and carries no orientation any more."""
    stored = pf.photo((1200, 800))
    stored.paste((255, 0, 0), (0, 0, 200, 200))  # the stored picture's top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    prepared = _decoded(prepare_image(pf.encode(stored, "JPEG", quality=95, exif=exif.tobytes()), (900, 900)))
    assert prepared.size == size and prepared.getexif().get(0x0112) is None
    corner = {1: (0, 0), 3: (1, 1), 6: (1, 0), 8: (0, 1)}[orientation]  # where the red corner is drawn
    x, y = (20 if corner[0] == 0 else prepared.width - 20), (20 if corner[1] == 0 else prepared.height - 20)
    red, green, blue = prepared.convert("RGB").getpixel((x, y))
    assert red > 200 and green < 60 and blue < 60


def test_16_bit_grey_keeps_its_tone():
    # 40000 of 65535 is 61 % grey; clipping would make it white (255)
    assert abs(_decoded(prepare_image(pf.png16(), COLUMN)).convert("L").getpixel((10, 10)) - 40000 / 256) <= 2


def test_drawing_stays_png_when_smaller():
    flat = Image.new("RGB", (900, 600), "white")
    flat.paste((200, 30, 30), (100, 100, 400, 300))
    assert prepare_image(pf.encode(flat, "PNG"), COLUMN).format == "PNG"


@pytest.mark.parametrize("name, data, reason", [
    ("truncated", pf.jpeg()[:4000], "truncated"),
    ("bomb", pf.png_bomb(), "pixels"),
    ("svg", pf.SVG, "SVG"),
    ("heic", pf.HEIC, "HEIC"),
    ("not an image", b"GIF89a but not really", "image"),
    ("empty", b"", "image"),
    ("pixel", pf.encode(Image.new("RGB", (1, 1)), "GIF"), "too small"),
])
def test_bad_images_are_refused_with_a_reason(name, data, reason):
    with pytest.raises(ImageSkipped) as err:
        prepare_image(data, COLUMN)
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("size, decoration", [
    ((1, 1), True), ((32, 32), True), ((120, 120), True), ((728, 90), True), ((1200, 150), True),
    ((300, 200), False), ((1600, 900), False), ((600, 900), False),
])
def test_icons_banners_and_pixels_are_decoration(size, decoration):
    assert is_decoration(*size) is decoration


def test_photos_prepared_in_threads_are_those_prepared_one_by_one(caplog):
    import threading

    from exporter.render import images

    photos = [pf.jpeg((2400, 1600), seed=n) for n in range(3)] + [b"\xff\xd8\xff\xe0 not a jpeg"]
    images._PREPARED.clear()
    alone = [images._attempt(data, COLUMN, 150, 80) for data in photos]
    images._PREPARED.clear()
    images.prepare_images(photos, COLUMN, jobs=3)  # returns at once: the photos are prepared in threads
    assert len(images._PENDING) == 4 and not images._PREPARED
    for data, expected in zip(photos, alone):
        if isinstance(expected, ImageSkipped):
            with pytest.raises(ImageSkipped, match="corrupt|not an image"):
                prepare_image(data, COLUMN)  # waits for its thread, then gives its reason
        else:
            assert prepare_image(data, COLUMN) == expected
    assert not images._PENDING and len(images._PREPARED) == 4
    # the last photo taken, the threads are gone (a worker process forked after this brief copies no thread)
    assert not [t for t in threading.enumerate() if t.name.startswith("vnbrief-photo")]
    images._PREPARED.clear()
    images.prepare_images(photos, COLUMN, jobs=1)  # one job: the renderer prepares them in turn
    assert not images._PREPARED and not images._PENDING


@pytest.mark.parametrize("sizes, by_renderer", [
    ([(2400, 1600), (1600, 1200), (1200, 900)], 2),  # the first is being prepared: the last queued is taken
    ([(1000, 700), (2400, 1600), (1600, 1200)], 0),  # the smallest, queued last, is the one asked for first
])
def test_the_renderer_prepares_a_queued_photo_instead_of_waiting(monkeypatch, sizes, by_renderer):
    """Three photos in two threads, given to them largest first (decoding costs about a photo's bytes): the
    renderer, asking for the first while both threads are busy, prepares the queued one (the smallest, which no
    thread has started) itself rather than wait; each photo is prepared once, by one thread, as it would be alone,
    and none of the threads outlives the brief."""
    import threading

    from exporter.render import images

    photos = [pf.jpeg(size, seed=n) for n, size in enumerate(sizes)]
    assert min(photos, key=len) is photos[by_renderer]
    alone = [images._attempt(data, COLUMN, 150, 80) for data in photos]
    prepare = images._prepare
    by_thread = {}
    busy = threading.Semaphore(0)
    renderer_done = threading.Event()

    def counted(data, *args):
        by_thread.setdefault(threading.current_thread().name, []).append(photos.index(data))
        if threading.current_thread() is threading.main_thread():
            renderer_done.set()
        else:
            busy.release()  # this thread holds its photo until the renderer has prepared one
            renderer_done.wait(30)
        return prepare(data, *args)

    monkeypatch.setattr(images, "_prepare", counted)
    images._PREPARED.clear()
    images.prepare_images(photos, COLUMN, jobs=2)
    assert busy.acquire(timeout=30) and busy.acquire(timeout=30)  # both threads are on a photo: one is queued
    assert [prepare_image(data, COLUMN) for data in photos] == alone
    assert by_thread.pop("MainThread") == [by_renderer]
    assert sorted(by_thread.values()) == [[n] for n in range(3) if n != by_renderer]
    assert all(name.startswith("vnbrief-photo") for name in by_thread)
    assert not images._PENDING and not [t for t in threading.enumerate() if t.name.startswith("vnbrief-photo")]
    images._PREPARED.clear()


def test_photos_of_a_render_that_stopped_are_kept_with_the_next_brief():
    from exporter.render import images

    photos = [pf.jpeg((1600, 1000), seed=n) for n in range(2)]
    images._PREPARED.clear()
    images.prepare_images(photos, COLUMN, jobs=2)
    for pending in list(images._PENDING.values()):
        pending.future.result()  # the brief's render stopped (an error): nobody took its photos
    images.prepare_images([pf.jpeg((1200, 800), seed=9)], COLUMN, jobs=2)
    assert len(images._PREPARED) == 2 and len(images._PENDING) == 1  # the finished two kept, the new one started
    assert prepare_image(photos[0], COLUMN) is images._PREPARED[images._key(photos[0], COLUMN, 150, 80)]
    prepare_image(pf.jpeg((1200, 800), seed=9), COLUMN)
    assert not images._PENDING


def test_a_jpeg_decoded_in_one_call_has_the_pixels_of_pillows_blocks():
    """open_image hands Pillow's decoder the whole JPEG at once (one release of the GIL, not one per 64 KB): the
    pixels are those of Pillow's own block by block decoding, at full size and drafted."""
    from exporter.render.images import open_image

    data = pf.jpeg((2400, 1600), seed=4, quality=95)
    for draft in (None, lambda size: (600, 400)):
        plain = Image.open(io.BytesIO(data))
        if draft is not None:
            plain.draft("RGB", (600, 400))
        plain.load()
        ours = open_image(data, draft)
        assert ours.size == plain.size and ours.tobytes() == plain.tobytes()
