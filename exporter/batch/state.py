"""``--skip-unchanged``: what the last run into an output folder rendered, and from what."""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from .._version import __version__
from ..atomic import write_atomic
from ..errors import VnbriefError
from ..interrupt import deferred_interrupt
from ..options import Options
from ..read import is_url
from ..read.fetch.bounded import read_file

#: The state file, in the output folder.
STATE_FILE = ".vnbrief-state.json"
#: Largest state file read (bytes): a line per input, 10,000 inputs in about 2 MB.
MAX_STATE_BYTES = 32 * 1024 * 1024
_NOT_IN_KEY = ("jobs", "timeout", "cache_dir", "use_cache", "api_key")  # change how, not what, is rendered


def _sha256(data: bytes) -> Any:
    """hashlib's SHA-256, imported when --skip-unchanged needs it (hashlib loads OpenSSL: 2 ms of every start)."""
    import hashlib

    return hashlib.sha256(data)


def _file_digest(path: Optional[str]) -> str:
    if not path:
        return ""
    target = Path(path).expanduser()
    try:
        if target.is_dir():  # a font folder: names, sizes and times of its files
            return ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sorted(target.iterdir()))
        if not target.is_file():
            return ""
        return _sha256(read_file(target, str(target))).hexdigest()  # through the input size limit
    except (OSError, VnbriefError):
        return ""


def options_key(options: Options) -> str:
    """A digest of everything in ``options`` that changes the briefs, including the content of the files they
    name (glossary, template, reviewed translations, font folder) and vnbrief's version."""
    values = {k: v for k, v in dataclasses.asdict(options).items() if k not in _NOT_IN_KEY}
    files = {k: _file_digest(getattr(options, k)) for k in ("glossary", "translations_file", "template", "font")}
    text = json.dumps([__version__, values, files], sort_keys=True, default=str)
    return _sha256(text.encode("utf-8")).hexdigest()


def input_key(source: str, stem: Optional[str], options_digest: str) -> Optional[str]:
    """The key of a file input's content, stem and options; ``None`` for what cannot be hashed beforehand."""
    if source == "-" or is_url(source) or not os.path.isfile(source):  # a pipe is read once, when rendered
        return None
    try:
        content = read_file(source, source)  # through the input size limit: what could not be read is rendered
    except VnbriefError:
        return None
    return _sha256(content + b"\0" + (stem or "").encode() + b"\0" + options_digest.encode()).hexdigest()


def _inside(name: object) -> bool:
    """Whether ``name`` (read from a state file) is a path inside the output folder, as vnbrief records them."""
    if not isinstance(name, str) or not name:
        return False
    parts = Path(name).parts
    return not Path(name).is_absolute() and ".." not in parts and bool(parts)


class State:
    """The ``--skip-unchanged`` memory of an output folder: input path → key and outputs."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / STATE_FILE
        self.entries: Dict[str, dict] = {}
        try:
            data = json.loads(read_file(self.path, str(self.path), limit=MAX_STATE_BYTES).decode("utf-8"))
            if isinstance(data, dict) and isinstance(data.get("inputs"), dict):
                self.entries = {k: v for k, v in data["inputs"].items() if isinstance(v, dict)}
        except (VnbriefError, ValueError, RecursionError):
            pass  # no state yet, or a damaged one (even nested beyond Python's stack): everything is rendered again

    def unchanged(self, source: str, key: Optional[str]) -> Optional[List[str]]:
        """The outputs of the last run when ``key`` is the same and they all still exist."""
        entry = self.entries.get(os.path.realpath(source))
        if key is None or not entry or entry.get("key") != key:
            return None
        names = entry.get("outputs")
        if not isinstance(names, list) or not all(_inside(n) for n in names):
            return None  # not what vnbrief writes (a path leading out of the output folder): rendered again
        outputs = [str(self.path.parent / name) for name in names]
        return outputs if outputs and all(Path(p).is_file() for p in outputs) else None

    def record(self, source: str, key: Optional[str], outputs: Sequence[str]) -> None:
        if key is not None:
            self.entries[os.path.realpath(source)] = {
                "key": key, "outputs": [Path(os.path.relpath(p, self.path.parent)).as_posix() for p in outputs]}

    def save(self) -> None:
        data = {"generator": f"vnbrief {__version__}", "inputs": self.entries}
        with deferred_interrupt():
            write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
