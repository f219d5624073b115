"""Decisions by what the page shows, never by a timeout: whether an optional step applies
(its own target shows: play it; what the flow expects next shows: skip it), and which
branch of a ``one_of`` the page calls for (two at once is a stop). A page that shows none
of what the flow allows for is reported at once, or crossed by hand in a run with a
person (``by_hand.py``)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ens_auto.flow.candidates import Condition
from ens_auto.flow.model import OneOfStep, StepBase
from ens_auto.flow.results import StepRecord
from ens_auto.flow.waits import wait_any
from ens_auto.flow.watch import applies
from ens_auto.identity import Detail

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from ens_auto.flow.locate import CandidateReport
    from ens_auto.flow.repair import Repairs
    from ens_auto.flow.watch import PageWatch


class DecisionsMixin:
    """The decisions of :class:`~ens_auto.flow.run.FlowRunner`."""

    details: Mapping[str, Detail]
    page: Page | None
    watch: PageWatch
    repairs: Repairs  # repairs and « continuer à la main » (repair.py)
    _shown: int
    _next_seen: tuple[int, int] | None

    if TYPE_CHECKING:  # provided by the runner and the other mixins

        def _timeout(self, step: StepBase) -> float: ...
        def _record(self, record: StepRecord) -> None: ...
        def _fail(
            self,
            number: int,
            step: StepBase,
            why: str,
            reports: Sequence[CandidateReport],
            *,
            hint: str | None = None,
        ) -> None: ...

    def _lookahead(
        self, rest: Sequence[StepBase]
    ) -> tuple[list[list[Any]], list[list[Any]], StepBase | None]:
        """What the page may show next: the anchors of the optional steps that follow, and
        those of the first step that is not optional (what the flow expects next, and that
        step)."""
        maybe: list[list[Any]] = []
        for later in rest:
            if not applies(later, self.details):
                continue
            found = later.anchors()
            if found and not later.optional:
                return maybe, list(found), later
            maybe.extend(found)
        return maybe, [], None

    def _needed(self, step: StepBase, rest: Sequence[StepBase]) -> bool:
        """Whether an optional step applies to the page shown, decided at once by what
        shows first: its own target (play it), what the flow expects next (skip it), or
        a later optional step's target (skip it, that step will decide) — never a
        timeout. Its own target wins over a later optional one on the same page."""
        assert self.page is not None
        own = step.anchors()
        maybe, expected, next_step = self._lookahead(rest)
        if next_step is not None and self._next_seen == (self._shown, id(next_step)):
            # Decided with the optional step before, nothing done since: the page showed
            # what the flow expects next, and that alone skips every optional step before
            # it, whatever else shows. The same look would say the same.
            self._record(StepRecord(0, step.say, "saute", note="la page montre la suite"))
            return False
        started = time.monotonic()
        # Three looks at most, whatever the number of anchors: this step's, the later
        # optional steps', what the flow expects next.
        groups = [[c for anchor in group for c in anchor] for group in (own, maybe, expected)]
        shown = wait_any(
            self.page,
            [group for group in groups if group],
            timeout_ms=self._timeout(step),
            watch=self.watch,
        )
        which = [k for k, group in enumerate(groups) if group]
        shown = [which[i] for i in shown]
        elapsed = (time.monotonic() - started) * 1000
        mine = 0 in shown
        next_shown = 2 in shown
        if mine and not next_shown:
            return True
        if not shown:  # nothing: the page is not one the flow allows for here
            why = (
                f"Page inattendue : ni « {step.say} », ni ce qui doit suivre n'est affiché "
                f"(après {elapsed / 1000:.0f} s)."
            )
            if self.repairs.on_unknown_page(step, [*own, *maybe, *expected], why):
                return self._needed(step, rest)
            self._fail(self._shown + 1, step, why, [])
        if next_shown and next_step is not None:
            self._next_seen = (self._shown, id(next_step))
        note = "la page montre la suite" if next_shown else "une étape suivante la remplace"
        self._record(StepRecord(0, step.say, "saute", elapsed_ms=elapsed, note=note))
        return False

    def _seen_holding(self, step: StepBase, cond: Condition) -> bool:
        """Whether the optional steps just skipped saw ``cond`` hold: it only asks that one
        of its elements shows, that is what the flow expects next (it was looked for as
        such), and nothing was played since. The same look would say the same."""
        others = ("text", "text_absent", "url", "hidden", "checked")
        only_visible = cond.visible and all(getattr(cond, key) is None for key in others)
        return bool(only_visible) and self._next_seen == (self._shown - 1, id(step))

    def _branch(self, step: OneOfStep) -> Any:
        """The branch whose first target is on the page; two at once is a stop."""
        assert self.page is not None
        anchors = [b.anchor() for b in step.one_of]
        started = time.monotonic()
        shown = wait_any(self.page, anchors, timeout_ms=self._timeout(step), watch=self.watch)
        elapsed = (time.monotonic() - started) * 1000
        number = self._shown + 1
        if not shown:
            why = (
                "Aucune des formes de page prévues n'est affichée : "
                + " / ".join(f"« {b.say} »" for b in step.one_of)
                + "."
            )
            if self.repairs.on_unknown_page(step, anchors, why):
                return self._branch(step)
            self._fail(number, step, why, [])
        if len(shown) > 1:
            self._fail(
                number,
                step,
                "Ambigu : la page correspond à plusieurs formes prévues ("
                + " / ".join(f"« {step.one_of[i].say} »" for i in shown)
                + "). Arrêt sans deviner.",
                [],
            )
        branch = step.one_of[shown[0]]
        self._record(StepRecord(0, step.say, "fait", elapsed_ms=elapsed, note=branch.say))
        return branch
