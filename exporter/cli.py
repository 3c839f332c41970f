"""The ``vnbrief`` command: parse options, build the Options object, call the pipeline, and turn library errors
into one-line messages and exit codes. No other logic lives here."""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, List, Optional, Sequence

import click

from ._version import __version__
from .atomic import check_outputs
from .batch import DONE, planned_outputs, write_report
from .batch.results import translation_summary
from .cli_batch import plan_batch, run_planned, stopped_early
from .cli_options import (
    BRIEF_TRANSLATION,
    READING,
    common_options,
    config_option,
    feed_options,
    load_settings,
    option_group,
    page_options,
    read_options,
    settings_options,
    translate_options,
    write_options,
)
from .cli_output import (
    OptionError,
    UsageLine,
    finish,
    print_summary,
    respect_terminal,
    run_guarded,
    say,
    spare_last_collection,
    value_or_exit,
    worst,
)
from .config import settings_lines
from .errors import did_you_mean
from .interrupt import exit_status, signal_number, stop_signals_raise
from .options import SORT_ORDERS
from .pipeline import protect, read_article, strict_failure
from .render import fonts as fontlib
from .render.base import EXTENSIONS

EXIT_CODES_HELP = """Exit codes: 0 success; 1 unexpected error (a bug); 2 usage (bad option, setting, template or font
folder, or an output that would replace an input); 3 input cannot be read; 4 translation failed; 5 rendering or
writing failed; 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP."""


class Command(click.Command):
    """A vnbrief command: its help drawn by :mod:`exporter.cli_help` (options under headings by task)."""

    def get_help(self, ctx: click.Context) -> str:
        from .cli_help import help_screen

        return help_screen(self, ctx)


class Group(click.Group):
    """The vnbrief command group: commands listed in the order of use, help drawn by :mod:`exporter.cli_help`."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> List[str]:
        from .cli_help import ordered

        return ordered(list(self.commands))

    def resolve_command(self, ctx: click.Context, args: List[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = did_you_mean(name, self.list_commands(ctx))
            raise OptionError(f"no such command {name!r} (" + (f"did you mean {' or '.join(close)}?" if close else
                                                               "see 'vnbrief --help'") + ")")
        return super().resolve_command(ctx, args)

    def get_help(self, ctx: click.Context) -> str:
        from .cli_help import help_screen

        return help_screen(self, ctx)

    # A mistake on the command line (the group's or a command's) is one line, as every other error
    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as err:
            raise err if isinstance(err, UsageLine) else UsageLine(err) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise err if isinstance(err, UsageLine) else UsageLine(err) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "--version", prog_name="vnbrief", message="%(prog)s %(version)s")
def cli() -> None:
    """Turn Vietnamese news articles into printable PDF handouts and Markdown briefs, optionally translated.

    Every command has its own --help; the manual is in docs/ (docs/index.md).

    \b
    Examples:
      vnbrief render article.txt -o out/
      vnbrief digest https://vnexpress.net/rss/tin-moi-nhat.rss --since 24h -o diem-tin.pdf
      vnbrief render --help
    """


@cli.command(epilog=EXIT_CODES_HELP,
             short_help="Render articles (files, folders, pages, feeds) as PDF handouts and Markdown briefs.")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@settings_options
@click.option("-r", "--recursive", is_flag=True, help="With a folder as INPUT, also render its sub-folders.")
@click.option("--report", type=click.Path(dir_okay=False), default=None,
              help="Write a JSON report: per input, its outputs or its error (default: no report).")
@click.option("--skip-unchanged", is_flag=True,
              help="Skip inputs whose content and options have not changed since the last run into DIR.")
@write_options
@common_options
def render(inputs: Sequence[str], quiet: bool, debug: bool, recursive: bool, report: Optional[str],
           skip_unchanged: bool, force: bool, **params) -> None:
    """Render each INPUT as a PDF handout and a Markdown brief.

    INPUT is a file (text, Markdown, Word, a saved page), a folder, a glob pattern, - for standard input, a web
    page's address, or a news feed (each of its items). Writes DIR/<name>.pdf and DIR/<name>.md; translated,
    <name>.en.pdf; bilingual, <name>.vi-en.pdf. Several inputs are rendered in parallel: one that fails does not
    stop the others, and the exit code is the worst failure's.

    \b
    Examples:
      vnbrief render examples/article.txt -o out/
      vnbrief render a.txt b.md -f pdf --font sans --paper letter
      vnbrief render news/ --recursive -o out/ --jobs 4 --report out/report.json
      vnbrief render 'news/*.txt' -o out/ --skip-unchanged
      cat article.txt | vnbrief render - -o out/
      vnbrief render article.txt --translate --layout bilingual
      vnbrief render https://example.vn/rss/tin-moi.rss --since 24h -o out/
    """
    if params.get("translations_file"):
        params["translate"] = True
    settings = load_settings(params, debug)
    options, out_dir = settings.options(), settings.output_dir
    extra = [Path(report)] if report else []
    plan = plan_batch(inputs, options, recursive=recursive, exclude=[Path(out_dir)], config=settings.config_path,
                      outputs=lambda items: planned_outputs(items, out_dir, options) + extra, quiet=quiet, debug=debug,
                      stopped=lambda names, stop: stopped_early(names, stop, quiet, debug, report, out_dir, force))
    result = run_planned(plan, out_dir, options, verb="Rendering", subject=out_dir, quiet=quiet, debug=debug,
                         skip_unchanged=skip_unchanged, force=force)
    print_summary(result, quiet, always=len(plan.items) > 1 or bool(result.checks or any(result.tokens)))
    codes = [result.exit_code, plan.feed_code]
    if report:
        codes.append(run_guarded(lambda: write_report(Path(report), result, out_dir=out_dir, force=force,
                                                      protected=plan.guard), report, debug))
    sys.exit(result.exit_code if result.interrupted else worst(codes))


@cli.command(epilog=EXIT_CODES_HELP, short_help="Print the article as vnbrief understands it, as JSON.")
@click.argument("input_path", metavar="INPUT")
@read_options
@option_group("timeout")
@config_option
@common_options
def inspect(input_path: str, quiet: bool, debug: bool, **params) -> None:
    """Print the article found in INPUT as JSON.

    Its keys: title, lead, body, captions, images, byline, author, date, source, url, lang, notes, and input (path,
    format, encoding, repairs: what was changed on the way in).

    \b
    Example:
      vnbrief inspect examples/article.txt
    """
    options = load_settings(params, debug).options()

    def action() -> None:
        say(json.dumps(read_article(input_path, options).to_dict(), ensure_ascii=False, indent=2))

    sys.exit(run_guarded(action, input_path, debug))


@cli.command("translate", epilog=EXIT_CODES_HELP,
             short_help="Write an article's machine translation to a file for a person to review.")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Segments file to write: .json, .xlf (XLIFF 1.2), .csv or .tmx (TMX 1.4b, with the "
                   "translation memory).")
@read_options
@translate_options
@config_option
@write_options
@common_options
def translate_cmd(input_path: str, output: str, quiet: bool, debug: bool, force: bool, **params) -> None:
    """Machine-translate INPUT and write its segments for a person to review.

    The file (its format from its name: .xlf for a CAT tool, .csv for a spreadsheet, .json, or .tmx for a
    translation memory) holds each segment's id, source, machine translation and the checks' flags; render the
    reviewed file with 'vnbrief render INPUT --translations FILE'.

    \b
    Example:
      vnbrief translate article.txt -o article.xlf
      vnbrief render article.txt --translations article.xlf
      vnbrief translate article.txt -o memory.tmx
    """
    from .translate import article_segments, translate_segments
    from .translate.review import segment_format

    settings = load_settings(params, debug)
    options = replace(settings.options(), translate=True)
    code = run_guarded(lambda: segment_format(Path(output)), "", debug)  # before anything is read or sent
    if code:
        sys.exit(code)

    def action() -> None:
        guard = protect([input_path], options, also=[settings.config_path] if settings.config_path else [])
        check_outputs([output], guard)  # before the article is sent to the provider
        # written with --strict too: the check column says what to review
        article = translate_segments(read_article(input_path, options), options, output, protected=guard,
                                     force=force)
        if not quiet:
            say(output)
        tr = article.translation
        if tr is not None:
            summary = translation_summary(len(tr.checks), tr.tokens)
            if summary and not quiet:
                click.echo(f"{len(article_segments(article))} segments translated" + summary, err=True)
            if options.strict and tr.checks:
                raise strict_failure(tr)

    sys.exit(run_guarded(action, input_path, debug))


@cli.command("review", epilog=EXIT_CODES_HELP,
             short_help="Review a translation in your browser: edit, approve, save, render.")
@click.argument("inputs", nargs=-1, required=True, metavar="ARTICLE...")
@option_group("output_dir", "formats", "layout", "flags", "translations_file")
@read_options
@translate_options
@click.option("--reviewer", default=None, metavar="NAME",
              help="Who reviews: written with every edit and approval (default: your login name).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port of the page on 127.0.0.1 (0: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the page's address instead of opening the browser.")
@config_option
@write_options
@common_options
def review_cmd(inputs: Sequence[str], quiet: bool, debug: bool, force: bool, reviewer: Optional[str], port: int,
               no_browser: bool, **params) -> None:
    """Review the translation of each ARTICLE in your browser: a page on this computer only (127.0.0.1, with a
    secret token in its address) shows every segment, Vietnamese beside English, with the checks' flags, the
    glossary terms and names, and its state. Edit, approve or re-open segments, filter to the flagged or not yet
    approved ones, save (DIR/<name>.en.xlf, XLIFF with states, and the translation memory) and render the
    briefs. Stop with Ctrl-C.

    \b
    Examples:
      vnbrief review article.txt -o out/
      vnbrief review article.txt --translations article.xlf --provider openai --model qwen2.5:7b
      vnbrief review news/*.txt --reviewer "Lan" --no-browser
    """
    import getpass
    import webbrowser

    from .desk.server import DeskServer
    from .desk.session import Desk

    settings = load_settings(params, debug)
    options = settings.options()  # the desk translates: it sets translate itself
    def start() -> DeskServer:
        name = reviewer if reviewer is not None else getpass.getuser()
        desk = Desk(list(inputs), options, Path(settings.output_dir), reviewer=name,
                    review_file=params.get("translations_file"), force=force)
        return DeskServer(desk, port=port)

    server = value_or_exit(start, inputs[0] if len(inputs) == 1 else "", debug)
    click.echo(f"Review page: {server.url}")
    if not quiet:
        click.echo("Stop with Ctrl-C.", err=True)
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()  # until Ctrl-C (Werkzeug's loop ends quietly on it)
    except KeyboardInterrupt:
        pass
    unsaved = [r.title for r in server.desk.reviews if r.unsaved]
    if unsaved:
        click.echo(f"Stopped; not saved: {'; '.join(unsaved)}", err=True)
    sys.exit(0)


@cli.command(epilog=EXIT_CODES_HELP,
             short_help="Make one handout of many articles: cover, contents, bookmarks, page numbers.")
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
@page_options
@feed_options
@option_group(*READING, *BRIEF_TRANSLATION)
@translate_options
@config_option
@write_options
@common_options
def digest(inputs: Sequence[str], outputs: Sequence[str], digest_title: Optional[str], digest_date: Optional[str],
           sort: str, recursive: bool, quiet: bool, debug: bool, force: bool, **params) -> None:
    """Make one handout of every INPUT: files, folders, glob patterns, web pages, news feeds.

    The PDF has a cover with the title, the date and the headlines, a table of contents with page numbers, each
    article from a new page with its headline as running header, a bookmark per article, and pages numbered
    n / N; the Markdown digest has a linked table of contents. An input that cannot be read is reported and left
    out, and the exit code says so.

    \b
    Examples:
      vnbrief digest news/*.txt -o brief.pdf --title "Điểm tin sáng" --sort date
      vnbrief digest a.txt b.html https://example.org/c -o brief.pdf -o brief.md
      vnbrief digest news/ --translate --layout bilingual -o brief.vi-en.pdf
      vnbrief digest https://example.vn/rss/tin-moi.rss --since 24h --limit 10 -o brief.pdf
    """
    from .digest import make_digest, output_format, write_digest  # the digest subsystem, for this command only

    settings = load_settings(dict(params, output_dir=None), debug)
    options = settings.options()
    paths = [Path(o) for o in outputs] or [Path(settings.output_dir) / f"digest{EXTENSIONS[f]}"
                                           for f in options.formats]
    code = run_guarded(lambda: [output_format(p) for p in paths], "", debug)
    if code:
        sys.exit(code)
    plan = plan_batch(inputs, options, recursive=recursive, exclude=[p.parent for p in paths], outputs=lambda _: paths,
                      config=settings.config_path, quiet=quiet, debug=debug,
                      stopped=lambda names, stop: stopped_early(names, stop, quiet, debug))
    result = run_planned(plan, settings.output_dir, options, mode="read", verb="Reading", subject="", quiet=quiet,
                         debug=debug)
    print_summary(result, quiet, always=result.exit_code != 0 or bool(result.checks or any(result.tokens)))
    if result.interrupted:
        sys.exit(result.exit_code)
    articles = [o.article for o in result.outcomes if o.status == DONE and o.article is not None]
    if not articles:
        click.echo("Error: no input could be read: no digest written", err=True)
        sys.exit(result.exit_code)

    def action() -> None:
        handout = make_digest(articles, options, title=digest_title, date=digest_date, sort=sort)
        for path in write_digest(handout, paths, options, protected=plan.guard, force=force):
            if not quiet:
                say(str(path))

    code = run_guarded(action, str(paths[0]), debug)
    sys.exit(worst([code, result.exit_code, plan.feed_code]))


@cli.command("config", epilog=EXIT_CODES_HELP,
             short_help="Print the effective settings and where each came from.")
@settings_options
@common_options
def config_cmd(quiet: bool, debug: bool, **params) -> None:
    """Print the effective settings as a config file, each with where it came from.

    A setting comes from the command line, an environment variable (VNBRIEF_<KEY>, e.g. VNBRIEF_PAPER=letter),
    the config file, or the default, in that order. The config file is --config FILE, VNBRIEF_CONFIG, or the
    nearest vnbrief.toml (or pyproject.toml with a [tool.vnbrief] table) in this folder or a parent. Its keys are
    the settings printed here.

    \b
    Examples:
      vnbrief config
      vnbrief config > vnbrief.toml
      VNBRIEF_JOBS=2 vnbrief config --paper letter
    """
    settings = load_settings(params, debug)
    for line in settings_lines(settings):
        say(line)


@cli.command(epilog=EXIT_CODES_HELP,
             short_help="List the font families for --font and whether each covers Vietnamese.")
@click.option("--system", "system", is_flag=True, help="Also check the system's TrueType fonts.")
@common_options
def fonts(system: bool, quiet: bool, debug: bool) -> None:
    """List the font families available for --font and whether each covers Vietnamese.

    A family covers Vietnamese when it draws all 134 Vietnamese letters; --font also takes a folder of .ttf files.

    \b
    Examples:
      vnbrief fonts
      vnbrief fonts --system
    """

    def action() -> None:
        for key, family, missing in fontlib.available_families():
            verdict = "covers Vietnamese" if not missing else f"lacks {len(missing)} Vietnamese letters"
            say(f"{key:8} {family.name:24} {verdict} (bundled)")
        if system:
            for name, path, missing in fontlib.system_families():
                verdict = "covers Vietnamese" if not missing else f"lacks {len(missing)} Vietnamese letters"
                say(f"{'':8} {name:24} {verdict} ({path.parent})")

    sys.exit(run_guarded(action, "fonts", debug))


def main(argv: Optional[List[str]] = None) -> None:
    """Entry point of the ``vnbrief`` console script. Ctrl-C, SIGTERM and SIGHUP stop every command the same
    way: exit status 130, 143, 129 (a batch first writes its summary and report)."""
    respect_terminal()
    try:
        with stop_signals_raise():
            try:
                code = cli.main(args=argv, prog_name="vnbrief", standalone_mode=False)
            except click.exceptions.Abort as abort:  # click's form of a KeyboardInterrupt
                stop = abort.__context__ if isinstance(abort.__context__, KeyboardInterrupt) else KeyboardInterrupt()
                raise stop from None
            except SystemExit as done:  # a command's own exit status
                code = done.code
    except KeyboardInterrupt as stop:
        click.echo("Error: interrupted", err=True)
        code = exit_status(signal_number(stop))
    except click.exceptions.Exit as done:
        code = finish(done.exit_code)
    except click.ClickException as err:
        err.show()
        code = err.exit_code
    else:
        code = finish(code if isinstance(code, int) else 0)
    if argv is None:  # the program ends here, not a caller of main()
        spare_last_collection()
    sys.exit(code)

