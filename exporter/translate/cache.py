"""The translation cache: SQLite, one row per translated chunk.

A row is keyed by a hash of the provider and its address, the two languages, the glossary version and the
chunk's source text, so a second run over the same article sends nothing, and changing any of those
translates afresh. Rows are written as soon as each request returns, so a run that fails halfway keeps what
it got and the rerun resumes.

Several processes may share the file: the database runs in WAL mode where the file system allows it, waits up
to 30 s for a lock, and every write is its own short transaction. The default folder is
``platformdirs.user_cache_dir("vnbrief")`` (``~/.cache/vnbrief`` on Linux).
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from pathlib import Path
from typing import Dict, Iterable, Optional, Sequence, Tuple

log = logging.getLogger(__name__)

__all__ = ["TranslationCache", "cache_key", "default_cache_dir", "CACHE_FILE"]

CACHE_FILE = "translations.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations_v1 (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    glossary TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def default_cache_dir() -> Path:
    """The user's cache folder for vnbrief."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("vnbrief"))


def cache_key(provider: str, source_lang: str, target_lang: str, glossary: str, text: str) -> str:
    """The key of one chunk's translation."""
    material = "\x1f".join((provider, source_lang, target_lang, glossary, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class TranslationCache:
    """Get and put translations; a cache that cannot be opened is disabled with a warning."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.path: Optional[Path] = None
        self._db: Optional[sqlite3.Connection] = None
        folder = Path(folder) if folder else default_cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / CACHE_FILE
            db = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError:  # some network file systems: stay in rollback-journal mode
                pass
            db.execute("PRAGMA busy_timeout=30000")
            db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            log.warning("translation cache disabled: cannot open %s (%s)", folder, exc)
            return
        self.path, self._db = path, db

    @property
    def enabled(self) -> bool:
        """Whether the cache file is open."""
        return self._db is not None

    def get_many(self, keys: Iterable[str]) -> Dict[str, str]:
        """Translations found for ``keys``."""
        keys = list(dict.fromkeys(keys))
        found: Dict[str, str] = {}
        if self._db is None or not keys:
            return found
        try:
            for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                part = keys[start:start + 500]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(f"SELECT key, target FROM translations_v1 WHERE key IN ({marks})", part)
                found.update(rows)
        except sqlite3.Error as exc:
            log.warning("translation cache unreadable (%s); translating without it", exc)
        return found

    def put_many(self, rows: Sequence[Tuple[str, str, str, str, str, str, str]]) -> None:
        """Store ``(key, provider, source_lang, target_lang, glossary, source, target)`` rows at once."""
        if self._db is None or not rows:
            return
        now = time.time()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO translations_v1 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [row + (now,) for row in rows])
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            log.warning("translation cache not written (%s)", exc)

    def __len__(self) -> int:
        if self._db is None:
            return 0
        return int(self._db.execute("SELECT COUNT(*) FROM translations_v1").fetchone()[0])

    def close(self) -> None:
        """Close the database file."""
        if self._db is not None:
            self._db.close()
            self._db = None
