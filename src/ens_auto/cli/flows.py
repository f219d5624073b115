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
    """Afficher les étapes d'un parcours, leurs repères, ses fenêtres et ses issues.

    Les textes marqués [connu] viennent de ce que l'on sait du site (SITE.md) ; les
    autres sont des suppositions, cherchées par le sens (sans accents ni casse)."""
    from rich.markup import escape

    from ens_auto.cli.flow_show import print_flow
    from ens_auto.flow.load import load_flow

    with handle_errors():
        loaded = load_flow(flow)
        out().print(f"[bold]{escape(loaded.title)}[/] ({loaded.name}) — site : {loaded.site}")
        if loaded.inputs:
            out().print("Données utilisées : " + ", ".join(loaded.inputs))
        if loaded.checked:
            out().print(f"Dernière vérification : {escape(loaded.checked)}")
        print_flow(loaded, out())


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
            count = len(flow.steps)
            plural = "s" if count > 1 else ""
            out().print(f"[green]✓[/] {path} : {flow.name}, {count} étape{plural}")
        if bad:
            raise typer.Exit(2)


@flows_app.command("schema")
def schema() -> None:
    """Afficher le schéma JSON du format des parcours (pour les éditeurs)."""
    import json

    from ens_auto.flow.model import flow_json_schema

    typer.echo(json.dumps(flow_json_schema(), ensure_ascii=False, indent=2))


@flows_app.command("check")
def check(
    flow: str = typer.Argument(..., help="Nom ou fichier du parcours."),
    live: bool = typer.Option(
        False, "--live", help="Vérifier sur le site en ligne (lecture seule, rien n'est saisi)."
    ),
    site: str | None = typer.Option(
        None, "--site", help="Adresse du site à utiliser (par défaut celui du parcours)."
    ),
    timeout_s: float = typer.Option(
        5.0, "--delai", min=0.5, max=120, help="Attente maximale d'une page, en secondes."
    ),
) -> None:
    """Vérifier que les repères d'un parcours désignent toujours les bons éléments du site.

    Le parcours est suivi sans rien saisir ni envoyer : ouverture des pages, vérifications
    et simples liens, jusqu'à la première étape qui agirait sur le site."""
    from ens_auto.errors import InputError
    from ens_auto.flow.check import check_flow_live
    from ens_auto.flow.load import load_flow
    from ens_auto.flow.model import check_site

    with handle_errors():
        loaded = load_flow(flow)
        if not live:
            out().print(
                f"[green]✓[/] {loaded.name} : format valide ({len(loaded.steps)} étapes). "
                "Ajoutez --live pour le comparer au site."
            )
            return
        if site:
            try:
                site = check_site(site)
            except ValueError as exc:
                raise InputError(f"Adresse de site refusée : {exc}.") from None
        err().print(f"Vérification de « {loaded.name} » sur {site or loaded.site}…")
        report = check_flow_live(loaded, site=site, timeout_ms=int(timeout_s * 1000))
        _print_drift(report)
    raise typer.Exit(0 if report.ok else 1)


def _print_drift(report: object) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ens_auto.flow.check import DriftReport

    assert isinstance(report, DriftReport)
    table = Table("Étape", "Repère", "Trouvés", "État", title=f"Parcours {report.flow}")
    for target in report.targets:
        verdict = "[green]retrouvé[/]" if target.ok else "[bold red]INTROUVABLE[/]"
        table.add_row(f"{target.number}. {escape(target.say)}", "", "", verdict, end_section=False)
        absent = [r for r in target.reports if r.count == 0 and not r.error]
        shown = target.reports if not target.ok else [r for r in target.reports if r.count != 0]
        for item in shown:
            if item.error:
                count, state = "—", "[red]sélecteur invalide[/]"
            elif item.count is None:
                count, state = "—", "non évalué"
            elif item.count == 1:
                count, state = "1", "[green]unique[/]"
            elif item.count == 0:
                count, state = "0", "[red]absent[/]"
            else:
                count, state = str(item.count), "[yellow]ambigu[/]"
            table.add_row("", escape(item.candidate.describe()), count, state)
        if target.ok and absent:
            table.add_row("", f"[dim]{len(absent)} autre(s) repère(s) sans élément[/]", "0", "")
        table.add_section()
    out().print(table)
    for number, say, why in report.skipped:
        out().print(f"  Étape {number} ({escape(say)}) : {escape(why)}.")
    if report.stopped_at:
        out().print(
            f"Parcours suivi jusqu'à l'étape {report.stopped_at} ({report.stop_reason}) : "
            "rien n'a été saisi ni envoyé."
        )
    for problem in report.problems:
        out().print(f"[bold red]Problème :[/] {escape(problem)}")
    if report.ok:
        out().print(
            f"[bold green]Tout est retrouvé[/] : {len(report.targets)} éléments vérifiés sur "
            f"{report.site}."
        )
    else:
        broken = report.broken
        if broken:
            steps = ", ".join(sorted({str(t.number) for t in broken}, key=int))
            out().print(
                f"[bold red]{len(broken)} élément(s) introuvable(s)[/] (étape(s) {steps}) : "
                "le site a changé. Mettez le parcours à jour (ens-auto record) avant de "
                "l'utiliser."
            )


@flows_app.command("diff")
def diff(flow: str = typer.Argument(..., help="Nom du parcours (ex. opposition).")) -> None:
    """Montrer ce que votre copie réparée change par rapport au parcours fourni."""
    from rich.markup import escape

    from ens_auto.flow.copies import copy_info, find_copy, summarize, unified_diff
    from ens_auto.flow.load import load_flow, resolve_flow_path

    with handle_errors():
        shipped_path = resolve_flow_path(flow, shipped_only=True)
        copy = find_copy(shipped_path.stem)
        if copy is None:
            out().print(
                f"Aucune copie réparée de « {escape(flow)} » : ens-auto utilise le parcours fourni."
            )
            return
        shipped, repaired = load_flow(shipped_path), load_flow(copy)
        out().print(f"Copie réparée : {escape(str(copy))}")
        out().print(f"Parcours fourni : {escape(str(shipped_path))}")
        if copy_info(copy).stale:
            out().print(
                "[yellow]Attention :[/] le parcours fourni a changé depuis la réparation "
                "(nouvelle version d'ens-auto)."
            )
        changes = summarize(shipped, repaired)
        if not changes:
            out().print("Aucune différence avec le parcours fourni.")
            return
        for line in changes:
            out().print(f"  • {escape(line)}")
        out().print("")
        for line in unified_diff(shipped, repaired).splitlines():
            color = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            out().print(f"[{color}]{escape(line)}[/]" if color else escape(line))


@flows_app.command("export")
def export(
    flow: str = typer.Argument(..., help="Nom du parcours réparé (ex. opposition)."),
    file: Path = typer.Argument(..., help="Fichier à écrire (à envoyer au projet)."),
) -> None:
    """Écrire votre copie réparée dans un fichier à envoyer au projet, après avoir
    vérifié qu'elle ne contient aucune donnée personnelle."""
    from rich.markup import escape

    from ens_auto.cli.record import known_details
    from ens_auto.errors import EnsAutoError, InputError
    from ens_auto.flow.copies import find_copy
    from ens_auto.flow.load import parse_flow
    from ens_auto.leaks import describe, find_leaks

    with handle_errors():
        copy = find_copy(flow)
        if copy is None:
            raise InputError(
                f"Aucune copie réparée de « {flow} » : rien à exporter (elle est créée quand "
                "vous réparez une étape en désignant l'élément dans le navigateur)."
            )
        if file.exists():
            raise InputError(f"Le fichier {file} existe déjà : choisissez-en un autre.")
        text = copy.read_text(encoding="utf-8")
        parse_flow(text, source=copy)
        secrets = {d.name: d.value for d in known_details().values() if d.secret}
        leaks = find_leaks(text, secrets)
        if leaks:
            raise EnsAutoError(
                "Export refusé : la copie réparée contient ce qui ressemble à des données "
                f"personnelles ({describe(leaks)}). Rien n'a été écrit.",
                hint=f"Relisez et corrigez {copy}, ou supprimez-la et réparez à nouveau.",
            )
        file.write_text(text, encoding="utf-8")
        out().print(
            f"[bold green]Parcours exporté[/] : {escape(str(file))} (aucune donnée personnelle "
            "trouvée). Vous pouvez l'envoyer au projet."
        )
