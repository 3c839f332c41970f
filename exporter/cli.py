"""The ``vnbrief`` command: parse options, build the Options object, call the pipeline, and turn library errors
into one-line messages and exit codes. No other logic lives here."""
from __future__ import annotations

import contextlib
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

SORT_ORDERS = ("given", "date", "newest")  # exporter.digest.SORT_ORDERS, here to keep the digest module unloaded

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


def _encoding_name(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """Check ``--encoding`` before anything is read: an unknown name is a usage error (exit 2)."""
    if value is None:
        return None
    from .read.encoding import canonical_encoding

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
        click.option("--encoding", callback=_encoding_name, metavar="NAME",
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
    from .config import known_keys

    known = set(known_keys())
    values = {k: v for k, v in params.items() if k in known and v is not None and v != ()}
    if "formats" in values:
        values["formats"] = tuple(dict.fromkeys(values["formats"]))  # type: ignore[arg-type]
    return values


def resolve_settings(params: Dict[str, object]):
    """The effective settings: command line > VNBRIEF_* environment > config file > defaults."""
    from .config import resolve

    return resolve(command_line_values(params), config=params.get("config_file"))  # type: ignore[arg-type]


def build_options(params: Dict[str, object]) -> Options:
    """The Options object from the command's parameters, the environment and the config file."""
    return resolve_settings(params).options()


def load_settings(params: Dict[str, object], debug: bool):
    """:func:`resolve_settings`, or exit 2 with a one-line message naming the file or variable at fault."""
    found: list = []
    code = run_guarded(lambda: found.append(resolve_settings(params)), "", debug)
    if code:
        sys.exit(code)
    return found[0]


@contextlib.contextmanager
def progress(total: int, quiet: bool, label: str, stream=None):
    """A progress bar on standard error when it is a terminal (not with -q, not for one input); yields the
    function that advances it."""
    stream = stream if stream is not None else sys.stderr
    if quiet or total < 2 or not stream.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=stream, show_pos=True, show_eta=True) as bar:
        yield lambda: bar.update(1)


def batch_outcome_printer(quiet: bool, debug: bool, advance: Callable[[], None]):
    """The ``on_outcome`` callback of a batch: the paths written on standard output, each failure as its
    one-line error on standard error (with the worker's traceback under --debug)."""
    from .batch import FAILED

    def show(outcome) -> None:
        if outcome.status == FAILED:
            if debug and outcome.traceback:
                click.echo(outcome.traceback.rstrip(), err=True)
            click.echo(fail_message(outcome.error, outcome.source), err=True)
        elif not quiet:
            for path in outcome.outputs if outcome.status != "skipped" else ():
                click.echo(path)
        advance()

    return show


def print_summary(result, quiet: bool, *, always: bool) -> None:
    """``3 of 4 inputs rendered, 1 failed:`` and each failure's reason, on standard error."""
    from .batch import FAILED, error_text

    if result.interrupted:
        click.echo(f"Interrupted: {result.summary()}", err=True)
    elif quiet or not always:
        return
    else:
        failed = [o for o in result.outcomes if o.status == FAILED]
        click.echo(result.summary() + (":" if failed else ""), err=True)
        for outcome in failed:
            click.echo(f"  {error_text(outcome.error, outcome.source)}", err=True)


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
@settings_options
@click.option("-r", "--recursive", is_flag=True, help="With a folder as INPUT, also render its sub-folders.")
@click.option("--report", type=click.Path(dir_okay=False), default=None,
              help="Write a JSON report: per input, its outputs or its error.")
@click.option("--skip-unchanged", is_flag=True,
              help="Skip inputs whose content and options have not changed since the last run into DIR.")
@common_options
def render(inputs: Sequence[str], quiet: bool, debug: bool, recursive: bool, report: Optional[str],
           skip_unchanged: bool, **params) -> None:
    """Render each INPUT (a file, a folder, a glob pattern, - for standard input, or a URL) as a PDF and a
    Markdown brief.

    Writes DIR/<input name>.pdf and DIR/<input name>.md (a translation: <name>.en.pdf, bilingual:
    <name>.vi-en.pdf); inputs of the same name from different folders get the folder in their name
    (news-a.pdf, sport-a.pdf). Several inputs are rendered in --jobs worker processes (default: one per CPU);
    a failed one does not stop the others, and the exit code is the worst failure's.

    \b
    Examples:
      vnbrief render examples/article.txt -o out/
      vnbrief render a.txt b.md -f pdf --font sans --paper letter
      vnbrief render news/ --recursive -o out/ --jobs 4 --report out/report.json
      vnbrief render 'news/*.txt' -o out/ --skip-unchanged
      cat article.txt | vnbrief render - -o out/
      vnbrief render article.txt --translate --layout bilingual
    """
    from .batch import collect_inputs, run_batch, write_report

    setup_logging(quiet, debug)
    if params.get("translations_file"):
        params["translate"] = True
    settings = load_settings(params, debug)
    options, out_dir = settings.options(), settings.output_dir
    items = collect_inputs(inputs, recursive=recursive, exclude=[Path(out_dir)])
    results: list = []
    with progress(len(items), quiet, "Rendering") as advance:
        code = run_guarded(lambda: results.append(run_batch(
            items, out_dir, options, jobs=options.jobs, skip_unchanged=skip_unchanged,
            on_outcome=batch_outcome_printer(quiet, debug, advance))), out_dir, debug)
    if code:
        sys.exit(code)
    result = results[0]
    print_summary(result, quiet, always=len(items) > 1)
    codes = [result.exit_code]
    if report:
        codes.append(run_guarded(lambda: write_report(Path(report), result, out_dir=out_dir), report, debug))
    sys.exit(130 if result.interrupted else worst(codes))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("input_path", metavar="INPUT")
@read_options
@config_option
@common_options
def inspect(input_path: str, quiet: bool, debug: bool, **params) -> None:
    """Print the article found in INPUT as JSON: title, lead, body, captions, byline, author, date, source, url,
    lang, and input (path, format, encoding, repairs).

    \b
    Example:
      vnbrief inspect examples/article.txt
    """
    from .pipeline import read_article

    setup_logging(quiet, debug)
    options = load_settings(params, debug).options()

    def action() -> None:
        import json

        click.echo(json.dumps(read_article(input_path, options).to_dict(), ensure_ascii=False, indent=2))

    sys.exit(run_guarded(action, input_path, debug))


@cli.command("translate", epilog=EXIT_CODES_HELP)
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Segments file to write: .json, .xlf (XLIFF 1.2) or .csv.")
@read_options
@translate_options
@config_option
@common_options
def translate_cmd(input_path: str, output: str, quiet: bool, debug: bool, **params) -> None:
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
    options = replace(load_settings(params, debug).options(), translate=True)

    def action() -> None:
        article = translate_article(read_article(input_path, options), options)
        write_segments(article, output)
        if not quiet:
            click.echo(output)

    sys.exit(run_guarded(action, input_path, debug))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="The digest: FILE.pdf or FILE.md; repeat for both (default: digest.pdf and digest.md in the "
                   "output_dir of the config file, or here).")
@click.option("--title", "digest_title", default=None,
              help="Title on the cover (default: Điểm tin; News digest when translated to English).")
@click.option("--date", "digest_date", default=None, help="Date on the cover (default: today).")
@click.option("--sort", type=click.Choice(SORT_ORDERS), default="given", show_default=True,
              help="Order of the articles: as given, by date (oldest first) or newest first.")
@click.option("-r", "--recursive", is_flag=True, help="With a folder as INPUT, also read its sub-folders.")
@click.option("--paper", type=click.Choice(PAPER_SIZES), default=None, help="Paper size (default a4).")
@click.option("--font", default=None, help="Font family: serif (default), sans, or a folder of .ttf files.")
@click.option("--encoding", callback=lambda c, p, v: _encoding_name(c, p, v), metavar="NAME",
              help="Read inputs in this encoding instead of detecting it.")
@click.option("--tone-style", type=click.Choice(TONE_STYLES), default=None,
              help="Tone mark placement: keep as written (default), old (hòa, thủy) or new (hoà, thuỷ).")
@click.option("--translate", is_flag=True, default=None, help="Translate the articles (see --to, --provider).")
@click.option("--layout", type=click.Choice(LAYOUTS), default=None,
              help="Translated digest: translation (default), bilingual (side by side) or original.")
@translate_options
@config_option
@common_options
def digest(inputs: Sequence[str], outputs: Sequence[str], digest_title: Optional[str], digest_date: Optional[str],
           sort: str, recursive: bool, quiet: bool, debug: bool, **params) -> None:
    """Make one handout of every INPUT (files, folders, glob patterns, URLs): a cover with the title, the date
    and the headlines, a table of contents with page numbers, each article from a new page with its headline
    as running header, a bookmark per article, and pages numbered n / N. The Markdown digest has a linked
    table of contents. An input that cannot be read is reported and left out; the exit code says so.

    \b
    Examples:
      vnbrief digest news/*.txt -o brief.pdf --title "Điểm tin sáng" --sort date
      vnbrief digest a.txt b.html https://example.org/c -o brief.pdf -o brief.md
      vnbrief digest news/ --translate --layout bilingual -o brief.vi-en.pdf
    """
    from .batch import DONE, collect_inputs, run_batch
    from .digest import make_digest, output_format, write_digest
    from .render.base import EXTENSIONS

    setup_logging(quiet, debug)
    settings = load_settings(dict(params, output_dir=None), debug)
    options = settings.options()
    paths = [Path(o) for o in outputs] or [Path(settings.output_dir) / f"digest{EXTENSIONS[f]}"
                                           for f in options.formats]
    code = run_guarded(lambda: [output_format(p) for p in paths], "", debug)
    if code:
        sys.exit(code)
    items = collect_inputs(inputs, recursive=recursive, exclude=[p.parent for p in paths])
    results: list = []
    with progress(len(items), quiet, "Reading") as advance:
        code = run_guarded(lambda: results.append(run_batch(
            items, settings.output_dir, options, mode="read", jobs=options.jobs,
            on_outcome=batch_outcome_printer(quiet, debug, advance))), "", debug)
    if code:
        sys.exit(code)
    result = results[0]
    print_summary(result, quiet, always=result.exit_code != 0)
    if result.interrupted:
        sys.exit(130)
    articles = [o.article for o in result.outcomes if o.status == DONE]
    if not articles:
        click.echo("Error: no input could be read: no digest written", err=True)
        sys.exit(result.exit_code)

    def action() -> None:
        handout = make_digest(articles, options, title=digest_title, date=digest_date, sort=sort)
        for path in write_digest(handout, paths, options):
            if not quiet:
                click.echo(str(path))

    code = run_guarded(action, str(paths[0]), debug)
    sys.exit(worst([code, result.exit_code]))


@cli.command("config", epilog=EXIT_CODES_HELP)
@settings_options
@common_options
def config_cmd(quiet: bool, debug: bool, **params) -> None:
    """Print the effective settings as a config file, each with where it came from: the command line, an
    environment variable (VNBRIEF_<KEY>, e.g. VNBRIEF_PAPER=letter), the config file, or the default.

    The config file is --config FILE, VNBRIEF_CONFIG, or the nearest vnbrief.toml (or pyproject.toml with a
    [tool.vnbrief] table) in this folder or a parent. Its keys are the settings printed here.

    \b
    Examples:
      vnbrief config
      vnbrief config > vnbrief.toml
      VNBRIEF_JOBS=2 vnbrief config --paper letter
    """
    from .config import settings_lines

    setup_logging(quiet, debug)
    settings = load_settings(params, debug)
    for line in settings_lines(settings):
        click.echo(line)


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
