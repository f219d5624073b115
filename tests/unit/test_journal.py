"""The journal of runs: survives crashes, keeps no NIR, and catches changed proofs."""

from __future__ import annotations

import re
import sqlite3
import stat
from pathlib import Path

import pytest

from ens_auto.errors import EnsAutoError
from ens_auto.journal import SCHEMA_VERSION, Journal, mask_sensitive, open_journal
from ens_auto.proof import save_proof

# Valid-looking NIRs (key = 97 - n mod 97), including Corsica.
NIR = "155125555555597"
NIR_SPACED = "1 55 12 55 555 555 97"
NIR_CORSICA = "2 90 03 2A 123 456 94"


def test_journal_file_and_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    Journal(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_open_journal_uses_the_settings_path(isolated_env: dict[str, Path]) -> None:
    journal = open_journal()
    assert journal.path == isolated_env["data"] / "journal.sqlite3"
    assert journal.path.exists()


def test_a_run_goes_from_en_cours_to_reussi(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    run_id = journal.start_run("opposition", "lea", "https://www.monespacesante.fr")
    assert re.fullmatch(r"\d{8}-\d{6}-[0-9a-f]{4}", run_id)
    journal.update_step(run_id, 3, "Choisir « Je m'oppose »")
    journal.finish_run(run_id, "reussi", "Opposition enregistrée.")
    run = journal.get_run(run_id)
    assert run is not None
    assert (run.flow, run.profile_label, run.outcome) == ("opposition", "lea", "reussi")
    assert (run.last_step, run.last_step_say) == (3, "Choisir « Je m'oppose »")
    assert run.message == "Opposition enregistrée."
    assert run.ended_at is not None
    assert run.outcome_say == "réussie"


def test_a_crashed_run_stays_en_cours_for_a_new_process(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    run_id = journal.start_run("cloture", "demo", "http://127.0.0.1:1")
    journal.update_step(run_id, 2, "Se connecter")
    del journal  # the process dies here: no finish_run
    again = Journal(path)
    run = again.get_run(run_id)
    assert run is not None
    assert run.outcome == "en_cours"
    assert run.ended_at is None
    assert (run.last_step, run.last_step_say) == (2, "Se connecter")
    assert [r.id for r in again.list_runs()] == [run_id]


def test_list_runs_newest_first_and_limited(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    ids = [journal.start_run("opposition", f"p{i}", "s") for i in range(4)]
    listed = [r.id for r in journal.list_runs()]
    assert listed == list(reversed(ids))
    assert len(journal.list_runs(limit=2)) == 2


def test_get_run_accepts_a_unique_prefix_and_returns_files(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    run_id = journal.start_run("opposition", "lea", "s")
    saved = save_proof(b"%PDF-1.4 proof", folder=tmp_path / "docs", label="lea")
    journal.add_file(run_id, "justificatif", saved.path, saved.sha256, saved.size)
    run = journal.get_run(run_id[:-2])
    assert run is not None and run.id == run_id
    assert [(f.kind, Path(f.path), f.sha256, f.size) for f in run.files] == [
        ("justificatif", saved.path, saved.sha256, saved.size)
    ]
    assert journal.get_run("nope") is None


def test_unknown_outcome_kind_or_run_are_refused(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    run_id = journal.start_run("opposition", "lea", "s")
    with pytest.raises(ValueError):
        journal.finish_run(run_id, "ok")
    with pytest.raises(ValueError):
        journal.add_file(run_id, "photo", tmp_path / "x", "00", 1)
    with pytest.raises(KeyError):
        journal.update_step("20000101-000000-0000", 1, "x")


def test_verify_catches_a_modified_and_a_missing_file(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    run_id = journal.start_run("opposition", "lea", "s")
    docs = tmp_path / "docs"
    kept = save_proof(b"%PDF kept", folder=docs, label="lea")
    changed = save_proof(b"%PDF changed", folder=docs, label="lea")
    lost = save_proof(b"%PDF lost", folder=docs, label="lea", suffix="_confirmation.png")
    for saved, kind in ((kept, "justificatif"), (changed, "trace"), (lost, "capture")):
        journal.add_file(run_id, kind, saved.path, saved.sha256, saved.size)
    assert {v.status for v in journal.verify()} == {"ok"}

    changed.path.write_bytes(b"%PDF tampered")
    lost.path.unlink()
    results = {Path(v.path): v for v in journal.verify()}
    assert results[kept.path].status == "ok"
    assert results[changed.path].status == "modifie"
    assert results[changed.path].actual_sha256 not in (None, changed.sha256)
    assert results[lost.path].status == "absent"
    assert results[lost.path].actual_sha256 is None


@pytest.mark.parametrize("nir", [NIR, NIR_SPACED, NIR_CORSICA, "1.55.12.55.555.555.97"])
def test_mask_sensitive_masks_nir_shapes(nir: str) -> None:
    masked = mask_sensitive(f"Erreur pour {nir} sur la page")
    assert nir not in masked
    assert "masqué" in masked
    assert masked.startswith("Erreur pour ") and masked.endswith(" sur la page")


def test_mask_sensitive_leaves_ordinary_text_alone() -> None:
    text = "Étape 12 sur 15, le 22/11/2026 à 19:35, run 20261122-193501-ab12, 3422"
    assert mask_sensitive(text) == text


def test_no_nir_reaches_the_journal_file_even_if_a_caller_passes_one(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    run_id = journal.start_run("opposition", f"profil {NIR}", f"https://x/?nir={NIR}")
    journal.update_step(run_id, 1, f"Saisir le numéro {NIR_SPACED}")
    journal.finish_run(run_id, "echec", f"Le numéro {NIR_CORSICA} est refusé ({NIR})")
    journal.add_file(run_id, "trace", tmp_path / f"trace_{NIR}.zip", "ab" * 32, 10)
    run = journal.get_run(run_id)
    assert run is not None and run.outcome == "echec"
    assert "masqué" in run.message and "masqué" in run.last_step_say
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for shape in (NIR, NIR_SPACED, NIR_CORSICA, "2 90 03 2A"):
        assert shape.encode() not in raw


def test_schema_version_is_recorded_and_newer_journals_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    assert Journal(path).schema_version() == SCHEMA_VERSION
    Journal(path)  # reopening does not migrate twice
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    conn.close()
    with pytest.raises(EnsAutoError, match="version plus récente"):
        Journal(path)


def test_a_damaged_journal_gives_a_french_error(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(EnsAutoError, match="illisible ou endommagé"):
        Journal(path)
