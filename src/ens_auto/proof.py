"""The proof of a procedure: check the PDF justificatif and keep it safely.

Files are written once and never overwritten: a second proof on the same day gets
``_2``, ``_3``... A file that fails the check is not thrown away either: it goes to the
``a-verifier`` sub-folder, so that the person (or a helper) can look at it.

Writing is "all or nothing": the bytes go to a private temporary file first, which is then
hard-linked under its final name (``link`` fails when the name exists, so two runs can
never overwrite each other). On file systems without hard links (FAT/exFAT keys, some
network shares) the final name is created with ``O_EXCL`` and written directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SUSPECT_FOLDER = "a-verifier"
_MAX_COPIES = 999
_SUFFIX_RE = re.compile(r"^(?:_[a-z0-9-]+)*\.[a-z0-9]+$")


@dataclass(frozen=True)
class PdfCheck:
    """Result of :func:`check_pdf`; ``reason`` is French and empty when ``ok``."""

    ok: bool
    reason: str
    text: str
    pages: int


@dataclass(frozen=True)
class SavedFile:
    path: Path
    sha256: str
    size: int


def normalise_text(text: str) -> str:
    """Lower-case, accents folded, whitespace collapsed: « Opposition  enregistrée » ->
    « opposition enregistree »."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(folded.casefold().split())


def check_pdf(data: bytes, *, must_contain: Sequence[str] = ("opposition",)) -> PdfCheck:
    """Check that ``data`` is a readable PDF with at least one page mentioning every word
    of ``must_contain`` (case, accents and spacing ignored)."""
    if not data.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5].startswith(b"%PDF"):
        return PdfCheck(False, "Le fichier reçu n'est pas un PDF.", "", 0)

    import logging

    from pypdf import PdfReader

    # pypdf logs warnings about damaged files on its own logger; the result says it all.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return PdfCheck(False, "Le PDF est protégé par un mot de passe.", "", 0)
        pages = len(reader.pages)
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return PdfCheck(False, "Le PDF est illisible (fichier corrompu).", "", 0)
    if pages == 0:
        return PdfCheck(False, "Le PDF ne contient aucune page.", text, 0)
    normalised = normalise_text(text)
    for word in must_contain:
        if normalise_text(word) not in normalised:
            return PdfCheck(False, f"Le PDF ne mentionne pas « {word} ».", text, pages)
    return PdfCheck(True, "", text, pages)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path | str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def safe_name_part(value: str, *, default: str = "profil") -> str:
    """A file-name part made of ``[a-z0-9_-]`` only (accents folded, max 40 chars).

    A value holding six digits or more loses all its digits: a label must never carry a
    number such as a NIR or a code into a file name, even by mistake."""
    folded = normalise_text(value)
    if sum(c.isdigit() for c in folded) >= 6:
        folded = re.sub(r"\d", "", folded)
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", folded)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-_")[:40].strip("-_")
    return cleaned or default


def proof_name(
    *, label: str, procedure: str, when: datetime, suffix: str = ".pdf", copy: int = 1
) -> str:
    """``AAAA-MM-JJ_<procedure>_<label><suffix>``, with ``_<copy>`` before the extension
    from the second copy on."""
    if not _SUFFIX_RE.match(suffix):
        raise ValueError(f"unsupported suffix {suffix!r}")
    stem_extra, _, extension = suffix.rpartition(".")
    base = (
        f"{when:%Y-%m-%d}_{safe_name_part(procedure, default='demarche')}_"
        f"{safe_name_part(label)}{stem_extra}"
    )
    if copy > 1:
        base += f"_{copy}"
    return f"{base}.{extension}"


def _ensure_folder(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def _write_exclusive_direct(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _write_new_file(folder: Path, names: Iterable[str], data: bytes) -> Path:
    """Write ``data`` under the first free name of ``names``; never overwrite."""
    _ensure_folder(folder)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".ens-auto-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        use_link = True
        for name in names:
            target = folder / name
            if use_link:
                try:
                    os.link(tmp, target)
                    return target
                except FileExistsError:
                    continue
                except OSError:
                    use_link = False  # no hard links here: fall back to O_EXCL
            try:
                _write_exclusive_direct(target, data)
                return target
            except FileExistsError:
                continue
        raise FileExistsError(f"no free file name in {folder}")
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def save_proof(
    data: bytes,
    *,
    folder: Path,
    label: str,
    procedure: str = "opposition",
    when: datetime | None = None,
    suffix: str = ".pdf",
) -> SavedFile:
    """Save ``data`` as ``folder/AAAA-MM-JJ_<procedure>_<label><suffix>`` (mode 0600,
    folder 0700 when created), adding ``_2``, ``_3``... rather than overwriting."""
    when = when or datetime.now()
    names = (  # made one at a time: the first is nearly always free
        proof_name(label=label, procedure=procedure, when=when, suffix=suffix, copy=n)
        for n in range(1, _MAX_COPIES + 1)
    )
    path = _write_new_file(Path(folder), names, data)
    return SavedFile(path=path, sha256=sha256_bytes(data), size=len(data))


def keep_suspect(
    data: bytes,
    *,
    folder: Path,
    label: str,
    procedure: str,
    reason: str,
    when: datetime | None = None,
) -> SavedFile:
    """Keep a file that failed its check in ``folder/a-verifier`` (never deleted), with a
    small French note beside it saying why."""
    saved = save_proof(
        data,
        folder=Path(folder) / SUSPECT_FOLDER,
        label=label,
        procedure=procedure,
        when=when,
        suffix="_suspect.bin",
    )
    note = (
        "Ce fichier a été reçu pendant une démarche ens-auto mais n'a pas passé la "
        f"vérification : {reason}\n"
        "Il est conservé ici pour que vous puissiez le regarder. "
        "Ne le considérez pas comme un justificatif valable.\n"
        f"Empreinte SHA-256 : {saved.sha256}\n"
    )
    with contextlib.suppress(OSError):
        _write_exclusive_direct(saved.path.with_suffix(".txt"), note.encode("utf-8"))
    return saved
