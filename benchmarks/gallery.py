"""The gallery: every layout of vnbrief as pictures, so that every visual change is seen.

Renders, with the library, and turns each page into a PNG with ``pdftoppm`` (poppler-utils):

- ``brief.png``: the bundled example as a plain brief (its caption has no photo: a photo note);
- ``brief-with-photo.png``: the example as Markdown with a photo under the lead (a drawing made here, not a
  photograph) and a source and date;
- ``bilingual.png``: the example beside its English translation (``examples/article.en.csv``, a reviewed
  translation: no provider is asked);
- ``digest-cover.png`` and ``digest-contents.png``: the front page and the contents of a digest of the example
  and the repository's real plain-text fixtures.

Run from a checkout::

    python benchmarks/gallery.py                 # into docs/images/, the pictures of README and the manual
    python benchmarks/gallery.py --out /tmp/g    # somewhere else, to compare

The dates are fixed (``SOURCE_DATE_EPOCH``), so the pictures change only when the page does. Look at them before
committing them.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing vnbrief (PYTHONPATH still wins)
    sys.path.append(str(ROOT))
EXAMPLE = ROOT / "examples" / "article.txt"
TRANSLATION = ROOT / "examples" / "article.en.csv"
#: Real plain-text articles of the repository's fixtures (origins in tests/fixtures/text/labels.json).
DIGEST_FIXTURES = ("giai-van-hoc-chau-a.txt", "hanh-ly-ky-gui.txt", "qua-rung-sang-nhat.txt",
                   "phao-dai-tren-khong.txt", "sinh-vat-hinh-nhan.txt", "benh-tram-cam.txt", "tinh-nhan-online.txt",
                   "ha-thanh-lang-man.txt", "nu-sinh-ha-noi.txt")
#: 6 December 2026, 10:00 in Vietnam (03:00 UTC): the date every picture shows.
EPOCH = "1796526000"


def conference_hall(size=(1600, 1000)) -> bytes:
    """A drawing of a conference hall (a red stage with its banner, rows of seats) as JPEG bytes: a stand-in for a
    news photo that the repository may carry."""
    from PIL import Image, ImageDraw

    width, height = size
    img = Image.new("RGB", size, (92, 58, 44))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, int(height * 0.45)), fill=(178, 30, 36))  # the stage wall
    draw.rectangle((int(width * 0.3), int(height * 0.08), int(width * 0.7), int(height * 0.22)),
                   outline=(250, 214, 60), width=8)  # the banner
    draw.rectangle((0, int(height * 0.45), width, int(height * 0.5)), fill=(60, 40, 30))  # the stage's edge
    for row in range(7):
        y = int(height * 0.55) + row * int(height * 0.065)
        for col in range(18):
            x = 20 + col * (width - 40) // 18
            shade = (70 + (col * 13 + row * 7) % 60, 70 + (row * 11) % 40, 150 + (col * 17) % 80)
            draw.rounded_rectangle((x, y, x + width // 24, y + int(height * 0.04)), radius=6, fill=shade)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


def pictures(pdf: Path, out: Path, names: List[str], dpi: int) -> List[Path]:
    """The first pages of ``pdf`` as PNGs named ``names``, at ``dpi``."""
    written = []
    with tempfile.TemporaryDirectory() as work:
        for page, name in enumerate(names, 1):
            prefix = Path(work) / f"p{page}"
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(prefix)], check=True)
            target = out / name
            shutil.move(str(prefix) + ".png", target)
            written.append(target)
    return written


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNGs")
    parser.add_argument("--dpi", type=int, default=80, help="resolution of the pictures (default 80)")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 2
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from exporter import Options, export, export_digest

    args.out.mkdir(parents=True, exist_ok=True)
    written: List[Path] = []
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        options = Options(formats=("pdf",))
        export(EXAMPLE, work / "plain", options)
        written += pictures(work / "plain" / "article.pdf", args.out, ["brief.png"], args.dpi)

        (work / "hoi-nghi.jpg").write_bytes(conference_hall())
        paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip(" \u00a0\n")]
        headline_caption = paragraphs[1].split("\n")
        markdown = ["---", "source: Báo Mẫu", "date: 2021-06-28", "---", "", f"# {headline_caption[0]}", "",
                    paragraphs[0], "", "![Hội nghị giao ban](hoi-nghi.jpg)", "", f"*{headline_caption[1]}*", "",
                    *[p + "\n" for p in paragraphs[2:]]]
        (work / "bai.md").write_text("\n".join(markdown), encoding="utf-8")
        export(work / "bai.md", work / "photo", options)
        written += pictures(work / "photo" / "bai.pdf", args.out, ["brief-with-photo.png"], args.dpi)

        bilingual = Options(formats=("pdf",), layout="bilingual", translations_file=str(TRANSLATION))
        export(EXAMPLE, work / "bilingual", bilingual)
        written += pictures(next((work / "bilingual").glob("*.pdf")), args.out, ["bilingual.png"], args.dpi)

        fixtures = [ROOT / "tests" / "fixtures" / "text" / name for name in DIGEST_FIXTURES]
        export_digest([work / "bai.md", *fixtures], [work / "digest.pdf"], Options(), date="2026-12-06")
        written += pictures(work / "digest.pdf", args.out, ["digest-cover.png", "digest-contents.png"], args.dpi)
    for path in written:
        print(f"{path}  {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
