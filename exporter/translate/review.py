"""Segments out for human review and back: JSON, XLIFF 1.2 (any CAT tool) or CSV (any spreadsheet).

``write_segments`` writes one record per segment: id, kind, the Vietnamese source and the machine
translation as the target. A reviewer edits the targets and hands the file back; ``read_reviewed`` parses it
and :meth:`Reviewed.match` gives the reviewed text of a segment whose id *and* source are unchanged (sources
compare after NFC and whitespace folding, which spreadsheets disturb). Segments whose source changed since are
listed by :func:`stale_segments` and machine-translated again.

What counts as reviewed: in JSON and CSV every record handed back with a target; in XLIFF, units whose
``<target state>`` a CAT tool has moved past ``needs-review-translation`` (to ``translated``, ``signed-off``,
``final`` …). Units still marked ``new`` or ``needs-…`` keep their text but are not marked reviewed.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ..atomic import write_atomic
from ..errors import InputError, UsageError
from ..model import Article
from .segment import Segment, article_segments

__all__ = ["ReviewedSegment", "Reviewed", "write_segments", "read_reviewed", "stale_segments", "FORMATS"]

_XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
#: File suffixes understood, and the format each means.
FORMATS = {".json": "json", ".xlf": "xliff", ".xliff": "xliff", ".csv": "csv"}
_UNREVIEWED_STATES = ("new", "needs-")


@dataclass(frozen=True)
class ReviewedSegment:
    """A segment as the reviewer handed it back."""

    id: str
    source: str
    target: str
    reviewed: bool = True
    """Whether the file marks it as reviewed (see the module docstring)."""


@dataclass(frozen=True)
class Reviewed:
    """The segments of a reviewed file, by id."""

    segments: Dict[str, ReviewedSegment] = field(default_factory=dict)
    path: str = ""

    def match(self, segment: Segment) -> Optional[ReviewedSegment]:
        """The reviewed version of ``segment``: same id, same source, non-empty target; else ``None``."""
        found = self.segments.get(segment.id)
        if found is None or not found.target.strip() or _same(found.source) != _same(segment.source):
            return None
        return found


def _same(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def stale_segments(article: Article, reviewed: Reviewed) -> List[Segment]:
    """Segments of ``article`` whose id is in ``reviewed`` but whose source text changed since."""
    out = []
    for segment in article_segments(article):
        found = reviewed.segments.get(segment.id)
        if found is not None and _same(found.source) != _same(segment.source):
            out.append(segment)
    return out


def _format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UsageError("unknown segment file type", subject=str(path),
                         hint="use .json, .xlf (XLIFF 1.2) or .csv") from None


# -- writing -----------------------------------------------------------------------------------------------
def _records(article: Article) -> List[Tuple[Segment, str]]:
    translation = article.translation
    records = []
    for segment in article_segments(article):
        target = ""
        if translation is not None:
            if segment.id == "title":
                target = translation.title
            elif 0 <= segment.index < len(translation.blocks):
                target = translation.blocks[segment.index].text
        records.append((segment, target))
    return records


def write_segments(article: Article, path: str | Path) -> None:
    """Write the segments of ``article`` (with its machine translation as targets, if it has one) to
    ``path``; the format follows the suffix: ``.json``, ``.xlf``/``.xliff`` or ``.csv``."""
    path = Path(path)
    kind = _format_of(path)
    records = _records(article)
    if kind == "json":
        data = _json_document(article, records).encode("utf-8")
    elif kind == "csv":
        data = _csv_document(records).encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    else:
        data = _xliff_document(article, records)
    write_atomic(path, data)


def _meta(article: Article) -> Dict[str, str]:
    translation = article.translation
    return {
        "source_lang": translation.source_lang if translation else article.lang,
        "target_lang": translation.target_lang if translation else "",
        "provider": translation.provider if translation else "",
        "date": translation.date if translation else "",
        "original": article.input.path or article.url,
    }


def _json_document(article: Article, records: List[Tuple[Segment, str]]) -> str:
    document = {"format": "vnbrief-segments", "version": 1, **_meta(article), "title": article.title,
                "segments": [{"id": s.id, "kind": s.kind, "source": s.source, "target": t} for s, t in records]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_document(records: List[Tuple[Segment, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "kind", "source", "target"])
    for segment, target in records:
        writer.writerow([segment.id, segment.kind, segment.source, target])
    return buffer.getvalue()


def _xliff_document(article: Article, records: List[Tuple[Segment, str]]) -> bytes:
    meta = _meta(article)
    ET.register_namespace("", _XLIFF_NS)
    q = lambda name: f"{{{_XLIFF_NS}}}{name}"  # noqa: E731
    root = ET.Element(q("xliff"), {"version": "1.2"})
    file = ET.SubElement(root, q("file"), {
        "original": meta["original"] or "article", "source-language": meta["source_lang"] or "vi",
        "target-language": meta["target_lang"] or "en", "datatype": "plaintext", "tool-id": "vnbrief"})
    header = ET.SubElement(file, q("header"))
    ET.SubElement(header, q("tool"), {"tool-id": "vnbrief", "tool-name": "vnbrief"})
    if meta["provider"]:
        note = ET.SubElement(header, q("note"))
        note.text = f"Machine translation by {meta['provider']} on {meta['date']}."
    body = ET.SubElement(file, q("body"))
    for segment, target in records:
        unit = ET.SubElement(body, q("trans-unit"), {"id": segment.id, "resname": segment.kind,
                                                     f"{{{_XML_NS}}}space": "preserve"})
        ET.SubElement(unit, q("source")).text = segment.source
        attributes = {"state": "needs-review-translation", "state-qualifier": "mt-suggestion"} if target else {
            "state": "needs-translation"}
        ET.SubElement(unit, q("target"), attributes).text = target
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


# -- reading -----------------------------------------------------------------------------------------------
def read_reviewed(path: str | Path) -> Reviewed:
    """Parse a reviewed segment file (``.json``, ``.xlf``/``.xliff`` or ``.csv``)."""
    path = Path(path)
    kind = _format_of(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", subject=str(path), hint="give the file written by vnbrief translate")\
            from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", subject=str(path)) from None
    if kind == "xliff":
        segments = _read_xliff(raw, path)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("not UTF-8", subject=str(path),
                             hint="save it as UTF-8 (in Excel: \"CSV UTF-8\")") from None
        segments = _read_json(text, path) if kind == "json" else _read_csv(text, path)
    return Reviewed({s.id: s for s in segments}, str(path))


def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", value if isinstance(value, str) else "")


def _read_json(text: str, path: Path) -> List[ReviewedSegment]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", subject=str(path)) from None
    items = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError("no list of segments found", subject=str(path),
                         hint='expected {"segments": [{"id": …, "source": …, "target": …}]}')
    out = []
    for item in items:
        if isinstance(item, dict) and item.get("id"):
            out.append(ReviewedSegment(str(item["id"]), _nfc(item.get("source")), _nfc(item.get("target")),
                                       bool(item.get("reviewed", True))))
    return out


def _read_csv(text: str, path: Path) -> List[ReviewedSegment]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel writes ";" in many locales
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    if not {"id", "source", "target"} <= set(header):
        raise InputError("the first row must name the columns id, source and target", subject=str(path))
    position = {name: header.index(name) for name in ("id", "source", "target")}
    out = []
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        if cells[position["id"]].strip():
            out.append(ReviewedSegment(cells[position["id"]].strip(), _nfc(cells[position["source"]]),
                                       _nfc(cells[position["target"]])))
    return out


def _read_xliff(raw: bytes, path: Path) -> List[ReviewedSegment]:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InputError(f"not valid XML: {exc}", subject=str(path)) from None
    out = []
    for unit in root.iter():
        if _local(unit.tag) != "trans-unit" or not unit.get("id"):
            continue
        source = target = None
        state = ""
        for child in unit:
            if _local(child.tag) == "source":
                source = "".join(child.itertext())
            elif _local(child.tag) == "target":
                target = "".join(child.itertext())
                state = child.get("state", "")
        if source is None:
            continue
        reviewed = not state.startswith(_UNREVIEWED_STATES)  # no state at all: someone wrote the target
        out.append(ReviewedSegment(unit.get("id", ""), _nfc(source), _nfc(target or ""), reviewed))
    return out


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
