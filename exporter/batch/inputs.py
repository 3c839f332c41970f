"""What a batch renders: files, folders, glob patterns, URLs and ``-`` turned into inputs, each with an output
name that no other input of the batch shares."""
from __future__ import annotations

import glob
import os
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ..errors import InputError, VnbriefError
from ..read import SUFFIXES, is_url

_OWN_OUTPUT_MARK = b'generator: "vnbrief '  # front matter line of every bundled Markdown brief


class Input(NamedTuple):
    """One input of a batch. (A named tuple: making a dataclass costs every process ~5 M instructions.)"""

    source: str
    """A path, a URL or ``-``, as typed or as found in a folder."""
    stem: Optional[str] = None
    """The planned output name without extension (files); ``None``: a slug of the headline (stdin, URLs)."""
    error: Optional[VnbriefError] = None
    """Set when what was typed matched nothing (an empty folder, a pattern without match)."""
    named_by: Optional[str] = None
    """The address the user named for a URL that was not typed itself (the feed that listed it): the one host
    the address policy trusts for it (see :class:`exporter.net.Reach`)."""


def _has_magic(spec: str) -> bool:
    return glob.has_magic(spec)


def _is_own_output(path: Path) -> bool:
    """A Markdown brief vnbrief wrote (rendering it again would replace the brief of its article)."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return False
    try:
        with open(path, "rb") as handle:
            return _OWN_OUTPUT_MARK in handle.read(2048)
    except OSError:
        return False


def _supported(path: Path) -> bool:
    return _wanted(path.name) and path.is_file() and not _is_own_output(path)


def _wanted(name: str) -> bool:
    """A name vnbrief reads, that is not hidden nor a Word lock file."""
    return os.path.splitext(name)[1].lower() in SUFFIXES and not name.startswith((".", "~$"))


def folder_files(folder: Path, recursive: bool = False, exclude: Sequence[Path] = ()) -> List[Path]:
    """Supported files in ``folder`` (and its sub-folders when ``recursive``), sorted; hidden files, Word's
    ``~$`` lock files, the ``exclude`` folders (the output folder) and vnbrief's own briefs left out."""
    return [path for path, _ in _listed(folder, recursive, exclude)]


def _listed(folder: Path, recursive: bool, exclude: Sequence[Path]) -> List[Tuple[Path, str]]:
    """:func:`folder_files`, each with its real path: the folder's is resolved once and a file's is the folder's
    and its name, unless the file is a symbolic link (resolved on its own). A sub-folder is entered as
    :func:`os.walk` does (not through a link; one that cannot be read is passed over)."""
    skip = {os.path.realpath(p) for p in exclude} if recursive else set()
    found: List[Tuple[Path, str]] = []
    stack: List[Tuple[str, str]] = [(str(folder), os.path.realpath(folder))]
    while stack:
        root, real = stack.pop()
        try:
            with os.scandir(root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            if not recursive:
                raise
            continue
        below: List[Tuple[str, str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if recursive and not entry.name.startswith(".") and not entry.is_symlink():
                    inside = os.path.join(real, entry.name)
                    if inside not in skip:
                        below.append((entry.path, inside))
                continue
            if not _wanted(entry.name):
                continue
            try:
                is_file = entry.is_file()  # links followed; no system call where the folder's listing says
            except OSError:
                is_file = False
            path = Path(root) / entry.name
            if not is_file or _is_own_output(path):
                continue
            found.append((path, os.path.realpath(path) if entry.is_symlink() else os.path.join(real, entry.name)))
        stack.extend(reversed(below))
    return found


def _no_files_error(folder: Path, recursive: bool) -> InputError:
    kinds = ", ".join(sorted({s for s in SUFFIXES if s in (".txt", ".md", ".html", ".docx")}))
    hint = f"it needs {kinds} files"
    if not recursive and folder_files(folder, True):
        hint = "its sub-folders have some: add --recursive"
    return InputError("holds no file to render", subject=str(folder), hint=hint)


def collect_inputs(specs: Sequence[str], *, recursive: bool = False, exclude: Sequence[Path] = (),
                   named_by: Optional[Mapping[str, str]] = None) -> List[Input]:
    """The inputs named by ``specs``: files and URLs as given, ``-``, every supported file of a folder, the
    matches of a glob pattern (``news/*.txt``, ``**/*.md``). The same file named twice is rendered once.

    A folder with no supported file or a pattern that matches nothing becomes an :class:`Input` with its error
    set; a path that does not exist is kept, and reading it reports it. ``named_by`` maps the addresses a feed
    listed to the feed (:attr:`Input.named_by`)."""
    found: List[Input] = []
    seen = set()

    def add(source: str, key: Optional[str] = None) -> None:
        if key is None:
            key = source if (source == "-" or is_url(source)) else os.path.realpath(source)
        if key not in seen:
            seen.add(key)
            found.append(Input(source, named_by=(named_by or {}).get(source)))

    for spec in specs:
        path = Path(spec)
        if spec == "-" or is_url(spec):
            add(spec)
        elif path.is_dir():
            listed = _listed(path, recursive, exclude)
            if not listed:
                found.append(Input(spec, error=_no_files_error(path, recursive)))
            for file, real in listed:
                add(str(file), real)
        elif not path.exists() and _has_magic(spec):
            matches = sorted(glob.glob(os.path.expanduser(spec), recursive=True))
            files = []
            for match in map(Path, matches):
                files.extend(folder_files(match, recursive, exclude) if match.is_dir()
                             else [match] if _supported(match) else [])
            if not files:
                found.append(Input(spec, error=InputError("no file matches this pattern", subject=spec,
                                                          hint="check the pattern and the folder")))
            for file in files:
                add(str(file))
        else:
            add(spec)
    stems = plan_stems([i.source for i in found if i.error is None and i.source != "-" and not is_url(i.source)])
    return [i._replace(stem=stems.get(i.source)) for i in found]


def plan_stems(paths: Sequence[str]) -> Dict[str, str]:
    """An output stem for every path, unique in the batch (ignoring case, for case-insensitive disks):
    ``a.txt`` → ``a``; ``news/a.txt`` and ``sport/a.txt`` → ``news-a`` and ``sport-a`` (as many parent
    folders as it takes); ``a.txt`` and ``a.md`` in one folder → ``a-txt`` and ``a-md``; what still collides
    is numbered (``-2``)."""
    stems = {p: Path(p).stem for p in paths}
    groups: Dict[str, List[str]] = defaultdict(list)
    for p in paths:
        groups[stems[p].casefold()].append(p)
    for members in groups.values():
        if len(members) > 1:
            stems.update(_disambiguate(members))
    used: set = set()
    for p in paths:  # a last guard: "news-a" may also be the name of a file of the batch
        stem, n = stems[p], 2
        while stems[p].casefold() in used:
            stems[p] = f"{stem}-{n}"
            n += 1
        used.add(stems[p].casefold())
    return stems


def _disambiguate(members: Sequence[str]) -> Dict[str, str]:
    by_folder: Dict[str, List[str]] = defaultdict(list)
    for m in members:
        by_folder[os.path.dirname(os.path.abspath(m))].append(m)
    # In one folder only the suffix tells them apart: a.txt, a.md → a-txt, a-md.
    base = {m: Path(m).stem if len(group) == 1 else f"{Path(m).stem}-{Path(m).suffix.lstrip('.') or 'file'}"
            for group in by_folder.values() for m in group}
    if len(by_folder) == 1:
        return base
    # Across folders, as many parent folders as it takes: news/2024/a.txt, sport/2024/a.txt → news-2024-a …
    parts = {m: Path(os.path.abspath(m)).parent.parts[1:] for m in members}
    for depth in range(1, max(len(p) for p in parts.values()) + 1):
        names = {m: "-".join(parts[m][-depth:] + (base[m],)) for m in members}
        if len({n.casefold() for n in names.values()}) == len(members):
            return names
    return base
