"""Masked captures of the page, taken while the run goes on.

A capture never shows a typed value: every text field is masked for the instant of the
capture (``js/mask_on.js``: the fields there, and a style sheet for those drawn or
replaced meanwhile), then given back as it was (``js/mask_off.js``).

On Chromium, a step's capture is taken through the DevTools protocol *in the background*:
it starts when the new page shows and is finished before the run next acts on the page
(:meth:`Captures.settle`), so the next steps' looking and typing overlap it. A capture is
kept only if the page it masked is still the one shown when it ends (a page that changed
meanwhile is never kept: its fields were not the masked ones). Elsewhere, or when the
background way is not available, Playwright's own masked screenshot, at once.

The masks are put on and taken off through the same DevTools session as the capture (an
evaluation through Playwright would first install its helper script in the page's own
world, on every new page).

The background way uses the Playwright client's event loop, under its synchronous API
(``_impl_obj``, ``_loop``, ``_sync``: not public). If they change, captures are taken at
once instead, with the same masks.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ens_auto.flow.js import script

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

#: Fields whose value a person typed: masked in every step capture.
TEXT_FIELDS = (
    "input:not([type=radio]):not([type=checkbox]):not([type=submit]):not([type=button])"
    ":not([type=reset]):not([type=image]):not([type=hidden]), textarea"
)
#: What Chromium is asked for: a JPEG of the viewport, quickly.
CDP_CAPTURE = {"format": "jpeg", "quality": 55, "optimizeForSpeed": True}
#: A capture Chromium has not given after this long is given up (the run goes on without
#: it), as Playwright's own screenshot below gives up after 5 s.
CAPTURE_TIMEOUT_S = 5.0


class NotMasked(RuntimeError):
    """A field could not be masked: no capture of that page."""


@dataclass
class _Pending:
    path: Path
    task: Any  # asyncio.Task[bytes | None]
    done: Callable[[Path | None], None]


@dataclass
class Captures:
    """The masked captures of one run's page."""

    context: BrowserContext
    page: Page
    background: bool = True  # headless: captures in the background through CDP
    _cdp: Any = None
    _pending: list[_Pending] = field(default_factory=list)

    # ----------------------------------------------------------------- at once
    def now(self) -> bytes:
        """A masked JPEG of the viewport, taken now (anything pending is finished first)."""
        self.settle()
        if self.background:
            try:
                return self._page_sync(self._masked_cdp())
            except NotMasked:
                pass  # the fields could not be masked that way: Playwright's mask, below
            except Exception:
                self.background = False  # no CDP or no client loop here
        return self.page.screenshot(
            type="jpeg", quality=55, timeout=5_000, mask=[self.page.locator(TEXT_FIELDS)]
        )

    # ----------------------------------------------------------------- in the background
    def start(self, path: Path, done: Callable[[Path | None], None]) -> None:
        """Begin a capture into ``path``; ``done(path or None)`` once it is written (or
        not). Taken at once when the background way is not available."""
        if self.background:
            try:
                loop = self.page._loop  # type: ignore[attr-defined]
                task = loop.create_task(self._masked_cdp(keep_only_same_page=True))
            except Exception:
                self.background = False
            else:
                self._pending.append(_Pending(path, task, done))
                return
        try:
            path.write_bytes(self.now())
        except Exception:
            done(None)
        else:
            done(path)

    def settle(self) -> None:
        """Finish the captures under way (before the run acts on the page again). The page's
        own capture that could not be kept (it began as the page was still being replaced,
        or failed) is taken again, at once: the page shown now is the one the run is about
        to act on, the one that capture was for."""
        pending, self._pending = self._pending, []
        for item in pending:
            try:
                data = self._page_sync(item.task)
            except (AttributeError, TypeError):
                data = None
                self.background = False  # the client's internals changed: at once from now
            except Exception:
                data = None  # the page went away meanwhile
            if data is None and item is pending[-1]:
                data = self._again()
            if data is None:
                item.done(None)
                continue
            try:
                item.path.write_bytes(data)
            except OSError:
                item.done(None)
            else:
                item.done(item.path)

    def _again(self) -> bytes | None:
        """A masked capture of the page shown, at once; None if it cannot be taken."""
        try:
            return self.now()
        except Exception:
            return None

    def drop(self) -> None:
        """Forget the captures under way (the page is closing)."""
        for item in self._pending:
            with contextlib.suppress(Exception):
                if item.task.done():
                    item.task.exception()  # retrieved: never a warning about it later
                else:
                    item.task.cancel()
            item.done(None)
        self._pending = []

    # ----------------------------------------------------------------- the masked capture
    async def _masked_cdp(self, *, keep_only_same_page: bool = False) -> bytes | None:
        page = self.page._impl_obj  # type: ignore[attr-defined]
        if self._cdp is None:
            self._cdp = await self.context._impl_obj.new_cdp_session(page=page)  # type: ignore[attr-defined]
        masked = await self._evaluate("mask_on", TEXT_FIELDS)
        try:
            if not isinstance(masked, int) or masked < 0:
                raise NotMasked
            shot = await asyncio.wait_for(  # as Playwright's own capture: never endless
                self._cdp.send(method="Page.captureScreenshot", params=CDP_CAPTURE, timeout=None),
                CAPTURE_TIMEOUT_S,
            )
        finally:
            same_page = bool(await self._evaluate("mask_off", None))
        if keep_only_same_page and not same_page:
            return None  # the page changed during the capture: not the one masked
        return base64.b64decode(shot["data"])

    async def _evaluate(self, name: str, arg: Any) -> Any:
        """One of the scripts (``js/``) in the page, through this DevTools session: an
        evaluation through Playwright would first install its helper script in the page's
        world, on every new page."""
        reply = await self._cdp.send(
            method="Runtime.evaluate",
            params={
                "expression": f"({script(name).strip()})({json.dumps(arg)})",
                "returnByValue": True,
            },
            timeout=None,
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{name} : {reply['exceptionDetails'].get('text', '')}")
        return reply.get("result", {}).get("value")

    def _page_sync(self, awaitable: Any) -> Any:
        """Wait for ``awaitable`` (a coroutine or a task of the Playwright client's loop)
        from this synchronous code, as the client's own calls do."""
        return self.page._sync(awaitable)  # type: ignore[attr-defined]
