"""The journal after a real opposition: ``ens-auto journal`` lists it, ``journal show``
gives its files and fingerprints, ``journal verify`` vouches for them, then notices when
the justificatif is changed or lost."""

from __future__ import annotations

import pytest

from tests.support.cli import (
    assert_justificatif,
    invoke,
    journal_runs,
    person_env,
    run_cli,
    site_args,
)


def test_journal_lists_shows_and_verifies(replica: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from ens_auto.proof import sha256_file

    for key, value in person_env("adulte_sans_photo").items():
        monkeypatch.setenv(key, value)
    opposed = invoke(["oppose", "--yes", *site_args(replica)])  # in-process: quicker
    assert opposed.code == 0, opposed
    pdf = assert_justificatif(opposed, "moi")
    (run,) = journal_runs()

    listed = run_cli("journal")
    assert listed.code == 0, listed
    line = next(line for line in listed.stdout.splitlines() if run.id in line)
    assert "opposition" in line and "moi" in line and "réussie" in line

    shown = run_cli("journal", "show", run.id[:-2])  # a unique prefix is enough
    assert shown.code == 0, shown
    assert f"Démarche {run.id}" in shown.stdout
    assert "réussie" in shown.stdout
    assert f"justificatif : {pdf}" in shown.stdout
    assert f"SHA-256 {sha256_file(pdf)}" in shown.stdout
    shot = pdf.with_name(pdf.stem + "_confirmation.png")
    assert f"capture de la confirmation : {shot}" in shown.stdout
    assert f"SHA-256 {sha256_file(shot)}" in shown.stdout

    verified = run_cli("journal", "verify")
    assert verified.code == 0, verified
    assert "intacts" in verified.stdout

    with pdf.open("ab") as handle:  # one byte added at the end of the justificatif
        handle.write(b"\n")
    changed = run_cli("journal", "verify")
    assert changed.code == 1, changed
    assert f"Fichier modifié depuis son enregistrement (justificatif, démarche {run.id})" in (
        changed.stderr
    )
    assert str(pdf) in changed.stderr
    assert "3422" in changed.stderr  # what to do about it
    assert "1 problème(s)" in changed.stderr  # only the justificatif

    pdf.unlink()
    lost = run_cli("journal", "verify")
    assert lost.code == 1, lost
    assert f"Fichier absent (justificatif, démarche {run.id}) : {pdf}" in lost.stderr
