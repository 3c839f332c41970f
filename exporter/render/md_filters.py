"""The Markdown templates' filters and ``finalize``, one set of functions for both ways the bundled templates run:
Jinja's environment (:func:`exporter.render.markdown.environment`) registers them, and the templates compiled ahead
(:mod:`exporter.render.md_ahead`) call the very same functions, so the two cannot print differently."""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .mdescape import escape_md, runs_md


def finalize(value: Any) -> Any:
    """What a template prints of ``{{ value }}``: nothing for None, markup as it is, any other text escaped for
    Markdown (non-text values as they are: Jinja turns them into text)."""
    if value is None:
        return ""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return escape_md(value)


def runs_filter(runs: Any, style: str = "") -> Markup:
    """``runs``: a block's text with its emphasis, as Markdown (``style`` "italic" or "bold" forces one)."""
    return Markup(runs_md(runs, force_italic=style == "italic", force_bold=style == "bold"))


def yaml_filter(value: Any) -> Markup:
    """``yaml``: a front-matter value."""
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and "#" stay text.
    return Markup(json.dumps("" if value is None else str(value), ensure_ascii=False))


def md_filter(value: Any) -> Markup:
    """``md``: a value escaped for Markdown, as markup (printed as it is from then on)."""
    return Markup(escape_md(str(value)))


def link_filter(value: Any) -> Markup:
    """``link``: an address as a link destination (see :func:`link_destination`)."""
    return Markup(link_destination(str(value)))


def link_destination(target: str) -> str:
    """A link or image address as a CommonMark link destination: in angle brackets (spaces allowed), with the
    characters that would end it (``<``, ``>``, line breaks) percent-encoded."""
    for ch, code in (("<", "%3C"), (">", "%3E"), ("\n", "%0A"), ("\r", "%0D")):
        target = target.replace(ch, code)
    return f"<{target}>"


#: The filters the Markdown templates get besides Jinja's own.
FILTERS = {"runs": runs_filter, "yaml": yaml_filter, "md": md_filter, "link": link_filter}
