"""The terminal side of a run: step announcements, confirmations, questions, summary."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ens_auto.cli.common import err, stdin_is_tty
from ens_auto.errors import Cancelled, InputError

if TYPE_CHECKING:
    from ens_auto.execute import ExecutionReport
    from ens_auto.flow.model import StepBase
    from ens_auto.flow.results import Answer, PagePlan, RepairAnswer, RepairRequest


#: What a person reads when a shipped flow went through.
DONE = {
    "opposition": "votre opposition est enregistrée, votre profil Mon espace santé ne sera "
    "pas créé.",
    "cloture": "votre profil Mon espace santé est clôturé.",
}


def _read_line(question: str) -> str:
    """A line from stdin when it is not a terminal (scripts, a piped one-time code)."""
    err().print(question)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise InputError(
            f"Pas de réponse possible à « {question.strip()} » : l'entrée standard est fermée."
        )
    return line.rstrip("\r\n")


class LineReader:
    """The lines typed at the terminal, read without waiting (while the browser waits for
    the person's click). POSIX: ``select`` on stdin, so nothing is left reading stdin
    once the repair is over (the next question gets the next line); Windows: the
    console's keys (``msvcrt``)."""

    def __init__(self) -> None:
        self._typed = ""
        self.closed = sys.stdin is None

    def line(self) -> str | None:
        """A whole line typed since the last call (None: none yet)."""
        if self.closed:
            return None
        try:
            if os.name == "nt":
                return self._console_line()
            import select

            ready, _, _ = select.select([sys.stdin], [], [], 0)
            if not ready:
                return None
            line = sys.stdin.readline()
        except (OSError, ValueError):
            self.closed = True
            return None
        if not line:  # end of input: nothing more will come
            self.closed = True
            return None
        return line.rstrip("\r\n")

    def _console_line(self) -> str | None:
        import msvcrt

        while msvcrt.kbhit():  # type: ignore[attr-defined]
            char = msvcrt.getwche()  # type: ignore[attr-defined]
            if char in ("\r", "\n"):
                line, self._typed = self._typed, ""
                return line
            self._typed += char
        return None


class TerminalUI:
    """Asks the person at the terminal; reads lines from stdin when it is not a terminal."""

    def __init__(self, *, prefix: str = "") -> None:
        self.prefix = prefix
        self._reader: LineReader | None = None

    def step(self, number: int, total: int, step: StepBase, shown_value: str | None) -> None:
        from rich.markup import escape

        line = f"{self.prefix}[bold]Étape {number}/{total}[/] — {escape(step.say)}"
        if shown_value:
            line += f"  [dim]({escape(shown_value)})[/]"
        if step.irreversible:
            line += "  [bold red]IRRÉVERSIBLE[/]"
        err().print(line)

    def confirm(
        self, number: int, step: StepBase, *, can_skip: bool, element: str | None = None
    ) -> Answer:
        from rich.markup import escape

        if step.irreversible:
            what = step.consequence or "cette action ne pourra pas être annulée."
            if element:
                err().print(f"  [bold]Élément qui sera pressé :[/] {escape(element)}")
            err().print(f"  [bold red]Attention :[/] {escape(what)}")
        return self._answer(can_skip=can_skip)

    def confirm_page(self, plan: PagePlan) -> Answer:
        from rich.markup import escape

        heading = f" : « {escape(plan.heading)} »" if plan.heading else ""
        err().print(f"{self.prefix}[bold cyan]Page {plan.number}/{plan.total}[/]{heading}")
        if plan.steps:
            err().print("  Sur cette page, ens-auto va :")
        for item in plan.steps:
            line = f"    • {escape(item.say)}"
            if item.shown_value:
                line += f"  [dim]({escape(item.shown_value)})[/]"
            if item.optional:
                line += "  [dim](si la page le propose)[/]"
            if item.irreversible:
                line += "  [bold red]IRRÉVERSIBLE (confirmé à part)[/]"
            err().print(line)
        return self._answer(can_skip=False)

    def _answer(self, *, can_skip: bool) -> Answer:
        from rich.markup import escape

        choices = "[C]ontinuer" + (" / [p]asser" if can_skip else "") + " / [a]rrêter"
        question = f"  {escape(choices)} ? "  # brackets are text, not rich markup
        for _ in range(5):
            if stdin_is_tty():
                answer = err().input(question).strip().lower()
            else:
                answer = _read_line(question).strip().lower()
            if answer in ("", "c", "continuer", "o", "oui"):
                return "continuer"
            if can_skip and answer in ("p", "passer"):
                return "passer"
            if answer in ("a", "arreter", "arrêter", "n", "non", "q"):
                return "arreter"
            err().print("  Réponse non comprise.")
        raise Cancelled("Pas de réponse claire : arrêt par prudence.")

    def ask(self, question: str, *, secret: bool) -> str:
        if not stdin_is_tty():
            return _read_line(f"  {question} : ")
        return err().input(f"  {question} : ", password=secret)

    def info(self, message: str) -> None:
        from rich.markup import escape

        err().print(f"  {escape(message)}")

    def warn(self, message: str) -> None:
        from rich.markup import escape

        err().print(f"  [yellow]{escape(message)}[/]")

    def repair_start(self, request: RepairRequest) -> None:
        from rich.markup import escape

        self._reader = LineReader()
        if request.handing:
            err().print(
                "  [bold]À vous[/] : faites dans le navigateur ce que la page demande. "
                "ens-auto regarde et enregistre ce que vous faites (sans garder vos saisies "
                "personnelles), et reprend la main dès qu'il reconnaît la page suivante du "
                "parcours."
            )
            err().print("  Ici, tapez « a » puis Entrée pour arrêter.")
            return
        if request.page_unknown:
            err().print(f"  [bold yellow]Page inconnue.[/] {escape(request.why)}")
            err().print(
                "  Tapez « m » puis Entrée pour continuer à la main (vous faites ce que la "
                "page demande, ens-auto enregistre et reprend ensuite), ou « a » pour arrêter."
            )
            return
        err().print(f"  [bold yellow]Le site a peut-être changé.[/] {escape(request.why)}")
        err().print(
            f"  [bold]Montrez-le dans le navigateur[/] : cliquez sur {escape(request.what)}."
        )
        err().print(
            "  Votre clic n'actionne rien : ens-auto vérifie d'abord l'élément, puis fait "
            "l'étape et garde le parcours réparé."
        )
        choices = "« a » puis Entrée pour arrêter"
        if request.by_hand:
            choices = "« m » puis Entrée pour continuer à la main, " + choices
        err().print(f"  Ici, tapez {choices}.")

    def repair_answer(self) -> RepairAnswer | None:
        line = self._reader.line() if self._reader is not None else None
        if line is None:
            return None
        answer = line.strip().lower()
        if answer in ("a", "arreter", "arrêter", "stop", "q", "n", "non"):
            return "arreter"
        if answer in ("m", "main", "à la main", "a la main"):
            return "main"
        if answer:
            err().print(
                "  Réponse non comprise : cliquez sur l'élément dans le navigateur, ou tapez "
                "« a » puis Entrée pour arrêter."
            )
        return None

    def repair_end(self) -> None:
        self._reader = None


def print_report(report: ExecutionReport) -> None:
    """What happened, in French; where the proof is."""
    from rich.markup import escape

    from ens_auto.cli.common import out, print_error

    result = report.result
    if result.ok:
        done = DONE.get(result.flow, f"parcours « {result.flow} » joué jusqu'au bout.")
        out().print(f"[bold green]Démarche terminée[/] : {escape(done)}")
    elif result.outcome == "annule":
        out().print(f"[yellow]Démarche arrêtée[/] à l'étape {result.last_number}.")
    elif result.outcome == "deja_fait":
        out().print("[bold green]Rien à faire[/] : le site indique que c'est déjà fait.")
    else:
        out().print(f"[bold red]Démarche non aboutie[/] à l'étape {result.last_number}.")
    if result.error is not None:
        print_error(result.error)
    if report.justificatif:
        out().print(f"Justificatif : {escape(str(report.justificatif))}")
        out().print(f"  empreinte SHA-256 : {report.justificatif_sha256}")
    if report.confirmation:
        out().print(f"Capture de confirmation : {escape(str(report.confirmation))}")
    if result.run_dir:
        out().print(f"Dossier de la démarche (captures) : {escape(str(result.run_dir))}")
    out().print(f"Journal : ens-auto journal show {report.run_id}")
