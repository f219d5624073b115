"""The runner: plays a flow in a real browser and stops at the first surprise.

The step loop lives here: which steps apply to this person, each step played, recorded
and captured. Whether an optional step is needed (decided at once by what the page shows:
its own target, or what comes next) and which branch of a ``one_of`` the page calls for
are in ``decide.py``. The person's confirmations and the safety
checks made on the element itself before acting are in ``confirm.py``, the actions in
``actions.py``, choices in ``choices.py``, downloads in ``download.py``, what
every wait watches (outcomes, errors, overlays) in ``watch.py`` and ``overlays.py``,
captures and reports in ``evidence.py``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ens_auto.errors import Cancelled, EnsAutoError, InputError
from ens_auto.flow.actions import ActionsMixin, short_error
from ens_auto.flow.capture import Captures
from ens_auto.flow.choices import ChoicesMixin
from ens_auto.flow.conditions import ConditionFailed, wait_condition
from ens_auto.flow.confirm import ConfirmMixin, Skipped
from ens_auto.flow.decide import DecisionsMixin
from ens_auto.flow.download import DownloadMixin
from ens_auto.flow.driver import PLAYWRIGHT
from ens_auto.flow.engines import overlay_engine
from ens_auto.flow.evidence import AFTER_IRREVERSIBLE, EvidenceMixin
from ens_auto.flow.guard import OriginGuard
from ens_auto.flow.locate import LocateError
from ens_auto.flow.model import (
    CheckStep,
    ChooseStep,
    DownloadStep,
    ExpectStep,
    FillStep,
    Flow,
    ManualStep,
    OneOfStep,
    PromptStep,
    ScreenshotStep,
    StepBase,
    UncheckStep,
    WaitForStep,
    check_site,
)
from ens_auto.flow.overlays import Overlays
from ens_auto.flow.plan import count_left, shown_value
from ens_auto.flow.repair import Repairs
from ens_auto.flow.results import (
    Answer,
    ForeignOrigin,
    PagePlan,
    ProofSink,
    RunOptions,
    RunResult,
    RunUI,
    StepFailed,
    StepRecord,
    render,
)
from ens_auto.flow.watch import OutcomeReached, PageWatch, SiteUnavailable, applies
from ens_auto.identity import Detail, Scrubber
from ens_auto.preload import preload

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

#: Steps that look at the page, type into it or tick on it, without leaving it: a capture
#: of the page may still be under way meanwhile (it masks the fields, those typed into
#: since included; a box ticked meanwhile may show ticked). A choice that leads on (a link,
#: a button) finishes the capture first (choices.py).
STAYS_ON_PAGE = (ExpectStep, WaitForStep, FillStep, PromptStep, CheckStep, UncheckStep, ChooseStep)
#: Imported while the browser starts: the PDF check's reader, the terminal's console.
LATER_MODULES = ("pypdf", "pypdf.filters", "rich.console")

__all__ = [
    "PLAYWRIGHT",
    "Answer",
    "FlowRunner",
    "ForeignOrigin",
    "OriginGuard",
    "OutcomeReached",
    "PagePlan",
    "ProofSink",
    "RunOptions",
    "RunResult",
    "RunUI",
    "SiteUnavailable",
    "StepFailed",
    "StepRecord",
    "render",
]


def _screenshot_step_next(rest: Sequence[StepBase], details: Mapping[str, Detail]) -> bool:
    """The flow's next step that does anything on this page is a screenshot (the proof of
    the confirmation page): the page is captured then, not twice. Only looks may come
    before it; if one fails, the failure is captured anyway."""
    for later in rest:
        if not applies(later, details):
            continue
        if isinstance(later, ScreenshotStep):
            return True
        if not isinstance(later, (ExpectStep, WaitForStep)) or later.optional:
            return False
    return False


class FlowRunner(
    ActionsMixin, ChoicesMixin, ConfirmMixin, DecisionsMixin, DownloadMixin, EvidenceMixin
):
    def __init__(
        self,
        flow: Flow,
        details: Mapping[str, Detail],
        options: RunOptions,
        ui: RunUI,
        *,
        sink: ProofSink | None = None,
        scrubber: Scrubber | None = None,
        browser: Browser | None = None,
        on_step: Callable[[int, str], None] | None = None,
    ) -> None:
        missing = [n for n in flow.inputs if n not in details]
        if missing:
            raise InputError("Données manquantes pour ce parcours : " + ", ".join(missing))
        self.flow = flow
        self.details = details
        self.options = options
        self.ui = ui
        self.sink = sink
        self.scrubber = scrubber or Scrubber(details)
        self._browser = browser
        self.on_step = on_step
        self.site = check_site(options.site) if options.site else flow.site
        self.guard = OriginGuard(self.site)
        self.result = RunResult(flow=flow.name, run_dir=options.run_dir)
        self._server_error: int | None = None
        self.captures: Captures | None = None  # the page's masked captures (capture.py)
        self._captured_url: str | None = None  # the page as it shows now is captured
        self.page: Page | None = None
        self.context: BrowserContext | None = None
        self.overlays = Overlays(flow.overlays, self._note)
        self.watch = PageWatch(
            flow,
            details,
            self.scrubber,
            page=lambda: self.page,
            overlays=self.overlays if flow.overlays else None,
            before_check=self._check_guard,
            server_error=lambda: self._server_error,
        )
        self.recognised = False  # the page now shown was recognised by an expect
        self.page_changed = False  # the step being played led to a new page
        self.irreversible_done: str | None = None  # the say of the last irreversible step done
        self._shown = 0  # steps shown to the person so far
        #: The page showed what the flow expects next, none of the optional steps before it
        #: (decided at this count of steps shown, for that next step): decide.py.
        self._next_seen: tuple[int, int] | None = None
        self._page_confirmed = False  # the person said yes for the page now shown
        self._pages = 0  # pages confirmed so far
        self.repairs = Repairs(self)  # steps the person mends by showing the element

    # ----------------------------------------------------------------- lifecycle
    def run(self, *, keep_open: bool = False) -> RunResult:
        """Play the flow. Never raises for a site or flow failure: the result says it
        (``result.error``), and the evidence is in the run folder. ``keep_open`` leaves the
        page open for the caller (recorder); call :meth:`close` then."""
        self.options.run_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        own_browser = self._browser is None
        try:
            if own_browser:
                self._browser = self._launch()
            self._open_context()
            self._play()
            self.result.outcome = "reussi"
        except KeyboardInterrupt:
            self.result.outcome = "annule"
            self.result.error = Cancelled(
                f"Arrêt demandé (Ctrl-C) pendant l'étape {self.result.last_number}."
            )
        except Cancelled as exc:
            self.result.outcome = "annule"
            self.result.error = exc
        except OutcomeReached as exc:
            self._outcome_reached(exc)
        except EnsAutoError as exc:
            self.result.outcome = "echec"
            self.result.error = exc
        except Exception as exc:  # the browser crashed or would not start: still a report
            self.result.outcome = "echec"
            self.result.error = EnsAutoError(
                "Le navigateur s'est arrêté de façon inattendue : "
                + self.scrubber(short_error(str(exc))),
                hint="« ens-auto doctor » vérifie le navigateur.",
            )
        finally:
            self.result.overlays_dismissed = list(self.overlays.dismissed)
            self._final_evidence()
            self.repairs.finish()
            if not keep_open:
                self.close(own_browser=own_browser)
        return self.result

    def close(self, *, own_browser: bool = True) -> None:
        if self.captures is not None:
            self.captures.drop()
        for closer in (
            self._stop_trace,
            lambda: self.context.close() if self.context else None,
            lambda: self._browser.close() if own_browser and self._browser else None,
        ):
            with contextlib.suppress(Exception):  # the browser may be gone already (Ctrl-C)
                closer()
        self.guard.close()
        self.context = None
        self.page = None
        self.captures = None

    def _launch(self) -> Browser:
        from ens_auto.browser import find_browser, launch
        from ens_auto.config import get_settings

        choice = find_browser(get_settings())
        driver = PLAYWRIGHT.get()
        preload(LATER_MODULES)  # while the browser starts, this process only waits
        return launch(driver, choice, headless=self.options.headless)

    def _open_context(self) -> None:
        assert self._browser is not None
        engine = None  # the flow's overlays, checked by one engine of their own
        driver = PLAYWRIGHT.pw
        if self.flow.overlays and driver is not None and self._ours(driver):
            engine = overlay_engine(driver, self.flow.overlays)
        self.context = self.guard.new_context(
            self._browser, accept_downloads=True, locale="fr-FR", timezone_id="Europe/Paris"
        )
        self.context.set_default_timeout(self.options.timeout_ms)
        self.context.set_default_navigation_timeout(self.options.navigation_timeout_ms)
        if self.options.trace:
            self.context.tracing.start(screenshots=True, snapshots=True)
        self.page = self.context.new_page()
        # In a visible window, captures go through Playwright: a raw CDP capture of a
        # window that is not in front waits forever.
        self.captures = Captures(self.context, self.page, background=self.options.headless)
        self.page.on("response", self._on_response)
        if self.flow.overlays:
            self.overlays.install(self.page, engine)

    def _ours(self, driver: Any) -> bool:
        """Whether the run's browser was started by ``driver`` (its engines apply)."""
        kind = self._browser.browser_type if self._browser is not None else None
        return any(kind is t for t in (driver.chromium, driver.firefox, driver.webkit))

    def _stop_trace(self) -> None:
        if self.options.trace and self.context is not None:
            path = self.options.run_dir / "trace.zip"
            self.context.tracing.stop(path=str(path))
            self.result.files.append(path)

    def _on_response(self, response: Any) -> None:
        try:
            if response.request.is_navigation_request() and response.frame == self.page.main_frame:
                self._server_error = response.status if response.status >= 500 else None
        except Exception:
            pass

    def _note(self, message: str) -> None:
        self.ui.info(message)
        self._log(f"  -        {message}")

    def _outcome_reached(self, exc: OutcomeReached) -> None:
        """The site showed a page the flow knows: its message, its result, its evidence."""
        self.result.outcome = "deja_fait" if exc.result == "deja_fait" else "echec"
        self.result.outcome_id = exc.outcome_id
        shot = self._screenshot(f"{self.result.last_number:02d}-issue", always=True)
        lines = [exc.message]
        if shot:
            lines.append(f"Capture de la page : {shot}")
        if self.irreversible_done and exc.result != "deja_fait":
            lines.append(AFTER_IRREVERSIBLE.format(say=self.irreversible_done))
        exc.message = "\n".join(lines)
        self.result.error = exc
        self._log(f"  -  issue        {exc.outcome_id} ({exc.result})")

    # ----------------------------------------------------------------- the loop
    def _play(self) -> None:
        steps = self.flow.steps
        stop_at = self.options.until if self.options.until is not None else len(steps)
        self._play_steps(list(steps[:stop_at]), after=[])

    def _play_steps(self, steps: Sequence[StepBase], *, after: Sequence[StepBase]) -> None:
        for index, step in enumerate(steps):
            rest = [*steps[index + 1 :], *after]
            if not applies(step, self.details):
                self._record(StepRecord(0, step.say, "saute", note="ne concerne pas ce profil"))
                continue
            if step.optional and not self._needed(step, rest):
                continue
            if isinstance(step, OneOfStep):
                branch = self._branch(step)
                self._play_steps(branch.steps, after=rest)
                continue
            self._play_step(step, steps, index, rest)

    def _play_step(
        self, step: StepBase, steps: Sequence[StepBase], index: int, rest: Sequence[StepBase]
    ) -> None:
        self._shown += 1
        number = self._shown
        self.result.last_number, self.result.last_say = number, step.say
        if self.on_step:
            self.on_step(number, step.say)
        left = count_left(rest, 0, self.details, counts=lambda s: True)
        self.ui.step(number, number + left, step, shown_value(step, self.details))
        self._steps_of_page = (steps, index)
        self._check_guard()
        started = time.monotonic()
        url_before = self.page.url if self.page is not None else None
        self.page_changed = False
        if self.captures is not None and not isinstance(step, STAYS_ON_PAGE):
            self.captures.settle()  # a capture of this page under way ends before acting
        try:
            if step.acts and not step.targets() and not isinstance(step, ScreenshotStep):
                self._ask(step, None)  # nothing to resolve first (goto, press a key...)
            try:
                matched = self._do(step)
            except LocateError as exc:  # the site changed? the person may show the element
                if not self.repairs.possible(step, exc):
                    raise
                matched = self.repairs.play(number, step, exc, rest)
        except Skipped:
            self._record(StepRecord(number, step.say, "passe"))
            return
        except LocateError as exc:
            self._fail(number, step, exc.message, exc.reports, hint=self.repairs.hint(step, exc))
        except (OutcomeReached, Cancelled, InputError):
            raise
        except StepFailed as exc:  # raised inside the step: add number, site's message, capture
            if type(exc) is not StepFailed:
                raise  # SuspectProof (from the sink): its message is already complete
            self._fail(number, step, exc.message, [])
        except EnsAutoError as exc:  # a safety stop, an overlay that will not go...
            self._fail(number, step, exc.message, [])
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # Playwright errors: timeouts, closed pages...
            self._check_guard()  # a blocked navigation off the site says so plainly
            self._explain(exc)  # a page that ends the procedure says so plainly
            self._fail(number, step, short_error(str(exc)), [])
        if step.irreversible:
            self.irreversible_done = step.say
        self.watch.step_done(step.id)
        self._check_guard()
        shot = None
        if step.changes_page or self.page_changed:
            self.recognised = False
            self._page_confirmed = False
            self._check_health()
            # A capture after each step that leads to a new page state; typing, ticking
            # and looking show nothing the next capture will not (typed values are masked).
            # A download that left the page as it was shows nothing new either.
            unchanged = (
                isinstance(step, DownloadStep)
                and self.page is not None
                and self.page.url == url_before
            )
            if not unchanged:
                self._captured_url = None
                if not _screenshot_step_next(rest, self.details):
                    shot = self._screenshot(f"{number:02d}-{step.action}")
        elif step.acts:
            self._captured_url = None  # typed or ticked since the last capture
        self._record(
            StepRecord(number, step.say, "fait", matched, (time.monotonic() - started) * 1000, shot)
        )

    def _explain(self, exc: Exception) -> None:
        """After an action failed: if the page shows an outcome (or an overlay that was in
        the way), say that instead. Whatever else goes wrong here, the failure itself is
        reported."""
        try:
            self.watch.check()
        except EnsAutoError:
            raise
        except Exception:
            return

    # ----------------------------------------------------------------- page state
    def _settle(self) -> None:
        """After a click, let a navigation it started reach the new document."""
        assert self.page is not None
        with contextlib.suppress(Exception):
            self.page.wait_for_load_state(
                "domcontentloaded", timeout=self.options.navigation_timeout_ms
            )

    def _check_guard(self) -> None:
        if self.guard.violation:
            raise ForeignOrigin(
                f"Le navigateur a voulu quitter le site prévu pour « {self.guard.violation} ». "
                "Arrêt par sécurité : rien de plus n'a été saisi."
            )

    def _check_health(self) -> None:
        """After a step that changed the page: a server error stops at once (with the
        flow's own words if it knows that page)."""
        if not self._server_error or self.page is None:
            return
        reached = self.watch.outcome_now(self.page)
        if reached is not None:
            reached.message += f"\n(Le site a répondu par une erreur {self._server_error}.)"
            raise reached
        self.watch.check()

    def _manual(self, step: ManualStep) -> None:
        assert self.page is not None
        spec = step.manual
        what = f"« {step.say} »"
        try:
            wait_condition(self.page, spec.until, timeout_ms=300, what=what, watch=None)
            return  # already done
        except (ConditionFailed, LocateError):
            pass
        if self.options.headless:
            raise StepFailed(
                "Cette étape se fait à la main dans le navigateur, qui est invisible ici. "
                "Relancez avec --headed."
            )
        self.ui.info(spec.instructions)
        try:
            wait_condition(
                self.page, spec.until, timeout_ms=spec.timeout_s * 1000, what=what, watch=None
            )
        except ConditionFailed as exc:
            raise StepFailed(exc.message) from None

    def _proof_screenshot(self, step: ScreenshotStep) -> None:
        assert self.page is not None
        if self.overlays.overlays:
            self.overlays.dismiss_now(self.page)  # the proof shows the page, not a banner
        png = self.page.screenshot(full_page=step.screenshot.full_page)
        text = self.scrubber(self.page.locator("body").inner_text())
        if step.screenshot.proof and self.sink is not None:
            self.result.files.append(self.sink.proof_screenshot(step, png, text))
        else:
            path = self.options.run_dir / f"{step.screenshot.name}.png"
            path.write_bytes(png)
            self.result.files.append(path)
        self._captured_url = self.page.url
