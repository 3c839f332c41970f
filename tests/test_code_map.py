"""README's code map lists every module of the package and every bundled template, and nothing that is gone."""
from __future__ import annotations

import re

from conftest import ROOT


def _map_lines():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- code-map -->\n```\n(.*?)```\n<!-- /code-map -->", text, re.S)
    assert match, "README.md has no code map between <!-- code-map --> markers"
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
    assert modules - listed == set(), "modules missing from README's code map"
    assert templates - listed == set(), "templates missing from README's code map"
    assert listed - modules - templates == set(), "README's code map names files that do not exist"
