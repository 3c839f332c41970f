"""Word files → :class:`~exporter.model.Article`.

``.docx`` is read with python-docx (imported on first use) after the zip container has been checked, so a
damaged file or a zip bomb is refused before anything is decompressed. Runs typed in legacy Vietnamese fonts
(``.VnTime`` = TCVN3, ``VNI-Times`` = VNI …) hold their 8-bit codes as Windows-1252 characters
(``Tr­êng §¹i häc``); they are converted by their font's encoding. Old binary ``.doc`` files are refused with
a hint to save them as ``.docx``.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import replace
from typing import Any, List, Optional, Sequence, Tuple

from ...errors import InputError
from ...model import Article, Block, Inline, SourceInfo
from ...model.photo import Photo
from ...options import Options
from ...safe_xml import parse_xml
from ..fetch.bounded import MAX_INPUT_BYTES
from ..rules.photo_places import place_photos, split_photos
from ..rules.structure import Unit, build_blocks
from .docx_styles import Converter, Fonts, Styles

#: Largest uncompressed member (bytes): the one input limit (document.xml of a long report is a few MB).
MAX_MEMBER_BYTES = MAX_INPUT_BYTES
#: Largest sum of uncompressed members.
MAX_TOTAL_BYTES = 200 * 1024 * 1024
#: Largest compression ratio accepted for a member over :data:`RATIO_FLOOR` bytes; XML compresses ~10:1,
#: a zip bomb ~1000:1.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Core-property authors that name a computer account or a tool, not a writer.
_JUNK_AUTHORS = {"", "admin", "administrator", "user", "owner", "python-docx", "microsoft office user",
                 "windows user", "pc", "hp", "dell", "asus", "acer", "lenovo", "author", "unknown"}
_CAPTION_TEXT = re.compile(r"^\s*(?:Ảnh|Nguồn ảnh|Ảnh minh h[oọ]ạ?|Hình \d+)\s*[:.-]", re.IGNORECASE)


def _match_key(text: str) -> str:
    """Text compared loosely: NFC, case and white space folded."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _refuse(name: str, message: str, hint: str = "") -> InputError:
    return InputError(message, subject=name, hint=hint)


def read_doc(data: bytes, info: SourceInfo, options: Options) -> Article:
    """``.doc`` files: an old binary Word file is refused (save it as .docx); a ``.docx`` or RTF misnamed
    ``.doc`` is recognised."""
    if not data.startswith(b"PK\x03\x04"):
        check_container(data, info.path or "document")  # refuses anything that is not a zip
    return read_docx(data, replace(info, format="docx"), options)


def check_container(data: bytes, name: str) -> None:
    """Refuse what is not a sound ``.docx`` zip: old ``.doc``, RTF, damaged or truncated zips, zip bombs
    (members or a total whose declared uncompressed size, or compression ratio, passes the limits above)."""
    if data.startswith(OLE2_MAGIC[:4]):
        raise _refuse(name, "is an old binary Word document (.doc), which vnbrief cannot read",
                      "open it in Word or LibreOffice and save it as .docx")
    if data.lstrip()[:5] == b"{\\rtf":
        raise _refuse(name, "is an RTF document, not a .docx", "open it in Word or LibreOffice and save it as .docx")
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(name, "is not a Word .docx file", "give a .docx saved by Word or LibreOffice")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(name, "is damaged or truncated (not a readable zip)", "save it again as .docx") from None
    if len(members) > MAX_MEMBERS:
        raise _refuse(name, f"holds {len(members)} parts, too many for a Word file", "refused as a possible zip bomb")
    total = 0
    for member in members:
        size = member.file_size
        total += size
        ratio = size / member.compress_size if member.compress_size else float(size > 0) * 1e9
        if size > MAX_MEMBER_BYTES or (size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise _refuse(name, f"part {member.filename} would unpack to {size / 2 ** 20:.1f} MB "
                                f"(compressed {ratio:.0f}:1)", "refused as a possible zip bomb")
        if total > MAX_TOTAL_BYTES:
            raise _refuse(name, f"parts would unpack to more than {MAX_TOTAL_BYTES / 2 ** 20:.1f} MB in all",
                          "refused as a possible zip bomb")
    if not any(m.filename == "word/document.xml" for m in members):
        raise _refuse(name, "is a zip file but not a Word document (no word/document.xml)",
                      "give a .docx saved by Word or LibreOffice")


_INFLATE_CHUNK = 64 * 1024


def inflate_bounded(data: bytes, name: str) -> bytes:
    """The Word file again, every part inflated here in small chunks and counted as it comes, so that a zip
    whose headers lie about sizes is refused at the limits above instead of after inflating it (Python's
    ``zipfile`` inflates a part in one call of up to 2 GB). The parts are stored uncompressed in the copy that
    python-docx reads, whose sizes are now true."""
    out = io.BytesIO()
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, \
                zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as copy:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                chunks, size = [], 0
                with archive.open(member) as part:
                    while True:
                        chunk = part.read(_INFLATE_CHUNK)
                        if not chunk:
                            break
                        size += len(chunk)
                        total += len(chunk)
                        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                            raise _refuse(name, f"part {member.filename} unpacks to more than its limit "
                                                f"({MAX_MEMBER_BYTES // 2 ** 20} MB a part, "
                                                f"{MAX_TOTAL_BYTES // 2 ** 20} MB in all)",
                                          "refused as a possible zip bomb")
                        chunks.append(chunk)
                copy.writestr(member.filename, b"".join(chunks))
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError,
            NotImplementedError) as err:
        raise _refuse(name, f"is damaged or truncated ({type(err).__name__}: {err})",
                      "open it in Word or LibreOffice and save it again as .docx") from None
    return out.getvalue()


class _Notes:
    """Footnotes and endnotes (word/footnotes.xml, word/endnotes.xml), numbered in the order the text refers to
    them: one sequence for both kinds, as a brief prints them together after the body."""

    def __init__(self, document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self.texts: dict = {}
        self.order: List[str] = []
        for rel in document.part.rels.values():
            kind = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}.get(rel.reltype)
            if kind and not rel.is_external:
                self._parse(kind, rel.target_part.blob)

    def _parse(self, kind: str, blob: bytes) -> None:
        from docx.oxml.ns import qn

        root = parse_xml(blob)
        for note in root.findall(qn(f"w:{kind}")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in note.iter(qn("w:p"))]
            self.texts[(kind, note.get(qn("w:id")))] = " ".join(p for p in paragraphs if p)

    def marker(self, kind: str, note_id: Optional[str]) -> Optional[Inline]:
        """The numbered marker for a reference in the text, or None for a note that holds nothing."""
        text = self.texts.get((kind, note_id), "")
        if not text:
            return None
        self.order.append(text)
        number = len(self.order)
        return Inline(f"[{number}]", note=number)


def _paragraph_runs(paragraph, converter: Converter, notes: Optional[_Notes] = None) -> Tuple[Tuple[Inline, ...], str]:
    """A paragraph's runs in order (inside hyperlinks, insertions, smart tags and content controls too;
    deletions and hidden text left out), converted; and its raw text before conversion."""
    from docx.oxml.ns import qn
    from docx.text.run import Run

    runs: List[Inline] = []
    raw: List[str] = []
    rels = paragraph.part.rels
    pending = [(child, None) for child in reversed(list(paragraph._p))]
    while pending:
        element, href = pending.pop()
        tag = element.tag
        if tag == qn("w:r"):
            reference = next((c for c in element if c.tag in (qn("w:footnoteReference"), qn("w:endnoteReference"))),
                             None)
            if reference is not None and notes is not None:
                kind = "footnote" if reference.tag == qn("w:footnoteReference") else "endnote"
                mark = notes.marker(kind, reference.get(qn("w:id")))
                if mark is not None:
                    runs.append(mark)
                continue
            wrun = Run(element, paragraph)
            if wrun.font.hidden:
                continue
            text = wrun.text
            raw.append(text)
            if text:
                runs.append(Inline(converter.text(wrun, element, paragraph._p), converter.styles.flag(wrun, "bold"),
                                   converter.styles.flag(wrun, "italic"), href))
        elif tag == qn("w:hyperlink"):
            rid = element.get(qn("r:id"))
            target = rels[rid].target_ref if rid and rid in rels and rels[rid].is_external else None
            pending.extend((child, target or href) for child in reversed(list(element)))
        elif tag in (qn("w:ins"), qn("w:smartTag"), qn("w:customXml"), qn("w:sdt"), qn("w:sdtContent"),
                     qn("w:fldSimple"), qn("w:moveTo")):
            pending.extend((child, href) for child in reversed(list(element)))
    merged: List[Inline] = []
    for run in runs:
        if (merged and not run.note and not merged[-1].note
                and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (run.bold, run.italic, run.href)):
            merged[-1] = Inline(merged[-1].text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return tuple(merged), "".join(raw)


def _kind(name: str, text: str) -> Optional[str]:
    """The kind a paragraph's style (its lower-case ``name``, or its "Ảnh: …" opening) gives it, or None for body
    text."""
    if name == "title":
        return "title"
    if name == "subtitle":
        return "lead"
    if re.match(r"heading \d", name):
        return "heading1" if name == "heading 1" else "heading"
    if name == "caption" or _CAPTION_TEXT.match(text):
        return "caption"
    if name in ("quote", "intense quote", "block text"):
        return "quote"
    return None


def _paragraph_photos(paragraph) -> List[Photo]:
    """The pictures of a paragraph (inline or floating, DrawingML), with their bytes from the package, in
    order. Fallback copies (``mc:Fallback``) and linked, not embedded, pictures are left out."""
    from docx.oxml.ns import qn

    found = []
    related = paragraph.part.related_parts
    for blip in paragraph._p.iter(qn("a:blip")):
        if any(a.tag.endswith("}Fallback") for a in blip.iterancestors()):
            continue
        rid = blip.get(qn("r:embed"))
        part = related.get(rid) if rid else None
        if part is None:
            continue
        props = next((d for d in blip.iterancestors() if d.tag in (qn("wp:inline"), qn("wp:anchor"))), None)
        doc_pr = props.find(qn("wp:docPr")) if props is not None else None
        alt = (doc_pr.get("descr") or "") if doc_pr is not None else ""
        found.append(Photo(src=str(part.partname).lstrip("/"), alt=alt, data=part.blob))
    return found


def _body_paragraphs(document):
    """Paragraphs of the body in reading order, table cells included (each merged cell once)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = document.element.body
    for element in body.iter(qn("w:p")):
        # skip paragraphs nested in text boxes' fallback copies (mc:Fallback repeats mc:Choice)
        if any(a.tag.endswith("}Fallback") for a in element.iterancestors()):
            continue
        yield Paragraph(element, document._body)


def read_docx(data: bytes, info: SourceInfo, options: Options) -> Article:
    """Read a ``.docx``: title (the Title/Heading 1 paragraph or the core properties), lead, sub-headings,
    paragraphs in order with bold, italic and links, captions (style "Caption" or "Ảnh: …") and byline;
    author and date from the core properties. Legacy-font runs are converted (noted in ``input.repairs``)."""
    name = info.path or "document.docx"
    check_container(data, name)
    data = inflate_bounded(data, name)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        converter = Converter(Fonts(document), Styles(document))
        notes = _Notes(document)
        items: List[Tuple[Optional[str], Tuple[Inline, ...], str, str, Any]] = []
        photos: List[Photo] = []
        for paragraph in _body_paragraphs(document):
            for photo in _paragraph_photos(paragraph):  # the picture before the text of its paragraph
                photos.append(photo)
                items.append(("image", (Inline(photo.src),), str(len(photos) - 1), "", None))
            runs, raw = _paragraph_runs(paragraph, converter, notes)
            text = "".join(r.text for r in runs).strip()
            if text:
                items.append((_kind(converter.styles.paragraph_name(paragraph), text), runs, text, raw.strip(),
                              paragraph.alignment))
        core = document.core_properties
        core_title, core_author, created = core.title or "", core.author or "", core.created
        if core_author.strip().lower() == "python-docx":
            created = None  # python-docx's own template date (2013-12-23), not the article's
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, XMLSyntaxError,
            PackageNotFoundError) as err:
        raise _refuse(name, f"is not a readable Word document ({type(err).__name__})",
                      "open it in Word or LibreOffice and save it again as .docx") from None
    items, anchors, trailing = split_photos(items, lambda item: item[0] == "image", lambda item: item[2])
    if not items:
        raise _refuse(name, "holds no text", "give a .docx that holds an article")

    pick = _headline(items, core_title)
    title = items.pop(pick)[2] if pick is not None else ""
    found_title, blocks = build_blocks(_units(items), has_title=bool(title))

    def photo_blocks(group: list) -> List[Block]:
        return [Block("image", (), photo=photos[int(item[2])]) for item in group]

    blocks = place_photos(blocks, [(key, photo_blocks(group)) for key, group in anchors], photo_blocks(trailing))
    author = core_author.strip() if core_author.strip().casefold() not in _JUNK_AUTHORS else ""
    repairs = converter.repairs()
    encoding = max(converter.counts, key=lambda k: converter.counts[k])[0] if converter.counts else "utf-8"
    return Article(
        title=title or found_title,
        blocks=blocks,
        author=author,
        date=created.date().isoformat() if created else "",
        lang="vi",
        notes=tuple(notes.order),
        input=SourceInfo(path=info.path, format=info.format, encoding=encoding,
                         repairs=tuple(info.repairs) + repairs),
    )


def _headline(items: Sequence[Tuple[Optional[str], Any, str, str, Any]], core_title: str) -> Optional[int]:
    """Which item is the headline: the Title paragraph; else the line the document-properties title repeats (Word
    fills it from the first line; a title left over from a template, or python-docx's "Word Document" when the
    file has no properties, matches nothing and is ignored); else the first heading near the top; else None, and
    :func:`build_blocks` decides."""
    pick = next((i for i, item in enumerate(items) if item[0] == "title"), None)
    wanted = _match_key(core_title)
    if pick is None and wanted:
        pick = next((i for i, item in enumerate(items[:5]) if wanted in (_match_key(item[3]), _match_key(item[2]))),
                    None)
    if pick is None:
        pick = next((i for i, item in enumerate(items[:3]) if item[0] == "heading1"), None)
    if pick is None:
        pick = next((i for i, item in enumerate(items[:3]) if item[0] == "heading"), None)
    return pick


def _units(items: Sequence[Tuple[Optional[str], Any, str, str, Any]]) -> List[Unit]:
    """The paragraphs as units for :func:`build_blocks`, with the kinds their styles gave them."""
    units = []
    for i, (kind, runs, text, _raw, alignment) in enumerate(items):
        hint = {"heading1": "heading", "title": "heading"}.get(kind or "", kind)
        # a short right-aligned last paragraph is the byline (WD_ALIGN_PARAGRAPH.RIGHT == 2)
        if i == len(items) - 1 and hint is None and alignment == 2 and len(text) <= 80 and len(items) > 1:
            hint = "byline"
        units.append(Unit(runs, hint=hint))
    return units
