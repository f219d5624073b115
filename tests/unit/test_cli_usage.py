"""Click's usage errors, said in French for the person (``french_usage``)."""

from __future__ import annotations

import pytest

from ens_auto.cli.main import french_usage


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("No such option: --bogus", "Option inconnue : --bogus."),
        (
            "No such option: --bogus (Possible options: --pour)",
            "Option inconnue : --bogus (options proches : --pour).",
        ),
        (
            "No such option: --yse Did you mean --yes?",
            "Option inconnue : --yse (vouliez-vous dire --yes ?).",
        ),
        ("No such command 'opose'.", "Commande inconnue : opose."),
        ("Missing option '--pour'.", "Option obligatoire manquante : --pour."),
        ("Option '--pour' requires an argument.", "L'option --pour attend une valeur."),
    ],
)
def test_usage_errors_are_french(english: str, french: str) -> None:
    assert french_usage(english) == french
    assert "Possible" not in french_usage(english)
