"""The justificatif: checked, saved privately, never overwritten, suspects kept."""

from __future__ import annotations

import stat
import threading
from datetime import datetime
from pathlib import Path

import pytest

from ens_auto.proof import (
    check_pdf,
    keep_suspect,
    proof_name,
    safe_name_part,
    save_proof,
    sha256_bytes,
    sha256_file,
)

WHEN = datetime(2026, 11, 22, 19, 35)


def make_pdf(*lines: str, pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- check_pdf --------------------------------------------------------------------------------


def test_real_justificatif_passes_and_text_is_extracted() -> None:
    data = make_pdf("Justificatif d'OPPOSITION", "Votre choix a été enregistré.", pages=2)
    result = check_pdf(data)
    assert result.ok, result.reason
    assert result.reason == ""
    assert result.pages == 2
    assert "OPPOSITION" in result.text


def test_words_are_matched_without_case_accents_or_spacing() -> None:
    data = make_pdf("Opposition   ENREGISTRÉE le 22/11/2026")
    assert check_pdf(data, must_contain=("opposition enregistree", "Enregistrée")).ok


def test_pdf_without_the_word_is_refused_with_a_french_reason() -> None:
    data = make_pdf("Attestation d'activation de votre profil")
    result = check_pdf(data)
    assert not result.ok
    assert result.reason == "Le PDF ne mentionne pas « opposition »."
    assert result.pages == 1


def test_html_error_page_is_not_a_pdf() -> None:
    result = check_pdf(b"<html><body>Site en maintenance</body></html>")
    assert not result.ok
    assert result.reason == "Le fichier reçu n'est pas un PDF."


def test_truncated_pdf_is_reported_as_corrupt() -> None:
    result = check_pdf(b"%PDF-1.4\n%garbage that is not a pdf\n")
    assert not result.ok
    assert result.reason == "Le PDF est illisible (fichier corrompu)."


# --- names ------------------------------------------------------------------------------------


def test_label_is_sanitised_for_file_names() -> None:
    assert safe_name_part("Léa Dupont") == "lea-dupont"
    assert safe_name_part("../../etc/passwd") == "etc-passwd"
    assert safe_name_part("") == "profil"
    # A number that could be a NIR never reaches a file name.
    assert not any(c.isdigit() for c in safe_name_part("1 55 12 55 555 555 55"))


def test_proof_name_follows_the_date_procedure_label_pattern() -> None:
    assert proof_name(label="lea", procedure="opposition", when=WHEN) == (
        "2026-11-22_opposition_lea.pdf"
    )
    assert (
        proof_name(label="lea", procedure="cloture", when=WHEN, suffix="_confirmation.png", copy=3)
        == "2026-11-22_cloture_lea_confirmation_3.png"
    )


# --- save_proof -------------------------------------------------------------------------------


def test_save_proof_writes_a_private_file_with_the_expected_name(tmp_path: Path) -> None:
    folder = tmp_path / "documents" / "ens-auto"
    data = make_pdf("Opposition enregistrée")
    saved = save_proof(data, folder=folder, label="Léa", when=WHEN)
    assert saved.path == folder / "2026-11-22_opposition_lea.pdf"
    assert saved.path.read_bytes() == data
    assert saved.size == len(data)
    assert saved.sha256 == sha256_bytes(data) == sha256_file(saved.path)
    assert mode(saved.path) == 0o600
    assert mode(folder) == 0o700
    # No temporary file is left behind.
    assert [p.name for p in folder.iterdir()] == ["2026-11-22_opposition_lea.pdf"]


def test_save_proof_never_overwrites(tmp_path: Path) -> None:
    first = save_proof(b"%PDF first", folder=tmp_path, label="lea", when=WHEN)
    second = save_proof(b"%PDF second", folder=tmp_path, label="lea", when=WHEN)
    third = save_proof(b"%PDF third", folder=tmp_path, label="lea", when=WHEN)
    assert first.path.name == "2026-11-22_opposition_lea.pdf"
    assert second.path.name == "2026-11-22_opposition_lea_2.pdf"
    assert third.path.name == "2026-11-22_opposition_lea_3.pdf"
    assert first.path.read_bytes() == b"%PDF first"
    assert second.path.read_bytes() == b"%PDF second"
    assert third.path.read_bytes() == b"%PDF third"
    assert all(mode(s.path) == 0o600 for s in (first, second, third))


def test_concurrent_saves_get_distinct_files(tmp_path: Path) -> None:
    results: list[Path] = []

    def save(i: int) -> None:
        saved = save_proof(f"%PDF {i}".encode(), folder=tmp_path, label="demo", when=WHEN)
        results.append(saved.path)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 8
    contents = sorted(p.read_bytes() for p in results)
    assert contents == sorted(f"%PDF {i}".encode() for i in range(8))


def test_existing_folder_permissions_are_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    save_proof(b"%PDF", folder=folder, label="demo", when=WHEN)
    assert mode(folder) == 0o755


def test_screenshot_and_text_use_their_own_suffix(tmp_path: Path) -> None:
    png = save_proof(
        b"\x89PNG...", folder=tmp_path, label="lea", when=WHEN, suffix="_confirmation.png"
    )
    txt = save_proof(b"Choix enregistre", folder=tmp_path, label="lea", when=WHEN, suffix=".txt")
    assert png.path.name == "2026-11-22_opposition_lea_confirmation.png"
    assert txt.path.name == "2026-11-22_opposition_lea.txt"
    with pytest.raises(ValueError):
        save_proof(b"x", folder=tmp_path, label="lea", suffix="/../evil.pdf")


# --- keep_suspect -----------------------------------------------------------------------------


def test_suspect_file_is_kept_apart_with_a_note(tmp_path: Path) -> None:
    bad = b"<html>Erreur</html>"
    reason = check_pdf(bad).reason
    first = keep_suspect(
        bad, folder=tmp_path, label="lea", procedure="opposition", reason=reason, when=WHEN
    )
    second = keep_suspect(
        bad, folder=tmp_path, label="lea", procedure="opposition", reason=reason, when=WHEN
    )
    folder = tmp_path / "a-verifier"
    assert first.path == folder / "2026-11-22_opposition_lea_suspect.bin"
    assert second.path == folder / "2026-11-22_opposition_lea_suspect_2.bin"
    assert first.path.read_bytes() == bad and second.path.read_bytes() == bad
    assert mode(first.path) == 0o600
    note = first.path.with_suffix(".txt").read_text(encoding="utf-8")
    assert "n'est pas un PDF" in note
    assert first.sha256 in note
    # Nothing in the main folder looks like a justificatif.
    assert not list(tmp_path.glob("*.pdf"))
