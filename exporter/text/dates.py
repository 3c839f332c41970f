"""Dates as a reader expects them, one formatter for every visible date of the product (meta lines, the digest's
masthead and story lines, the machine-translation notice), by the language of the layout.

- Vietnamese, as Vietnamese papers print them: ``Thứ Ba, 25/12/2012`` in a meta line, ``Chủ nhật, 6 tháng 12 năm
  2026`` on a cover;
- English: ``25 December 2012`` and ``Sunday, 6 December 2026`` (``--english us``: ``December 25, 2012``);
- any other language: its CLDR ``long`` and ``full`` forms (Babel's locale data: ``25 décembre 2012``).

``--date-format`` (config key ``date_format``) sets another convention for every visible date: ``iso``
(``2012-12-25``), a CLDR pattern (``dd.MM.y``, ``EEEE d MMMM y``) or a ``strftime`` one (``%d.%m.%Y``,
``%A %-d %B %Y``), its names in the layout's language. Metadata (Markdown front matter, ``inspect``, review files)
keeps ISO dates. A value that holds no readable date is shown as it is given.

Babel is loaded on first use, by a brief that shows a date.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import List, Optional, Tuple

from . import lazy_re

__all__ = ["DATE_FORMS", "date_key", "parse_date", "format_date", "check_date_format"]

#: The forms a layout asks for: ``meta`` (meta lines, story lines), ``long`` (a cover's masthead).
DATE_FORMS = ("meta", "long")
#: The layout language's own patterns (CLDR), where its CLDR ``long``/``full`` forms are not what its press prints:
#: Vietnamese papers print the weekday and day/month/year under a headline ("Thứ Ba, 25/12/2012"), the spelled
#: month with "năm" on a front page; CLDR's Vietnamese ``full`` is "Thứ Ba, 25 tháng 12, 2012".
PATTERNS = {
    "vi": {"meta": "EEEE, dd/MM/y", "long": "EEEE, d 'tháng' M 'năm' y"},
    "en": {"meta": "d MMMM y", "long": "EEEE, d MMMM y"},
}
#: Babel's form for the other languages.
CLDR_FORMS = {"meta": "long", "long": "full"}
#: Words where the Vietnamese dictionary and press differ from CLDR's capitalisation ("Chủ Nhật").
VI_WORDS = (("Chủ Nhật", "Chủ nhật"),)
#: ``strftime`` directives and their CLDR equivalents (``%-d``: the day without a leading zero, as glibc writes).
STRFTIME = {"d": "dd", "-d": "d", "m": "MM", "-m": "M", "Y": "y", "y": "yy", "A": "EEEE", "a": "EEE",
            "B": "MMMM", "b": "MMM", "e": "d", "%": "%"}

_ISO_DATE = lazy_re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = lazy_re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")  # Vietnamese order: day/month/year
_TIME = lazy_re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?!\d)")


def date_key(text: str) -> Optional[Tuple[int, int, int, int, int]]:
    """(year, month, day, hour, minute) of a date as news sites write it (``2021-03-02T14:30``,
    ``Thứ ba, 2/3/2021 14:30``, ``02.03.2021``); ``None`` when there is no valid date in ``text``."""
    # Both forms need a "-", "/" or ".": text without one (an article without a date, whose empty date every brief
    # formats) is not searched, and a brief without a date compiles neither expression (issue #18).
    if not text or ("-" not in text and "/" not in text and "." not in text):
        return None
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DMY_DATE, (2, 1, 0))):
        match = pattern.search(text)
        if match:
            year, month, day = (int(match.group(i + 1)) for i in order)
            try:
                _dt.date(year, month, day)
            except ValueError:
                continue
            rest = text[match.end():] + " " + text[:match.start()]
            time = _TIME.search(rest)
            hour, minute = (int(time.group(1)), int(time.group(2))) if time else (0, 0)
            if hour > 23 or minute > 59:
                hour, minute = 0, 0
            return year, month, day, hour, minute
    return None


def parse_date(text: str) -> Optional[_dt.date]:
    """The day a date written as news sites write it names, or ``None``."""
    key = date_key(text)
    return _dt.date(*key[:3]) if key else None


def _cldr_pattern(pattern: str) -> str:
    """A ``strftime`` pattern as a CLDR one (literal text quoted); a CLDR pattern as it is."""
    if "%" not in pattern:
        return pattern
    out: List[str] = []
    literal: List[str] = []

    def flush() -> None:
        if literal:
            text = "".join(literal).replace("'", "''")
            out.append(f"'{text}'" if any(c.isalpha() for c in text) else text)
            literal.clear()

    for match in re.finditer(r"%(-?[A-Za-z%])|([^%]+|%)", pattern):
        code, text = match.group(1), match.group(2)
        if code is None or code not in STRFTIME:
            literal.append(text if code is None else match.group(0))
        elif code == "%":
            literal.append("%")
        else:
            flush()
            out.append(STRFTIME[code])
    flush()
    return "".join(out)


@functools.lru_cache(maxsize=32)
def _locale(lang: str, english: str):
    from babel import Locale, UnknownLocaleError

    base = (lang or "vi").replace("-", "_")
    if base.split("_")[0].lower() == "en" and "_" not in base:
        base = "en_US" if english == "us" else "en_GB"
    try:
        return Locale.parse(base)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def format_date(value: str, lang: str, form: str = "meta", *, date_format: str = "auto",
                english: str = "uk") -> str:
    """``value`` (a date as an article gives it) as the layout in language ``lang`` prints it in ``form``
    (:data:`DATE_FORMS`), or in ``date_format`` (``auto``, ``iso``, a CLDR or ``strftime`` pattern); a value with
    no readable date as it is, an empty value empty."""
    day = parse_date(value)
    if day is None:
        return value.strip()
    if date_format == "iso":
        return day.isoformat()
    from babel.dates import format_date as babel_format

    locale = _locale(lang, english)
    language = locale.language
    if date_format != "auto":
        pattern = _cldr_pattern(date_format)
    elif english == "us" and language == "en":
        pattern = CLDR_FORMS[form]
    else:
        pattern = PATTERNS.get(language, {}).get(form) or CLDR_FORMS[form]
    text = babel_format(day, pattern, locale=locale)
    if language == "vi":
        for cldr, ours in VI_WORDS:
            text = text.replace(cldr, ours)
    return text


def check_date_format(value: str) -> str:
    """``value`` if it is a date format :func:`format_date` can use; ``ValueError`` naming the fault otherwise."""
    if value in ("auto", "iso"):
        return value
    if not value.strip() or len(value) > 100:
        raise ValueError("give auto, iso, or a pattern such as dd.MM.y or %d.%m.%Y")
    from babel.dates import format_date as babel_format

    pattern = _cldr_pattern(value)
    if not re.search(r"[dMyEL]", re.sub(r"'[^']*'", "", pattern)):
        raise ValueError("the pattern shows no day, month or year (CLDR letters d, M, y, EEEE; or %d, %m, %Y)")
    try:
        babel_format(_dt.date(2012, 12, 25), pattern, locale="en_GB")
    except (AttributeError, KeyError, ValueError, TypeError) as err:
        raise ValueError(f"it is not a date pattern ({err}): use letters such as d, M, y, EEEE, or %d, %m, %Y") \
            from None
    return value
