"""The origin guard: the browser may reach only the flow's site (and its own domain)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ens_auto.flow.model import is_loopback

if TYPE_CHECKING:
    from playwright.sync_api import Request, Route


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
