"""``ens-auto replay``: play any flow, asking before each step."""

from __future__ import annotations

from pathlib import Path

import typer

from ens_auto.cli import options as opt
from ens_auto.cli.common import err, handle_errors


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
    fixed: dict[str, str] | None = None,
    profile: object | None = None,
    store: object | None = None,
) -> int:
    """Load, gather the details (before any browser), run, print; returns the exit code."""
    from ens_auto.cli.ui import TerminalUI, print_report
    from ens_auto.config import get_settings, resolve_headless
    from ens_auto.details import TerminalPrompter, resolve_details
    from ens_auto.execute import RunRequest, execute
    from ens_auto.flow.load import load_flow
    from ens_auto.flow.model import check_site

    settings = get_settings()
    loaded = load_flow(flow_ref)
    site = site or (settings.site if settings.site != loaded.site else None)
    if site:
        try:
            site = check_site(site)
        except ValueError as exc:
            from ens_auto.errors import InputError

            raise InputError(f"Adresse de site refusée : {exc}.") from None
    details = resolve_details(
        loaded.inputs,
        profile=profile,
        store=store,
        prompter=TerminalPrompter(),  # type: ignore[arg-type]
        fixed=fixed,
    )
    headless, note = resolve_headless(headed, settings)
    if note:
        err().print(note)
    if trace:
        err().print(
            "[yellow]Attention : la trace enregistre tout ce qui est saisi (numéro de "
            "sécurité sociale compris). Gardez-la pour vous et supprimez-la après usage.[/]"
        )
    report = execute(
        RunRequest(
            flow=loaded,
            details=details,
            label=label,
            site=site,
            headless=headless,
            confirm=confirm,
            trace=trace,  # type: ignore[arg-type]
        ),
        TerminalUI(),
        settings,
    )
    print_report(report)
    error = report.result.error
    return 0 if error is None else error.exit_code
