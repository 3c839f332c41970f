"""The Markdown brief, parsed back with a CommonMark parser."""
from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
import yaml
from conftest import EXAMPLE, ROOT, assert_golden
from markdown_it import MarkdownIt

from exporter.errors import UsageError
from exporter.model import Article, Block, Inline
from exporter.options import Options
from exporter.pipeline import normalise, read_article
from exporter.render.markdown import render_markdown

GOLDEN = ROOT / "tests" / "golden" / "article.md"


def front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "no front matter"
    return yaml.safe_load(match.group(1))


def body_html(text: str) -> str:
    return MarkdownIt("commonmark").render(re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S))


def paragraphs_text(text: str):
    """Text content of every block element of the rendered HTML."""
    out = []
    for m in re.finditer(r"<(p|h1|h2|li|blockquote)>(.*?)</\1>", body_html(text), re.S):
        out.append(html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip())
    return out


def test_golden_sample_brief():
    assert_golden(GOLDEN.name, render_markdown(read_article(EXAMPLE)))


def test_front_matter_fields():
    md = render_markdown(read_article(EXAMPLE, Options(date="2021-06-28", source="Báo Nhân Dân")))
    meta = front_matter(md)
    # an unknown field (the example has no URL) is left out, never written as ""
    assert set(meta) == {"title", "author", "date", "source", "lang", "generator"} and '""' not in md
    assert meta["title"].startswith("Ban tổ chức các tỉnh") and meta["author"] == "Hồ Nhi"
    assert meta["date"] == "2021-06-28" and meta["source"] == "Báo Nhân Dân" and meta["lang"] == "vi"
    assert meta["generator"].startswith("vnbrief ")
    # the front matter keeps the ISO date; the text shows the date as a Vietnamese paper prints it
    assert "Báo Nhân Dân · Thứ Hai, 28/06/2021" in paragraphs_text(md)


def test_structure_of_sample_brief():
    md = render_markdown(read_article(EXAMPLE))
    rendered = body_html(md)
    assert rendered.count("<h1>") == 1
    assert "<strong>Tại Hội nghị giao ban" in rendered  # the lead is set apart
    # the caption has no photo: a photo note, its label bold and the caption italic
    assert "<strong>Ảnh:</strong> <em>Hội nghị giao ban trực tuyến" in rendered
    assert "<strong>Hồ Nhi</strong>" in rendered


TRICKY = [
    "- không phải danh sách",
    "+ cũng không",
    "* cũng không nốt",
    "1. không phải danh sách số",
    "2) cũng không",
    "# không phải tiêu đề",
    "> không phải trích dẫn",
    "giá *khuyến mãi* và _gạch dưới_ và __đậm__",
    "mã `lệnh` và ```khối```",
    "liên kết [x](y) và ![ảnh](a.png)",
    "<script>alert(1)</script> và <b>thẻ</b>",
    "thực thể &amp; và &#233; và &copy;",
    "dấu \\ gạch chéo ngược \\* và \\_",
    "===",
    "---",
    "| bảng | không |",
    "~~~ rào",
    "    bốn dấu cách",
    "<http://example.org> tự động",
    "Hết câu.  ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_user_text_never_becomes_markdown(text):
    article = Article(title=text, blocks=(Block.plain("lead", text), Block.plain("paragraph", text),
                                          Block.plain("caption", text), Block.plain("quote", text),
                                          Block.plain("heading", text), Block.plain("byline", text)))
    md = render_markdown(normalise(article))
    expected = " ".join(text.split())
    got = paragraphs_text(md)
    # title, five blocks, and the caption as a photo note ("Ảnh: …"), all read as written
    assert got.count(expected) == 6 and got.count("Ảnh: " + expected) == 1, (md, got)
    assert "<script>" not in body_html(md)
    assert front_matter(md)["title"] == expected


def test_emphasis_and_links_become_markdown():
    article = Article(title="T", blocks=(Block("paragraph", (
        Inline("thường "), Inline("đậm*", bold=True), Inline(" và "), Inline("nghiêng", italic=True),
        Inline(" "), Inline("liên kết", href="https://example.org/a b"))),))
    rendered = body_html(render_markdown(article))
    assert "<strong>đậm*</strong>" in rendered
    assert "<em>nghiêng</em>" in rendered
    assert '<a href="https://example.org/a%20b">liên kết</a>' in rendered


def test_user_template(tmp_path):
    template = tmp_path / "mine.md.j2"
    template.write_text("TITLE={{ article.title }}\n{% for b in blocks %}[{{ b.kind }}] {{ b.runs | runs }}\n"
                        "{% endfor %}", encoding="utf-8")
    out = render_markdown(read_article(EXAMPLE), Options(template=str(template)))
    assert out.startswith("TITLE=Ban tổ chức các tỉnh")
    assert "[byline] Hồ Nhi" in out


def test_runs_of_blank_lines_a_template_leaves_are_one_blank_line(tmp_path):
    """Three line feeds or more (a row drawn by the row before leaves its line empty) become one blank line, and the
    brief ends with one line feed; text without such a run is left as it is (looked for before the expression)."""
    template = tmp_path / "gaps.md.j2"
    template.write_text("A\n\n\n\nB\n\n\nC\n\nD\nE\n\n\n", encoding="utf-8")
    assert render_markdown(read_article(EXAMPLE), Options(template=str(template))) == "A\n\nB\n\nC\n\nD\nE\n"
    template.write_text("A\n\nB\nC", encoding="utf-8")
    assert render_markdown(read_article(EXAMPLE), Options(template=str(template))) == "A\n\nB\nC\n"


def test_template_typo_names_the_line(tmp_path):
    template = tmp_path / "typo.md.j2"
    template.write_text("# {{ article.title }}\n\n{{ article.titel }}\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        render_markdown(read_article(EXAMPLE), Options(template=str(template)))
    assert "line 3" in str(err.value) and "titel" in str(err.value) and str(template) in str(err.value)


def test_template_syntax_error_names_the_line(tmp_path):
    template = tmp_path / "bad.md.j2"
    template.write_text("ok\n{% for b in blocks %}\nnever closed\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        render_markdown(read_article(EXAMPLE), Options(template=str(template)))
    assert "line" in str(err.value)


def test_unknown_template_name():
    with pytest.raises(UsageError) as err:
        render_markdown(read_article(EXAMPLE), Options(template="nope"))
    assert "brief" in str(err.value)


def test_compiled_templates_are_kept_in_the_cache_folder(tmp_path, monkeypatch):
    import jinja2

    from exporter.render import markdown

    article = read_article(EXAMPLE)
    options = Options(cache_dir=str(tmp_path / "cache"))
    # the bundled templates as Jinja renders them (when edited in place: else they run compiled ahead, md_ahead.py)
    monkeypatch.setattr(markdown, "ahead", lambda path, values: None)
    markdown.environment.cache_clear()
    first = render_markdown(article, options)
    kept = sorted((tmp_path / "cache" / "templates").iterdir())
    assert len(kept) == 2  # brief.md.j2 and the _blocks.md.j2 it imports
    # A new process (a fresh environment) loads them compiled: Jinja's compiler is not called again.
    markdown.environment.cache_clear()

    def no_compile(*args, **kwargs):
        raise AssertionError("the template was compiled again")

    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Environment, "compile", no_compile)
        assert render_markdown(article, options) == first
    # A damaged entry is passed over (compiled and written again), and --no-cache keeps none.
    for path in kept:
        path.write_bytes(b"not bytecode")
    markdown.environment.cache_clear()
    assert render_markdown(article, options) == first
    assert all(path.read_bytes() != b"not bytecode" for path in kept)
    markdown.environment.cache_clear()
    assert render_markdown(article, Options(cache_dir=str(tmp_path / "other"), use_cache=False)) == first
    assert not (tmp_path / "other").exists()


def test_bundled_templates_render_in_a_plain_environment_a_users_in_the_sandbox(tmp_path):
    from jinja2.sandbox import SandboxedEnvironment

    from exporter.render import markdown
    from exporter.resources import data_dir

    assert not isinstance(markdown.environment(data_dir("templates")), SandboxedEnvironment)
    assert isinstance(markdown.environment(tmp_path), SandboxedEnvironment)
    # a user's template reaching past what it is given is stopped, even when it calls a bundled macro
    (tmp_path / "mine.md.j2").write_text('{% import "_blocks.md.j2" as b %}{{ "".__class__.__mro__ }}\n', "utf-8")
    with pytest.raises(UsageError, match="unsafe"):
        render_markdown(read_article(EXAMPLE), Options(template=str(tmp_path / "mine.md.j2"), use_cache=False))


def test_plain_and_sandboxed_compiled_templates_are_kept_apart(tmp_path, monkeypatch):
    # _blocks.md.j2 compiled for a user's template (sandboxed code: its calls go through the sandbox) and for the
    # bundled brief (plain code, as Jinja renders it when edited in place) share a cache folder; each environment
    # loads only its own.
    from exporter.render import markdown

    monkeypatch.setattr(markdown, "ahead", lambda path, values: None)
    article = read_article(EXAMPLE)
    fresh = render_markdown(article, Options(use_cache=False))
    mine = tmp_path / "mine.md.j2"
    mine.write_text((ROOT / "templates" / "brief.md.j2").read_text("utf-8"), "utf-8")
    options = Options(cache_dir=str(tmp_path / "cache"))
    for first, then in ((str(mine), "brief"), ("brief", str(mine))):
        markdown.environment.cache_clear()
        for name in (first, then):
            assert render_markdown(article, replace(options, template=name)) == fresh
        markdown.environment.cache_clear()  # a new process: both read from the cache
        for name in (then, first):
            assert render_markdown(article, replace(options, template=name)) == fresh
    kept = sorted(p.name for p in (tmp_path / "cache" / "templates").iterdir())
    assert len(kept) == 4 and sum(name.startswith("trusted-") for name in kept) == 2



def test_escaping_looks_for_markup_characters_first_and_escapes_as_the_expressions_alone_did():
    """The escaping expressions run only on text holding what they look for (a brief without any such character
    compiles none of them), the start of the text told by str.isspace and str.isdecimal: those say what the
    expressions' \\s and \\d say for every code point, and the escaped text is what the five expressions applied one
    after another gave, for every such character and every ASCII one in every place that counts."""
    import sys

    from exporter.model import Inline
    from exporter.render.mdescape import escape_md, runs_md

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces, digits = re.findall(r"\s", every), re.findall(r"\d", every)
    assert spaces == [ch for ch in every if ch.isspace()] and digits == [ch for ch in every if ch.isdecimal()]
    steps = [(re.compile(r"([\\`*_\[\]<>])"), r"\\\1"), (re.compile(r"&(?=#?[0-9A-Za-z]+;)"), r"\\&"),
             (re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"), (re.compile(r"^(\s*)([-+*])(?=\s|$)"), r"\1\\\2"),
             (re.compile(r"^(\s*)([#>=|~+-])"), r"\1\\\2")]

    def before(text: str) -> str:
        for pattern, replacement in steps:
            text = pattern.sub(replacement, text)
        return text

    chars = spaces + digits + [chr(c) for c in range(0x80)] + ["é", "ạ", "\u2013", "😀"]
    differ = [repr(text) for ch in chars
              for text in (ch, ch + " x", ch + "x", " \t" + ch + ". x", "12" + ch + " x", ch + "- x", "x" + ch + "amp;")
              if escape_md(text) != before(text)]
    assert differ == []
    samples = ["- a", "-a", "+ b", "* c", "*c*", "1. d", "1) d", "1234567890. e", "\u00a0# f", "\u2003> g", "== h",
               "| i |", "~~~", "&amp; j", "&#233;", "a & b", "\\k", "`l`", "[m](n)", "<o>", "_p_", "  3.", "٣. q",
               "\n- r", "", " "]
    assert [escape_md(t) for t in samples] == [before(t) for t in samples]
    assert runs_md([Inline("1. *Hà* &amp; ")]) == before("1. *Hà* &amp;")
    assert runs_md([Inline("Hà "), Inline("- *nội* &amp;")]) == "Hà - \\*nội\\* \\&amp;"
