"""Segments out for human review and back: JSON, XLIFF 1.2 (any CAT tool), CSV (any spreadsheet) or TMX 1.4b
(a translation memory for CAT tools).

``write_segments`` writes one record per segment: id, kind, status, the Vietnamese source and the current
translation as the target (plus the machine translation it started from), and what the checks after
translation found in it (``check``: ``number: 15; glossary: the Ministry of Health``, see
:mod:`exporter.translate.checks`; in XLIFF a ``<note from="vnbrief-check">``). A reviewer edits the targets and
hands the file back; ``read_reviewed`` parses it and :meth:`Reviewed.match` finds the reviewed text of a
segment by its *source text* (after NFC and whitespace folding, which spreadsheets disturb), not by its
position, so inserting or moving a paragraph keeps every reviewed segment whose source is unchanged.

States (see :mod:`.review_model`): every record is ``machine``, ``edited`` or ``approved``, with who and when
where the format has room (CSV and JSON ``reviewer`` and ``reviewed_at``; XLIFF phases; TMX ``changeid`` and
``changedate``). Read back, a record is ``approved`` only when the file says a person approved it (CSV/JSON
``status`` ``approved``, or the word ``reviewed`` of older files; XLIFF ``approved="yes"`` or a ``<target
state>`` of ``signed-off`` or ``final``; TMX ``approved``); ``edited`` when its target differs from the machine
translation the file carries; ``machine`` when it equals it, whatever the status says (a CAT tool that marks
every unit ``translated`` has reviewed nothing). A record that carries no machine translation is compared with
the machine translation by the caller (:attr:`ReviewedSegment.state` is ``None``).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..atomic import write_atomic
from ..errors import InputError, UsageError
from ..model import Article
from ..protected import Protected
from ..read.fetch.bounded import MAX_INPUT_BYTES, NoSuchFile, TooLarge, read_file
from . import review_xml
from .review_model import (
    APPROVED,
    EDITED,
    LEGACY_REVIEWED,
    MACHINE,
    STATUSES,
    Record,
    ReviewedSegment,
    engine_label,
    nfc,
    same,
)
from .segment import Segment, article_segments

__all__ = ["ReviewedSegment", "Reviewed", "write_segments", "read_reviewed", "stale_segments", "FORMATS",
           "STATUSES", "MACHINE", "EDITED", "APPROVED", "source_key", "unmatched", "records"]

#: File suffixes understood, and the format each means.
FORMATS = {".json": "json", ".xlf": "xliff", ".xliff": "xliff", ".csv": "csv", ".tmx": "tmx"}
#: Largest review file read: the one input limit (a reviewed article is a few hundred kilobytes at most).
MAX_FILE_BYTES = MAX_INPUT_BYTES
#: Longest id, source or target accepted in a review file, in characters (the csv module's own field limit; the
#: same for every format).
MAX_SEGMENT_CHARS = 131_072
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection, OWASP): such cells are
# written with a leading apostrophe, which Excel and LibreOffice hide and which reading removes again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def source_key(text: str) -> str:
    """The hash a segment is matched by: its source after NFC and whitespace folding."""
    return hashlib.sha256(same(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Reviewed:
    """The records of a reviewed file, in file order."""

    units: Tuple[ReviewedSegment, ...] = ()
    path: str = ""
    _by_source: Dict[str, List[ReviewedSegment]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            if unit.target.strip():
                self._by_source.setdefault(source_key(unit.source), []).append(unit)

    @property
    def segments(self) -> Dict[str, ReviewedSegment]:
        """The records by id (the last one wins where ids repeat)."""
        return {unit.id: unit for unit in self.units}

    def match(self, segment: Segment) -> Optional[ReviewedSegment]:
        """The record of ``segment``: same source text, non-empty target (the one with the same id first, then
        the first in the file); else ``None``."""
        found = self._by_source.get(source_key(segment.source))
        if not found:
            return None
        return next((unit for unit in found if unit.id == segment.id), found[0])


def unmatched(article: Article, reviewed: Reviewed) -> List[ReviewedSegment]:
    """Records of ``reviewed`` with a target whose source is no longer in ``article``."""
    present = {source_key(segment.source) for segment in article_segments(article)}
    return [unit for unit in reviewed.units if unit.target.strip() and source_key(unit.source) not in present]


def stale_segments(article: Article, reviewed: Reviewed) -> List[Segment]:
    """Segments of ``article`` that a record of ``reviewed`` had under the same id with another source: the
    source changed since it was reviewed."""
    gone = {unit.id for unit in unmatched(article, reviewed)}
    return [s for s in article_segments(article) if s.id in gone and reviewed.match(s) is None]


def segment_format(path: Path) -> str:
    """The format of a segment file, from its suffix; :class:`UsageError` for a suffix not understood."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UsageError("unknown segment file type", subject=str(path),
                         hint="use .json, .xlf (XLIFF 1.2), .csv or .tmx (TMX 1.4b)") from None


# -- writing -----------------------------------------------------------------------------------------------
def records(article: Article, machine: Optional[Dict[str, str]] = None) -> List[Record]:
    """What :func:`write_segments` writes for ``article``: one record per segment, with its state; ``machine``
    gives the machine translation of segments a person changed, where the caller knows it (the review page)."""
    translation = article.translation
    out = []
    for segment in article_segments(article):
        target, state, by, at, check = "", MACHINE, "", "", ""
        if translation is not None:
            if segment.id == "title":
                target = translation.title
            elif 0 <= segment.index < len(translation.blocks):
                target = translation.blocks[segment.index].text
            state = translation.state_of(segment.id)
            by, at = translation.person_of(segment.id)
            check = translation.check_of(segment.id)
        original = target if state == MACHINE else (machine or {}).get(segment.id)
        out.append(Record(segment, target, state, original if target else None, check, by, at))
    return out


def write_segments(article: Article, path: str | Path, memory: Sequence[ReviewedSegment] = (), *,
                   inputs: Sequence[str] = (), protected: Optional[Protected] = None, force: bool = False,
                   machine: Optional[Dict[str, str]] = None) -> None:
    """Write the segments of ``article`` (with its translation as targets, if it has one) to ``path``; the
    format follows the suffix: ``.json``, ``.xlf``/``.xliff``, ``.csv`` or ``.tmx``. ``memory`` (the translation
    memory's records, with their states) is added to a TMX file after the article's units; ``machine`` gives the
    machine translation of segments a person changed (see :func:`records`). Never over one of ``inputs``; a
    read-only file is replaced only when ``force``."""
    path = Path(path)
    kind = segment_format(path)
    rows = records(article, machine)
    if kind == "json":
        data = _json_document(article, rows).encode("utf-8")
    elif kind == "csv":
        data = _csv_document(rows, meta(article)["engine"]).encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    elif kind == "tmx":
        data = review_xml.tmx_document(meta(article), rows, memory)
    else:
        data = review_xml.xliff_document(meta(article), rows)
    write_atomic(path, data, inputs=inputs, protected=protected, force=force)


def meta(article: Article) -> Dict[str, str]:
    """Languages, engine (provider and model), date and origin of the file."""
    translation = article.translation
    return {
        "source_lang": translation.source_lang if translation else article.lang,
        "target_lang": translation.target_lang if translation else "",
        "provider": translation.provider if translation else "",
        "model": translation.model if translation else "",
        "engine": engine_label(translation.provider, translation.model) if translation else "",
        "date": translation.date if translation else "",
        "original": article.input.path or article.url,
    }


def _json_document(article: Article, rows: List[Record]) -> str:
    segments = []
    for row in rows:
        item: Dict[str, object] = {"id": row.segment.id, "kind": row.segment.kind, "status": row.status,
                                   "source": row.segment.source, "target": row.target, "check": row.check}
        if row.machine is not None:
            item["machine"] = row.machine
        if row.by or row.at:
            item.update(reviewer=row.by, reviewed_at=row.at)
        segments.append(item)
    about = {k: v for k, v in meta(article).items() if k != "engine"}
    document = {"format": "vnbrief-segments", "version": 3, **about, "title": article.title, "segments": segments}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_document(rows: List[Record], engine: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "kind", "status", "source", "target", "check", "machine", "reviewer", "reviewed_at",
                     "engine"])
    for row in rows:
        writer.writerow([_cell(value) for value in (row.segment.id, row.segment.kind, row.status, row.segment.source,
                                                    row.target, row.check, row.machine or "", row.by, row.at,
                                                    engine if row.machine is not None else "")])
    return buffer.getvalue()


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot start a formula; a text that itself starts with the apostrophe gets one
    more, so that reading gives back exactly the text (``'=1`` stays ``'=1``)."""
    return "'" + value if value.startswith(_FORMULA_START + ("'",)) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START + ("'",)) else value


# -- reading -----------------------------------------------------------------------------------------------
def read_reviewed(path: str | Path) -> Reviewed:
    """Parse a reviewed segment file (``.json``, ``.xlf``/``.xliff``, ``.csv`` or ``.tmx``)."""
    path = Path(path)
    kind = segment_format(path)
    try:
        raw = read_file(path, str(path), limit=MAX_FILE_BYTES)  # a named pipe: read in time, or refused
    except NoSuchFile:
        raise InputError("file not found", subject=str(path), hint="give the file written by vnbrief translate")\
            from None
    except TooLarge:
        raise InputError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", subject=str(path)) from None
    if kind in ("xliff", "tmx"):
        units = review_xml.read_xliff(raw, path) if kind == "xliff" else review_xml.read_tmx(raw, path)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("not UTF-8", subject=str(path),
                             hint="save it as UTF-8 (in Excel: \"CSV UTF-8\")") from None
        units = _read_json(text, path) if kind == "json" else _read_csv(text, path)
    for number, unit in enumerate(units, 1):
        for what in ("id", "source", "target"):
            if len(getattr(unit, what)) > MAX_SEGMENT_CHARS:
                raise InputError(f"segment {number}: its {what} is longer than {MAX_SEGMENT_CHARS:,} characters",
                                 subject=str(path), hint="give the file written by vnbrief translate")
    return Reviewed(tuple(units), str(path))


def _status(value: object, path: Path, where: str) -> str:
    """A status a person wrote in a spreadsheet or a JSON file; the older word ``reviewed`` means approved."""
    text = str(value or "").strip().lower()
    if text and text not in STATUSES:
        raise InputError(f"{where}: unknown status {text!r}", subject=str(path),
                         hint="use " + ", ".join(STATUSES[:-1]) + " or " + STATUSES[-1])
    return APPROVED if text == LEGACY_REVIEWED else text


def _read_json(text: str, path: Path) -> List[ReviewedSegment]:
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError("not a segments file: its JSON is nested too deeply", subject=str(path),
                         hint="give the file written by vnbrief translate") from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", subject=str(path)) from None
    items = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError("no list of segments found", subject=str(path),
                         hint='expected {"segments": [{"id": …, "source": …, "target": …}]}')
    engine = ""
    if isinstance(data, dict) and isinstance(data.get("provider"), str):
        engine = engine_label(data["provider"], data["model"] if isinstance(data.get("model"), str) else "")
    out = []
    for item in items:
        if isinstance(item, dict) and item.get("id"):
            status = _status(item.get("status"), path, f"segment {item['id']}")
            if not status and item.get("reviewed") is True:  # version 1 files
                status = APPROVED
            machine = item.get("machine")
            out.append(ReviewedSegment(str(item["id"]), nfc(item.get("source")), nfc(item.get("target")),
                                       status, nfc(machine) if isinstance(machine, str) else None,
                                       nfc(item.get("reviewer")), nfc(item.get("reviewed_at")), engine=engine))
    return out


def _read_csv(text: str, path: Path) -> List[ReviewedSegment]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel writes ";" in many locales
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", subject=str(path)) from None
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    if not {"id", "source", "target"} <= set(header):
        raise InputError("the first row must name the columns id, source and target", subject=str(path))
    position = {name: header.index(name) for name in ("id", "source", "target", "status", "machine", "reviewer",
                                                      "reviewed_at", "engine") if name in header}
    out = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_uncell(cell) for cell in row + [""] * (len(header) - len(row))]
        if not cells[position["id"]].strip():
            continue
        status = _status(cells[position["status"]], path, f"line {number}") if "status" in position else ""
        machine = cells[position["machine"]] if "machine" in position else ""
        by, at = (nfc(cells[position[name]]) if name in position else "" for name in ("reviewer", "reviewed_at"))
        engine = cells[position["engine"]].strip() if "engine" in position else ""
        out.append(ReviewedSegment(cells[position["id"]].strip(), nfc(cells[position["source"]]),
                                   nfc(cells[position["target"]]), status, nfc(machine) if machine else None,
                                   by, at, engine=engine))
    return out
