"""The translation cache: SQLite, one row per translated chunk.

A row is keyed by a hash of the provider and its address, the two languages, the glossary terms and names
found in the chunk (not the whole glossary: a new term re-sends only the chunks it occurs in) and the chunk's
source text, so a second run over the same article sends nothing, and changing any of those translates
afresh. Rows are written as soon as each request returns, so a run that fails halfway keeps what
it got and the rerun resumes.

Translations a person edited or approved (in a review file handed back, or on the review page) are kept in a
second table, the translation memory: one row per source text and language pair with its state (``edited`` or
``approved``), who and when, reused for the same source in later articles with that same state, never a higher
one. Rows of the older memory table (whose "reviewed" could be a CAT tool's claim) are carried over once as
``edited`` when their text differs from every machine translation of the cache for that source, and dropped
otherwise.

A file that is not a database (or a damaged one) is moved aside as ``translations.sqlite3.corrupt-<time>``
and a new cache is started, with one warning.

Several processes may share the file: the database runs in WAL mode where the file system allows it, waits up
to 30 s in all for a lock (saying so on standard error when it has to wait), and every write is its own short
transaction. The default folder is
``platformdirs.user_cache_dir("vnbrief")`` (``~/.cache/vnbrief`` on Linux).
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
import unicodedata
from pathlib import Path
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from ..resources import default_cache_dir

log = logging.getLogger(__name__)

__all__ = ["TranslationCache", "Remembered", "cache_key", "memory_key", "CACHE_FILE"]

CACHE_FILE = "translations.sqlite3"
#: Seconds to wait in all for another program's lock on the cache before going on without it.
LOCK_WAIT_SECONDS = 30.0

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
);
CREATE TABLE IF NOT EXISTS memory_v1 (
    key TEXT PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS memory_v2 (
    key TEXT PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    state TEXT NOT NULL,
    person TEXT NOT NULL,
    at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created REAL NOT NULL
);
"""
# The older memory's rows, carried over once: edited when no machine translation of the cache says the same.
_MIGRATE = """
INSERT OR IGNORE INTO memory_v2
SELECT m.key, m.source_lang, m.target_lang, m.source, m.target, 'edited', '', '', m.origin, m.created
FROM memory_v1 AS m
WHERE NOT EXISTS (SELECT 1 FROM translations_v1 AS t WHERE t.source_lang = m.source_lang
                  AND t.target_lang = m.target_lang AND t.source = m.source AND t.target = m.target);
DELETE FROM memory_v1;
"""


class Remembered(NamedTuple):
    """A translation of the memory: its text, its state (``edited`` or ``approved``), who and when."""

    target: str
    state: str
    person: str = ""
    at: str = ""


def cache_key(provider: str, source_lang: str, target_lang: str, glossary: str, text: str) -> str:
    """The key of one chunk's translation; ``glossary`` stands for the glossary entries that apply to the chunk
    (not the whole glossary, so a new term re-sends only the chunks it occurs in)."""
    material = "\x1f".join((provider, source_lang, target_lang, glossary, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def memory_key(source_lang: str, target_lang: str, source: str) -> str:
    """The key of a reviewed translation in the memory: the language pair and the source text (NFC, whitespace
    folded)."""
    folded = " ".join(unicodedata.normalize("NFC", source).split())
    return hashlib.sha256("\x1f".join((source_lang, target_lang, folded)).encode("utf-8")).hexdigest()


def _locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class TranslationCache:
    """Get and put translations; a cache that cannot be opened is disabled with a warning."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.path: Optional[Path] = None
        self._db: Optional[sqlite3.Connection] = None
        folder = Path(folder) if folder else default_cache_dir()
        path = folder / CACHE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                db = self._open(path)
            except sqlite3.DatabaseError as exc:
                if not _corrupt(exc):
                    raise
                aside = _move_aside(path)
                log.warning("translation cache %s was damaged (%s): moved to %s, starting a new one", path, exc,
                            aside.name)
                db = self._open(path)
        except (OSError, sqlite3.Error) as exc:
            log.warning("translation cache disabled: cannot open %s (%s)", folder, exc)
            return
        self.path, self._db = path, db

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        """Open (and create) the cache file, waiting at most :data:`LOCK_WAIT_SECONDS` in all for another
        program's lock, with a warning as soon as it has to wait."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        warned = False
        while True:
            db = sqlite3.connect(str(path), timeout=min(1.0, LOCK_WAIT_SECONDS), isolation_level=None)
            try:
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                except sqlite3.OperationalError as exc:  # some network file systems: stay in rollback-journal mode
                    if _locked(exc):
                        raise
                db.executescript(_SCHEMA)
                db.execute("SELECT COUNT(*) FROM translations_v1 WHERE key = ''").fetchone()
                if db.execute("SELECT 1 FROM memory_v1 LIMIT 1").fetchone():
                    db.executescript("BEGIN IMMEDIATE;" + _MIGRATE + "COMMIT;")
                db.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
                return db
            except sqlite3.OperationalError as exc:
                db.close()
                if not _locked(exc) or time.monotonic() >= deadline:
                    raise
                if not warned:
                    log.warning("translation cache %s is locked by another program; waiting up to %g s",
                                path, LOCK_WAIT_SECONDS)
                    warned = True
            except BaseException:
                db.close()
                raise

    def _damaged(self, exc: sqlite3.Error) -> bool:
        """When ``exc`` says the file is damaged: move it aside and start afresh (once); say whether done."""
        if self.path is None or self._db is None or not _corrupt(exc):
            return False
        self._db.close()
        self._db = None
        aside = _move_aside(self.path)
        log.warning("translation cache %s was damaged (%s): moved to %s, starting a new one", self.path, exc,
                    aside.name)
        try:
            self._db = self._open(self.path)
        except (OSError, sqlite3.Error) as again:
            log.warning("translation cache disabled: cannot open %s (%s)", self.path, again)
        return True

    @property
    def enabled(self) -> bool:
        """Whether the cache file is open."""
        return self._db is not None

    def get_many(self, keys: Iterable[str]) -> Dict[str, str]:
        """Translations found for ``keys``."""
        rows = self._lookup("translations_v1", "target", list(dict.fromkeys(keys)),
                            "translation cache unreadable (%s); translating without it")
        return {key: str(row[0]) for key, row in rows.items()}

    def _lookup(self, table: str, columns: str, keys: List[str], warning: str) -> Dict[str, Tuple[object, ...]]:
        """``key → (columns…)`` rows of ``table`` for ``keys``; what was read before an error is kept."""
        found: Dict[str, Tuple[object, ...]] = {}
        if self._db is None or not keys:
            return found
        try:
            for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                part = keys[start:start + 500]
                marks = ",".join("?" * len(part))
                for row in self._db.execute(f"SELECT key, {columns} FROM {table} WHERE key IN ({marks})", part):
                    found[row[0]] = tuple(row[1:])
        except sqlite3.Error as exc:
            if not self._damaged(exc):
                log.warning(warning, exc)
        return found

    def put_many(self, rows: Sequence[Tuple[str, str, str, str, str, str, str]]) -> None:
        """Store ``(key, provider, source_lang, target_lang, glossary, source, target)`` rows at once."""
        if self._db is None or not rows:
            return
        now = time.time()
        self._write("INSERT OR REPLACE INTO translations_v1 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [row + (now,) for row in rows], "translation cache")

    def _write(self, sql: str, rows: Sequence[Tuple[object, ...]], what: str) -> None:
        """Run ``sql`` for every row in one transaction; on failure roll back and warn (never raise)."""
        assert self._db is not None
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(sql, rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            log.warning("%s not written (%s)", what, exc)

    # -- translation memory ----------------------------------------------------------------------------------
    def remember(self, source_lang: str, target_lang: str,
                 rows: Sequence[Tuple[str, Remembered]], origin: str = "") -> None:
        """Keep ``(source, remembered)`` rows a person edited or approved in the translation memory (the newest
        wins); machine rows are never stored."""
        if self._db is None:
            return
        now = time.time()
        kept = [(memory_key(source_lang, target_lang, source), source_lang, target_lang, source, found.target,
                 found.state, found.person, found.at, origin, now)
                for source, found in rows if found.state in ("edited", "approved") and found.target.strip()]
        if kept:
            self._write("INSERT OR REPLACE INTO memory_v2 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kept,
                        "translation memory")

    def recall(self, source_lang: str, target_lang: str, sources: Iterable[str]) -> Dict[str, Remembered]:
        """What the memory holds for ``sources``: source → :class:`Remembered`."""
        wanted = {memory_key(source_lang, target_lang, source): source for source in sources}
        rows = self._lookup("memory_v2", "target, state, person, at", list(wanted),
                            "translation memory unreadable (%s)")
        return {wanted[key]: Remembered(*(str(value) for value in row)) for key, row in rows.items()}

    def memory(self, source_lang: str, target_lang: str) -> List[Tuple[str, Remembered]]:
        """Every ``(source, remembered)`` row of the memory for this language pair, oldest first."""
        if self._db is None:
            return []
        try:
            return [(str(a), Remembered(str(b), str(c), str(d), str(e))) for a, b, c, d, e in self._db.execute(
                "SELECT source, target, state, person, at FROM memory_v2 WHERE source_lang = ? AND target_lang = ? "
                "ORDER BY created", (source_lang, target_lang))]
        except sqlite3.Error as exc:
            log.warning("translation memory unreadable (%s)", exc)
            return []

    def __len__(self) -> int:
        if self._db is None:
            return 0
        return int(self._db.execute("SELECT COUNT(*) FROM translations_v1").fetchone()[0])

    def close(self) -> None:
        """Close the database file."""
        if self._db is not None:
            self._db.close()
            self._db = None


def _corrupt(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` means a damaged file or not a database at all (not a lock or a permission problem)."""
    if isinstance(exc, sqlite3.OperationalError) or not isinstance(exc, sqlite3.DatabaseError):
        return False
    message = str(exc).lower()
    return "not a database" in message or "malformed" in message or "corrupt" in message


def _move_aside(path: Path) -> Path:
    """Rename the cache file (and its journal files) to ``….corrupt-<UTC time>``; return the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.replace(aside.with_name(aside.name + suffix))
    return aside
