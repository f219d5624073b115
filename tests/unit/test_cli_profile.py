"""``ens-auto profile``: add / list / show / remove, through the real Typer app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from typer.testing import CliRunner

from ens_auto.cli.common import reset_consoles
from ens_auto.cli.main import build_app
from ens_auto.profiles import Profile, ProfileStore
from tests.support.keyrings import FailingKeyring, MemoryKeyring
from tests.unit.test_identity import make_nir

NIR = make_nir("1551275123456")
CODE = "QWER12TYUI34"
SERIAL = "123456789"
PASSWORD = "Correct-Horse-9"
# One line per question: card model, code provisoire, NIR, serial, birth date, login, password.
ANSWERS = f"sans photo\n{CODE}\n{NIR[:7]} {NIR[7:]}\n{SERIAL}\n01/12/1955\n\n{PASSWORD}\n"
CLEAR = [NIR, CODE, SERIAL, "01/12/1955", PASSWORD]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping of long French lines by rich
    reset_consoles()
    yield CliRunner()
    reset_consoles()


def run(cli: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    reset_consoles()
    return cli.invoke(build_app(), ["profile", *args], input=input)


def test_add_from_stdin_then_list_show_remove(
    cli: CliRunner, isolated_env: dict[str, Path]
) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)

    result = run(cli, "add", "papy", "--relation", "majeur_represente", input=ANSWERS)
    assert result.exit_code == 0, result.output
    assert "Profil « papy » enregistré (majeur représenté)" in result.stdout
    assert (
        "Enregistré dans le trousseau sécurisé : code provisoire, n° de sécurité sociale, "
        "n° de série, date de naissance, mot de passe."
    ) in result.stdout
    assert {user for _, user in backend.store} == {
        "papy:code_provisoire",
        "papy:nir",
        "papy:carte_vitale_serie",
        "papy:date_naissance",
        "papy:mot_de_passe",
    }  # the blank login answer was skipped
    file_text = (isolated_env["config"] / "profils.json").read_text(encoding="utf-8")
    for clear in CLEAR:
        assert clear not in result.output and clear not in file_text

    result = run(cli, "add", "lea", "--relation", "enfant", "--sans-secrets", input="avec photo\n")
    assert result.exit_code == 0, result.output

    listing = run(cli, "list")
    assert listing.exit_code == 0
    text = listing.stdout
    assert text.index("lea") < text.index("papy")  # children first
    assert "Carte Vitale sans photo" in text and "aucune" in text
    for clear in CLEAR:
        assert clear not in text

    shown = run(cli, "show", "papy")
    assert shown.exit_code == 0, shown.output
    assert f"Numéro de sécurité sociale : 1 55 12 •• ••• ••• {NIR[13:]}" in shown.stdout
    assert "Code provisoire : QW••••••••34" in shown.stdout
    assert "Date de naissance : ••/••/1955" in shown.stdout
    assert "Mot de passe : ••••••••" in shown.stdout
    for clear in CLEAR:
        assert clear not in shown.output

    refused = run(cli, "remove", "papy")  # no terminal, no --yes
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    assert any(user.startswith("papy:") for _, user in backend.store)

    removed = run(cli, "remove", "papy", "--yes")
    assert removed.exit_code == 0
    assert "supprimé" in removed.stdout
    assert not any(user.startswith("papy:") for _, user in backend.store)
    assert "papy" not in run(cli, "list").stdout


def test_add_invalid_input_exits_2_and_saves_nothing(
    cli: CliRunner, isolated_env: dict[str, Path]
) -> None:
    answers = f"avec photo\nABC\n{NIR[:13]}00\n12345678\n\n\n\n"
    result = run(cli, "add", "moi", input=answers)
    assert result.exit_code == 2
    assert "Le code doit contenir 12 caractères" in result.output
    assert "Format invalide, vérifier le format du numéro de sécurité sociale" in result.output
    assert "Le numéro de série doit contenir 11 chiffres" in result.output
    assert "Rien n'a été enregistré" in result.output
    assert f"{NIR[:13]}00" not in result.output
    assert not (isolated_env["config"] / "profils.json").exists()


def test_add_bad_label_or_relation(cli: CliRunner) -> None:
    result = run(cli, "add", "Léa", input="")
    assert result.exit_code == 2 and "Nom de profil invalide" in result.output
    result = run(cli, "add", "lea", "--relation", "cousin", input="")
    assert result.exit_code == 2 and "Relation inconnue" in result.output


def test_add_eof_early_keeps_what_was_given(cli: CliRunner) -> None:
    result = run(cli, "add", "moi", input=f"sans photo\n{CODE}\n")
    assert result.exit_code == 0, result.output
    assert "code provisoire." in result.stdout


def test_add_duplicate(cli: CliRunner) -> None:
    assert run(cli, "add", "moi", "--sans-secrets", input="\n").exit_code == 0
    result = run(cli, "add", "moi", "--sans-secrets", input="\n")
    assert result.exit_code == 2 and "existe déjà" in result.output


def test_add_with_unusable_keyring_warns_and_keeps_profile(cli: CliRunner) -> None:
    keyring.set_keyring(FailingKeyring())
    result = run(cli, "add", "moi", input="avec photo\n")
    assert result.exit_code == 0, result.output
    assert "Aucun trousseau sécurisé" in result.stderr
    assert "Profil « moi » enregistré" in result.stdout
    shown = run(cli, "show", "moi")
    assert "Carte Vitale avec photo" in shown.stdout
    assert "Aucune information secrète" in shown.stdout


def test_unknown_profile(cli: CliRunner) -> None:
    result = run(cli, "show", "personne")
    assert result.exit_code == 2
    assert "Profil inconnu" in result.output
    assert "Aucun profil enregistré." in run(cli, "list").stdout


def test_help_is_french(cli: CliRunner) -> None:
    result = run(cli, "add", "--help")
    assert result.exit_code == 0
    assert "trousseau" in result.output and "majeur_represente" in result.output


def test_add_on_a_terminal_asks_again_and_hides_secrets(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal path: wrong answers are asked again, secrets typed hidden."""
    import getpass
    import io
    import sys

    from ens_auto.cli import profile as profile_cli
    from ens_auto.details import TerminalPrompter

    hidden = iter(["ABC", CODE, NIR, "12", SERIAL, "", "", ""])
    asked: list[str] = []

    def fake_getpass(prompt: str = "", stream: object = None) -> str:
        asked.append(prompt)
        return next(hidden)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(TerminalPrompter, "interactive", property(lambda self: True))
    monkeypatch.setattr(sys, "stdin", io.StringIO("bleue\nsans photo\n"))
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)

    answers = profile_cli._ask_profile_details(True, None)
    assert answers == {
        "carte_vitale_type": "Carte Vitale sans photo",
        "code_provisoire": CODE,
        "nir": NIR,
        "carte_vitale_serie": SERIAL,
    }
    assert asked[0].startswith("Code provisoire") and asked[1].startswith("Code provisoire")
    warnings = stderr.getvalue()
    assert "Le code doit contenir 12 caractères (essai 1 sur 3)" in warnings
    assert "entre 8 et 13 chiffres" in warnings
    assert "Sélectionner un modèle de carte Vitale" in warnings
    for clear in (CODE, NIR, SERIAL):
        assert clear not in warnings
    result = ProfileStore().add(Profile.new("moi"), answers)
    assert result.saved == ["code_provisoire", "nir", "carte_vitale_serie"]
    assert result.profile.carte_vitale_type == "sans_photo"
