"""The journal of runs: one SQLite file that says what was done, when, and which files
prove it (with their SHA-256, so that ``ens-auto journal verify`` can tell whether a
justificatif was changed or lost since).

Every write is its own short transaction: a run that crashes half-way stays
``en_cours`` with its last step, which is exactly what the person needs to see.

Privacy, belt and braces: callers already scrub their texts, but every text stored here
goes through :func:`mask_sensitive` first, which masks anything shaped like a NIR.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from ens_auto.errors import EnsAutoError
from ens_auto.identity import NIR_SHAPE

Outcome = Literal["en_cours", "reussi", "echec", "annule", "deja_fait"]
FileKind = Literal[
    "justificatif", "capture_confirmation", "texte_confirmation", "capture", "suspect", "trace"
]
FileStatus = Literal["ok", "modifie", "absent"]

OUTCOMES: tuple[str, ...] = ("en_cours", "reussi", "echec", "annule", "deja_fait")
FILE_KINDS: tuple[str, ...] = (
    "justificatif",
    "capture_confirmation",
    "texte_confirmation",
    "capture",
    "suspect",
    "trace",
)

#: French words for the outcomes, for display.
OUTCOME_SAY = {
    "en_cours": "en cours ou interrompue",
    "reussi": "réussie",
    "echec": "échec",
    "annule": "annulée",
    "deja_fait": "déjà faite (rien à refaire)",
}
KIND_SAY = {
    "justificatif": "justificatif",
    "capture_confirmation": "capture de la confirmation",
    "texte_confirmation": "texte de la confirmation",
    "capture": "capture d'écran",
    "suspect": "fichier à vérifier",
    "trace": "trace technique",
}

NIR_MASK = "[n° de sécurité sociale masqué]"


def mask_sensitive(text: str | None) -> str:
    """Mask anything that looks like a NIR (with or without spaces, Corsica 2A/2B)."""
    if not text:
        return ""
    return NIR_SHAPE.sub(NIR_MASK, text)


@dataclass(frozen=True)
class FileRecord:
    run_id: str
    kind: str
    path: str
    sha256: str
    size: int
    created_at: str


@dataclass(frozen=True)
class RunRecord:
    id: str
    flow: str
    profile_label: str
    site: str
    started_at: str
    ended_at: str | None
    outcome: str
    last_step: int | None
    last_step_say: str
    message: str
    files: list[FileRecord] = field(default_factory=list)

    @property
    def outcome_say(self) -> str:
        return OUTCOME_SAY.get(self.outcome, self.outcome)


@dataclass(frozen=True)
class FileVerification:
    run_id: str
    kind: str
    path: str
    expected_sha256: str
    status: FileStatus
    actual_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# --- schema -----------------------------------------------------------------------------

_SCHEMA_V1 = """
CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    flow          TEXT NOT NULL,
    profile_label TEXT NOT NULL DEFAULT '',
    site          TEXT NOT NULL DEFAULT '',
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    outcome       TEXT NOT NULL DEFAULT 'en_cours',
    last_step     INTEGER,
    last_step_say TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_started ON runs(started_at);
CREATE TABLE files (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id     TEXT NOT NULL REFERENCES runs(id),
    kind       TEXT NOT NULL,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX files_run ON files(run_id);
"""


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.executescript(_SCHEMA_V1)


#: Migration hook: ``MIGRATIONS[n]`` brings a journal from version ``n - 1`` to ``n``.
#: Add a function here (never edit an old one) when the schema changes.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_to_1}
SCHEMA_VERSION = max(MIGRATIONS)


class Journal:
    """The journal file at ``path`` (created 0600, its folder 0700)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._prepare()

    # -- plumbing --

    def _prepare(self) -> None:
        folder = self.path.parent
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                folder.chmod(0o700)
        if not self.path.exists():
            # Create the file ourselves so that it is private from its first byte.
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
        with contextlib.suppress(OSError):
            self.path.chmod(0o600)
        with self._connect() as conn:
            self._migrate(conn)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as exc:
            raise EnsAutoError(
                f"Le journal des démarches ({self.path}) ne peut pas être ouvert.",
                hint=str(exc),
            ) from None
        conn.row_factory = sqlite3.Row
        try:
            with conn:  # one transaction: commit on success, roll back on error
                yield conn
        except sqlite3.DatabaseError as exc:
            raise EnsAutoError(
                f"Le journal des démarches ({self.path}) est illisible ou endommagé.",
                hint=f"Détail technique : {exc}",
            ) from None
        finally:
            conn.close()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > SCHEMA_VERSION:
            raise EnsAutoError(
                "Le journal des démarches a été créé par une version plus récente d'ens-auto.",
                hint="Mettez ens-auto à jour pour le lire.",
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def schema_version(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    # -- runs --

    def start_run(self, flow: str, profile_label: str, site: str) -> str:
        """Record a new run (``en_cours``); returns its id, e.g. ``20261122-193501-ab12``."""
        started = datetime.now()
        with self._connect() as conn:
            for _ in range(20):
                run_id = f"{started:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
                try:
                    conn.execute(
                        "INSERT INTO runs (id, flow, profile_label, site, started_at, outcome)"
                        " VALUES (?, ?, ?, ?, ?, 'en_cours')",
                        (
                            run_id,
                            mask_sensitive(flow),
                            mask_sensitive(profile_label),
                            mask_sensitive(site),
                            started.astimezone().isoformat(timespec="seconds"),
                        ),
                    )
                    return run_id
                except sqlite3.IntegrityError:
                    continue
        raise EnsAutoError("Impossible de créer une entrée dans le journal des démarches.")

    def update_step(self, run_id: str, n: int, say: str) -> None:
        with self._connect() as conn:
            self._require_run(conn, run_id)
            conn.execute(
                "UPDATE runs SET last_step = ?, last_step_say = ? WHERE id = ?",
                (int(n), mask_sensitive(say), run_id),
            )

    def finish_run(
        self,
        run_id: str,
        outcome: str,
        message: str = "",
        *,
        last_step: tuple[int, str] | None = None,
    ) -> None:
        """The run's end: its outcome, its message, and (if given) the last step played."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}; expected one of {OUTCOMES}")
        with self._connect() as conn:
            self._require_run(conn, run_id)
            conn.execute(
                "UPDATE runs SET outcome = ?, message = ?, ended_at = ? WHERE id = ?",
                (
                    outcome,
                    mask_sensitive(message),
                    None if outcome == "en_cours" else _now(),
                    run_id,
                ),
            )
            if last_step is not None:
                conn.execute(
                    "UPDATE runs SET last_step = ?, last_step_say = ? WHERE id = ?",
                    (int(last_step[0]), mask_sensitive(last_step[1]), run_id),
                )

    def add_file(self, run_id: str, kind: str, path: Path | str, sha256: str, size: int) -> None:
        if kind not in FILE_KINDS:
            raise ValueError(f"unknown file kind {kind!r}; expected one of {FILE_KINDS}")
        with self._connect() as conn:
            self._require_run(conn, run_id)
            conn.execute(
                "INSERT INTO files (run_id, kind, path, sha256, size, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    kind,
                    mask_sensitive(str(Path(path).absolute())),
                    sha256.lower(),
                    int(size),
                    _now(),
                ),
            )

    @staticmethod
    def _require_run(conn: sqlite3.Connection, run_id: str) -> None:
        if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise KeyError(run_id)

    # -- reading --

    @staticmethod
    def _run(row: sqlite3.Row, files: list[FileRecord] | None = None) -> RunRecord:
        return RunRecord(
            id=row["id"],
            flow=row["flow"],
            profile_label=row["profile_label"],
            site=row["site"],
            started_at=row["started_at"],
            ended_at=row["ended_at"],
            outcome=row["outcome"],
            last_step=row["last_step"],
            last_step_say=row["last_step_say"],
            message=row["message"],
            files=files or [],
        )

    @staticmethod
    def _file(row: sqlite3.Row) -> FileRecord:
        return FileRecord(
            run_id=row["run_id"],
            kind=row["kind"],
            path=row["path"],
            sha256=row["sha256"],
            size=row["size"],
            created_at=row["created_at"],
        )

    def list_runs(self, limit: int = 50) -> list[RunRecord]:
        """Most recent runs first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM runs ORDER BY rowid DESC LIMIT ?", (int(limit),)
            ).fetchall()
        return [self._run(row) for row in rows]

    def get_run(self, run_id: str) -> RunRecord | None:
        """The run with this id (or a unique prefix of it), with its files."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None and run_id:
                escaped = run_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                rows = conn.execute(
                    "SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (escaped + "%",)
                ).fetchall()
                row = rows[0] if len(rows) == 1 else None
            if row is None:
                return None
            files = conn.execute(
                "SELECT * FROM files WHERE run_id = ? ORDER BY id", (row["id"],)
            ).fetchall()
        return self._run(row, [self._file(f) for f in files])

    def all_files(self) -> list[FileRecord]:
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM files ORDER BY id").fetchall()
        return [self._file(row) for row in rows]

    def verify(self) -> list[FileVerification]:
        """Hash every recorded file again: ``ok``, ``modifie`` or ``absent``."""
        from ens_auto.proof import sha256_file

        results = []
        for record in self.all_files():
            path = Path(record.path)
            try:
                actual: str | None = sha256_file(path)
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                actual = None
            except OSError:
                actual = ""  # exists but unreadable: cannot vouch for it
            if actual is None:
                status: FileStatus = "absent"
            elif actual == record.sha256:
                status = "ok"
            else:
                status = "modifie"
            results.append(
                FileVerification(
                    run_id=record.run_id,
                    kind=record.kind,
                    path=record.path,
                    expected_sha256=record.sha256,
                    status=status,
                    actual_sha256=actual or None,
                )
            )
        return results


def open_journal(settings: object | None = None) -> Journal:
    """The journal at ``settings.journal_path`` (the current settings by default)."""
    if settings is None:
        from ens_auto.config import get_settings

        settings = get_settings()
    return Journal(settings.journal_path)  # type: ignore[attr-defined]
