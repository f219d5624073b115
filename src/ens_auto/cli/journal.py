"""``ens-auto journal``: the runs done so far, their files, and a check of those files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ens_auto.cli.common import err, handle_errors, out
from ens_auto.errors import EXIT_FAILED, InputError

if TYPE_CHECKING:
    from ens_auto.journal import Journal, RunRecord

HELP = (
    "Journal des démarches : ce qui a été fait, quand, et les fichiers qui le prouvent.\n\n"
    "Sans sous-commande, affiche les dernières démarches."
)

OUTCOME_STYLE = {
    "reussi": "green",
    "echec": "red",
    "annule": "yellow",
    "deja_fait": "green",
    "en_cours": "cyan",
}


def _journal() -> Journal | None:
    """The journal, or None when no run was ever recorded (reading must not create it)."""
    from ens_auto.config import get_settings
    from ens_auto.journal import Journal

    path = get_settings().journal_path
    return Journal(path) if path.exists() else None


def _date(iso: str | None) -> str:
    if not iso:
        return "—"
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


def _step(run: RunRecord) -> str:
    if run.last_step is None:
        return "—"
    return f"{run.last_step}. {run.last_step_say}".strip()


def _outcome(run: RunRecord, *, short: bool = False) -> str:
    say = "en cours" if short and run.outcome == "en_cours" else run.outcome_say
    style = OUTCOME_STYLE.get(run.outcome, "")
    return f"[{style}]{say}[/]" if style else say


def list_runs(limit: int = 50) -> None:
    """Print the most recent runs as a table."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    with handle_errors():
        journal = _journal()
        runs = journal.list_runs(limit=limit) if journal else []
    if not runs:
        out().print("Aucune démarche dans le journal pour l'instant.")
        return
    table = Table(
        title="Journal des démarches",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Identifiant", no_wrap=True)
    table.add_column("Date", min_width=10)
    table.add_column("Démarche", no_wrap=True)
    table.add_column("Profil", no_wrap=True, max_width=16)
    table.add_column("Résultat", no_wrap=True)
    table.add_column("Dernière étape", ratio=1, min_width=12)
    for run in runs:
        table.add_row(
            run.id,
            _date(run.started_at),
            escape(run.flow),
            escape(run.profile_label or "—"),
            _outcome(run, short=True),
            escape(_step(run)),
        )
    out().print(table)
    if any(run.outcome == "en_cours" for run in runs):
        out().print(
            "« en cours » : démarche non terminée (elle est en cours, ou a été interrompue).",
            soft_wrap=True,
        )
    out().print("Détails d'une démarche : [bold]ens-auto journal show IDENTIFIANT[/]")


def show(
    run_id: str = typer.Argument(
        ..., metavar="IDENTIFIANT", help="Identifiant de la démarche (ou son début)."
    ),
) -> None:
    """Afficher une démarche et ses fichiers (avec leur empreinte SHA-256)."""
    from rich.markup import escape

    from ens_auto.journal import KIND_SAY

    with handle_errors():
        journal = _journal()
        run = journal.get_run(run_id) if journal else None
        if run is None:
            raise InputError(
                f"Aucune démarche « {run_id} » dans le journal.",
                hint="La liste des démarches : ens-auto journal",
            )
    console = out()
    console.print(f"[bold]Démarche {run.id}[/]")
    console.print(f"  Démarche       : {escape(run.flow)}")
    console.print(f"  Profil         : {escape(run.profile_label or '—')}")
    console.print(f"  Site           : {escape(run.site or '—')}")
    console.print(f"  Début          : {_date(run.started_at)}")
    console.print(f"  Fin            : {_date(run.ended_at)}")
    console.print(f"  Résultat       : {_outcome(run)}")
    console.print(f"  Dernière étape : {escape(_step(run))}")
    if run.message:
        console.print(f"  Message        : {escape(run.message)}")
    if not run.files:
        console.print("  Aucun fichier enregistré.")
        return
    console.print("  Fichiers :")
    for record in run.files:
        console.print(
            f"    - {KIND_SAY.get(record.kind, record.kind)} : {escape(record.path)}",
            soft_wrap=True,
        )
        console.print(
            f"      {record.size} octets, SHA-256 {record.sha256}",
            soft_wrap=True,
        )


def verify() -> None:
    """Vérifier que les fichiers du journal sont toujours là et n'ont pas changé."""
    from rich.markup import escape

    from ens_auto.journal import KIND_SAY

    with handle_errors():
        journal = _journal()
        results = journal.verify() if journal else []
    if not results:
        out().print("Aucun fichier à vérifier dans le journal.")
        return
    problems = [r for r in results if not r.ok]
    for r in problems:
        what = KIND_SAY.get(r.kind, r.kind)
        if r.status == "absent":
            line = f"✗ Fichier absent ({what}, démarche {r.run_id}) : {r.path}"
        else:
            line = (
                f"✗ Fichier modifié depuis son enregistrement ({what}, démarche {r.run_id}) : "
                f"{r.path}"
            )
        err().print(escape(line), style="red", soft_wrap=True)
    ok_count = len(results) - len(problems)
    if problems:
        err().print(
            f"{len(problems)} problème(s) sur {len(results)} fichier(s). "
            "Un justificatif modifié ou perdu ne prouve plus la démarche : gardez une copie "
            "de l'original, ou redemandez un justificatif au 3422.",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_FAILED)
    out().print(f"✓ Les {ok_count} fichier(s) du journal sont intacts.")


def register(app: typer.Typer) -> None:
    journal_app = typer.Typer(
        help=HELP,
        invoke_without_command=True,
        no_args_is_help=False,
        rich_markup_mode="rich",
    )

    @journal_app.callback(invoke_without_command=True)
    def _journal_root(
        ctx: typer.Context,
        limit: int = typer.Option(
            50, "--nombre", "-n", min=1, help="Nombre maximum de démarches affichées."
        ),
    ) -> None:
        """Journal des démarches : ce qui a été fait, quand, et les fichiers qui le prouvent."""
        if ctx.invoked_subcommand is None:
            list_runs(limit=limit)

    journal_app.command("show", help="Afficher une démarche et ses fichiers (avec empreintes).")(
        show
    )
    journal_app.command(
        "verify", help="Vérifier que les fichiers du journal n'ont pas changé ni disparu."
    )(verify)
    app.add_typer(journal_app, name="journal", help=HELP)
