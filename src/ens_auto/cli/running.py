"""Running a flow for one or several people from the command line: details gathered and
checked for everyone before any browser starts, one run (and one justificatif) each,
a summary at the end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ens_auto.cli.common import err, out
from ens_auto.errors import EXIT_CANCELLED, EXIT_OK, InputError

if TYPE_CHECKING:
    from ens_auto.config import Settings
    from ens_auto.execute import ExecutionReport
    from ens_auto.flow.model import Flow
    from ens_auto.flow.run import RunUI
    from ens_auto.identity import Detail


@dataclass
class Person:
    label: str
    details: dict[str, Detail]
    relation: str = ""


def load_announced(ref: str | Path) -> Flow:
    """The flow to run (by name: the person's repaired copy first), saying so when it is
    the repaired copy, and when the shipped flow is newer than that copy."""
    from rich.markup import escape

    from ens_auto.flow.load import load_flow, lookup_flow

    found = lookup_flow(ref)
    flow = load_flow(found.path)
    if found.repaired:
        err().print(f"Parcours réparé utilisé : {escape(str(found.path))}")
        if found.stale:
            err().print(
                "[yellow]Attention : ens-auto fournit une version plus récente de ce parcours "
                "que votre copie réparée.[/] Si la démarche échoue, supprimez la copie pour "
                f"revenir au parcours fourni (ens-auto flows diff {escape(flow.name)} montre "
                "les différences)."
            )
    return flow


def checked_site(site: str | None, flow: Flow, settings: Settings) -> str | None:
    """The site to visit instead of the flow's own, if any (option, then setting)."""
    from ens_auto.flow.model import check_site

    site = site or (settings.site if settings.site.rstrip("/") != flow.site else None)
    if not site:
        return None
    try:
        return check_site(site)
    except ValueError as exc:
        raise InputError(f"Adresse de site refusée : {exc}.") from None


def run_people(
    flow: Flow,
    people: Sequence[Person],
    *,
    site: str | None,
    headed: bool | None,
    confirm: str,
    trace: bool,
    settings: Settings,
    make_ui: Callable[[Person], RunUI] | None = None,
) -> int:
    """One run per person, in order; stops early when the person cancels or the site is
    down (the next runs would fail the same way). Returns the exit code."""
    from ens_auto.cli.ui import TerminalUI, print_report
    from ens_auto.config import resolve_headless
    from ens_auto.execute import RunRequest, execute
    from ens_auto.flow.run import OutcomeReached

    # --headed/--headless gives `headed`; resolve_headless wants the headless wish.
    headless, note = resolve_headless(None if headed is None else not headed, settings)
    if note:
        err().print(note)
    if trace:
        err().print(
            "[yellow]Attention : la trace enregistre tout ce qui est saisi (numéro de "
            "sécurité sociale compris). Gardez-la pour vous et supprimez-la après usage.[/]"
        )
    reports: list[tuple[Person, ExecutionReport | None]] = []
    code = EXIT_OK
    for index, person in enumerate(people):
        if len(people) > 1:
            out().rule(f"{flow.title} — {person.label} ({index + 1}/{len(people)})")
        ui = make_ui(person) if make_ui else TerminalUI()
        report = execute(
            RunRequest(
                flow=flow,
                details=person.details,
                label=person.label,
                site=site,
                headless=headless,
                confirm=confirm,  # type: ignore[arg-type]
                trace=trace,
            ),
            ui,
            settings,
        )
        reports.append((person, report))
        print_report(report)
        error = report.result.error
        if error is not None:
            # For a household, a profile already settled is not a failure of the whole.
            if len(people) == 1 or report.result.outcome != "deja_fait":
                code = code or error.exit_code
            site_down = isinstance(error, OutcomeReached) and error.result == "indisponible"
            if error.exit_code == EXIT_CANCELLED or site_down:
                reports += [(p, None) for p in people[index + 1 :]]
                break
    if len(people) > 1:
        _summary(flow, reports)
    return code


def _summary(flow: Flow, reports: Sequence[tuple[Person, ExecutionReport | None]]) -> None:
    from rich.table import Table

    table = Table("Profil", "Lien", "Résultat", "Justificatif / preuve", title="Récapitulatif")
    for person, report in reports:
        if report is None:
            table.add_row(person.label, person.relation, "[yellow]non tentée[/]", "")
            continue
        result = report.result
        status = {
            "reussi": "[green]réussie[/]",
            "annule": "[yellow]arrêtée[/]",
            "deja_fait": "[green]déjà faite[/]",
        }.get(result.outcome, f"[red]échec (étape {result.last_number})[/]")
        proof = report.justificatif or report.confirmation
        table.add_row(person.label, person.relation, status, str(proof) if proof else "—")
    out().print(table)
