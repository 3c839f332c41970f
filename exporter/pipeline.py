"""The glue, and the one composition path: read → normalise → translate (optional) → check (``--strict``) →
render → write (atomic). :func:`prepare` makes an article ready, :func:`build_brief` renders its briefs; every
caller goes through them: :func:`export` (the Python API), the batch worker (:func:`exporter.batch.worker._work`,
what ``vnbrief render`` runs) and the digest (``vnbrief digest`` and :func:`export_digest`). Besides them, only
the normalise stage (:func:`normalise`: the text functions of :mod:`exporter.text.normalise` applied to every
text of an article) lives here.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from .atomic import Writer, write_files
from .errors import InputError, TranslationError, VnbriefError
from .model import MAX_FIELD_CHARS, Article, Inline
from .options import Options
from .protected import Protected
from .read import SUFFIXES, is_url, reach_of, read_raw
from .render.base import render_files
from .text.normalise import apply_tone_style, clean_chars, clean_line, describe, safe_link
from .text.slug import slugify

if TYPE_CHECKING:
    from .model.translation import Translation
    from .net import Reach


def _styled(text: str, style: str, counts: Counter) -> str:
    styled = apply_tone_style(text, style)
    if styled != text:
        counts["tone"] += 1
    return styled


def _clean_runs(runs: Tuple[Inline, ...], style: str, counts: Counter) -> Tuple[Inline, ...]:
    # Work on (text, bold, italic, href) tuples and build the Inline objects once at the end:
    # dataclasses.replace on every run was most of the stage's time.
    cleaned: List[list] = []
    for run in runs:
        text = _styled(clean_chars(run.text.replace("\n", " "), counts), style, counts)
        if cleaned and cleaned[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]  # one space between runs, not one from each side
        if not text:
            continue
        href = safe_link(run.href)  # javascript:, file:, data: … links keep their text, not their address
        if cleaned and cleaned[-1][1:] == [run.bold, run.italic, href, 0] and not run.note:
            cleaned[-1][0] += text
        else:
            cleaned.append([text, run.bold, run.italic, href, run.note])
    # A space at the edges of a block is never meant; inner spaces between runs are kept once.
    if cleaned:
        cleaned[0][0] = cleaned[0][0].lstrip()
        cleaned[-1][0] = cleaned[-1][0].rstrip()
    # Run for run as they were (none merged or dropped, the same text and link): the runs themselves, not copies
    if len(cleaned) == len(runs) and all(text and text == run.text and href == run.href
                                         for (text, _, _, href, _), run in zip(cleaned, runs)):
        return runs
    return tuple(Inline(text, bold, italic, href, note) for text, bold, italic, href, note in cleaned if text)


def normalise(article: Article, options: Options = Options()) -> Article:
    """Return ``article`` with every text field cleaned (see :func:`exporter.text.normalise.clean_text`), tone
    placement unified per ``options.tone_style``, empty blocks dropped, and the changes noted in
    ``article.input.repairs``."""
    counts: Counter = Counter()
    style = options.tone_style

    def line(value: str) -> str:
        return _styled(clean_line(value, counts), style, counts)

    blocks = []
    for block in article.blocks:
        if block.photo is not None:
            photo = replace(block.photo, src=clean_line(block.photo.src), alt=line(block.photo.alt))
            blocks.append(replace(block, photo=photo))
            continue
        runs = _clean_runs(block.runs, style, counts)
        if runs:
            blocks.append(block if runs is block.runs else replace(block, runs=runs))
    fields: Dict[str, Any] = {
        "title": line(article.title), "blocks": tuple(blocks), "author": line(article.author),
        "date": clean_line(article.date), "source": line(article.source), "url": clean_line(article.url),
        "notes": tuple(line(n) for n in article.notes)}
    # the records made again only where something changed (a clean article, as most are, is kept as it is)
    changed = replace(article, **fields) if any(getattr(article, k) != v for k, v in fields.items()) else article
    notes = [n for n in describe(counts) if n not in article.input.repairs]
    if notes:
        changed = replace(changed, input=replace(article.input, repairs=article.input.repairs + tuple(notes)))
    return changed


def apply_overrides(article: Article, options: Options) -> Article:
    """Apply ``--title`` … ``--url``. (The author and source a byline names are found by the readers.)"""
    changes: Dict[str, Any] = {k: clean_line(v) for k in ("title", "author", "date", "source", "url")
               if (v := getattr(options, k)) is not None}
    return replace(article, **changes) if changes else article


def check_lengths(article: Article, source: str) -> Article:
    """Refuse (:class:`InputError`, exit 3) a headline, caption or metadata value longer than
    :data:`~exporter.model.MAX_FIELD_CHARS`: it is a paragraph the reader took for one, or not an article."""
    fields = [("headline", article.title)] + [(k, getattr(article, k)) for k in ("author", "date", "source", "url")]
    fields += [("caption", b.text) for b in article.blocks if b.kind in ("caption", "byline", "heading")]
    for what, value in fields:
        if len(value) > MAX_FIELD_CHARS:
            raise InputError(f"its {what} is {len(value):,} characters long, more than {MAX_FIELD_CHARS:,}",
                             subject=source, hint="give the article with a shorter one (or --title)")
    return article


def read_article(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
                 fmt: Optional[str] = None, reach: Optional[Reach] = None) -> Article:
    """Read and normalise one article from a path, ``-``, a URL, or ``data`` bytes named by ``source`` (a URL
    under the address policy ``reach``; default: the URL is trusted, named by the caller)."""
    article = normalise(read_raw(source, options, data=data, fmt=fmt, reach=reach), options)
    return check_lengths(apply_overrides(article, options), str(source))


def with_photos(article: Article, options: Options, reach: Optional[Reach] = None) -> Article:
    """The photo stage: the photos ``options.images`` keeps, with their bytes (files beside the input, downloads
    through the photo cache, under the address policy ``reach``, by default that of the article's own address:
    see :func:`~exporter.read.reach_of`); a photo that cannot be had is left out with a warning."""
    if not article.photos:
        return article
    from .read.photos import choose_photos, load_photos  # loaded with the first article that has photos

    return load_photos(choose_photos(article, options.images), options,
                       reach=reach or reach_of(article.input.path, options))


def translate(article: Article, options: Options) -> Article:
    """Translate when asked (imports the translation stack only then)."""
    if not options.translate and not options.translations_file:
        return article
    from .translate import read_reviewed, translate_article

    reviewed = read_reviewed(options.translations_file) if options.translations_file else None
    return translate_article(article, options, reviewed=reviewed)


def strict_failure(translation: Translation) -> TranslationError:
    """The error of ``--strict`` when the checks after translation flagged segments."""
    count = len(translation.checks)
    first = "; ".join(f"{sid}: {text}" for sid, text in translation.checks[:3])
    return TranslationError(f"--strict: the checks flagged {count} segment{'s' if count != 1 else ''} ({first})",
                            hint="review them with 'vnbrief translate -o FILE.csv' (check column)")


def prepare(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
            on_article: Optional[Callable[[Article], None]] = None, named_by: Optional[str] = None) -> Article:
    """One article read, normalised, with its photos, and translated when asked, ready for a brief or a digest.

    ``named_by`` is the address the user named for ``source`` when it was not the source itself (the feed that
    listed it): its host, not the source's, is the one the address policy trusts (:func:`reach_of`).
    ``on_article`` sees the article before ``--strict`` judges it (the batch records its title, flagged segments
    and tokens even when it then fails); :class:`~exporter.errors.TranslationError` when ``options.strict`` and
    the checks after translation flagged a segment.
    """
    # The address policy, for what is fetched: a page, or photos (a local file's is made from the same name by
    # with_photos if it has any, so that a plain local render never loads the network's modules)
    reach = reach_of(named_by or str(source), options) if named_by or is_url(str(source)) else None
    article = translate(with_photos(read_article(source, options, data=data, reach=reach), options, reach), options)
    if on_article is not None:
        on_article(article)
    if options.strict and article.translation is not None and article.translation.checks:
        raise strict_failure(article.translation)
    return article


class Brief(NamedTuple):
    """One article's briefs, rendered and not yet written. (A named tuple: making a dataclass costs every process
    ~5 M instructions.)"""

    article: Article
    stem: str
    """The file name without language suffix and extension."""
    outputs: Dict[str, bytes]
    """File name → bytes, for every format asked for."""


def build_brief(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
                stem: Optional[str] = None, on_article: Optional[Callable[[Article], None]] = None,
                files_dir: Optional[str] = None, named_by: Optional[str] = None) -> Brief:
    """Prepare one article (:func:`prepare`) and render every format of ``options.formats`` (the Markdown
    brief's photos in ``files_dir``, default ``<stem>_files``)."""
    source = str(source)
    article = prepare(source, options, data=data, on_article=on_article, named_by=named_by)
    stem = stem or output_stem(article, source)
    return Brief(article, stem, render_all(article, source, options, stem, files_dir))


def output_stem(article: Article, source: str) -> str:
    """``<input stem>``, or a slug of the headline for standard input and URLs."""
    if source == "-" or "://" in source:
        return slugify(article.heading)
    return Path(source).stem


def language_suffix(article: Article, options: Options) -> str:
    """"" for the original, ".en" for a translation, ".vi-en" for a bilingual brief."""
    tr = article.translation
    if tr is None or options.layout == "original":
        return ""
    if options.layout == "bilingual":
        return f".{tr.source_lang}-{tr.target_lang}"
    return f".{tr.target_lang}"


def render_all(article: Article, source: str, options: Options, stem: Optional[str] = None,
               files_dir: Optional[str] = None) -> Dict[str, bytes]:
    """Every format of ``options.formats`` as file name → bytes: all are rendered before any is written."""
    stem = (stem or output_stem(article, source)) + language_suffix(article, options)
    outputs: Dict[str, bytes] = {}
    for fmt in options.formats:
        outputs.update(render_files(article, fmt, options, stem, files_dir))
    return outputs


def protect(sources: Sequence[str], options: Options = Options(), *, also: Sequence[Union[str, Path]] = ()) \
        -> Protected:
    """What a run may not write, computed once: every input file and what it owns (a saved page's ``_files``
    folder, the pictures a Markdown or HTML file names), the files ``options`` names (glossary, reviewed
    translations, template, font folder, prompt) and ``also`` (the config file). See
    :class:`~exporter.protected.Protected`."""
    guard = Protected()
    for source in sources:
        if source == "-" or is_url(source):
            continue
        guard.add(source)
        path = Path(source)
        guard.add(path.parent / f"{path.stem}_files", owner=source)  # "Save page as, complete" puts photos there
        if SUFFIXES.get(path.suffix.lower()) in ("markdown", "html"):
            for picture in _pictures_named_by(source):
                guard.add(picture, owner=source)
    for key in ("glossary", "translations_file", "template", "font", "prompt"):
        value = getattr(options, key)
        if value:  # a bundled name ("serif", "brief") is no file here, and is skipped
            guard.add(value)
    for extra in also:
        guard.add(extra)
    return guard


def _pictures_named_by(source: str) -> List[str]:
    """The local pictures a Markdown or HTML input names (read through the input size limit; an input that
    cannot be read names none, and fails later when it is read for its article)."""
    from .read.fetch.files import load_bytes
    from .read.rules.photo_places import owned_pictures  # the photo rules: only for inputs that may name some

    if not os.path.isfile(source):  # a named pipe is read once, by its reader, not scanned here
        return []
    try:
        return owned_pictures(source, load_bytes(source))
    except VnbriefError:
        return []


#: The folder of a Markdown brief's photos when ``<stem>_files`` belongs to an input (a saved page rendered in its
#: own folder): ``<stem>_brief_files``.
BRIEF_FILES_ALTERNATIVE = "_brief_files"


def brief_files_dir(out_dir: Union[str, Path], stem: str, protected: Optional[Protected]) -> Optional[str]:
    """The folder name of a brief's photos when it cannot be the usual ``<stem>_files`` (``None`` then): that
    folder belongs to an input (the browser's folder of a saved page rendered where it lies), so the photos go
    in ``<stem>_brief_files`` (numbered if need be)."""
    if protected is None or not protected.owns_folder(Path(out_dir) / f"{stem}_files"):
        return None
    name, n = f"{stem}{BRIEF_FILES_ALTERNATIVE}", 2
    while protected.owns_folder(Path(out_dir) / name):
        name, n = f"{stem}{BRIEF_FILES_ALTERNATIVE}-{n}", n + 1
    return name


def write_briefs(out_dir: Union[str, Path], outputs: Dict[str, bytes], *, inputs: Sequence[str] = (),
                 protected: Optional[Protected] = None, force: bool = False,
                 behind: Optional[Writer] = None) -> List[Path]:
    """Write the briefs of one article into ``out_dir``: all or none (temporary files renamed once every format
    is written and on the disk), never over what ``protected`` holds (default: ``inputs``) nor through a linked
    folder inside ``out_dir``, a read-only brief replaced only when ``force``. ``behind``: synced in that writer's
    thread, in place only once it commits them (see :func:`~exporter.atomic.write_files`)."""
    return write_files([(Path(out_dir) / name, data) for name, data in outputs.items()], inputs=inputs,
                       protected=protected, within=out_dir, force=force, behind=behind)


def planned_suffix(options: Options) -> str:
    """The language suffix of the briefs that ``options`` will give, known before the article is read."""
    if not (options.translate or options.translations_file) or options.layout == "original":
        return ""
    if options.layout == "bilingual":
        return f".{options.source_lang}-{options.target_lang}"
    return f".{options.target_lang}"


def export(source: Union[str, Path], out_dir: Union[str, Path] = ".", options: Options = Options(), *,
           stem: Optional[str] = None, force: bool = False) -> List[Path]:
    """Read, normalise, translate, render and write one article; return the paths written (all formats or
    none). The input is never written over (:class:`~exporter.errors.UsageError`); read-only briefs are replaced
    only when ``force``."""
    source = str(source)
    guard = protect([source], options)
    stem = stem or (Path(source).stem if source != "-" and not is_url(source) else None)
    files_dir = brief_files_dir(out_dir, stem + planned_suffix(options), guard) if stem else None
    return write_briefs(out_dir, build_brief(source, options, stem=stem, files_dir=files_dir).outputs,
                        protected=guard, force=force)


def export_digest(sources: Sequence[Union[str, Path]], paths: Sequence[Union[str, Path]],
                  options: Options = Options(), *, title: Optional[str] = None, date: Optional[str] = None,
                  sort: str = "given", force: bool = False) -> List[Path]:
    """Prepare every source as :func:`export` does, make them one digest and write it to ``paths`` (its format
    from each suffix: ``.pdf``, ``.md``); return the paths written. The first input that fails raises (the
    command line, which reads in a batch, leaves failed inputs out instead)."""
    from .digest import make_digest, write_digest  # the digest subsystem, loaded for a digest only

    names = [str(source) for source in sources]
    guard = protect(names, options)
    guard.check(paths)
    articles = [prepare(name, options) for name in names]
    digest = make_digest(articles, options, title=title, date=date, sort=sort)
    return write_digest(digest, [Path(p) for p in paths], options, protected=guard, force=force)
