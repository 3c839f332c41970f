"""The import graph has no circle, and every import points down the layers the code map declares (or stays in its
layer): the layers of DESIGN.md, made checkable."""
from __future__ import annotations

import textwrap

import pytest
from import_graph import circles, declared_layers, imports, layer_of


def _upward(graph, layers):
    return sorted(f"{source} ({layer_of(source, layers)[1]}) imports {target} ({layer_of(target, layers)[1]})"
                  for source, targets in graph.items() for target in targets
                  if layer_of(target, layers)[0] > layer_of(source, layers)[0])


def test_no_import_circles():
    assert circles(imports()) == []


def test_every_module_has_a_layer_and_every_listed_name_a_module():
    graph, layers = imports(), declared_layers()
    assert [m for m in graph if layer_of(m, layers)[0] < 0] == [], "modules in no layer of the code map"
    listed = {("exporter" if m == "__init__" else f"exporter.{m}") for _, members in layers for m in members}
    assert sorted(listed - set(graph)) == [], "the layers name modules that do not exist"


def test_imports_only_point_down_the_layers():
    assert _upward(imports(), declared_layers()) == []


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path):
    # The checker itself, on a small package: a lazy import inside a function counts, and so does one under
    # TYPE_CHECKING.
    package = tmp_path / "exporter"
    (package / "low").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low" / "__init__.py").write_text("")
    (package / "low" / "a.py").write_text("def f():\n    from ..high import g\n")
    (package / "low" / "b.py").write_text("from . import a\n")
    (package / "high.py").write_text(textwrap.dedent("""\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .low.a import f
        def g():
            pass
        """))
    (tmp_path / "README.md").write_text("<!-- layers -->\n```\nlayer modules\nlow low\nhigh high __init__\n```\n"
                                        "<!-- /layers -->\n")
    graph = imports(tmp_path)
    assert graph["exporter.low.b"] == {"exporter.low.a"}
    assert circles(graph) == [["exporter.high", "exporter.low.a"]]
    assert _upward(graph, declared_layers(tmp_path)) == ["exporter.low.a (low) imports exporter.high (high)"]


@pytest.mark.parametrize("member, layer", [("exporter.read.fetch.web", "fetch"), ("exporter.read", "reading"),
                                           ("exporter.read.feeds", "reading"), ("exporter", "commands")])
def test_a_module_belongs_to_the_layer_of_its_longest_listed_name(member, layer):
    assert layer_of(member, declared_layers())[1] == layer
