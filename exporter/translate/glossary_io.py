"""Reading glossary files: CSV and TSV (columns mapped by language-code headers) and TBX (ISO 30042).

CSV/TSV: a header row names the columns with language codes (``vi``, ``vi-VN``, ``en``, ``en-GB`` …) or the
words ``vietnamese``/``english``/``source``/``target``, in any order and any number; ``source``, ``checked`` and
``scope`` columns are kept, other columns (an ID, a note) are ignored. Without a header the first two columns are
the Vietnamese term and its translation. A header row is never read as an entry. A term that is a number or has
fewer than two letters is refused with the line it is on: it would replace every "1" in an article.

TBX is parsed by the one safe XML parser (:mod:`exporter.safe_xml`: no DTD loading, no entity expansion, no
network); a document that declares entities is refused outright.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..errors import InputError, UsageError
from ..read.fetch.bounded import NoSuchFile, NotAFile, TooLarge, read_file
from ..safe_xml import RejectedXML, parse_xml
from ..text.normalise import clean_line

__all__ = ["Entry", "read_rows", "MAX_GLOSSARY_BYTES"]

#: Glossary files larger than this are refused (the bundled one is 20 kB; a large CAT export is a few MB).
MAX_GLOSSARY_BYTES = 32 * 1024 * 1024

_LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.IGNORECASE)
_SOURCE_WORDS = {"vietnamese", "tiếng việt", "source term", "term"}
_TARGET_WORDS = {"english", "target", "target term", "translation"}
_META = {"source": "source", "origin": "source", "checked": "checked", "scope": "scope"}


@dataclass(frozen=True)
class Entry:
    """One glossary row: from the bundled glossary, a user's file, or derived (a province's "tỉnh X")."""

    vietnamese: str
    """The Vietnamese term as written in the file (may contain ``{n}``)."""
    english: str
    """Its English name (may contain ``{n}`` / ``{nth}``)."""
    source: str = ""
    """Where the English name comes from (a user's row: the file, unless the row names its source)."""
    checked: str = ""
    """What the English name was compared with (bundled rows)."""
    scope: str = ""
    """``generic`` when the Vietnamese is also the common noun for a foreign body (the row does not fire when a
    foreign country qualifies it, nor in lower case); ``always``: no such rule; ``place``: a province or city row
    (derived); empty in a user's row: the bundled row's scope for the same term, else none."""
    user: bool = False
    """From the user's glossary: its English is used exactly as written."""
    line: int = field(default=0, compare=False)
    """The line of the file it was read from, for messages."""


def read_rows(path: str | Path, target_lang: str = "en") -> List[Entry]:
    """Read a glossary file (CSV, TSV or TBX) into entries, checking every term."""
    path = Path(path)
    raw = _read_bytes(path)
    if path.suffix.lower() in (".tbx", ".xml") or raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        rows = _read_tbx(raw, path, target_lang)
    else:
        rows = _read_table(_decode(raw, path), path, target_lang)
    for row in rows:
        _check_term(row, path)
    return rows


def _read_bytes(path: Path) -> bytes:
    try:
        return read_file(path, str(path), limit=MAX_GLOSSARY_BYTES)  # a named pipe: read in time, or refused
    except NoSuchFile:
        raise UsageError("glossary file not found", subject=str(path),
                         hint="give a CSV, TSV or TBX file of Vietnamese and English terms") from None
    except NotAFile:
        raise UsageError("the glossary is a folder, not a file", subject=str(path)) from None
    except TooLarge:
        raise UsageError(f"the glossary is larger than {MAX_GLOSSARY_BYTES // (1024 * 1024)} MB",
                         subject=str(path), hint="split it or keep only the terms you need") from None
    except InputError as exc:
        raise UsageError(f"cannot read the glossary: {exc.message}", subject=str(path), hint=exc.hint) from None


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("the glossary is not UTF-8", subject=str(path),
                         hint="save it as UTF-8 (in Excel: CSV UTF-8)") from None


def _language(cell: str) -> Optional[str]:
    """The language a header cell names (``vi-VN`` → ``vi``), or None."""
    word = cell.strip().lower()
    if word in _SOURCE_WORDS:
        return "vi"
    if word in _TARGET_WORDS:
        return "*target"
    match = _LANG_CODE.match(word)
    if match and word not in _META:
        code = match.group(1)
        return {"vie": "vi", "eng": "en"}.get(code, code)
    return None


def _header(cells: Sequence[str], target_lang: str) -> Optional[Dict[str, int]]:
    """Column positions if ``cells`` is a header row (it names a Vietnamese and a target column)."""
    languages = [_language(cell) for cell in cells]
    if "vi" not in languages:
        return None
    target = target_lang.split("-")[0].lower()
    wanted = target if target in languages else "*target" if "*target" in languages else None
    if wanted is None:
        return None
    columns = {"vi": languages.index("vi"), "target": languages.index(wanted)}
    for position, cell in enumerate(cells):
        meta = _META.get(cell.strip().lower())
        if meta and meta not in columns:
            columns[meta] = position
    return columns


def _read_table(text: str, path: Path, target_lang: str) -> List[Entry]:
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return []
    first = numbered[0][1]
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in first else (
        ";" if first.count(";") > first.count(",") else ",")
    rows: List[Entry] = []
    columns: Optional[Dict[str, int]] = None
    for index, (number, line) in enumerate(numbered):
        cells = [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
        if index == 0:
            columns = _header(cells, target_lang)
            if columns is not None:
                continue
            if any(_language(cell) for cell in cells) and not any(ch.isdigit() for ch in line) and \
                    len(cells) > 2:
                raise UsageError(f"line {number}: the header names no Vietnamese (vi) and "
                                 f"{target_lang} column", subject=str(path),
                                 hint="name the columns with language codes, e.g. vi-VN and en-GB")
        vi_col, en_col = (columns["vi"], columns["target"]) if columns else (0, 1)
        if len(cells) <= max(vi_col, en_col) or not cells[vi_col] or not cells[en_col]:
            raise UsageError(f"line {number} needs a Vietnamese term and its translation", subject=str(path),
                             hint="separate the columns with a tab (TSV) or a comma (CSV)")
        # cleaned like any text from outside: a right-to-left override or a hidden tag character in a term would
        # reach the translation, the brief and the review file
        rows.append(Entry(clean_line(cells[vi_col]), clean_line(cells[en_col]),
                          _cell(cells, columns, "source"), _cell(cells, columns, "checked"),
                          _cell(cells, columns, "scope").lower(), line=number))
    return rows


def _cell(cells: Sequence[str], columns: Optional[Dict[str, int]], name: str) -> str:
    """The ``source`` / ``checked`` / ``scope`` cell of a row (without a header: the third column is the source)."""
    position = columns.get(name) if columns else (2 if name == "source" else None)
    return cells[position] if position is not None and position < len(cells) else ""


#: Values of the ``scope`` column a glossary file may give (see :class:`Entry`).
SCOPES = ("generic", "always")


def _check_term(row: Entry, path: Path) -> None:
    if row.scope and row.scope not in SCOPES:
        raise UsageError(f"line {row.line}: unknown scope {row.scope!r}", subject=str(path),
                         hint="leave it empty, or write " + " or ".join(SCOPES))
    letters = sum(1 for ch in row.vietnamese if ch.isalpha())
    if letters < 2:
        what = "a number" if any(ch.isdigit() for ch in row.vietnamese) else "shorter than two letters"
        raise UsageError(f"line {row.line}: the term {row.vietnamese!r} is {what}", subject=str(path),
                         hint="a glossary term must be a word or a name; is a column an ID?")


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _read_tbx(raw: bytes, path: Path, target_lang: str) -> List[Entry]:
    try:
        root = parse_xml(raw)
    except RejectedXML as exc:
        raise UsageError(f"the TBX file {exc}", subject=str(path), hint=exc.hint) from None
    target = target_lang.split("-")[0].lower()
    rows: List[Entry] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        terms: Dict[str, List[str]] = {}
        for lang_set in entry:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").split("-")[0].lower()
            for term in lang_set.iter():
                if _local(term.tag) == "term":
                    text = "".join(term.itertext()).strip()
                    if text:
                        terms.setdefault(lang, []).append(clean_line(text))
        if terms.get("vi") and terms.get(target):
            line = entry.sourceline or 0
            for vietnamese in terms["vi"]:
                rows.append(Entry(vietnamese, terms[target][0], str(path), line=line))
    if not rows:
        raise UsageError(f"the TBX file has no entry with a Vietnamese (vi) and a {target_lang} term",
                         subject=str(path), hint="check the xml:lang of its langSet elements")
    return rows


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_places(path: Path) -> List[Tuple[str, str, str]]:
    """The bundled place list: (Vietnamese name, kind, status) rows."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "vi":
            continue
        out.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    return out
