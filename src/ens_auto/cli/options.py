"""Options shared by the commands that run a flow (replay, oppose, close)."""

from __future__ import annotations

from enum import StrEnum

import typer


class Confirm(StrEnum):
    each = "each"
    irreversible = "irreversible"


SITE = typer.Option(
    None,
    "--site",
    help="Adresse du site à utiliser (par défaut le vrai site ; ex. une réplique locale). "
    "Réglage : ENS_AUTO_SITE.",
    show_default=False,
)
HEADED = typer.Option(
    None,
    "--headed/--headless",
    help="Montrer le navigateur (par défaut) ou le faire tourner sans fenêtre.",
    show_default=False,
)
CONFIRM = typer.Option(
    Confirm.each,
    "--confirm",
    help="Demander confirmation à chaque étape (each) ou seulement aux étapes "
    "irréversibles (irreversible).",
)
YES = typer.Option(False, "--yes", "-y", help="Ne rien demander (pour les scripts et les tests).")
TRACE = typer.Option(
    False,
    "--trace",
    help="Enregistrer une trace Playwright (attention : elle contient ce qui a été saisi).",
)


def confirm_mode(confirm: Confirm, yes: bool) -> str:
    return "none" if yes else confirm.value
