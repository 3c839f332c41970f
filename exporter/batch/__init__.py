"""Batches: many inputs rendered in worker processes, one failure never stopping the others.

:func:`collect_inputs` turns what the user typed (files, folders, glob patterns, URLs, ``-``) into inputs, each
with an output stem that no other input of the batch shares. :func:`run_batch` reads, translates and renders
them, in ``jobs`` worker processes, and reports each :class:`Outcome` as it arrives. The library prints nothing:
the caller shows progress from the ``on_outcome`` callback.

Writing: a worker writes the briefs of a file input itself (their names were planned up front), each through a
temporary file and a rename, behind the next article's render (:class:`~.worker.WriteBehind`: the sync to the
disk overlaps it; the article is told only once its briefs are in place); briefs of standard input and URLs,
named after the headline, are written by the parent, which alone knows which names are taken. Workers ignore
Ctrl-C: on the first one the parent cancels what has not started and lets the articles in progress finish, so no
partial file is ever left; a second Ctrl-C stops the workers at once and removes their temporary files.

Modules: :mod:`.inputs` (collecting, naming), :mod:`.worker` (one input), :mod:`.run` (the batch, Ctrl-C),
:mod:`.state` (``--skip-unchanged``), :mod:`.results` (outcomes, report).
"""
from __future__ import annotations

from ..interrupt import deferred_interrupt
from .inputs import Input, collect_inputs, folder_files, plan_stems
from .results import (
                      DONE,
                      FAILED,
                      NOT_DONE,
                      RENDERED,
                      SKIPPED,
                      BatchResult,
                      Outcome,
                      error_text,
                      worst_exit_code,
                      write_report,
)
from .run import check_output_folder, planned_outputs, run_batch, worker_count
from .state import STATE_FILE, State, input_key, options_key
from .worker import READ, RENDER, write_outputs

__all__ = [
    "Input", "collect_inputs", "folder_files", "plan_stems", "Outcome", "BatchResult", "error_text",
    "worst_exit_code", "write_report", "run_batch", "planned_outputs", "check_output_folder", "worker_count",
    "State", "STATE_FILE",
    "options_key", "input_key", "deferred_interrupt", "write_outputs", "RENDER", "READ", "RENDERED", "DONE",
    "SKIPPED", "FAILED", "NOT_DONE",
]
