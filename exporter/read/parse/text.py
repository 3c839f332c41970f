"""Plain-text articles: paragraphs separated by blank lines or by line breaks."""
from __future__ import annotations

import logging
from collections import Counter
from typing import List

from ...model import Article, Inline, SourceInfo
from ...options import Options
from ...text import lazy_re
from ..rules.line_roles import guess_line_roles
from ..rules.structure import Unit, build_blocks, ends_sentence, starts_lower, take_date_line

log = logging.getLogger(__name__)

# What opens a list item ("- …", "• …", "1. …"): such a line is never the tail of the line above. The marks are
# looked for with str.startswith, not in a character class: sre compiles a class holding characters beyond U+00FF
# into a 64K-entry table (0.1 ms, 1.5 M instructions of a cold render, issue #18).
_LIST_MARKS = ("-", "–", "—", "•", "+", "*", ">")
_NUMBERED = lazy_re.compile(r"\d{1,2}[.)]\s")


def _list_item(line: str) -> bool:
    """Whether ``line`` opens a list item: a dash, bullet, +, * or >, or a number of one or two digits followed by
    . or ) and a space (``\\d`` is a decimal digit, ``str.isdecimal``)."""
    return line.startswith(_LIST_MARKS) or (line[:1].isdecimal() and _NUMBERED.match(line) is not None)


def _is_wrapped(lines: List[str]) -> bool:
    """True when a group of lines is one paragraph hard-wrapped at a fixed width (e-mail style), not a list of
    one-line paragraphs."""
    if len(lines) < 2:
        return False
    # Hard-wrapped text fills its lines to nearly the same width (e-mail: 72-80 characters); headline,
    # sapo and byline lines of an unspaced article differ widely and end sentences.
    body = lines[:-1]
    lengths = [len(line) for line in body]
    return (min(lengths) >= 60 and max(lengths) <= 100 and max(lengths) - min(lengths) <= 20
            and len(lines[-1]) <= max(lengths)
            and not any(line.rstrip().endswith((".", "!", "?", ":", ";")) for line in body))


def _join_broken_lines(lines: List[str], *, keep_first: bool) -> List[str]:
    """Mend sentences that a scraper broke around a link or inline markup:
    "… Visitor Phoenix, mẫu" / "xe môtô Yamaha R125" / "là mẫu sportbike …" is one sentence.

    A line continues the one above when that one does not end like a sentence and the line starts in lower
    case (Vietnamese capitalises every sentence); or when it is a short piece whose next line starts in lower
    case ("… chiếc sportbike" / "R125 phân khối nhỏ" / "đã càng …"); or when it starts with a number right
    after such a lower-case tail ("động cơ 125 cc SOHC" / "4 van …"). Lines after one that ends with a colon
    are list items and stay apart; ``keep_first`` keeps the first line (the headline) on its own.
    """
    out: List[str] = []
    tail_lower = False  # the last piece joined started in lower case: a sentence broken before it
    in_list = False
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        joins = (out and not (keep_first and len(out) == 1 and i == 1) and not in_list
                 and not ends_sentence(out[-1]) and not _list_item(line)
                 and (starts_lower(line)
                      or (line[:1].isdigit() and tail_lower)
                      or (len(line.split(maxsplit=5)) <= 5 and not ends_sentence(line) and starts_lower(following))))
        if joins:
            out[-1] = f"{out[-1]} {line}"
            tail_lower = starts_lower(line)
        else:
            out.append(line)
            tail_lower = False
        if line.rstrip().endswith(":"):
            in_list = True
        elif ends_sentence(line):
            in_list = False
    return out


def split_units(text: str) -> List[Unit]:
    """Cut cleaned text into paragraph units: each non-blank line is one, unless a group of lines separated
    from the rest by blank lines is a hard-wrapped paragraph, or a line is the broken-off rest of a sentence.
    A unit after more blank lines than the text usually puts between its paragraphs has ``gap`` set: where an
    exported page left out a photo."""
    found: List[str] = []  # the units' lines
    attached: List[bool] = []  # per unit: no blank line before it (a line directly under another)
    blanks: List[int] = []  # blank lines before each unit that opens a group (0 for the others)
    before = 0
    for number, group in enumerate(text.split("\n\n")):
        if "\n" in group:
            lines = [line.strip() for line in group.split("\n") if line.strip()]
        else:  # one line (most paragraphs): nothing to join, nothing hard-wrapped
            lines = [stripped] if (stripped := group.strip()) else []
        if not lines:
            before += group.count("\n") + 1  # an empty group between separators: blank lines
            continue
        before += len(group) - len(group.lstrip("\n")) + (1 if number else 0)
        if len(lines) > 1:
            lines = [" ".join(lines)] if _is_wrapped(lines) else _join_broken_lines(lines, keep_first=not found)
        found += lines
        attached += [False] + [True] * (len(lines) - 1)
        blanks += [before] + [0] * (len(lines) - 1)
        before = 0
    usual = Counter(count for count in blanks[1:] if count).most_common(1)
    usual_blanks = usual[0][0] if usual else 1
    # each unit made once, knowing whether it follows a photo's place
    return [Unit((Inline(line),), attached=joined, gap=count >= 2 and count > usual_blanks)
            for line, joined, count in zip(found, attached, blanks)]


def read_text(text: str, info: SourceInfo, options: Options) -> Article:
    """Build an article from decoded, cleaned plain text (see :func:`exporter.read.read_raw`)."""
    date, units = take_date_line(split_units(text))
    title, blocks = build_blocks(units, guess=guess_line_roles)
    if not title:
        log.warning("%s: no headline line found (the text starts with a photo caption or a paragraph); "
                    "the brief is headed by the file name", info.path or "input")
    return Article(title=title, blocks=blocks, date=date, input=info)
