"""``ens-auto journal``: list, show, verify, as the person sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ens_auto.cli.common import reset_consoles
from ens_auto.cli.main import build_app
from ens_auto.journal import open_journal
from ens_auto.proof import save_proof


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    app = build_app()

    def run(*args: str):  # type: ignore[no-untyped-def]
        reset_consoles()
        try:
            return runner.invoke(app, list(args))
        finally:
            reset_consoles()

    return run


@pytest.fixture
def two_runs(isolated_env: dict[str, Path]) -> dict[str, object]:
    journal = open_journal()
    done = journal.start_run("opposition", "lea", "https://www.monespacesante.fr")
    journal.update_step(done, 7, "Enregistrer le justificatif")
    proof = save_proof(b"%PDF-1.4 opposition", folder=isolated_env["download"], label="lea")
    shot = save_proof(
        b"\x89PNG", folder=isolated_env["download"], label="lea", suffix="_confirmation.png"
    )
    journal.add_file(done, "justificatif", proof.path, proof.sha256, proof.size)
    journal.add_file(done, "capture_confirmation", shot.path, shot.sha256, shot.size)
    journal.finish_run(done, "reussi", "Opposition enregistrée.")
    crashed = journal.start_run("cloture", "demo", "http://127.0.0.1:8000")
    journal.update_step(crashed, 2, "Se connecter")
    return {"done": done, "crashed": crashed, "proof": proof, "shot": shot}


def test_empty_journal_says_so_and_creates_nothing(run_cli, isolated_env) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("journal")
    assert result.exit_code == 0
    assert "Aucune démarche" in result.output
    assert not (isolated_env["data"] / "journal.sqlite3").exists()
    verify = run_cli("journal", "verify")
    assert verify.exit_code == 0
    assert "Aucun fichier" in verify.output


def test_journal_lists_runs_newest_first(run_cli, two_runs) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("journal")
    assert result.exit_code == 0, result.output
    out = result.output
    assert two_runs["done"] in out and two_runs["crashed"] in out
    assert out.index(two_runs["crashed"]) < out.index(two_runs["done"])
    assert "réussie" in out
    crashed_line = next(line for line in out.splitlines() if two_runs["crashed"] in line)
    assert "en cours" in crashed_line  # a crashed run shows as such, with a note
    assert "non terminée" in out and "interrompue" in out
    assert "7. Enregistrer le justificatif" in out
    assert "2. Se connecter" in out
    assert "opposition" in out and "cloture" in out


def test_journal_show_gives_files_and_hashes(run_cli, two_runs) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("journal", "show", two_runs["done"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Démarche {two_runs['done']}" in out
    assert "Opposition enregistrée." in out
    assert str(two_runs["proof"].path) in out
    assert two_runs["proof"].sha256 in out
    assert two_runs["shot"].sha256 in out
    assert "capture de la confirmation" in out


def test_journal_show_unknown_id_is_a_usage_error(run_cli, two_runs) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("journal", "show", "19990101-000000-dead")
    assert result.exit_code == 2
    assert "Aucune démarche « 19990101-000000-dead »" in result.output


def test_journal_verify_ok_then_catches_changes(run_cli, two_runs) -> None:  # type: ignore[no-untyped-def]
    ok = run_cli("journal", "verify")
    assert ok.exit_code == 0, ok.output
    assert "Les 2 fichier(s) du journal sont intacts" in ok.output

    two_runs["proof"].path.write_bytes(b"%PDF-1.4 activation")
    two_runs["shot"].path.unlink()
    bad = run_cli("journal", "verify")
    assert bad.exit_code == 1
    lines = bad.output.splitlines()
    modified = [line for line in lines if "Fichier modifié" in line]
    missing = [line for line in lines if "Fichier absent" in line]
    assert len(modified) == 1 and str(two_runs["proof"].path) in modified[0]
    assert len(missing) == 1 and str(two_runs["shot"].path) in missing[0]
    assert "2 problème(s) sur 2 fichier(s)" in bad.output


def test_journal_help_is_french(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("journal", "--help")
    assert result.exit_code == 0
    assert "Journal des démarches" in result.output
    assert "verify" in result.output and "show" in result.output
