"""Record what the person does in the browser: each click, choice and typed text becomes a
:class:`RecordedAction`, its element's candidates checked on the live page.

The page script (``recorder.js``, with ``describe.js``) listens in the page (capture phase)
and sends each event to Python through an exposed binding. Actions that would leave the
page (a link, a submit) are held until Python has checked every candidate on the live
element (:func:`~ens_auto.flow.recording.candidates.check_element`). Typed values stay in
memory only; :mod:`~ens_auto.flow.recording.builder` turns the recording into a flow.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ens_auto.errors import EnsAutoError
from ens_auto.flow.model import Candidate, StepBase, check_site
from ens_auto.flow.recording.candidates import CandidateCheck, check_candidate, check_element
from ens_auto.flow.recording.scripts import recorder_script
from ens_auto.flow.recording.values import safe_path
from ens_auto.identity import Detail

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ElementHandle, Frame, Page

    from ens_auto.flow.recording.builder import RecordedFlow, RecordQuestions

BINDING = "__ensRecord"


@dataclass
class RecordedAction:
    """One thing the person did (or a page reached), with its element's checked candidates."""

    kind: str  # goto, expect, click, press, fill, check, uncheck, choose, select
    arrived: float
    info: dict[str, Any] = field(default_factory=dict)
    value: str | None = field(default=None, repr=False)  # typed text: memory only
    path: str = ""
    checks: list[CandidateCheck] = field(default_factory=list)
    choose_checks: list[CandidateCheck] = field(default_factory=list)
    navigated: bool = False
    downloaded: bool = False
    error: str | None = None

    @property
    def doc_path(self) -> str:
        return str((self.info.get("doc") or {}).get("path") or self.path)


class RecordError(EnsAutoError):
    """The recording cannot make a flow."""


class Recorder:
    """Records what the person does in the pages of ``context``.

    ``attach()`` installs the page script and the binding (also in pages already open),
    ``open(path)`` goes to a page of the site, ``stop()`` ends the recording and
    ``build(name, questions)`` makes the flow."""

    def __init__(
        self,
        context: BrowserContext,
        *,
        site: str,
        details: Mapping[str, Detail] | None = None,
    ) -> None:
        self.context = context
        self.site = check_site(site)
        self.known = dict(details or {})
        self.actions: list[RecordedAction] = []
        self.page: Page | None = None
        self.warnings: list[str] = []
        self._downloads: list[float] = []
        self._inflight = 0
        self._stopped = False
        self._absorb_nav = False
        self._nav_pending = False
        self._last_action_at = 0.0
        self._current_path = ""

    # ------------------------------------------------------------------ lifecycle
    def attach(self, page: Page | None = None) -> Page:
        self.context.expose_binding(BINDING, self._on_binding)
        self.context.add_init_script(recorder_script())
        self.context.on("page", self._watch_page)
        self.context.on("response", self._on_response)
        for existing in self.context.pages:
            self._watch_page(existing)
            with contextlib.suppress(Exception):
                existing.evaluate(recorder_script())
        self.page = page or (self.context.pages[0] if self.context.pages else None)
        if self.page is None:
            self.page = self.context.new_page()
        if self.page.url.startswith(("http://", "https://")):
            self._current_path = urlsplit(self.page.url).path
        return self.page

    def restart(self) -> None:
        """Record again in the same context, from now on (the page script and the binding
        stay installed: a context takes them once)."""
        self.actions = []
        self.warnings = []
        self._downloads = []
        self._inflight = 0
        self._absorb_nav = False
        self._nav_pending = False
        self._last_action_at = 0.0
        if self._stopped:
            self._stopped = False
            self.context.on("page", self._watch_page)
            self.context.on("response", self._on_response)  # pages keep their own listeners
        if self.page is not None and self.page.url.startswith(("http://", "https://")):
            self._current_path = urlsplit(self.page.url).path

    def open(self, where: str = "/") -> None:
        """Go to ``where`` (a path of the site or an address on it) and record it."""
        assert self.page is not None, "attach() first"
        url = where if where.startswith(("http://", "https://")) else self.site + where
        if not self._on_site(url):
            raise RecordError(f"Adresse hors du site enregistré ({self.site}).")
        path = safe_path(url, self.known)
        self.actions.append(RecordedAction("goto", time.monotonic(), path=path))
        self._absorb_nav = True
        self.page.goto(url, wait_until="domcontentloaded")
        self._current_path = urlsplit(self.page.url).path

    def stop(self, timeout_s: float = 5.0) -> list[RecordedAction]:
        """End the recording: typing not yet sent is flushed, pending checks finish."""
        for page in list(self.context.pages):
            with contextlib.suppress(Exception):
                if not page.is_closed():
                    page.evaluate("() => window.__ensRecFlush ? window.__ensRecFlush() : true")
        deadline = time.monotonic() + timeout_s
        while self._inflight > 0 and time.monotonic() < deadline:
            live = [p for p in self.context.pages if not p.is_closed()]
            if not live:
                break
            with contextlib.suppress(Exception):
                live[0].wait_for_timeout(20)
        self._stopped = True
        with contextlib.suppress(Exception):
            self.context.remove_listener("page", self._watch_page)
            self.context.remove_listener("response", self._on_response)
        self._match_downloads()
        return self.actions

    # ------------------------------------------------------------------ events
    def _watch_page(self, page: Page) -> None:
        page.on("framenavigated", self._on_navigated)
        page.on("download", self._on_download)

    def _on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.site

    def _on_download(self, download: Any) -> None:
        if not self._stopped:
            self._downloads.append(time.monotonic())

    def _on_response(self, response: Any) -> None:
        if self._stopped:
            return
        with contextlib.suppress(Exception):
            ctype = (response.headers.get("content-type") or "").lower()
            if "application/pdf" in ctype:
                self._downloads.append(time.monotonic())

    def _on_navigated(self, frame: Frame) -> None:
        if self._stopped or frame.parent_frame is not None:
            return
        url = frame.url
        if not url.startswith(("http://", "https://")):
            return
        now = time.monotonic()
        if not self._on_site(url):
            self.warnings.append(
                "Le navigateur est allé hors du site enregistré : ces pages ne sont pas dans "
                "le parcours."
            )
            return
        path = urlsplit(url).path or "/"
        if self._absorb_nav:
            self._absorb_nav = False
        elif self._nav_pending or now - self._last_action_at < 2.0:
            last = next((a for a in reversed(self.actions) if a.kind in ("click", "press")), None)
            if last is not None:
                last.navigated = True
            if path != self._current_path:
                self.actions.append(RecordedAction("expect", now, path=path))
        else:
            self.actions.append(RecordedAction("goto", now, path=safe_path(url, self.known)))
        self._nav_pending = False
        self._current_path = path

    def _on_binding(self, source: Mapping[str, Any], payload: dict[str, Any]) -> None:
        if self._stopped or not isinstance(payload, dict):
            return None
        value = payload.pop("value", None)
        action = RecordedAction(str(payload.get("kind")), time.monotonic(), payload, value)
        self.actions.append(action)
        self._last_action_at = action.arrived
        self._nav_pending = False
        self._inflight += 1
        try:
            frame = source["frame"]
            page = source["page"]
            if frame != page.main_frame:
                action.error = "cadre intérieur"
                return None
            handle = frame.evaluate_handle("k => window.__ensRecEl(k)", payload.get("key"))
            element = handle.as_element()
            if element is None:
                action.error = "élément disparu"
                return None
            self._verify(page, action, element)
        except Exception as exc:  # the page went away: the step is kept, unverified
            action.error = str(exc).splitlines()[0][:200] if str(exc) else "erreur"
        finally:
            self._inflight -= 1
            if payload.get("held"):
                self._nav_pending = True
        return None

    def _verify(self, page: Page, action: RecordedAction, element: ElementHandle) -> None:
        action.checks = check_element(page, element, action.info, self.known)
        if action.kind == "choose":
            option = str(action.info.get("option") or "")
            if option:
                for candidate in (
                    Candidate(role="radio", name=option, exact=True),
                    Candidate(label=option, exact=True),
                ):
                    action.choose_checks.append(check_candidate(page, candidate, element))

    def _match_downloads(self) -> None:
        for at in self._downloads:
            clicks = [a for a in self.actions if a.kind == "click" and a.arrived <= at]
            if clicks and at - clicks[-1].arrived < 60:
                clicks[-1].downloaded = True

    # ------------------------------------------------------------------ the flow
    def build(
        self,
        name: str,
        questions: RecordQuestions,
        *,
        title: str | None = None,
        procedure: str | None = None,
        base_steps: Sequence[StepBase] = (),
        notes: str | None = None,
    ) -> RecordedFlow:
        """Turn the recording into a flow (after :meth:`stop`), asking ``questions``."""
        from ens_auto.flow.recording.builder import FlowBuilder

        return FlowBuilder(self, questions, list(base_steps)).build(
            name, title=title, procedure=procedure, notes=notes
        )
