"""The bundled Markdown templates compiled ahead (exporter/render/md_ahead.py) print what Jinja prints, byte for
byte, for every kind of brief and digest; they are used only while the templates are those they were made from;
anything else (a user's template, an edited bundled one, an undefined value) is Jinja's, with Jinja's errors; and a
plain render does not import Jinja at all."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import photo_files as pf
import pytest
from conftest import EXAMPLE, FIXTURES, GOLDEN, corpus_dir
from test_layouts import translated
from test_render_photos import photo_article

from exporter import export, export_digest
from exporter.errors import UsageError
from exporter.options import Options
from exporter.pipeline import read_article, render_all, with_photos
from exporter.render import digest_md, markdown, md_ahead
from exporter.render.markdown import render_markdown
from exporter.resources import data_dir

ROOT = Path(__file__).resolve().parents[1]
DIEN_GIO = GOLDEN / "inputs" / "dien-gio.md"


def _compiler():
    spec = importlib.util.spec_from_file_location("ahead_templates", ROOT / "tools" / "ahead_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def both(monkeypatch):
    """``both(produce)``: what ``produce()`` returns with the compiled templates (each brief and digest drawn by
    them: checked) and with Jinja alone; asserts the two are equal and returns the first."""
    real = markdown.ahead

    def produce_twice(produce):
        used = []

        def spy(path, values):
            text = real(path, values)
            used.append(text is not None)
            return text

        with monkeypatch.context() as m:
            m.setattr(markdown, "ahead", spy)
            m.setattr(digest_md, "ahead", spy)
            compiled = produce()
        assert used and all(used), "the compiled form left a brief to Jinja"
        with monkeypatch.context() as m:
            m.setattr(markdown, "ahead", lambda path, values: None)
            m.setattr(digest_md, "ahead", lambda path, values: None)
            jinja = produce()
        assert compiled == jinja
        return compiled

    return produce_twice


def test_md_ahead_py_is_what_the_tool_writes_now():
    assert _compiler().source() == (ROOT / "exporter" / "render" / "md_ahead.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", ["translation", "bilingual", "original"])
def test_the_sample_in_every_layout(both, layout):
    plain = read_article(EXAMPLE)
    assert both(lambda: render_markdown(plain, Options(layout=layout))).startswith("---\ntitle: ")
    n = len(translated(plain).translation.blocks)
    for states, title in ((None, "machine"), (["approved", "edited"] + ["machine"] * (n - 2), "approved"),
                          (["edited"] * n, "edited")):
        doc = translated(plain, states=states, title_state=title)
        text = both(lambda doc=doc: render_markdown(doc, Options(layout=layout)))
        assert ("translation:\n" in text) and ("Provincial party boards" in text) == (layout != "original")


@pytest.mark.parametrize("layout", ["translation", "bilingual"])
@pytest.mark.parametrize("flags", ["show", "hide"])
def test_machine_translations_with_flags_and_the_digests(both, translation_server, tmp_path, monkeypatch, layout,
                                                          flags):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    options = Options(translate=True, provider="libre", provider_url=translation_server.url, jobs=1, timeout=5,
                      cache_dir=str(tmp_path / "cache"), layout=layout, flags=flags, formats=("md",))
    for source in (EXAMPLE, DIEN_GIO):
        text = both(lambda source=source: export(source, tmp_path / "out", options, force=True)[0].read_text("utf-8"))
        assert "[en] " in text.replace("\\", "") and ("\\[check 1\\]" in text) == (flags == "show")
    for sources in ([EXAMPLE], [EXAMPLE, DIEN_GIO]):
        both(lambda sources=sources: export_digest(sources, [tmp_path / "d.md"], options, date="2024-06-01",
                                                   force=True)[0].read_text("utf-8"))


def test_the_digests_of_the_golden_files(both, run_cli, tmp_path):
    out = tmp_path / "digest.md"
    text = both(lambda: (run_cli("digest", EXAMPLE, DIEN_GIO, "-o", out, "--date", "2024-06-01", "--jobs", "1", "-q",
                                 "--force"), out.read_text(encoding="utf-8"))[1])
    assert text == (GOLDEN / "digest.md").read_text(encoding="utf-8")
    one = tmp_path / "one.md"
    both(lambda: (run_cli("digest", DIEN_GIO, "-o", one, "-q", "--force"), one.read_text(encoding="utf-8"))[1])


@pytest.mark.parametrize("images", ["all", "lead", "none", "link"])
def test_photos_saved_beside_linked_or_left_out(both, tmp_path, images):
    path = photo_article(tmp_path, [("1.jpg", pf.jpeg(seed=1)), ("a b.png", pf.png(seed=2)), ("3.jpg", pf.jpeg())])
    options = Options(cache_dir=str(tmp_path / "cache"), images=images, formats=("md",))
    article = with_photos(read_article(path, options), options)
    outputs = both(lambda: render_all(article, str(path), options))
    assert (b"](<bai_files/01.jpg>)" in outputs["bai.md"]) == (images != "none")
    remote = replace(article, blocks=tuple(replace(b, photo=replace(b.photo, src="https://example.org/a b.jpg"))
                                           if b.photo else b for b in article.blocks))
    both(lambda: render_markdown(remote, options))
    bilingual = translated(article)
    both(lambda: render_all(bilingual, str(path), replace(options, layout="bilingual")))


def test_footnotes_and_every_fixture_text(both):
    for path in sorted((FIXTURES / "docx").glob("*.docx")) + sorted((FIXTURES / "text").glob("*.txt")):
        article = read_article(path)
        both(lambda article=article: render_markdown(article))
        both(lambda article=article: render_markdown(translated(article), Options(layout="bilingual")))
    assert "[^1]: " in render_markdown(read_article(FIXTURES / "docx" / "footnotes-qua-rung.docx"))


def test_every_article_and_page_of_the_corpus(both):
    sources = sorted(corpus_dir("articles").glob("*.txt")) + sorted(corpus_dir("html").glob("*"))
    articles = [read_article(path) for path in sources]
    for article in articles:
        both(lambda article=article: render_markdown(article))
        both(lambda article=article: render_markdown(translated(article), Options(layout="bilingual", flags="hide")))


def _bundled_copy(tmp_path, monkeypatch):
    """The bundled templates copied to a folder that vnbrief then takes for the bundled one."""
    folder = tmp_path / "templates"
    shutil.copytree(data_dir("templates"), folder)
    real = markdown.data_dir
    monkeypatch.setattr(markdown, "data_dir", lambda name: folder if name == "templates" else real(name))
    monkeypatch.setattr(digest_md, "data_dir", markdown.data_dir)
    return folder


def test_an_edited_bundled_template_is_rendered_by_jinja(tmp_path, monkeypatch):
    article = read_article(EXAMPLE)
    folder = _bundled_copy(tmp_path, monkeypatch)
    values = markdown.context(article, Options())
    assert markdown.ahead(folder / "brief.md.j2", values) is not None  # the copy is what md_ahead.py was made from
    blocks = folder / "_blocks.md.j2"
    blocks.write_text(blocks.read_text(encoding="utf-8").replace("{% macro notes(view) %}\n",
                                                                 "{% macro notes(view) %}\nEDITED\n"), "utf-8")
    assert markdown.ahead(folder / "brief.md.j2", values) is None  # it imports the edited macros
    assert markdown.ahead(folder / "digest.md.j2", values) is None
    assert render_markdown(article).endswith("EDITED\n")
    assert _compiler().source(folder) != (ROOT / "exporter" / "render" / "md_ahead.py").read_text(encoding="utf-8")
    (folder / "brief.md.j2").write_text("{{ view.lang | upper }}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"brief.md.j2, line 1: .*cannot compile the filter 'upper'"):
        _compiler().source(folder)


def test_a_users_template_runs_in_the_sandbox_through_jinja(tmp_path):
    article = read_article(EXAMPLE)
    mine = tmp_path / "mine.md.j2"
    shutil.copy(data_dir("templates") / "brief.md.j2", mine)
    values = markdown.context(article, Options())
    assert markdown.ahead(mine, values) is None
    assert render_markdown(article, Options(template=str(mine))) == render_markdown(article)
    assert markdown.environment(tmp_path).sandboxed
    mine.write_text("{{ view.__class__ }}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="templates run sandboxed"):
        render_markdown(article, Options(template=str(mine)))


def test_an_undefined_value_is_left_to_jinja_with_its_error(monkeypatch):
    article = read_article(EXAMPLE)
    values = markdown.context(article, Options())
    assert md_ahead.TEMPLATES["digest.md.j2"] and markdown.ahead(data_dir("templates") / "digest.md.j2", values) \
        is None  # a brief's values: `digest` is undefined
    errors = []
    for ahead in (markdown.ahead, lambda path, values: None):
        monkeypatch.setattr(markdown, "ahead", ahead)
        with pytest.raises(UsageError) as caught:
            render_markdown(article, Options(template="digest"))
        errors.append(str(caught.value))
        monkeypatch.setattr(markdown, "context", lambda *a, real=markdown.context: {
            k: v for k, v in real(*a).items() if k != "generator"})
        with pytest.raises(UsageError) as caught:
            render_markdown(article)
        errors.append(str(caught.value))
        monkeypatch.undo()
    assert errors[:2] == errors[2:]
    assert "line 8: 'digest' is undefined" in errors[0] and "'generator' is undefined" in errors[1]


@pytest.mark.parametrize("command", [["render", str(EXAMPLE)], ["render", str(EXAMPLE), "-f", "md"],
                                     ["digest", str(EXAMPLE), str(DIEN_GIO)]])
def test_a_plain_render_and_a_digest_do_not_import_jinja(tmp_path, command):
    out = ["-o", str(tmp_path / "d.md")] if command[0] == "digest" else ["-o", str(tmp_path)]
    code = ("import sys\nfrom exporter.cli import main\n"
            f"sys.argv = ['vnbrief', *{command + out + ['-q', '--jobs', '1']!r}]\n"
            "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "jinja2" not in done.stdout and "markupsafe" in done.stdout
    assert list(tmp_path.glob("*.md"))


def test_look_ups_and_undefined_follow_jinjas_rules():
    import jinja2

    from exporter.render import md_runtime
    from exporter.render.md_runtime import UNDEFINED, Fallback

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)

    class Both(dict):
        kind = "attribute"

    both_ = Both(kind="item", other="item only")
    cases = [(both_, "kind"), (both_, "other"), (both_, "missing"), ({"items": 1}, "items"), ({"get": 2}, "get"),
             ((1, 2), 0), ((1, 2), 5), ("text", "upper"), (None, "x"), ([1], "append")]
    for obj, name in cases:
        for ours, theirs in ((md_runtime.getitem, env.getitem), (md_runtime.getattr_, env.getattr)):
            if ours is md_runtime.getattr_ and not isinstance(name, str):
                continue
            got, expected = ours(obj, name), theirs(obj, name)
            assert (got is UNDEFINED) == isinstance(expected, jinja2.Undefined), (ours, obj, name)
            assert got is UNDEFINED or got == expected
    assert md_runtime.concat("a", 1, None) == env.from_string("{{ 'a' ~ 1 ~ none }}").render()
    for use in (str, bool, len, iter, lambda u: u.x, lambda u: u["x"], lambda u: u == 1, lambda u: u(), hash,
                lambda u: 1 in u, lambda u: u + "x", lambda u: f"{u}"):
        with pytest.raises(Fallback):
            use(UNDEFINED)
        with pytest.raises(jinja2.UndefinedError):
            use(env.undefined(name="x"))
