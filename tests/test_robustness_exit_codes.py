"""Issue 13, part 6: every user mistake of the catalogue has its documented exit code (2 options, settings,
fonts, templates, provider addresses, outputs over inputs; 3 inputs and reviewed files; 5 writing) and one
line that names the file and says what to do. Exit 1 is left for real bugs."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, List, NamedTuple

import pytest
from conftest import EXAMPLE, ROOT, docs_page

ARTICLE = EXAMPLE.read_text(encoding="utf-8")


class Case(NamedTuple):
    name: str
    setup: Callable[[Path], List[str]]  # builds files in the folder, returns the command line
    code: int
    message: str  # the one line, with {tmp} for the folder


def _file(tmp: Path, name: str, data, mode: str = "w") -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _render(tmp: Path, *extra: str) -> List[str]:
    return ["render", str(EXAMPLE), "-o", str(tmp / "out"), *extra]


def _template(tmp: Path, text, name: str = "t.md.j2") -> List[str]:
    return _render(tmp, "-f", "md", "--template", str(_file(tmp, name, text)))


def _truncated_font(tmp: Path) -> List[str]:
    _file(tmp / "fonts", "Broken-Regular.ttf", (ROOT / "fonts" / "NotoSans-Regular.ttf").read_bytes()[:20000])
    return _render(tmp, "-f", "pdf", "--font", str(tmp / "fonts"))


def _read_only(tmp: Path) -> List[str]:
    brief = _file(tmp / "out", "article.md", "notes\n")
    brief.chmod(0o444)
    return _render(tmp, "-f", "md")


CATALOGUE = [
    Case("timeout nan", lambda t: _render(t, "--timeout", "nan"), 2,
         "Error: --timeout must be a finite number, not nan (give a number from 0.1 to 3,600; "
         "see docs/translation.md)"),
    Case("timeout 1e308", lambda t: _render(t, "--timeout", "1e308"), 2,
         "Error: --timeout must be at most 3,600, not 1e+308 (give a number from 0.1 to 3,600; "
         "see docs/translation.md)"),
    Case("formats = []", lambda t: _render(t, "--config", str(_file(t, "c.toml", "formats = []\n"))), 2,
         "Error: {tmp}/c.toml: formats must be a list of words, e.g. [\"pdf\", \"md\"], not an empty list "
         "(see docs/config.md)"),
    Case("file:// provider", lambda t: _render(t, "--translate", "--provider", "libre", "--provider-url",
                                               "file:///etc/passwd"), 2,
         "Error: --provider-url is not an http:// or https:// address: 'file:///etc/passwd' "
         "(give the provider's web address, e.g. http://localhost:5000; see docs/translation.md)"),
    Case("junk font", lambda t: (_file(t / "fonts", "Junk-Regular.ttf", b"not a font" * 100),
                                 _render(t, "-f", "pdf", "--font", str(t / "fonts")))[1], 2,
         "Error: {example}: {tmp}/fonts/Junk-Regular.ttf: is not a readable TrueType font (Not a TrueType or "
         "OpenType font (bad sfntVersion)) (remove it from the font folder, or give sound .ttf files)"),
    Case("truncated font", _truncated_font, 2,
         "Error: {example}: {tmp}/fonts/Broken-Regular.ttf: is not a readable TrueType font (unexpected end of "
         "'name' table data: expected 1660 bytes but got 0 at offset 234532) (remove it from the font folder, "
         "or give sound .ttf files)"),
    Case("recursive template", lambda t: _template(t, "{% include 't.md.j2' %}\n"), 2,
         "Error: {example}: {tmp}/t.md.j2: template error: it includes or extends itself without end "
         "(fix the template)"),
    Case("non-UTF-8 template", lambda t: _template(t, "{{ article.title }} \xe9\n".encode("latin-1")), 2,
         "Error: {example}: {tmp}/t.md.j2: template is not UTF-8 text (save it as UTF-8)"),
    Case("blocked include", lambda t: _template(t, "{% include '../secret.j2' %}\n", "sub/t.md.j2"), 2,
         "Error: {example}: {tmp}/sub/t.md.j2: template error: it includes '../secret.j2', which is not a file in "
         "the template's folder (include only templates beside it)"),
    Case("sandbox", lambda t: _template(t, "{{ ''.__class__.__mro__ }}\n"), 2,
         "Error: {example}: {tmp}/t.md.j2: template error: access to attribute '__class__' of 'str' object is "
         "unsafe. (templates run sandboxed: use only the variables listed in docs/look.md)"),
    Case("output over input", lambda t: ["digest", str(_file(t, "bai2.md", ARTICLE)), "-o", str(t / "bai2.md")], 2,
         "Error: {tmp}/bai2.md: the output would be written over the input {tmp}/bai2.md; nothing was written "
         "(choose another output folder with -o, or another output name)"),
    Case("impossible date", lambda t: ["inspect", str(_file(t, "a.md", "---\ndate: 2021-13-45\n---\n\nBài.\n"))],
         3, "Error: {tmp}/a.md: front matter date '2021-13-45' is not a real date (month must be in 1..12) "
            "(write it as YYYY-MM-DD)"),
    Case("broken IPv6 URL", lambda t: ["inspect", "http://[::1/x"], 3,
         "Error: http://[::1/x: invalid address (Invalid IPv6 URL) (check the address)"),
    Case("review JSON nested 100,000 deep",
         lambda t: _render(t, "--translations", str(_file(t, "r.json", "[" * 100_000 + "]" * 100_000))), 3,
         "Error: {example}: {tmp}/r.json: not a segments file: its JSON is nested too deeply "
         "(give the file written by vnbrief translate)"),
    Case("CSV field over 131,072",
         lambda t: _render(t, "--translations", str(_file(t, "r.csv", "id,source,target\nt,x," + "y" * 131_073))),
         3, "Error: {example}: {tmp}/r.csv: not valid CSV: field larger than field limit (131072)"),
    Case("file name with a newline", lambda t: ["inspect", str(t / "a\nb.txt")], 3,
         "Error: {tmp}/a\\nb.txt: no such file (check the path)"),
    Case("read-only output", _read_only, 5,
         "Error: {example}: {tmp}/out/article.md: exists and is read-only; it was left as it is "
         "(use --force to replace it, or choose another output)"),
]


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.name for c in CATALOGUE])
def test_catalogue(tmp_path, run_cli, case):
    args = case.setup(tmp_path)
    result = run_cli(*args)
    expected = case.message.format(tmp=tmp_path, example=EXAMPLE)
    lines = result.stderr.splitlines()
    assert (result.exit_code, lines) == (case.code, [expected])


def test_every_exit_code_is_documented():
    from exporter.errors import ExitStatus

    page = docs_page("exit-codes.md")
    table = page[page.index("| code"):]
    table = table[:table.index("\n\n")]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    codes = {int(s) for s in ExitStatus} | {c.code for c in CATALOGUE} | {129, 130, 143}
    assert codes <= documented, sorted(codes - documented)
