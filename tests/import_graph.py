"""The package's import graph, drawn from the code's own ``import`` statements (at module level, inside functions
and under ``TYPE_CHECKING`` alike), and the layers the code map declares.

``python tests/import_graph.py`` prints the figures (modules, edges, layers, circles, the longest chain of
imports); ``tests/test_layers.py`` checks the graph against the layers.
"""
from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Set, Tuple

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "exporter"


def modules(root: Path = ROOT) -> Dict[str, Path]:
    """Dotted module name → file, for every module of the package (packages under their own name)."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _target(name: str, known: Dict[str, Path]) -> str:
    """The module an imported name belongs to: itself if it is a module, else the longest module it is in."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def imports(root: Path = ROOT) -> Dict[str, Set[str]]:
    """Module → the package's modules it imports (a module's own package, imported implicitly, not counted)."""
    known = modules(root)
    graph: Dict[str, Set[str]] = {name: set() for name in known}
    for name, path in known.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: List[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package[:len(package) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                # "from .parse import html" imports the module exporter.read.parse.html
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                if target.split(".")[0] != PACKAGE:
                    continue
                found = _target(target, known)
                if found and found != name:
                    graph[name].add(found)
    return graph


def circles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    groups: List[List[str]] = []
    for start in graph:
        if start in index:
            continue
        work: List[Tuple[str, List[str]]] = [(start, sorted(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def longest_chain(graph: Dict[str, Set[str]]) -> int:
    """Modules on the longest chain of imports (a circle counted as one module)."""
    group_of = {m: i for i, group in enumerate(circles(graph)) for m in group}
    node = {m: group_of.get(m, m) for m in graph}
    down: Dict[object, Set[object]] = defaultdict(set)
    for source, targets in graph.items():
        down[node[source]].update(node[t] for t in targets if node[t] != node[source])
    depth: Dict[object, int] = {}

    def visit(n: object) -> int:
        if n not in depth:
            depth[n] = 0  # guards recursion; the condensed graph has no circle
            depth[n] = 1 + max((visit(d) for d in down[n]), default=0)
        return depth[n]

    return max((visit(n) for n in set(node.values())), default=0)


def code_map_files(root: Path = ROOT) -> List[Path]:
    """README.md and the documentation pages, where the code map may be."""
    return [root / "README.md"] + sorted((root / "docs").rglob("*.md"))


def declared_layers(root: Path = ROOT) -> List[Tuple[str, List[str]]]:
    """(layer, module names under ``exporter``) bottom to top, from the ``<!-- layers -->`` table of the docs."""
    for path in code_map_files(root):
        if not path.is_file():
            continue
        match = re.search(r"<!-- layers -->\n```\n(.*?)```\n<!-- /layers -->", path.read_text(encoding="utf-8"), re.S)
        if match:
            rows = [line.split() for line in match.group(1).splitlines()[1:] if line.strip()]
            return [(row[0], row[1:]) for row in rows]
    raise LookupError("no <!-- layers --> table in README.md or docs/")


def layer_of(module: str, layers: List[Tuple[str, List[str]]]) -> Tuple[int, str]:
    """(position, name) of the layer a module belongs to: the layer of the longest listed name it is or is under
    (``__init__`` stands for the package itself); ``(-1, "")`` for a module no layer lists."""
    best, found = -1, (-1, "")
    for position, (name, members) in enumerate(layers):
        for member in members:
            dotted = PACKAGE if member == "__init__" else f"{PACKAGE}.{member}"
            if (module == dotted or module.startswith(dotted + ".")) and len(dotted) > best:
                best, found = len(dotted), (position, name)
    return found


def figures(root: Path = ROOT) -> Dict[str, object]:
    graph = imports(root)
    return {
        "modules": len(graph),
        "edges": sum(len(t) for t in graph.values()),
        "circles": circles(graph),
        "longest chain": longest_chain(graph),
    }


if __name__ == "__main__":
    where = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    found = figures(where)
    print(f"modules {found['modules']}, import edges {found['edges']}, longest chain of imports "
          f"{found['longest chain']} modules, circles {len(found['circles'])}")  # type: ignore[arg-type]
    for group in found["circles"]:  # type: ignore[attr-defined]
        print("  circle:", " ↔ ".join(group))
    try:
        layers = declared_layers(where)
    except LookupError:
        print("layers: none declared")
    else:
        graph = imports(where)
        upward = [(s, t) for s, ts in graph.items() for t in ts if layer_of(t, layers)[0] > layer_of(s, layers)[0]]
        print(f"layers {len(layers)}: " + " → ".join(name for name, _ in layers))
        print(f"imports up the layers: {len(upward)}")
        for source, target in sorted(upward):
            print(f"  {source} ({layer_of(source, layers)[1]}) → {target} ({layer_of(target, layers)[1]})")
