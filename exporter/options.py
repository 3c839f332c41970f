"""The one options object passed to every stage. The CLI and the config file build it; its defaults are the
built-in defaults everywhere."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional, Tuple

PAPER_SIZES = ("a4", "letter")
TONE_STYLES = ("keep", "old", "new")
LAYOUTS = ("translation", "bilingual", "original")
FORMATS = ("pdf", "md")


@dataclass(frozen=True)
class Options:
    """Reading, normalising, translating and rendering options."""

    # reading
    encoding: Optional[str] = None
    """Force this input encoding instead of detecting it."""
    title: Optional[str] = None
    """Override the headline."""
    author: Optional[str] = None
    """Override the author."""
    date: Optional[str] = None
    """Override the date."""
    source: Optional[str] = None
    """Override the source (publisher)."""
    url: Optional[str] = None
    """Override the URL."""
    # normalising
    tone_style: str = "keep"
    """Tone-mark placement: ``keep`` as written, ``old`` (hòa, thủy) or ``new`` (hoà, thuỷ)."""
    # rendering
    formats: Tuple[str, ...] = FORMATS
    """Output formats to write."""
    paper: str = "a4"
    """Paper size of the PDF: ``a4`` or ``letter``."""
    font: str = "serif"
    """Font family of the PDF: ``serif``, ``sans`` or a folder of TTF files."""
    template: str = "brief"
    """Markdown template: a bundled name or a path to a Jinja2 file."""
    # translating
    translate: bool = False
    """Translate the article."""
    source_lang: str = "vi"
    """Language translated from."""
    target_lang: str = "en"
    """Language translated to."""
    provider: str = "google"
    """Translation provider name."""
    provider_url: Optional[str] = None
    """Base URL of the provider (self-hosted LibreTranslate …)."""
    api_key: Optional[str] = None
    """API key of the provider."""
    provider_region: Optional[str] = None
    """Region of the provider's resource (Microsoft Translator)."""
    layout: str = "translation"
    """What a translated brief shows: ``translation``, ``bilingual`` or ``original``."""
    glossary: Optional[str] = None
    """A user glossary file (CSV, TSV or TBX) added to the bundled one."""
    names: str = "keep"
    """How Vietnamese names are written in a translation: ``keep`` their diacritics or fold them to ``ascii``."""
    english: str = "uk"
    """English spelling of the glossary: ``uk`` (Organisation, Defence: Vietnam's official usage) or ``us``."""
    cache_dir: Optional[str] = None
    """Folder of the translation cache (default: the user cache folder)."""
    use_cache: bool = True
    """Use the translation cache."""
    timeout: float = 30.0
    """Seconds before a provider request or a URL download is abandoned."""
    jobs: int = 0
    """Parallel jobs (0: automatic)."""
    translations_file: Optional[str] = None
    """Reviewed segments (JSON, XLIFF or CSV) to render instead of machine translation."""

    @classmethod
    def field_names(cls) -> Tuple[str, ...]:
        """Names of every option, in declaration order."""
        return tuple(f.name for f in fields(cls))
