"""Privacy: after a whole opposition and a whole closure, no secret is written in clear
anywhere: not in what was printed, not in the journal (SQLite bytes), not in the run
folders, not in the proofs kept in the documents folder (their bytes, their text, their
names), not in the profiles' folder."""

from __future__ import annotations

from pathlib import Path

from ens_auto.errors import EXIT_UNAVAILABLE
from ens_auto.leaks import find_secrets
from tests.support.cli import (
    account,
    account_env,
    files_under,
    mode,
    person,
    person_env,
    run_cli,
    run_cli_with_otp,
    settings,
    site_args,
)


def _leaks(haystack: bytes, secrets: dict[str, str]) -> list[str]:
    """Each secret found, in any spelling, as UTF-8 or UTF-16 (the product's leak check)."""
    return [str(leak) for leak in find_secrets(haystack, secrets)]


def test_leak_search_finds_what_it_looks_for() -> None:
    nir = person("adulte_avec_photo_2a").nir
    assert _leaks(b"NIR 1 78 11 2A 004 123 10.", {"NIR": nir}) != []
    assert _leaks(nir.encode("utf-16-le"), {"NIR": nir}) != []
    assert _leaks("1 78 11 •• ••• ••• 10".encode(), {"NIR": nir}) == []


def test_no_secret_in_clear_anywhere(replica: object) -> None:
    from pypdf import PdfReader

    # Corsican NIR (letters inside the number), card with photo: its 11 last digits typed.
    who = person("adulte_avec_photo_2a")
    full_serial = "8025000002" + who.carte_vitale_serie
    opposed = run_cli("oppose", "--yes", *site_args(replica), env=person_env(who.id))
    assert opposed.code == 0, opposed
    state = replica.control.state()  # type: ignore[attr-defined]
    assert [o["person"] for o in state["oppositions"]] == [who.id]

    acc = account("compte_cloture")
    closed, otp = run_cli_with_otp(
        "close",
        "--supprimer-donnees",
        "--yes",
        *site_args(replica),
        replica=replica,
        identifiant=acc.identifiant,
        env=account_env("compte_cloture"),
    )
    assert closed.code == 0, closed
    assert len(otp) == 6

    secrets = {
        "NIR": who.nir,
        "code provisoire": who.code_provisoire,
        "numéro de série": who.carte_vitale_serie,
        "numéro de série complet": full_serial,
        "identifiant": acc.identifiant,
        "mot de passe": acc.mot_de_passe,
        "code à usage unique": otp,
    }

    problems: list[str] = []
    for name, result in (("oppose", opposed), ("close", closed)):
        for stream in ("stdout", "stderr"):
            problems += [
                f"{name} {stream}: {leak}"
                for leak in _leaks(getattr(result, stream).encode(), secrets)
            ]
    assert "2 •" in opposed.stderr or "1 78 11 ••" in opposed.stderr  # masked NIR shown

    conf = settings()
    roots = [conf.data_path, conf.download_dir, conf.config_path]
    files = [path for root in roots for path in files_under(root)]
    assert conf.journal_path in files
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".jpg" for p in files)
    for path in files:
        data = path.read_bytes()
        problems += [f"{path}: {leak}" for leak in _leaks(data, secrets)]
        problems += [f"name of {path}: {leak}" for leak in _leaks(str(path).encode(), secrets)]
        if path.suffix == ".pdf":
            text = "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)
            problems += [f"text of {path}: {leak}" for leak in _leaks(text.encode(), secrets)]
    assert problems == [], "\n".join(problems)

    # Private: the proofs and the journal for the owner only, run folders closed.
    for path in files:
        if path.parent == conf.download_dir or path == conf.journal_path:
            assert mode(path) == 0o600, path
    for run_dir in (conf.runs_path).iterdir():
        assert mode(run_dir) == 0o700, run_dir
    assert mode(conf.data_path) == 0o700


def test_trace_warns_that_it_records_what_is_typed(replica: object) -> None:
    """``--trace`` keeps everything typed (by design): the person is warned first. The
    site is in maintenance here, so the run stops at once, pointing to the 3422."""
    replica.control.set_faults(maintenance=True)  # type: ignore[attr-defined]

    result = run_cli(
        "oppose", "--yes", "--trace", *site_args(replica), env=person_env("adulte_sans_photo")
    )

    assert result.code == EXIT_UNAVAILABLE == 6, result
    assert "Attention : la trace enregistre tout ce qui est saisi" in result.stderr
    assert "supprimez-la après usage" in result.stderr
    assert "maintenance" in result.stderr and "3422" in result.stderr
    traces = list(settings().runs_path.glob("*/trace.zip"))
    assert len(traces) == 1
    assert mode(traces[0].parent) == 0o700
    assert replica.control.state()["oppositions"] == []  # type: ignore[attr-defined]
    assert Path(traces[0]).stat().st_size > 0
