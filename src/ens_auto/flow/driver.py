"""One Playwright driver for the process (started on first use, imported lazily)."""

from __future__ import annotations

from typing import Any


class PlaywrightHolder:
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


PLAYWRIGHT = PlaywrightHolder()
