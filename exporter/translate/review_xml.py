"""The XML review formats: XLIFF 1.2 (CAT tools' exchange format for one document) and TMX 1.4b (their
translation-memory exchange format). Written with ElementTree, read with the one safe XML parser
(:mod:`exporter.safe_xml`: no entity expansion, no external entities or DTD fetching), so a hostile file cannot
make the reader fetch or expand anything.

XLIFF: every segment is a ``<trans-unit>``. A machine translation has ``<target state="needs-review-translation"
state-qualifier="mt-suggestion">``; an edited one ``state="translated"``; an approved one ``approved="yes"`` and
``state="signed-off"``. The machine translation stays in an ``<alt-trans tool-id="vnbrief">`` so that an edit can
be told from the machine text. Who edited or approved a unit, and when, is an XLIFF phase (``<phase
process-name="edit|approval" contact-name="…" date="…">`` in the header, named by the target's ``phase-name``).
Read back, only ``approved="yes"`` or a state of ``signed-off`` or ``final`` is an approval; ``translated`` is
what CAT tools write for any unit, so such a unit is ``edited`` only if its text differs from the machine's.

TMX: every segment is a ``<tu>`` with a ``<tuv>`` per language, who and when in ``changeid`` and ``changedate``;
vnbrief adds ``<prop type="x-vnbrief-status">`` (``machine``, ``edited`` or ``approved``) and, for machine units,
``<prop type="x-vnbrief-machine">``. A unit with no such property (any CAT tool's memory) is a person's
translation, ``edited``, not approved here.
"""
from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, TypeVar

from .._version import __version__
from ..errors import InputError
from ..safe_xml import RejectedXML, parse_xml
from .review_model import APPROVED, EDITED, MACHINE, Record, ReviewedSegment, nfc

__all__ = ["xliff_document", "tmx_document", "read_xliff", "read_tmx"]

T = TypeVar("T")
_XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_LANG = f"{{{_XML_NS}}}lang"
_APPROVED_STATES = ("signed-off", "final")
_STATUS_PROP, _MACHINE_PROP, _ENGINE_PROP = "x-vnbrief-status", "x-vnbrief-machine", "x-vnbrief-engine"
# Inline elements of TMX/XLIFF whose content is text of the segment (the others hold native markup codes).
_TEXT_INLINES = ("hi", "sub", "g", "mrk")


def _tostring(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def xliff_document(meta: Dict[str, str], rows: Sequence[Record]) -> bytes:
    """An XLIFF 1.2 file of ``rows``."""
    ET.register_namespace("", _XLIFF_NS)
    q = lambda name: f"{{{_XLIFF_NS}}}{name}"  # noqa: E731
    root = ET.Element(q("xliff"), {"version": "1.2"})
    file = ET.SubElement(root, q("file"), {
        "original": meta["original"] or "article", "source-language": meta["source_lang"] or "vi",
        "target-language": meta["target_lang"] or "en", "datatype": "plaintext", "tool-id": "vnbrief"})
    header = ET.SubElement(file, q("header"))
    phases: Dict[Tuple[str, str, str], str] = {}
    for row in rows:
        if row.status != MACHINE and (row.by or row.at):
            phases.setdefault((row.status, row.by, row.at), f"{row.status}-{len(phases) + 1}")
    if phases:
        group = ET.SubElement(header, q("phase-group"))
        for (status, by, at), name in phases.items():
            attributes = {"phase-name": name, "process-name": "approval" if status == APPROVED else "edit"}
            attributes.update({k: v for k, v in (("contact-name", by), ("date", at)) if v})
            ET.SubElement(group, q("phase"), attributes)
    ET.SubElement(header, q("tool"), {"tool-id": "vnbrief", "tool-name": "vnbrief", "tool-version": __version__})
    if meta["provider"]:
        ET.SubElement(header, q("note")).text = f"Machine translation by {meta['engine']} on {meta['date']}."
    body = ET.SubElement(file, q("body"))
    for row in rows:
        attributes = {"id": row.segment.id, "resname": row.segment.kind, f"{{{_XML_NS}}}space": "preserve"}
        if row.status == APPROVED:
            attributes["approved"] = "yes"
        unit = ET.SubElement(body, q("trans-unit"), attributes)
        ET.SubElement(unit, q("source")).text = row.segment.source
        if row.status == APPROVED:
            state = {"state": "signed-off"}
        elif row.status == EDITED:
            state = {"state": "translated"}
        elif row.target:
            state = {"state": "needs-review-translation", "state-qualifier": "mt-suggestion"}
        else:
            state = {"state": "needs-translation"}
        phase = phases.get((row.status, row.by, row.at))
        if phase:
            state["phase-name"] = phase
        ET.SubElement(unit, q("target"), state).text = row.target
        if row.machine is not None:
            alt = ET.SubElement(unit, q("alt-trans"), {"tool-id": "vnbrief", "origin": meta["engine"] or "mt"})
            ET.SubElement(alt, q("target")).text = row.machine
        if row.check:
            note = ET.SubElement(unit, q("note"), {"from": "vnbrief-check", "priority": "1"})
            note.text = f"Check: {row.check}"
        if phase:
            who = f" by {row.by}" if row.by else ""
            when = f" on {row.at}" if row.at else ""
            note = ET.SubElement(unit, q("note"), {"from": "vnbrief-review", "annotates": "target"})
            note.text = f"{'Approved' if row.status == APPROVED else 'Edited'}{who}{when}."
    return _tostring(root)


def tmx_document(meta: Dict[str, str], rows: Sequence[Record], memory: Iterable[ReviewedSegment] = ()) -> bytes:
    """A TMX 1.4b file of ``rows``, then the records of the translation memory ``memory``."""
    source_lang, target_lang = meta["source_lang"] or "vi", meta["target_lang"] or "en"
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "vnbrief", "creationtoolversion": __version__, "segtype": "paragraph",
        "o-tmf": "vnbrief", "adminlang": "en", "srclang": source_lang, "datatype": "plaintext"})
    body = ET.SubElement(root, "body")

    def unit(tuid: str, source: str, target: str, status: str, machine: Optional[str], by: str, at: str) -> None:
        attributes = {"tuid": tuid}
        if by:
            attributes["changeid"] = by
        if _tmx_date(at):
            attributes["changedate"] = _tmx_date(at)
        tu = ET.SubElement(body, "tu", attributes)
        ET.SubElement(tu, "prop", {"type": _STATUS_PROP}).text = status
        if machine is not None:
            ET.SubElement(tu, "prop", {"type": _MACHINE_PROP}).text = machine
            if meta["engine"]:
                ET.SubElement(tu, "prop", {"type": _ENGINE_PROP}).text = meta["engine"]
        for lang, text in ((source_lang, source), (target_lang, target)):
            ET.SubElement(ET.SubElement(tu, "tuv", {_LANG: lang}), "seg").text = text

    written = set()
    for row in rows:
        if row.target:
            unit(row.segment.id, row.segment.source, row.target, row.status, row.machine, row.by, row.at)
            written.add(row.segment.source)
    for number, record in enumerate(memory, start=1):
        if record.source not in written:
            unit(f"tm{number}", record.source, record.target, record.status or EDITED, None, record.by, record.at)
    return _tostring(root)


def _tmx_date(value: str) -> str:
    """An ISO 8601 time as TMX writes it (``20260102T101500Z``); ``""`` for anything else."""
    import datetime as _dt

    try:
        moment = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _iso_date(value: str) -> str:
    """A TMX ``changedate`` as ISO 8601 (``2026-01-02T10:15:00Z``); ``""`` for anything else."""
    import datetime as _dt

    try:
        return _dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return ""


# -- reading -----------------------------------------------------------------------------------------------
def _parse(raw: bytes, path: Path) -> Any:
    try:
        return parse_xml(raw)  # DTDs named (TMX files often name tmx14.dtd), never loaded; entities refused
    except RejectedXML as exc:
        raise InputError(f"not valid or not safe XML: it {exc}", subject=str(path), hint=exc.hint) from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    """The text of a ``<source>``/``<target>``/``<seg>``: its characters and those of text-bearing inline
    elements, without the native codes that ``<bpt>``, ``<ept>``, ``<ph>`` … carry."""
    parts = [element.text or ""]
    for child in element:
        if _local(child.tag) in _TEXT_INLINES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _guarded(path: Path, read: Callable[[], T]) -> T:
    try:
        return read()
    except RecursionError:
        raise InputError("nested too deeply", subject=str(path)) from None


def read_xliff(raw: bytes, path: Path) -> List[ReviewedSegment]:
    """The trans-units of an XLIFF 1.2 file."""
    root = _parse(raw, path)
    phases = {p.get("phase-name", ""): (p.get("contact-name", ""), p.get("date", ""))
              for p in root.iter() if _local(p.tag) == "phase"}
    return _guarded(path, lambda: [unit for unit in (_xliff_unit(e, phases) for e in root.iter()) if unit is not None])


def _xliff_unit(unit: Any, phases: Dict[str, Tuple[str, str]]) -> Optional[ReviewedSegment]:
    if _local(unit.tag) != "trans-unit" or not unit.get("id"):
        return None
    source = target = machine = None
    state = phase = engine = ""
    for child in unit:
        name = _local(child.tag)
        if name == "source":
            source = _text(child)
        elif name == "target":
            target, state, phase = _text(child), child.get("state", ""), child.get("phase-name", "")
        elif name == "alt-trans" and child.get("tool-id") == "vnbrief":
            found = next((t for t in child if _local(t.tag) == "target"), None)
            machine = _text(found) if found is not None else None
            engine = child.get("origin", "") if child.get("origin") != "mt" else ""
    if source is None:
        return None
    # only an approval is taken from the file; "translated" (any CAT tool's state for any unit) is not a review:
    # edited or machine is decided by comparing the text with the machine translation
    status = APPROVED if unit.get("approved") == "yes" or state in _APPROVED_STATES else ""
    by, at = phases.get(phase, ("", "")) if phase else ("", "")
    return ReviewedSegment(unit.get("id", ""), nfc(source), nfc(target or ""), status,
                           nfc(machine) if machine is not None else None, nfc(by), nfc(at), engine=engine)


def read_tmx(raw: bytes, path: Path) -> List[ReviewedSegment]:
    """The translation units of a TMX file: source in the header's ``srclang``, target the other language."""
    root = _parse(raw, path)
    if _local(root.tag) != "tmx":
        raise InputError("not a TMX file (no <tmx> root)", subject=str(path))
    header = next((child for child in root if _local(child.tag) == "header"), None)
    source_lang = (header.get("srclang", "") if header is not None else "").lower()
    if not source_lang or source_lang == "*all*":
        source_lang = "vi"
    units = []
    for number, tu in enumerate((e for e in root.iter() if _local(e.tag) == "tu"), start=1):
        unit = _guarded(path, functools.partial(_tmx_unit, tu, source_lang, number))
        if unit is not None:
            units.append(unit)
    return units


def _tmx_unit(tu: Any, source_lang: str, number: int) -> Optional[ReviewedSegment]:
    props = {p.get("type", ""): p.text or "" for p in tu if _local(p.tag) == "prop"}
    source = target = None
    for tuv in (e for e in tu if _local(e.tag) == "tuv"):
        lang = (tuv.get(_LANG) or tuv.get("lang") or "").lower()
        seg = next((e for e in tuv if _local(e.tag) == "seg"), None)
        if seg is None:
            continue
        if lang == source_lang or lang.split("-")[0] == source_lang.split("-")[0]:
            source = _text(seg) if source is None else source
        elif target is None:
            target = _text(seg)
    if source is None or target is None:
        return None
    status = props.get(_STATUS_PROP, "").strip().lower()
    if status not in (MACHINE, EDITED, APPROVED):  # a CAT tool's memory, or vnbrief's older "reviewed": a person's
        status = EDITED                            # translation, never an approval
    machine = props.get(_MACHINE_PROP)
    return ReviewedSegment(tu.get("tuid") or f"tu{number}", nfc(source), nfc(target), status,
                           nfc(machine) if machine is not None else None, nfc(tu.get("changeid", "")),
                           _iso_date(tu.get("changedate", "")),
                           engine=props.get(_ENGINE_PROP, "").strip())
