"""One Playwright driver for the process (started on first use, imported lazily)."""

from __future__ import annotations

import os
from typing import Any

#: Node (which runs Playwright's driver) keeps the driver's compiled code here between
#: runs: the driver then starts about a quarter faster. Program code only, nothing of the
#: person's; Node ignores a folder it cannot write.
COMPILE_CACHE = "NODE_COMPILE_CACHE"


def compile_cache_dir() -> str:
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("ens-auto", appauthor=False), "node")


class PlaywrightHolder:
    def __init__(self) -> None:
        self._cm: Any = None
        self.pw: Any = None

    def get(self) -> Any:
        if self.pw is None:
            from playwright.sync_api import sync_playwright

            ours = COMPILE_CACHE not in os.environ  # one's own setting wins
            if ours:  # for the driver only: it reads the environment as it starts
                os.environ[COMPILE_CACHE] = compile_cache_dir()
            try:
                self._cm = sync_playwright()
                self.pw = self._cm.start()
            finally:
                if ours:
                    os.environ.pop(COMPILE_CACHE, None)
            from ens_auto.flow.engines import register

            register(self.pw)  # the runner's selector engines, for every context
        return self.pw

    def stop(self) -> None:
        if self._cm is not None:
            try:
                self._cm.__exit__(None, None, None)
            finally:
                self._cm = self.pw = None


PLAYWRIGHT = PlaywrightHolder()
