"""The options the ``vnbrief`` commands share, and the settings they resolve to (command line > environment >
config file > defaults)."""
from __future__ import annotations

import sys
from typing import Dict, Optional

import click

from .cli_output import run_guarded
from .config import known_keys, resolve
from .errors import VnbriefError
from .options import FORMATS, LAYOUTS, PAPER_SIZES, TONE_STYLES
from .read.encoding import canonical_encoding


def common_options(func):
    """-q and --debug, on every command."""
    func = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")(func)
    func = click.option("--debug", is_flag=True, help="Show tracebacks and debug messages.")(func)
    return func


def encoding_name(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """Check ``--encoding`` before anything is read: an unknown name is a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return canonical_encoding(value)
    except VnbriefError as err:
        raise click.BadParameter(err.hint or err.message) from None


def read_options(func):
    """Options that change how an input is read."""
    for opt in reversed([
        click.option("--title", help="Use this headline instead of the one found."),
        click.option("--author", help="Use this author."),
        click.option("--date", help="Use this date."),
        click.option("--source", help="Use this source (publisher)."),
        click.option("--url", help="Use this URL."),
        click.option("--encoding", callback=encoding_name, metavar="NAME",
                     help="Read input in this encoding instead of detecting it (utf-8, utf-16, windows-1258, "
                          "tcvn3, vni, vps, viscii, windows-1252, latin-1)."),
        click.option("--tone-style", type=click.Choice(TONE_STYLES), default=None,
                     help="Tone mark placement: keep as written (default), old (hòa, thủy) or new (hoà, thuỷ)."),
    ]):
        func = opt(func)
    return func


def translate_options(func):
    """Options of the translation step (``render --translate`` and ``translate``)."""
    for opt in reversed([
        click.option("--to", "target_lang", default=None, help="Language to translate to (default en)."),
        click.option("--from", "source_lang", default=None, help="Language of the article (default vi)."),
        click.option("--provider", default=None,
                     help="Translation provider: google (default), mymemory, libre, deepl, microsoft."),
        click.option("--provider-url", default=None, help="Base URL of the provider (self-hosted LibreTranslate)."),
        click.option("--api-key", default=None, help="API key of the provider (or VNBRIEF_API_KEY)."),
        click.option("--region", "provider_region", default=None,
                     help="Region of the provider's resource (Microsoft Translator; or MICROSOFT_REGION)."),
        click.option("--glossary", type=click.Path(dir_okay=False), default=None,
                     help="Your glossary (CSV or TSV: Vietnamese, English) on top of the bundled one."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="Translation cache folder (default: the user cache folder)."),
        click.option("--no-cache", "use_cache", flag_value=False, default=None,
                     help="Do not read or write the translation cache."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                     help="Seconds before a provider request is abandoned (default 30)."),
        click.option("--jobs", type=click.IntRange(min=0), default=None,
                     help="Parallel jobs (0: automatic)."),
    ]):
        func = opt(func)
    return func


def config_option(func):
    """--config FILE, on every command that takes settings."""
    return click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                        help="Settings file (default: vnbrief.toml, or [tool.vnbrief] in pyproject.toml, in this "
                             "folder or a parent; or VNBRIEF_CONFIG).")(func)


def command_line_values(params: Dict[str, object]) -> Dict[str, object]:
    """The settings given on the command line: every option left at ``None`` (or an empty repeatable option)
    was not given and leaves the environment, config file or default in force."""
    known = set(known_keys())
    values = {k: v for k, v in params.items() if k in known and v is not None and v != ()}
    if "formats" in values:
        values["formats"] = tuple(dict.fromkeys(values["formats"]))  # type: ignore[call-overload]
    return values


def resolve_settings(params: Dict[str, object]):
    """The effective settings: command line > VNBRIEF_* environment > config file > defaults."""
    return resolve(command_line_values(params), config=params.get("config_file"))  # type: ignore[arg-type]


def load_settings(params: Dict[str, object], debug: bool):
    """:func:`resolve_settings`, or exit 2 with a one-line message naming the file or variable at fault."""
    found: list = []
    code = run_guarded(lambda: found.append(resolve_settings(params)), "", debug)
    if code:
        sys.exit(code)
    return found[0]


def settings_options(func):
    """Every option that is a setting of the briefs (render and config)."""
    for opt in reversed([
        click.option("-o", "--output-dir", type=click.Path(file_okay=False), default=None,
                     help="Folder for the briefs, created if missing (default: output_dir of the config file, "
                          "or the current folder)."),
        click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS),
                     help="Output format; repeat for several (default: pdf and md)."),
        click.option("--paper", type=click.Choice(PAPER_SIZES), default=None, help="Paper size (default a4)."),
        click.option("--font", default=None, help="Font family: serif (default), sans, or a folder of .ttf files."),
        click.option("--template", default=None, help="Markdown template: a bundled name (brief) or a path."),
        read_options,
        click.option("--translate", is_flag=True, default=None,
                     help="Translate the article (see --to, --provider)."),
        click.option("--layout", type=click.Choice(LAYOUTS), default=None,
                     help="Translated brief: translation (default), bilingual (side by side) or original."),
        click.option("--translations", "translations_file", type=click.Path(dir_okay=False), default=None,
                     help="Reviewed segments (from 'vnbrief translate') to use instead of machine translation."),
        translate_options,
        config_option,
    ]):
        func = opt(func)
    return func
