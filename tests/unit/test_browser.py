"""Browser discovery: the person's own browser first, clear French errors otherwise."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ens_auto import browser
from ens_auto.browser import (
    BrowserChoice,
    browser_version,
    find_browser,
    launch,
    launch_args,
    playwright_chromium,
)
from ens_auto.config import Settings
from ens_auto.errors import EnsAutoError, InputError
from tests.conftest import chromium_path


def fake_executable(path: Path, version: str = "Chromium 999.0") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho '{version}'\n")
    path.chmod(0o755)
    return path


def settings(**values: object) -> Settings:
    base: dict[str, object] = {"browser_path": None, "browser_channel": None}
    return Settings(**{**base, **values})  # type: ignore[arg-type]


def test_explicit_path_wins(tmp_path: Path) -> None:
    exe = fake_executable(tmp_path / "my-chrome")
    choice = find_browser(settings(browser_path=exe, browser_channel="msedge"))
    assert choice == BrowserChoice(str(exe), None, "chemin indiqué par ENS_AUTO_BROWSER_PATH")


def test_explicit_path_that_does_not_exist_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        find_browser(settings(browser_path=tmp_path / "nope" / "chrome"))
    assert "ENS_AUTO_BROWSER_PATH" in caught.value.message
    assert caught.value.exit_code == 2


def test_explicit_channel(tmp_path: Path) -> None:
    choice = find_browser(settings(browser_channel="MSEdge"))
    assert (choice.executable_path, choice.channel) == (None, "msedge")
    assert "ENS_AUTO_BROWSER_CHANNEL" in choice.how
    with pytest.raises(InputError, match="Canal de navigateur inconnu"):
        find_browser(settings(browser_channel="firefox"))


def test_installed_browser_is_found_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if browser._platform() != "linux":
        pytest.skip("Linux layout")
    exe = fake_executable(tmp_path / "bin" / "google-chrome")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    choice = find_browser(settings())
    assert choice.executable_path == str(exe)
    assert choice.channel is None
    assert choice.how == f"Google Chrome installé ({exe})"


def test_system_chromium_is_found_here() -> None:
    """This machine has Chromium (and no Chrome): the default search must find it."""
    expected = chromium_path()
    if expected is None or shutil.which("google-chrome") or shutil.which("google-chrome-stable"):
        pytest.skip("needs Chromium and no Google Chrome")
    choice = find_browser(settings())
    assert choice.executable_path is not None
    assert Path(choice.executable_path).resolve() == Path(expected).resolve()
    assert choice.how == f"Chromium installé ({choice.executable_path})"


def test_playwright_browser_is_used_when_nothing_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if browser._platform() != "linux":
        pytest.skip("Linux layout")
    monkeypatch.setattr(browser, "system_candidates", lambda platform=None: [])
    registry = tmp_path / "ms-playwright"
    old = fake_executable(registry / "chromium-1000" / "chrome-linux" / "chrome")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(registry))
    assert playwright_chromium() == str(old)
    revision = browser._playwright_chromium_revision()
    assert revision  # read from Playwright's own browsers.json
    current = fake_executable(registry / f"chromium-{revision}" / "chrome-linux64" / "chrome")
    choice = find_browser(settings())
    assert choice.executable_path == str(current)
    assert choice.how.startswith("navigateur fourni par Playwright")


def test_no_browser_at_all_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser, "system_candidates", lambda platform=None: [])
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "empty"))
    with pytest.raises(EnsAutoError) as caught:
        find_browser(settings())
    assert not isinstance(caught.value, InputError)
    assert "Aucun navigateur" in caught.value.message
    hint = caught.value.hint or ""
    assert "playwright install chromium" in hint
    assert "ENS_AUTO_BROWSER_PATH" in hint
    assert "Google Chrome" in hint


def test_version_is_read_with_a_timeout(tmp_path: Path) -> None:
    exe = fake_executable(tmp_path / "chrome", "Google Chrome 150.1.2.3")
    assert browser_version(BrowserChoice(str(exe), None, "x")) == "Google Chrome 150.1.2.3"
    assert browser_version(BrowserChoice(None, "chrome", "x")) is None
    slow = tmp_path / "slow"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    assert browser_version(BrowserChoice(str(slow), None, "x"), timeout=0.2) is None


def test_launch_args_add_no_sandbox_only_for_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "_platform", lambda: "linux")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert launch_args()[0] == "--no-sandbox"
    assert "--disable-gpu" in launch_args()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--no-sandbox" not in launch_args()
    monkeypatch.setattr(browser, "_platform", lambda: "macos")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--no-sandbox" not in launch_args()


def test_launch_opens_a_real_page(playwright_instance: object) -> None:
    choice = find_browser(Settings())  # ENS_AUTO_BROWSER_PATH from the test environment
    b = launch(playwright_instance, choice, headless=True)  # type: ignore[arg-type]
    try:
        page = b.new_page()
        page.set_content("<h1>Mon espace santé</h1>")
        assert page.locator("h1").inner_text() == "Mon espace santé"
    finally:
        b.close()


def test_launch_failure_is_a_french_error(tmp_path: Path, playwright_instance: object) -> None:
    not_a_browser = tmp_path / "fake-chrome"
    not_a_browser.write_text("#!/bin/sh\nexit 3\n")
    not_a_browser.chmod(0o755)
    choice = BrowserChoice(str(not_a_browser), None, "chemin indiqué par ENS_AUTO_BROWSER_PATH")
    with pytest.raises(EnsAutoError, match="n'a pas pu démarrer") as caught:
        launch(playwright_instance, choice, headless=True)  # type: ignore[arg-type]
    assert "ens-auto doctor" in (caught.value.hint or "")
