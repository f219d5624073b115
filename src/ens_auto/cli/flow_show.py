"""``ens-auto flows show``: a flow as a person reads it (steps, branches, candidates with
what is known and what is guessed, overlays, outcomes)."""

from __future__ import annotations

from typing import Any

from ens_auto.flow.candidates import TEXT_KINDS, Candidate
from ens_auto.flow.model import RESULTS, Flow, OneOfStep, StepBase

RESULT_SAY = {
    "deja_fait": "déjà fait",
    "impossible": "impossible ainsi",
    "refuse": "refusé par le site",
    "indisponible": "site indisponible",
    "session_expiree": "session expirée",
    "echec": "échec",
}


def provenance(cand: Candidate) -> str:
    """« [connu] » when every text of the candidate comes from SITE.md, « [supposé] » when
    none does, « [connu + supposé] » for a mix; nothing for CSS and test ids."""
    known = guessed = 0
    for key in (*TEXT_KINDS, "has_text"):
        texts = getattr(cand, key)
        if texts is not None:
            known += len(texts.known)
            guessed += len(texts.guess)
    if known and guessed:
        return " [connu + supposé]"
    if known:
        return " [connu]"
    if guessed:
        return " [supposé]"
    return ""


def _flags(step: StepBase) -> str:
    flags = []
    if step.irreversible:
        flags.append("[red]irréversible[/]")
    if step.optional:
        flags.append("facultative")
    if step.when:
        flags.append(f"si {step.when}")
    if step.unless:
        flags.append(f"sauf si {step.unless}")
    return f" ({', '.join(flags)})" if flags else ""


def _candidates(target: list[Candidate], indent: str, console: Any) -> None:
    from rich.markup import escape

    for cand in target:
        console.print(f"{indent}{escape(cand.describe())}{escape(provenance(cand))}")


def _steps(steps: list[Any], console: Any, indent: str = "", numbered: bool = True) -> None:
    from rich.markup import escape

    for n, step in enumerate(steps, 1):
        label = f"{n:>2}." if numbered else f"{indent}-"
        console.print(f"{label} {escape(f'[{step.action}]')} {escape(step.say)}{_flags(step)}")
        if isinstance(step, OneOfStep):
            for letter, branch in zip("abcdefghij", step.one_of, strict=False):
                console.print(f"      {letter}) si la page montre {escape(branch.say)} :")
                _steps(branch.steps, console, indent="         ", numbered=False)
            continue
        if getattr(step, "choose", None) is not None:
            option = step.choose.option  # type: ignore[attr-defined]
            kind = " [connu]" if option.known else ""
            console.print(f"{indent}      option : {escape(option.describe(6))}{escape(kind)}")
        for target in step.targets():
            _candidates(target, indent + "      ", console)


def print_flow(flow: Flow, console: Any) -> None:
    from rich.markup import escape

    if flow.overlays:
        console.print("Fenêtres fermées si elles couvrent une page (jamais en acceptant) :")
        for overlay in flow.overlays:
            console.print(f"  - {overlay.id} : {escape(overlay.say)}")
            console.print("      reconnue par :")
            _candidates(overlay.present, "        ", console)
            console.print("      fermée par (dans cet ordre) :")
            _candidates(overlay.dismiss, "        ", console)
    if flow.outcomes:
        console.print("Issues reconnues à tout moment :")
        for outcome in flow.outcomes:
            said = RESULT_SAY[outcome.result]
            until = f", guettée jusqu'à l'étape « {outcome.until} »" if outcome.until else ""
            console.print(
                f"  - {outcome.id} ({said}, code de sortie {RESULTS[outcome.result]}{until}) : "
                f"{escape(outcome.say)}"
            )
    console.print("Étapes :")
    _steps(flow.steps, console)
