"""Find and launch a browser: the person's own Chrome, Chromium or Edge first.

Order of preference:

1. ``ENS_AUTO_BROWSER_PATH`` (must exist);
2. ``ENS_AUTO_BROWSER_CHANNEL`` (``chrome``, ``msedge``, ``chromium``... as Playwright
   knows them);
3. a Chrome / Chromium / Edge installed at the usual places of the system;
4. the Chromium that ``playwright install chromium`` downloaded, if any.

Nothing here launches anything while searching: the search only looks at files, so that
``ens-auto doctor`` stays fast and safe.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ens_auto.config import CHROMIUM_ARGS, Settings
from ens_auto.errors import EnsAutoError, InputError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

#: Channels Playwright accepts for its Chromium engine.
CHANNELS = (
    "chromium",
    "chrome",
    "chrome-beta",
    "chrome-dev",
    "chrome-canary",
    "msedge",
    "msedge-beta",
    "msedge-dev",
    "msedge-canary",
)

HOW_TO_GET_ONE = (
    "Installez Google Chrome, Chromium ou Microsoft Edge ; ou bien lancez "
    "« playwright install chromium » ; ou indiquez le chemin du navigateur dans la "
    "variable ENS_AUTO_BROWSER_PATH."
)


@dataclass(frozen=True)
class BrowserChoice:
    """Which browser to launch, and a French sentence saying how it was found."""

    executable_path: str | None
    channel: str | None
    how: str


def _platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def system_candidates(platform: str | None = None) -> list[tuple[str, str]]:
    """``(name, path)`` of browsers installed where each system usually puts them."""
    platform = platform or _platform()
    found: list[tuple[str, str]] = []
    if platform == "linux":
        commands = [
            ("Google Chrome", "google-chrome"),
            ("Google Chrome", "google-chrome-stable"),
            ("Chromium", "chromium"),
            ("Chromium", "chromium-browser"),
            ("Microsoft Edge", "microsoft-edge"),
            ("Microsoft Edge", "microsoft-edge-stable"),
        ]
        for name, command in commands:
            path = shutil.which(command)
            if path:
                found.append((name, path))
        fixed = [
            ("Google Chrome", "/opt/google/chrome/chrome"),
            ("Chromium", "/usr/bin/chromium"),
            ("Chromium", "/usr/bin/chromium-browser"),
            ("Chromium", "/snap/bin/chromium"),
            ("Microsoft Edge", "/opt/microsoft/msedge/msedge"),
        ]
    elif platform == "macos":
        fixed = []
        for root in ("/Applications", str(Path.home() / "Applications")):
            fixed += [
                ("Google Chrome", f"{root}/Google Chrome.app/Contents/MacOS/Google Chrome"),
                ("Chromium", f"{root}/Chromium.app/Contents/MacOS/Chromium"),
                ("Microsoft Edge", f"{root}/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
            ]
    else:
        roots = [
            os.environ.get(var)
            for var in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
            if os.environ.get(var)
        ] or ["C:\\Program Files", "C:\\Program Files (x86)"]
        fixed = []
        for root in roots:
            fixed += [
                ("Google Chrome", f"{root}\\Google\\Chrome\\Application\\chrome.exe"),
                ("Microsoft Edge", f"{root}\\Microsoft\\Edge\\Application\\msedge.exe"),
                ("Chromium", f"{root}\\Chromium\\Application\\chrome.exe"),
            ]
    for name, path in fixed:
        if _is_executable(Path(path)):
            found.append((name, path))
    return found


def _is_executable(path: Path) -> bool:
    return path.is_file() and (os.name == "nt" or os.access(path, os.X_OK))


# --- Playwright's own browsers, found on disk without starting Playwright -----------------


def playwright_registry_dir() -> Path | None:
    """Where ``playwright install`` puts browsers (same rules as Playwright's registry)."""
    env = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if env == "0":
        package = _playwright_package_dir()
        return package / ".local-browsers" if package else None
    if env:
        return Path(env).expanduser().absolute()
    platform = _platform()
    if platform == "linux":
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    elif platform == "macos":
        cache = str(Path.home() / "Library" / "Caches")
    else:
        cache = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    return Path(cache) / "ms-playwright"


def _playwright_package_dir() -> Path | None:
    """The driver package folder of the installed Playwright (holds ``browsers.json``)."""
    try:
        from playwright._impl._driver import compute_driver_executable

        _node, cli = compute_driver_executable()
    except Exception:
        return None
    return Path(cli).parent


def _playwright_chromium_revision() -> str | None:
    package = _playwright_package_dir()
    if package is None:
        return None
    try:
        data = json.loads((package / "browsers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for entry in data.get("browsers", []):
        if entry.get("name") == "chromium":
            return str(entry.get("revision"))
    return None


_PLAYWRIGHT_EXECUTABLES = {
    "linux": [("chrome-linux64", "chrome"), ("chrome-linux", "chrome")],
    "macos": [
        (
            "chrome-mac-arm64",
            "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
        ),
        (
            "chrome-mac-x64",
            "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
        ),
        ("chrome-mac", "Chromium.app/Contents/MacOS/Chromium"),
    ],
    "windows": [("chrome-win64", "chrome.exe"), ("chrome-win", "chrome.exe")],
}


def playwright_chromium() -> str | None:
    """Path of a Chromium installed by ``playwright install chromium``, if any (the
    revision this Playwright expects first, then any other)."""
    registry = playwright_registry_dir()
    if registry is None or not registry.is_dir():
        return None
    revision = _playwright_chromium_revision()
    folders = sorted(registry.glob("chromium-*"), reverse=True)
    if revision:
        folders.sort(key=lambda p: p.name != f"chromium-{revision}")
    for folder in folders:
        for sub, exe in _PLAYWRIGHT_EXECUTABLES[_platform()]:
            candidate = folder / sub / exe
            if _is_executable(candidate):
                return str(candidate)
    return None


# --- the choice -----------------------------------------------------------------------------


def find_browser(settings: Settings) -> BrowserChoice:
    """Decide which browser to use; raises a French error when there is none."""
    if settings.browser_path is not None:
        path = Path(settings.browser_path).expanduser()
        if not _is_executable(path):
            raise InputError(
                f"Le navigateur indiqué par ENS_AUTO_BROWSER_PATH est introuvable "
                f"ou n'est pas un programme : {path}",
                hint="Corrigez le chemin, ou retirez la variable pour laisser ens-auto "
                "chercher un navigateur installé.",
            )
        return BrowserChoice(str(path), None, "chemin indiqué par ENS_AUTO_BROWSER_PATH")
    if settings.browser_channel:
        channel = settings.browser_channel.strip().lower()
        if channel not in CHANNELS:
            raise InputError(
                f"Canal de navigateur inconnu dans ENS_AUTO_BROWSER_CHANNEL : « {channel} ».",
                hint="Valeurs possibles : " + ", ".join(CHANNELS) + ".",
            )
        return BrowserChoice(
            None, channel, f"canal « {channel} » indiqué par ENS_AUTO_BROWSER_CHANNEL"
        )
    candidates = system_candidates()
    if candidates:
        name, path = candidates[0]
        return BrowserChoice(path, None, f"{name} installé ({path})")
    bundled = playwright_chromium()
    if bundled:
        return BrowserChoice(bundled, None, f"navigateur fourni par Playwright ({bundled})")
    raise EnsAutoError(
        "Aucun navigateur Chrome, Chromium ou Edge n'a été trouvé sur cet ordinateur.",
        hint=HOW_TO_GET_ONE,
    )


def browser_version(choice: BrowserChoice, *, timeout: float = 5.0) -> str | None:
    """The browser's own ``--version`` line, or None (unknown, slow, or a channel)."""
    if not choice.executable_path or os.name == "nt":  # chrome.exe --version prints nothing
        return None
    try:
        done = subprocess.run(
            [choice.executable_path, "--version"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    line = (done.stdout or "").strip().splitlines()
    return line[0].strip() if done.returncode == 0 and line else None


def launch_args() -> list[str]:
    """Chromium flags: quiet on a closed network; ``--no-sandbox`` only for root on Linux
    (Chromium refuses to start as root with its sandbox)."""
    args = list(CHROMIUM_ARGS)
    if _platform() == "linux" and hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")
    return args


def launch(
    playwright: Playwright, choice: BrowserChoice, *, headless: bool, slow_mo: float = 0
) -> Browser:
    """Launch the chosen browser with Playwright's sync API."""
    from playwright.sync_api import Error as PlaywrightError

    options: dict[str, object] = {"headless": headless, "args": launch_args()}
    if slow_mo:
        options["slow_mo"] = slow_mo
    if choice.executable_path:
        options["executable_path"] = choice.executable_path
    elif choice.channel:
        options["channel"] = choice.channel
    try:
        return playwright.chromium.launch(**options)  # type: ignore[arg-type]
    except PlaywrightError as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0][:300]
        raise EnsAutoError(
            f"Le navigateur n'a pas pu démarrer ({choice.how}).",
            hint=f"Détail technique : {first_line}\n{HOW_TO_GET_ONE}\n"
            "Lancez « ens-auto doctor » pour vérifier votre installation.",
        ) from None
