"""The household: profiles with their secrets in the keyring, ``oppose --all`` (children
first, one justificatif each, a summary), and what happens without a usable keyring.

In-process (Typer's CliRunner): the tests' in-memory keyring only exists in this process.
"""

from __future__ import annotations

import json
from datetime import datetime

import keyring

from tests.support.cli import (
    assert_justificatif,
    failing_keyring,  # noqa: F401  (fixture)
    invoke,
    journal_runs,
    mode,
    person,
    settings,
    site_args,
)

# Profile label -> fake person of the replica; added parent first, on purpose.
HOUSEHOLD = {
    "sophie": ("parent", "moi"),
    "lucas": ("enfant_1", "enfant"),
    "emma": ("enfant_2", "enfant"),
}


def _profile_answers(person_id: str) -> str:
    """Lines for ``profile add --carte-vitale ...`` from a pipe: code provisoire, NIR,
    serial, then blank lines for birth date, login and password (not saved)."""
    p = person(person_id)
    return "\n".join([p.code_provisoire, p.nir, p.carte_vitale_serie, "", "", ""]) + "\n"


def test_profile_add_keeps_secrets_in_the_keyring_only() -> None:
    p = person("parent")
    result = invoke(
        ["profile", "add", "sophie", "--relation", "moi", "--carte-vitale", "sans_photo"],
        input=_profile_answers("parent"),
    )

    assert result.code == 0, result
    assert "Profil « sophie » enregistré" in result.stdout
    assert "trousseau sécurisé" in result.stdout
    store = keyring.get_keyring().store  # the tests' MemoryKeyring
    assert store[("ens-auto", "sophie:nir")] == p.nir
    assert store[("ens-auto", "sophie:code_provisoire")] == p.code_provisoire
    assert store[("ens-auto", "sophie:carte_vitale_serie")] == p.carte_vitale_serie
    saved = settings().config_path / "profils.json"
    text = saved.read_text(encoding="utf-8")
    assert json.loads(text)["profils"][0]["label"] == "sophie"
    for secret in (p.nir, p.code_provisoire, p.carte_vitale_serie):
        assert secret not in text
        assert secret not in result.output
    assert mode(saved) == 0o600


def test_oppose_all_children_first(replica: object) -> None:
    for label, (person_id, relation) in HOUSEHOLD.items():
        added = invoke(
            ["profile", "add", label, "--relation", relation, "--carte-vitale", "sans_photo"],
            input=_profile_answers(person_id),
        )
        assert added.code == 0, added

    result = invoke(["oppose", "--all", "--yes", *site_args(replica)])

    assert result.code == 0, result
    out = result.stdout
    # Children first (in the order they were added), then the parent.
    order = [out.index(f"— {label} (") for label in ("lucas", "emma", "sophie")]
    assert order == sorted(order), out
    for n, label in enumerate(("lucas", "emma", "sophie"), start=1):
        assert f"— {label} ({n}/3)" in out
    runs = journal_runs()
    assert [(r.profile_label, r.outcome) for r in runs] == [
        ("lucas", "reussi"),
        ("emma", "reussi"),
        ("sophie", "reussi"),
    ]
    pdfs = [
        assert_justificatif(result, label, run=run)
        for label, run in zip(("lucas", "emma", "sophie"), runs, strict=True)
    ]
    assert len(set(pdfs)) == 3

    state = replica.control.state()  # type: ignore[attr-defined]
    records = [(o["person"], o["via_representant"]) for o in state["oppositions"]]
    assert records == [("enfant_1", True), ("enfant_2", True), ("parent", False)]
    times = [datetime.fromisoformat(o["at"]) for o in state["oppositions"]]
    assert times == sorted(times)
    assert state["activations"] == []

    # The summary table: one line per person, with its justificatif.
    summary = out[out.index("Récapitulatif") :]
    for label, pdf in zip(("lucas", "emma", "sophie"), pdfs, strict=True):
        line = next(line for line in summary.splitlines() if f" {label} " in line)
        assert "réussie" in line and pdf.name in line
    assert "enfant" in summary and "moi" in summary


def test_without_keyring_profile_saved_without_secrets_and_details_asked(
    replica: object,
    failing_keyring: object,  # noqa: F811
) -> None:
    added = invoke(
        ["profile", "add", "camille", "--relation", "moi", "--carte-vitale", "sans_photo"]
    )

    assert added.code == 0, added
    assert "Aucun trousseau sécurisé" in added.stderr  # French warning
    assert "demandées à chaque fois" in added.stderr
    text = (settings().config_path / "profils.json").read_text(encoding="utf-8")
    assert '"camille"' in text and '"sans_photo"' in text

    p = person("adulte_sans_photo")
    answers = f"{p.code_provisoire}\n{p.nir}\n{p.carte_vitale_serie}\n"  # card model: profile
    result = invoke(["oppose", "--profile", "camille", "--yes", *site_args(replica)], input=answers)

    assert result.code == 0, result
    assert "Code provisoire" in result.stderr and "sécurité sociale" in result.stderr  # asked
    assert_justificatif(result, "camille")
    state = replica.control.state()  # type: ignore[attr-defined]
    assert [o["person"] for o in state["oppositions"]] == ["adulte_sans_photo"]
    for secret in (p.nir, p.code_provisoire, p.carte_vitale_serie):
        assert secret not in result.output
