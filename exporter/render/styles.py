"""The PDF style sheet: data in ``templates/pdf_styles.json`` turned into ReportLab paragraph styles for a
registered font family."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Dict, NamedTuple, Optional

from ..errors import UsageError
from ..resources import data_dir

#: Face → (bold, italic).
FACE_STYLES = {"regular": (False, False), "bold": (True, False), "italic": (False, True), "bold_italic": (True, True)}
#: The bar beside a flagged segment when the style sheet says nothing of it.
FLAG_MARK: Dict[str, Any] = {"color": "#b42318", "width": 2.5, "offset": 8}
MIN_LEADING = 1.3  # × font size: stacked marks (Ế, Ở) collide with the line above when set tighter


class StyleSheet(NamedTuple):
    """Paragraph styles by block kind, plus page settings. (A named tuple: making a dataclass costs every process
    ~5 M instructions.)"""

    styles: Dict[str, Any]
    """Name (a block kind, ``headline``, ``meta``, ``notice``, ``original_title``, ``column``) → ParagraphStyle."""
    page: Dict[str, Any]
    """Margins and footer settings."""
    fonts: Dict[str, str]
    """Style (regular, bold, italic, bold_italic) → registered font name."""
    flag_mark: Dict[str, Any]
    """The bar beside a flagged segment: ``color``, ``width``, ``offset`` (points left of the text)."""


def load_sheet(path: Optional[Path] = None) -> dict:
    """The style sheet as data (read once per process)."""
    return _load_sheet(str(path) if path else _bundled_sheet_path())


@functools.cache
def _bundled_sheet_path() -> str:
    return str(data_dir("templates") / "pdf_styles.json")


@functools.lru_cache(maxsize=8)
def _load_sheet(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UsageError(f"style sheet cannot be read ({err})", subject=str(path)) from None


@functools.lru_cache(maxsize=32)
def sheet_color(value: str) -> Any:
    """A colour of the style sheet ("#555555", "grey") as ReportLab's ``Color``, made once per process. Given as
    text, ReportLab parses a colour again at every use, a hex colour through two failed Python-expression parses
    (about 25 µs each time: every page's footer paid it)."""
    from reportlab.lib import colors

    return colors.toColor(value)


def build_styles(fonts: Dict[str, str], sheet: Optional[dict] = None) -> StyleSheet:
    """ReportLab ``ParagraphStyle`` s for the faces in ``fonts`` (style → registered font name); those of the
    bundled sheet are built once per process and family."""
    if sheet is None:
        return _bundled_styles(tuple(sorted(fonts.items())))
    return _build_styles(fonts, sheet)


@functools.lru_cache(maxsize=16)
def _bundled_styles(fonts: tuple) -> StyleSheet:
    return _build_styles(dict(fonts), load_sheet())


def _build_styles(fonts: Dict[str, str], sheet: dict) -> StyleSheet:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    align = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
    faces = sheet["faces"]
    styles = {}
    for name, spec in sheet["styles"].items():
        size = float(spec["size"])
        extra: Dict[str, Any] = {}
        if spec.get("back_color") or spec.get("border_color"):
            # the ground or frame lies within the column: the text is indented by the padding
            pad = float(spec.get("padding", 0))
            extra = dict(borderPadding=pad, leftIndent=pad, rightIndent=pad)
            if spec.get("back_color"):
                extra["backColor"] = colors.HexColor(spec["back_color"])
            if spec.get("border_color"):
                extra.update(borderColor=colors.HexColor(spec["border_color"]),
                             borderWidth=float(spec.get("border_width", 0.5)))
        styles[name] = ParagraphStyle(
            name,
            fontName=fonts[faces[spec["face"]]],
            fontSize=size,
            leading=size * max(float(spec.get("leading", 1.4)), MIN_LEADING),
            alignment=align[spec.get("align", "left")],
            spaceBefore=float(spec.get("space_before", 0)),
            spaceAfter=float(spec.get("space_after", 0)),
            **({} if extra else dict(leftIndent=float(spec.get("left_indent", 0)),
                                     rightIndent=float(spec.get("right_indent", 0)))),
            textColor=colors.HexColor(spec.get("color", "#000000")),
            splitLongWords=1,
            keepWithNext=int(bool(spec.get("keep_with_next"))),
            allowWidows=0,
            allowOrphans=0,
            **extra,
        )
    return StyleSheet(styles=styles, page=dict(sheet.get("page", {})), fonts=dict(fonts),
                      flag_mark=dict(FLAG_MARK, **sheet.get("flag_mark", {})))
