"""ReportLab's C accelerator (rl-accel, a dependency): in use, and the PDF bytes are the same without it.

Each side renders in its own process, because ReportLab binds its accelerated functions when it is imported; the
pure-Python side hides the extension (``sys.modules["_rl_accel"] = None``) as a machine without it would have."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, pdf_text, squash
from photo_files import jpeg

RENDER = """
import sys
if sys.argv[1] == "pure":
    sys.modules["_rl_accel"] = None  # an import of it fails, as where rl-accel is not installed
from reportlab.lib import rl_accel
from exporter.options import Options
from exporter.pipeline import read_article, with_photos
from exporter.render.pdf import render_pdf
native = type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
assert native == (sys.argv[1] == "accelerated"), "ReportLab's accelerator is not in the expected state"
options = Options(images="all")
sys.stdout.buffer.write(render_pdf(with_photos(read_article(sys.argv[2], options), options), options))
"""


def render_in_process(mode: str, source: Path) -> bytes:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", RENDER, mode, str(source)], env=env, capture_output=True,
                          check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def test_the_accelerator_is_installed_and_used():
    import _rl_accel
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str is _rl_accel.fp_str
    assert rl_accel.instanceStringWidthTTF is _rl_accel.instanceStringWidthTTF


@pytest.mark.parametrize("kind", ["sample", "emphasis and photo"])
def test_pdf_bytes_identical_with_and_without_the_accelerator(tmp_path, kind):
    if kind == "sample":
        source = EXAMPLE
    else:
        (tmp_path / "anh.jpg").write_bytes(jpeg((900, 600)))
        source = tmp_path / "bai.md"
        source.write_text("# Lũ quét ở Lào Cai: “khẩn cấp” & <b>sơ tán</b>\n\n**Sáng 10/9**, mưa lớn kéo dài "
                          "khiến *nhiều tuyến đường* bị chia cắt; Ủy ban nhân dân tỉnh đã sơ tán 1.250 hộ dân.\n\n"
                          "![Nước dâng](anh.jpg)\n\nNước dâng cao ở thị xã Sa Pa (Ảnh: Hoàng Yến)\n\n"
                          "Ông Nguyễn Văn Ước cho biết: “Chưa bao giờ thấy lũ lên nhanh như vậy.”\n",
                          encoding="utf-8")
    accelerated = render_in_process("accelerated", source)
    pure = render_in_process("pure", source)
    assert accelerated[:5] == b"%PDF-" and len(accelerated) > 5000
    assert pure == accelerated
    text = squash(pdf_text(pure))  # the pure-Python path is still right, letter for letter
    assert squash("Ủy ban nhân dân" if kind != "sample" else "Trưởng Ban Tổ chức Trung ương Trương Thị Mai") in text
