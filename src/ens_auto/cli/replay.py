"""``ens-auto replay``: play any flow, asking before each step."""

from __future__ import annotations

from pathlib import Path

import typer

from ens_auto.cli import options as opt
from ens_auto.cli.common import handle_errors


def register(app: typer.Typer) -> None:
    app.command("replay")(replay)


def replay(
    flow: str = typer.Argument(
        ..., help="Nom d'un parcours fourni (ex. opposition) ou fichier YAML."
    ),
    site: str | None = opt.SITE,
    headed: bool | None = opt.HEADED,
    confirm: opt.Confirm = opt.CONFIRM,
    yes: bool = opt.YES,
    trace: bool = opt.TRACE,
    label: str = typer.Option(
        "rejeu", "--label", help="Nom court utilisé pour les fichiers et le journal."
    ),
) -> None:
    """Rejouer un parcours pas à pas (les données viennent de l'environnement ou sont demandées)."""
    with handle_errors():
        code = run_flow_command(
            flow,
            site=site,
            headed=headed,
            confirm=opt.confirm_mode(confirm, yes),
            trace=trace,
            label=label,
        )
    raise typer.Exit(code)


def run_flow_command(
    flow_ref: str | Path,
    *,
    site: str | None,
    headed: bool | None,
    confirm: str,
    trace: bool,
    label: str,
) -> int:
    """Load, gather the details (before any browser), run, print; returns the exit code."""
    from ens_auto.cli.running import Person, checked_site, load_announced, run_people
    from ens_auto.config import get_settings
    from ens_auto.details import TerminalPrompter, resolve_details
    from ens_auto.profiles import check_label

    settings = get_settings()
    loaded = load_announced(flow_ref)
    site = checked_site(site, loaded, settings)
    label = check_label(label)
    details = resolve_details(loaded.inputs, prompter=TerminalPrompter())
    return run_people(
        loaded,
        [Person(label, details)],
        site=site,
        headed=headed,
        confirm=confirm,
        trace=trace,
        settings=settings,
    )
