"""Where things are: the bundled templates, fonts and data files (inside the installed package, or at the top of
a source checkout), and the user's cache folder."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir(name: str) -> Path:
    """The folder of bundled ``name`` (``templates`` or ``fonts``).

    A wheel puts them inside the package (``exporter/templates``); a checkout or an editable install keeps
    them at the top of the repository.
    """
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found beside {_PACKAGE}")


def cache_folder(cache_dir: Optional[str], use: bool = True) -> Optional[str]:
    """The cache folder of a run (``--cache-dir``, else the user's), or ``None`` when caches are off
    (``--no-cache``)."""
    if not use:
        return None
    return str(Path(cache_dir) if cache_dir else default_cache_dir())


def default_cache_dir() -> Path:
    """The user's cache folder for vnbrief (translations and downloaded photos)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("vnbrief"))
