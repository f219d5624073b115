"""``ens-auto flows``: list, show, validate the flows; print the format's JSON Schema."""

from __future__ import annotations

from pathlib import Path

import typer

from ens_auto.cli.common import err, handle_errors, out

flows_app = typer.Typer(
    help="Parcours enregistrés : lister, afficher, vérifier, schéma du format.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(flows_app, name="flows")


@flows_app.command("list")
def list_flows() -> None:
    """Lister les parcours fournis avec ens-auto."""
    from rich.table import Table

    from ens_auto.flow.load import FlowError, load_flow, shipped_flows

    with handle_errors():
        table = Table("Nom", "Titre", "Étapes", "Site", "Vérifié")
        for path in shipped_flows():
            try:
                flow = load_flow(path)
            except FlowError:
                table.add_row(path.stem, "[red]invalide (ens-auto flows validate)[/]", "", "", "")
                continue
            table.add_row(
                flow.name, flow.title, str(len(flow.steps)), flow.site, (flow.checked or "")[:10]
            )
        out().print(table)


@flows_app.command("show")
def show(flow: str = typer.Argument(..., help="Nom ou fichier du parcours.")) -> None:
    """Afficher les étapes d'un parcours et leurs repères."""
    from rich.markup import escape

    from ens_auto.flow.load import load_flow

    with handle_errors():
        loaded = load_flow(flow)
        out().print(f"[bold]{escape(loaded.title)}[/] ({loaded.name}) — site : {loaded.site}")
        if loaded.inputs:
            out().print("Données utilisées : " + ", ".join(loaded.inputs))
        if loaded.checked:
            out().print(f"Dernière vérification : {escape(loaded.checked)}")
        for n, step in enumerate(loaded.steps, 1):
            flags = []
            if step.irreversible:
                flags.append("[red]irréversible[/]")
            if step.optional:
                flags.append("facultative")
            if step.when:
                flags.append(f"si {step.when}")
            if step.unless:
                flags.append(f"sauf si {step.unless}")
            extra = f" ({', '.join(flags)})" if flags else ""
            out().print(f"{n:>2}. [{step.action}] {escape(step.say)}{extra}")
            for target in step.targets():
                out().print("      " + escape(" | ".join(c.describe() for c in target)))


@flows_app.command("validate")
def validate(
    files: list[Path] = typer.Argument(
        None, help="Fichiers à vérifier (par défaut : les parcours fournis)."
    ),
) -> None:
    """Vérifier des fichiers de parcours (format, données, site) sans ouvrir de navigateur."""
    from ens_auto.flow.load import FlowError, load_flow, shipped_flows

    with handle_errors():
        paths = list(files) if files else shipped_flows()
        bad = 0
        for path in paths:
            try:
                flow = load_flow(path)
            except FlowError as exc:
                bad += 1
                err().print(f"[red]✗[/] {exc.message}")
                continue
            out().print(f"[green]✓[/] {path} : {flow.name}, {len(flow.steps)} étapes")
        if bad:
            raise typer.Exit(2)


@flows_app.command("schema")
def schema() -> None:
    """Afficher le schéma JSON du format des parcours (pour les éditeurs)."""
    import json

    from ens_auto.flow.model import flow_json_schema

    typer.echo(json.dumps(flow_json_schema(), ensure_ascii=False, indent=2))
