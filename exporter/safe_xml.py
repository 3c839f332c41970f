"""The one way vnbrief parses XML it did not write: review files (XLIFF, TMX), TBX glossaries and the notes of a
Word file. lxml with every door shut: no DTD loaded, no entity expanded or fetched, no network access, no huge
tree; and a document that declares entities is refused outright (what defusedxml calls ``EntitiesForbidden``), so
neither a billion laughs nor an external entity naming a local file gets anywhere. A DTD that is only named
(``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as CAT tools write) is allowed: it is never loaded.

(Feeds are parsed by feedparser and the body of a Word file by python-docx, each in its own hardened mode; pages
are HTML, parsed by lxml.html with no network.)
"""
from __future__ import annotations

from typing import Any


class RejectedXML(ValueError):
    """XML that is not well-formed or declares entities. The message says which, as the rest of a sentence
    about the file ("is not well-formed XML: …", "declares XML entities, which are not read"); ``hint`` what to do.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def parse_xml(data: bytes) -> Any:
    """The root element of ``data`` (an lxml element, with ``sourceline``); :class:`RejectedXML` otherwise."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise RejectedXML(f"is not well-formed XML: {err.msg}") from None
    if root is None:
        raise RejectedXML("is not well-formed XML: no element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:
        raise RejectedXML("declares XML entities, which are not read", "save it again without a DOCTYPE")
    return root
