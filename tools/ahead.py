"""Writes what is compiled ahead:

- exporter/ahead/methods.py: the source of the methods ``dataclasses`` generates for every class decorated with
  :func:`exporter.ahead.dataclass`, verbatim, as the running Python writes it (see :mod:`exporter.ahead`);
- exporter/render/md_ahead.py: the bundled Markdown templates compiled into Python that runs without Jinja
  (written by tools/ahead_templates.py; see :mod:`exporter.render.md_runtime`).

Run it after changing such a class (a field, its options, the decorator's arguments), the Python version the
package is developed on, or a bundled Markdown template; ``tests/test_ahead.py`` and ``tests/test_md_ahead.py`` fail
until it has been run. A stale file is never wrong, only slower: a class whose definition no longer matches is made
by ``dataclasses`` as usual, a template whose files changed is rendered by Jinja.

Usage: python tools/ahead.py [--check]   (--check: exit 1, saying so, when a file is not what it would write)
"""
from __future__ import annotations

import argparse
import builtins
import dataclasses
import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "exporter" / "ahead" / "methods.py"
#: A module that decorates with exporter.ahead's dataclass imports it by one of these lines.
_USES = re.compile(r"^from (?:\.+|exporter\.)ahead import dataclass\b", re.MULTILINE)


def modules() -> List[str]:
    """The package's modules that decorate with :func:`exporter.ahead.dataclass`, in path order."""
    found = []
    for path in sorted((ROOT / "exporter").rglob("*.py")):
        if _USES.search(path.read_text(encoding="utf-8")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def capture() -> Dict[str, Tuple[Any, bool, List[str]]]:
    """Imports those modules with :mod:`exporter.ahead` bypassed, recording for each decorated class its shape,
    whether ``dataclasses`` set its ``__hash__`` to None, and the source of every method it wrote, in order."""
    sys.path.insert(0, str(ROOT))
    # methods.py itself is not read (it may be stale, or broken): every class is made by dataclasses, whose source
    # is recorded here.
    sys.modules["exporter.ahead.methods"] = types.ModuleType("exporter.ahead.methods")
    sys.modules["exporter.ahead.methods"].__dict__.update(PYTHON=(0, 0), CLASSES={})
    ahead = importlib.import_module("exporter.ahead")
    found: Dict[str, Tuple[Any, bool, List[str]]] = {}
    texts: List[str] = []
    process = ahead._process

    def recording(cls: type, params: Dict[str, Any]) -> type:
        texts.clear()
        name = f"{cls.__module__}.{cls.__qualname__}"
        shape = ahead.shape(cls, params)
        made = process(cls, params)
        if shape is None:
            raise SystemExit(f"{name}: exporter.ahead cannot take this class (see exporter.ahead.shape)")
        found[name] = (shape, made.__dict__.get("__hash__", 0) is None, list(texts))
        return made

    def exec_recorded(source: Any, *args: Any) -> None:
        if isinstance(source, str) and source.startswith("def __create_fn__("):
            texts.append(source)
        builtins.exec(source, *args)

    ahead._process = recording
    dataclasses.exec = exec_recorded  # type: ignore[attr-defined]  # the name dataclasses._create_fn calls
    try:
        for module in modules():
            importlib.import_module(module)
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
        ahead._process = process
    return found


def source() -> str:
    """The text of exporter/ahead/methods.py."""
    lines = [
        f'"""The methods of the classes decorated with exporter.ahead.dataclass, as Python {sys.version_info[0]}.'
        f'{sys.version_info[1]}\'s dataclasses',
        'writes them, verbatim. Written by ``python tools/ahead.py``: do not edit."""',
        "# mypy: ignore-errors",
        "",
        f"PYTHON = {tuple(sys.version_info[:2])!r}",
        "",
    ]
    entries = []
    count = 0
    for name, (shape, hash_none, texts) in sorted(capture().items()):
        makers = []
        for text in texts:
            lines += ["", text, f"_{count} = __create_fn__"]
            makers.append(f"_{count}")
            count += 1
        entries.append(f"    {name!r}: (\n        {shape!r},\n        {hash_none!r}, ({', '.join(makers)},)),")
    lines += ["", "del __create_fn__", "", "#: Class → (its shape, __hash__ set to None, the makers of its methods).",
              "CLASSES = {", *entries, "}", ""]
    return "\n".join(lines)


#: The Python versions whose dataclasses write each method with _create_fn, one ``def __create_fn__(…)`` per
#: method, as exporter.ahead expects (checked against 3.11's dataclasses.py; Python 3.13 writes all of a class's
#: methods in one text). Another version: read its dataclasses.py and extend exporter.ahead before adding it here.
KNOWN = {(3, 11)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is current")
    args = parser.parse_args()
    if sys.version_info[:2] not in KNOWN:
        print(f"tools/ahead.py knows how Python {', '.join('%d.%d' % v for v in sorted(KNOWN))} writes dataclass "
              f"methods, not {sys.version_info[0]}.{sys.version_info[1]}: see KNOWN", file=sys.stderr)
        return 2
    templates = _templates_compiler()
    stale = 0
    for target, text in ((TARGET, source()), (templates.TARGET, templates.source())):
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if text == current:
            continue
        if args.check:
            print(f"{target.relative_to(ROOT)} is stale: run python tools/ahead.py", file=sys.stderr)
            stale = 1
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    return stale


def _templates_compiler() -> Any:
    """tools/ahead_templates.py, loaded from beside this file (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("ahead_templates", Path(__file__).with_name("ahead_templates.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    sys.exit(main())
