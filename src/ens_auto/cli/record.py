"""``ens-auto record``: record a flow from what the person does in a visible browser."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ens_auto.cli.common import err, handle_errors, out, stdin_is_tty
from ens_auto.errors import InputError

if TYPE_CHECKING:
    from ens_auto.flow.recording import FreeText, SubmitStep
    from ens_auto.identity import Detail

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def register(app: typer.Typer) -> None:
    app.command("record")(record)


def record(
    name: str = typer.Argument(
        ..., help="Nom du nouveau parcours (lettres minuscules, chiffres, - et _)."
    ),
    site: str | None = typer.Option(
        None, "--site", help="Site à enregistrer (par défaut le vrai site ; réglage ENS_AUTO_SITE)."
    ),
    from_flow: str | None = typer.Option(
        None, "--from", help="Rejouer d'abord ce parcours, puis enregistrer la suite."
    ),
    until: str | None = typer.Option(
        None,
        "--until",
        help="Avec --from : s'arrêter avant cette étape (numéro ou identifiant) ; "
        "elle et les suivantes sont remplacées par l'enregistrement.",
    ),
    out_file: Path | None = typer.Option(
        None, "--out", help="Fichier YAML à écrire (par défaut NOM.yaml ici)."
    ),
    title: str | None = typer.Option(None, "--title", help="Titre du parcours."),
    start: str = typer.Option("/", "--start", help="Page de départ (chemin sur le site)."),
) -> None:
    """Enregistrer un parcours : vous faites la démarche dans le navigateur, ens-auto
    note chaque action (sans jamais écrire vos données personnelles)."""
    with handle_errors():
        record_command(
            name,
            site=site,
            from_flow=from_flow,
            until=until,
            out_file=out_file,
            title=title,
            start=start,
        )


class TerminalRecordQuestions:
    """The end-of-recording questions, asked at the terminal in French."""

    def _ask(self, question: str) -> str:
        from ens_auto.cli.ui import _read_line

        if stdin_is_tty():
            return err().input(question)
        return _read_line(question)

    def free_text(self, item: FreeText) -> str | None:
        from rich.markup import escape

        err().print(
            f"\nÉtape {item.number} : vous avez saisi « {escape(item.value)} » dans "
            f"« {escape(item.field)} »."
        )
        for _ in range(5):
            answer = self._ask(
                "  [F]ixe (toujours ce texte) ou [d]onnée (demandée à chaque fois) ? "
            )
            answer = answer.strip().lower()
            if answer in ("", "f", "fixe"):
                return None
            if answer in ("d", "donnee", "donnée"):
                data = self._ask("  Nom de la donnée (ex. adresse_mail) : ").strip().lower()
                if NAME_PATTERN.match(data) and "-" not in data:
                    return data
                err().print("  Nom refusé : lettres minuscules, chiffres et _.")
                continue
            err().print("  Réponse non comprise.")
        return None

    def irreversible(self, steps: Sequence[SubmitStep]) -> Collection[int]:
        from rich.markup import escape

        err().print("\nCes étapes ont envoyé un formulaire :")
        for step in steps:
            err().print(f"  {step.number}. {escape(step.say)}")
        numbers = {s.number for s in steps}
        for _ in range(5):
            answer = self._ask(
                "Lesquelles ne peuvent pas être annulées (démarche enregistrée par le site) ? "
                "Numéros séparés par des espaces, ou Entrée pour aucune : "
            )
            chosen = {int(n) for n in re.findall(r"\d+", answer)}
            if chosen <= numbers:
                return chosen
            err().print("  Numéros non proposés : " + ", ".join(map(str, sorted(chosen - numbers))))
        raise InputError("Pas de réponse claire sur les étapes irréversibles.")


def known_details() -> dict[str, Detail]:
    """The person's details found in ENS_AUTO_* variables (optional): a value typed that
    equals one of them becomes its placeholder."""
    import os

    from ens_auto.identity import INPUTS, DetailError, parse_detail

    known: dict[str, Detail] = {}
    for name, spec in INPUTS.items():
        raw = os.environ.get(spec.env or "", "").strip() if spec.env else ""
        if raw:
            try:
                known[name] = parse_detail(name, raw, context=known)
            except DetailError:
                continue
    return known


def _wait_for_person(recorder: Any, context: Any) -> None:
    """Until Enter at the terminal or every window closed."""
    import sys
    import threading

    done = threading.Event()

    def read_enter() -> None:
        try:
            sys.stdin.readline()
        finally:
            done.set()

    threading.Thread(target=read_enter, daemon=True).start()
    while not done.is_set():
        pages = [p for p in context.pages if not p.is_closed()]
        if not pages:
            return
        try:
            pages[0].wait_for_timeout(200)
        except Exception:
            continue


def record_command(
    name: str,
    *,
    site: str | None,
    from_flow: str | None,
    until: str | None,
    out_file: Path | None,
    title: str | None,
    start: str,
) -> Path:
    from rich.markup import escape

    from ens_auto.config import get_settings, has_display
    from ens_auto.flow.model import check_site

    if not NAME_PATTERN.match(name):
        raise InputError(
            f"Nom de parcours refusé : « {name} » (lettres minuscules, chiffres, - et _)."
        )
    if until and not from_flow:
        raise InputError("--until s'emploie avec --from.")
    if not has_display():
        raise InputError(
            "Aucun écran détecté : l'enregistrement se fait dans un navigateur visible. "
            "Lancez « ens-auto record » depuis une session graphique."
        )
    path = out_file or Path(f"{name}.yaml")
    if path.exists():
        raise InputError(f"Le fichier {path} existe déjà : choisissez-en un autre avec --out.")
    if not start.startswith("/"):
        raise InputError("--start est un chemin sur le site, commençant par /.")
    settings = get_settings()
    base = None
    if from_flow:
        from ens_auto.flow.load import load_flow

        base = load_flow(from_flow)
    try:
        site = check_site(site or (base.site if base else settings.site))
    except ValueError as exc:
        raise InputError(f"Adresse de site refusée : {exc}.") from None

    from ens_auto.browser import find_browser, launch
    from ens_auto.flow.recording import Recorder
    from ens_auto.flow.run import PLAYWRIGHT, FlowRunner, OriginGuard, RunOptions

    known = known_details()
    runner = None
    guard: OriginGuard | None = None
    base_steps: list[Any] = []
    if base is not None:
        from ens_auto.cli.ui import TerminalUI
        from ens_auto.details import TerminalPrompter, resolve_details

        try:
            stop_at = base.index_of(until) if until else len(base.steps)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        base_steps = list(base.steps[:stop_at])
        needed: list[str] = []
        for step in base_steps:
            needed += [n for n in sorted(step.placeholders()) if n in base.inputs]
        details = resolve_details(list(dict.fromkeys(needed)), prompter=TerminalPrompter())
        known.update(details)
        runner = FlowRunner(
            base.model_copy(update={"inputs": list(dict.fromkeys(needed))}),
            details,
            RunOptions(
                run_dir=settings.runs_path / f"record-{name}",
                site=site,
                headless=False,
                confirm="each",
                timeout_ms=settings.timeout_ms,
                navigation_timeout_ms=settings.navigation_timeout_ms,
                until=stop_at,
            ),
            TerminalUI(),
        )
        err().print(f"Rejeu de « {escape(base.name)} » jusqu'à l'étape {stop_at}…")
        result = runner.run(keep_open=True)
        if not result.ok:
            runner.close(own_browser=True)
            assert result.error is not None
            raise result.error
        context, page = runner.context, runner.page
        browser = None
    else:
        browser = launch(PLAYWRIGHT.get(), find_browser(settings), headless=False)
        guard = OriginGuard(site)
        context = guard.new_context(
            browser, accept_downloads=True, locale="fr-FR", timezone_id="Europe/Paris"
        )
        page = None
    try:
        recorder = Recorder(context, site=site, details=known)
        recorder.attach(page)
        if base is None:
            recorder.open(start)
        err().print(
            "[bold]Enregistrement en cours.[/] Faites la démarche dans la fenêtre du navigateur.\n"
            "Appuyez sur Entrée ici quand vous avez fini (ou fermez la fenêtre).\n"
            "Vos saisies personnelles ne seront jamais écrites dans le parcours."
        )
        _wait_for_person(recorder, context)
        recorder.stop()
    finally:
        if runner is not None:
            runner.close(own_browser=True)
        elif browser is not None:
            import contextlib

            with contextlib.suppress(Exception):
                browser.close()
        if guard is not None:
            guard.close()
    recorded = recorder.build(
        name,
        TerminalRecordQuestions(),
        title=title or (base.title if base else None),
        procedure=base.procedure if base else None,
        base_steps=base_steps,
    )
    path.write_text(recorded.text, encoding="utf-8")
    for warning in recorded.warnings:
        err().print(f"[yellow]Attention :[/] {escape(warning)}")
    out().print(
        f"[bold green]Parcours enregistré[/] : {escape(str(path))} "
        f"({_steps(len(recorded.flow.steps))})."
    )
    out().print(
        f"Relisez-le, puis vérifiez-le : ens-auto flows validate {escape(str(path))} ; "
        f"ens-auto flows check {escape(str(path))} --live"
    )
    return path


def _steps(count: int) -> str:
    return f"{count} étape" + ("s" if count > 1 else "")
