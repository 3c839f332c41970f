"""Compiles the bundled Markdown templates (templates/brief.md.j2, digest.md.j2 and the macros they import) into
exporter/render/md_ahead.py: plain Python that prints what Jinja prints, and runs without importing Jinja (see
:mod:`exporter.render.md_runtime`). Used by ``tools/ahead.py``, which writes the file and checks it.

Each template is parsed by Jinja's own parser, in the environment vnbrief renders it in (so whitespace control is
Jinja's), and its nodes are translated one by one. Only the constructs the bundled templates use are known; any
other node, filter, test, loop attribute or global name stops the tool with a message naming the template and
line, so that a template using something new fails ``tools/ahead.py --check`` (and the tests) until this compiler
has learned it, rather than being compiled into something subtly different.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "exporter" / "render" / "md_ahead.py"
#: The templates compiled (those they import come with them).
TEMPLATES = ("brief.md.j2", "digest.md.j2")

#: Filter → the name the compiled code calls it by (imported in the module's head); each is checked to be the very
#: function the environment registers.
FILTERS = {"runs": "_runs", "yaml": "_yaml", "md": "_md", "link": "_link", "safe": "_Markup", "length": "len"}
OPERATORS = {"eq": "==", "ne": "!=", "gt": ">", "gteq": ">=", "lt": "<", "lteq": "<=", "in": "in", "notin": "not in"}
LOOP_ATTRIBUTES = ("previtem", "nextitem", "index", "index0", "first", "last", "length")
#: Names the compiled code does not look up in the context: Jinja's globals, and a macro's special names.
RESERVED = ("range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "caller", "varargs", "kwargs")


class Refused(SystemExit):
    """A construct this compiler does not know."""


class Scope:
    """The names bound where a node is compiled: name → ("var" | "macro", Python name), and the innermost loop's
    Python names (its items and index) when inside one."""

    def __init__(self, names: Dict[str, Tuple[str, str]], loop: Optional[Tuple[str, str]] = None) -> None:
        self.names, self.loop = dict(names), loop

    def child(self, loop: Optional[Tuple[str, str]] = None) -> Scope:
        return Scope(self.names, loop or self.loop)


class Compiler:
    """Compiles one template file's nodes into lines of Python."""

    def __init__(self, file: str, prefix: str, counter: List[int], macros: List[str]) -> None:
        self.file, self.prefix, self.counter = file, prefix, counter
        self.macros = macros  # every macro the template defines, to tell one not yet defined from a free name
        self.assigned: List[str] = []  # every name the macro being compiled sets: Jinja's until then, not the context's
        self.lines: List[str] = []

    def refuse(self, node: Any, what: str) -> Refused:
        return Refused(f"templates/{self.file}, line {getattr(node, 'lineno', '?')}: tools/ahead_templates.py cannot "
                       f"compile {what}; teach it (or the template keeps being rendered by Jinja only)")

    def fresh(self, name: str) -> str:
        self.counter[0] += 1
        return f"v{self.counter[0]}_{name}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    # --- statements ---------------------------------------------------------------------------------------------

    def body(self, nodes: List[Any], scope: Scope, depth: int) -> None:
        before = len(self.lines)
        for node in nodes:
            self.statement(node, scope, depth)
        if len(self.lines) == before:
            self.emit(depth, "pass")

    def statement(self, node: Any, scope: Scope, depth: int) -> None:
        from jinja2 import nodes

        kind = type(node).__name__
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    self.emit(depth, f"w({child.data!r})")
                else:
                    self.emit(depth, f"w(str(_finalize({self.expr(child, scope)})))")
        elif isinstance(node, nodes.If):
            self.emit(depth, f"if {self.expr(node.test, scope)}:")
            self.body(node.body, scope.child(), depth + 1)
            for branch in node.elif_:
                self.emit(depth, f"elif {self.expr(branch.test, scope)}:")
                self.body(branch.body, scope.child(), depth + 1)
            if node.else_:
                self.emit(depth, "else:")
                self.body(node.else_, scope.child(), depth + 1)
        elif isinstance(node, nodes.For):
            self.loop(node, scope, depth)
        else:
            raise self.refuse(node, f"the statement {kind} here")

    def loop(self, node: Any, scope: Scope, depth: int) -> None:
        from jinja2 import nodes

        if node.else_ or node.recursive:
            raise self.refuse(node, "a loop with else or recursive")
        targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
        if not all(isinstance(t, nodes.Name) for t in targets):
            raise self.refuse(node, "a loop target other than names")
        number = self.counter[0] = self.counter[0] + 1
        items, index = f"s{number}", f"i{number}"
        inner = scope.child(loop=(items, index))
        bound = []
        for target in targets:
            if target.name in RESERVED:
                raise self.refuse(node, f"a loop variable named {target.name!r}")
            python = self.fresh(target.name)
            inner.names[target.name] = ("var", python)
            bound.append(python)
        unpack = ", ".join(bound) + ("," if len(bound) == 1 and isinstance(node.target, nodes.Tuple) else "")
        self.emit(depth, f"{items} = list({self.expr(node.iter, scope)})")
        if node.test is not None:  # Jinja filters the items first; loop.* then counts the items kept
            test_scope = Scope(inner.names)  # `loop` in the test: refused
            target = f"({unpack})" if isinstance(node.target, nodes.Tuple) else unpack
            self.emit(depth, f"{items} = [{index} for {index} in {items} for {target} in ({index},) "
                             f"if {self.expr(node.test, test_scope)}]")
        self.emit(depth, f"for {index}, ({unpack}) in enumerate({items}):"
                  if isinstance(node.target, nodes.Tuple) else f"for {index}, {unpack} in enumerate({items}):")
        self.body(node.body, inner, depth + 1)

    def macro(self, node: Any, scope: Scope) -> Tuple[str, List[str]]:
        """A module-level function for a macro: ``ctx`` (the context its template was imported with), then its
        parameters, undefined unless given or defaulted."""
        from jinja2 import nodes

        name = f"_m_{self.prefix}_{node.name}"
        if not name.isidentifier() or self.macros.count(node.name) > 1:
            raise self.refuse(node, f"the macro {node.name!r} (a name Python cannot take, or defined twice)")
        inner = scope.child()
        params = []
        defaults = [None] * (len(node.args) - len(node.defaults)) + list(node.defaults)
        for arg, default in zip(node.args, defaults):
            python = self.fresh(arg.name)
            inner.names[arg.name] = ("var", python)
            if default is None:
                params.append(f"{python}=_U")
            elif isinstance(default, nodes.Const):
                params.append(f"{python}={default.value!r}")
            else:
                raise self.refuse(node, "a macro parameter whose default is not a constant")
        self.lines = []
        self.assigned = [n.name for n in node.find_all(nodes.Name) if n.ctx == "store"]
        depth = 1
        for statement in node.body:  # `set` at the macro's top level only: Jinja's scoping is then Python's
            if isinstance(statement, nodes.Assign):
                if not isinstance(statement.target, nodes.Name) or statement.target.name in inner.names \
                        or statement.target.name in RESERVED:
                    raise self.refuse(statement, "this set")
                value = self.expr(statement.node, inner)
                python = self.fresh(statement.target.name)
                inner.names[statement.target.name] = ("var", python)
                self.emit(depth, f"{python} = {value}")
            else:
                self.statement(statement, inner, depth)
        self.assigned = []
        head = [f"def {name}(ctx, {', '.join(params)}):", "    out = []", "    w = out.append"]
        return name, head + self.lines + ["    return ''.join(out)"]

    # --- expressions --------------------------------------------------------------------------------------------

    def expr(self, node: Any, scope: Scope) -> str:
        from jinja2 import nodes

        e = self.expr
        if isinstance(node, nodes.Const):
            if not isinstance(node.value, (str, int, float, bool, type(None))):
                raise self.refuse(node, f"the constant {node.value!r}")
            return repr(node.value)
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, (nodes.Tuple, nodes.List)):
            items = ", ".join(e(item, scope) for item in node.items)
            return f"({items}{',' if len(node.items) == 1 else ''})" if isinstance(node, nodes.Tuple) else f"[{items}]"
        if isinstance(node, nodes.Dict):
            return "{" + ", ".join(f"{e(pair.key, scope)}: {e(pair.value, scope)}" for pair in node.items) + "}"
        if isinstance(node, nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "loop" and "loop" not in scope.names:
                return self.loop_attribute(node, scope)
            return f"_getattr({e(node.node, scope)}, {node.attr!r})"
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Slice):
                raise self.refuse(node, "a slice")
            return f"_getitem({e(node.node, scope)}, {e(node.arg, scope)})"
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Test):
            if node.name != "defined" or node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
                raise self.refuse(node, f"the test {node.name!r}")
            return f"({e(node.node, scope)} is not _U)"
        if isinstance(node, nodes.CondExpr):
            if node.expr2 is None:
                raise self.refuse(node, "an if-expression without else")
            return f"({e(node.expr1, scope)} if {e(node.test, scope)} else {e(node.expr2, scope)})"
        if isinstance(node, nodes.Compare):
            ops = "".join(f" {OPERATORS[op.op]} {e(op.expr, scope)}" for op in node.ops)
            return f"({e(node.expr, scope)}{ops})"
        if isinstance(node, (nodes.And, nodes.Or)):
            return f"({e(node.left, scope)} {'and' if isinstance(node, nodes.And) else 'or'} {e(node.right, scope)})"
        if isinstance(node, nodes.Not):
            return f"(not {e(node.node, scope)})"
        if isinstance(node, nodes.Concat):
            return f"_concat({', '.join(e(item, scope) for item in node.nodes)})"
        if isinstance(node, nodes.Call):
            return self.call(node, scope)
        raise self.refuse(node, f"the expression {type(node).__name__}")

    def name(self, node: Any, scope: Scope) -> str:
        if node.ctx != "load":
            raise self.refuse(node, f"a {node.ctx} of {node.name!r}")
        if node.name in scope.names:
            kind, python = scope.names[node.name]
            if kind == "macro":
                raise self.refuse(node, f"the macro {node.name!r} used other than called")
            return python
        if node.name in RESERVED or node.name in self.macros or node.name in self.assigned:
            raise self.refuse(node, f"the name {node.name!r} (a global, a special name, or a macro or variable not "
                                    "yet defined)")
        return f"ctx.get({node.name!r}, _U)"

    def loop_attribute(self, node: Any, scope: Scope) -> str:
        if scope.loop is None or node.attr not in LOOP_ATTRIBUTES:
            raise self.refuse(node, f"loop.{node.attr}" + ("" if scope.loop else " outside a loop"))
        items, i = scope.loop
        return {"previtem": f"({items}[{i} - 1] if {i} else _U)",
                "nextitem": f"({items}[{i} + 1] if {i} + 1 < len({items}) else _U)",
                "index": f"({i} + 1)", "index0": i, "first": f"({i} == 0)", "last": f"({i} + 1 == len({items}))",
                "length": f"len({items})"}[node.attr]

    def filter(self, node: Any, scope: Scope) -> str:
        if node.node is None or node.name not in FILTERS or node.dyn_args or node.dyn_kwargs:
            raise self.refuse(node, f"the filter {node.name!r} used so")
        args = [self.expr(node.node, scope)] + [self.expr(a, scope) for a in node.args]
        args += [f"{kw.key}={self.expr(kw.value, scope)}" for kw in node.kwargs]
        return f"{FILTERS[node.name]}({', '.join(args)})"

    def call(self, node: Any, scope: Scope) -> str:
        from jinja2 import nodes

        if node.dyn_args or node.dyn_kwargs:
            raise self.refuse(node, "a call with * or **")
        args = [self.expr(a, scope) for a in node.args]
        if isinstance(node.node, nodes.Name) and scope.names.get(node.node.name, ("",))[0] == "macro":
            if node.kwargs:
                raise self.refuse(node, "a macro called with keyword arguments")
            return f"{scope.names[node.node.name][1]}({', '.join(['ctx'] + args)})"
        args += [f"{kw.key}={self.expr(kw.value, scope)}" for kw in node.kwargs]
        return f"_call({', '.join([self.expr(node.node, scope)] + args)})"


class Module:
    """The compiled templates, as the text of md_ahead.py."""

    def __init__(self, folder: Optional[Path] = None) -> None:
        sys.path.insert(0, str(ROOT))
        from exporter.render import md_filters
        from exporter.render.markdown import environment
        from exporter.resources import data_dir

        self.folder = folder or data_dir("templates")
        self.env = environment(self.folder)  # the bundled templates' own environment: its lexer, its filters
        self.check_filters(md_filters)
        self.functions: List[List[str]] = []
        self.counter = [0]
        self.made: Dict[str, Tuple[Dict[str, Tuple[str, str]], List[str]]] = {}  # file → its macros, files

    def check_filters(self, md_filters: Any) -> None:
        from jinja2.filters import do_mark_safe

        expected = {**md_filters.FILTERS, "safe": do_mark_safe, "length": len}
        for name in FILTERS:
            if self.env.filters.get(name) is not expected[name]:
                raise Refused(f"the environment's filter {name!r} is not the function md_ahead.py would call")

    def source(self, name: str) -> bytes:
        return (self.folder / name).read_bytes()

    def parse(self, name: str) -> Any:
        return self.env.parse(self.source(name).decode("utf-8"), name, str(self.folder / name))

    def template(self, name: str, imported: bool) -> Tuple[Dict[str, Tuple[str, str]], List[str], List[str]]:
        """Compiles ``name``: its top-level macros as functions, then (unless ``imported``) its body as the
        lines of its render function. Returns its macros (name → function), the files it was made from and those
        lines."""
        from jinja2 import nodes

        prefix = name.split(".")[0].strip("_").replace("-", "_")
        tree = self.parse(name)
        compiler = Compiler(name, prefix, self.counter, [m.name for m in tree.find_all(nodes.Macro)])
        scope = Scope({})
        files, body, defines = [name], [], False
        for node in tree.body:
            if isinstance(node, nodes.Macro):
                defines = True
                function, lines = compiler.macro(node, scope)
                self.functions.append(lines)
                scope.names[node.name] = ("macro", function)
            elif isinstance(node, nodes.FromImport):
                files += self.imported(compiler, node, scope, defines)
            elif imported:
                if not (isinstance(node, nodes.Output) and all(isinstance(c, nodes.TemplateData) for c in node.nodes)):
                    raise compiler.refuse(node, "anything but macros and text at the top of an imported template")
            else:
                body.append(node)
        compiler.lines = []
        compiler.body(body, scope, 1)
        return {k: v for k, v in scope.names.items() if v[0] == "macro"}, files, compiler.lines

    def imported(self, compiler: Compiler, node: Any, scope: Scope, defines: bool) -> List[str]:
        from jinja2 import nodes

        if not (isinstance(node.template, nodes.Const) and node.with_context) or defines or len(scope.names):
            raise compiler.refuse(node, "an import other than one {% from \"name\" import ... with context %} "
                                        "before any macro of the template")
        name = node.template.value
        if name not in self.made:
            macros, files, _ = self.template(name, imported=True)
            self.made[name] = (macros, files)
        macros, files = self.made[name]
        for item in node.names:
            original, alias = item if isinstance(item, tuple) else (item, item)
            if original not in macros or original.startswith("_"):
                raise compiler.refuse(node, f"the import of {original!r}")
            scope.names[alias] = macros[original]
        return files

    def text(self) -> str:
        from exporter.render.md_runtime import VERSION

        renders, sources = [], []
        for name in TEMPLATES:
            _, files, lines = self.template(name, imported=False)
            function = "_t_" + name.split(".")[0].replace("-", "_")
            if not function.isidentifier():
                raise Refused(f"templates/{name}: a name Python cannot take")
            self.functions.append([f"def {function}(ctx):", "    out = []", "    w = out.append", *lines,
                                   "    return ''.join(out)"])
            renders.append(f"    {name!r}: {function},")
            digests = ", ".join(f"{f!r}: {hashlib.sha256(self.source(f)).hexdigest()!r}" for f in dict.fromkeys(files))
            sources.append(f"    {name!r}: {{{digests}}},")
        head = [
            '"""The bundled Markdown templates compiled ahead into Python that prints what Jinja prints (see',
            "exporter.render.md_runtime). Written by ``python tools/ahead.py`` from templates/: do not edit; the",
            'templates are the layout\'s one definition."""',
            "# mypy: ignore-errors",
            "from markupsafe import Markup as _Markup",
            "",
            "from .md_filters import finalize as _finalize",
            "from .md_filters import link_filter as _link",
            "from .md_filters import md_filter as _md",
            "from .md_filters import runs_filter as _runs",
            "from .md_filters import yaml_filter as _yaml",
            "from .md_runtime import UNDEFINED as _U",
            "from .md_runtime import call as _call",
            "from .md_runtime import concat as _concat",
            "from .md_runtime import getattr_ as _getattr",
            "from .md_runtime import getitem as _getitem",
            "",
            "#: The version of the compiled form (exporter.render.md_runtime.VERSION) this file was written for.",
            f"VERSION = {VERSION}",
            "#: Template → the SHA-256 of each file it was made from: used only while they are unchanged.",
            "SOURCES = {", *sources, "}",
        ]
        body: List[str] = []
        for lines in self.functions:
            body += ["", "", *lines]
        tail = ["", "", "#: Template → its render function (the context's values → the text).", "TEMPLATES = {",
                *renders, "}", ""]
        return "\n".join(head + body + tail)


def source(folder: Optional[Path] = None) -> str:
    """The text of exporter/render/md_ahead.py (made from the templates in ``folder``: default, the bundled ones)."""
    return Module(folder).text()
