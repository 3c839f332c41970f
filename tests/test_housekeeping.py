"""Words about the code that must stay true: a ``noqa`` only names a rule the project enables, every library the
package imports is a declared dependency, and a declared dependency the package never imports says why it is
there."""
from __future__ import annotations

import ast
import re
import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = ROOT / "pyproject.toml"
# distribution name → the top-level modules it installs, where they differ
IMPORT_NAMES = {"pyyaml": {"yaml"}, "fonttools": {"fontTools"}, "deep-translator": {"deep_translator"},
                "python-docx": {"docx"}, "markdown-it-py": {"markdown_it"}, "pillow": {"PIL"}, "jinja2": {"jinja2"},
                "lxml-html-clean": {"lxml_html_clean"}, "rich-click": {"rich_click"}}


def _python_files():
    return [p for folder in ("exporter", "tests", "benchmarks") for p in (ROOT / folder).rglob("*.py")
            if "fixtures" not in p.parts]


def _dependencies():
    """(line of pyproject.toml, distribution name, import names) for each runtime dependency."""
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    lines = [line.strip() for line in PYPROJECT.read_text(encoding="utf-8").splitlines()]
    found = []
    for spec in declared:
        name = re.split(r"[<>=;!~ \[]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")
        line = next(line for line in lines if line.startswith('"' + spec.split('"')[0]))
        found.append((line, name, IMPORT_NAMES.get(name, {name.replace("-", "_")})))
    return found


def _package_imports():
    """Top-level names of everything the package imports (at module level or inside functions)."""
    names = set()
    for path in (ROOT / "exporter").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_noqa_names_only_enabled_rules():
    selected = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]["select"]
    codes = {(str(path.relative_to(ROOT)), code) for path in _python_files()
             for code in re.findall(r"#\s*noqa:\s*([A-Z]+[0-9]+)", path.read_text(encoding="utf-8"))}
    assert codes, "the check found no noqa at all: is the pattern right?"
    assert sorted((where, code) for where, code in codes
                  if not any(code.startswith(rule) and code[len(rule):].isdigit() for rule in selected)) == []


def test_every_imported_library_is_declared():
    declared = set().union(*(names for _, _, names in _dependencies()))
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    assert sorted(_package_imports() - declared - stdlib - {"exporter"}) == []


def test_a_dependency_the_package_does_not_import_says_why():
    imported = _package_imports()
    unexplained = [line.strip() for line, _, names in _dependencies() if not names & imported and "#" not in line]
    assert unexplained == []


_ROLE = re.compile(r":(?:func|mod|class|data|attr|meth|exc):`~?(\.*[\w.]+)`")


def _resolves(name: str, module) -> bool:
    """Whether a docstring's cross-reference names something that exists: a module, or an object in one (looked
    up as written, relative to the module and to its package), or an attribute of one of the module's classes."""
    import importlib
    import inspect

    package = module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]
    if name.startswith("."):
        level = len(name) - len(name.lstrip("."))
        base = package.split(".")[:len(package.split(".")) - level + 1]
        candidates = [".".join(base + [name.lstrip(".")])]
    else:
        candidates = [name, f"{module.__name__}.{name}", f"{package}.{name}", f"builtins.{name}"]
    for candidate in candidates:
        bits = candidate.split(".")
        for cut in range(len(bits), 0, -1):
            try:
                found = importlib.import_module(".".join(bits[:cut]))
            except ImportError:
                continue
            try:
                for bit in bits[cut:]:
                    found = getattr(found, bit)
            except AttributeError:
                break
            return True
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
    return "." not in name and any(hasattr(c, name) or name in getattr(c, "__dataclass_fields__", {})
                                   or name in getattr(c, "__annotations__", {}) for c in classes)


def test_docstring_cross_references_name_what_exists():
    import importlib

    broken = []
    for path in sorted((ROOT / "exporter").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        broken += [f"{name}: {ref}" for ref in _ROLE.findall(path.read_text(encoding="utf-8"))
                   if not _resolves(ref, module)]
    assert broken == []


def test_every_xml_reader_goes_through_the_safe_parser():
    parsing = re.compile(r"\b(?:etree|ET|ElementTree|SafeET|minidom|expat|sax)\.(?:fromstring|parse|iterparse|XML|"
                         r"XMLParser|parseString|make_parser)\b|\bimport (?:defusedxml|xml\.sax|xml\.dom)")
    found = [str(path.relative_to(ROOT)) for path in (ROOT / "exporter").rglob("*.py")
             if path.name != "safe_xml.py" and parsing.search(path.read_text(encoding="utf-8"))]
    assert found == []
    assert parsing.search((ROOT / "exporter" / "safe_xml.py").read_text(encoding="utf-8"))


#: Most lines in a module, and in a function: a module or function longer is split along the layers.
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
#: Still over, each being split by whoever is changing it now; a name that is no longer over fails the test, so
#: that it leaves this list.
STILL_OVER: set = set()
#: Written by tools/ahead.py from the bundled templates (a template's loops become one function): not split by hand.
GENERATED = {"exporter/render/md_ahead.py"}


def _sizes():
    over = set()
    for path in sorted((ROOT / "exporter").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if len(text.splitlines()) > MAX_MODULE_LINES:
            over.add(name)
        if name in GENERATED:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                over.add(f"{name}:{node.name}")
    return over


def test_no_module_over_450_lines_and_no_function_over_60():
    over = _sizes()
    assert sorted(over - STILL_OVER) == [], "split these along the layers (docs/development.md)"
    assert sorted(STILL_OVER - over) == [], "no longer over: take them off STILL_OVER"
