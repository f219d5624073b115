"""Check a flow against the live site without doing anything: a drift check.

The walk only loads pages and follows plain links: ``goto``, ``expect`` / ``wait_for``,
and clicks whose target is an ordinary link (``<a href>`` outside any form). It stops at
the first step that would type, choose, tick, submit, download, or that is irreversible;
the targets of the steps that follow on that same page are still counted (the code
provisoire field on the code page, its « Valider » button). Nothing is typed or submitted,
and the browser cannot leave the site (:class:`~ens_auto.flow.run.OriginGuard`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ens_auto.flow.guard import OriginGuard
from ens_auto.flow.locate import CandidateReport, LocateError
from ens_auto.flow.model import (
    PLACEHOLDER,
    Candidate,
    ChooseStep,
    ClickStep,
    DownloadStep,
    ExpectStep,
    Flow,
    GotoStep,
    ManualStep,
    OneOfStep,
    PressStep,
    PromptStep,
    ScreenshotStep,
    StepBase,
    WaitForStep,
    check_site,
)
from ens_auto.flow.steps import choice_candidates
from ens_auto.flow.texts import Texts
from ens_auto.flow.waits import resolve, wait_any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Steps after which the page is (probably) another one: the same-page look ends there.
LEAVING = (ClickStep, PressStep, DownloadStep, PromptStep, ManualStep, GotoStep)

_PLAIN_LINK = """el => {
  const a = el.closest('a[href]');
  if (!a || el.closest('form') || el.closest('button')) { return false; }
  if (a.hasAttribute('download')) { return false; }
  const target = (a.getAttribute('target') || '').toLowerCase();
  if (target && target !== '_self') { return false; }
  return !/^\\s*javascript:/i.test(a.getAttribute('href') || '');
}"""


@dataclass
class TargetCheck:
    """One target of one step, and what each of its candidates matches now."""

    number: int
    say: str
    action: str
    reports: list[CandidateReport]
    walked: bool  # the step itself was done (a page load, a link followed)
    note: str = ""

    @property
    def ok(self) -> bool:
        """At least one candidate still designates exactly one element."""
        return any(r.count == 1 for r in self.reports)


@dataclass
class DriftReport:
    flow: str
    site: str
    targets: list[TargetCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # number, say, why
    stopped_at: int | None = None  # first step not done (would act on the site)
    stop_reason: str = ""

    @property
    def broken(self) -> list[TargetCheck]:
        return [t for t in self.targets if not t.ok]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.broken


def _stop_reason(step: StepBase) -> str:
    if step.irreversible:
        return "étape irréversible"
    if isinstance(step, ClickStep):
        return "clic qui ne suit pas un simple lien"
    return {
        "fill": "saisie",
        "prompt": "saisie",
        "select": "choix dans une liste",
        "choose": "choix",
        "check": "case à cocher",
        "uncheck": "case à cocher",
        "press": "touche du clavier",
        "download": "téléchargement",
        "manual": "étape faite à la main",
    }.get(step.action, step.action)


def _targets(step: StepBase) -> tuple[list[list[Candidate]], str]:
    """The targets to count for ``step`` (a fixed choice included), and a note."""
    targets = list(step.targets())
    note = ""
    if isinstance(step, ChooseStep):
        option = step.choose.option
        if PLACEHOLDER.search(" ".join(option.alternatives)):
            note = "option tirée des données de la personne : non vérifiée"
        else:
            targets.append(choice_candidates(option))
    if isinstance(step, OneOfStep):
        targets = [branch.anchor() for branch in step.one_of]
    return targets, note


class _Walker:
    def __init__(self, flow: Flow, site: str, page: Page, guard: OriginGuard, timeout_ms: int):
        self.flow = flow
        self.page = page
        self.guard = guard
        self.timeout_ms = timeout_ms
        self.site = site
        self.report = DriftReport(flow.name, site)
        self._fresh = True  # first look at this page: wait for it to render

    def _count(self, number: int, step: StepBase, walked: bool) -> list[TargetCheck]:
        from playwright.sync_api import Error as PlaywrightError

        targets, note = _targets(step)
        if note:
            self.report.skipped.append((number, step.say, note))
        found: list[TargetCheck] = []
        for target in targets:
            wait = self.timeout_ms if self._fresh else min(1_000, self.timeout_ms)
            try:
                reports = resolve(self.page, target, timeout_ms=wait, what=step.say).reports
            except LocateError as exc:
                reports = exc.reports
            except PlaywrightError as exc:
                reports = [CandidateReport(c, None, str(exc).splitlines()[0]) for c in target]
            self._fresh = False
            check = TargetCheck(number, step.say, step.action, reports, walked)
            found.append(check)
            self.report.targets.append(check)
        return found

    def _navigated(self) -> None:
        self._fresh = True
        with contextlib.suppress(Exception):
            self.page.wait_for_load_state("domcontentloaded")

    def _healthy(self, number: int, status: int | None) -> bool:
        if self.guard.violation:
            self.report.problems.append(
                f"Étape {number} : le site a voulu mener ailleurs ({self.guard.violation})."
            )
            return False
        title = ""
        with contextlib.suppress(Exception):
            title = self.page.title().lower()
        if (status is not None and status >= 500) or "maintenance" in title:
            self.report.problems.append(
                f"Étape {number} : le site est indisponible ou en maintenance"
                + (f" (erreur {status})" if status else "")
                + "."
            )
            return False
        return True

    def walk(self) -> DriftReport:
        walking = True
        for index, step in enumerate(self.flow.steps):
            number = index + 1
            if step.when or step.unless:
                self.report.skipped.append(
                    (number, step.say, "étape conditionnelle (selon la personne) : non vérifiée")
                )
                continue
            if not walking:
                if isinstance(step, GotoStep):
                    break
                if isinstance(step, ExpectStep | WaitForStep):
                    cond = step.expect if isinstance(step, ExpectStep) else step.wait_for
                    if cond.url is not None and cond.url not in self.page.url:
                        break  # another page: out of reach
                self._count(number, step, walked=False)
                if isinstance(step, LEAVING):
                    break
                continue
            if isinstance(step, GotoStep):
                url = step.goto if step.goto.startswith("http") else self.site + step.goto
                try:
                    response = self.page.goto(url, wait_until="domcontentloaded")
                except Exception as exc:
                    self.report.problems.append(
                        f"Étape {number} : page inaccessible ({str(exc).splitlines()[0][:160]})."
                    )
                    break
                self._fresh = True
                if not self._healthy(number, response.status if response else None):
                    break
                continue
            if isinstance(step, ExpectStep | WaitForStep):
                cond = step.expect if isinstance(step, ExpectStep) else step.wait_for
                if cond.url is not None and not self._wait_url(cond.url):
                    self.report.problems.append(
                        f"Étape {number} : la page attendue n'est pas affichée "
                        f"(adresse sans « {cond.url} »)."
                    )
                    break
                if cond.text is not None and not self._has_text(cond.text):
                    self.report.problems.append(
                        f"Étape {number} : texte attendu absent de la page : "
                        f"{cond.text.describe()}."
                    )
                self._count(number, step, walked=True)
                continue
            if isinstance(step, ScreenshotStep):
                continue
            if step.optional:
                decided = self._optional(index, number, step)
                if decided == "skip":
                    continue
                if decided == "stop":
                    break
            if isinstance(step, ChooseStep) and not PLACEHOLDER.search(
                " ".join(step.choose.option.alternatives)
            ):
                checks = self._count(number, step, walked=False)
                if checks and checks[-1].ok and self._follow_link(step):
                    checks[-1].walked = True
                    if not self._healthy(number, None):
                        break
                    continue
            if isinstance(step, ClickStep) and not step.irreversible:
                checks = self._count(number, step, walked=False)
                if checks and checks[0].ok and self._follow_link(step):
                    checks[0].walked = True
                    if not self._healthy(number, None):
                        break
                    continue
            walking = False
            self.report.stopped_at = number
            self.report.stop_reason = _stop_reason(step)
            if not isinstance(step, ClickStep | ChooseStep) or step.irreversible:
                self._count(number, step, walked=False)
            if isinstance(step, LEAVING):
                break
        return self.report

    def _wait_url(self, part: str) -> bool:
        try:
            self.page.wait_for_url(
                lambda u: part in u, timeout=self.timeout_ms, wait_until="commit"
            )
        except Exception:
            return False
        return True

    def _has_text(self, text: Texts) -> bool:
        try:
            self.page.get_by_text(text.pattern()).filter(visible=True).first.wait_for(
                state="visible", timeout=self.timeout_ms
            )
        except Exception:
            return False
        return True

    def _optional(self, index: int, number: int, step: StepBase) -> str:
        """An optional step: « skip » when the page already shows what follows, « walk »
        when its own target shows (then it is handled as any step), « stop » if neither."""
        own = step.anchors()
        expected: list[list[Candidate]] = []
        for later in self.flow.steps[index + 1 :]:
            if later.when or later.unless:
                continue
            if later.anchors() and not later.optional:
                expected = list(later.anchors())
                break
            expected.extend(later.anchors())
        shown = wait_any(self.page, [*own, *expected], timeout_ms=self.timeout_ms)
        self._fresh = False
        if any(i >= len(own) for i in shown):
            self.report.skipped.append(
                (number, step.say, "facultative : la page montre déjà la suite")
            )
            return "skip"
        if not shown:
            self.report.problems.append(
                f"Étape {number} : ni « {step.say} », ni ce qui doit suivre n'est sur la page."
            )
        return "walk" if shown else "stop"

    def _follow_link(self, step: StepBase) -> bool:
        """Click the target if it is a plain link outside any form; True when followed."""
        if isinstance(step, ChooseStep):
            target = choice_candidates(step.choose.option)
        elif isinstance(step, ClickStep):
            target = step.click
        else:
            return False
        try:
            res = resolve(self.page, target, timeout_ms=1_000, what=step.say)
            if not res.locator.evaluate(_PLAIN_LINK):
                return False
            res.locator.click()
        except Exception:
            return False
        self._navigated()
        return True


def check_flow_live(
    flow: Flow,
    *,
    site: str | None = None,
    browser: Browser | None = None,
    timeout_ms: int = 5_000,
) -> DriftReport:
    """Walk ``flow`` read-only on ``site`` (default: the flow's) and count every
    candidate of every target in reach. ``browser``: an open Playwright browser to use
    (otherwise one is launched without a window and closed at the end)."""
    site = check_site(site) if site else flow.site
    own = browser is None
    if own:
        from ens_auto.browser import find_browser, launch
        from ens_auto.config import get_settings
        from ens_auto.flow.run import PLAYWRIGHT

        browser = launch(PLAYWRIGHT.get(), find_browser(get_settings()), headless=True)
    assert browser is not None
    guard = OriginGuard(site)
    context: Any = guard.new_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        context.set_default_timeout(timeout_ms)
        page = context.new_page()
        return _Walker(flow, site, page, guard, timeout_ms).walk()
    finally:
        with contextlib.suppress(Exception):
            context.close()
        guard.close()
        if own:
            with contextlib.suppress(Exception):
                browser.close()
