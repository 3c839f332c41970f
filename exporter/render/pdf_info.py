"""The document information of a PDF (title, author, subject …) written as ReportLab writes it, faster.

ReportLab writes a text that PDFDocEncoding lacks (a Vietnamese headline) as UTF-16BE, every byte escaped: it
formats each with sprintf and encodes the result through a Python codec, 0.8 M instructions for a 300-character lead
(a brief's subject), as much as setting a paragraph. :func:`pdf_text` gives the same bytes from a table made of
ReportLab's own functions; :func:`info_class` is ReportLab's information object using it.
"""
from __future__ import annotations

import functools
from typing import Dict, List


class _ByteEscapes(Dict[int, str]):
    """Byte → how ReportLab writes it in a PDF string: its ``escapePDF``, then its PDFDocEncoding (ASCII); each byte
    worked out when first met."""

    def __missing__(self, byte: int) -> str:
        from reportlab.lib.rl_accel import escapePDF
        from reportlab.pdfbase.pdfdoc import pdfdocEnc

        self[byte] = escaped = pdfdocEnc(escapePDF(bytes([byte]))).decode("ascii")
        return escaped


_BYTE_ESCAPES = _ByteEscapes()


@functools.cache
def _escapes() -> List[str]:
    """Every byte as :data:`_BYTE_ESCAPES` writes it, for ``str.translate`` (a list is its quickest table), made when
    a text in PDFDocEncoding first needs it: a brief whose texts all need UTF-16 (most Vietnamese ones) works out only
    the bytes it meets (all 256 were 3 M instructions of a cold render, issue #18)."""
    return [_BYTE_ESCAPES[byte] for byte in range(256)]


class _Utf16Escapes(Dict[str, str]):
    """Character → its UTF-16BE bytes escaped as :data:`_BYTE_ESCAPES` says (each character worked out when first
    met)."""

    def __missing__(self, char: str) -> str:
        self[char] = escaped = "".join(map(_BYTE_ESCAPES.__getitem__, char.encode("utf_16_be", "surrogatepass")))
        return escaped


_UTF16_ESCAPES = _Utf16Escapes()


def pdf_text(value: str) -> bytes:
    """``value`` as ReportLab's ``PDFString(value)`` writes it in an unencrypted document, without the brackets: its
    bytes in PDFDocEncoding when it has them all, else in UTF-16BE after a byte order mark, each byte escaped as
    :func:`_escapes` says, character by character (a sixth of ReportLab's instructions; tests/test_pdf_pages.py
    checks every character)."""
    try:
        data = value.encode("pdfdoc")
    except UnicodeEncodeError:
        value.encode("utf_16_be")  # a lone surrogate raises here, as in ReportLab
        return (_UTF16_ESCAPES["\ufeff"] + "".join(map(_UTF16_ESCAPES.__getitem__, value))).encode("ascii")
    return data.decode("latin-1").translate(_escapes()).encode("ascii") if data else b""


@functools.cache
def info_class():
    """ReportLab's document information (title, author, subject … of a PDF) writing its title, author and subject
    with :func:`pdf_text`: the same bytes. Its digest (the document's ID) reads the texts as they are."""
    from reportlab.pdfbase.pdfdoc import NoEncryption, PDFInfo, PDFString

    class QuickInfo(PDFInfo):
        def format(self, document):
            texts = (self.title, self.author, self.subject)
            if not isinstance(document.encrypt, NoEncryption) or not all(isinstance(text, str) for text in texts):
                return super().format(document)
            try:
                written = [PDFString(pdf_text(text), escape=0, enc="raw") for text in texts]
            except UnicodeEncodeError:  # a lone surrogate: as ReportLab does it
                return super().format(document)
            try:  # ReportLab's PDFString takes a PDFString's bytes as they are when told not to escape them
                self.title, self.author, self.subject = written
                return super().format(document)
            finally:
                self.title, self.author, self.subject = texts

    return QuickInfo
