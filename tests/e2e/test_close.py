"""``ens-auto close`` end to end: login, a one-time code read from stdin once the site has
sent it (as a person copies it from the SMS), the closure with or without deletion of the
data, the proof (screenshot and page text) kept and journaled."""

from __future__ import annotations

import pytest

from tests.support.cli import (
    FAST_SUBPROCESS_S,
    account,
    account_env,
    journal_runs,
    mode,
    run_cli,
    run_cli_with_otp,
    settings,
    site_args,
    today,
)


@pytest.mark.parametrize(
    ("option", "account_id", "deletion"),
    [
        ("--supprimer-donnees", "compte_cloture", True),
        ("--conserver-donnees", "compte_cloture_2", False),
    ],
)
def test_close(replica: object, option: str, account_id: str, deletion: bool) -> None:
    from ens_auto.proof import sha256_file

    who = account(account_id)
    result, otp = run_cli_with_otp(
        "close",
        option,
        "--yes",
        *site_args(replica),
        replica=replica,
        identifiant=who.identifiant,
        env=account_env(account_id),
    )

    assert otp, "the replica never sent a one-time code"
    assert result.code == 0, result
    assert "Démarche terminée" in result.stdout
    state = replica.control.state()  # type: ignore[attr-defined]
    assert [(c["account"], c["suppression_donnees"]) for c in state["closures"]] == [
        (account_id, deletion)
    ]
    assert state["oppositions"] == [] and state["activations"] == []

    # No PDF for a closure: the confirmation screenshot and the page's text are the proof.
    folder = settings().download_dir
    shot = folder / f"{today()}_cloture_moi_confirmation.png"
    text = folder / f"{today()}_cloture_moi_confirmation.txt"
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert mode(shot) == 0o600 and mode(text) == 0o600
    page = " ".join(text.read_text(encoding="utf-8").split()).lower()  # badges are upper-case
    assert "profil clôturé" in page
    assert ("demande de suppression des données en cours" in page) is deletion
    assert ("archivées pendant 10 ans" in page) is not deletion
    assert not list(folder.glob("*.pdf"))
    assert str(shot) in result.stdout

    runs = journal_runs()
    assert [(r.flow, r.outcome) for r in runs] == [("cloture", "reussi")]
    files = {f.kind: f for f in runs[0].files}
    assert files["capture_confirmation"].path == str(shot)
    assert files["capture_confirmation"].sha256 == sha256_file(shot)
    assert files["texte_confirmation"].path == str(text)
    assert files["texte_confirmation"].sha256 == sha256_file(text)
    assert "justificatif" not in files


def test_close_without_data_choice_stops_before_any_browser(replica: object) -> None:
    result = run_cli("close", "--yes", *site_args(replica), env=account_env("compte_cloture"))

    assert result.code == 2, result
    assert "--supprimer-donnees" in result.stderr and "--conserver-donnees" in result.stderr
    assert "Choisissez ce que deviennent vos données" in result.stderr
    assert result.elapsed < FAST_SUBPROCESS_S
    assert not settings().journal_path.exists()  # no run was started
    assert replica.control.state()["closures"] == []  # type: ignore[attr-defined]
