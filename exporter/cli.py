"""The ``vnbrief`` command: parse options, build the Options object, call the pipeline, and turn library errors
into one-line messages and exit codes. No other logic lives here."""
from __future__ import annotations

import json
import logging
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import click

from ._version import __version__
from .errors import ExitStatus, VnbriefError
from .options import FORMATS, LAYOUTS, PAPER_SIZES, TONE_STYLES, Options

log = logging.getLogger("exporter")

EXIT_CODES_HELP = """Exit codes: 0 success; 1 unexpected error; 2 usage (bad option, template or font folder);
3 input cannot be read; 4 translation failed; 5 rendering or writing failed."""


class _Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        prefix = "Warning: " if record.levelno >= logging.WARNING else ""
        click.echo(prefix + record.getMessage(), err=True)


def setup_logging(quiet: bool, debug: bool) -> None:
    """Warnings to standard error (unless -q); everything with --debug."""
    for handler in list(log.handlers):
        if isinstance(handler, _Handler):
            log.removeHandler(handler)
    handler = _Handler()
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else (logging.ERROR if quiet else logging.WARNING))


def fail_message(err: BaseException, subject: str = "") -> str:
    """``Error: <file>: <what happened> (<what to do>)`` on one line."""
    if isinstance(err, VnbriefError):
        if subject and not err.subject:
            err.subject = subject
        text = str(err)
        if subject and not text.startswith(subject):  # e.g. "LibreTranslate: …": say which input it was
            text = f"{subject}: {text}"
        return f"Error: {text}"
    text = " ".join(f"{type(err).__name__}: {err}".split())
    where = f"{subject}: " if subject else ""
    return f"Error: {where}unexpected error: {text} (run again with --debug for details, and report it)"


def exit_code(err: BaseException) -> int:
    return int(err.exit_code) if isinstance(err, VnbriefError) else int(ExitStatus.UNEXPECTED)


def worst(codes: Sequence[int]) -> int:
    """The exit code of the worst failure: unexpected errors (1) first, then the highest code."""
    failures = [c for c in codes if c]
    if not failures:
        return 0
    return 1 if 1 in failures else max(failures)


def run_guarded(action: Callable[[], object], subject: str, debug: bool) -> int:
    """Run ``action``; print its error as one line (a traceback too with --debug) and return the exit code."""
    try:
        action()
        return 0
    except KeyboardInterrupt:
        raise
    except Exception as err:  # the CLI boundary: every error becomes a message and an exit code
        if debug:
            traceback.print_exc()
        click.echo(fail_message(err, subject), err=True)
        return exit_code(err)


def common_options(func):
    """-q and --debug, on every command."""
    func = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")(func)
    func = click.option("--debug", is_flag=True, help="Show tracebacks and debug messages.")(func)
    return func


def read_options(func):
    """Options that change how an input is read."""
    for opt in reversed([
        click.option("--title", help="Use this headline instead of the one found."),
        click.option("--author", help="Use this author."),
        click.option("--date", help="Use this date."),
        click.option("--source", help="Use this source (publisher)."),
        click.option("--url", help="Use this URL."),
        click.option("--encoding", help="Read input in this encoding instead of detecting it "
                                        "(utf-8, utf-16, windows-1258, tcvn3, vni, vps, viscii …)."),
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


def build_options(params: Dict[str, object]) -> Options:
    """The Options object from the command's parameters (those not given keep their defaults)."""
    known = set(Options.field_names())
    values = {k: v for k, v in params.items() if k in known and v is not None}
    if "formats" in values:
        values["formats"] = tuple(dict.fromkeys(values["formats"])) or FORMATS  # type: ignore[arg-type]
        if not values["formats"]:
            del values["formats"]
    return Options(**values)  # type: ignore[arg-type]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "--version", prog_name="vnbrief", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn Vietnamese news articles into PDF handouts and Markdown briefs.

    \b
    Example:
      vnbrief render examples/article.txt -o out/
    """


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder for the briefs (created if missing).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format; repeat for several (default: pdf and md).")
@click.option("--paper", type=click.Choice(PAPER_SIZES), default=None, help="Paper size (default a4).")
@click.option("--font", default=None, help="Font family: serif (default), sans, or a folder of .ttf files.")
@click.option("--template", default=None, help="Markdown template: a bundled name (brief) or a path.")
@read_options
@click.option("--translate", is_flag=True, default=None, help="Translate the article (see --to, --provider).")
@click.option("--layout", type=click.Choice(LAYOUTS), default=None,
              help="Translated brief: translation (default), bilingual (side by side) or original.")
@click.option("--translations", "translations_file", type=click.Path(dir_okay=False), default=None,
              help="Reviewed segments (from 'vnbrief translate') to use instead of machine translation.")
@translate_options
@common_options
def render(inputs: Sequence[str], output_dir: str, quiet: bool, debug: bool, **params) -> None:
    """Render each INPUT (a file, - for standard input, or a URL) as a PDF and a Markdown brief.

    Writes DIR/<input name>.pdf and DIR/<input name>.md (a translation: <name>.en.pdf, bilingual:
    <name>.vi-en.pdf). With several inputs, a failed one does not stop the others.

    \b
    Examples:
      vnbrief render examples/article.txt -o out/
      vnbrief render a.txt b.md -f pdf --font sans --paper letter
      cat article.txt | vnbrief render - -o out/
      vnbrief render article.txt --translate --layout bilingual
    """
    from .pipeline import export

    setup_logging(quiet, debug)
    if params.get("translations_file"):
        params["translate"] = True
    options = build_options(params)
    codes: List[int] = []
    for source in inputs:
        def action(source: str = source) -> None:
            for path in export(source, output_dir, options):
                if not quiet:
                    click.echo(str(path))
        codes.append(run_guarded(action, source, debug))
    if len(inputs) > 1 and any(codes) and not quiet:
        failed = sum(1 for c in codes if c)
        click.echo(f"{len(inputs) - failed} of {len(inputs)} inputs rendered, {failed} failed", err=True)
    sys.exit(worst(codes))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("source", metavar="INPUT")
@read_options
@common_options
def inspect(source: str, quiet: bool, debug: bool, **params) -> None:
    """Print the article found in INPUT as JSON: title, lead, body, captions, byline, author, date, source, url,
    lang, and input (path, format, encoding, repairs).

    \b
    Example:
      vnbrief inspect examples/article.txt
    """
    from .pipeline import read_article

    setup_logging(quiet, debug)
    options = build_options(params)

    def action() -> None:
        click.echo(json.dumps(read_article(source, options).to_dict(), ensure_ascii=False, indent=2))

    sys.exit(run_guarded(action, source, debug))


@cli.command("translate", epilog=EXIT_CODES_HELP)
@click.argument("source", metavar="INPUT")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Segments file to write: .json, .xlf (XLIFF 1.2) or .csv.")
@read_options
@translate_options
@common_options
def translate_cmd(source: str, output: str, quiet: bool, debug: bool, **params) -> None:
    """Machine-translate INPUT and write its segments (id, source, machine translation) for a person to review
    in a CAT tool (XLIFF) or a spreadsheet (CSV); render the reviewed file with 'render --translations FILE'.

    \b
    Example:
      vnbrief translate article.txt -o article.xlf
      vnbrief render article.txt --translations article.xlf
    """
    from .pipeline import read_article
    from .translate import translate_article, write_segments

    setup_logging(quiet, debug)
    options = replace(build_options(params), translate=True)

    def action() -> None:
        article = translate_article(read_article(source, options), options)
        write_segments(article, output)
        if not quiet:
            click.echo(output)

    sys.exit(run_guarded(action, source, debug))


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--system", "system", is_flag=True, help="Also check the system's TrueType fonts.")
@common_options
def fonts(system: bool, quiet: bool, debug: bool) -> None:
    """List the font families available for --font and whether each covers the 134 Vietnamese letters.

    \b
    Examples:
      vnbrief fonts
      vnbrief fonts --system
    """
    from .render import fonts as fontlib

    setup_logging(quiet, debug)

    def action() -> None:
        for key, family, missing in fontlib.available_families():
            verdict = "covers Vietnamese" if not missing else f"lacks {len(missing)} Vietnamese letters"
            click.echo(f"{key:8} {family.name:24} {verdict} (bundled)")
        if system:
            for name, path, missing in fontlib.system_families():
                verdict = "covers Vietnamese" if not missing else f"lacks {len(missing)} Vietnamese letters"
                click.echo(f"{'':8} {name:24} {verdict} ({path.parent})")

    sys.exit(run_guarded(action, "fonts", debug))


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point of the ``vnbrief`` console script."""
    try:
        cli.main(args=argv, prog_name="vnbrief", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Error: interrupted", err=True)
        sys.exit(130)
