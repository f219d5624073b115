"""The repair inside a run: a step's element is no longer found (or is ambiguous), and the
person shows it in the visible browser instead of the run giving up.

One idea, the repair session (:class:`Repairs`, one per run). When the runner cannot
resolve a step's target and a person watches a visible browser (not headless, not
``--yes``), it asks :meth:`Repairs.repair` for the step to play instead:

1. the terminal says what is looked for (« le bouton pour « Confirmer mon opposition » »),
   the page shows the picker's banner (:mod:`ens_auto.flow.pick`), and the person clicks
   the element (the page never receives that click); « arrêter » at the terminal, or
   Échap in the browser, stops cleanly (the step fails with the usual report);
2. the element is checked: on the flow's site, visible, enabled, of a kind that fits the
   step; on an opposition flow never one that speaks of activating; for an irreversible
   step the person confirms once more, shown the element's accessible name. A refusal
   says why, in French, and asks again;
3. its candidates come from the recorder's own generation
   (:func:`~ens_auto.flow.recording.candidates.candidates_for`), each checked to find
   exactly that element, none holding a personal value;
4. the runner plays the step with those candidates through its normal path (safety
   checks, confirmations, evidence), and tells :meth:`Repairs.succeeded`;
5. at the end of the run, :meth:`Repairs.finish` saves the repaired copy
   (:func:`~ens_auto.flow.copies.save_repaired`: new candidates first, old ones kept) and
   says where; later runs use it.

Headless or ``--yes``: no repair; :meth:`Repairs.hint` tells how to run again with one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ens_auto.errors import EnsAutoError
from ens_auto.flow.by_hand import ByHandWanted, HandOver
from ens_auto.flow.candidates import Candidate
from ens_auto.flow.copies import (
    ByHand,
    Repair,
    RepairError,
    StepAt,
    repair_step,
    save_repaired,
)
from ens_auto.flow.locate import LocateError, build_locator
from ens_auto.flow.model import (
    CheckStep,
    ChooseStep,
    ClickStep,
    DownloadStep,
    ExpectStep,
    FillStep,
    Flow,
    OneOfStep,
    PressStep,
    PromptStep,
    SelectStep,
    StepBase,
    UncheckStep,
    WaitForStep,
)
from ens_auto.flow.pick import Picked, Picker, check_picked
from ens_auto.flow.recording.candidates import (
    CandidateCheck,
    candidates_for,
    check_candidate,
)
from ens_auto.flow.results import RepairRequest, RunOptions, StepFailed
from ens_auto.flow.safety import (
    WrongAct,
    accessible_name,
    check_not_activation,
    describe,
    speaks_of_activating,
)

if TYPE_CHECKING:
    from ens_auto.flow.run import FlowRunner

#: How long the browser waits for the person's click before the step fails as before.
REPAIR_TIMEOUT_S = 15 * 60
#: How often the terminal is read while the browser waits for a click.
POLL_MS = 250

#: The step kinds a person can repair by showing one element.
REPAIRABLE = (
    ClickStep,
    FillStep,
    PromptStep,
    CheckStep,
    UncheckStep,
    ChooseStep,
    SelectStep,
    DownloadStep,
    PressStep,
    ExpectStep,  # those that recognise the page by an element (« visible: »)
    WaitForStep,
)

_NOUNS = {
    "button": "le bouton",
    "link": "le lien",
    "checkbox": "la case",
    "radio": "le bouton radio",
    "tab": "l'onglet",
}

#: Said when the person's picked element has no candidate that finds it alone.
NO_CANDIDATE = (
    "ens-auto ne sait pas retrouver cet élément à coup sûr (il ne se distingue pas des "
    "autres sur la page) : cliquez plutôt sur son texte ou son intitulé, ou tapez « a » "
    "dans le terminal pour arrêter."
)


def position(flow: Flow, step: StepBase) -> StepAt | None:
    """Where ``step`` (the very object the runner plays) is in ``flow``."""
    for index, here in enumerate(flow.steps):
        if here is step:
            return StepAt(index)
        if isinstance(here, OneOfStep):
            for b, branch in enumerate(here.one_of):
                for s, inner in enumerate(branch.steps):
                    if inner is step:
                        return StepAt(index, b, s)
    return None


def _acted_on(step: StepBase) -> list[Candidate]:
    """The candidates a repair puts new ones before (a choice is repaired by its name)."""
    if isinstance(step, ExpectStep | WaitForStep):
        cond = step.expect if isinstance(step, ExpectStep) else step.wait_for
        return list(cond.visible or [])
    if isinstance(step, ChooseStep):
        return []
    targets = step.targets()
    return list(targets[0]) if targets else []


def repairable(step: StepBase) -> bool:
    """Whether showing one element can mend ``step`` (a click, a field, a choice...; not
    a choice that depends on the person's details, nor a key pressed on the page)."""
    if not isinstance(step, REPAIRABLE):
        return False
    if isinstance(step, PressStep) and not step.press.target:
        return False
    try:
        repair_step(step, [Candidate(css="body")])
    except RepairError:
        return False
    return True


def _mendable(step: StepBase, error: LocateError) -> bool:
    """``step`` is repairable, and what was not found is what a repair mends (for a check
    of the page: the element it must show, not a box that must be ticked)."""
    if isinstance(step, ExpectStep | WaitForStep):
        cond = step.expect if isinstance(step, ExpectStep) else step.wait_for
        tried = [report.candidate for report in error.reports]
        if not cond.visible or tried != list(cond.visible):
            return False
    return repairable(step)


def looked_for(step: StepBase) -> str:
    """What the person is asked to click, in French: « le bouton pour « Confirmer mon
    opposition » », « le champ pour « Saisir le code provisoire » »..."""
    targets = step.targets()
    role = next((c.role for c in (targets[0] if targets else []) if c.role), None)
    if isinstance(step, ExpectStep | WaitForStep):
        noun = "un élément qui montre que la page est la bonne"
    elif isinstance(step, FillStep | PromptStep | PressStep):
        noun = "le champ"
    elif isinstance(step, CheckStep | UncheckStep):
        noun = "la case"
    elif isinstance(step, ChooseStep):
        noun = "le choix"
    elif isinstance(step, SelectStep):
        noun = "la liste"
    else:
        noun = _NOUNS.get(role or "", "le bouton ou le lien")
    return f"{noun} pour « {step.say} »"


def repair_hint(options: RunOptions) -> str:
    """How to run again so that the person can repair the step (French)."""
    how = []
    if options.headless:
        how.append("avec --headed (navigateur visible)")
    if options.confirm == "none":
        how.append("sans --yes")
    return (
        "Le site a peut-être changé. Pour réparer cette étape vous-même, relancez "
        + " et ".join(how)
        + " : ens-auto vous demandera de cliquer sur l'élément dans le navigateur, puis "
        "gardera le parcours réparé pour les fois suivantes."
    )


@dataclass
class _Made:
    step: StepBase
    repair: Repair
    succeeded: bool = False


@dataclass
class Repairs:
    """The repairs of one run (see the module's docstring)."""

    runner: FlowRunner
    made: list[_Made] = field(default_factory=list)
    _by_hand: bool = False

    def __post_init__(self) -> None:
        self.hands = HandOver(self.runner)  # « continuer à la main »

    # ------------------------------------------------------------------ when
    def possible(self, step: StepBase, error: LocateError) -> bool:
        """A person can repair ``step`` now: interactive run, visible browser, a step
        kind that targets one element (for a check of the page, the element it must
        show is what was not found), found in the flow."""
        runner = self.runner
        return (
            runner.options.repair
            and runner.options.interactive
            and runner.page is not None
            and _mendable(step, error)
            and position(runner.flow, step) is not None
        )

    def hint(self, step: StepBase, error: LocateError) -> str | None:
        """For a failure report: how to run again with a repair (None: not the case)."""
        options = self.runner.options
        if options.interactive or not options.repair or not _mendable(step, error):
            return None
        return repair_hint(options)

    # ------------------------------------------------------------------ in the run
    def play(
        self, number: int, step: StepBase, error: LocateError, rest: Sequence[StepBase]
    ) -> str | None:
        """The step's element is not found: the person shows it (the step is played with
        it), or continues by hand up to what the flow expects next (what they did replaces
        the step; a step that recognises a page is played after it). Returns what the run
        log names as the element used."""
        runner = self.runner
        maybe, expected, _next = runner._lookahead(rest)
        recognises = isinstance(step, ExpectStep | WaitForStep)
        anchors = [*(step.anchors() if recognises else []), *maybe, *expected]
        try:
            repaired = self.repair(number, step, error, by_hand=self.hands.offered(anchors))
        except ByHandWanted:
            at = position(runner.flow, step)
            done = self.hands.hand_over(number, step, anchors, at, replace=not recognises)
            return runner._do(step) if recognises else done
        matched = runner._do(repaired)
        self.succeeded(step)
        return f"{matched or 'élément désigné'} (réparé)"

    def on_unknown_page(
        self, step: StepBase, anchors: Sequence[Sequence[Candidate]], why: str
    ) -> bool:
        """A page the flow does not know: in an interactive run, the person may continue
        by hand up to one of ``anchors`` (what they did goes before ``step`` in the copy).
        True: done, decide again; False: not offered or declined."""
        runner = self.runner
        if not self.hands.offered(anchors):
            return False
        number = runner._shown + 1
        if not self.hands.ask_unknown_page(number, step, why):
            return False
        try:
            self.hands.hand_over(number, step, anchors, position(runner.flow, step), replace=False)
        except StepFailed as exc:
            runner._fail(number, step, f"{why}\n{exc.message}", [])
        return True

    # ------------------------------------------------------------------ the repair
    def repair(
        self, number: int, step: StepBase, error: LocateError, *, by_hand: bool = False
    ) -> StepBase:
        """Ask the person to show the element of ``step``; returns the step to play (the
        new candidates only). Raises :class:`LocateError` (the first one, with why the
        repair stopped) when the person stops or the time runs out. ``by_hand``: « m »
        (continuer à la main) is offered too, and raises
        :class:`~ens_auto.flow.by_hand.ByHandWanted` when chosen."""
        runner = self.runner
        self._by_hand = by_hand
        page = runner.page
        assert page is not None
        at = position(runner.flow, step)
        assert at is not None
        what = looked_for(step)
        runner.ui.repair_start(
            RepairRequest(
                number,
                step.say,
                what,
                runner.scrubber(error.message),
                irreversible=step.irreversible,
                by_hand=by_hand,
            )
        )
        runner._log(f"  -        réparation demandée : {error.message}")
        picker = Picker(page, what=what)
        picker.start("Le site a changé : ens-auto ne retrouve pas cet élément tout seul.")
        try:
            picked, checks = self._wait_for_element(number, step, picker, error)
        finally:
            picker.stop()
            runner.ui.repair_end()
        new = [check.candidate for check in checks]
        drop = self._misleading(step, picked)
        self.made.append(_Made(step, Repair(at, new, drop)))
        shown = " ; ".join(c.describe() for c in new)
        runner.ui.info(f"Élément retenu pour l'étape {number} : {shown}.")
        runner._log(f"  -        élément désigné : {shown}")
        return repair_step(step, new, at.label, drop=_acted_on(step))

    def _wait_for_element(
        self, number: int, step: StepBase, picker: Picker, error: LocateError
    ) -> tuple[Picked, list[CandidateCheck]]:
        runner = self.runner
        deadline = time.monotonic() + REPAIR_TIMEOUT_S
        while True:
            answer = runner.ui.repair_answer()
            if answer == "arreter":
                raise self._stopped(error, "Réparation arrêtée à votre demande.")
            if answer == "main" and self._by_hand:
                raise ByHandWanted()
            if answer == "main":
                runner.ui.warn(
                    "« Continuer à la main » n'est pas possible pour cette étape : cliquez "
                    "sur l'élément dans le navigateur, ou tapez « a » pour arrêter."
                )
            picked = picker.poll(POLL_MS)
            if picker.cancelled:
                raise self._stopped(error, "Réparation annulée dans le navigateur (Échap).")
            if picked is None:
                if time.monotonic() > deadline:
                    raise self._stopped(
                        error, "Aucun élément montré dans le navigateur : délai dépassé."
                    )
                continue
            reason, checks = self._examine(step, picked)
            if reason is None and step.irreversible and not self._confirmed(number, step, checks):
                raise self._stopped(error, "Réparation arrêtée à votre demande.")
            if reason is None:
                return picked, checks
            runner.ui.warn(reason)
            runner._log(f"  -        élément refusé : {reason}")
            picker.resume(reason)

    def _examine(self, step: StepBase, picked: Picked) -> tuple[str | None, list[CandidateCheck]]:
        """Why the element shown cannot serve (French), or None and its candidates."""
        runner = self.runner
        page = runner.page
        assert page is not None
        reason = check_picked(page, picked, step.action, runner.site)
        if reason is not None:
            return reason, []
        presses = step.action not in ("fill", "prompt")
        if runner.flow.procedure == "opposition" and presses:
            try:
                check_not_activation(picked.element, submits=step.action in ("click", "press"))
            except WrongAct:
                return _refused_activation(picked), []
        checks = candidates_for(
            page, picked.element, runner.details, exact_only=step.irreversible, info=picked.info
        )
        if not checks:
            return NO_CANDIDATE, []
        if isinstance(step, ChooseStep):
            repaired = repair_step(step, [c.candidate for c in checks])
            if repaired == step:  # no name for the option among the candidates
                return NO_CANDIDATE, []
        return None, checks

    def _confirmed(self, number: int, step: StepBase, checks: Sequence[CandidateCheck]) -> bool:
        """An irreversible step: the person confirms the element shown, by its name."""
        runner = self.runner
        assert runner.page is not None
        element = accessible_name(build_locator(runner.page, checks[0].candidate))
        runner.ui.info(
            "Étape définitive : vérifiez que c'est bien l'élément à presser (il ne l'est "
            "pas encore)."
        )
        answer = runner.ui.confirm(number, step, can_skip=False, element=element)
        runner._log(f"  -        élément montré confirmé : {element} ({answer})")
        return answer == "continuer"

    def _misleading(self, step: StepBase, picked: Picked) -> list[Candidate]:
        """The old candidates that find another element, or several (an ambiguous step):
        not kept in the copy, or it would be ambiguous again."""
        page = self.runner.page
        assert page is not None
        misleading = []
        for candidate in _acted_on(step):
            with contextlib.suppress(Exception):
                check = check_candidate(page, candidate, picked.element)
                if check.count and not check.ok:
                    misleading.append(candidate)
        return misleading

    def _stopped(self, error: LocateError, why: str) -> LocateError:
        message = f"{error.message}\n{why} Rien n'a été fait sur cette page."
        return LocateError(message, error.reports)

    def succeeded(self, step: StepBase) -> None:
        """The step repaired was played with the element shown."""
        for made in self.made:
            if made.step is step:
                made.succeeded = True

    # ------------------------------------------------------------------ the copy
    def finish(self) -> Path | None:
        """At the end of the run: save the repaired copy if a repaired step went through,
        and say where. Never raises (the run's own result stays what it was)."""
        done: list[Repair | ByHand] = [made.repair for made in self.made if made.succeeded]
        done += self.hands.made
        if not done:
            return None
        runner = self.runner
        name = runner.flow.name
        try:
            path = save_repaired(runner.flow, done, site=runner.site)
        except (RepairError, EnsAutoError, OSError) as exc:
            runner.ui.warn(f"Le parcours réparé n'a pas pu être enregistré : {exc}")
            return None
        runner.result.repaired_copy = path
        runner.ui.info(
            f"Parcours réparé enregistré : {path}. Les prochaines démarches « {name} » "
            "l'utiliseront à la place du parcours fourni. Voir ce qui a changé : "
            f"ens-auto flows diff {name} ; l'envoyer au projet pour que tout le monde en "
            f"profite : ens-auto flows export {name} FICHIER."
        )
        runner._log(f"  -        parcours réparé enregistré : {path}")
        return path


def _refused_activation(picked: Picked) -> str:
    """The safety stop, said as a refusal of the element shown (the person chooses again)."""
    info = describe(picked.element)
    said = [*info["names"], info.get("value") or ""]
    bad = next((n for n in said if n and speaks_of_activating(n)), None)
    if bad is None:  # the element is fine, but an activation choice is selected in its form
        return (
            "Refusé : un choix d'activation est sélectionné sur la page, ens-auto n'enverra "
            "pas ce formulaire. Vérifiez la page, ou tapez « a » dans le terminal pour arrêter."
        )
    return (
        f"Refusé : cet élément parle d'activer (« {bad[:80]} »). Pendant une opposition, "
        "ens-auto n'actionne jamais un tel élément : cliquez sur celui qui confirme votre "
        "opposition."
    )
