"""A translation of an article, aligned block by block with it (see :mod:`exporter.model`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

from .blocks import MACHINE, Block


@dataclass(frozen=True)
class Translation:
    """A machine (or reviewed) translation of an article, aligned block by block with it."""

    source_lang: str
    """Language of the original, e.g. ``vi``."""
    target_lang: str
    """Language of the translation, e.g. ``en``."""
    provider: str
    """Name of the provider that made it (``google``, ``libre`` …)."""
    date: str
    """ISO date the translation was made."""
    title: str
    """The translated headline."""
    blocks: Tuple[Block, ...]
    """Translated blocks, one for each of :attr:`Article.blocks`, in the same order."""
    states: Tuple[str, ...] = ()
    """Per block, one of :data:`SEGMENT_STATES` (empty: every block ``machine``)."""
    title_state: str = MACHINE
    """The state of the headline."""
    people: Tuple[Tuple[str, str, str], ...] = ()
    """``(segment id, who, when)`` for segments a person edited or approved, where the review file or the review
    page recorded it (``when``: ISO 8601)."""
    segments: int = 0
    """Number of translated segments (the headline and every block but the byline; 0: not counted)."""
    checks: Tuple[Tuple[str, str], ...] = ()
    """``(segment id, what the checks found)`` for every segment not approved by a person that they flagged
    (see :mod:`exporter.translate.checks`), e.g. ``("b3", "number: 1.312,76")``."""
    tokens: Tuple[int, int] = (0, 0)
    """Tokens in and out that the provider reported for this article (language-model providers)."""
    model: str = ""
    """The model that translated (language-model providers), e.g. ``gpt-4o-mini``."""
    engines: Tuple[Tuple[str, str], ...] = ()
    """``(provider, model)`` of every engine whose machine translation the brief holds, when that is not just
    :attr:`provider` and :attr:`model`: the engine a review file records for the segments taken from it (its
    provider ``""`` when the file does not say), and the provider that translated the others now."""

    def state_of(self, segment_id: str) -> str:
        """The state of segment ``title`` or ``b<n>``."""
        if segment_id == "title":
            return self.title_state
        index = int(segment_id[1:]) - 1 if segment_id[1:].isdigit() else -1
        return self.states[index] if 0 <= index < len(self.states) else MACHINE

    def count(self, state: str) -> int:
        """How many segments (headline included) are in ``state`` (``edited`` or ``approved``)."""
        return sum(1 for s in self.states if s == state) + int(self.title_state == state)

    def person_of(self, segment_id: str) -> Tuple[str, str]:
        """``(who, when)`` of a person's edit or approval of the segment, where known; else empty strings."""
        return next(((who, when) for sid, who, when in self.people if sid == segment_id), ("", ""))

    def check_of(self, segment_id: str) -> str:
        """What the checks found in segment ``segment_id`` (``""``: nothing)."""
        return next((text for sid, text in self.checks if sid == segment_id), "")
