"""The runner: plays a flow in a real browser, step by step, and stops at the first surprise.

Before each step it tells the person what comes (« Étape 3/9 — ... »), shows the value
masked, and asks (continuer / passer / arrêter) as the confirmation mode wants. The
browser may visit only the flow's site. Each step leaves a screenshot in the run folder.
"""

from __future__ import annotations

import base64
import contextlib
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import urlsplit

from ens_auto.config import ConfirmMode
from ens_auto.errors import PHONE_ROUTE, Cancelled, EnsAutoError, InputError
from ens_auto.flow.locate import CandidateReport, LocateError, Resolution, any_visible, resolve
from ens_auto.flow.model import (
    PLACEHOLDER,
    Candidate,
    CheckStep,
    ChooseStep,
    ClickStep,
    Condition,
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
    check_site,
    is_loopback,
)
from ens_auto.identity import Detail, Scrubber

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route


Answer = Literal["continuer", "passer", "arreter"]
Outcome = Literal["reussi", "echec", "annule"]

#: Steps that act on the page (the others only look at it).
ACTING = (
    GotoStep,
    ClickStep,
    FillStep,
    SelectStep,
    CheckStep,
    UncheckStep,
    ChooseStep,
    PressStep,
    PromptStep,
    DownloadStep,
    ManualStep,
)

#: Steps after which the page may show something new (a capture is kept).
CHANGES_PAGE = (GotoStep, ClickStep, PressStep, DownloadStep, ManualStep)

#: Fields whose value a person typed: masked in every step capture.
TEXT_FIELDS = (
    "input:not([type=radio]):not([type=checkbox]):not([type=submit]):not([type=button])"
    ":not([type=reset]):not([type=image]):not([type=hidden]), textarea"
)

# Through the CSSOM (not a <style> element, which a strict Content-Security-Policy blocks).
_MASK_ON = """(selector) => {
  const saved = [];
  for (const el of document.querySelectorAll(selector)) {
    saved.push([el, el.style.getPropertyValue("-webkit-text-security"),
                el.style.getPropertyPriority("-webkit-text-security")]);
    el.style.setProperty("-webkit-text-security", "disc", "important");
  }
  window.__ensAutoMasque = saved;
  return saved.every(([el]) => getComputedStyle(el).webkitTextSecurity === "disc");
}"""
_MASK_OFF = """() => {
  for (const [el, value, priority] of window.__ensAutoMasque || []) {
    if (value) { el.style.setProperty("-webkit-text-security", value, priority); }
    else { el.style.removeProperty("-webkit-text-security"); }
  }
  delete window.__ensAutoMasque;
}"""

#: Strictly error messages (not information or success): enough to stop a wait early.
SITE_ERRORS = (
    "[role=alert]:visible:not(.fr-alert--success):not(.fr-alert--info), "
    ".fr-error-text:visible, .fr-alert--error:visible"
)

ERROR_SELECTORS = (
    "[role=alert]:visible, .fr-error-text:visible, .fr-alert:visible, "
    ".error:visible, .erreur:visible, [aria-invalid=true] ~ .fr-error-text:visible"
)


class RunUI(Protocol):
    """What the runner needs from whoever watches the run (terminal, tests, recorder)."""

    def step(self, number: int, total: int, step: StepBase, shown_value: str | None) -> None: ...

    def confirm(self, number: int, step: StepBase, *, can_skip: bool) -> Answer: ...

    def ask(self, question: str, *, secret: bool) -> str: ...

    def info(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...


class ProofSink(Protocol):
    """Where the files a run produces as proof go (checked, saved, journaled)."""

    def downloaded(self, step: DownloadStep, data: bytes, suggested_name: str) -> Path: ...

    def proof_screenshot(self, step: ScreenshotStep, png: bytes, page_text: str) -> Path: ...


class SiteUnavailable(EnsAutoError):
    """The site is in maintenance or answers with a server error."""


class ForeignOrigin(EnsAutoError):
    """The browser tried to leave the flow's site."""


class StepFailed(EnsAutoError):
    """A step could not be done; the message says which, why, and where the evidence is."""


@dataclass
class RunOptions:
    run_dir: Path
    site: str | None = None
    headless: bool = True
    confirm: ConfirmMode = "each"
    timeout_ms: int = 15_000
    navigation_timeout_ms: int = 30_000
    trace: bool = False
    screenshots: bool = True
    until: int | None = None  # stop before this 0-based step index (recorder's --from)


@dataclass
class StepRecord:
    number: int
    say: str
    status: Literal["fait", "passe", "saute", "echec"]
    candidate: str | None = None
    elapsed_ms: float = 0.0
    screenshot: Path | None = None


@dataclass
class RunResult:
    flow: str
    outcome: Outcome = "echec"
    steps: list[StepRecord] = field(default_factory=list)
    last_number: int = 0
    last_say: str = ""
    run_dir: Path | None = None
    files: list[Path] = field(default_factory=list)
    final_url: str = ""
    final_text: str = ""
    error: EnsAutoError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "reussi"


def render(value: str, details: Mapping[str, Detail]) -> tuple[str, str]:
    """Replace ``{{ name }}`` by the detail's value; returns (typed, shown masked)."""

    def typed(m: re.Match[str]) -> str:
        return details[m.group(1)].value

    def shown(m: re.Match[str]) -> str:
        return details[m.group(1)].masked

    return PLACEHOLDER.sub(typed, value), PLACEHOLDER.sub(shown, value)


def _truthy(detail: Detail | None) -> bool:
    return detail is not None and detail.value.strip().lower() in ("oui", "yes", "true", "1")


class OriginGuard:
    """Lets the browser reach only the flow's site (and its own domain); blocks the rest.

    Navigations and requests that send data elsewhere stop the run. Plain fetches of
    resources elsewhere (images, fonts, statistics) are blocked and only noted."""

    def __init__(self, site: str) -> None:
        parts = urlsplit(site)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.host = (parts.hostname or "").lower()
        labels = self.host.split(".")
        self.domain = (
            self.host if is_loopback(self.host) or len(labels) < 2 else ".".join(labels[-2:])
        )
        self.violation: str | None = None
        self.blocked: list[str] = []

    def pattern(self) -> re.Pattern[str]:
        """URLs that may be off the site. Matched inside the browser driver, so the
        requests to the site itself never cost a trip to Python; :meth:`handle` decides."""
        if is_loopback(self.host):
            allowed = re.escape(self.origin)
        else:
            allowed = rf"https://(?:[a-z0-9-]+\.)*{re.escape(self.domain)}(?::443)?"
        return re.compile(rf"^(?!{allowed}(?:[/?#]|$))")

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome-error", "chrome", "chrome-extension"):
            return True
        host = (parts.hostname or "").lower()
        if is_loopback(self.host):
            return f"{parts.scheme}://{parts.netloc}" == self.origin
        if parts.scheme != "https":
            return False
        return host == self.domain or host.endswith("." + self.domain)

    def handle(self, route: Route, request: Request) -> None:
        url = request.url
        if self.allows(url):
            route.continue_()
            return
        host = urlsplit(url).hostname or url[:40]
        sends_data = request.method not in ("GET", "HEAD") or request.is_navigation_request()
        if sends_data and self.violation is None:
            self.violation = host
        else:
            self.blocked.append(host)
        route.abort("blockedbyclient")


class _PlaywrightHolder:
    """One Playwright driver for the process (started on first use)."""

    def __init__(self) -> None:
        self._cm: Any = None
        self.pw: Any = None

    def get(self) -> Any:
        if self.pw is None:
            from playwright.sync_api import sync_playwright

            self._cm = sync_playwright()
            self.pw = self._cm.start()
        return self.pw

    def stop(self) -> None:
        if self._cm is not None:
            try:
                self._cm.__exit__(None, None, None)
            finally:
                self._cm = self.pw = None


PLAYWRIGHT = _PlaywrightHolder()


class FlowRunner:
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
        self._navigated = False  # a new document since the last health check
        # Error messages on the page before the last submit (None: no submit yet).
        self._alerts_before: set[str] | None = None
        self._cdp: Any = None  # CDP session for fast captures (False: not available)
        self.page: Page | None = None
        self.context: BrowserContext | None = None

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
        except EnsAutoError as exc:
            self.result.outcome = "echec"
            self.result.error = exc
        except Exception as exc:  # the browser crashed or would not start: still a report
            self.result.outcome = "echec"
            self.result.error = EnsAutoError(
                "Le navigateur s'est arrêté de façon inattendue : "
                + self.scrubber(_short(str(exc))),
                hint="« ens-auto doctor » vérifie le navigateur.",
            )
        finally:
            self._final_evidence()
            if not keep_open:
                self.close(own_browser=own_browser)
        return self.result

    def close(self, *, own_browser: bool = True) -> None:
        for closer in (
            self._stop_trace,
            lambda: self.context.close() if self.context else None,
            lambda: self._browser.close() if own_browser and self._browser else None,
        ):
            with contextlib.suppress(Exception):  # the browser may be gone already (Ctrl-C)
                closer()
        self.context = None
        self.page = None

    def _launch(self) -> Browser:
        from ens_auto.browser import find_browser, launch
        from ens_auto.config import get_settings

        choice = find_browser(get_settings())
        return launch(PLAYWRIGHT.get(), choice, headless=self.options.headless)

    def _open_context(self) -> None:
        assert self._browser is not None
        self.context = self._browser.new_context(
            accept_downloads=True, locale="fr-FR", timezone_id="Europe/Paris"
        )
        self.context.set_default_timeout(self.options.timeout_ms)
        self.context.set_default_navigation_timeout(self.options.navigation_timeout_ms)
        self.context.route(self.guard.pattern(), self.guard.handle)
        if self.options.trace:
            self.context.tracing.start(screenshots=True, snapshots=True)
        self.page = self.context.new_page()
        self.page.on("response", self._on_response)

    def _stop_trace(self) -> None:
        if self.options.trace and self.context is not None:
            path = self.options.run_dir / "trace.zip"
            self.context.tracing.stop(path=str(path))
            self.result.files.append(path)

    def _on_response(self, response: Any) -> None:
        try:
            if response.request.is_navigation_request() and response.frame == self.page.main_frame:
                self._server_error = response.status if response.status >= 500 else None
                self._navigated = True
        except Exception:
            pass

    # ----------------------------------------------------------------- the loop
    def _play(self) -> None:
        steps = self.flow.steps
        total = len(steps)
        stop_at = self.options.until if self.options.until is not None else total
        for index, step in enumerate(steps[:stop_at]):
            number = index + 1
            self.result.last_number, self.result.last_say = number, step.say
            if self.on_step:
                self.on_step(number, step.say)
            if not self._applies(step):
                self._record(StepRecord(number, step.say, "saute"))
                continue
            shown = self._shown_value(step)
            self.ui.step(number, total, step, shown)
            if self._must_confirm(step):
                self._highlight(step)
                answer = self.ui.confirm(
                    number, step, can_skip=step.optional and not step.irreversible
                )
                if answer == "arreter":
                    raise Cancelled(f"Arrêt demandé avant l'étape {number} ({step.say}).")
                if answer == "passer":
                    self._record(StepRecord(number, step.say, "passe"))
                    continue
            self._check_guard()
            started = time.monotonic()
            try:
                matched = self._do(step)
            except LocateError as exc:
                if step.optional and not step.irreversible:
                    self._record(StepRecord(number, step.say, "saute"))
                    self.ui.info("Étape facultative sans objet sur cette page : passée.")
                    continue
                self._fail(number, step, str(exc), exc.reports)
            except StepFailed as exc:  # raised inside the step: add number, site's message, capture
                if type(exc) is not StepFailed:
                    raise  # SuspectProof (from the sink): its message is already complete
                self._fail(number, step, exc.message, [])
            except EnsAutoError:
                raise
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # Playwright errors: timeouts, closed pages...
                self._check_guard()  # a blocked navigation off the site says so plainly
                self._fail(number, step, _short(str(exc)), [])
            self._check_guard()
            self._check_site_health(number, step)
            # A capture after each step that leads to a new page state; typing, ticking
            # and looking show nothing the next capture will not (and typed values are
            # never captured: the fields are masked).
            shot = (
                self._screenshot(f"{number:02d}-{step.action}")
                if isinstance(step, CHANGES_PAGE)
                else None
            )
            self._record(
                StepRecord(
                    number, step.say, "fait", matched, (time.monotonic() - started) * 1000, shot
                )
            )

    def _applies(self, step: StepBase) -> bool:
        if step.when and not _truthy(self.details.get(step.when)):
            return False
        return not (step.unless and _truthy(self.details.get(step.unless)))

    def _must_confirm(self, step: StepBase) -> bool:
        mode = self.options.confirm
        if mode == "none":
            return False
        if mode == "irreversible":
            return step.irreversible
        return step.irreversible or isinstance(step, ACTING)

    def _shown_value(self, step: StepBase) -> str | None:
        value = None
        if isinstance(step, FillStep):
            value = step.fill.value
        elif isinstance(step, SelectStep):
            value = step.select.value
        elif isinstance(step, ChooseStep):
            value = step.choose.option
        return render(value, self.details)[1] if value is not None else None

    def _highlight(self, step: StepBase) -> None:
        if self.options.headless or self.page is None:
            return
        for target in step.targets():
            with contextlib.suppress(Exception):
                resolve(
                    self.page, target, timeout_ms=min(self.options.timeout_ms, 3000)
                ).locator.highlight()
            return

    # ----------------------------------------------------------------- actions
    def _timeout(self, step: StepBase) -> float:
        if step.timeout_ms:
            return step.timeout_ms
        if step.optional:
            return min(2_500, self.options.timeout_ms)
        return self.options.timeout_ms

    def _resolve(self, target: Sequence[Candidate], step: StepBase) -> Resolution:
        assert self.page is not None
        res = resolve(
            self.page,
            target,
            timeout_ms=self._timeout(step),
            what=f"« {step.say} »",
            interrupt=self._interrupt(),
        )
        if res.index > 0:  # not the first candidate: say which (a hint that the site moved)
            self.ui.info(f"Repère n° {res.index + 1} utilisé : {res.candidate.describe()}.")
        return res

    def _record(self, record: StepRecord) -> None:
        """Keep the step's outcome, and a line in the run folder's « deroulement.txt »."""
        self.result.steps.append(record)
        line = (
            f"{record.number:>3} {record.status:<6} {record.elapsed_ms / 1000:6.2f} s  {record.say}"
        )
        if record.candidate:
            line += f"  [{record.candidate}]"
        with (
            contextlib.suppress(OSError),
            (self.options.run_dir / "deroulement.txt").open("a", encoding="utf-8") as log,
        ):
            log.write(self.scrubber(line) + "\n")

    def _do(self, step: StepBase) -> str | None:
        page = self.page
        assert page is not None
        t = self._timeout(step)
        if isinstance(step, GotoStep):
            url = step.goto
            if url.startswith(self.flow.site):  # the flow's own site -> the run's (--site)
                url = url[len(self.flow.site) :]
            if not url.startswith("http"):
                url = self.site + url
            self._alerts_before = None  # a new page: nothing submitted on it yet
            response = page.goto(url, wait_until="domcontentloaded")
            if response is not None and response.status >= 500:
                self._server_error = response.status
            return None
        if isinstance(step, ClickStep):
            res = self._resolve(step.click, step)
            self._alerts_before = set(self._error_alerts())
            res.locator.click(timeout=t)
            self._settle()
            return res.candidate.describe()
        if isinstance(step, FillStep):
            res = self._resolve(step.fill.target, step)
            typed, _ = render(step.fill.value, self.details)
            self._type_into(res, typed, t)
            return res.candidate.describe()
        if isinstance(step, PromptStep):
            res = self._resolve(step.prompt.target, step)
            value = self._ask_value(step)
            self._type_into(res, value, t)
            return res.candidate.describe()
        if isinstance(step, SelectStep):
            res = self._resolve(step.select.target, step)
            typed, _ = render(step.select.value, self.details)
            try:
                res.locator.select_option(label=typed, timeout=t)
            except Exception:
                res.locator.select_option(value=typed, timeout=t)
            return res.candidate.describe()
        if isinstance(step, CheckStep | UncheckStep):
            target = step.check if isinstance(step, CheckStep) else step.uncheck
            res = self._resolve(target, step)
            want = isinstance(step, CheckStep)
            res.locator.set_checked(want, timeout=t)
            if res.locator.is_checked() != want:
                raise StepFailed("La case n'a pas pris l'état voulu.")
            return res.candidate.describe()
        if isinstance(step, ChooseStep):
            return self._choose(step, t)
        if isinstance(step, PressStep):
            self._alerts_before = set(self._error_alerts())
            if step.press.target:
                res = self._resolve(step.press.target, step)
                res.locator.press(step.press.key, timeout=t)
                self._settle()
                return res.candidate.describe()
            page.keyboard.press(step.press.key)
            self._settle()
            return None
        if isinstance(step, ExpectStep | WaitForStep):
            cond = step.expect if isinstance(step, ExpectStep) else step.wait_for
            self._wait_condition(cond, t, step)
            return None
        if isinstance(step, ManualStep):
            self._manual(step)
            return None
        if isinstance(step, DownloadStep):
            return self._download(step, t)
        if isinstance(step, ScreenshotStep):
            self._proof_screenshot(step)
            return None
        raise StepFailed(f"Action inconnue : {step.action}")

    def _settle(self) -> None:
        """After a click, let a navigation it started reach the new document."""
        assert self.page is not None
        with contextlib.suppress(Exception):
            self.page.wait_for_load_state(
                "domcontentloaded", timeout=self.options.navigation_timeout_ms
            )

    def _type_into(self, res: Resolution, value: str, timeout: float) -> None:
        self._check_guard()  # never type anything while the browser is off the site
        res.locator.fill(value, timeout=timeout)
        got = res.locator.input_value(timeout=timeout)
        if _normalise(got) != _normalise(value):
            raise StepFailed(
                "Le champ n'a pas gardé la valeur saisie (la page l'a modifiée) : arrêt."
            )

    def _ask_value(self, step: PromptStep) -> str:
        from ens_auto.identity import INPUTS, Detail, parse_detail

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

    def _choose(self, step: ChooseStep, timeout: float) -> str:
        assert self.page is not None
        typed, _ = render(step.choose.option, self.details)
        scope: Any = self.page
        if step.choose.group:
            scope = self._resolve(step.choose.group, step).locator
        candidates = [
            Candidate(role="radio", name=typed, exact=True),
            Candidate(label=typed, exact=True),
        ]
        res = resolve(
            scope,
            candidates,
            timeout_ms=timeout,
            what=f"« {step.say} »",
            interrupt=self._interrupt(),
        )
        res.locator.check(timeout=timeout)
        if not res.locator.is_checked():
            raise StepFailed("Le choix n'a pas été pris en compte par la page.")
        return res.candidate.describe()

    def _wait_condition(self, cond: Condition, timeout: float, step: StepBase) -> None:
        assert self.page is not None
        page = self.page
        deadline = time.monotonic() + timeout / 1000

        def left() -> float:
            return max((deadline - time.monotonic()) * 1000, 1)

        if cond.url is not None:
            try:
                page.wait_for_url(lambda u: cond.url in u, timeout=left(), wait_until="commit")
            except Exception:
                raise StepFailed(
                    f"La page attendue n'est pas affichée (adresse sans « {cond.url} »)."
                ) from None
        if cond.text is not None:
            try:
                page.get_by_text(cond.text).filter(visible=True).first.wait_for(
                    state="visible", timeout=left()
                )
            except Exception:
                raise StepFailed(f"Texte attendu absent de la page : « {cond.text} ».") from None
        if cond.visible:
            resolve(
                page,
                cond.visible,
                timeout_ms=left(),
                what=f"« {step.say} »",
                interrupt=self._interrupt(),
            )
        if cond.checked:
            res = resolve(
                page,
                cond.checked,
                timeout_ms=left(),
                what=f"« {step.say} »",
                interrupt=self._interrupt(),
            )
            if not res.locator.is_checked():
                raise StepFailed(f"« {res.candidate.describe()} » n'est pas coché(e).")
        if cond.text_absent is not None:
            body = page.locator("body").inner_text(timeout=left())
            if cond.text_absent.lower() in body.lower():
                raise StepFailed(
                    f"Texte inattendu sur la page : « {cond.text_absent} ». Arrêt par prudence."
                )
        if cond.hidden and any_visible(page, cond.hidden):
            raise StepFailed(
                "Un élément qui ne devait pas être là est affiché. Arrêt par prudence."
            )

    def _manual(self, step: ManualStep) -> None:
        assert self.page is not None
        spec = step.manual
        try:
            self._wait_condition(spec.until, 300, step)
            return  # already done
        except StepFailed:
            pass
        if self.options.headless:
            raise StepFailed(
                "Cette étape se fait à la main dans le navigateur, qui est invisible ici. "
                "Relancez avec --headed."
            )
        self.ui.info(spec.instructions)
        self._wait_condition(spec.until, spec.timeout_s * 1000, step)

    def _download(self, step: DownloadStep, timeout: float) -> str:
        assert self.page is not None and self.context is not None
        page, context = self.page, self.context
        res = self._resolve(step.download.target, step)
        downloads: list[Any] = []
        pdf_responses: list[Any] = []

        def on_response(response: Any) -> None:
            ctype = (response.headers.get("content-type") or "").lower()
            if "application/pdf" in ctype:
                pdf_responses.append(response)

        def on_download(download: Any) -> None:
            downloads.append(download)

        def on_page(new_page: Any) -> None:
            new_page.on("download", on_download)

        page.on("download", on_download)
        context.on("response", on_response)  # a popup's PDF arrives before its "page" event
        context.on("page", on_page)
        self._alerts_before = set(self._error_alerts())
        try:
            res.locator.click(timeout=timeout)
            deadline = time.monotonic() + timeout / 1000
            next_error_check = time.monotonic() + 0.5
            first_pdf_at: float | None = None
            data: bytes | None = None
            name = "justificatif.pdf"
            while time.monotonic() < deadline:
                if downloads:
                    dl = downloads[0]
                    failure = dl.failure()
                    if failure:
                        raise StepFailed(f"Le téléchargement a échoué ({failure}).")
                    data = Path(dl.path()).read_bytes()
                    name = dl.suggested_filename or name
                    break
                if pdf_responses:
                    first_pdf_at = first_pdf_at or time.monotonic()
                    if time.monotonic() - first_pdf_at > 0.8:  # no download event: inline
                        data, name = self._pdf_from_response(pdf_responses[0])
                        break
                self._check_guard()
                if time.monotonic() >= next_error_check:  # the site said it failed: no wait
                    next_error_check = time.monotonic() + 0.5
                    if self._site_refused():
                        raise StepFailed("Le site n'a pas pu fournir le fichier.")
                page.wait_for_timeout(50)
            if data is None:
                raise StepFailed(
                    "Aucun fichier n'a été reçu après le clic (le site n'a rien envoyé)."
                )
        finally:
            page.remove_listener("download", on_download)
            context.remove_listener("response", on_response)
            context.remove_listener("page", on_page)
        for extra in context.pages:
            if extra is not page:
                with contextlib.suppress(Exception):
                    extra.close()
        if self.sink is not None:
            path = self.sink.downloaded(step, data, name)
        else:
            path = self.options.run_dir / "telechargement.bin"
            path.write_bytes(data)
        self.result.files.append(path)
        return res.candidate.describe()

    def _pdf_from_response(self, response: Any) -> tuple[bytes, str]:
        assert self.context is not None
        name = Path(urlsplit(response.url).path).name or "justificatif.pdf"
        with contextlib.suppress(Exception):
            body = response.body()
            if body.lstrip()[:4] == b"%PDF":  # Chromium's PDF viewer may give its own page
                return body, name
        return self.context.request.get(response.url).body(), name

    def _proof_screenshot(self, step: ScreenshotStep) -> None:
        assert self.page is not None
        png = self.page.screenshot(full_page=step.screenshot.full_page)
        text = self.scrubber(self.page.locator("body").inner_text())
        if step.screenshot.proof and self.sink is not None:
            self.result.files.append(self.sink.proof_screenshot(step, png, text))
        else:
            path = self.options.run_dir / f"{step.screenshot.name}.png"
            path.write_bytes(png)
            self.result.files.append(path)

    # ----------------------------------------------------------------- safety and evidence
    def _check_guard(self) -> None:
        if self.guard.violation:
            raise ForeignOrigin(
                f"Le navigateur a voulu quitter le site prévu pour « {self.guard.violation} ». "
                "Arrêt par sécurité : rien de plus n'a été saisi."
            )

    def _texts(self, selector: str) -> list[str]:
        """The distinct visible texts of ``selector`` now, whitespace folded (unscrubbed)."""
        if self.page is None:
            return []
        try:
            texts = self.page.locator(selector).all_inner_texts()
        except Exception:
            return []
        return list(dict.fromkeys(" ".join(t.split()) for t in texts if t.strip()))

    def _error_alerts(self) -> list[str]:
        """The error messages the page shows now (form errors and error alerts only)."""
        return self._texts(SITE_ERRORS)

    def _interrupt(self) -> Callable[[], str | None] | None:
        """What may end a long wait early: only once something was submitted."""
        return self._site_refused if self._alerts_before is not None else None

    def _site_refused(self) -> str | None:
        """A new error message since the last submit: the site said no, stop waiting."""
        new = [t for t in self._error_alerts() if t not in (self._alerts_before or set())]
        return self.scrubber(new[0])[:300] if new else None

    def _page_errors(self) -> list[str]:
        """What the site says on the page (errors and notices), scrubbed, for a report."""
        return [self.scrubber(t) for t in self._texts(ERROR_SELECTORS)][:6]

    def _in_maintenance(self) -> bool:
        if self._server_error:
            return True
        if self.page is None:
            return False
        try:
            text = self.page.evaluate(
                "() => document.title + ' ' + (document.querySelector('h1')?.innerText || '')"
            )
        except Exception:
            return False
        return "maintenance" in str(text).lower()

    def _check_site_health(self, number: int, step: StepBase) -> None:
        """After a new document only: a 5xx answer, or a page that says « maintenance »."""
        if self._server_error or self._navigated:
            self._navigated = False
            if self._in_maintenance():
                self._site_unavailable(number, step)

    def _site_unavailable(self, number: int, step: StepBase) -> None:
        status = f" (erreur {self._server_error})" if self._server_error else ""
        shot = self._screenshot(f"{number:02d}-echec", always=True)
        raise SiteUnavailable(
            f"Le site Mon espace santé est indisponible ou en maintenance{status}, "
            f"à l'étape {number} ({step.say}). Rien n'a été enregistré à cette étape. "
            "Réessayez plus tard." + (f"\nCapture : {shot}" if shot else ""),
            hint=PHONE_ROUTE,
        )

    def _fail(
        self, number: int, step: StepBase, why: str, reports: Sequence[CandidateReport]
    ) -> None:
        if self._in_maintenance():
            self._site_unavailable(number, step)
        lines = [f"L'étape {number} n'a pas pu être faite : {step.say}.", self.scrubber(why)]
        heading = self._heading()
        if heading:
            lines.append(f"Page affichée : « {heading} »")
        if reports:
            lines.append("Repères essayés :")
            lines += [f"  - {r.describe()}" for r in reports]
        errors = [e for e in self._page_errors() if e not in why]  # said once
        if errors:
            lines.append("Message affiché par le site :")
            lines += [f"  « {e} »" for e in errors]
        shot = self._screenshot(f"{number:02d}-echec", always=True)
        if shot:
            lines.append(f"Capture de la page : {shot}")
        self._record(StepRecord(number, step.say, "echec"))
        raise StepFailed("\n".join(lines))

    def _heading(self) -> str:
        """The page's main heading (what the person would read first), scrubbed."""
        if self.page is None:
            return ""
        try:
            text = self.page.evaluate("() => document.querySelector('h1')?.innerText || ''")
        except Exception:
            return ""
        return self.scrubber(" ".join(str(text).split()))[:200]

    def _screenshot(self, name: str, *, always: bool = False) -> Path | None:
        """A masked capture in the run folder. Step captures can be turned off; those of
        a failure and of the last page are always kept."""
        if self.page is None or not (always or self.options.screenshots):
            return None
        path = self.options.run_dir / f"{name}.jpg"
        try:
            path.write_bytes(self._capture())
        except Exception:
            return None
        return path

    def _capture(self) -> bytes:
        """A JPEG of the viewport with every text field masked: a run folder never holds
        a picture of a typed NIR, code or password. On Chromium a style hides the values
        for the instant of a CDP capture (about three times faster than Playwright's
        masked screenshot); elsewhere, Playwright's mask."""
        assert self.page is not None and self.context is not None
        if self._cdp is not False:
            try:
                if self._cdp is None:
                    self._cdp = self.context.new_cdp_session(self.page)
                if not self.page.evaluate(_MASK_ON, TEXT_FIELDS):
                    self.page.evaluate(_MASK_OFF)
                    raise RuntimeError("fields not masked")  # never capture them in clear
                try:
                    shot = self._cdp.send(
                        "Page.captureScreenshot",
                        {"format": "jpeg", "quality": 55, "optimizeForSpeed": True},
                    )
                finally:
                    self.page.evaluate(_MASK_OFF)
                return base64.b64decode(shot["data"])
            except Exception:
                self._cdp = False  # not Chromium, or no CDP here: Playwright's way
        return self.page.screenshot(
            type="jpeg", quality=55, timeout=5_000, mask=[self.page.locator(TEXT_FIELDS)]
        )

    def _final_evidence(self) -> None:
        if self.page is None:
            return
        try:
            self.result.final_url = self.page.url
            self.result.final_text = self.scrubber(
                self.page.locator("body").inner_text(timeout=2000)
            )
        except Exception:
            pass
        shot = self._screenshot("fin", always=True)
        if shot:
            self.result.files.append(shot)
        if self.guard.blocked:
            self.ui.info(
                "Ressources externes bloquées pendant la démarche : "
                + ", ".join(sorted(set(self.guard.blocked)))
            )


def _normalise(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value).upper()


def _short(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "erreur inconnue"
    if "Timeout" in first:
        return "Délai dépassé : la page n'a pas répondu à temps."
    if "Target page, context or browser has been closed" in first:
        return "Le navigateur a été fermé."
    return first[:300]
