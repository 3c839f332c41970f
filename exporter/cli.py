"""The ``vnbrief`` command: parse options, build the Options object, call the pipeline, and turn library errors
into one-line messages and exit codes. No other logic lives here."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, List, Optional, Sequence

import click

from ._version import __version__
from .batch import planned_outputs, write_report
from .cli_batch import plan_batch, run_planned, stopped_early
from .cli_options import EXIT_CODES_HELP, Command, common_options, load_settings, settings_options, write_options
from .cli_output import (
    OptionError,
    UsageLine,
    finish,
    print_summary,
    respect_terminal,
    run_guarded,
    spare_last_collection,
    worst,
)
from .errors import did_you_mean
from .interrupt import exit_status, signal_number, stop_signals_raise

#: The commands of :mod:`exporter.cli_commands`, built only when one of them is named or the commands are listed:
#: a render does not build their options (issue #18).
LATER = ("digest", "review", "translate", "inspect", "config", "fonts")


class Group(click.Group):
    """The vnbrief command group: commands listed in the order of use, help drawn by :mod:`exporter.cli_help`."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> List[str]:
        from .cli_help import ordered

        return ordered([*self.commands, *(name for name in LATER if name not in self.commands)])

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name in LATER and cmd_name not in self.commands:
            from .cli_commands import COMMANDS

            for command in COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)

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

