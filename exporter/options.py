"""The one options object passed to every stage, and every decision about an option's value: its default (the
field's), its meaning (the field's docstring, which is also the command line's help text), the words it may be
(:data:`CHOICES`), its lower bound (:data:`MINIMUM`), its canonical form (:func:`check_option`), what ``--jobs``
means (:func:`parallelism`) and how ``--since`` reads (:func:`parse_since`). The command line, the config file,
the environment and the library all use these; no stage keeps a default or a check of its own.
"""
from __future__ import annotations

import ast
import functools
import math
import os
import re
from dataclasses import MISSING, fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from .ahead import dataclass
from .errors import UsageError, did_you_mean
from .keys import KEY_HINT, key_problem, remember
from .text import lazy_re
from .text.encodings import canonical_encoding
from .urls import parse as parse_url

PAPER_SIZES = ("a4", "letter")
TONE_STYLES = ("keep", "old", "new")
LAYOUTS = ("translation", "bilingual", "original")
FORMATS = ("pdf", "md")
#: Orders of a digest's articles (``vnbrief digest --sort``).
SORT_ORDERS = ("given", "date", "newest")
#: ``--english``: British spelling (the default, as Vietnam's official English sources write) or American.
ENGLISH_VARIETIES = ("uk", "us")
#: ``--names``: Vietnamese names with their diacritics, or folded to ASCII.
NAME_STYLES = ("keep", "ascii")
ERROR_HANDLING = ("strict", "replace")
IMAGE_MODES = ("all", "lead", "none", "link")
#: ``--provider``: the names of the translate.providers registry (tests/test_options.py checks they agree).
PROVIDER_NAMES = ("google", "mymemory", "libre", "deepl", "microsoft", "openai")
#: ``--flags``: the checks' flags marked in a translated brief, or not.
FLAG_DISPLAYS = ("show", "hide")
#: ``--links``: links drawn as text (print) or coloured (screen); clickable in both.
LINK_STYLES = ("print", "screen")


@dataclass(frozen=True)
class Options:
    """Reading, normalising, translating and rendering options."""

    # reading
    encoding: Optional[str] = None
    """Read input in this encoding: utf-8, utf-16, windows-1258, tcvn3, vni, vps, viscii, viqr, windows-1252,
    latin-1 (default: detected)."""
    errors: str = "strict"
    """Invalid bytes in UTF-8 input: strict (exit 3 naming the byte offset and line) or replace (read them as
    U+FFFD, with a warning per file)."""
    title: Optional[str] = None
    """Use this headline (default: the one found in the input)."""
    author: Optional[str] = None
    """Use this author (default: the one found)."""
    date: Optional[str] = None
    """Use this date (default: the one found)."""
    source: Optional[str] = None
    """Use this source, the publisher (default: the one found)."""
    url: Optional[str] = None
    """Use this web address (default: the one found)."""
    # normalising
    tone_style: str = "keep"
    """Tone mark placement: keep as written, old (hòa, thủy) or new (hoà, thuỷ)."""
    # rendering
    formats: Tuple[str, ...] = FORMATS
    """Output format; repeat for several."""
    paper: str = "a4"
    """Paper size of the PDF."""
    font: str = "serif"
    """Font family of the PDF: serif, sans, or a folder of .ttf files."""
    template: str = "brief"
    """Markdown template: a bundled name (brief) or a path to a Jinja2 file."""
    images: str = "all"
    """Photos in the brief: all, only the first (lead), none, or link (Markdown links photos on the web to their
    address instead of saving a copy beside the brief)."""
    image_dpi: int = 150
    """Resolution of photos in the PDF, in dots per inch at their printed size."""
    date_format: str = "auto"
    """Dates shown in briefs and digests: auto (by the layout's language: Thứ Ba, 25/12/2012 or 25 December 2012),
    iso, or a pattern such as dd.MM.y or %d.%m.%Y (names in the layout's language); front matter stays ISO."""
    links: str = "print"
    """Links in the PDF's text: print (drawn as text, still clickable) or screen (coloured)."""
    # translating
    translate: bool = False
    """Translate the article (see --to, --provider)."""
    source_lang: str = "vi"
    """Language of the article."""
    target_lang: str = "en"
    """Language to translate to."""
    provider: str = "google"
    """Translation provider: google, mymemory, libre, deepl, microsoft, openai (any OpenAI-compatible server:
    OpenAI, Azure, Ollama, vLLM, LM Studio, llama.cpp)."""
    provider_url: Optional[str] = None
    """Base URL of the provider: a self-hosted LibreTranslate, or for openai e.g. http://localhost:11434/v1
    (default: the provider's public service)."""
    api_key: Optional[str] = None
    """API key of the provider (default: VNBRIEF_API_KEY, else the provider's own variable such as
    DEEPL_API_KEY or OPENAI_API_KEY)."""
    provider_region: Optional[str] = None
    """Region of the provider's resource, for Microsoft Translator (default: MICROSOFT_REGION)."""
    layout: str = "translation"
    """What a translated brief shows: the translation, both side by side (bilingual), or the original."""
    flags: str = "show"
    """The checks' flags in a translated brief: show (a mark after each flagged segment a person has not
    approved, and the reasons at the end) or hide."""
    glossary: Optional[str] = None
    """Your glossary (CSV or TSV with language-code headers such as vi and en-GB, or TBX) on top of the bundled
    one; your entries win (default: the bundled glossary alone)."""
    english: str = "uk"
    """English spelling of the glossary's names: uk (Organisation, Defence, as Vietnam's official English
    sources write them) or us (Organization, Defense)."""
    names: str = "keep"
    """Vietnamese names in a translation: keep their diacritics (Nguyễn Văn Quyết, Hà Nội) or fold them to ascii
    as English-language media do (Nguyen Van Quyet, Hanoi); one policy for every name of the brief."""
    cache_dir: Optional[str] = None
    """Translation cache folder (default: the user cache folder)."""
    use_cache: bool = True
    """Read and write the translation cache."""
    timeout: float = 30.0
    """Seconds before a provider request or a web page download is abandoned (the whole answer, not each piece)."""
    allow_private_hosts: Tuple[str, ...] = ()
    """A host that photos, feed items and redirects may reach although it is on this machine or a private network
    (by name or address, e.g. intranet.example); repeat for several (default: none). Addresses you give yourself
    need none."""
    jobs: int = 0
    """Parallel jobs: processes for several inputs (vnbrief's own renders too) and translation requests at a time
    (default: 0, one process per CPU and four requests)."""
    translations_file: Optional[str] = None
    """Reviewed segments (from 'vnbrief translate': .json, .xlf, .csv) or a translation memory (.tmx) to use
    instead of machine translation (default: none, all machine-translated)."""
    model: Optional[str] = None
    """Model of the openai provider, e.g. gpt-4o-mini or qwen2.5:7b (default: none, give one; an Azure address
    names its deployment)."""
    prompt: Optional[str] = None
    """Jinja prompt template for the openai provider (default: the bundled one)."""
    max_chars: Optional[int] = None
    """Most characters of text in one provider request (default: the provider's limit; a self-hosted
    LibreTranslate's lower --char-limit is learned from the server)."""
    rps: Optional[float] = None
    """Most provider requests per second (default: no limit)."""
    strict: bool = False
    """Translation warnings become errors: exit 4 when the checks after translation flag a segment (a number,
    glossary term or name missing, text left in Vietnamese or much shorter than its source); exit 2 when a review
    file matches no segment."""
    # news feeds
    since: Optional[str] = None
    """Feeds: only items published since then: a span back from now (90m, 24h, 7d, 2w) or a date (2026-11-27,
    midnight in Vietnam) (default: every item)."""
    limit: Optional[int] = 50
    """Feeds: at most this many items of each feed, newest first (a feed may list thousands)."""
    match: Tuple[str, ...] = ()
    """Feeds: only items whose title contains this word or phrase (case ignored, diacritics significant);
    repeat for several (default: every item)."""

    def __post_init__(self) -> None:
        # Whoever builds the options (command line, config file, library), they pass the same checks and hold the
        # encoding's canonical name; the stages trust them.
        for name in ("encoding", "since", "api_key", "allow_private_hosts", "date_format", *CHOICES, *MINIMUM, *URLS):
            value = getattr(self, name)
            checked = check_option(name, value)
            if checked is not value:
                object.__setattr__(self, name, checked)

    @classmethod
    def field_names(cls) -> Tuple[str, ...]:
        """Names of every option, in declaration order."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def default(cls, name: str) -> Any:
        """The built-in default of option ``name``."""
        field = next(f for f in fields(cls) if f.name == name)
        return field.default if field.default is not MISSING else None

    @classmethod
    def help(cls, name: str) -> str:
        """The help text of option ``name``: its docstring, and its default when it has one worth saying."""
        text = _field_docs().get(name, "")
        default = cls.default(name)
        said = []
        if default is not None and not isinstance(default, bool) and default not in ("", ()) and \
                "(default" not in text:
            shown = " and ".join(default) if isinstance(default, tuple) else f"{default:g}" \
                if isinstance(default, float) else str(default)
            said.append(f"default: {shown}")
        if name in MINIMUM:
            said.append(f"from {_number(MINIMUM[name])} to {_number(MAXIMUM[name])}")
        if said and text.endswith(").") and "(default" in text:  # the docstring says its default last
            return f"{text[:-2]}; {'; '.join(said)})."
        if said:
            text = f"{text[:-1] if text.endswith('.') else text} ({'; '.join(said)})."
        return text


#: Options whose value is one of a few words.
CHOICES: Dict[str, Tuple[str, ...]] = {
    "paper": PAPER_SIZES, "tone_style": TONE_STYLES, "layout": LAYOUTS, "formats": FORMATS,
    "english": ENGLISH_VARIETIES, "names": NAME_STYLES,
    "errors": ERROR_HANDLING, "images": IMAGE_MODES, "provider": PROVIDER_NAMES, "links": LINK_STYLES,
    "flags": FLAG_DISPLAYS,
}
#: Lower and upper bounds of numeric options (a number must also be finite: ``--timeout nan`` is refused).
MINIMUM: Dict[str, float] = {"image_dpi": 72, "limit": 1, "jobs": 0, "timeout": 0.1, "max_chars": 200, "rps": 0.01}
MAXIMUM: Dict[str, float] = {"image_dpi": 600, "limit": 10_000, "jobs": 256, "timeout": 3600,
                             "max_chars": 1_000_000, "rps": 1000}
#: Options that are web addresses: http:// or https:// only (a ``file://`` provider is a usage error).
URLS = ("provider_url",)
#: Translation requests in flight with ``--jobs 0``: the work waits on the network, so more than the CPUs.
AUTO_REQUESTS = 4


def _number(value: float) -> str:
    """A bound as help and messages write it: 1,000,000; 0.1."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


@functools.cache
def _field_docs() -> Dict[str, str]:
    """Field name → its docstring (the string literal under it in the class body), on one line."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Options").body
    docs: Dict[str, str] = {}
    for node, following in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and \
                isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) and \
                isinstance(following.value.value, str):
            docs[node.target.id] = " ".join(following.value.value.split())
    return docs


class OptionValueError(UsageError):
    """A value an option cannot take. ``name`` is the option, ``problem`` what is wrong without the name, so that
    the command line can say it with the option's spelling (``--image-dpi must be …``)."""

    def __init__(self, name: str, problem: str, *, hint: str = "") -> None:
        super().__init__(f"{name} {problem}", hint=hint)
        self.name = name
        self.problem = problem


def check_option(name: str, value: Any) -> Any:
    """``value`` of option ``name`` checked against its choices and bounds, in its canonical form (a word in
    lower case, an encoding's canonical name); :class:`OptionValueError` otherwise. Types are the caller's
    business (see exporter.config)."""
    if value is None:
        return None
    if name in MINIMUM:
        bounds = f"give a number from {_number(MINIMUM[name])} to {_number(MAXIMUM[name])}"
        if not math.isfinite(value):
            raise OptionValueError(name, f"must be a finite number, not {value}", hint=bounds)
        if value < MINIMUM[name]:
            raise OptionValueError(name, f"must be at least {_number(MINIMUM[name])}, not {value:g}", hint=bounds)
        if value > MAXIMUM[name]:
            raise OptionValueError(name, f"must be at most {_number(MAXIMUM[name])}, not {value:g}", hint=bounds)
    if name in URLS:
        check_web_address(name, value)
    if name in CHOICES:
        value = tuple(check_choice(name, v) for v in value) if isinstance(value, tuple) else check_choice(name, value)
    if name == "since":
        parse_since(value)  # a span or a date, else OptionValueError saying why
    if name == "api_key":
        value = value.strip()
        problem = key_problem(value)
        if problem:
            raise UsageError(problem, subject="api_key", hint=KEY_HINT)
        remember(value)
    if name == "allow_private_hosts":
        value = tuple(dict.fromkeys(h.strip().strip("[]").rstrip(".").lower() for h in value if h.strip()))
        for host in value:
            if not host.replace(".", "").replace("-", "").replace(":", "").replace("_", "").isalnum():
                raise UsageError(f"allow_private_hosts: {host!r} is not a host name or address",
                                 hint="give a name such as intranet.example or an address such as 10.0.0.5")
    if name == "date_format":
        from .text.dates import check_date_format

        try:
            return check_date_format(value)
        except ValueError as err:
            raise UsageError(f"date format cannot be {value!r}: {err}") from None
    if name == "encoding":
        try:
            return canonical_encoding(value)
        except UsageError as err:
            raise OptionValueError("encoding", f"cannot be {value!r}", hint=err.hint or err.message) from None
    return value


def check_choice(name: str, value: str) -> str:
    """One of the words of option ``name``, whatever its case (``A4`` is ``a4``); :class:`OptionValueError`
    with the nearest words otherwise."""
    words = CHOICES[name]
    if isinstance(value, str) and value.lower() in words:
        return value.lower()
    close = did_you_mean(str(value), words)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise OptionValueError(name, f"cannot be {value!r}", hint=hint + "choose " + _either(words))


def _either(words: Tuple[str, ...]) -> str:
    return f"{words[0]} or {words[1]}" if len(words) == 2 else "one of " + ", ".join(words)


#: Vietnam's time zone: the zone of a date that names none (``--since``, a feed's dates).
VIETNAM = timezone(timedelta(hours=7))
_SINCE = lazy_re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
#: The longest span ``--since`` takes: a century covers every news archive.
MAX_SINCE = timedelta(days=36_525)


def parse_since(value: str, now: Optional[datetime] = None) -> datetime:
    """``--since``: a span back from now (``90m``, ``24h``, ``7d``, ``2w``) or a date (``2026-11-27``, midnight
    in Vietnam) or an ISO date and time. :class:`OptionValueError` (a usage error) for anything else, or for a
    span over :data:`MAX_SINCE`."""
    now = now or datetime.now(timezone.utc)
    span = _SINCE.match(value)
    if span:
        try:
            delta = timedelta(**{_UNITS[span.group(2).lower()]: int(span.group(1))})
            if delta > MAX_SINCE:
                raise OverflowError
            return now - delta
        except OverflowError:
            raise OptionValueError("since", f"cannot be {value!r}: it reaches back more than "
                                   f"{MAX_SINCE.days // 365} years", hint="give a shorter span, e.g. 7d, or a date") \
                from None
    try:
        day = date.fromisoformat(value.strip())
        return datetime(day.year, day.month, day.day, tzinfo=VIETNAM)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.strip())
        return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
    except ValueError:
        raise OptionValueError("since", f"cannot be {value!r}: it is neither a span nor a date",
                               hint="give e.g. 24h, 7d or 2026-11-27") from None


def check_web_address(name: str, value: str) -> None:
    """An http:// or https:// address with a host, read as the HTTP client reads it (:func:`exporter.urls.parse`);
    :class:`UsageError` otherwise: ``file://``, a bare word, and addresses that parsers read differently (user
    info, backslashes, control characters), which could send a key to another host than it seems."""
    try:
        parse_url(value)
    except ValueError as err:
        shown = "" if "@" in value or not value.isprintable() else f": {value!r}"
        problem = "an http:// or https:// address" if str(err).startswith("unsupported address scheme") else \
            f"a valid address ({err})"
        raise OptionValueError(name, f"is not {problem}{shown}",
                               hint="give the provider's web address, e.g. http://localhost:5000") from None


def parallelism(jobs: int, tasks: int = 1) -> Tuple[int, int]:
    """What ``--jobs`` means, decided once: (worker processes for ``tasks`` inputs, translation requests each of
    them sends at a time). ``jobs`` N: at most N processes, N requests in all, shared among them. ``jobs`` 0
    (automatic): a process per CPU, and :data:`AUTO_REQUESTS` requests in all, or one per process if more."""
    processes = max(1, min(jobs if jobs > 0 else (os.cpu_count() or 1), tasks))
    requests = jobs if jobs > 0 else max(AUTO_REQUESTS, processes)
    return processes, max(1, requests // processes)
