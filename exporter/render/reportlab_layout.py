"""ReportLab's layout modules (``reportlab.platypus``), loaded once per process without the two regular
expressions they compile at import and vnbrief never uses.

Importing ReportLab's layout compiles, among its expressions, one that finds web addresses in a paragraph
(``paragraph.uri_pat``, used only to break a long address with ``uriWasteReduce``, which vnbrief's styles leave
off) and one that splits Chinese, Japanese and Korean text (``textsplit.rx``, used only by ``cjkwrap``). Each
spans most of Unicode, the first without regard to case: compiling them took 60-75 ms of every process's
start on the benchmarks' machine, a sixth of a cold ``vnbrief render`` (issue #18). :func:`load` has
:func:`exporter.text.lazy_re.defer` stand a pattern compiled on first use in their place, so that they cost
nothing unless used, and are then the same expressions.

The texts below are ReportLab's own (``reportlab/platypus/paragraph.py``, after Django's URL validator, and
``reportlab/lib/textsplit.py``), with their flags: the deferral works only while they are character for character
what the installed ReportLab compiles. When an upgrade changes one, that expression is compiled at import as
before (a slower start, the same result) and ``tests/test_lazy_re.py`` says which to update.
"""
from __future__ import annotations

import re
import sys

from ..text import lazy_re

#: (text, flags) of each expression deferred.
DEFERRED = (
    ("(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
     "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|"
     "([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?"
     "(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)"
     "\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z", re.I),
    ("([\u2e80-\uffff])", re.UNICODE),
)


def load() -> None:
    """Import ``reportlab.platypus`` (once per process; later calls cost a lookup), its unused expressions
    deferred."""
    if "reportlab.platypus" in sys.modules:
        return
    for pattern, flags in DEFERRED:
        lazy_re.defer(pattern, flags)
    import reportlab.platypus  # noqa: F401
