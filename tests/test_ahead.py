"""exporter.ahead: dataclasses whose methods are compiled ahead are the classes dataclasses makes, in every way a
program can see; exporter/ahead/methods.py is current; anything it does not hold is left to dataclasses."""
from __future__ import annotations

import copy
import dataclasses
import importlib.util
import inspect
import pickle
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from exporter import ahead
from exporter.ahead import methods

ROOT = Path(__file__).resolve().parents[1]
CURRENT = sys.version_info[:2] == methods.PYTHON
needs_current = pytest.mark.skipif(not CURRENT, reason=f"methods.py was written for Python {methods.PYTHON}")

#: Arguments that make an instance of each class, and a field to change with replace().
SAMPLES = {
    "exporter.options.Options": ({}, {"paper": "letter"}),
    "exporter.model.Article": ({"title": "Giá vàng tăng"}, {"author": "Thu Hà"}),
    "exporter.model.blocks.Inline": ({"text": "Hà Nội", "bold": True}, {"italic": True}),
    "exporter.model.blocks.Block": ({"kind": "paragraph", "runs": ()}, {"kind": "lead"}),
    "exporter.model.blocks.SourceInfo": ({"path": "a.txt"}, {"encoding": "tcvn3"}),
    "exporter.batch.results.Outcome": ({"source": "a.txt", "status": "rendered"}, {"status": "failed"}),
    "exporter.batch.results.BatchResult": ({"outcomes": []}, {"interrupted": True}),
}


def _tool():
    spec = importlib.util.spec_from_file_location("ahead_tool", ROOT / "tools" / "ahead.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@pytest.fixture(scope="module")
def twins():
    """Each module that uses exporter.ahead, loaded again under another name with methods.py set aside: its classes
    made by dataclasses itself, from the same definitions. Yields {class name: (ours, twin)}."""
    names = _tool().modules()
    modules = [importlib.import_module(name) for name in names]  # made ahead (if not already imported)
    pairs, saved = {}, methods.CLASSES
    methods.CLASSES = {}
    try:
        for name, module in zip(names, modules):
            twin_name = _twin_name(name)
            spec = importlib.util.spec_from_file_location(twin_name, module.__file__, submodule_search_locations=None)
            twin = importlib.util.module_from_spec(spec)
            sys.modules[twin_name] = twin
            spec.loader.exec_module(twin)
            for key in saved:
                if key.startswith(name + ".") and "." not in key[len(name) + 1:]:
                    qualname = key[len(name) + 1:]
                    pairs[key] = (getattr(module, qualname), getattr(twin, qualname))
    finally:
        methods.CLASSES = saved
    yield pairs
    for name in names:
        sys.modules.pop(_twin_name(name), None)


def _twin_name(name: str) -> str:
    """A name in the same package, so that the module's relative imports find what they find."""
    if importlib.import_module(name).__spec__.submodule_search_locations is not None:  # a package's __init__
        return f"{name}._twin"
    package, _, last = name.rpartition(".")
    return f"{package}._twin_{last}"


@needs_current
def test_methods_py_is_what_the_tool_writes_now():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "ahead.py"), "--check"], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@needs_current
def test_every_listed_class_is_made_ahead_and_every_sample_names_one(twins):
    assert sorted(twins) == sorted(methods.CLASSES) == sorted(SAMPLES)
    for ours, twin in twins.values():
        assert ours.__init__.__code__.co_filename == methods.__file__
        assert twin.__init__.__code__.co_filename == "<string>"  # the twin: dataclasses' own


def _same_function(a, b, ours, twin):
    """Two methods are the same function: the same bytecode and constants (only their file and first line told
    apart), names, defaults, annotations, closure values (the class itself standing for its twin) and module."""
    code_a, code_b = a.__code__, b.__code__
    assert code_a.replace(co_filename=code_b.co_filename, co_firstlineno=code_b.co_firstlineno) == code_b
    assert (a.__name__, a.__qualname__, a.__defaults__, a.__kwdefaults__, a.__annotations__, a.__doc__) == \
        (b.__name__, b.__qualname__, b.__defaults__, b.__kwdefaults__, b.__annotations__, b.__doc__)
    cells_a = [twin if c.cell_contents is ours else c.cell_contents for c in a.__closure__ or ()]
    assert cells_a == [c.cell_contents for c in b.__closure__ or ()]
    assert a.__module__ == ours.__module__ and a.__globals__ is sys.modules[ours.__module__].__dict__
    assert b.__module__ == twin.__module__ and b.__globals__ is sys.modules[twin.__module__].__dict__


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_class_made_ahead_is_the_class_dataclasses_makes(twins, name):
    ours, twin = twins[name]
    assert dataclasses.is_dataclass(ours) and ours is not twin
    assert repr(ours.__dataclass_params__) == repr(twin.__dataclass_params__)
    assert ours.__match_args__ == twin.__match_args__ and ours.__doc__ == twin.__doc__
    assert list(vars(ours)) == list(vars(twin))  # the same attributes, set in the same order
    assert len(dataclasses.fields(ours)) == len(dataclasses.fields(twin))
    for f, g in zip(dataclasses.fields(ours), dataclasses.fields(twin)):
        assert [getattr(f, a) for a in f.__slots__] == [getattr(g, a) for a in g.__slots__]
    assert str(inspect.signature(ours)) == str(inspect.signature(twin))
    assert str(inspect.signature(ours.__init__)) == str(inspect.signature(twin.__init__))
    for attr, value in vars(ours).items():
        other = vars(twin)[attr]
        if attr == "__repr__":  # dataclasses' recursion guard around the generated method
            assert value.__code__ is other.__code__ and value.__qualname__ == other.__qualname__
            _same_function(value.__wrapped__, other.__wrapped__, ours, twin)
        elif inspect.isfunction(value):  # generated, or the class's own
            _same_function(value, other, ours, twin)
        elif isinstance(value, (property, classmethod, staticmethod)):
            assert type(value) is type(other)
        elif attr not in ("__dict__", "__weakref__", "__dataclass_fields__", "__dataclass_params__", "__module__"):
            assert value == other, attr


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_instances_behave_alike(twins, name):
    ours, twin = twins[name]
    args, change = SAMPLES[name]
    a, b = ours(**args), twin(**args)
    assert repr(a) == repr(b) and str(a) == str(b)
    assert a == ours(**args) and b == twin(**args) and a == copy.copy(a) and a == copy.deepcopy(a)
    assert a.__eq__(b) is NotImplemented and b.__eq__(a) is NotImplemented
    changed = dataclasses.replace(a, **change)
    assert type(changed) is ours and changed != a and repr(changed) == repr(dataclasses.replace(b, **change))
    assert dataclasses.asdict(a) == dataclasses.asdict(b) and dataclasses.astuple(a) == dataclasses.astuple(b)
    assert pickle.loads(pickle.dumps(a)) == a
    assert (ours.__hash__ is None) == (twin.__hash__ is None)
    if ours.__hash__ is None:
        with pytest.raises(TypeError, match="unhashable"):
            hash(a)
    else:
        assert hash(a) == hash(b) == hash(ours(**args))
    field = next(iter(change))
    if ours.__dataclass_params__.frozen:
        for target in (a, b):
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{field}'"):
                setattr(target, field, None)
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{field}'"):
                delattr(target, field)
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
                target.other = 1
    else:
        setattr(a, field, change[field])
        assert a == dataclasses.replace(ours(**args), **change)
    with pytest.raises(TypeError) as ours_error:
        ours(**args, not_a_field=1)
    with pytest.raises(TypeError) as twin_error:
        twin(**args, not_a_field=1)
    assert str(ours_error.value) == str(twin_error.value)


def test_the_options_checks_run_in_a_class_made_ahead():
    from exporter.errors import UsageError
    from exporter.options import Options

    with pytest.raises(UsageError, match="paper"):
        Options(paper="a5")
    assert Options(encoding="TCVN3").encoding == Options(encoding="tcvn3").encoding


def _definition(extra: bool = False, doc: str = "A run of text."):
    namespace = {"__module__": "exporter.model.blocks", "__qualname__": "Inline", "__doc__": doc,
                 "__annotations__": {"text": "str", "bold": "bool", "italic": "bool", "href": "Optional[str]",
                                     "note": "int"},
                 "bold": False, "italic": False, "href": None, "note": 0}
    if extra:
        namespace["__annotations__"]["size"] = "int"
        namespace["size"] = 10
    return type("Inline", (), namespace)


@needs_current
def test_a_changed_definition_other_python_or_unlisted_class_is_left_to_dataclasses(monkeypatch):
    made = ahead.dataclass(frozen=True)(_definition())
    assert made.__init__.__code__.co_filename == methods.__file__ and made("x").note == 0
    changed = ahead.dataclass(frozen=True)(_definition(extra=True))  # a field added, methods.py not rewritten
    assert changed.__init__.__code__.co_filename == "<string>" and changed("x").size == 10
    assert "size=10" in repr(changed("x"))
    unfrozen = ahead.dataclass(_definition())  # the decorator's arguments changed
    assert unfrozen.__init__.__code__.co_filename == "<string>" and not unfrozen.__dataclass_params__.frozen
    monkeypatch.setattr(methods, "PYTHON", (2, 7))
    assert ahead.dataclass(frozen=True)(_definition()).__init__.__code__.co_filename == "<string>"
    monkeypatch.undo()
    monkeypatch.setattr(ahead, "_HELPERS", False)  # a Python whose dataclasses lacks what the methods are made with
    assert ahead.dataclass(frozen=True)(_definition()).__init__.__code__.co_filename == "<string>"


def test_shape_refuses_what_it_cannot_vouch_for():
    class Base:
        """A base."""

    class Child(Base):
        """A child."""
        x: int = 0

    class Undocumented:
        x: int = 0

    class OwnRepr:
        """Its own repr."""
        x: int = 0

        def __repr__(self):
            return "mine"

    class Pseudo:
        """A class variable."""
        x: ClassVar[int] = 0

    for cls in (Child, Undocumented, OwnRepr, Pseudo):
        assert ahead.shape(cls, {}) is None, cls
    made = ahead.dataclass(OwnRepr)
    assert repr(made()) == "mine" and made.__init__.__code__.co_filename == "<string>"
