"""``ens-auto flows list|show|validate|schema``, through the real Typer app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from ens_auto.cli.common import reset_consoles
from ens_auto.cli.main import build_app


@pytest.fixture
def flows(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping of rich tables and messages
    runner = CliRunner()

    def run(*args: str) -> Result:
        reset_consoles()
        try:
            return runner.invoke(build_app(), ["flows", *args])
        finally:
            reset_consoles()

    return run


def test_list_shows_the_shipped_flows(flows) -> None:  # type: ignore[no-untyped-def]
    result = flows("list")
    assert result.exit_code == 0, result.output
    assert "opposition" in result.output and "cloture" in result.output
    assert "M'opposer à la création de Mon espace santé" in result.output
    assert "https://www.monespacesante.fr" in result.output


def test_show_lists_steps_and_candidates(flows) -> None:  # type: ignore[no-untyped-def]
    result = flows("show", "opposition")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Données utilisées : code_provisoire, nir" in out
    assert " 1. " in out and "Ouvrir la page « clôturer ou m'opposer »" in out
    irreversible = [line for line in out.splitlines() if "irréversible" in line]
    assert len(irreversible) == 1 and "Confirmer mon opposition" in irreversible[0]
    assert "clickable « /confirm/ »" in out  # the confirmation's words are not known
    assert "label « Saisir le code provisoire à 12 caractères » [connu]" in out
    assert "si representant_legal" in out
    assert "(facultative)" in out
    # What may cover a page, and the pages that end the procedure, are listed too.
    assert "Fenêtres fermées si elles couvrent une page (jamais en acceptant)" in out
    assert "deja-oppose (déjà fait, code de sortie 3" in out


def test_show_names_each_steps_action(flows) -> None:  # type: ignore[no-untyped-def]
    result = flows("show", "opposition")
    assert "[goto] Ouvrir la page" in result.output
    assert "[download] Télécharger le justificatif" in result.output


def test_show_unknown_flow_is_an_input_error(flows) -> None:  # type: ignore[no-untyped-def]
    result = flows("show", "inconnu")
    assert result.exit_code == 2
    assert "Parcours introuvable" in result.output and "opposition" in result.output


def test_validate_the_shipped_flows(flows) -> None:  # type: ignore[no-untyped-def]
    result = flows("validate")
    assert result.exit_code == 0, result.output
    assert result.output.count("✓") >= 2
    assert "opposition, 23 étapes" in result.output


def test_validate_a_bad_file_names_the_line(flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "mauvais.yaml"
    bad.write_text(
        "name: mauvais\n"
        "title: Mauvais\n"
        "site: http://www.exemple.fr\n"  # line 3: http off loopback
        "steps:\n"
        "  - say: Ouvrir\n"
        "    goto: /a\n"
        "  - say: Valider\n"
        "    click: {label: Valider, css: button}\n",  # line 8: two kinds
        encoding="utf-8",
    )
    good = tmp_path / "bon.yaml"
    good.write_text(
        "name: bon\ntitle: Bon\nsite: https://www.exemple.fr\nsteps:\n"
        "  - say: Ouvrir\n    goto: /a\n",
        encoding="utf-8",
    )
    result = flows("validate", str(good), str(bad))
    assert result.exit_code == 2
    out = result.output
    assert "✓" in out and "bon, 1 étape" in out
    assert "✗" in out and str(bad) in out
    assert "ligne 3 (site)" in out and "https" in out
    assert "ligne 8 (étape 2.click[0])" in out and "exactement une clé" in out


def test_validate_a_broken_yaml(flows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "casse.yaml"
    bad.write_text("name: casse\nsteps:\n  - say: [ouvert\n", encoding="utf-8")
    result = flows("validate", str(bad))
    assert result.exit_code == 2
    assert "YAML invalide" in result.output and "ligne " in result.output


def test_schema_is_json(flows) -> None:  # type: ignore[no-untyped-def]
    result = flows("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Flow" and "steps" in schema["properties"]
    assert "Candidate" in schema["$defs"]
