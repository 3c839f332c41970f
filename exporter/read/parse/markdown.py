"""Markdown articles: optional YAML front matter (title, author, date, source, url, lang), then CommonMark.

The first level-1 heading is the headline (unless the front matter has a title); other headings are
sub-headings; block quotes are quotes; an image is a photo (its address relative to the file) and its caption
is an italic paragraph right under it, else its alt text; emphasis and links are kept as runs.
"""
from __future__ import annotations

import datetime
import re
from typing import Dict, List, Optional, Tuple

from ...errors import InputError
from ...model import MAX_FIELD_CHARS, Article, Block, Inline, SourceInfo
from ...model.photo import Photo
from ...options import Options
from ..rules.photo_places import place_photos, resolve_photos, split_photos
from ..rules.structure import Unit, build_blocks

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
META_KEYS = ("title", "author", "date", "source", "url", "lang")


def split_front_matter(text: str, name: str) -> Tuple[Dict[str, str], str]:
    """Return the front matter's known keys (as strings) and the text after it.

    The YAML is parsed with PyYAML's ``BaseLoader``: every value stays the text it is written as (a date such
    as ``2021-13-45`` is not made a date), no tag builds an object, and aliases (``*name``) are refused before
    anything is built from them, so a few hundred bytes cannot expand into gigabytes. Known keys must be text
    of at most :data:`~exporter.model.MAX_FIELD_CHARS` characters."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml  # only Markdown with front matter needs it

    source = match.group(1)
    try:
        for event in yaml.parse(source, Loader=yaml.BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise InputError(f"front matter uses a YAML alias at line {mark.line + 2}, which vnbrief refuses",
                                 subject=name, hint="write the value out instead of *name")
        data = yaml.load(source, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(f"front matter is not valid YAML{where}", subject=name,
                         hint="fix the block between the --- lines") from None
    if not isinstance(data, dict):
        raise InputError("front matter is not a set of key: value lines", subject=name,
                         hint="write e.g. 'title: …' between the --- lines")
    meta: Dict[str, str] = {}
    for key in META_KEYS:
        value = data.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            kind = "list" if isinstance(value, list) else "table"
            raise InputError(f"front matter {key!r} must be text, not a {kind}", subject=name,
                             hint=f"write e.g. '{key}: …' on one line")
        if len(value) > MAX_FIELD_CHARS:
            raise InputError(f"front matter {key!r} is {len(value):,} characters long, more than {MAX_FIELD_CHARS:,}",
                             subject=name, hint="shorten it")
        if key == "date":
            check_iso_date(value, name)
        meta[key] = value
    return meta, text[match.end():]


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])")


def check_iso_date(value: str, name: str) -> None:
    """A date written the ISO way (``2021-03-02``, ``2021-03-02T14:30``) must be a real day; other ways of
    writing a date (``Thứ ba, 2/3/2021``) are kept as text."""
    found = _ISO_DATE.match(value)
    if found:
        try:
            datetime.date(*(int(part) for part in found.groups()))
        except ValueError as err:
            raise InputError(f"front matter date {value.strip()!r} is not a real date ({err})", subject=name,
                             hint="write it as YYYY-MM-DD") from None


def _runs(children) -> Tuple[Inline, ...]:
    runs: List[Inline] = []
    bold = italic = 0
    href = None
    for tok in children or ():
        kind = tok.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = tok.attrGet("href")
        elif kind == "link_close":
            href = None
        elif kind in ("text", "code_inline", "html_inline", "image"):
            runs.append(Inline(tok.content, bold=bold > 0, italic=italic > 0, href=href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Inline(" ", bold=bold > 0, italic=italic > 0, href=href))
    return tuple(runs)


def parse_units(body: str, photos: Optional[List[Photo]] = None) -> Tuple[str, List[Unit]]:
    """Parse CommonMark into units; return the text of the first level-1 heading (if any) and the units.

    When ``photos`` is a list, each image becomes a unit of kind ``image`` (holding its address as text) and
    its photo is appended to ``photos``, in order."""
    from markdown_it import MarkdownIt

    class Addresses(MarkdownIt):
        # Every address is taken as written (markdown-it keeps javascript:, file: and data: ones as literal text):
        # the photo stage refuses the photos it may not show, with a warning naming them, and links keep only the
        # web and e-mail (exporter.text.normalise.safe_link).
        def validateLink(self, url: str) -> bool:
            return True

    tokens = Addresses("commonmark").parse(body)
    title = ""
    units: List[Unit] = []
    context: List[str] = []  # enclosing blocks: heading level, blockquote …
    alt_caption: Optional[Unit] = None  # the caption an image's alt text gave the paragraph before
    for tok in tokens:
        if tok.type.endswith("_open") and tok.type != "paragraph_open":
            context.append(tok.tag)
        elif tok.type.endswith("_close") and tok.type != "paragraph_close":
            context.pop()
        elif tok.type in ("code_block", "fence", "html_block"):
            text = tok.content.strip()
            if text:
                units.append(Unit((Inline(text),)))
        elif tok.type == "inline":
            children = tok.children or []
            if context and context[-1] == "h1" and not title:
                title = "".join(r.text for r in _runs(children))
                continue
            hint = None
            runs = _runs(children)
            if context and context[-1] in ("h1", "h2", "h3", "h4", "h5", "h6"):
                hint = "heading"
            elif "blockquote" in context:
                hint = "quote"
            elif alt_caption is not None and runs and all(r.italic for r in runs if r.text.strip()):
                # an italic paragraph right under an image is its caption, in place of the alt text
                # the alt text's caption is among the last units: found by identity from the end (a search of
                # the whole list by equality made articles of many photos quadratic)
                for index in range(len(units) - 1, -1, -1):
                    if units[index] is alt_caption:
                        del units[index]
                        break
                hint = "caption"
            elif children and all(c.type in ("image", "softbreak", "text") and (c.type == "image" or
                                  not c.content.strip()) for c in children):
                hint = "caption"  # a paragraph holding only an image: its alt text is the caption
                if photos is not None:
                    for child in children:
                        if child.type == "image" and child.attrGet("src"):
                            photos.append(Photo(src=str(child.attrGet("src")), alt=child.content))
                            units.append(Unit((Inline(str(child.attrGet("src"))),), hint="image"))
            unit = Unit(runs, hint=hint)
            units.append(unit)
            alt_caption = unit if hint == "caption" and any(c.type == "image" for c in children) else None
    return title, units


def read_markdown(text: str, info: SourceInfo, options: Options) -> Article:
    """Build an article from decoded, cleaned Markdown."""
    meta, body = split_front_matter(text, info.path)
    photos: List[Photo] = []
    heading, units = parse_units(body, photos)
    title = meta.get("title") or heading
    by_unit = dict(zip((id(u) for u in units if u.hint == "image"), photos))
    units, anchors, trailing = split_photos(units, lambda u: u.hint == "image", lambda u: u.text)
    found, blocks = build_blocks(units, has_title=bool(title))

    def photo_blocks(group: List[Unit]) -> List[Block]:
        return [Block("image", (), photo=by_unit[id(u)]) for u in group]

    blocks = place_photos(blocks, [(key, photo_blocks(group)) for key, group in anchors], photo_blocks(trailing))
    blocks = resolve_photos(blocks, info.path or "-")
    return Article(
        title=title or found,
        blocks=blocks,
        author=meta.get("author", ""),
        date=meta.get("date", ""),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        lang=meta.get("lang", "vi"),
        input=info,
    )
