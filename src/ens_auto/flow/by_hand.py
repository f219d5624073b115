"""« Continuer à la main »: the person does what a page asks in the visible browser, the
recorder notes it, and the run takes back as soon as the page it expects next shows.

Offered in an interactive run (visible browser, not ``--yes``) when a step's element is
not found (the repair prompt offers « m » besides « a »), and when the page shown is not
one the flow knows at all (an optional step whose lookahead decides nothing, a ``one_of``
where no branch shows). While the person acts, the page gets every click (the person is
in control); ens-auto records with :class:`~ens_auto.flow.recording.Recorder` (attached
once to the run's context) and waits for the anchors of what the flow expects next.

What was done is then written in the repaired copy (:class:`~ens_auto.flow.copies.ByHand`):
in place of the step that could not be played, or before the step that met the unknown
page. Typed values equal to one of the person's details become their placeholder; other
typed text is never written. On an opposition flow, a recorded press on anything that
speaks of activating means the copy is not saved for this page (said at once). A recorded
submit the person says was definitive is written ``irreversible``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from ens_auto.flow.copies import ByHand
from ens_auto.flow.locate import LocateError
from ens_auto.flow.results import RepairRequest, StepFailed
from ens_auto.flow.waits import wait_any

if TYPE_CHECKING:
    from ens_auto.flow.copies import StepAt
    from ens_auto.flow.model import Candidate, StepBase
    from ens_auto.flow.recording import Recorder
    from ens_auto.flow.recording.builder import SubmitStep
    from ens_auto.flow.run import FlowRunner

#: How long the person has to reach a page the flow knows.
HAND_TIMEOUT_S = 15 * 60
#: How often the terminal is read and the page looked at while the person acts.
POLL_MS = 250


class ByHandWanted(Exception):
    """The person chose « continuer à la main » at the repair prompt."""


class HandOver:
    """The hand-overs of one run (the recorder is attached once, on the first)."""

    def __init__(self, runner: FlowRunner) -> None:
        self.runner = runner
        self.recorder: Recorder | None = None
        self.made: list[ByHand] = []

    # ------------------------------------------------------------------ when
    def offered(self, anchors: Sequence[Sequence[Candidate]]) -> bool:
        """A hand-over can be offered: interactive run, a page, something to recognise."""
        options = self.runner.options
        return (
            options.repair and options.interactive and self.runner.page is not None and any(anchors)
        )

    def ask_unknown_page(self, number: int, step: StepBase, why: str) -> bool:
        """The page shown is not one the flow knows: ask whether the person continues by
        hand (True) or stops (False)."""
        runner = self.runner
        runner.ui.repair_start(
            RepairRequest(
                number,
                step.say,
                "la page suivante du parcours",
                runner.scrubber(why),
                by_hand=True,
                page_unknown=True,
            )
        )
        runner._log(f"  -        page inconnue : {why}")
        deadline = time.monotonic() + HAND_TIMEOUT_S
        try:
            while time.monotonic() < deadline:
                answer = runner.ui.repair_answer()
                if answer == "main":
                    return True
                if answer == "arreter":
                    return False
                assert runner.page is not None
                runner.page.wait_for_timeout(POLL_MS)
            return False
        finally:
            runner.ui.repair_end()

    # ------------------------------------------------------------------ the hand-over
    def hand_over(
        self,
        number: int,
        step: StepBase,
        anchors: Sequence[Sequence[Candidate]],
        at: StepAt | None,
        *,
        replace: bool,
    ) -> str:
        """Give the browser to the person, record, and return once one of ``anchors``
        shows after the person did something (StepFailed when they stop or the time runs
        out). What was done goes in the copy at ``at`` (replacing that step or before it).
        Returns what the run log says of the step."""
        runner = self.runner
        page = runner.page
        assert page is not None
        recorder = self._recording()
        runner.ui.repair_start(
            RepairRequest(number, step.say, "la page suivante du parcours", "", handing=True)
        )
        runner._log("  -        continuer à la main : enregistrement")
        deadline = time.monotonic() + HAND_TIMEOUT_S
        try:
            while True:
                answer = runner.ui.repair_answer()
                if answer == "arreter":
                    raise StepFailed("« Continuer à la main » arrêté à votre demande.")
                if time.monotonic() > deadline:
                    raise StepFailed(
                        "« Continuer à la main » : la page suivante du parcours n'est pas "
                        "apparue à temps."
                    )
                acted = any(a.kind not in ("goto", "expect") for a in recorder.actions)
                try:
                    shown = wait_any(page, anchors, timeout_ms=POLL_MS, watch=runner.watch)
                except LocateError:
                    shown = []
                if shown and acted:
                    break
        finally:
            recorder.stop()
            runner.ui.repair_end()
        runner.ui.info("Page du parcours reconnue : ens-auto reprend la main.")
        runner._log("  -        page suivante reconnue, reprise")
        self._keep(step, at, replace=replace)
        runner.page_changed = True
        return "fait à la main (enregistré)"

    def _recording(self) -> Recorder:
        from ens_auto.flow.recording import Recorder

        runner = self.runner
        if self.recorder is None:
            assert runner.context is not None
            self.recorder = Recorder(runner.context, site=runner.site, details=runner.details)
            self.recorder.attach(runner.page)
        else:
            self.recorder.restart()
        return self.recorder

    def _keep(self, step: StepBase, at: StepAt | None, *, replace: bool) -> None:
        """Turn the recording into steps for the copy, or say why it is not kept."""
        from ens_auto.flow.recording.builder import hand_steps  # the recorder: only when used

        runner = self.runner
        assert self.recorder is not None
        try:
            found = hand_steps(self.recorder, definitive=self._definitive, details=runner.details)
        except Exception as exc:  # a recording that cannot be written: the run goes on
            runner.ui.warn(f"Ce que vous avez fait à la main ne sera pas gardé : {exc}")
            return
        for warning in found.warnings:
            runner.ui.warn(warning)
        for note in found.dropped:
            runner.ui.info(f"Non gardé dans le parcours réparé : {note}.")
        if found.activation and runner.flow.procedure == "opposition":
            said = " ; ".join(f"« {a} »" for a in found.activation)
            runner.ui.warn(
                f"Vous avez actionné un élément qui parle d'activer ({said}). Pendant une "
                "opposition, ens-auto ne l'enregistre jamais : ce que vous avez fait à la main "
                "sur cette page ne sera pas gardé dans le parcours réparé. Vérifiez sur le "
                "site que votre profil n'a pas été activé."
            )
            runner._log(f"  -        fait à la main non gardé (activation : {said})")
            return
        if found.activation:  # another procedure: a press like any other, but said
            runner.ui.warn("Un élément pressé à la main parle d'activer : il n'est pas gardé.")
        if at is None or (not found.steps and not replace):
            return
        if not found.steps:
            runner.ui.warn(
                "Rien de ce que vous avez fait à la main ne peut être gardé : le parcours "
                "réparé n'est pas enregistré pour cette page."
            )
            return
        self.made.append(ByHand(at, found.steps, replace=replace))
        said = " ; ".join(s.say for s in found.steps)
        runner._log(f"  -        fait à la main, gardé : {said}")

    def _definitive(self, submits: Sequence[SubmitStep]) -> Collection[int]:
        """Which recorded submits cannot be undone: asked to the person (like ``ens-auto
        record``); no clear answer counts them all as definitive (the safe side: each
        later run then asks before pressing them)."""
        runner = self.runner
        listed = " ; ".join(f"{s.number}. {s.say}" for s in submits)
        numbers = {s.number for s in submits}
        question = (
            f"Vous avez envoyé un formulaire à la main ({listed}). Lequel a rendu la démarche "
            "définitive (ne peut pas être annulé) ? Numéros séparés par des espaces, ou "
            "Entrée pour aucun"
        )
        for _ in range(3):
            answer: Any = runner.ui.ask(question, secret=False)
            chosen = {int(n) for n in re.findall(r"\d+", str(answer))}
            if chosen <= numbers:
                return chosen
            runner.ui.warn("Numéros non proposés.")
        runner.ui.warn("Pas de réponse claire : ces envois seront confirmés à chaque fois.")
        return numbers
