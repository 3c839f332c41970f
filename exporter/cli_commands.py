"""The commands other than ``render``: ``inspect``, ``translate``, ``review``, ``digest``, ``config`` and ``fonts``.
The command group (:mod:`exporter.cli`) loads this module only when one of them is named or the commands are
listed, so that a render does not build their options (issue #18). Each command parses its options, builds the
Options object and calls the library; no other logic lives here."""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Optional, Sequence

import click

from .batch import DONE
from .batch.results import translation_summary
from .cli_batch import plan_batch, run_planned, stopped_early
from .cli_options import (
    BRIEF_TRANSLATION,
    EXIT_CODES_HELP,
    READING,
    Command,
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
from .cli_output import print_summary, run_guarded, say, value_or_exit, worst
from .config import settings_lines
from .options import SORT_ORDERS
from .pipeline import protect, read_article, strict_failure
from .protected import check_outputs
from .render import fonts as fontlib
from .render.base import EXTENSIONS


@click.command(cls=Command, epilog=EXIT_CODES_HELP,
               short_help="Print the article as vnbrief understands it, as JSON.")
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


@click.command("translate", cls=Command, epilog=EXIT_CODES_HELP,
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


@click.command("review", cls=Command, epilog=EXIT_CODES_HELP,
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


@click.command(cls=Command, epilog=EXIT_CODES_HELP,
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


@click.command("config", cls=Command, epilog=EXIT_CODES_HELP,
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


@click.command(cls=Command, epilog=EXIT_CODES_HELP,
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


#: Every command of this module, in the order of use.
COMMANDS = (digest, review_cmd, translate_cmd, inspect, config_cmd, fonts)
