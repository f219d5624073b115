"""Doing one step on the page: find its element (raced with what ends the procedure),
check it is safe to act on, act, and check the page took it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ens_auto.errors import InputError
from ens_auto.flow.candidates import Candidate, Condition
from ens_auto.flow.conditions import ConditionFailed, wait_condition
from ens_auto.flow.locate import Resolution, outside_site_menus
from ens_auto.flow.looks import read as read_look
from ens_auto.flow.model import (
    CheckAllStep,
    CheckStep,
    ChooseStep,
    ClickStep,
    DownloadStep,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    ManualStep,
    PressStep,
    PromptStep,
    ScreenshotStep,
    SelectStep,
    StepBase,
    UncheckStep,
    WaitForStep,
)
from ens_auto.flow.results import ProofSink, RunOptions, RunResult, RunUI, StepFailed, render
from ens_auto.flow.waits import resolve
from ens_auto.identity import Detail, Scrubber

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from ens_auto.flow.looks import Look
    from ens_auto.flow.overlays import Overlays
    from ens_auto.flow.watch import PageWatch


class ActionsMixin:
    """The actions of :class:`~ens_auto.flow.run.FlowRunner` (one method per kind)."""

    flow: Flow
    details: Mapping[str, Detail]
    options: RunOptions
    result: RunResult
    ui: RunUI
    sink: ProofSink | None
    scrubber: Scrubber
    page: Page | None
    watch: PageWatch
    overlays: Overlays
    site: str
    recognised: bool
    page_changed: bool  # set by an action that led to a new page (a choice by link)

    if TYPE_CHECKING:  # provided by the runner and the other mixins (never stubs here:
        # a stub in this class would shadow them in the runner's method order)
        def _before_act(  # confirm.py: arm, read, seen
            self, step: StepBase, res: Resolution, *, submits: bool, **how: Any
        ) -> Look: ...
        def _look_parts(  # confirm.py
            self, step: StepBase, *, arm: bool, read: Sequence[str] = ()
        ) -> list[str]: ...
        def _check_guard(self) -> None: ...
        def _settle(self) -> None: ...
        def _download(self, step: DownloadStep, res: Resolution, timeout: float) -> str: ...
        def _proof_screenshot(self, step: ScreenshotStep) -> None: ...
        def _manual(self, step: ManualStep) -> None: ...
        def _choose(self, step: ChooseStep, timeout: float) -> str: ...
        def _tick(
            self, res: Resolution, timeout: float, want: bool = True, hit: str | None = None
        ) -> None: ...
        def _check_all(self, step: CheckAllStep, timeout: float) -> str: ...
        def _seen_holding(self, step: StepBase, cond: Condition) -> bool: ...  # decide.py

    def _timeout(self, step: StepBase) -> float:
        return float(step.timeout_ms or self.options.timeout_ms)

    def _resolve(
        self, target: Sequence[Candidate], step: StepBase, *, read: Sequence[str] = ()
    ) -> Resolution:
        """The step's element (``read``: what to read on it as it is found, looks.py). An
        irreversible act is never in the site's header, menus or footer: there, a link may
        bear the same words (« Clôturer ou m'opposer »)."""
        assert self.page is not None
        page = self.page
        res = resolve(
            page,
            target,
            timeout_ms=self._timeout(step),
            what=f"« {step.say} »",
            watch=self.watch,
            narrow=outside_site_menus if step.irreversible else None,
            read=read,
        )
        if res.index > 0:  # not the first candidate: say which (a hint that the site moved)
            self.ui.info(f"Repère n° {res.index + 1} utilisé : {res.candidate.describe()}.")
        return res

    def _do(self, step: StepBase) -> str | None:
        """Play one step; returns the candidate used (for the run log)."""
        page = self.page
        assert page is not None
        t = self._timeout(step)
        if isinstance(step, GotoStep):
            return self._goto(step)
        if isinstance(step, ClickStep):
            res = self._resolve(step.click, step, read=self._look_parts(step, arm=True))
            self._before_act(step, res, submits=True, arm=True)
            res.act(lambda el: el.click(timeout=t))
            self._settle()
            return res.candidate.describe()
        if isinstance(step, FillStep):
            res = self._resolve(step.fill.target, step)
            self._before_act(step, res, submits=False)
            typed, _ = render(step.fill.value, self.details)
            self._type_into(res, typed, t)
            return res.candidate.describe()
        if isinstance(step, PromptStep):
            res = self._resolve(step.prompt.target, step)
            self._before_act(step, res, submits=False)
            self._type_into(res, self._ask_value(step), t)
            return res.candidate.describe()
        if isinstance(step, SelectStep):
            res = self._resolve(step.select.target, step, read=self._look_parts(step, arm=False))
            typed, _ = render(step.select.value, self.details)
            self._before_act(step, res, submits=False)
            try:
                res.act(lambda el: el.select_option(label=typed, timeout=t))
            except Exception:
                res.act(lambda el: el.select_option(value=typed, timeout=t))
            return res.candidate.describe()
        if isinstance(step, CheckStep | UncheckStep):
            target = step.check if isinstance(step, CheckStep) else step.uncheck
            want = isinstance(step, CheckStep)  # only what is ticked is checked first
            parts = self._look_parts(step, arm=False, read=["hit"]) if want else ["hit"]
            res = self._resolve(target, step, read=parts)
            look = self._before_act(step, res, submits=False, read=["hit"]) if want else res.seen
            # Playwright's set_checked reads the state back itself (an error if the box did
            # not take it).
            self._tick(res, t, want, hit=look.hit if look else None)
            return res.candidate.describe()
        if isinstance(step, CheckAllStep):
            return self._check_all(step, t)
        if isinstance(step, ChooseStep):
            return self._choose(step, t)
        if isinstance(step, PressStep):
            return self._press(step, t)
        if isinstance(step, ExpectStep | WaitForStep):
            cond = step.expect if isinstance(step, ExpectStep) else step.wait_for
            if not self._seen_holding(step, cond):  # else: seen just now, by the same look
                try:
                    wait_condition(
                        page, cond, timeout_ms=t, what=f"« {step.say} »", watch=self.watch
                    )
                except ConditionFailed as exc:
                    raise StepFailed(exc.message) from None
            self.recognised = True
            return None
        if isinstance(step, ManualStep):
            self._manual(step)
            return None
        if isinstance(step, DownloadStep):
            parts = self._look_parts(step, arm=True)
            res = self._resolve(step.download.target, step, read=parts)
            self._before_act(step, res, submits=False, arm=True)
            return self._download(step, res, t)
        if isinstance(step, ScreenshotStep):
            self._proof_screenshot(step)
            return None
        raise StepFailed(f"Action inconnue : {step.action}")

    def _goto(self, step: GotoStep) -> None:
        assert self.page is not None
        url = step.goto
        if url.startswith(self.flow.site):  # the flow's own site -> the run's (--site)
            url = url[len(self.flow.site) :]
        if not url.startswith("http"):
            url = self.site + url
        self.watch.disarm()  # a new page: nothing submitted on it yet
        self.page.goto(url, wait_until="domcontentloaded")
        return None

    def _press(self, step: PressStep, timeout: float) -> str | None:
        assert self.page is not None
        if step.press.target:
            res = self._resolve(step.press.target, step, read=self._look_parts(step, arm=True))
            self._before_act(step, res, submits=True, arm=True)
            self._focus(res)
            self.page.keyboard.press(step.press.key)
            self._settle()
            return res.candidate.describe()
        self.watch.arm(self.page)
        self.page.keyboard.press(step.press.key)
        self._settle()
        return None

    def _focus(self, res: Resolution) -> None:
        """Give the element the focus, and make sure it has it before a key is pressed: a
        dialog that takes the focus as it opens (a consent dialog) would get the key
        (Enter on « Tout accepter »). A declared overlay that took it is dismissed and the
        element focused again; otherwise, no key is pressed."""

        def focused() -> bool:
            res.act(lambda el: el.focus())  # the element read, else the locator (default time)
            return bool(read_look(res, ["focused"], timeout=self.options.timeout_ms).focused)

        if not self._once_more_after_an_overlay(focused):
            raise StepFailed(
                "La page a placé le curseur ailleurs que sur l'élément prévu : aucune touche "
                "n'a été pressée."
            )

    def _once_more_after_an_overlay(self, attempt: Callable[[], bool]) -> bool:
        """``attempt()``; if it failed and a declared overlay was over the page (a consent
        dialog that took the focus), the overlay is dismissed and ``attempt()`` made once
        more."""
        if attempt():
            return True
        return self.page is not None and self.overlays.dismiss_now(self.page) and attempt()

    def _type_into(self, res: Resolution, value: str, timeout: float) -> None:
        """Type ``value`` and read it back. A declared overlay that came over the field
        while typing (a consent dialog taking the focus) took the typing away: it is
        dismissed and the value typed once more."""
        self._check_guard()  # never type anything while the browser is off the site

        def typed() -> bool:
            res.act(lambda el: el.fill(value, timeout=timeout))
            shown = res.act(lambda el: el.input_value(timeout=timeout))
            return _normalise(shown) == _normalise(value)

        if not self._once_more_after_an_overlay(typed):
            raise StepFailed(
                "Le champ n'a pas gardé la valeur saisie (la page l'a modifiée) : arrêt."
            )

    def _ask_value(self, step: PromptStep) -> str:
        from ens_auto.identity import INPUTS, parse_detail

        for _attempt in range(3):
            raw = self.ui.ask(step.prompt.question, secret=step.prompt.secret)
            try:
                if step.prompt.name in INPUTS:
                    detail = parse_detail(step.prompt.name, raw)
                else:
                    value = raw.strip()
                    detail = Detail(step.prompt.name, value, "•" * 6, step.prompt.secret)
            except InputError as exc:
                self.ui.warn(exc.message)
                continue
            self.scrubber.add(detail)  # never shown in clear afterwards
            return detail.value
        raise InputError(f"Saisie invalide pour « {step.prompt.question} » (3 essais).")


def _normalise(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value).upper()


def short_error(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "erreur inconnue"
    if "Timeout" in first:
        return "Délai dépassé : la page n'a pas répondu à temps."
    if "Target page, context or browser has been closed" in first:
        return "Le navigateur a été fermé."
    return first[:300]
