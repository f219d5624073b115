"""Helpers for end-to-end tests of the command line.

Two ways to run ``ens-auto``:

- :func:`run_cli`: a real subprocess (``python -m ens_auto``) with the test's environment
  (the autouse ``isolated_env`` fixture has put ENS_AUTO_DATA_DIR and friends in
  ``os.environ``); stdin from a string (or closed), stdout and stderr captured.
- :func:`invoke`: in-process with Typer's ``CliRunner``, for what needs the in-memory
  keyring of the tests (profiles, ``--all``).

And what a person cares about after a run: :func:`assert_justificatif` (the PDF is there,
well named, private, a real justificatif, journaled with its hash, the confirmation
screenshot beside it).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.texts import fold

#: Wide enough that Rich never wraps a path or a hash in the output.
COLUMNS = "400"
#: A command refused before any browser starts answers within this (in-process: well
#: under; a subprocess also pays for Python's start, slow on a busy 2-core machine).
FAST_S = 3.0
FAST_SUBPROCESS_S = 5.0


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str
    elapsed: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:  # shown by pytest when an assertion fails
        return (
            f"exit {self.code} in {self.elapsed:.1f} s\n"
            f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
        )


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = os.environ.copy()
    env["COLUMNS"] = COLUMNS
    env["NO_COLOR"] = "1"
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.update(extra or {})
    return env


def run_cli(
    *args: str,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 90,
) -> CliResult:
    """``ens-auto ARGS`` in a subprocess; ``input=None`` means stdin closed (empty)."""
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "ens_auto", *args],
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(env),
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started)


def run_cli_with_otp(
    *args: str,
    replica: Any,
    identifiant: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 90,
) -> tuple[CliResult, str]:
    """Run a closure in a subprocess and write the one-time code on its stdin once the
    replica has sent it (as the person would after reading the SMS). Returns the result
    and the code."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ens_auto", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=cli_env(env),
    )
    code = ""
    try:
        deadline = started + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                code = replica.control.otp(identifiant)
                break
            except KeyError:
                time.sleep(0.1)
        stdout, stderr = proc.communicate(
            input=f"{code}\n" if code else "", timeout=max(deadline - time.monotonic(), 1)
        )
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    result = CliResult(proc.returncode, stdout, stderr, time.monotonic() - started)
    return result, code


def invoke(args: Sequence[str], *, input: str | None = None) -> CliResult:
    """``ens-auto ARGS`` in this process (in-memory keyring, process-wide Playwright)."""
    from typer.testing import CliRunner

    from ens_auto.cli.common import reset_consoles
    from ens_auto.cli.main import build_app
    from ens_auto.config import reset_settings

    reset_settings()
    reset_consoles()
    started = time.monotonic()
    try:
        result = CliRunner().invoke(
            build_app(),
            list(args),
            input=input,
            env={"COLUMNS": COLUMNS, "NO_COLOR": "1"},
            catch_exceptions=False,
        )
    finally:
        reset_consoles()
    return CliResult(result.exit_code, result.stdout, result.stderr, time.monotonic() - started)


# -- identities ----------------------------------------------------------------------------


def person(person_id: str) -> Any:
    from ens_auto.replica.identities import load_identities

    return load_identities().person(person_id)


def account(account_id: str) -> Any:
    from ens_auto.replica.identities import load_identities

    return load_identities().account(account_id)


def person_env(person_id: str, **override: str) -> dict[str, str]:
    """ENS_AUTO_* variables for an opposition by this fake person."""
    p = person(person_id)
    env = {
        "ENS_AUTO_CODE_PROVISOIRE": p.code_provisoire,
        "ENS_AUTO_NIR": p.nir,
        "ENS_AUTO_CARTE_VITALE_TYPE": p.carte_vitale_type,
        "ENS_AUTO_CARTE_VITALE_SERIE": p.carte_vitale_serie,
    }
    env.update({f"ENS_AUTO_{k.upper()}": v for k, v in override.items()})
    return env


def account_env(account_id: str) -> dict[str, str]:
    a = account(account_id)
    return {"ENS_AUTO_IDENTIFIANT": a.identifiant, "ENS_AUTO_MOT_DE_PASSE": a.mot_de_passe}


def site_args(replica: Any) -> list[str]:
    return ["--site", replica.url, "--headless"]


# -- what a person checks afterwards -------------------------------------------------------


def settings() -> Any:
    from ens_auto.config import get_settings, reset_settings

    reset_settings()
    return get_settings()


def journal_runs() -> list[Any]:
    """Runs in the journal, oldest first (empty when no journal was ever created)."""
    from ens_auto.journal import Journal

    path = settings().journal_path
    if not path.exists():
        return []
    journal = Journal(path)
    return [journal.get_run(r.id) for r in reversed(journal.list_runs(limit=1000))]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def today() -> str:
    return date.today().isoformat()


def assert_justificatif(
    result: CliResult, label: str, *, folder: Path | None = None, run: Any = None
) -> Path:
    """The opposition's PDF for ``label``: named ``AAAA-MM-JJ_opposition_<label>.pdf``,
    mode 0600, a real justificatif, its path and SHA-256 printed, the confirmation
    screenshot (and page text) beside it; the journal row (``run``, else the last one)
    is « reussi » with this PDF and its hash."""
    from ens_auto.proof import check_pdf, sha256_file

    folder = folder or settings().download_dir
    pdf = folder / f"{today()}_opposition_{label}.pdf"
    assert pdf.is_file(), f"missing {pdf}\n{result}"
    assert mode(pdf) == 0o600
    check = check_pdf(pdf.read_bytes(), must_contain=["opposition"])
    assert check.ok, check.reason
    digest = sha256_file(pdf)
    assert str(pdf) in result.stdout
    assert digest in result.stdout
    shot = folder / f"{today()}_opposition_{label}_confirmation.png"
    assert shot.is_file() and shot.read_bytes().startswith(b"\x89PNG")
    assert mode(shot) == 0o600
    text = folder / f"{today()}_opposition_{label}_confirmation.txt"
    # The done page's words are the skin's own (SITE.md does not know them): by meaning.
    said = fold(text.read_text(encoding="utf-8"))
    assert "opposition" in said and re.search(r"enregistr|prise en compte|effectu", said), said

    run = run or journal_runs()[-1]
    assert run.outcome == "reussi", run
    assert run.flow == "opposition"
    files = {f.kind: f for f in run.files}
    assert files["justificatif"].path == str(pdf)
    assert files["justificatif"].sha256 == digest
    assert files["capture_confirmation"].path == str(shot)
    return pdf


def files_under(root: Path) -> Iterator[Path]:
    if root.exists():
        yield from (p for p in sorted(root.rglob("*")) if p.is_file())


@pytest.fixture
def failing_keyring() -> Iterator[Any]:
    """A keyring that fails like a headless Linux without Secret Service."""
    import keyring

    from tests.support.keyrings import FailingKeyring

    previous = keyring.get_keyring()
    backend = FailingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
