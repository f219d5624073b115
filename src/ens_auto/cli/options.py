"""Options shared by the commands that run a flow (replay, oppose, close)."""

from __future__ import annotations

from enum import StrEnum

import typer


class Confirm(StrEnum):
    page = "page"
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
    Confirm.page,
    "--confirm",
    help="Demander confirmation pour chaque page (page : ce qui sera saisi et le bouton "
    "qui sera pressé), à chaque étape (each), ou seulement aux étapes irréversibles "
    "(irreversible). Les étapes irréversibles sont toujours confirmées à part.",
)
YES = typer.Option(False, "--yes", "-y", help="Ne rien demander (pour les scripts et les tests).")
TRACE = typer.Option(
    False,
    "--trace",
    help="Enregistrer une trace Playwright (attention : elle contient ce qui a été saisi).",
)


def confirm_mode(confirm: Confirm, yes: bool) -> str:
    return "none" if yes else confirm.value
