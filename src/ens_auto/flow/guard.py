"""The origin guard: the browser may reach only the flow's site (and its own domain).

The browser itself enforces it, for every request of the run's context (pages, frames,
new tabs, scripts' requests, beacons, WebSockets, workers): the context gets a proxy
that leads nowhere (a local port this process holds without listening, so that nothing
can answer there), and only the site is reached directly (the proxy's bypass list,
loopback addresses included only if they are the site). A request elsewhere therefore
fails in the browser, before anything leaves it; its failure is then sorted here: a
navigation or a request that sends data elsewhere stops the run, a plain resource (an
image, a font, statistics) is only noted (a WebSocket elsewhere is blocked without a
note). The site's own requests are never slowed down (no interception, no trip to this
process).

A machine that reaches the web through a proxy of its own (``HTTPS_PROXY``... in the
environment) needs the site to go through that proxy too: there the guard cannot be the
browser's proxy, and every request stops on its way instead (Playwright's routes,
decided in the driver for the site's requests, here for the others): slower, same rules.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ens_auto.flow.model import is_loopback

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Request, Route

#: Where a machine's own proxy is set (what Chromium reads on Linux outside a desktop's
#: settings).
PROXY_VARIABLES = (
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
)


class OriginGuard:
    """Lets the browser reach only the flow's site (and its own domain); blocks the rest.

    Navigations and requests that send data elsewhere stop the run. Plain fetches of
    resources elsewhere (images, fonts, statistics) are blocked and only noted."""

    def __init__(self, site: str, *, intercept: bool | None = None) -> None:
        """``intercept``: stop every request on its way (the way for a machine behind a
        proxy of its own); by default, so only when such a proxy is set for a real site."""
        parts = urlsplit(site)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        #: The same origin for its WebSockets (ws: for http:, wss: for https:).
        self.socket_origin = "ws" + self.origin.removeprefix("http")
        self.host = (parts.hostname or "").lower()
        labels = self.host.split(".")
        self.domain = (
            self.host if is_loopback(self.host) or len(labels) < 2 else ".".join(labels[-2:])
        )
        self.violation: str | None = None
        self.blocked: list[str] = []
        self._nowhere: socket.socket | None = None
        if intercept is None:
            intercept = not is_loopback(self.host) and any(
                os.environ.get(v) for v in PROXY_VARIABLES
            )
        self.intercept = intercept

    # ------------------------------------------------------------------ the browser's side
    def new_context(self, browser: Browser, **options: Any) -> BrowserContext:
        """A context of ``browser`` (with ``options``) kept on the site by the guard."""
        context = browser.new_context(**options, **self.context_options())
        self.watch(context)
        return context

    def context_options(self) -> dict[str, Any]:
        """What ``browser.new_context(...)`` needs for the guard: the proxy to nowhere and
        the site, reached directly (nothing when requests are stopped on their way)."""
        if self.intercept:
            return {}
        nowhere = f"http://127.0.0.1:{self._nowhere_port()}"
        return {"proxy": {"server": nowhere, "bypass": self.bypass()}}

    def watch(self, context: BrowserContext) -> None:
        """Sort the context's blocked requests (see :meth:`on_failed`), or stop each
        request that may be off the site on its way (:meth:`handle`)."""
        if self.intercept:
            context.route(self.pattern(), self.handle)
            context.route_web_socket(self.pattern(), _never_connected)
        else:
            context.on("requestfailed", self.on_failed)

    def bypass(self) -> str:
        """The proxy's bypass list: the site only, its pages and its WebSockets (the
        browser matches those by their own scheme). ``<-loopback>`` takes away the
        browser's own exception for local addresses (another local port is elsewhere)."""
        if is_loopback(self.host):
            return f"<-loopback>,{self.origin},{self.socket_origin}"
        hosts = (self.domain, f"*.{self.domain}")
        return ",".join(["<-loopback>", *(f"{s}://{h}" for s in ("https", "wss") for h in hosts)])

    def close(self) -> None:
        if self._nowhere is not None:
            with contextlib.suppress(OSError):
                self._nowhere.close()
            self._nowhere = None

    def _nowhere_port(self) -> int:
        """A local port bound by this process and never listened on: a connection there is
        refused at once, and no other program can take the port while the run goes on."""
        if self._nowhere is None:
            self._nowhere = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._nowhere.bind(("127.0.0.1", 0))
        return int(self._nowhere.getsockname()[1])

    # ------------------------------------------------------------------ what is allowed
    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome-error", "chrome", "chrome-extension"):
            return True
        host = (parts.hostname or "").lower()
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)  # its sockets
        if is_loopback(self.host):
            return f"{scheme}://{parts.netloc}" == self.origin
        if scheme != "https":
            return False
        return host == self.domain or host.endswith("." + self.domain)

    def on_failed(self, request: Request) -> None:
        """A request failed: if it was going elsewhere, the guard stopped it."""
        if not self.allows(request.url):
            self._sort(request)
        # else: the site's own request failed: not the guard's business

    # ------------------------------------------------------------------ on the way
    def pattern(self) -> re.Pattern[str]:
        """URLs that may be off the site. Matched inside the browser driver, so the
        requests to the site itself never cost a trip to Python; :meth:`handle` decides."""
        if is_loopback(self.host):
            allowed = f"(?:{re.escape(self.origin)}|{re.escape(self.socket_origin)})"
        else:
            allowed = rf"(?:https|wss)://(?:[a-z0-9-]+\.)*{re.escape(self.domain)}(?::443)?"
        return re.compile(rf"^(?!{allowed}(?:[/?#]|$))")

    def handle(self, route: Route, request: Request) -> None:
        if self.allows(request.url):
            route.continue_()
            return
        self._sort(request)
        route.abort("blockedbyclient")

    def _sort(self, request: Request) -> None:
        """A request elsewhere, stopped: sending data there, or leading the page there, is
        a violation; a resource is only noted."""
        host = urlsplit(request.url).hostname or request.url[:40]
        sends_data = request.method not in ("GET", "HEAD") or request.is_navigation_request()
        if sends_data and self.violation is None:
            self.violation = host
        else:
            self.blocked.append(host)


def _never_connected(web_socket: Any) -> None:
    """A WebSocket elsewhere (requests stopped on their way): closed, never connected."""
    with contextlib.suppress(Exception):
        web_socket.close()
