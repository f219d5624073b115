"""The person's confirmations (one per page, each step, or only the irreversible ones) and
the safety checks made on the element itself just before acting: on an opposition flow,
nothing that speaks of activating is ever pressed, and an irreversible step acts only on a
page recognised just before, the person shown the real name of what will be pressed."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ens_auto.errors import Cancelled
from ens_auto.flow.looks import Look
from ens_auto.flow.looks import read as read_look
from ens_auto.flow.model import Flow, ScreenshotStep, StepBase
from ens_auto.flow.plan import page_plan, pages_left
from ens_auto.flow.results import Answer, PagePlan, RunOptions, RunUI, StepFailed
from ens_auto.flow.safety import accessible_name, judge
from ens_auto.identity import Detail

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from ens_auto.flow.locate import Resolution
    from ens_auto.flow.watch import PageWatch


class Skipped(Exception):
    """The person chose « passer » for an optional step."""


class ConfirmMixin:
    """The confirmations of :class:`~ens_auto.flow.run.FlowRunner`."""

    flow: Flow
    details: Mapping[str, Detail]
    options: RunOptions
    ui: RunUI
    page: Page | None
    watch: PageWatch
    recognised: bool
    _shown: int
    _pages: int
    _page_confirmed: bool
    _steps_of_page: tuple[Sequence[StepBase], int]

    if TYPE_CHECKING:  # provided by the runner and the other mixins

        def _timeout(self, step: StepBase) -> float: ...
        def _log(self, line: str) -> None: ...
        def _heading(self) -> str: ...

    def _before_act(
        self,
        step: StepBase,
        res: Resolution,
        *,
        submits: bool,
        arm: bool = False,
        read: Sequence[str] = (),
        seen: Look | None = None,
    ) -> Look:
        """Just before acting on the element found: safety checks on the element itself,
        then the person's confirmation (with the real name of what an irreversible step
        will press). With ``arm``, the page's error messages are remembered (the act
        submits something). What the checks need, and ``read``, is read in one search
        (``looks.py``), unless already ``seen``; returned for the act."""
        check = self._checks(step)
        wanted = self._look_parts(step, arm=arm, read=read)
        look = seen or res.seen or Look()
        missing = look.lacks(wanted)
        if missing:
            look = look.merged(read_look(res, missing, timeout=self._timeout(step)))
        if check:
            assert look.describe is not None
            judge(look.describe, submits=submits)
            if look.by_engine:  # the act's own search checks again, as it acts
                res.guard = "submit" if submits else "press"
        if step.irreversible and not self.recognised:
            raise StepFailed(
                "La page affichée n'a pas été reconnue : l'étape définitive n'est pas faite."
            )
        asked = self._ask(step, res)
        if arm:  # what the person read meanwhile may have changed the page: read again
            self.watch.arm(self.page, known=None if asked else look.errors)
        return look

    def _checks(self, step: StepBase) -> bool:
        """Whether what ``step`` presses is checked first (an opposition: never activate)."""
        presses = not isinstance(step, ScreenshotStep) and step.action not in ("fill", "prompt")
        return self.flow.procedure == "opposition" and presses

    def _look_parts(self, step: StepBase, *, arm: bool, read: Sequence[str] = ()) -> list[str]:
        """What :meth:`_before_act` reads on the element (to read it as it is found)."""
        return [*read, *(["describe"] if self._checks(step) else []), *(["errors"] if arm else [])]

    def _ask(self, step: StepBase, res: Resolution | None) -> bool:
        """The person's confirmation, if the mode asks for one here (True: asked)."""
        mode = self.options.confirm
        if mode == "none":
            return False
        if mode == "page" and not self._page_confirmed and step.acts and step.action != "goto":
            self._confirm_page(res, alone=step.irreversible)
        if step.irreversible:
            element = accessible_name(res.locator) if res is not None else None
            self._highlight(res)
            answer = self.ui.confirm(self._shown, step, can_skip=False, element=element)
            if element:
                self._log(f"  -        élément pressé : {element}")
            self._answered(answer, step)
        elif mode == "each" and step.acts:
            self._highlight(res)
            answer = self.ui.confirm(self._shown, step, can_skip=step.optional)
            self._answered(answer, step)
        return True

    def _confirm_page(self, res: Resolution | None, *, alone: bool) -> None:
        steps, index = self._steps_of_page
        plan = page_plan(steps, index, self.details)
        self._pages += 1
        if alone and len(plan) == 1:  # the irreversible step's own question is enough
            self._page_confirmed = True
            return
        total = self._pages + pages_left(steps, index, self.details) - 1
        self._highlight(res)
        answer = self.ui.confirm_page(
            PagePlan(self._pages, max(total, self._pages), self._heading(), tuple(plan))
        )
        if answer == "arreter":
            raise Cancelled(f"Arrêt demandé sur la page « {self._heading() or self._pages} ».")
        self._page_confirmed = True

    def _answered(self, answer: Answer, step: StepBase) -> None:
        if answer == "arreter":
            raise Cancelled(f"Arrêt demandé avant l'étape {self._shown} ({step.say}).")
        if answer == "passer":
            raise Skipped()

    def _highlight(self, res: Resolution | None) -> None:
        if self.options.headless or res is None:
            return
        with contextlib.suppress(Exception):
            res.locator.highlight()
