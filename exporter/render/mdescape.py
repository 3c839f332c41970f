"""Escaping user text for CommonMark, so that nothing in an article becomes Markdown by accident."""
from __future__ import annotations

from typing import Iterable

from ..model import Inline
from ..text import lazy_re
from ..text.normalise import safe_link

# Characters that start inline markup anywhere: emphasis, code, links/images, raw HTML/autolinks, escapes.
_INLINE = lazy_re.compile(r"([\\`*_\[\]<>])")
_INLINE_CHARS = "\\`*_[]<>"
# Entity and numeric character references (&amp; &#233; &#x1F600;) would be decoded by a renderer.
_ENTITY = lazy_re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Block markup that only counts at the start of a line: headings, quotes, lists, thematic breaks, fences,
# setext underlines, tables (GFM) and footnote/definition-like lines.
_LIST_MARKER = lazy_re.compile(r"^(\s*)([-+*])(?=\s|$)")
_ORDERED = lazy_re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_AT_START = lazy_re.compile(r"^(\s*)([#>=|~+-])")
_BLOCK_STARTS = "-+*#>=|~"  # what the three expressions above look for first


def _escape_inline(text: str) -> str:
    """Inline markup and character references escaped. Each expression runs only on text that holds a character it
    looks for (most text holds none): the text is not searched by it, and a brief without any such character does
    not compile it (the five expressions of this module were 3 M instructions of a cold render, issue #18)."""
    if any(ch in text for ch in _INLINE_CHARS):
        text = _INLINE.sub(r"\\\1", text)
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    return text


def escape_md(text: str) -> str:
    """``text`` as CommonMark that renders to exactly ``text`` (one paragraph line)."""
    text = _escape_inline(text)
    # Block markup counts only at the start, after white space (the expressions' \s is str.isspace, \d is
    # str.isdecimal): text that starts with a digit can only be an ordered item, one that starts with a mark a list
    # item or other block markup, anything else none.
    start = text.lstrip()[:1]
    if start.isdecimal():
        text = _ORDERED.sub(r"\1\\\2", text)
    elif start and start in _BLOCK_STARTS:
        text = _LIST_MARKER.sub(r"\1\\\2", text)
        text = _AT_START.sub(r"\1\\\2", text)
    return text


def runs_md(runs: Iterable[Inline], *, force_italic: bool = False, force_bold: bool = False) -> str:
    """Runs as CommonMark: each escaped, emphasis and links as Markdown markup around them."""
    parts = []
    first = True
    for run in runs:
        text = run.text
        if run.note:  # a footnote or endnote marker: Markdown footnote syntax, defined after the body
            parts.append(f"[^{run.note}]")
            first = False
            continue
        if not text:
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        core = text.strip()
        piece = escape_md(core) if first else _escape_inline(core)
        if first and not core:
            piece = ""
        first = False
        if core:
            italic = run.italic and not force_italic
            bold = run.bold and not force_bold
            href = safe_link(run.href)
            if href:
                href = href.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
                piece = f"[{piece}]({href})"
            if italic:
                piece = f"*{piece}*"
            if bold:
                piece = f"**{piece}**"
        parts.append(lead + piece + trail)
    out = "".join(parts).strip()
    if out and force_bold:
        out = f"**{out}**"
    if out and force_italic:
        out = f"*{out}*"
    return out
