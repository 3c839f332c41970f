"""The batch set-up that ``vnbrief render`` and ``vnbrief digest`` share: feeds among the inputs expanded into
their articles' addresses, folders and patterns into files, every planned output checked against what the run may
not touch, then the batch run in worker processes with one progress display; a stop signal while planning still
ends with the summary (and the report)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, NoReturn, Optional, Sequence, Tuple

import click

from .batch import NOT_DONE, BatchResult, Outcome, collect_inputs, run_batch, write_report
from .batch.inputs import Input
from .cli_output import batch_outcome_printer, print_summary, progress, run_guarded, value_or_exit
from .interrupt import signal_number
from .options import Options, parallelism, parse_since
from .pipeline import protect
from .protected import Protected, check_outputs
from .read.feed_names import names_feed

#: Downloads from one site at a time when a feed lists its articles (polite crawlers keep to one or two).
PER_SITE = 2


def read_feeds(inputs: Sequence[str], options: Options, quiet: bool) -> Tuple[List[str], int, int, Dict[str, str]]:
    """The inputs with each news feed among them replaced by the addresses of the items it lists (filtered by
    --since, --limit, --match; repeats left out); a line per feed on stderr. Returns the inputs, the exit code
    of the feeds that could not be read (0 when all were), how many worker processes keep within
    :data:`PER_SITE` downloads a site (0: no feed, no limit), and each item's feed (what the user named for it)."""
    if not any(names_feed(spec) for spec in inputs):
        return list(inputs), 0, 0, {}
    # Seam to the feed reader: loaded only when an input names a feed (the check above is the cheap one).
    from .read.feeds import expand_feeds, hosts

    since = parse_since(options.since) if options.since else None
    specs, reports = expand_feeds(inputs, timeout=options.timeout, since=since, limit=options.limit,
                                  match=options.match, jobs=parallelism(options.jobs, len(inputs))[0] * PER_SITE,
                                  allowed=options.allow_private_hosts)
    named_by = {link: report.feed for report in reports for link in report.links}
    code = 0
    for report in reports:
        if report.error is not None:
            click.echo(f"Error: {report.error}", err=True)
            code = int(report.error.exit_code)
        elif not quiet:
            click.echo(f"{report.feed}: {report.taken} of {report.listed} items"
                       + (f" ({report.title})" if report.title else ""), err=True)
    return specs, code, max(1, hosts(specs)) * PER_SITE, named_by


def with_feeds(inputs: Sequence[str], options: Options, quiet: bool,
               debug: bool) -> Tuple[List[str], int, int, Dict[str, str]]:
    """:func:`read_feeds`, exiting with its one-line message for a usage error."""
    return value_or_exit(lambda: read_feeds(inputs, options, quiet), "", debug)


class Plan(NamedTuple):
    """A batch ready to run: its inputs, the exit code of the feeds that could not be read, how many workers keep
    within :data:`PER_SITE` downloads a site (0: no limit), and what the run may not write."""

    items: List[Input]
    feed_code: int
    site_jobs: int
    guard: Protected


def plan_batch(inputs: Sequence[str], options: Options, *, recursive: bool, exclude: Sequence[Path],
               outputs: Callable[[List[Input]], List[Path]], config: Optional[Path], quiet: bool, debug: bool,
               stopped: Callable[[List[str], KeyboardInterrupt], NoReturn]) -> Plan:
    """Expand the feeds, collect the inputs (leaving out ``exclude`` folders), and check the ``outputs`` planned for
    them; a usage error exits with its message, a stop signal calls ``stopped`` with what was named so far."""
    names = list(inputs)
    try:  # planning: a stop signal here still ends with the summary (and the report)
        inputs, feed_code, site_jobs, named_by = with_feeds(inputs, options, quiet, debug)
        names = list(inputs)
        items = collect_inputs(inputs, recursive=recursive, exclude=list(exclude), named_by=named_by)
        names = [i.source for i in items]
        guard = plan_outputs(items, outputs(items), options, config, debug)
    except KeyboardInterrupt as stop:
        stopped(names, stop)
    return Plan(items, feed_code, site_jobs, guard)


def run_planned(plan: Plan, out_dir: str, options: Options, *, verb: str, subject: str, quiet: bool, debug: bool,
                **batch: Any) -> BatchResult:
    """Run the planned batch with a progress display named by ``verb``; a library error exits with its message
    (about ``subject``)."""
    with progress(len(plan.items), quiet, verb) as advance:
        return value_or_exit(lambda: run_batch(
            plan.items, out_dir, options, jobs=_jobs(options, len(plan.items), plan.site_jobs), protected=plan.guard,
            on_outcome=batch_outcome_printer(quiet, debug, advance), **batch), subject, debug)


def plan_outputs(items: Sequence, outputs: Sequence[Path], options: Options, config: Optional[Path],
                 debug: bool) -> Protected:
    """What the run may not write (its inputs, what they own, the files its settings name), computed once, and
    every planned output checked against it before anything is rendered; exit 2 (or 5 for an output that is a
    device, pipe or folder) with the one-line message otherwise."""
    def plan() -> Protected:
        guard = protect([i.source for i in items if i.error is None], options, also=[config] if config else [])
        check_outputs(outputs, guard)
        return guard

    return value_or_exit(plan, "", debug)


def stopped_early(names: Sequence[str], stop: KeyboardInterrupt, quiet: bool, debug: bool,
                  report: Optional[str] = None, out_dir: str = "", force: bool = False) -> NoReturn:
    """A stop signal before any input was started (reading feeds, finding files, planning): the summary and the
    report say that nothing was done, then exit 130, 143 or 129."""
    result = BatchResult([Outcome(name, NOT_DONE) for name in names], True, signal=signal_number(stop))
    print_summary(result, quiet, always=True)
    if report:
        run_guarded(lambda: write_report(Path(report), result, out_dir=out_dir, force=force), report, debug)
    sys.exit(result.exit_code)


def _jobs(options: Options, tasks: int, site_jobs: int) -> int:
    """``--jobs`` for a batch, kept within :data:`PER_SITE` downloads a site when feeds listed the inputs."""
    if not site_jobs:
        return options.jobs
    return min(parallelism(options.jobs, tasks)[0], site_jobs)
