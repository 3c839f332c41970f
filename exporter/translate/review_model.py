"""The records of a review file, shared by the JSON/CSV and the XML formats (:mod:`.review`, :mod:`.review_xml`)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Tuple

from ..text.normalise import clean_text
from .segment import Segment

__all__ = ["MACHINE", "REVIEWED", "STATUSES", "ReviewedSegment", "Record", "nfc", "same", "engine_label",
           "parse_engine"]

MACHINE, REVIEWED = "machine", "reviewed"
#: Values of the ``status`` column (CSV), field (JSON) and property (TMX).
STATUSES = (MACHINE, REVIEWED)


@dataclass(frozen=True)
class ReviewedSegment:
    """A segment as the reviewer handed it back."""

    id: str
    source: str
    target: str
    status: str = ""
    """``reviewed``, ``machine``, or ``""`` when the file does not say."""
    machine: Optional[str] = None
    """The machine translation the file was written with, when the file carries it."""
    engine: str = ""
    """The engine that made that machine translation, as the file records it (:func:`engine_label`: ``libre``,
    ``openai (qwen2.5:7b)``); ``""`` when the file does not say (a CAT tool's memory, a hand-made sheet)."""

    @property
    def reviewed(self) -> Optional[bool]:
        """Whether a person reviewed it: marked ``reviewed``, or a target that differs from the machine
        translation; ``None`` when the file gives no way to tell (the caller compares with the machine
        translation)."""
        if self.status == REVIEWED:
            return True
        if self.machine is not None:
            return same(self.target) != same(self.machine)
        return None



@dataclass(frozen=True)
class Record:
    """One segment as written: the segment, its current target, its status and its machine translation."""

    segment: Segment
    target: str
    status: str
    machine: Optional[str]
    check: str = ""
    """What the checks after translation found in it (see :mod:`exporter.translate.checks`)."""



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
