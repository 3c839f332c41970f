"""The Markdown brief: data prepared here, presented by a Jinja2 template (``templates/*.md.j2`` or the user's).

Every value a template prints goes through the Markdown escaping filter unless it was built as markup here
(``Markup``), so a user's own template cannot turn article text into Markdown by accident either.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import traceback
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .. import sandbox
from .._version import __version__
from ..errors import UsageError, VnbriefError, manual
from ..model import APPROVED, EDITED, MACHINE, Article
from ..options import Options, parallelism
from ..resources import cache_folder, data_dir
from .layout import PROVIDER_NAMES, REVIEWED_MARK, machine_notice
from .md_filters import FILTERS, finalize
from .view import BriefView, brief_view, without_photos

log = logging.getLogger(__name__)


def template_cache(options: Options) -> Optional[str]:
    """The cache folder compiled templates are kept in (``<it>/templates``), or ``None`` with ``--no-cache``."""
    return cache_folder(options.cache_dir, options.use_cache)


def _bytecode_cache(folder: str, trusted: bool) -> Any:
    """Jinja's bytecode cache in ``<folder>/templates``: a template is compiled once, not in every process (the
    compile is half of a Markdown brief's start-up). Each entry is keyed by the template's path and checked
    against its source and the Python version on load; written through :func:`exporter.atomic.write_atomic`; a
    cache that cannot be read or written is passed over. A template compiled for the bundled templates' plain
    environment (``trusted``) is kept under keys of its own: the sandbox's compiled code sends every call through
    its checks, the plain one does not, and neither may be loaded by the other."""
    import jinja2

    from ..atomic import write_atomic

    root = Path(folder) / "templates"

    class Cache(jinja2.BytecodeCache):
        def get_cache_key(self, name: str, filename: Optional[str] = None) -> str:
            key = super().get_cache_key(name, filename)
            return f"trusted-{key}" if trusted else key

        def load_bytecode(self, bucket: Any) -> None:
            try:
                bucket.bytecode_from_string((root / f"{bucket.key}.cache").read_bytes())
            except (OSError, ValueError, EOFError, TypeError):  # absent, unreadable or damaged: compile
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                write_atomic(root / f"{bucket.key}.cache", bucket.bytecode_to_string())
            except (OSError, VnbriefError):
                pass

    return Cache()


@functools.lru_cache(maxsize=8)
def environment(search: Path, cache: Optional[str] = None):
    """The Jinja2 environment of a template folder, made once per process so that a batch compiles each
    template once (Jinja reloads a template whose file changed), its compiled templates kept in ``cache`` (see
    :func:`_bytecode_cache`). A user's template folder gets Jinja's immutable sandbox: a template reads what it is
    given and calls nothing else (no ``__globals__``, ``__class__``, no changing a list), with vnbrief's bounds
    (:mod:`exporter.sandbox`). The bundled templates are vnbrief's own code and get a plain environment with the
    same settings and filters: the sandbox guards against a template, not against the data, and checking each of
    their attribute look-ups and calls was half of a brief's rendering (and its import a start-up cost)."""
    import jinja2

    bundled = data_dir("templates")
    trusted = Path(search) == bundled
    settings: Dict[str, Any] = dict(
        # the template's own folder first, then the bundled one: a user's template can import _blocks.md.j2 too
        loader=jinja2.FileSystemLoader([str(search)] + ([] if trusted else [str(bundled)])),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        bytecode_cache=_bytecode_cache(cache, trusted) if cache else None,
    )
    env = jinja2.Environment(**settings) if trusted else sandbox.environment(**settings)
    env.filters.update(FILTERS)
    return env


#: The size photos are saved at beside a Markdown brief: as in an A4 PDF brief (the column, and 45 % of the
#: page's height), so that a brief's two formats prepare each photo once.
MARKDOWN_PHOTO_BOX = (481.9, 379.0)


def linked_photos(view: BriefView, options: Options, files_dir: Optional[str]) -> Tuple[BriefView, Dict[str, bytes]]:
    """The view with each photo row linked (``href``), and the photo files to write beside the brief.

    With ``files_dir`` each photo is saved as ``<files_dir>/NN.jpg`` (or ``.png``), prepared as for print;
    photos on the web keep their address instead with ``--images link``. Without ``files_dir`` (a brief rendered
    on its own, through the library) only photos on the web are linked. A photo that cannot be drawn is left out
    with a warning; its caption stays."""
    if not any(row.photo is not None for row in view.rows):
        return view, {}
    from ..read.rules.photo_places import photo_label
    from .images import ImageSkipped, prepare_image, prepare_images  # Pillow's side: only for a brief with photos

    if files_dir is not None:
        photos = [row.photo.data for row in view.rows if row.photo is not None]
        prepare_images(photos, MARKDOWN_PHOTO_BOX, dpi=options.image_dpi,
                       jobs=parallelism(options.jobs, len(photos))[0])
    files: Dict[str, bytes] = {}
    rows = []
    left_out = []
    for index, row in enumerate(view.rows):
        photo = row.photo
        if photo is None:
            rows.append(row)
            continue
        remote = photo.src.lower().startswith(("http://", "https://"))
        if files_dir is None or (options.images == "link" and remote):
            if remote:
                rows.append(row._replace(href=photo.src))
            else:
                rows.append(row)
                left_out.append(index)
            continue
        try:
            prepared = prepare_image(photo.data, MARKDOWN_PHOTO_BOX, dpi=options.image_dpi)
        except ImageSkipped as err:
            log.warning("photo %s left out: %s", photo_label(photo.src), err)
            rows.append(row)
            left_out.append(index)
            continue
        name = f"{files_dir}/{len(files) + 1:02d}{prepared.extension}"
        files[name] = prepared.data
        rows.append(row._replace(href=name))
    return without_photos(view._replace(rows=tuple(rows)), left_out, options.images), files


#: Largest template read (bytes): the bundled ones weigh a few KB.
MAX_TEMPLATE_BYTES = 1024 * 1024


def template_path(name: str) -> Path:
    """A bundled template by name (``brief``) or a path to the user's own."""
    bundled = data_dir("templates") / f"{name}.md.j2"
    if "/" not in name and "\\" not in name and not name.endswith(".j2") and bundled.is_file():
        return bundled
    path = Path(name).expanduser()
    if path.is_file():
        if path.stat().st_size > MAX_TEMPLATE_BYTES:  # Jinja reads a template whole
            raise UsageError(f"template larger than {MAX_TEMPLATE_BYTES // 1024} KB", subject=name,
                             hint="a template presents the brief; the data comes from vnbrief")
        return path
    names = sorted(p.name[: -len(".md.j2")] for p in data_dir("templates").glob("*.md.j2")
                   if not p.name.startswith("_"))
    raise UsageError("no such template", subject=name, hint=f"use one of {', '.join(names)} or a path to a .j2 file")


def context(article: Article, options: Options, view: Optional[BriefView] = None) -> Dict[str, Any]:
    """What a template sees (documented in docs/look.md, "Templates"): ``view``, the brief as it is to be drawn (the
    bundled templates draw only it), and the article's and translation's own fields for templates that want
    more."""
    view = view or brief_view(article, options)
    tr = article.translation
    blocks: List[Dict[str, Any]] = []
    if tr is None:
        blocks = [{"kind": b.kind, "runs": b.runs, "translation": None, "reviewed": False, "state": ""}
                  for b in article.blocks]
    else:
        states = [tr.state_of(f"b{i + 1}") for i in range(len(tr.blocks))]
        blocks = [{"kind": o.kind, "runs": o.runs, "translation": t.runs, "reviewed": state != MACHINE,
                   "state": state} for o, t, state in zip(article.blocks, tr.blocks, states)]
    translation = None
    if tr is not None:
        translation = {
            "title": tr.title,
            "title_reviewed": tr.title_state != MACHINE,
            "title_state": tr.title_state,
            "provider": tr.provider,
            "provider_name": PROVIDER_NAMES.get(tr.provider, tr.provider),
            "date": tr.date,
            "source_lang": tr.source_lang,
            "target_lang": tr.target_lang,
            "notice": view.notice or machine_notice(tr, date_format=options.date_format, english=options.english),
            "reviewed": tr.count(EDITED) + tr.count(APPROVED),
            "edited": tr.count(EDITED),
            "approved": tr.count(APPROVED),
            "flagged": len(tr.checks),
            "segments": tr.segments or len(tr.blocks) + 1,
        }
    return {
        "article": {
            "title": article.title, "heading": article.heading,
            "author": article.author, "date": article.date, "source": article.source,
            "url": article.url, "lang": article.lang, "lead": article.lead, "byline": article.byline,
            "meta": view.meta,
        },
        "view": view,
        "blocks": blocks,
        "translation": translation,
        "layout": view.layout,
        "reviewed_mark": REVIEWED_MARK,
        "generator": f"vnbrief {__version__}",
    }


def render_markdown(article: Article, options: Options = Options()) -> str:
    """The article's Markdown brief (photos on the web linked to their address; see :func:`render_markdown_files`
    for a brief with its photos saved beside it)."""
    return _render(article, options, brief_view(article, options))


def render_markdown_files(article: Article, options: Options, stem: str,
                          files_dir: Optional[str] = None) -> Dict[str, bytes]:
    """The Markdown brief ``<stem>.md`` and its photos in ``files_dir`` (default ``<stem>_files/``), as file name
    → bytes."""
    view, files = linked_photos(brief_view(article, options), options, files_dir or f"{stem}_files")
    return {f"{stem}.md": _render(article, options, view).encode("utf-8"), **files}


def _render(article: Article, options: Options, view: BriefView) -> str:
    if view.rows and any(r.photo is not None and not r.href for r in view.rows):
        view = linked_photos(view, options, None)[0]
    path = template_path(options.template)
    values = context(article, options, view)
    text = ahead(path, values)
    return tidy(_jinja(path, options, values) if text is None else text)


def tidy(text: str) -> str:
    """A rendered brief or digest as written: the gap a row drawn by the row before leaves closed up, one newline at
    the end."""
    if "\n\n\n" in text:  # looked for first: most briefs have none
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.rstrip("\n") + "\n"


def ahead(path: Path, values: Dict[str, Any]) -> Optional[str]:
    """``path`` rendered with ``values`` by its form compiled ahead (:mod:`exporter.render.md_ahead`, Python that
    prints what Jinja prints, without importing Jinja): for a bundled template whose files are those it was made
    from. None otherwise (a user's template, a bundled one edited since, a stale ``md_ahead.py``), and when the
    compiled form meets what it leaves to Jinja (an undefined value, any error): Jinja then renders the brief and
    says what is wrong as it always has."""
    if path.parent != data_dir("templates"):
        return None
    from . import md_ahead, md_runtime

    sources = md_ahead.SOURCES.get(path.name)
    if sources is None or md_ahead.VERSION != md_runtime.VERSION:
        return None
    for name, digest in sources.items():
        try:
            stat = os.stat(path.parent / name)
        except OSError:
            return None
        if _sha256(str(path.parent / name), stat.st_size, stat.st_mtime_ns) != digest:
            return None
    try:
        text = md_ahead.TEMPLATES[path.name](values)
    except Exception:  # any failure is Jinja's to report: Jinja renders the brief again and decides what it is
        log.debug("%s: the compiled form left this brief to Jinja", path.name, exc_info=True)
        return None
    return text if len(text) <= sandbox.MAX_OUTPUT_CHARS else None


@functools.lru_cache(maxsize=16)
def _sha256(path: str, size: int, mtime_ns: int) -> Optional[str]:
    """The SHA-256 of the template file ``path`` as it is at ``size`` and ``mtime_ns`` (its read bounded): read once
    per process while the file keeps them, not for every brief of a batch; None if it cannot be read."""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read(MAX_TEMPLATE_BYTES + 1)).hexdigest()
    except OSError:
        return None


def _jinja(path: Path, options: Options, values: Dict[str, Any]) -> str:
    import jinja2
    from jinja2.exceptions import SecurityError  # not jinja2.sandbox: the bundled templates run without it

    env = environment(path.parent, template_cache(options))
    try:
        template = env.get_template(path.name)
        # the bundled templates are ours; a user's is bounded in time too (a loop without end)
        return sandbox.render(template, values, timed=path.parent != data_dir("templates"))
    except sandbox.TemplateLimit as err:
        raise UsageError(f"template stopped: {err}", subject=str(path),
                         hint="templates only present the brief: loop over what they are given") from None
    except jinja2.TemplateSyntaxError as err:
        raise UsageError(f"template error at line {err.lineno}: {err.message}", subject=str(path),
                         hint="fix the template") from None
    except jinja2.UndefinedError as err:
        raise UsageError(f"template error at line {_template_line(err, path)}: {err.message}", subject=str(path),
                         hint=f"check the variable names listed in {manual('look.md')}") from None
    except jinja2.TemplateNotFound as err:
        raise UsageError(f"template error: it includes {err.name!r}, which is not a file in the template's folder",
                         subject=str(path), hint="include only templates beside it") from None
    except SecurityError as err:
        raise UsageError(f"template error: {err}", subject=str(path),
                         hint=f"templates run sandboxed: use only the variables listed in {manual('look.md')}",
                         ) from None
    except jinja2.TemplateError as err:
        raise UsageError(f"template error: {err}", subject=str(path), hint="fix the template") from None
    except RecursionError:
        raise UsageError("template error: it includes or extends itself without end", subject=str(path),
                         hint="fix the template") from None
    except UnicodeDecodeError:
        raise UsageError("template is not UTF-8 text", subject=str(path), hint="save it as UTF-8") from None


def _template_line(err: Exception, path: Path) -> str:
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename == str(path) or frame.filename.endswith(path.name):
            return str(frame.lineno)
    return "?"
