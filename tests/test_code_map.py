"""The code map (docs/development.md) lists every module of the package and every bundled template, and
nothing that is gone."""
from __future__ import annotations

import re

from conftest import ROOT, docs_page


def _map_lines():
    text = docs_page("development.md")
    match = re.search(r"<!-- code-map -->\n```\n(.*?)```\n<!-- /code-map -->", text, re.S)
    assert match, "docs/development.md has no code map between <!-- code-map --> markers"
    return match.group(1).splitlines()


def _listed():
    """Paths named in the map, rebuilt from the indentation of the folders."""
    paths, folders = set(), []
    for line in _map_lines():
        if not line.strip() or line.startswith(" " * 20):
            continue  # a continued description
        depth = (len(line) - len(line.lstrip())) // 2
        names = re.split(r"\s{2,}", line.strip())[0]
        folders = folders[:depth]
        if names.endswith("/"):
            folders.append(names.rstrip("/"))
            continue
        for name in names.split(", "):
            paths.add("/".join(folders + [name.strip()]))
    return paths


def test_code_map_matches_the_code():
    listed = _listed()
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "exporter").rglob("*.py")
               if p.name != "__init__.py" or p.read_text(encoding="utf-8").strip()}  # empty package markers aside
    templates = {str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert modules - listed == set(), "modules missing from the code map in docs/development.md"
    assert templates - listed == set(), "templates missing from the code map in docs/development.md"
    assert listed - modules - templates == set(), "the code map in docs/development.md names files that do not exist"
