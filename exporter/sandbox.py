"""Templates run in a box: Jinja's immutable sandbox (a template reads what it is given, calls nothing else and
changes nothing), and bounds of vnbrief's own, so that a template from elsewhere (a shared config, a cloned
repository) cannot hold a run forever or fill the memory:

- its work is bounded in time (:data:`TEMPLATE_SECONDS`): loops that never end (``range(10**5)`` inside another)
  are stopped with a usage error;
- what it prints is bounded in size (:data:`MAX_OUTPUT_CHARS`), and so are strings and lists made by ``*`` and
  numbers made by ``**``;
- Jinja's own limit on ``range`` (100,000) stays, reported as a usage error instead of a crash.

Used by the Markdown brief's templates and the openai provider's prompt template. Jinja is imported when the
first environment is made.
"""
from __future__ import annotations

import functools
import sys
import time
from typing import Any, Callable, Dict, Optional

#: Seconds a template may work on one brief or one prompt (the bundled ones take a few milliseconds).
TEMPLATE_SECONDS = 10.0
#: Characters a template may print, and the largest string or list its ``*`` may make.
MAX_OUTPUT_CHARS = 20_000_000
#: The largest exponent of ``**`` (and base × exponent digits are bounded by it too).
MAX_POWER = 1000


class TemplateLimit(Exception):
    """A template went past a bound of the box (the message says which)."""


@functools.lru_cache(maxsize=1)
def _bounded_class() -> Any:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Bounded(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and \
                            len(seq) * max(times, 0) > MAX_OUTPUT_CHARS:
                        raise TemplateLimit(f"'*' would make something of more than {MAX_OUTPUT_CHARS:,} items")
            elif operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
                raise TemplateLimit(f"'**' with an exponent over {MAX_POWER}")
            return super().call_binop(context, operator, left, right)

    return Bounded


def environment(**kwargs: Any) -> Any:
    """Jinja's immutable sandbox with the bounds above (``kwargs`` as for ``jinja2.Environment``)."""
    return _bounded_class()(**kwargs)


def render(template: Any, context: Dict[str, Any], *, timed: bool = True, seconds: Optional[float] = None) -> str:
    """``template`` rendered with ``context`` inside the bounds; :class:`TemplateLimit` when it goes past one
    (Jinja's range limit included). ``timed=False`` skips the time bound (the bundled templates: theirs)."""
    def produce() -> str:
        parts = []
        size = 0
        for piece in template.generate(**context):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"it prints more than {MAX_OUTPUT_CHARS:,} characters")
            parts.append(piece)
        return "".join(parts)

    try:
        return _within(produce, seconds or TEMPLATE_SECONDS) if timed else produce()
    except OverflowError as err:  # Jinja's sandbox: "Range too big"
        raise TemplateLimit(str(err).rstrip(".")) from None
    except MemoryError:
        raise TemplateLimit("it needs more memory than there is") from None


def _within(work: Callable[[], str], seconds: float) -> str:
    """``work()``, stopped with :class:`TemplateLimit` after ``seconds`` (a line counter checks the clock now and
    then; under a debugger or a coverage tool, which trace themselves, there is no time bound)."""
    if sys.gettrace() is not None:
        return work()
    deadline = time.monotonic() + seconds
    count = 0

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        if not count & 0x3FF and time.monotonic() > deadline:
            raise TemplateLimit(f"it worked for more than {seconds:g} s (a loop without end?)")
        return trace

    sys.settrace(trace)
    try:
        return work()
    finally:
        sys.settrace(None)
