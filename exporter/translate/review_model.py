"""The records of a review file, shared by the JSON/CSV and the XML formats (:mod:`.review`, :mod:`.review_xml`).

Every format keeps the three states of :data:`exporter.model.SEGMENT_STATES` apart, and none can raise a state
without a person: a record counts as ``edited`` only when its text differs from the machine translation, and as
``approved`` only when the file says so in a way only a person's act writes (see each format's reader).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Tuple

from ..model import APPROVED, EDITED, MACHINE, SEGMENT_STATES
from ..text.normalise import clean_text
from .segment import Segment

__all__ = ["MACHINE", "EDITED", "APPROVED", "LEGACY_REVIEWED", "STATUSES", "ReviewedSegment", "Record", "nfc",
           "same", "engine_label", "parse_engine"]

#: The word vnbrief wrote before the states were kept apart: read as ``approved`` where a person writes it (CSV,
#: JSON), as ``edited`` where a tool may have (TMX).
LEGACY_REVIEWED = "reviewed"
#: Values of the ``status`` column (CSV), field (JSON) and property (TMX).
STATUSES = SEGMENT_STATES + (LEGACY_REVIEWED,)


@dataclass(frozen=True)
class ReviewedSegment:
    """A segment as the reviewer handed it back."""

    id: str
    source: str
    target: str
    status: str = ""
    """What the file says: one of :data:`exporter.model.SEGMENT_STATES`, or ``""`` when it does not say."""
    machine: Optional[str] = None
    """The machine translation the file was written with, when the file carries it."""
    by: str = ""
    """Who edited or approved it, where the file records it."""
    at: str = ""
    """When (ISO 8601), where the file records it."""
    engine: str = ""
    """The engine that made that machine translation, as the file records it (:func:`engine_label`: ``libre``,
    ``openai (qwen2.5:7b)``); ``""`` when the file does not say (a CAT tool's memory, a hand-made sheet)."""

    @property
    def state(self) -> Optional[str]:
        """The honest state: ``approved`` when the file says a person approved it; else ``edited`` when the text
        differs from the machine translation the file carries, ``machine`` when it equals it (whatever the
        status claims); without a machine translation, ``edited`` when the file says so (a translation memory's
        units), else ``None``: the caller compares with the machine translation."""
        if self.status == APPROVED:
            return APPROVED
        if self.machine is not None:
            return EDITED if same(self.target) != same(self.machine) else MACHINE
        if self.status == EDITED:
            return EDITED  # a person's translation with no machine text to compare with (a CAT tool's memory)
        return None

    @property
    def reviewed(self) -> Optional[bool]:
        """Whether a person edited or approved it (``None``: see :attr:`state`)."""
        state = self.state
        return None if state is None else state != MACHINE


@dataclass(frozen=True)
class Record:
    """One segment as written: the segment, its current target, its state and its machine translation."""

    segment: Segment
    target: str
    status: str
    machine: Optional[str]
    check: str = ""
    """What the checks after translation found in it (see :mod:`exporter.translate.checks`)."""
    by: str = ""
    """Who edited or approved it (empty: unknown or machine)."""
    at: str = ""
    """When, ISO 8601."""


def engine_label(provider: str, model: str = "") -> str:
    """How a review file records the engine of its machine translations: ``libre``, ``openai (qwen2.5:7b)``."""
    return f"{provider} ({model})" if provider and model else provider


def parse_engine(label: str) -> Tuple[str, str]:
    """``(provider, model)`` of an :func:`engine_label`; ``("", "")`` for an empty or foreign label."""
    found = re.match(r"^\s*([a-z]+)(?:\s+\((.+)\))?\s*$", label or "")
    return (found.group(1), (found.group(2) or "").strip()) if found else ("", "")


def same(text: str) -> str:
    """``text`` as records are compared: NFC, whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def nfc(value: object) -> str:
    """``value`` in NFC with control, invisible and bidi characters removed (outside text is cleaned like
    input); anything not a string is empty."""
    return clean_text(unicodedata.normalize("NFC", value)) if isinstance(value, str) else ""
