"""Settings from a config file and the environment, merged under the command line.

Precedence, highest first: the command line, environment variables ``VNBRIEF_<KEY>``, the config file, the
built-in defaults of :class:`~exporter.options.Options`. The config file is ``--config FILE`` (or
``VNBRIEF_CONFIG``), else the nearest ``vnbrief.toml`` or ``pyproject.toml`` with a ``[tool.vnbrief]`` table in
the current folder or one of its parents (in one folder ``vnbrief.toml`` wins).

Keys are the :class:`Options` field names plus ``output_dir``; ``tone-style`` is accepted for ``tone_style``.
Relative paths in a config file are relative to the file's folder, so a team can keep the file, its glossary and
its fonts together. Nothing here runs at import time.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
import typing
from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple

from .errors import InputError, UsageError, manual
from .options import Options, check_option
from .read.fetch.bounded import NoSuchFile, read_file
from .render.fonts import BUNDLED
from .resources import data_dir
from .text import lazy_re

log = logging.getLogger(__name__)

CONFIG_NAME = "vnbrief.toml"
#: Largest config file read (bytes): a page of settings is a few hundred; a pyproject.toml a few thousand.
MAX_CONFIG_BYTES = 1024 * 1024
#: Seconds a config file that is a named pipe or a device may take to deliver its bytes.
CONFIG_WAIT_SECONDS = 5.0
ENV_PREFIX = "VNBRIEF_"
#: Names the config file when set (like ``--config``).
CONFIG_ENV = "VNBRIEF_CONFIG"
DEFAULT_OUTPUT_DIR = "."
#: Keys that are not Options fields: where the briefs go.
EXTRA_KEYS = ("output_dir",)
#: Keys that always name a file or folder: relative to the config file's folder.
PATH_KEYS = ("glossary", "cache_dir", "translations_file", "output_dir", "prompt")
#: Keys that are a bundled name or a path (``font = "sans"`` or ``font = "fonts/mine"``).
NAME_OR_PATH_KEYS = ("font", "template")
#: Secrets: never printed by ``vnbrief config``.
SECRET_KEYS = ("api_key",)
#: Keys a config file found in a parent folder may not set: they would send the articles (and a key) somewhere
#: the user did not choose, or open the network policy.
TRUSTED_ONLY_KEYS = ("translate", "provider_url", "api_key", "allow_private_hosts")

ORIGIN_DEFAULT = "default"
ORIGIN_COMMAND_LINE = "command line"


@functools.cache
def _field_type(key: str) -> Any:
    """The type of setting ``key``: its :class:`Options` field's annotation, evaluated when first asked (a command
    line gives two or three settings; evaluating the annotations of all of them cost each start of the command
    about 5 M instructions). ``KeyError`` for a key that is no setting."""
    if key in EXTRA_KEYS:
        return str
    annotation = {f.name: f.type for f in fields(Options)}[key]
    if not isinstance(annotation, str):
        return annotation
    holder = SimpleNamespace(__annotations__={key: annotation})  # as typing evaluates the class's, one alone
    return typing.get_type_hints(holder, vars(sys.modules[Options.__module__]))[key]


def _kind(hint: Any) -> Tuple[str, bool]:
    """(``str`` | ``bool`` | ``int`` | ``float`` | ``list``, whether ``None`` is allowed) of a type hint."""
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) is typing.Union and type(None) in args
    if optional:
        hint = next(a for a in args if a is not type(None))
    if typing.get_origin(hint) in (tuple, Tuple):
        return "list", optional
    return {str: "str", bool: "bool", int: "int", float: "float"}[hint], optional


def setting_kind(key: str) -> Tuple[str, bool]:
    """(``str`` | ``bool`` | ``int`` | ``float`` | ``list``, whether ``None`` is allowed) of a setting."""
    return _kind(_field_type(key))


def default_values() -> Dict[str, Any]:
    """Every key with its built-in default."""
    defaults = Options()
    values = {name: getattr(defaults, name) for name in Options.field_names()}
    values["output_dir"] = DEFAULT_OUTPUT_DIR
    return values


def known_keys() -> Tuple[str, ...]:
    """Every key a config file may set, in the order ``vnbrief config`` prints them."""
    return Options.field_names() + EXTRA_KEYS


# --- values: check a type, convert a string -------------------------------------------------------------------

def check_value(key: str, value: Any, where: str) -> Any:
    """``value`` of ``key`` checked against the key's type and choices; :class:`UsageError` naming ``where``
    (the file or the variable) otherwise. Lists come back as tuples."""
    kind, optional = _kind(_field_type(key))

    def wrong(expected: str) -> UsageError:
        return UsageError(f"{key} must be {expected}, not {_describe(value)}", subject=where,
                          hint=f"see {manual('config.md')}")

    if value is None and optional:
        return None
    if kind == "bool":
        if not isinstance(value, bool):
            raise wrong("true or false")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong("a whole number")
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong("a number")
        value = float(value)
    elif kind == "list":
        if isinstance(value, str):
            value = [value]
        may_be_empty = Options.default(key) == ()  # e.g. match; not formats
        if not isinstance(value, (list, tuple)) or (not value and not may_be_empty) or \
                not all(isinstance(v, str) for v in value):
            raise wrong("a list of words, e.g. [\"pdf\", \"md\"]")
        value = tuple(dict.fromkeys(value))
    elif not isinstance(value, str):
        raise wrong("a string in quotes")
    try:
        return check_option(key, value)
    except UsageError as err:
        raise UsageError(err.message, subject=where, hint=err.hint or f"see {manual('config.md')}") from None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (list, tuple)):
        return "an empty list" if not value else "a list that holds something other than words"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def parse_text(key: str, text: str, where: str) -> Any:
    """A setting written as text (an environment variable) → its typed value, checked."""
    kind, _ = _kind(_field_type(key))
    value: Any = text.strip()
    if kind == "bool":
        if value.lower() not in _TRUE + _FALSE:
            raise UsageError(f"{key} must be true or false (1/0, yes/no), not {text!r}", subject=where)
        value = value.lower() in _TRUE
    elif kind in ("int", "float"):
        try:
            value = int(value) if kind == "int" else float(value)
        except ValueError:
            what = "a whole number" if kind == "int" else "a number"
            raise UsageError(f"{key} must be {what}, not {text!r}", subject=where) from None
    elif kind == "list":
        value = [part for part in value.replace(",", " ").split() if part]
    return check_value(key, value, where)


# --- the config file ------------------------------------------------------------------------------------------

def _toml_load(path: Path) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.9/3.10 only
        try:
            import tomli as tomllib
        except ImportError:
            raise UsageError("reading a config file needs the tomli package on Python < 3.11",
                             subject=str(path), hint="pip install tomli") from None
    try:
        # bounded, and a named pipe or a device (--config /dev/zero) read within a few seconds, never held open
        raw = read_file(path, str(path), limit=MAX_CONFIG_BYTES, timeout=CONFIG_WAIT_SECONDS)
        return tomllib.loads(raw.decode("utf-8"))
    except NoSuchFile:
        raise UsageError("no such config file", subject=str(path), hint="check the path given to --config") from None
    except InputError as err:
        raise UsageError(err.message, subject=str(path), hint=err.hint) from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"is not valid TOML: {err}", subject=str(path), hint="fix the file") from None
    except RecursionError:
        raise UsageError("is not a config file: its TOML is nested too deeply", subject=str(path),
                         hint="a vnbrief config is a flat table of settings") from None
    except UnicodeDecodeError:
        raise UsageError("is not UTF-8 text", subject=str(path), hint="save it as UTF-8") from None


def _vnbrief_table(path: Path, data: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The settings of a parsed file: the whole ``vnbrief.toml``, or ``[tool.vnbrief]`` of a pyproject.toml."""
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("vnbrief") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError("tool.vnbrief must be a table ([tool.vnbrief])", subject=str(path))
    return table


_TOOL_TABLE = lazy_re.compile(r'^\s*\[\s*tool\s*\.\s*"?vnbrief"?\s*[\].]', re.MULTILINE)


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    """The nearest ``vnbrief.toml``, or ``pyproject.toml`` holding ``[tool.vnbrief]``, in ``start`` (default:
    the current folder) or its parents; ``None`` when there is none."""
    folder = Path(start or Path.cwd()).resolve()
    for candidate_dir in (folder, *folder.parents):
        own = candidate_dir / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = read_file(pyproject, str(pyproject), limit=MAX_CONFIG_BYTES,
                                 timeout=CONFIG_WAIT_SECONDS).decode("utf-8", errors="replace")
            except InputError:
                continue
            # A cheap look first: most pyproject.toml files have no [tool.vnbrief] table and need no parsing.
            if ("vnbrief" in text and _TOOL_TABLE.search(text)
                    and _vnbrief_table(pyproject, _toml_load(pyproject)) is not None):
                return pyproject
    return None


def _relative_to(folder: Path, value: str) -> str:
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else folder / path)


def _is_bundled_name(key: str, value: str) -> bool:
    if key == "font":
        return value in BUNDLED
    return "/" not in value and "\\" not in value and (data_dir("templates") / f"{value}.md.j2").is_file()


def _confine(folder: Path, key: str, value: str, where: str, written: object) -> None:
    """A path named by a config file that was not chosen (found in a parent folder) must stay in that file's
    folder tree: an unpacked archive or a cloned repository cannot reach the user's other files."""
    inside = Path(value).resolve()
    if inside != folder and folder not in inside.parents:
        raise UsageError(f"{key} {written!r} leads outside the config file's folder {folder}", subject=where,
                         hint="a config file found in a parent folder may only name files beside it; "
                              "give --config to trust it fully")


def load_config(path: Path, *, confined: bool = False) -> Dict[str, Any]:
    """The settings of one config file, checked, with relative paths made relative to the file's folder (and,
    when ``confined``, refused if they lead out of it).

    :class:`UsageError` (exit 2) names the file and the key for an unknown key or a value of the wrong type.
    """
    path = Path(path)
    table = _vnbrief_table(path, _toml_load(path))
    if table is None:
        raise UsageError("has no [tool.vnbrief] table", subject=str(path), hint="add one, or use a vnbrief.toml")
    where = str(path)
    keys = set(known_keys())
    values: Dict[str, Any] = {}
    folder = path.resolve().parent
    for raw_key, raw_value in table.items():
        key = raw_key.replace("-", "_")
        if key not in keys:
            close = [k for k in keys if k.startswith(key[:3])]
            hint = f"did you mean {close[0]}?" if len(close) == 1 else f"see {manual('config.md')} for the keys"
            raise UsageError(f"unknown key {raw_key!r}", subject=where, hint=hint)
        if confined and key in TRUSTED_ONLY_KEYS and raw_value not in (False, None, "", []):
            raise UsageError(f"{raw_key} may not be set by a config file found in a parent folder (it would send "
                             "your articles or keys where you did not choose)", subject=where,
                             hint="give --config FILE (or VNBRIEF_CONFIG) to use this file, or set it on the "
                                  "command line")
        value = check_value(key, raw_value, where)
        if isinstance(value, str) and value and (
                key in PATH_KEYS or (key in NAME_OR_PATH_KEYS and not _is_bundled_name(key, value))):
            value = _relative_to(folder, value)
            if confined:
                _confine(folder, key, value, where, raw_value)
        values[key] = value
    return values


def _found_in_parent(path: Path, cwd: Optional[Path]) -> bool:
    """Whether a config file found by looking upwards lives above the current folder (and outside the user's
    own config folder): one the user did not choose."""
    import platformdirs

    folder = path.resolve().parent
    own = Path(platformdirs.user_config_dir("vnbrief")).resolve()
    return folder != Path(cwd or Path.cwd()).resolve() and folder != own and own not in folder.parents


# --- the environment ------------------------------------------------------------------------------------------

def env_name(key: str) -> str:
    """``VNBRIEF_PAPER`` for ``paper``."""
    return ENV_PREFIX + key.upper()


def from_environment(environ: Mapping[str, str]) -> Dict[str, Any]:
    """Settings given as ``VNBRIEF_<KEY>`` variables (empty ones count as unset), checked."""
    values: Dict[str, Any] = {}
    for key in known_keys():
        text = environ.get(env_name(key))
        if text is not None and text.strip():
            values[key] = parse_text(key, text, env_name(key))
    ours = {env_name(k) for k in known_keys()} | {CONFIG_ENV}
    for name in sorted(environ):
        if name.startswith(ENV_PREFIX) and name not in ours:
            log.warning("environment variable %s is not a vnbrief setting; ignored", name)
    return values


# --- all together ---------------------------------------------------------------------------------------------

class Settings(NamedTuple):
    """The effective settings: every key's value and where it came from. (A named tuple: making a dataclass costs
    every process ~5 M instructions.)"""

    values: Dict[str, Any]
    """Key → value, for every key of :func:`known_keys`."""
    origins: Dict[str, str]
    """Key → ``default``, ``config file PATH``, ``environment VNBRIEF_KEY`` or ``command line``."""
    config_path: Optional[Path] = None
    """The config file read, if any."""

    def options(self) -> Options:
        """The Options object of these settings."""
        return Options(**{name: self.values[name] for name in Options.field_names()})

    @property
    def output_dir(self) -> str:
        """Where the briefs go."""
        return str(self.values["output_dir"])

    def describe(self) -> Iterable[Tuple[str, Any, str]]:
        """(key, value to show, origin) for every key; secrets are masked."""
        for key in known_keys():
            value = self.values[key]
            if key in SECRET_KEYS and value:
                value = "********"
            yield key, value, self.origins[key]


def resolve(command_line: Mapping[str, Any], *, config: Optional[str] = None, cwd: Optional[Path] = None,
            environ: Optional[Mapping[str, str]] = None) -> Settings:
    """Merge the layers. ``command_line`` holds only what was given on the command line (key → value);
    ``config`` is the ``--config`` path. Raises :class:`UsageError` for a bad file, key, value or variable."""
    environ = os.environ if environ is None else environ
    values = default_values()
    origins = {key: ORIGIN_DEFAULT for key in values}
    config_name = config or environ.get(CONFIG_ENV) or None
    path: Optional[Path] = Path(config_name).expanduser() if config_name else find_config(cwd)
    layers: List[Tuple[Dict[str, Any], Optional[str]]] = []
    if path is not None:
        if cwd is not None and not path.is_absolute():
            path = Path(cwd) / path
        confined = not config_name and _found_in_parent(path, cwd)
        if confined:
            log.warning("using the config file %s, found in a parent folder (its paths must stay in that folder; "
                        "give --config to choose another)", path)
        layers.append((load_config(path, confined=confined), f"config file {path}"))
    layers.append((from_environment(environ), None))
    given = {}
    for key, value in command_line.items():
        if key not in values:
            raise UsageError(f"unknown setting {key!r}")
        given[key] = check_value(key, value, ORIGIN_COMMAND_LINE)
    layers.append((given, ORIGIN_COMMAND_LINE))
    for layer, origin in layers:
        for key, value in layer.items():
            values[key] = value
            origins[key] = origin or f"environment {env_name(key)}"
    return Settings(values, origins, path)


def toml_value(value: Any) -> str:
    """A value as TOML source (``None`` has no TOML form: callers print it as a comment)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def settings_lines(settings: Settings) -> Iterable[str]:
    """What ``vnbrief config`` prints: a TOML file of the effective settings, each with its origin."""
    where = str(settings.config_path) if settings.config_path else "none found"
    yield f"# config file: {where}"
    for key, value, origin in settings.describe():
        if value is None:
            yield f"# {key} is not set".ljust(40) + f"  # {origin}"
        else:
            yield f"{key} = {toml_value(value)}".ljust(40) + f"  # {origin}"
