"""Issue 16, part 1 and 4: nothing of the user's is ever written. One gate (exporter.atomic) checks every write
against the set of what the run may not touch: the inputs and everything they own, as (device, inode)."""
from __future__ import annotations

import hashlib
import os
import socket
import stat
import sys
from pathlib import Path

import photo_files as pf
import pytest
from conftest import EXAMPLE
from markdown_it import MarkdownIt

PARAGRAPHS = [
    "Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn.",
    "Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ vào đất liền.",
    "Theo dự báo, bão suy yếu thành áp thấp nhiệt đới và tiếp tục gây mưa to ở các tỉnh miền núi phía Bắc.",
]


def saved_page(folder: Path, name: str = "trang") -> Path:
    """A page saved by a browser ("Save page as, complete"): ``trang.html`` and its photo in ``trang_files/``,
    named as the brief would name its own photo."""
    files = folder / f"{name}_files"
    files.mkdir(parents=True)
    (files / "01.jpg").write_bytes(pf.jpeg((1800, 1200), seed=5))
    page = folder / f"{name}.html"
    page.write_text(f"<html><head><meta charset='utf-8'><title>Bão</title></head><body><article>"
                    f"<h1>Bão số 3 đổ bộ vào Quảng Ninh</h1><p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p>"
                    f"<figure><img src='{name}_files/01.jpg'><figcaption>Cây đổ trên phố (Ảnh: Minh Anh)</figcaption>"
                    f"</figure><p>{PARAGRAPHS[2]} {PARAGRAPHS[1]}</p><p>{PARAGRAPHS[0]}</p></article></body></html>",
                    encoding="utf-8")
    return page


def digest_of(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def md_images(path: Path) -> list:
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    return [c.attrGet("src") for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "image"]


def test_a_saved_page_rendered_in_its_own_folder_keeps_its_photos(tmp_path, monkeypatch, run_cli):
    page = saved_page(tmp_path)
    before = digest_of(tmp_path / "trang_files")
    monkeypatch.chdir(tmp_path)
    result = run_cli("render", "trang.html")  # the output folder defaults to here
    assert result.exit_code == 0, result.stderr
    assert digest_of(tmp_path / "trang_files") == before  # the browser's photo is untouched, nothing added
    # the brief's photos get a folder of their own, and the brief links them there
    assert md_images(tmp_path / "trang.md") == ["trang_brief_files/01.jpg"]
    assert (tmp_path / "trang_brief_files" / "01.jpg").is_file()
    assert page.is_file()


def test_the_same_page_rendered_elsewhere_keeps_the_usual_folder(tmp_path, run_cli):
    page = saved_page(tmp_path / "in")
    result = run_cli("render", page, "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert md_images(tmp_path / "out" / "trang.md") == ["trang_files/01.jpg"]


def test_library_export_in_the_pages_folder_keeps_its_photos(tmp_path):
    from exporter import export

    page = saved_page(tmp_path)
    before = digest_of(tmp_path / "trang_files")
    written = export(page, tmp_path)
    assert digest_of(tmp_path / "trang_files") == before
    assert tmp_path / "trang_brief_files" / "01.jpg" in written


def test_no_write_follows_a_linked_photo_folder_out_of_the_output_folder(tmp_path, run_cli):
    page = saved_page(tmp_path / "in")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "trang_files").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("render", page, "-o", out)
    assert result.exit_code == 5, result.stderr
    assert f"{out / 'trang_files'}: is a symbolic link; vnbrief does not write through it" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["trang_files"]  # neither format: all or none


def test_a_picture_named_by_a_markdown_input_is_never_replaced(tmp_path, run_cli):
    """a.md shows a picture that lives where b.md's brief would put its photo: b fails, the picture stays."""
    src, out = tmp_path / "src", tmp_path / "src" / "out"
    (out / "b_files").mkdir(parents=True)
    picture = out / "b_files" / "01.jpg"
    picture.write_bytes(pf.jpeg((1200, 800), seed=1))
    kept = picture.read_bytes()
    (src / "a.md").write_text(f"# Ảnh của tôi\n\n{PARAGRAPHS[0]}\n\n![Ảnh](out/b_files/01.jpg)\n\n{PARAGRAPHS[1]}\n",
                              encoding="utf-8")
    (src / "anh.jpg").write_bytes(pf.jpeg((1600, 1000), seed=2))
    (src / "b.md").write_text(f"# Bão số 3\n\n{PARAGRAPHS[0]}\n\n![Ảnh](anh.jpg)\n\n{PARAGRAPHS[2]}\n",
                              encoding="utf-8")
    result = run_cli("render", src / "a.md", src / "b.md", "-o", out, "-f", "md")
    assert result.exit_code == 2, result.stderr
    assert f"{picture}: the output would replace a file of the input {src / 'a.md'}" in result.stderr
    assert picture.read_bytes() == kept
    assert not (out / "b.md").exists() and (out / "a.md").is_file()


@pytest.mark.parametrize("option", ["--glossary", "--translations", "--template"])
def test_files_named_by_the_settings_are_protected(tmp_path, run_cli, option):
    """A report (or any output) may not land on the glossary, the reviewed file or the template."""
    named = tmp_path / "named.csv"
    named.write_text("vi,en\n", encoding="utf-8")
    keep = named.read_bytes()
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", option, named, "--report", named)
    assert result.exit_code == 2, result.stderr
    assert "the output would be written over the input" in result.stderr and named.read_bytes() == keep
    assert not (tmp_path / "out").exists()


def test_the_config_file_is_protected(tmp_path, monkeypatch, run_cli):
    config = tmp_path / "vnbrief.toml"
    config.write_text('paper = "letter"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "--report", "vnbrief.toml")
    assert result.exit_code == 2, result.stderr
    assert config.read_text(encoding="utf-8") == 'paper = "letter"\n'


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")
def test_a_report_onto_a_pipe_or_socket_is_refused_before_anything_is_rendered(tmp_path, run_cli):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "--report", fifo)
    assert result.exit_code == 5, result.stderr
    assert f"Error: {fifo}: is a pipe, not a regular file; it was left as it is" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and not (tmp_path / "out").exists()
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "--report", sock_path)
        assert result.exit_code == 5 and "is a socket, not a regular file" in result.stderr
        assert stat.S_ISSOCK(sock_path.lstat().st_mode)


def test_markdown_on_standard_input_names_no_local_file(tmp_path, monkeypatch, run_cli):
    """``curl … | vnbrief render -``: what arrives on stdin has no folder, so it may show no file of the user's."""
    secret = tmp_path / "private.jpg"
    secret.write_bytes(pf.jpeg((1200, 800), seed=7))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "also.jpg").write_bytes(pf.jpeg((1200, 800), seed=8))
    monkeypatch.chdir(tmp_path)
    for text in (f"# Bài từ mạng\n\n{PARAGRAPHS[0]}\n\n![x](private.jpg)\n\n![y](sub/also.jpg)\n\n{PARAGRAPHS[1]}\n",
                 f"<html><body><article><h1>Bài từ mạng</h1><p>{PARAGRAPHS[0]}</p><img src='private.jpg'>"
                 f"<img src='file://{secret}'><p>{PARAGRAPHS[1]}</p></article></body></html>"):
        result = run_cli("render", "-", "-o", tmp_path / "out", "-f", "md", input=text.encode("utf-8"))
        assert result.exit_code == 0, result.stderr
        assert "left out: standard input names no local file" in result.stderr
        assert not (tmp_path / "out").glob("*_files") or not any((tmp_path / "out").glob("*_files/*"))


def test_a_photo_cache_entry_that_is_a_link_is_not_followed(tmp_path, static_site, run_cli):
    """A link planted in the photo cache (to a file outside, or to /dev/zero) is neither read nor trusted: the
    photo is downloaded again."""
    from exporter.read.photos import PhotoCache

    real = pf.jpeg((1400, 900), seed=3)
    url = static_site.add("/anh.jpg", real, "image/jpeg")
    page = static_site.add("/bai", (f"<html><body><article><h1>Bão số 3 đổ bộ</h1><p>{PARAGRAPHS[0]}</p>"
                                     f"<img src='/anh.jpg'><p>{PARAGRAPHS[1]} {PARAGRAPHS[2]}</p></article>"
                                     f"</body></html>").encode(), "text/html; charset=utf-8")
    cache = tmp_path / "cache"
    entry = PhotoCache(str(cache))._path(url)
    entry.parent.mkdir(parents=True)
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(pf.jpeg((1400, 900), seed=9))
    for target in (outside, Path("/dev/zero")):
        if entry.is_symlink() or entry.exists():
            entry.unlink()
        entry.symlink_to(target)
        static_site.hits.clear()
        result = run_cli("render", page, "-o", tmp_path / "out", "-f", "md", "--cache-dir", cache)
        assert result.exit_code == 0, result.stderr
        assert static_site.hits["/anh.jpg"] == 1  # not taken from the link: downloaded
        saved = next((tmp_path / "out").glob("*_files/01.jpg"))
        from PIL import Image

        with Image.open(saved) as img:  # the downloaded photo (seed 3), not the file outside (seed 9)
            assert img.size[0] <= 1400
        assert outside.read_bytes() != saved.read_bytes()
    assert not entry.is_symlink()  # the planted link was replaced by the real download


def test_the_guard_costs_the_same_per_output_whatever_the_batch(tmp_path, monkeypatch):
    """The overwrite check looks each output up in a set: its system calls do not grow with the inputs (one per
    output and one per folder the outputs go to)."""
    from exporter import protected
    from exporter.pipeline import protect

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(300):
        (folder / f"a{n}.txt").write_text("x\n", encoding="utf-8")
    calls = []
    real_stat = os.stat

    def counting(path, *args, **kwargs):
        calls.append(path)
        return real_stat(path, *args, **kwargs)

    outputs = [tmp_path / "out" / f"a{n}.pdf" for n in range(50)]
    for count in (3, 300):
        guard = protect([str(folder / f"a{n}.txt") for n in range(count)])
        calls.clear()
        monkeypatch.setattr(protected.os, "stat", counting)
        protected.check_outputs(outputs, guard)
        monkeypatch.setattr(protected.os, "stat", real_stat)
        assert len(calls) == len(outputs) + 1, (count, len(calls))  # one per output, one for their folder
    with pytest.raises(Exception, match="written over the input"):
        protected.check_outputs([folder / "a299.txt"], guard)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open file through /proc")
def test_every_file_of_a_call_is_on_the_disk_before_any_is_renamed_into_place(tmp_path, monkeypatch):
    """The files of one call are fsynced at once (one thread per file past the first, the file system commits them
    together) and all of them before the first rename; no thread is left when the call returns."""
    import threading

    from exporter import atomic

    events = []
    real_fsync, real_replace = atomic.os.fsync, atomic.os.replace

    def fsync(fd):
        real_fsync(fd)
        events.append(("fsync", Path(os.readlink(f"/proc/self/fd/{fd}")).name, threading.current_thread().name))

    def replace(src, dst):
        events.append(("replace", Path(dst).name, threading.current_thread().name))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    names = ["bai.pdf", "bai.md", "bai_files/01.jpg", "bai_files/02.png"]
    atomic.write_files([(tmp_path / name, name.encode()) for name in names], within=tmp_path)
    synced = [event for event in events if event[0] == "fsync"]
    assert events[:len(names)] == synced and len(synced) == len(names)  # every fsync before the first rename
    assert all(sum(temp.startswith(f".{Path(n).name}.") for _, temp, _ in synced) == 1 for n in names)  # each once
    assert sorted(thread for _, _, thread in synced) == ["MainThread"] + ["vnbrief-sync"] * 3  # at once, a thread each
    assert [name for kind, name, _ in events if kind == "replace"] == [Path(n).name for n in names]
    assert all((tmp_path / name).read_bytes() == name.encode() for name in names)
    assert not [t for t in threading.enumerate() if t.name == "vnbrief-sync"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open file through /proc")
def test_a_file_that_cannot_be_synced_is_named_and_nothing_is_renamed(tmp_path, monkeypatch):
    from exporter import atomic
    from exporter.errors import RenderError

    real_fsync = atomic.os.fsync

    def fsync(fd):
        if ".bai.md." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    (tmp_path / "bai.pdf").write_bytes(b"the brief written before")
    with pytest.raises(RenderError) as err:
        atomic.write_files([(tmp_path / "bai.pdf", b"new"), (tmp_path / "bai.md", b"new"),
                            (tmp_path / "bai_files" / "01.jpg", b"new")], within=tmp_path, force=True)
    assert str(err.value).startswith(f"{tmp_path / 'bai.md'}: cannot be written: Input/output error")
    assert (tmp_path / "bai.pdf").read_bytes() == b"the brief written before"  # none renamed into place
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["bai.pdf", "bai_files"]
