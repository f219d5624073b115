"""Shared fixtures.

- Every test runs with its own data, config and download folders and an in-memory keyring.
- One replica server (real HTTP, uvicorn in a thread) for the whole session, reset before
  each test that uses it through its test-only door.
- One headless Chromium for the whole session; a new browser context per test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest

from ens_auto.browser import launch_args
from tests.support.keyrings import MemoryKeyring

#: The product's own launch flags (``--no-sandbox`` added when running as root).
CHROMIUM_ARGS = launch_args()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """Own folders for each test, no stray ENS_AUTO_* from the machine, memory keyring."""
    for key in list(os.environ):
        if key.startswith("ENS_AUTO_"):
            monkeypatch.delenv(key)
    dirs = {
        "data": tmp_path / "data",
        "config": tmp_path / "config",
        "download": tmp_path / "documents" / "ens-auto",
    }
    monkeypatch.setenv("ENS_AUTO_DATA_DIR", str(dirs["data"]))
    monkeypatch.setenv("ENS_AUTO_CONFIG_DIR", str(dirs["config"]))
    monkeypatch.setenv("ENS_AUTO_DOWNLOAD_DIR", str(dirs["download"]))
    monkeypatch.setenv("ENS_AUTO_HEADLESS", "true")
    path = chromium_path()
    if path:
        monkeypatch.setenv("ENS_AUTO_BROWSER_PATH", path)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    from ens_auto.config import reset_settings

    reset_settings()
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield dirs
    keyring.set_keyring(previous)
    reset_settings()


@pytest.fixture(scope="session")
def replica_server() -> Iterator[object]:
    from ens_auto.replica.server import ReplicaServer

    server = ReplicaServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def replica(replica_server: object) -> object:
    """The session's replica, reset (state and faults) before the test, default skin."""
    replica_server.control.reset()  # type: ignore[attr-defined]
    return replica_server


@pytest.fixture
def replica_skin(replica_server: object) -> Iterator[Callable[[str], object]]:
    """``replica_skin(name)``: the session's replica, reset, showing skin ``name``. The
    default skin is back after the test."""

    def _switch(name: str) -> object:
        replica_server.control.reset(skin=name)  # type: ignore[attr-defined]
        return replica_server

    yield _switch
    replica_server.control.reset()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    """The runner's own process-wide Playwright driver: two sync drivers cannot share a
    thread, and in-process CLI tests start runs that use this one."""
    from ens_auto.flow.run import PLAYWRIGHT

    yield PLAYWRIGHT.get()
    PLAYWRIGHT.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: object) -> Iterator[object]:
    path = chromium_path()
    if path is None:
        pytest.fail("Chromium is required for end-to-end tests (apt-get install chromium).")
    b = playwright_instance.chromium.launch(  # type: ignore[attr-defined]
        executable_path=path, headless=True, args=CHROMIUM_ARGS
    )
    yield b
    b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()
